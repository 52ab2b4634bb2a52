/**
 * `keras.layers.RandomPosterization(factor, { valueRange = [0, 255], dataFormat, seed })`:
 * in training, keeps only the top b bits of each 8-bit channel value, b drawn
 * per image as an integer in [lower, upper) (Keras's randint; exactly `lower`
 * when both bounds agree). A number f in [1, 8] gives [1, f]. Images are
 * mapped to [0, 255], truncated to integers as Keras's uint8 cast does
 * (values are clipped to [0, 255] first rather than wrapped), posterized and
 * mapped back.
 */
import type { Tensor } from "../../engine/tensor.js";
import { full } from "../../ops/core/creation.js";
import { divide, multiply, power, subtract } from "../../ops/math/arithmetic.js";
import { clip } from "../../ops/math/select.js";
import { floor } from "../../ops/math/unary.js";
import { cast } from "../../ops/core/cast.js";
import { reshape } from "../../ops/shape/reshape.js";
import { randint } from "../../random/index.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { BaseColorAugmentation, ColorAugmentationOptions } from "./base-color-augmentation.js";
import type { Range } from "./base-image-preprocessing.js";

export type RandomPosterizationOptions = ColorAugmentationOptions;

const MAX_BITS = 8;

export class RandomPosterization extends BaseColorAugmentation {
  static override factorBounds: Range = [1, MAX_BITS];

  /** How many low bits each image drops (8 - kept bits). */
  getRandomTransformation(images: Tensor, training: boolean): Tensor | null {
    if (!training) return null;
    const batch = images.shape[0];
    const [low, high] = this.factor;
    const bits = low !== high
      ? randint([batch], Math.trunc(low), Math.trunc(high), { dtype: "int32", seed: this.drawsFrom ?? this.generator })
      : full([batch], Math.trunc(low), "int32");
    return subtract(MAX_BITS, bits);
  }

  transformImages(images: Tensor, shift: Tensor | null, training: boolean): Tensor {
    const x = this.toComputeDtype(images);
    if (!training || shift === null) return x;
    const bytes = floor(clip(this.transformValueRange(x, this.valueRange, [0, 255], this.computeDtype), 0, 255));
    const step = reshape(cast(power(2, shift), this.computeDtype), [-1, 1, 1, 1]);
    const posterized = multiply(floor(divide(bytes, step)), step);
    return this.transformValueRange(posterized, [0, 255], this.valueRange, this.computeDtype);
  }
}

registerBuiltin("keras.layers", "RandomPosterization", RandomPosterization);
