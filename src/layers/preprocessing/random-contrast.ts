/**
 * `keras.layers.RandomContrast(factor, { valueRange = [0, 255], seed, dataFormat })`:
 * in training, each image gets a contrast factor c drawn from
 * [1 - lower, 1 + upper] and every channel becomes (x - mean) * c + mean
 * (mean over the channel's pixels), clipped to `value_range`. As Keras's
 * factor bounds are [0, 1], a number f gives the range [0, f], so c lies in
 * [1, 1 + f]; pass [f, f] to also lower the contrast.
 */
import type { Tensor } from "../../engine/tensor.js";
import { add, multiply, subtract } from "../../ops/math/arithmetic.js";
import { clip } from "../../ops/math/select.js";
import { mean } from "../../ops/reduction/sum.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { BaseColorAugmentation, ColorAugmentationOptions } from "./base-color-augmentation.js";
import type { Range } from "./base-image-preprocessing.js";

export type RandomContrastOptions = ColorAugmentationOptions;

export class RandomContrast extends BaseColorAugmentation {
  static override factorBounds: Range = [0, 1];
  static override sortsValueRange = false;

  getRandomTransformation(images: Tensor, training: boolean): Tensor | null {
    if (!training) return null;
    return this.uniformDraw([images.shape[0], 1, 1, 1], [1 - this.factor[0], 1 + this.factor[1]], this.computeDtype);
  }

  transformImages(images: Tensor, contrast: Tensor | null, training: boolean): Tensor {
    const x = this.toComputeDtype(images);
    if (!training || contrast === null) return x;
    const { heightAxis, widthAxis } = this.imageBatchInfo(x);
    const channelMean = mean(x, [heightAxis, widthAxis], true);
    const adjusted = add(multiply(subtract(x, channelMean), contrast), channelMean);
    return clip(adjusted, ...this.valueBounds);
  }
}

registerBuiltin("keras.layers", "RandomContrast", RandomContrast);
