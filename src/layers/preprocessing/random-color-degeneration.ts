/**
 * `keras.layers.RandomColorDegeneration(factor, { valueRange = [0, 255], dataFormat, seed })`:
 * in training, moves each RGB image towards its greyscale version by f drawn
 * from the factor range (0: unchanged, 1: grey), clipped to `value_range`.
 * Keras keeps the base factor bounds [-1, 1], so a number f means [-f, f].
 */
import type { Tensor } from "../../engine/tensor.js";
import { add, multiply, subtract } from "../../ops/math/arithmetic.js";
import { clip } from "../../ops/math/select.js";
import { rgbToGrayscale } from "../../ops/image/color.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { BaseColorAugmentation, ColorAugmentationOptions } from "./base-color-augmentation.js";

export type RandomColorDegenerationOptions = ColorAugmentationOptions;

export class RandomColorDegeneration extends BaseColorAugmentation {
  getRandomTransformation(images: Tensor, training: boolean): Tensor | null {
    if (!training) return null;
    return this.uniformDraw([images.shape[0], 1, 1, 1], this.factor);
  }

  transformImages(images: Tensor, factor: Tensor | null, training: boolean): Tensor {
    const x = this.toComputeDtype(images);
    if (!training || factor === null) return x;
    const gray = rgbToGrayscale(x, { dataFormat: this.dataFormat });
    const out = add(x, multiply(this.toComputeDtype(factor), subtract(gray, x)));
    return clip(out, this.valueRange[0], this.valueRange[1]);
  }
}

registerBuiltin("keras.layers", "RandomColorDegeneration", RandomColorDegeneration);
