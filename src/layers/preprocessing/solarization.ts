/**
 * `keras.layers.Solarization({ additionFactor = 0, thresholdFactor = 0, valueRange = [0, 255], seed })`:
 * in training, works on the images mapped to [0, 255]: adds a per-image
 * amount drawn from [a0, a1 * 255], clips to [0, 255], and inverts
 * (255 - x) every value at or above a per-image threshold drawn from
 * [t0, t1 * 255] (Keras scales only the upper bounds by 255); then maps back
 * to `value_range`. With the defaults every pixel is inverted. Factors are
 * numbers in [0, 1] (f meaning [0, f]) or pairs of them.
 */
import type { Tensor } from "../../engine/tensor.js";
import { add, subtract } from "../../ops/math/arithmetic.js";
import { less } from "../../ops/math/comparison.js";
import { clip, where } from "../../ops/math/select.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { layerOptionsFromConfig } from "../layer.js";
import { BaseImagePreprocessingLayer, BaseImagePreprocessingOptions, Range } from "./base-image-preprocessing.js";

export interface SolarizationOptions extends BaseImagePreprocessingOptions {
  additionFactor?: number | readonly number[];
  thresholdFactor?: number | readonly number[];
  valueRange?: readonly number[];
  seed?: number | null;
}

const FACTOR_ERROR = "The `addition_factor` and `threshold_factor` arguments should be a number (or a list of two numbers) in the range [0, 1]. ";

interface SolarizationDraws {
  additions: Tensor;
  thresholds: Tensor;
}

export class Solarization extends BaseImagePreprocessingLayer<SolarizationDraws> {
  declare additionFactor: Range;
  declare thresholdFactor: Range;
  declare valueRange: Range;

  constructor(options: SolarizationOptions = {}) {
    const { additionFactor = 0.0, thresholdFactor = 0.0, valueRange = [0, 255], seed = null, ...base } = options;
    super(base);
    this.useSeed(seed);
    this.additionFactor = this.parseUnitFactor(additionFactor, "addition_factor");
    this.thresholdFactor = this.parseUnitFactor(thresholdFactor, "threshold_factor");
    this.valueRange = this.parseValueRange(valueRange);
  }

  /** Keras's Solarization `_set_factor`: values in [0, 1]; a number f means [0, f]. */
  private parseUnitFactor(factor: unknown, name: string): Range {
    if (typeof factor === "number") {
      this.parseSymmetricFactor(factor, name, FACTOR_ERROR, [0, 1]);
      return [0, factor];
    }
    return this.parseSymmetricFactor(factor, name, FACTOR_ERROR, [0, 1]);
  }

  getRandomTransformation(images: Tensor, training: boolean): SolarizationDraws | null {
    if (!training) return null;
    const shape = [images.shape[0], 1, 1, 1];
    return {
      additions: this.uniformDraw(shape, [this.additionFactor[0], this.additionFactor[1] * 255], this.computeDtype),
      thresholds: this.uniformDraw(shape, [this.thresholdFactor[0], this.thresholdFactor[1] * 255], this.computeDtype),
    };
  }

  transformImages(images: Tensor, draws: SolarizationDraws | null): Tensor {
    const x = this.toComputeDtype(images);
    if (draws === null) return x;
    const bytes = this.transformValueRange(x, this.valueRange, [0, 255], this.computeDtype);
    const shifted = clip(add(bytes, draws.additions), 0, 255);
    const solarized = where(less(shifted, draws.thresholds), shifted, subtract(255, shifted));
    return this.transformValueRange(solarized, [0, 255], this.valueRange, this.computeDtype);
  }

  override getConfig(): Record<string, any> {
    return {
      ...super.getConfig(),
      value_range: [...this.valueRange],
      addition_factor: [...this.additionFactor],
      threshold_factor: [...this.thresholdFactor],
      seed: this.seed,
    };
  }

  static override fromConfig(config: Record<string, any>): Solarization {
    return new Solarization(layerOptionsFromConfig(config));
  }
}

registerBuiltin("keras.layers", "Solarization", Solarization);
