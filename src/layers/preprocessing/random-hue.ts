/**
 * `keras.layers.RandomHue(factor, { valueRange = [0, 255], dataFormat, seed })`:
 * in training, rotates each RGB image's hue by +-f / 2 of a turn (f drawn
 * from the factor range, [0, f] for a number f, the sign random), working in
 * [0, 1] and mapping back to `value_range`. (Keras 3.15 also shifts the hue
 * at inference; keras-ts leaves images untouched there, as every other
 * random augmentation does.)
 */
import type { Tensor } from "../../engine/tensor.js";
import { add, multiply, subtract } from "../../ops/math/arithmetic.js";
import { greater, less } from "../../ops/math/comparison.js";
import { clip, where } from "../../ops/math/select.js";
import { reshape } from "../../ops/shape/reshape.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { BaseColorAugmentation, ColorAugmentationOptions } from "./base-color-augmentation.js";
import type { Range } from "./base-image-preprocessing.js";
import { adjustHsvPlane, HUE } from "./hsv-channel.js";

export type RandomHueOptions = ColorAugmentationOptions;

export class RandomHue extends BaseColorAugmentation {
  static override factorBounds: Range = [0, 1];
  static override sortsValueRange = false;

  getRandomTransformation(images: Tensor, training: boolean): Tensor | null {
    if (!training) return null;
    const batch = images.shape[0];
    const sign = where(greater(this.uniformDraw([batch], [0, 1]), 0.5), -1, 1);
    return multiply(multiply(sign, this.uniformDraw([batch], this.factor)), 0.5);
  }

  transformImages(images: Tensor, shift: Tensor | null, training: boolean): Tensor {
    const x = this.toComputeDtype(images);
    if (!training || shift === null) return x;
    const range: Range = [this.valueRange[0], this.valueRange[1]];
    const unit = this.transformValueRange(x, range, [0, 1], this.computeDtype);
    const perImage = reshape(this.toComputeDtype(shift), [-1, 1, 1]);
    const turned = adjustHsvPlane(unit, this.dataFormat, HUE, (h) => {
      const moved = add(h, perImage);
      const below = where(greater(moved, 1), subtract(moved, 1), moved);
      return where(less(below, 0), add(below, 1), below);
    });
    return this.transformValueRange(clip(turned, 0, 1), [0, 1], range, this.computeDtype);
  }
}

registerBuiltin("keras.layers", "RandomHue", RandomHue);
