/**
 * What Keras's factor-and-value-range colour augmentations share
 * (RandomBrightness, RandomContrast, RandomSaturation, RandomHue,
 * RandomSharpness, RandomPosterization, RandomColorDegeneration,
 * RandomInvert): `factor` parsed with the layer's Keras bounds,
 * `value_range`, `seed`, and the config {factor, value_range, seed}.
 */
import type { Tensor } from "../../engine/tensor.js";
import { layerOptionsFromConfig } from "../layer.js";
import { BaseImagePreprocessingLayer, BaseImagePreprocessingOptions, Range } from "./base-image-preprocessing.js";

export interface ColorAugmentationOptions extends BaseImagePreprocessingOptions {
  valueRange?: readonly number[];
  seed?: number | null;
}

export type Factor = number | readonly number[];

export abstract class BaseColorAugmentation<T = Tensor> extends BaseImagePreprocessingLayer<T> {
  /** The layer's Keras `_FACTOR_BOUNDS`. */
  static factorBounds: Range = [-1, 1];
  /** Keras sorts `value_range` for most colour layers and keeps it as given for RandomContrast, RandomHue and RandomInvert. */
  static sortsValueRange = true;

  declare factor: Range;
  declare valueRange: Range;

  constructor(factor: Factor, options: ColorAugmentationOptions = {}) {
    const { valueRange = [0, 255], seed = null, ...base } = options;
    super(base);
    const cls = this.constructor as typeof BaseColorAugmentation;
    this.factor = this.parseFactor(factor, cls.factorBounds);
    const sorted = this.parseValueRange(valueRange);
    this.valueRange = cls.sortsValueRange ? sorted : [valueRange[0], valueRange[1]];
    this.useSeed(seed);
  }

  /** The value range's bounds, low first (the range may be stored as given, high first). */
  get valueBounds(): Range {
    const [a, b] = this.valueRange;
    return a <= b ? [a, b] : [b, a];
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), factor: [...this.factor], value_range: [...this.valueRange], seed: this.seed };
  }

  static override fromConfig<L extends BaseColorAugmentation<any>>(
    this: new (factor: Factor, options: ColorAugmentationOptions) => L,
    config: Record<string, any>,
  ): L {
    const { factor, ...options } = layerOptionsFromConfig(config);
    return new this(factor, options);
  }
}
