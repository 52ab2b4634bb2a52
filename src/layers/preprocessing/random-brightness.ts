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
import { layerOptionsFromConfig } from "../layer.js";
import { BaseImagePreprocessingLayer, BaseImagePreprocessingOptions, Range } from "./base-image-preprocessing.js";

export interface RandomBrightnessOptions extends BaseImagePreprocessingOptions {
  valueRange?: readonly number[];
  seed?: number | null;
}

export class RandomBrightness extends BaseImagePreprocessingLayer<Tensor> {
  declare factor: Range;
  declare valueRange: Range;

  constructor(factor: number | readonly number[], options: RandomBrightnessOptions = {}) {
    const { valueRange = [0, 255], seed = null, ...base } = options;
    super(base);
    this.factor = this.parseFactor(factor);
    this.valueRange = this.parseValueRange(valueRange);
    this.useSeed(seed);
  }

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

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), factor: [...this.factor], value_range: [...this.valueRange], seed: this.seed };
  }

  static override fromConfig(config: Record<string, any>): RandomBrightness {
    const { factor, ...options } = layerOptionsFromConfig(config);
    return new RandomBrightness(factor, options);
  }
}

registerBuiltin("keras.layers", "RandomBrightness", RandomBrightness);
