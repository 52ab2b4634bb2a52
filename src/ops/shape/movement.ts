/**
 * Differentiable wrappers of the data-movement kernels, shared by the shape,
 * slicing, indexing and einsum ops (internal: not part of `keras.ops`).
 *
 * Each forward calls one kernel; each backward is the adjoint kernel wrapped
 * the same way, so gradients of gradients keep working:
 *   stridedView      <-> stridedViewAdjoint   (slices, flips, diagonals)
 *   stridedOverwrite -> (stridedOverwrite, stridedView)  (sliceUpdate, pad)
 *   gatherAxis       <-> scatterAddAxis       (take, repeat, roll, reflect padding)
 */
import { DType, TypedArray, allocate } from "../../engine/dtype.js";
import { ValueError } from "../../engine/errors.js";
import { Tensor, fromData } from "../../engine/tensor.js";
import { sizeOf } from "../../engine/shape.js";
import { recordGradient } from "../../autodiff/tape.js";
import { backend } from "../op.js";

/** out[i] = x[offset + sum_j i_j * strides[j]] over `outShape` (a slice, flip, diagonal or broadcast view). */
export function stridedView(x: Tensor, outShape: readonly number[], offset: number, strides: readonly number[]): Tensor {
  const out = fromData(backend().stridedCopy(x.data, outShape, offset, strides, x.dtype), outShape, x.dtype);
  recordGradient([x], [out], ([g]) => [stridedViewAdjoint(g, x.shape, offset, strides)]);
  return out;
}

/**
 * The adjoint of `stridedView`: zeros of `baseShape` with `g` added at the viewed
 * positions (added, not written, so a broadcast view with stride 0 sums correctly).
 */
export function stridedViewAdjoint(g: Tensor, baseShape: readonly number[], offset: number, strides: readonly number[]): Tensor {
  const zeros = allocate(g.dtype, sizeOf(baseShape));
  const out = fromData(backend().stridedScatter(zeros, g.data, g.shape, offset, strides, true), baseShape, g.dtype);
  recordGradient([g], [out], ([gg]) => [stridedView(gg, g.shape, offset, strides)]);
  return out;
}

/**
 * A copy of `base` with `values` written at the strided positions (which must be
 * distinct). `values` must already have `base`'s dtype.
 */
export function stridedOverwrite(base: Tensor, values: Tensor, offset: number, strides: readonly number[]): Tensor {
  const out = fromData(backend().stridedScatter(base.data, values.data, values.shape, offset, strides, false), base.shape, base.dtype);
  recordGradient([base, values], [out], ([g]) => [
    stridedOverwrite(g, fromData(allocate(g.dtype, values.size), values.shape, g.dtype), offset, strides),
    stridedView(g, values.shape, offset, strides),
  ]);
  return out;
}

/** Rows of `x` along `axis` picked by `indices` (valid, non-negative); the axis becomes `indicesShape`. */
export function gatherAxis(x: Tensor, axis: number, indices: Int32Array, indicesShape: readonly number[]): Tensor {
  const outShape = [...x.shape.slice(0, axis), ...indicesShape, ...x.shape.slice(axis + 1)];
  const out = fromData(backend().gather(x.data, x.shape, axis, indices), outShape, x.dtype);
  recordGradient([x], [out], ([g]) => [scatterAddAxis(g, x.shape, axis, indices)]);
  return out;
}

/** The adjoint of `gatherAxis`: zeros of `outShape` with the rows of `g` added at `indices` along `axis`. */
export function scatterAddAxis(g: Tensor, outShape: readonly number[], axis: number, indices: Int32Array): Tensor {
  const out = fromData(backend().scatterAdd(g.data, outShape, axis, indices, g.dtype), outShape, g.dtype);
  recordGradient([g], [out], ([gg]) => [gatherAxis(gg, axis, indices, [indices.length])]);
  return out;
}

/**
 * Validates integer indices into an axis of length `n` and wraps negative ones
 * like numpy. This touches each index once: it is argument checking, which the
 * gather kernels leave to their callers.
 */
export function normalizeIndices(indices: Tensor, n: number, context: string): Int32Array {
  if (indices.dtype !== "int32") {
    if (indices.dtype === "bool") throw new ValueError(`${context}: indices must be integers, received a bool tensor.`);
    for (let i = 0; i < indices.size; i++) {
      if (!Number.isInteger(indices.data[i])) {
        throw new ValueError(`${context}: indices must be integers, received ${indices.data[i]} (dtype ${indices.dtype}).`);
      }
    }
  }
  const out = new Int32Array(indices.size);
  for (let i = 0; i < indices.size; i++) {
    const v = indices.data[i];
    if (v < -n || v >= n) {
      throw new ValueError(`${context}: index ${v} is out of bounds for an axis of size ${n} (valid indices are in [${-n}, ${n - 1}]).`);
    }
    out[i] = v < 0 ? v + n : v;
  }
  return out;
}

/** One new typed array holding the given arrays back to back (block copies, no element loop). */
export function concatFlat(parts: readonly TypedArray[], dtype: DType): TypedArray {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = allocate(dtype, total);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
