/**
 * `keras.layers.RandomSaturation(factor, { valueRange = [0, 255], dataFormat, seed })`:
 * in training, each RGB image's saturation is multiplied by f / (1 - f + eps)
 * with f drawn from the factor range (0.5 leaves it unchanged, 0 makes the
 * image grey, 1 saturates it), then clipped to `value_range`. Keras keeps
 * the base factor bounds [-1, 1], so a number f means [-f, f].
 */
import type { Tensor } from "../../engine/tensor.js";
import { epsilon } from "../../config/settings.js";
import { add, divide, multiply, subtract } from "../../ops/math/arithmetic.js";
import { clip } from "../../ops/math/select.js";
import { reshape } from "../../ops/shape/reshape.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { BaseColorAugmentation, ColorAugmentationOptions } from "./base-color-augmentation.js";
import { adjustHsvPlane, SATURATION } from "./hsv-channel.js";

export type RandomSaturationOptions = ColorAugmentationOptions;

export class RandomSaturation extends BaseColorAugmentation {
  getRandomTransformation(images: Tensor, training: boolean): Tensor | null {
    if (!training) return null;
    const f = this.uniformDraw([images.shape[0]], this.factor);
    return divide(f, add(subtract(1, f), epsilon()));
  }

  transformImages(images: Tensor, scale: Tensor | null, training: boolean): Tensor {
    const x = this.toComputeDtype(images);
    if (!training || scale === null) return x;
    const perImage = reshape(this.toComputeDtype(scale), [-1, 1, 1]);
    return adjustHsvPlane(x, this.dataFormat, SATURATION, (s) => clip(multiply(s, perImage), this.valueRange[0], this.valueRange[1]));
  }
}

registerBuiltin("keras.layers", "RandomSaturation", RandomSaturation);
