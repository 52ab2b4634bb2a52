/** Data-movement kernels: strided copy (transpose/broadcast/slice/flip), its adjoint, gather and scatter-add. */
import { DType, TypedArray, allocate } from "../../engine/dtype.js";
import { Shape, sizeOf } from "../../engine/shape.js";
import { collapse, forEachRow, splitAroundAxis } from "./iterate.js";

export function stridedCopy(x: TypedArray, outShape: Shape, offset: number, strides: readonly number[], outDtype: DType): TypedArray {
  const size = sizeOf(outShape);
  const out = allocate(outDtype, size);
  if (size === 0) return out;
  if (outShape.length === 0) {
    out[0] = x[offset];
    return out;
  }
  const c = collapse(outShape, [strides]);
  const last = c.shape.length - 1;
  const n = c.shape[last];
  const s = c.strides[0][last];
  if (c.shape.length === 1 && s === 1) {
    // A contiguous run: one block copy.
    if (out.constructor === x.constructor) out.set(x.subarray(offset, offset + n));
    else for (let i = 0; i < n; i++) out[i] = x[offset + i];
    return out;
  }
  forEachRow(c.shape, c.strides, [offset], (off, o) => {
    let xi = off[0];
    if (s === 1) {
      for (let i = 0; i < n; i++) out[o + i] = x[xi + i];
    } else {
      for (let i = 0; i < n; i++, xi += s) out[o + i] = x[xi];
    }
  });
  return out;
}

export function stridedScatter(
  base: TypedArray, values: TypedArray, valuesShape: Shape, offset: number, strides: readonly number[], accumulate: boolean,
): TypedArray {
  const out = base.slice();
  if (values.length === 0) return out;
  if (valuesShape.length === 0) {
    out[offset] = accumulate ? out[offset] + values[0] : values[0];
    return out;
  }
  const c = collapse(valuesShape, [strides]);
  const last = c.shape.length - 1;
  const n = c.shape[last];
  const s = c.strides[0][last];
  forEachRow(c.shape, c.strides, [offset], (off, v) => {
    let oi = off[0];
    if (accumulate) for (let i = 0; i < n; i++, oi += s) out[oi] += values[v + i];
    else for (let i = 0; i < n; i++, oi += s) out[oi] = values[v + i];
  });
  return out;
}

export function gather(x: TypedArray, shape: Shape, axis: number, indices: Int32Array): TypedArray {
  const [outer, len, inner] = splitAroundAxis(shape, axis);
  const k = indices.length;
  const out = allocate(dtypeOf(x), outer * k * inner);
  for (let o = 0; o < outer; o++) {
    const src = o * len * inner;
    const dst = o * k * inner;
    for (let j = 0; j < k; j++) {
      const from = src + indices[j] * inner;
      const to = dst + j * inner;
      if (inner === 1) out[to] = x[from];
      else out.set(x.subarray(from, from + inner), to);
    }
  }
  return out;
}

export function scatterAdd(updates: TypedArray, outShape: Shape, axis: number, indices: Int32Array, outDtype: DType): TypedArray {
  const [outer, len, inner] = splitAroundAxis(outShape, axis);
  const k = indices.length;
  const out = allocate(outDtype, outer * len * inner);
  for (let o = 0; o < outer; o++) {
    const dst = o * len * inner;
    const src = o * k * inner;
    for (let j = 0; j < k; j++) {
      const to = dst + indices[j] * inner;
      const from = src + j * inner;
      for (let i = 0; i < inner; i++) out[to + i] += updates[from + i];
    }
  }
  return out;
}

export function dtypeOf(x: TypedArray): DType {
  if (x instanceof Float32Array) return "float32";
  if (x instanceof Float64Array) return "float64";
  if (x instanceof Int32Array) return "int32";
  return "bool";
}
