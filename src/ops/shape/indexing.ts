/**
 * Integer indexing: take (whole slices along an axis) and takeAlongAxis
 * (one element per index). Both are one gather; their gradient is a scatter-add.
 */
import { Tensor, fromData } from "../../engine/tensor.js";
import { ValueError } from "../../engine/errors.js";
import { formatShape, normalizeAxis, stridesOf } from "../../engine/shape.js";
import { asTensor, op, readOptions, TensorLike } from "../op.js";
import { add, multiply } from "../math/arithmetic.js";
import { reshape } from "./reshape.js";
import { broadcastTo } from "./broadcast-to.js";
import { gatherAxis, normalizeIndices } from "./movement.js";

type AxisArg = number | null;

/**
 * numpy's take: `x[..., indices, ...]` along `axis` (of the flattened `x` when null);
 * the axis is replaced by the shape of `indices`. Negative indices count from the end.
 */
export const take = op("take", (x: TensorLike, indices: TensorLike, ...rest: [AxisArg?] | [{ axis?: AxisArg }]): Tensor => {
  const t0 = asTensor(x, "take");
  const { axis = null } = readOptions<{ axis?: AxisArg }>("take", rest, ["axis"]);
  const idx = asTensor(indices, "take");
  const t = axis === null ? reshape(t0, [-1]) : t0;
  if (t.rank === 0) throw new ValueError("ops.take: cannot take from a zero-dimensional tensor along an axis.");
  const ax = axis === null ? 0 : normalizeAxis(axis, t.rank, "ops.take");
  const flat = normalizeIndices(idx, t.shape[ax], `ops.take (axis ${axis ?? "None"} of shape ${formatShape(t0.shape)})`);
  return gatherAxis(t, ax, flat, idx.shape);
});

/**
 * numpy's take_along_axis: `out[i, j, k] = x[i, indices[i, j, k], k]` for axis 1;
 * `x` and `indices` have the same rank and broadcast against each other on the
 * other axes. With axis null, `x` is flattened and `indices` must be 1-D.
 */
export const takeAlongAxis = op("takeAlongAxis", (x: TensorLike, indices: TensorLike, ...rest: [AxisArg?] | [{ axis?: AxisArg }]): Tensor => {
  const t0 = asTensor(x, "takeAlongAxis");
  const { axis = null } = readOptions<{ axis?: AxisArg }>("takeAlongAxis", rest, ["axis"]);
  const idx = asTensor(indices, "takeAlongAxis");
  const t = axis === null ? reshape(t0, [-1]) : t0;
  if (axis === null && idx.rank !== 1) {
    throw new ValueError(`ops.takeAlongAxis: with axis=None, \`indices\` must be 1-D, received shape ${formatShape(idx.shape)}.`);
  }
  if (idx.rank !== t.rank || t.rank === 0) {
    throw new ValueError(
      `ops.takeAlongAxis: \`x\` and \`indices\` must have the same (non-zero) rank, received shapes ${formatShape(t.shape)} and ${formatShape(idx.shape)}.`,
    );
  }
  const ax = axis === null ? 0 : normalizeAxis(axis, t.rank, "ops.takeAlongAxis");
  const outShape = t.shape.map((d, i) => {
    if (i === ax) return idx.shape[i];
    const e = idx.shape[i];
    if (d !== e && d !== 1 && e !== 1) {
      throw new ValueError(
        `ops.takeAlongAxis: shapes ${formatShape(t.shape)} and ${formatShape(idx.shape)} do not broadcast outside axis ${axis} (dimension ${i}).`,
      );
    }
    return d === 1 ? e : d;
  });
  const along = normalizeIndices(idx, t.shape[ax], `ops.takeAlongAxis (axis ${axis ?? "None"} of shape ${formatShape(t0.shape)})`);
  // Flat positions into x: indices * stride(axis) + sum over the other axes of position * stride,
  // built from int32 tensor ops (broadcasting does the per-element work in the kernels).
  const strides = stridesOf(t.shape);
  let flat = multiply(fromData(along, idx.shape, "int32"), strides[ax]);
  for (let d = 0; d < t.rank; d++) {
    if (d === ax || t.shape[d] === 1) continue;
    const steps = new Int32Array(outShape[d]);
    for (let i = 0; i < steps.length; i++) steps[i] = i * strides[d];
    flat = add(flat, fromData(steps, outShape.map((_, j) => (j === d ? steps.length : 1)), "int32"));
  }
  flat = broadcastTo(flat, outShape);
  return gatherAxis(reshape(t, [-1]), 0, flat.data as Int32Array, outShape);
});
