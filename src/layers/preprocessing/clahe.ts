/**
 * `keras.layers.ContrastLimitedAdaptiveHistogramEqualization({ valueRange =
 * [0, 255], clipLimit = 4, tileGridSize = [8, 8], dataFormat })`: CLAHE.
 *
 * The image (rescaled from `value_range` to [0, 255]) is padded at the bottom
 * and right (numpy's "symmetric" mode) to a whole number of tiles, split into
 * the grid's tiles, and each tile's channel gets a 256-bin histogram of its
 * integer levels. Bins above clipLimit * tileArea / 256 are cut there and the
 * excess spread evenly over all bins; the histogram's CDF, stretched to
 * [0, 255], is the tile's mapping. Each pixel's level is mapped by the four
 * nearest tiles' mappings, weighted bilinearly by its position relative to
 * the tile centres (edge tiles extend outwards). The result is rescaled to
 * `value_range` and cast back to the input dtype. As in Keras, the layer is
 * deterministic and applies in training and inference alike; `clipLimit` 0
 * turns clipping off.
 */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import { cast } from "../../ops/core/cast.js";
import { arange } from "../../ops/core/ranges.js";
import { add, divide, multiply, subtract } from "../../ops/math/arithmetic.js";
import { equal } from "../../ops/math/comparison.js";
import { bincount } from "../../ops/math/segment.js";
import { clip, where } from "../../ops/math/select.js";
import { floor } from "../../ops/math/unary.js";
import { cumsum } from "../../ops/reduction/cumulative.js";
import { min } from "../../ops/reduction/extrema.js";
import { sum } from "../../ops/reduction/sum.js";
import { take } from "../../ops/shape/indexing.js";
import { reshape } from "../../ops/shape/reshape.js";
import { pad, slice } from "../../ops/shape/slicing.js";
import { transpose } from "../../ops/shape/transpose.js";
import { toChannelsLastBatch } from "../../ops/image/layout.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { layerOptionsFromConfig } from "../layer.js";
import { pyRepr } from "../py-format.js";
import { BaseImagePreprocessingLayer, BaseImagePreprocessingOptions, Range } from "./base-image-preprocessing.js";

export interface ClaheOptions extends BaseImagePreprocessingOptions {
  valueRange?: readonly number[];
  clipLimit?: number;
  tileGridSize?: readonly number[];
}

const LEVELS = 256;

/** Keras's grid coordinate of each pixel row (or column): the tile below it in the edge-padded grid and the weight of the next. */
function tileCoordinates(size: number, tile: number, grid: number): { lo: Tensor; hi: Tensor; weight: Tensor } {
  const g = add(divide(subtract(arange(0, size, 1, "float64"), tile / 2), tile), 1);
  const below = floor(g);
  return { lo: clip(below, 0, grid + 1), hi: clip(add(below, 1), 0, grid + 1), weight: subtract(g, below) };
}

export class ContrastLimitedAdaptiveHistogramEqualization extends BaseImagePreprocessingLayer<null> {
  declare valueRange: readonly number[];
  declare clipLimit: number;
  declare tileGridSize: [number, number];

  constructor(options: ClaheOptions = {}) {
    const { valueRange = [0, 255], clipLimit = 4.0, tileGridSize = [8, 8], ...base } = options;
    super(base);
    const name = this.constructor.name;
    if (!Array.isArray(tileGridSize) || tileGridSize.length !== 2 || !tileGridSize.every((v) => Number.isInteger(v) && v > 0)) {
      throw new ValueError(`${name}: \`tile_grid_size\` must be a tuple of 2 positive integers. Received: tile_grid_size=${pyRepr(tileGridSize)}`);
    }
    if (typeof clipLimit !== "number" || !Number.isFinite(clipLimit)) {
      throw new ValueError(`${name}: \`clip_limit\` must be a number. Received: clip_limit=${pyRepr(clipLimit)}`);
    }
    this.parseValueRange(valueRange);
    this.valueRange = valueRange;
    this.clipLimit = clipLimit;
    this.tileGridSize = [tileGridSize[0], tileGridSize[1]];
  }

  getRandomTransformation(): null {
    return null;
  }

