/**
 * `keras.layers.RandomErasing(factor = 1.0, { scale = [0.02, 0.33], fillValue = null,
 * valueRange = [0, 255], seed, dataFormat })`: in training, each image is
 * erased with a probability drawn from the factor range ([0, f] for a number
 * f): a box whose sides are sqrt(s) of the image's (s drawn from `scale` per
 * axis) is filled with `fillValue` (a number or one value per channel) or,
 * by default, with normal noise times value_range[1], clipped to `value_range`.
 */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import { convertToTensor } from "../../ops/core/cast.js";
import { multiply } from "../../ops/math/arithmetic.js";
import { less } from "../../ops/math/comparison.js";
import { clip, where } from "../../ops/math/select.js";
import { sqrt } from "../../ops/math/unary.js";
import { reshape } from "../../ops/shape/reshape.js";
import { split } from "../../ops/shape/join.js";
import { normal } from "../../random/index.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { layerOptionsFromConfig } from "../layer.js";
import { pyRepr } from "../py-format.js";
import { BaseImagePreprocessingLayer, BaseImagePreprocessingOptions, Range, factorAndOptions } from "./base-image-preprocessing.js";
import { boxBounds, boxMask } from "./box-mask.js";

export interface RandomErasingOptions extends BaseImagePreprocessingOptions {
  /** Keras's `factor`, also accepted in the options object. */
  factor?: number | readonly number[];
  scale?: number | readonly number[];
  fillValue?: number | readonly number[] | null;
  valueRange?: readonly number[];
  seed?: number | null;
}

interface Erasure {
  apply: Tensor;
  mask: Tensor;
  fill: Tensor;
}

export class RandomErasing extends BaseImagePreprocessingLayer<Erasure> {
  declare factor: Range;
  declare scale: Range;
  declare fillValue: number | readonly number[] | null;
  declare valueRange: readonly number[];

  constructor(factor: number | readonly number[] | RandomErasingOptions = 1.0, options: RandomErasingOptions = {}) {
    const [chosenFactor, rest] = factorAndOptions(factor, options, 1.0 as number | readonly number[]);
    const { scale = [0.02, 0.33], fillValue = null, valueRange = [0, 255], seed = null, ...base } = rest;
    super(base);
    this.factor = this.parseFactor(chosenFactor, [0, 1]);
    this.scale = this.parseFactor(scale, [0, 1], "scale");
    const validFill = fillValue === null || typeof fillValue === "number" || (Array.isArray(fillValue) && fillValue.length === 3);
    if (!validFill) {
      throw new ValueError(`RandomErasing: The \`fill_value\` argument should be a number (or a list of three numbers). Received: fill_value=${pyRepr(fillValue)}`);
    }
    this.fillValue = fillValue;
    this.parseValueRange(valueRange);
    this.valueRange = valueRange;
    this.useSeed(seed);
  }

  getRandomTransformation(images: Tensor, training: boolean): Erasure | null {
    if (!training) return null;
    const { batch, height, width, channels } = this.imageBatchInfo(images);
    const dtype = this.computeDtype as "float32" | "float64";
    const [ratioX, ratioY] = split(sqrt(this.uniformDraw([batch, 2], this.scale, dtype)), 2, { axis: 1 }).map((t) => reshape(t, [-1]));
    const x = boxBounds(width, ratioX, this.uniformDraw([batch], [0, 1], dtype));
    const y = boxBounds(height, ratioY, this.uniformDraw([batch], [0, 1], dtype));
    const mask = boxMask(height, width, x, y, this.dataFormat === "channels_last", dtype);
    const probability = this.uniformDraw([batch], this.factor);
    const apply = reshape(less(this.uniformDraw([batch], [0, 1]), probability), [-1, 1, 1, 1]);
    const channelShape = this.dataFormat === "channels_last" ? [channels] : [channels, 1, 1];
    const fill = this.fillValue === null
      ? multiply(normal(images.shape, { dtype, seed: this.drawsFrom ?? this.generator }), this.valueRange[1])
      : reshape(convertToTensor(typeof this.fillValue === "number" ? [this.fillValue] : this.fillValue, dtype), typeof this.fillValue === "number" ? [1] : channelShape);
    return { apply, mask, fill: clip(fill, this.valueRange[0], this.valueRange[1]) };
  }

  transformImages(images: Tensor, erasure: Erasure | null, training: boolean): Tensor {
    const x = this.toComputeDtype(images);
    if (!training || erasure === null) return x;
    return where(erasure.apply, where(erasure.mask, erasure.fill, x), x);
  }

  override getConfig(): Record<string, any> {
    return {
      ...super.getConfig(),
      factor: [...this.factor],
      scale: [...this.scale],
      fill_value: Array.isArray(this.fillValue) ? [...this.fillValue] : this.fillValue,
      value_range: [...this.valueRange],
      seed: this.seed,
    };
  }

  static override fromConfig(config: Record<string, any>): RandomErasing {
    return new RandomErasing(layerOptionsFromConfig(config));
  }
}

registerBuiltin("keras.layers", "RandomErasing", RandomErasing);
