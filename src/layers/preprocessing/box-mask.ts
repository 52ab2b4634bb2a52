/**
 * The rectangular masks of RandomErasing and CutMix: per image, a box of
 * side ratio * length placed uniformly along each axis, and the boolean mask
 * of the pixels inside it (grid >= start and grid < end), broadcast over the
 * channels, as Keras's `_compute_crop_bounds` / `_generate_batch_mask` build it.
 */
import type { Tensor } from "../../engine/tensor.js";
import { arange } from "../../ops/core/ranges.js";
import { add, multiply, subtract } from "../../ops/math/arithmetic.js";
import { greaterEqual, less, logicalAnd } from "../../ops/math/comparison.js";
import { reshape } from "../../ops/shape/reshape.js";

/** Start and end of a box of `ratio * length` (ratio (batch,)) placed by `unit` draws in [0, 1) (batch,). */
export function boxBounds(length: number, ratio: Tensor, unit: Tensor): { start: Tensor; end: Tensor } {
  const side = multiply(ratio, length);
  const start = multiply(unit, subtract(length, side));
  return { start, end: add(start, side) };
}

/**
 * The (batch, h, w, 1) or (batch, 1, h, w) mask of x0 <= x < x1 and y0 <= y < y1,
 * with the bounds given per image as (batch,) tensors.
 */
export function boxMask(
  height: number, width: number, x: { start: Tensor; end: Tensor }, y: { start: Tensor; end: Tensor },
  channelsLast: boolean, dtype: "float32" | "float64",
): Tensor {
  const gridShape = (h: number, w: number) => (channelsLast ? [1, h, w, 1] : [1, 1, h, w]);
  const cols = reshape(arange(0, width, 1, dtype), gridShape(1, width));
  const rows = reshape(arange(0, height, 1, dtype), gridShape(height, 1));
  const perImage = (t: Tensor) => reshape(t, [-1, 1, 1, 1]);
  const inX = logicalAnd(greaterEqual(cols, perImage(x.start)), less(cols, perImage(x.end)));
  const inY = logicalAnd(greaterEqual(rows, perImage(y.start)), less(rows, perImage(y.end)));
  return logicalAnd(inX, inY);
}
