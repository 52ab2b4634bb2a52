/**
 * `keras.layers.RandomColorJitter({ valueRange = [0, 255], brightnessFactor,
 * contrastFactor, saturationFactor, hueFactor, seed, dataFormat })`: in
 * training, applies RandomBrightness, RandomContrast, RandomSaturation and
 * RandomHue in that order, each only when its factor is given. As in Keras
 * the four are sublayers made with this layer's value range and seed, and
 * their random values are drawn from this layer's seed generator.
 */
import type { Tensor } from "../../engine/tensor.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { layerOptionsFromConfig } from "../layer.js";
import { BaseImagePreprocessingLayer, BaseImagePreprocessingOptions } from "./base-image-preprocessing.js";
import { RandomBrightness } from "./random-brightness.js";
import { RandomContrast } from "./random-contrast.js";
import { RandomHue } from "./random-hue.js";
import { RandomSaturation } from "./random-saturation.js";

type Factor = number | readonly number[] | null;

export interface RandomColorJitterOptions extends BaseImagePreprocessingOptions {
  valueRange?: readonly number[];
  brightnessFactor?: Factor;
  contrastFactor?: Factor;
  saturationFactor?: Factor;
  hueFactor?: Factor;
  seed?: number | null;
}

export class RandomColorJitter extends BaseImagePreprocessingLayer<null> {
  declare valueRange: readonly number[];
  declare brightnessFactor: Factor;
  declare contrastFactor: Factor;
  declare saturationFactor: Factor;
  declare hueFactor: Factor;
  declare randomBrightness: RandomBrightness | null;
  declare randomContrast: RandomContrast | null;
  declare randomSaturation: RandomSaturation | null;
  declare randomHue: RandomHue | null;

  constructor(options: RandomColorJitterOptions = {}) {
    const {
      valueRange = [0, 255], brightnessFactor = null, contrastFactor = null, saturationFactor = null, hueFactor = null,
      seed = null, ...base
    } = options;
    super(base);
    this.valueRange = valueRange;
    this.brightnessFactor = brightnessFactor;
    this.contrastFactor = contrastFactor;
    this.saturationFactor = saturationFactor;
    this.hueFactor = hueFactor;
    this.useSeed(seed);
    // Keras's sublayers take the value range and seed; keras-ts also gives them this layer's dtype policy.
    const shared = { valueRange, seed, dataFormat: this.dataFormat, dtype: base.dtype };
    this.randomBrightness = brightnessFactor === null ? null : new RandomBrightness(brightnessFactor, shared);
    this.randomContrast = contrastFactor === null ? null : new RandomContrast(contrastFactor, shared);
    this.randomSaturation = saturationFactor === null ? null : new RandomSaturation(saturationFactor, shared);
    this.randomHue = hueFactor === null ? null : new RandomHue(hueFactor, shared);
  }

  getRandomTransformation(): null {
    return null;
  }

  transformImages(images: Tensor, _t: null, training: boolean): Tensor {
    let x = this.toComputeDtype(images);
    if (!training) return x;
    for (const layer of [this.randomBrightness, this.randomContrast, this.randomSaturation, this.randomHue]) {
      if (layer === null) continue;
      layer.drawsFrom = this.generator;
      try {
        const step = layer as BaseImagePreprocessingLayer<unknown>;
        x = this.toComputeDtype(step.transformImages(x, step.getRandomTransformation(x, true), true));
      } finally {
        layer.drawsFrom = null;
      }
    }
    return x;
  }

  override getConfig(): Record<string, any> {
    return {
      ...super.getConfig(),
      value_range: [...this.valueRange],
      brightness_factor: this.brightnessFactor,
      contrast_factor: this.contrastFactor,
      saturation_factor: this.saturationFactor,
      hue_factor: this.hueFactor,
      seed: this.seed,
    };
  }

  static override fromConfig(config: Record<string, any>): RandomColorJitter {
    return new RandomColorJitter(layerOptionsFromConfig(config));
  }
}

registerBuiltin("keras.layers", "RandomColorJitter", RandomColorJitter);
