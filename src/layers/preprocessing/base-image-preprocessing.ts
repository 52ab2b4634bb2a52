/**
 * Keras's `BaseImagePreprocessingLayer`, the base of the image augmentation
 * layers (RandomRotation, RandomContrast, MixUp, ...):
 *
 * - `call(data, { training = true })` takes an image batch (rank 4), one image
 *   (rank 3, handled as a batch of one and squeezed back) or a dict
 *   `{ images, labels?, segmentation_masks? }` (MixUp and CutMix mix the
 *   labels too). One random transformation is drawn per call from the images
 *   (`getRandomTransformation`) and applied to every entry. `training` false
 *   makes the random layers the identity; null counts as true, as Keras's
 *   call signature default does.
 * - factor parsing with Keras's rules and error wording (`parseFactor`:
 *   a number f means [max(-f, low bound), f], a pair is sorted),
 *   `value_range` checking and rescaling, `data_format` and the seed
 *   generator.
 *
 * Subclasses implement `getRandomTransformation` and `transformImages` on
 * batched images; labels and segmentation masks pass through unchanged
 * unless overridden. Bounding boxes are not supported by keras-ts.
 */
import { NotImplementedError, ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import { ImageDataFormat, standardizeDataFormat } from "../../config/settings.js";
import { cast } from "../../ops/core/cast.js";
import { add, divide, multiply, subtract } from "../../ops/math/arithmetic.js";
import { expandDims, squeeze } from "../../ops/shape/dims.js";
import { isPlainObject } from "../../ops/op.js";
import { SeedGenerator, uniform } from "../../random/index.js";
import { Layer, LayerOptions } from "../layer.js";
import { pyRepr } from "../py-format.js";
import { spatialImageAxes } from "./image-resize.js";

export type Range = [number, number];
type Shape = readonly (number | null)[];

export interface BaseImagePreprocessingOptions extends LayerOptions {
  dataFormat?: string | null;
  boundingBoxFormat?: string | null;
}

/** The sizes of a batched image tensor (batch, then the spatial and channel sizes in either layout). */
export interface ImageBatchInfo {
  batch: number;
  height: number;
  width: number;
  channels: number;
  heightAxis: number;
  widthAxis: number;
  channelAxis: number;
}

export abstract class BaseImagePreprocessingLayer<T = unknown> extends Layer {
  declare dataFormat: ImageDataFormat;
  declare boundingBoxFormat: string | null;
  declare seed: number | null;
  declare generator: SeedGenerator;
  /** A parent layer's generator to draw from instead (RandomColorJitter draws its sublayers' values from its own). */
  drawsFrom: SeedGenerator | null = null;

  constructor(options: BaseImagePreprocessingOptions = {}) {
    const { dataFormat, boundingBoxFormat = null, ...base } = options;
    super(base);
    this.dataFormat = standardizeDataFormat(dataFormat);
    this.boundingBoxFormat = boundingBoxFormat;
  }

  /** Keras's `seed` argument: stored for the config, and the layer's SeedGenerator made from it. */
  protected useSeed(seed: unknown): void {
    this.generator = layerSeedGenerator(seed, this.constructor.name);
    this.seed = (seed as number | null | undefined) ?? null;
  }

  /** Values uniform in [low, high) of `shape`, from the layer's generator (Keras's draws are float32 unless said). */
  protected uniformDraw(shape: number[], [low, high]: readonly [number, number], dtype = "float32"): Tensor {
    return uniform(shape, { minval: low, maxval: high, dtype, seed: this.drawsFrom ?? this.generator });
  }

  /** The transformation for one call, drawn from the batched images; null when there is nothing to do. */
  abstract getRandomTransformation(images: Tensor, training: boolean): T | null;

  /** Applies the transformation to a batch of images. */
  abstract transformImages(images: Tensor, transformation: T | null, training: boolean): Tensor;

  transformLabels(labels: Tensor, _transformation: T | null, _training: boolean): Tensor {
    return labels;
  }

  transformSegmentationMasks(masks: Tensor, _transformation: T | null, _training: boolean): Tensor {
    return masks;
  }

  override call(data: any, { training = true }: { training?: boolean | null } = {}): any {
    const isTraining = training !== false;
    if (isPlainObject(data)) return this.callOnDict(data as Record<string, Tensor>, isTraining);
    const { batched, restore } = this.asBatch(data as Tensor);
    const transformation = this.getRandomTransformation(batched, isTraining);
    return restore(this.transformImages(batched, transformation, isTraining));
  }

  private callOnDict(data: Record<string, Tensor>, training: boolean): Record<string, Tensor> {
    if (!("images" in data)) {
      throw new ValueError(`${this.constructor.name}: a dict input must have an "images" entry. Received keys: ${Object.keys(data).join(", ")}`);
    }
    if ("bounding_boxes" in data) {
      throw new NotImplementedError(`${this.constructor.name}: bounding boxes are not supported by keras-ts.`);
    }
    const { batched, restore, unbatched } = this.asBatch(data.images);
    const transformation = this.getRandomTransformation(batched, training);
    const out: Record<string, Tensor> = { ...data, images: restore(this.transformImages(batched, transformation, training)) };
    const perEntry = (x: Tensor, f: (b: Tensor) => Tensor): Tensor => (unbatched ? squeeze(f(expandDims(x, 0)), 0) : f(x));
    if (data.labels !== undefined) out.labels = perEntry(data.labels, (b) => this.transformLabels(b, transformation, training));
    if (data.segmentation_masks !== undefined) {
      out.segmentation_masks = perEntry(data.segmentation_masks, (b) => this.transformSegmentationMasks(b, transformation, training));
    }
    return out;
  }

  /** Rank 4 stays; rank 3 becomes a batch of one (squeezed back by `restore`); other ranks are an error. */
  private asBatch(images: Tensor): { batched: Tensor; restore: (y: Tensor) => Tensor; unbatched: boolean } {
    if (images.rank === 4) return { batched: images, restore: (y) => y, unbatched: false };
    if (images.rank === 3) return { batched: expandDims(images, 0), restore: (y) => squeeze(y, 0), unbatched: true };
    throw new ValueError(
      `${this.constructor.name}: Expected image tensor to have rank 3 (single image) or 4 (batch of images). ` +
        `Received: data.shape=[${images.shape}]`,
    );
  }

  /** Batch, height, width and channel sizes of a batched image tensor in this layer's data format. */
  imageBatchInfo(images: Tensor): ImageBatchInfo {
    const [heightAxis, widthAxis] = spatialImageAxes(4, this.dataFormat);
    const channelAxis = this.dataFormat === "channels_last" ? 3 : 1;
    const s = images.shape;
    return { batch: s[0], height: s[heightAxis], width: s[widthAxis], channels: s[channelAxis], heightAxis, widthAxis, channelAxis };
  }

  override computeOutputShape(inputShape: Shape): (number | null)[] {
    return inputShape.slice();
  }

  override getConfig(): Record<string, any> {
    // Keras's base config holds data_format (right after the Layer keys, where a
    // subclass's own data_format entry keeps it, as Python's dict.update does).
    const config: Record<string, any> = { ...super.getConfig(), data_format: this.dataFormat };
    if (this.boundingBoxFormat !== null) config.bounding_box_format = this.boundingBoxFormat;
    return config;
  }

  // ------------------------------------------------------------------ argument helpers

  /**
   * Keras's `_set_factor`: a number f in [low, high] gives [max(-|f|, low), |f|];
   * a pair (not entirely outside the bounds) is sorted. Anything else throws
   * Keras's error, naming the layer.
   */
  parseFactor(factor: unknown, bounds: Range = [-1, 1], name = "factor"): Range {
    const error = () =>
      new ValueError(
        `${this.constructor.name}: The \`${name}\` argument should be a number (or a list of two numbers) in the range ` +
          `[${bounds[0]}, ${bounds[1]}]. Received: ${name}=${pyRepr(factor)}`,
      );
    if (Array.isArray(factor)) {
      if (factor.length !== 2 || !factor.every((v) => typeof v === "number" && Number.isFinite(v))) throw error();
      if (factor[0] > bounds[1] || factor[1] < bounds[0]) throw error();
      return factor[0] <= factor[1] ? [factor[0], factor[1]] : [factor[1], factor[0]];
    }
    if (typeof factor === "number" && Number.isFinite(factor)) {
      if (factor < bounds[0] || factor > bounds[1]) throw error();
      const f = Math.abs(factor);
      return [Math.max(-f, bounds[0]), f];
    }
    throw error();
  }

  /**
   * The zoom / translation / shear rule: every value must lie in `bounds`; a
   * number f gives [-|f|, |f|], a pair is sorted. `message` is the layer's
   * Keras error text, completed with the offending value.
   */
  parseSymmetricFactor(factor: unknown, name: string, message: string, bounds: Range = [-1, 1]): Range {
    const fail = (what: string) => new ValueError(`${this.constructor.name}: ${message}Received: ${what}`);
    const check = (v: unknown) => {
      if (typeof v !== "number" || !Number.isFinite(v)) throw fail(`${name}=${pyRepr(factor)}`);
      if (v > bounds[1] || v < bounds[0]) throw fail(`input_number=${pyRepr(v)}`);
      return v;
    };
    if (Array.isArray(factor)) {
      if (factor.length !== 2) throw fail(`${name}=${pyRepr(factor)}`);
      const [a, b] = [check(factor[0]), check(factor[1])];
      return a <= b ? [a, b] : [b, a];
    }
    if (typeof factor === "number") {
      const f = Math.abs(check(factor));
      return [-f, f];
    }
    throw fail(`${name}=${pyRepr(factor)}`);
  }

  /** Keras's `_set_value_range`: two numbers, sorted. */
  parseValueRange(valueRange: unknown): Range {
    if (!Array.isArray(valueRange) || valueRange.length !== 2 || !valueRange.every((v) => typeof v === "number")) {
      throw new ValueError(
        `${this.constructor.name}: The \`value_range\` argument should be a list of two numbers. Received: value_range=${pyRepr(valueRange)}`,
      );
    }
    return valueRange[0] <= valueRange[1] ? [valueRange[0], valueRange[1]] : [valueRange[1], valueRange[0]];
  }

  /** Keras's `_transform_value_range`: maps `images` linearly from one range to another (in `dtype`). */
  transformValueRange(images: Tensor, from: Range, to: Range, dtype: string = "float32"): Tensor {
    if (from[0] === to[0] && from[1] === to[1]) return images;
    const x = cast(images, dtype);
    const unit = divide(subtract(x, from[0]), from[1] - from[0]);
    return add(multiply(unit, to[1] - to[0]), to[0]);
  }

  /** The layer's images in its compute dtype. */
  toComputeDtype(images: Tensor): Tensor {
    return images.dtype === this.computeDtype ? images : cast(images, this.computeDtype);
  }
}

/**
 * Layers whose Keras `factor` has a default also take it in the options
 * object: `new L(options)` or `new L(factor, options)`. Returns the factor
 * (or `fallback`) and the options without it.
 */
export function factorAndOptions<F, O extends { factor?: F }>(factor: F | O | undefined, options: O, fallback: F): [F, Omit<O, "factor">] {
  const isOptions = typeof factor === "object" && factor !== null && !Array.isArray(factor);
  const opts = isOptions ? (factor as O) : options;
  const { factor: inOptions, ...rest } = opts;
  const chosen = isOptions ? inOptions : (factor as F | undefined);
  return [chosen ?? fallback, rest];
}

/** A seed generator for a layer's `seed` argument (an integer or null), with Keras's check. */
export function layerSeedGenerator(seed: unknown, layer: string): SeedGenerator {
  if (seed !== null && seed !== undefined && !Number.isInteger(seed)) {
    throw new ValueError(`${layer}: \`seed\` must be an integer or None. Received: seed=${pyRepr(seed)}`);
  }
  return new SeedGenerator((seed as number | null | undefined) ?? null);
}
