/**
 * `keras.layers.RandomPerspective(factor = 1.0, { scale = 1.0, interpolation =
 * "bilinear", fillValue = 0, seed, dataFormat })`: in training, each image is
 * warped, with a probability drawn from the factor range ([0, f] for a
 * number f), by the perspective transform that moves its corners
 * (0, 0), (w - 1, 0), (0, h - 1), (w - 1, h - 1) to corner * (1 + d), each
 * coordinate's d drawn from [-scale / 2, scale / 2]. Uncovered pixels get
 * `fillValue`.
 */
import { NotImplementedError, ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import { cast, convertToTensor } from "../../ops/core/cast.js";
import { add, multiply } from "../../ops/math/arithmetic.js";
import { less } from "../../ops/math/comparison.js";
import { where } from "../../ops/math/select.js";
import { reshape } from "../../ops/shape/reshape.js";
import { broadcastTo } from "../../ops/shape/broadcast-to.js";
import { perspectiveTransform } from "../../ops/image/perspective-transform.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { layerOptionsFromConfig } from "../layer.js";
import { pyRepr } from "../py-format.js";
import { BaseImagePreprocessingLayer, BaseImagePreprocessingOptions, Range, factorAndOptions } from "./base-image-preprocessing.js";

export interface RandomPerspectiveOptions extends BaseImagePreprocessingOptions {
  factor?: number | readonly number[];
  scale?: number;
  interpolation?: string;
  fillValue?: number;
  seed?: number | null;
}

const INTERPOLATIONS = ["nearest", "bilinear"];

interface Warp {
  apply: Tensor;
  startPoints: Tensor;
  endPoints: Tensor;
}

export class RandomPerspective extends BaseImagePreprocessingLayer<Warp> {
  declare factor: Range;
  declare scale: number;
  declare interpolation: string;
  declare fillValue: number;

  constructor(factor: number | readonly number[] | RandomPerspectiveOptions = 1.0, options: RandomPerspectiveOptions = {}) {
    const [chosenFactor, rest] = factorAndOptions(factor, options, 1.0 as number | readonly number[]);
    const { scale = 1.0, interpolation = "bilinear", fillValue = 0.0, seed = null, ...base } = rest;
    super(base);
    this.factor = this.parseFactor(chosenFactor, [0, 1]);
    if (typeof scale !== "number" || !(scale >= 0 && scale <= 1)) {
      throw new ValueError(`RandomPerspective: The \`scale\` argument should be a number in the range [0,1]. Received: scale=${pyRepr(scale)}`);
    }
    if (!INTERPOLATIONS.includes(interpolation)) {
      throw new NotImplementedError(`RandomPerspective: Unknown \`interpolation\` ${interpolation}. Expected of one ('nearest', 'bilinear').`);
    }
    this.scale = scale;
    this.interpolation = interpolation;
    this.fillValue = fillValue;
    this.useSeed(seed);
  }

  getRandomTransformation(images: Tensor, training: boolean): Warp | null {
    if (!training) return null;
    const { batch, height, width } = this.imageBatchInfo(images);
    const probability = this.uniformDraw([batch], this.factor);
    const apply = reshape(less(this.uniformDraw([batch], [0, 1]), probability), [-1, 1, 1, 1]);
    const shift = cast(this.uniformDraw([batch, 4, 2], [-0.5 * this.scale, 0.5 * this.scale], this.computeDtype), "float64");
    const corners = convertToTensor([[0, 0], [width - 1, 0], [0, height - 1], [width - 1, height - 1]], "float64");
    const startPoints = broadcastTo(reshape(corners, [1, 4, 2]), [batch, 4, 2]);
    const endPoints = add(startPoints, multiply(startPoints, shift));
    return { apply, startPoints, endPoints };
  }

  transformImages(images: Tensor, warp: Warp | null, training: boolean): Tensor {
    const x = this.toComputeDtype(images);
    if (!training || warp === null) return x;
    const warped = perspectiveTransform(x, warp.startPoints, warp.endPoints, {
      interpolation: this.interpolation,
      fillValue: this.fillValue,
      dataFormat: this.dataFormat,
    });
    return where(warp.apply, this.toComputeDtype(warped), x);
  }

  override transformSegmentationMasks(masks: Tensor, warp: Warp | null, training: boolean): Tensor {
    return this.transformImages(masks, warp, training);
  }

  override getConfig(): Record<string, any> {
    return {
      ...super.getConfig(),
      factor: [...this.factor],
      scale: this.scale,
      interpolation: this.interpolation,
      fill_value: this.fillValue,
      seed: this.seed,
    };
  }

  static override fromConfig(config: Record<string, any>): RandomPerspective {
    return new RandomPerspective(layerOptionsFromConfig(config));
  }
}

registerBuiltin("keras.layers", "RandomPerspective", RandomPerspective);
