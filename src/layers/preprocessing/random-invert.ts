/**
 * `keras.layers.RandomInvert(factor = 1.0, { valueRange = [0, 255], seed, dataFormat })`:
 * in training, each image is inverted (x -> value_range[1] - x) when a
 * uniform draw falls below its own probability, itself drawn from the factor
 * range ([0, f] for a number f).
 */
import type { Tensor } from "../../engine/tensor.js";
import { subtract } from "../../ops/math/arithmetic.js";
import { less } from "../../ops/math/comparison.js";
import { where } from "../../ops/math/select.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { layerOptionsFromConfig } from "../layer.js";
import { BaseImagePreprocessingLayer, BaseImagePreprocessingOptions, Range } from "./base-image-preprocessing.js";

export interface RandomInvertOptions extends BaseImagePreprocessingOptions {
  /** Keras's `factor`, also accepted in the options object. */
  factor?: number | readonly number[];
  valueRange?: readonly number[];
  seed?: number | null;
}

export class RandomInvert extends BaseImagePreprocessingLayer<Tensor> {
  declare factor: Range;
  declare valueRange: readonly number[];

  constructor(factor: number | readonly number[] | RandomInvertOptions = 1.0, options: RandomInvertOptions = {}) {
    if (typeof factor === "object" && !Array.isArray(factor)) {
      options = factor as RandomInvertOptions;
      factor = options.factor ?? 1.0;
    }
    const { valueRange = [0, 255], seed = null, factor: _f, ...base } = options;
    super(base);
    this.factor = this.parseFactor(factor, [0, 1]);
    this.parseValueRange(valueRange);
    this.valueRange = valueRange;
    this.useSeed(seed);
  }

  getRandomTransformation(images: Tensor, training: boolean): Tensor | null {
    if (!training) return null;
    const shape = [images.shape[0], 1, 1, 1];
    const probability = this.uniformDraw(shape, this.factor);
    return less(this.uniformDraw(shape, [0, 1]), probability);
  }

  transformImages(images: Tensor, invert: Tensor | null, training: boolean): Tensor {
    const x = this.toComputeDtype(images);
    if (!training || invert === null) return x;
    return where(invert, subtract(this.valueRange[1], x), x);
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), factor: [...this.factor], value_range: [...this.valueRange], seed: this.seed };
  }

  static override fromConfig(config: Record<string, any>): RandomInvert {
    return new RandomInvert(layerOptionsFromConfig(config));
  }
}

registerBuiltin("keras.layers", "RandomInvert", RandomInvert);
