/**
 * Segment reductions (max / min) over the leading axis: row r of `x`
 * (shape (n, ...rest)) goes to output row ids[r]; ids of -1 are dropped.
 * Empty segments hold the reduction's identity (-inf / +inf for floats,
 * the int32 extremes for int32, false / true for bool). NaN propagates.
 */
import type { DType, TypedArray } from "../../engine/dtype.js";
import { allocate } from "../../engine/dtype.js";
import type { Shape } from "../../engine/shape.js";

function identity(op: "max" | "min", dtype: DType): number {
  if (dtype === "int32") return op === "max" ? -2147483648 : 2147483647;
  if (dtype === "bool") return op === "max" ? 0 : 1;
  return op === "max" ? -Infinity : Infinity;
}

export function segmentReduce(op: "max" | "min", x: TypedArray, shape: Shape, ids: Int32Array, numSegments: number, dtype: DType): TypedArray {
  const n = shape.length === 0 ? 1 : shape[0];
  let rowSize = 1;
  for (let d = 1; d < shape.length; d++) rowSize *= shape[d];
  const out = allocate(dtype, numSegments * rowSize);
  out.fill(identity(op, dtype));
  for (let r = 0; r < n; r++) {
    const s = ids[r];
    if (s < 0) continue;
    const src = r * rowSize;
    const dst = s * rowSize;
    if (op === "max") {
      for (let i = 0; i < rowSize; i++) { const v = x[src + i]; if (v > out[dst + i] || v !== v) out[dst + i] = v; }
    } else {
      for (let i = 0; i < rowSize; i++) { const v = x[src + i]; if (v < out[dst + i] || v !== v) out[dst + i] = v; }
    }
  }
  return out;
}
