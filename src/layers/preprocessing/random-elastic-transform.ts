/**
 * `keras.layers.RandomElasticTransform({ factor = 1, scale = 1, interpolation =
 * "bilinear", fillMode = "reflect", fillValue = 0, valueRange = [0, 255], seed,
 * dataFormat })`: in training, deforms each image, with probability drawn
 * from `factor`, by a random smooth displacement field
 * (ops.image.elasticTransform). The strength d is drawn once per call from
 * `scale`: alpha = max(h, w) * 0.1 * d, sigma = min(h, w) * 0.05 * d. The
 * result is clipped to `value_range`. Segmentation masks move with the same
 * field, sampled nearest (and clipped, as Keras does). `factor` or `scale`
 * with upper bound 0 leaves the images as they are; so does inference.
 */
import { NotImplementedError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import { cast } from "../../ops/core/cast.js";
import { less } from "../../ops/math/comparison.js";
import { clip, where } from "../../ops/math/select.js";
import { reshape } from "../../ops/shape/reshape.js";
import { Displacement, displaceImages, elasticDisplacement } from "../../ops/image/elastic-transform.js";
import { toChannelsLastBatch } from "../../ops/image/layout.js";
import { FILL_MODES, INTERPOLATIONS, Interpolation, FillMode } from "../../ops/image/sampling.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { layerOptionsFromConfig } from "../layer.js";
import { BaseImagePreprocessingLayer, BaseImagePreprocessingOptions, Range } from "./base-image-preprocessing.js";

export interface RandomElasticTransformOptions extends BaseImagePreprocessingOptions {
  factor?: number | readonly number[];
  scale?: number | readonly number[];
  interpolation?: string;
  fillMode?: string;
  fillValue?: number;
  valueRange?: readonly number[];
  seed?: number | null;
}

export interface ElasticTransformation {
  /** (batch,) bool: which images are deformed. */
  applyTransform: Tensor;
  /** The strength d drawn from `scale`. */
  distortionFactor: number;
  /** The displacement field (batch, h, w) for this call. */
  field: Displacement;
}

const pyTuple = (values: readonly string[]) => `(${values.map((v) => `'${v}'`).join(", ")})`;

export class RandomElasticTransform extends BaseImagePreprocessingLayer<ElasticTransformation> {
  declare factor: Range;
  declare scale: Range;
  declare interpolation: Interpolation;
  declare fillMode: FillMode;
  declare fillValue: number;
  declare valueRange: readonly number[];

  constructor(options: RandomElasticTransformOptions = {}) {
    const {
      factor = 1.0, scale = 1.0, interpolation = "bilinear", fillMode = "reflect", fillValue = 0.0, valueRange = [0, 255], seed = null,
      ...base
    } = options;
    super(base);
    this.factor = this.parseFactor(factor, [0, 1]);
    this.scale = this.parseFactor(scale, [0, 1], "scale");
    if (!(INTERPOLATIONS as readonly string[]).includes(interpolation)) {
      throw new NotImplementedError(`RandomElasticTransform: Unknown \`interpolation\` ${interpolation}. Expected of one ${pyTuple(INTERPOLATIONS)}.`);
    }
    if (!(FILL_MODES as readonly string[]).includes(fillMode)) {
      throw new NotImplementedError(`RandomElasticTransform: Unknown \`fill_mode\` ${fillMode}. Expected of one ${pyTuple(FILL_MODES)}.`);
    }
    this.interpolation = interpolation as Interpolation;
    this.fillMode = fillMode as FillMode;
    this.fillValue = fillValue;
    this.valueRange = valueRange;
    this.useSeed(seed);
  }

  getRandomTransformation(images: Tensor, training: boolean): ElasticTransformation | null {
    if (!training || this.scale[1] === 0 || this.factor[1] === 0) return null;
    const { batch, height, width } = this.imageBatchInfo(images);
    const probability = this.uniformDraw([batch], this.factor);
    const threshold = this.uniformDraw([batch], [0, 1]);
    const applyTransform = less(threshold, probability);
    const distortionFactor = this.uniformDraw([], this.scale, this.computeDtype).item() as number;
    const alpha = Math.max(height, width) * 0.1 * distortionFactor;
    const sigma = Math.min(height, width) * 0.05 * distortionFactor;
    const dtype = this.computeDtype === "float64" ? "float64" : "float32";
    const field = elasticDisplacement(batch, height, width, alpha, sigma, this.drawsFrom ?? this.generator, dtype);
    return { applyTransform, distortionFactor, field };
  }

  /** Keras's `_transform_images`: deform the chosen images, clip to value_range, cast to the compute dtype. */
  private deform(images: Tensor, t: ElasticTransformation, interpolation: Interpolation): Tensor {
    const { x, restore } = toChannelsLastBatch(images, this.dataFormat, "RandomElasticTransform");
    const moved = restore(displaceImages(x, t.field, { interpolation, fillMode: this.fillMode, fillValue: this.fillValue }));
    const chosen = where(reshape(t.applyTransform, [-1, 1, 1, 1]), moved, images);
    const [a, b] = this.valueRange;
    return cast(clip(chosen, a, b), this.computeDtype);
  }

  transformImages(images: Tensor, transformation: ElasticTransformation | null, training: boolean): Tensor {
    const x = this.toComputeDtype(images);
    if (!training || transformation === null) return x;
    return this.deform(x, transformation, this.interpolation);
  }

  override transformSegmentationMasks(masks: Tensor, transformation: ElasticTransformation | null, training: boolean): Tensor {
    if (!training || transformation === null) return masks;
    return this.deform(masks, transformation, "nearest");
  }

  override getConfig(): Record<string, any> {
    return {
      ...super.getConfig(),
      factor: [...this.factor],
      scale: [...this.scale],
      interpolation: this.interpolation,
      fill_mode: this.fillMode,
      fill_value: this.fillValue,
      value_range: [...this.valueRange],
      seed: this.seed,
    };
  }

  static override fromConfig(config: Record<string, any>): RandomElasticTransform {
    return new RandomElasticTransform(layerOptionsFromConfig(config));
  }
}

registerBuiltin("keras.layers", "RandomElasticTransform", RandomElasticTransform);
