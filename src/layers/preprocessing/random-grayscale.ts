/**
 * `keras.layers.RandomGrayscale(factor = 0.5, { dataFormat, seed })`: in
 * training, turns each RGB image grey with probability `factor` (every
 * channel set to its luma, ops.image.rgbToGrayscale), keeping 3 channels.
 * Keras's config holds only `factor`.
 */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import { less } from "../../ops/math/comparison.js";
import { where } from "../../ops/math/select.js";
import { rgbToGrayscale } from "../../ops/image/color.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { layerOptionsFromConfig } from "../layer.js";
import { pyRepr } from "../py-format.js";
import { BaseImagePreprocessingLayer, BaseImagePreprocessingOptions, factorAndOptions } from "./base-image-preprocessing.js";

export interface RandomGrayscaleOptions extends BaseImagePreprocessingOptions {
  /** Keras's `factor`, also accepted in the options object. */
  factor?: number;
  seed?: number | null;
}

export class RandomGrayscale extends BaseImagePreprocessingLayer<Tensor> {
  declare factor: number;

  constructor(factor: number | RandomGrayscaleOptions = 0.5, options: RandomGrayscaleOptions = {}) {
    const [chosenFactor, rest] = factorAndOptions(factor, options, 0.5);
    const { seed = null, ...base } = rest;
    super(base);
    if (typeof chosenFactor !== "number" || !(chosenFactor >= 0 && chosenFactor <= 1)) {
      throw new ValueError(`RandomGrayscale: \`factor\` should be between 0 and 1. Received: factor=${pyRepr(chosenFactor)}`);
    }
    this.factor = chosenFactor;
    this.useSeed(seed);
  }

  getRandomTransformation(images: Tensor, training: boolean): Tensor | null {
    if (!training) return null;
    return less(this.uniformDraw([images.shape[0], 1, 1, 1], [0, 1]), this.factor);
  }

  transformImages(images: Tensor, apply: Tensor | null, training: boolean): Tensor {
    const x = this.toComputeDtype(images);
    if (!training || apply === null) return x;
    return where(apply, rgbToGrayscale(x, { dataFormat: this.dataFormat }), x);
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), factor: this.factor };
  }

  static override fromConfig(config: Record<string, any>): RandomGrayscale {
    return new RandomGrayscale(layerOptionsFromConfig(config));
  }
}

registerBuiltin("keras.layers", "RandomGrayscale", RandomGrayscale);
