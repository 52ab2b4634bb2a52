/**
 * `keras.layers.RandomBrightness(factor, { valueRange = [0, 255], seed, dataFormat })`:
 * in training, adds to each image one delta drawn from [lower, upper] times
 * the width of `value_range` (factor -1 makes an image black, 1 white), then
 * clips to `value_range`.
 */
import type { Tensor } from "../../engine/tensor.js";
import { add, multiply } from "../../ops/math/arithmetic.js";
import { clip } from "../../ops/math/select.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { BaseColorAugmentation, ColorAugmentationOptions } from "./base-color-augmentation.js";

export type RandomBrightnessOptions = ColorAugmentationOptions;

export class RandomBrightness extends BaseColorAugmentation {
  getRandomTransformation(images: Tensor, training: boolean): Tensor | null {
    if (!training) return null;
    const delta = this.uniformDraw([images.shape[0], 1, 1, 1], this.factor);
    return multiply(delta, this.valueRange[1] - this.valueRange[0]);
  }

  transformImages(images: Tensor, delta: Tensor | null, training: boolean): Tensor {
    const x = this.toComputeDtype(images);
    if (!training || delta === null) return x;
    return clip(add(x, this.toComputeDtype(delta)), this.valueRange[0], this.valueRange[1]);
  }
}

registerBuiltin("keras.layers", "RandomBrightness", RandomBrightness);
