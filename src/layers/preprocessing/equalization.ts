/**
 * `keras.layers.Equalization({ valueRange = [0, 255], bins = 256, dataFormat })`:
 * histogram equalization of each channel. As in Keras, the histogram of a
 * channel is taken over the whole batch (values mapped to [0, 255] and
 * binned by truncation into `bins` bins), each value is replaced by its bin's
 * rounded, rescaled cumulative count ((cdf - cdf_min) * 255 / (n - cdf_min)),
 * and a channel whose values all fall in one bin is left alone. Keras's
 * layer only equalizes in training (its transform checks the flag).
 */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import { cast } from "../../ops/core/cast.js";
import { divide, multiply, subtract } from "../../ops/math/arithmetic.js";
import { equal, greater, lessEqual } from "../../ops/math/comparison.js";
import { bincount } from "../../ops/math/segment.js";
import { clip, where } from "../../ops/math/select.js";
import { round } from "../../ops/math/unary.js";
import { cumsum } from "../../ops/reduction/cumulative.js";
import { max, min } from "../../ops/reduction/extrema.js";
import { countNonzero } from "../../ops/reduction/statistics.js";
import { moveaxis } from "../../ops/shape/dims.js";
import { takeAlongAxis } from "../../ops/shape/indexing.js";
import { reshape } from "../../ops/shape/reshape.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { layerOptionsFromConfig } from "../layer.js";
import { pyRepr } from "../py-format.js";
import { BaseImagePreprocessingLayer, BaseImagePreprocessingOptions, Range } from "./base-image-preprocessing.js";

export interface EqualizationOptions extends BaseImagePreprocessingOptions {
  valueRange?: readonly number[];
  bins?: number;
}

export class Equalization extends BaseImagePreprocessingLayer<null> {
  declare valueRange: Range;
  declare bins: number;

  constructor(options: EqualizationOptions = {}) {
    const { valueRange = [0, 255], bins = 256, ...base } = options;
    super(base);
    if (!Number.isInteger(bins) || bins < 1) {
      throw new ValueError(`Equalization: \`bins\` must be a positive integer. Received: bins=${pyRepr(bins)}`);
    }
    this.bins = bins;
    this.valueRange = this.parseValueRange(valueRange);
  }

  getRandomTransformation(): null {
    return null;
  }

  transformImages(images: Tensor, _t: null, training: boolean): Tensor {
    const x = this.toComputeDtype(images);
    if (!training) return x;
    const bins = this.bins;
    const bytes = this.transformValueRange(x, this.valueRange, [0, 255], this.computeDtype);
    // Channels first, all of a channel's values (over the batch) in one row.
    const channelAxis = this.imageBatchInfo(x).channelAxis;
    const byChannel = moveaxis(bytes, channelAxis, 0);
    const rows = reshape(byChannel, [byChannel.shape[0], -1]);
    const binOf = (v: Tensor) => cast(clip(divide(multiply(cast(v, "float32"), bins - 1), 255), 0, bins - 1), "int32");
    const histogram = bincount(binOf(rows), { minlength: bins }); // (channels, bins)
    // Counts as float64 (exact for any image size; numpy's int / int division is float64 too).
    const cdf = cast(cumsum(histogram, 1), "float64");
    const cdfMin = min(where(greater(cdf, 0), cdf, Infinity), { axis: 1, keepdims: true });
    const total = max(cdf, { axis: 1, keepdims: true });
    const denominator = where(equal(subtract(total, cdfMin), 0), 1, subtract(total, cdfMin));
    const lookup = clip(round(divide(multiply(subtract(cdf, cdfMin), 255), denominator)), 0, 255);
    const equalized = takeAlongAxis(cast(lookup, this.computeDtype), binOf(rows), 1);
    const singleBin = lessEqual(countNonzero(histogram, { axis: 1 }), 1);
    const out = where(reshape(singleBin, [-1, 1]), rows, equalized);
    const restored = moveaxis(reshape(out, byChannel.shape), 0, channelAxis);
    return this.toComputeDtype(this.transformValueRange(restored, [0, 255], this.valueRange, this.computeDtype));
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), bins: this.bins, value_range: [...this.valueRange] };
  }

  static override fromConfig(config: Record<string, any>): Equalization {
    return new Equalization(layerOptionsFromConfig(config));
  }
}

registerBuiltin("keras.layers", "Equalization", Equalization);
