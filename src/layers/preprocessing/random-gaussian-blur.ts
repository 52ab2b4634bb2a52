/**
 * `keras.layers.RandomGaussianBlur(factor = 1.0, { kernelSize = 3, sigma = 1.0,
 * valueRange = [0, 255], dataFormat, seed })`: in training, blurs each image
 * with a probability drawn from the factor range ([0, f] for a number f),
 * using ops.image.gaussianBlur with one (sigma_x, sigma_y) pair per call drawn
 * from the sigma range (bounds [0, 1], a number s meaning [0, s]), then clips
 * to `value_range`. `kernelSize` must be odd.
 */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import { add } from "../../ops/math/arithmetic.js";
import { less } from "../../ops/math/comparison.js";
import { clip, where } from "../../ops/math/select.js";
import { reshape } from "../../ops/shape/reshape.js";
import { gaussianBlur } from "../../ops/image/gaussian-blur.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { layerOptionsFromConfig } from "../layer.js";
import { pyRepr } from "../py-format.js";
import { BaseImagePreprocessingLayer, BaseImagePreprocessingOptions, Range, factorAndOptions } from "./base-image-preprocessing.js";

export interface RandomGaussianBlurOptions extends BaseImagePreprocessingOptions {
  /** Keras's `factor`, also accepted in the options object. */
  factor?: number | readonly number[];
  kernelSize?: number | readonly number[];
  sigma?: number | readonly number[];
  valueRange?: readonly number[];
  seed?: number | null;
}

interface Blur {
  apply: Tensor;
  sigma: Tensor;
}

export class RandomGaussianBlur extends BaseImagePreprocessingLayer<Blur> {
  declare factor: Range;
  declare kernelSize: [number, number];
  declare sigma: Range;
  declare valueRange: readonly number[];

  constructor(factor: number | readonly number[] | RandomGaussianBlurOptions = 1.0, options: RandomGaussianBlurOptions = {}) {
    const [chosenFactor, rest] = factorAndOptions(factor, options, 1.0 as number | readonly number[]);
    const { kernelSize = 3, sigma = 1.0, valueRange = [0, 255], seed = null, ...base } = rest;
    super(base);
    this.factor = this.parseFactor(chosenFactor, [0, 1]);
    this.kernelSize = parseKernelSize(kernelSize);
    this.sigma = this.parseFactor(sigma, [0, 1], "sigma");
    this.parseValueRange(valueRange);
    this.valueRange = valueRange;
    this.useSeed(seed);
  }

  getRandomTransformation(images: Tensor, training: boolean): Blur | null {
    if (!training) return null;
    const batch = images.shape[0];
    const probability = this.uniformDraw([batch], this.factor);
    const apply = reshape(less(this.uniformDraw([batch], [0, 1]), probability), [-1, 1, 1, 1]);
    const sigma = add(this.uniformDraw([2], this.sigma, this.computeDtype), 1e-6);
    return { apply, sigma };
  }

  transformImages(images: Tensor, blur: Blur | null, training: boolean): Tensor {
    const x = this.toComputeDtype(images);
    if (!training || blur === null) return x;
    const blurred = gaussianBlur(x, { kernelSize: this.kernelSize, sigma: blur.sigma, dataFormat: this.dataFormat });
    return clip(where(blur.apply, blurred, x), Math.min(...this.valueRange), Math.max(...this.valueRange));
  }

  override getConfig(): Record<string, any> {
    return {
      ...super.getConfig(),
      factor: [...this.factor],
      kernel_size: [...this.kernelSize],
      sigma: [...this.sigma],
      value_range: [...this.valueRange],
      seed: this.seed,
    };
  }

  static override fromConfig(config: Record<string, any>): RandomGaussianBlur {
    return new RandomGaussianBlur(layerOptionsFromConfig(config));
  }
}

/** Keras's `_set_kernel_size`: an odd number k (giving [k, k]) or a pair of odd numbers. */
function parseKernelSize(value: unknown): [number, number] {
  const pair = typeof value === "number" ? [value, value] : value;
  if (!Array.isArray(pair) || pair.length !== 2) {
    throw new ValueError(`RandomGaussianBlur: The \`kernel_size\` argument should be a number (or a list of two numbers) Received: kernel_size=${pyRepr(value)}`);
  }
  if (!pair.every((k) => Number.isInteger(k) && k > 0 && k % 2 === 1)) {
    throw new ValueError(`RandomGaussianBlur: kernel_size must be an odd number. Received: kernel_size=${pyRepr(value)}`);
  }
  return [pair[0], pair[1]];
}

registerBuiltin("keras.layers", "RandomGaussianBlur", RandomGaussianBlur);
