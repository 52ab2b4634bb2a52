/**
 * `keras.layers.CutMix(factor = 1.0, { seed, dataFormat })`: in training,
 * pastes into each image of a batch a box cut from another image (a shuffled
 * copy of the batch). Per call alpha is drawn from the factor range ([0, f]
 * for a number f) and per image w ~ Beta(alpha, alpha); the box's sides are
 * sqrt(1 - w) of the image's, placed uniformly. Called on `{ images, labels }`
 * the labels are mixed by the pasted area's share. Single images pass through.
 */
import type { Tensor } from "../../engine/tensor.js";
import { arange } from "../../ops/core/ranges.js";
import { add, multiply, subtract } from "../../ops/math/arithmetic.js";
import { where } from "../../ops/math/select.js";
import { sqrt } from "../../ops/math/unary.js";
import { take } from "../../ops/shape/indexing.js";
import { reshape } from "../../ops/shape/reshape.js";
import { beta, shuffle } from "../../random/index.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { layerOptionsFromConfig } from "../layer.js";
import { BaseImagePreprocessingLayer, BaseImagePreprocessingOptions, Range, factorAndOptions } from "./base-image-preprocessing.js";
import { boxBounds, boxMask } from "./box-mask.js";

export interface CutMixOptions extends BaseImagePreprocessingOptions {
  /** Keras's `factor`, also accepted in the options object. */
  factor?: number | readonly number[];
  seed?: number | null;
}

interface Cut {
  permutation: Tensor;
  mask: Tensor;
  /** Per image, the share of the image that stays its own (batch,). */
  keep: Tensor;
}

export class CutMix extends BaseImagePreprocessingLayer<Cut> {
  declare factor: Range;

  constructor(factor: number | readonly number[] | CutMixOptions = 1.0, options: CutMixOptions = {}) {
    const [chosenFactor, rest] = factorAndOptions(factor, options, 1.0 as number | readonly number[]);
    const { seed = null, ...base } = rest;
    super(base);
    this.factor = this.parseFactor(chosenFactor, [0, 1]);
    this.useSeed(seed);
  }

  getRandomTransformation(images: Tensor, training: boolean): Cut | null {
    // Keras returns no transformation for a single image (nothing to mix with).
    if (!training || images.shape[0] === 1) return null;
    const { batch, height, width } = this.imageBatchInfo(images);
    const dtype = this.computeDtype as "float32" | "float64";
    const generator = this.drawsFrom ?? this.generator;
    const alpha = (this.uniformDraw([], this.factor, dtype).item() as number) + 1e-6;
    const weight = beta([batch], alpha, alpha, { dtype, seed: generator });
    const ratio = sqrt(subtract(1, weight));
    const x = boxBounds(width, ratio, this.uniformDraw([batch], [0, 1], dtype));
    const y = boxBounds(height, ratio, this.uniformDraw([batch], [0, 1], dtype));
    const mask = boxMask(height, width, x, y, this.dataFormat === "channels_last", dtype);
    const keep = subtract(1, multiply(subtract(x.end, x.start), multiply(subtract(y.end, y.start), 1 / (width * height))));
    const permutation = shuffle(arange(0, batch, 1, "int32"), { seed: generator });
    return { permutation, mask, keep };
  }

  transformImages(images: Tensor, cut: Cut | null, training: boolean): Tensor {
    const x = this.toComputeDtype(images);
    if (!training || cut === null) return x;
    return where(cut.mask, take(x, cut.permutation, { axis: 0 }), x);
  }

  override transformLabels(labels: Tensor, cut: Cut | null, training: boolean): Tensor {
    if (!training || cut === null) return labels;
    const keep = reshape(cut.keep, [-1, 1]);
    return add(multiply(labels, keep), multiply(take(labels, cut.permutation, { axis: 0 }), subtract(1, keep)));
  }

  override transformSegmentationMasks(masks: Tensor, cut: Cut | null, training: boolean): Tensor {
    if (!training || cut === null) return masks;
    return where(cut.mask, take(masks, cut.permutation, { axis: 0 }), masks);
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), factor: [...this.factor], seed: this.seed };
  }

  static override fromConfig(config: Record<string, any>): CutMix {
    return new CutMix(layerOptionsFromConfig(config));
  }
}

registerBuiltin("keras.layers", "CutMix", CutMix);
