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
import { layerOptionsFromConfig } from "../layer.js";
import { BaseImagePreprocessingLayer, BaseImagePreprocessingOptions, Range } from "./base-image-preprocessing.js";

export interface RandomContrastOptions extends BaseImagePreprocessingOptions {
  valueRange?: readonly number[];
  seed?: number | null;
}

export class RandomContrast extends BaseImagePreprocessingLayer<Tensor> {
  declare factor: Range;
  declare valueRange: readonly number[];

  constructor(factor: number | readonly number[], options: RandomContrastOptions = {}) {
    const { valueRange = [0, 255], seed = null, ...base } = options;
    super(base);
    this.factor = this.parseFactor(factor, [0, 1]);
    this.parseValueRange(valueRange);
    this.valueRange = valueRange;
    this.useSeed(seed);
  }

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
    return clip(adjusted, Math.min(...this.valueRange), Math.max(...this.valueRange));
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), factor: [...this.factor], value_range: [...this.valueRange], seed: this.seed };
  }

  static override fromConfig(config: Record<string, any>): RandomContrast {
    const { factor, ...options } = layerOptionsFromConfig(config);
    return new RandomContrast(factor, options);
  }
}

registerBuiltin("keras.layers", "RandomContrast", RandomContrast);