  /** Deterministic: applied whatever `training` says, as Keras's transform_images ignores it. */
  transformImages(images: Tensor): Tensor {
    const { x, restore } = toChannelsLastBatch(images, this.dataFormat, this.constructor.name);
    const range = this.valueRange as Range;
    const bytes = this.transformValueRange(x, range, [0, 255], "float32");
    const equalized = this.transformValueRange(this.clahe(cast(bytes, "float32")), [0, 255], range, "float32");
    return restore(cast(equalized, images.dtype));
  }

  /** CLAHE of a (batch, height, width, channels) float32 batch in [0, 255]. */
  private clahe(x: Tensor): Tensor {
    const [batch, height, width, channels] = x.shape;
    if (batch * height * width * channels === 0) return x;
    const [gridH, gridW] = this.tileGridSize;
    const tileH = Math.ceil(height / gridH);
    const tileW = Math.ceil(width / gridW);
    const paddedH = tileH * gridH;
    const paddedW = tileW * gridW;
    const padded = pad(x, [[0, 0], [0, paddedH - height], [0, paddedW - width], [0, 0]], "symmetric");
    const levels = clip(cast(padded, "int32"), 0, LEVELS - 1);

    // One histogram row per (image, tile row, tile column, channel).
    const tiles = transpose(reshape(levels, [batch, gridH, tileH, gridW, tileW, channels]), [0, 1, 3, 5, 2, 4]);
    let hist = cast(bincount(reshape(tiles, [-1, tileH * tileW]), { minlength: LEVELS }), "float32");
    const area = tileH * tileW;
    if (this.clipLimit > 0) {
      const clipped = clip(hist, 0, (this.clipLimit * area) / LEVELS);
      const excess = sum(subtract(hist, clipped), -1, true);
      hist = add(clipped, divide(excess, LEVELS));
    }
    const cdf = cumsum(hist, -1);
    const cdfMin = min(cdf, { axis: -1, keepdims: true });
    const span = subtract(area, cdfMin);
    const mapping = clip(divide(multiply(subtract(cdf, cdfMin), 255), where(equal(span, 0), 1, span)), 0, 255);
    // The tiles' mappings with the edge tiles repeated outwards: (batch, gridH + 2, gridW + 2, channels, 256), flattened.
    const grid = pad(reshape(mapping, [batch, gridH, gridW, channels, LEVELS]), [[0, 0], [1, 1], [1, 1], [0, 0], [0, 0]], "edge");
    const table = reshape(grid, [-1]);

    const strideX = LEVELS * channels;
    const strideY = strideX * (gridW + 2);
    const strideB = strideY * (gridH + 2);
    const rows = tileCoordinates(paddedH, tileH, gridH);
    const cols = tileCoordinates(paddedW, tileW, gridW);
    const column = (t: Tensor) => reshape(t, [1, paddedH, 1, 1]);
    const row = (t: Tensor) => reshape(t, [1, 1, paddedW, 1]);
    // Each pixel's own entry in a tile's table: image, channel and level.
    const own = add(add(reshape(arange(0, batch * strideB, strideB, "float64"), [batch, 1, 1, 1]), reshape(arange(0, channels * LEVELS, LEVELS, "float64"), [1, 1, 1, channels])), cast(levels, "float64"));
    const lookup = (y: Tensor, xIdx: Tensor) => take(table, cast(add(own, add(multiply(column(y), strideY), multiply(row(xIdx), strideX))), "int32"));
    const wy = cast(column(rows.weight), "float32");
    const wx = cast(row(cols.weight), "float32");
    const top = add(multiply(lookup(rows.lo, cols.lo), subtract(1, wx)), multiply(lookup(rows.lo, cols.hi), wx));
    const bottom = add(multiply(lookup(rows.hi, cols.lo), subtract(1, wx)), multiply(lookup(rows.hi, cols.hi), wx));
    const result = add(multiply(top, subtract(1, wy)), multiply(bottom, wy));
    return slice(result, [0, 0, 0, 0], [batch, height, width, channels]);
  }

  override getConfig(): Record<string, any> {
    return {
      ...super.getConfig(),
      value_range: [...this.valueRange],
      clip_limit: this.clipLimit,
      tile_grid_size: [...this.tileGridSize],
    };
  }

  static override fromConfig(config: Record<string, any>): ContrastLimitedAdaptiveHistogramEqualization {
    return new ContrastLimitedAdaptiveHistogramEqualization(layerOptionsFromConfig(config));
  }
}

registerBuiltin("keras.layers", "ContrastLimitedAdaptiveHistogramEqualization", ContrastLimitedAdaptiveHistogramEqualization);
