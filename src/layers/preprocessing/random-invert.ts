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
import { BaseColorAugmentation, ColorAugmentationOptions, Factor } from "./base-color-augmentation.js";
import { factorAndOptions, Range } from "./base-image-preprocessing.js";

export interface RandomInvertOptions extends ColorAugmentationOptions {
  factor?: Factor;
}

export class RandomInvert extends BaseColorAugmentation {
  static override factorBounds: Range = [0, 1];
  static override sortsValueRange = false;

  constructor(factor: Factor | RandomInvertOptions = 1.0, options: RandomInvertOptions = {}) {
    super(...factorAndOptions(factor, options, 1.0 as Factor));
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
}

registerBuiltin("keras.layers", "RandomInvert", RandomInvert);
