/**
 * Elementwise kernels. Each op gets its own tight loop (one function literal
 * per op keeps V8's type feedback monomorphic); broadcasting is handled by
 * collapsing dims and running those loops over contiguous rows.
 */
import { DType, TypedArray, allocate } from "../../engine/dtype.js";
import { Shape, broadcastStrides, sizeOf } from "../../engine/shape.js";
import type { BinaryOp, UnaryOp } from "../backend.js";
import { collapse, forEachRow } from "./iterate.js";
import { erf, erfinv, pyFloorDiv, pyMod, roundHalfEven, sigmoid, softplus } from "./special-functions.js";
import { ACTIVATIONS } from "./activation-kernels.js";

type Arr = TypedArray;
type UnaryLoop = (x: Arr, o: Arr, n: number) => void;

const UNARY: Record<UnaryOp, UnaryLoop> = {
  neg: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = -x[i]; },
  abs: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.abs(x[i]); },
  sign: (x, o, n) => { for (let i = 0; i < n; i++) { const v = x[i]; o[i] = v > 0 ? 1 : v < 0 ? -1 : v; } },
  sqrt: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.sqrt(x[i]); },
  rsqrt: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = 1 / Math.sqrt(x[i]); },
  square: (x, o, n) => { for (let i = 0; i < n; i++) { const v = x[i]; o[i] = v * v; } },
  reciprocal: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = 1 / x[i]; },
  exp: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.exp(x[i]); },
  expm1: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.expm1(x[i]); },
  log: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.log(x[i]); },
  log1p: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.log1p(x[i]); },
  log2: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.log2(x[i]); },
  log10: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.log10(x[i]); },
  sin: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.sin(x[i]); },
  cos: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.cos(x[i]); },
  tan: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.tan(x[i]); },
  asin: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.asin(x[i]); },
  acos: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.acos(x[i]); },
  atan: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.atan(x[i]); },
  sinh: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.sinh(x[i]); },
  cosh: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.cosh(x[i]); },
  tanh: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.tanh(x[i]); },
  asinh: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.asinh(x[i]); },
  acosh: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.acosh(x[i]); },
  atanh: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.atanh(x[i]); },
  erf: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = erf(x[i]); },
  erfinv: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = erfinv(x[i]); },
  floor: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.floor(x[i]); },
  ceil: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.ceil(x[i]); },
  round: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = roundHalfEven(x[i]); },
  trunc: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.trunc(x[i]); },
  sigmoid: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = sigmoid(x[i]); },
  // numpy's maximum(x, 0) propagates NaN.
  relu: (x, o, n) => { for (let i = 0; i < n; i++) { const v = x[i]; o[i] = v > 0 || v !== v ? v : 0; } },
  softplus: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = softplus(x[i]); },
  logicalNot: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = x[i] === 0 ? 1 : 0; },
  isnan: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = x[i] !== x[i] ? 1 : 0; },
  isinf: (x, o, n) => { for (let i = 0; i < n; i++) { const v = x[i]; o[i] = v === Infinity || v === -Infinity ? 1 : 0; } },
  isfinite: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Number.isFinite(x[i]) ? 1 : 0; },
  ...ACTIVATIONS,
};

export function unary(op: UnaryOp, x: TypedArray, outDtype: DType): TypedArray {
  const out = allocate(outDtype, x.length);
  UNARY[op](x, out, x.length);
  return out;
}

/** Inner loop: o[oi + i] = f(a[ai + i*sa], b[bi + i*sb]) for i < n. */
type BinaryLoop = (o: Arr, oi: number, a: Arr, ai: number, sa: number, b: Arr, bi: number, sb: number, n: number) => void;

const BINARY: Record<BinaryOp, BinaryLoop> = {
  add: (o, oi, a, ai, sa, b, bi, sb, n) => { for (let i = 0; i < n; i++, ai += sa, bi += sb) o[oi + i] = a[ai] + b[bi]; },
  sub: (o, oi, a, ai, sa, b, bi, sb, n) => { for (let i = 0; i < n; i++, ai += sa, bi += sb) o[oi + i] = a[ai] - b[bi]; },
  mul: (o, oi, a, ai, sa, b, bi, sb, n) => { for (let i = 0; i < n; i++, ai += sa, bi += sb) o[oi + i] = a[ai] * b[bi]; },
  div: (o, oi, a, ai, sa, b, bi, sb, n) => { for (let i = 0; i < n; i++, ai += sa, bi += sb) o[oi + i] = a[ai] / b[bi]; },
  floorDiv: (o, oi, a, ai, sa, b, bi, sb, n) => { for (let i = 0; i < n; i++, ai += sa, bi += sb) o[oi + i] = pyFloorDiv(a[ai], b[bi]); },
  mod: (o, oi, a, ai, sa, b, bi, sb, n) => { for (let i = 0; i < n; i++, ai += sa, bi += sb) o[oi + i] = pyMod(a[ai], b[bi]); },
  pow: (o, oi, a, ai, sa, b, bi, sb, n) => { for (let i = 0; i < n; i++, ai += sa, bi += sb) o[oi + i] = Math.pow(a[ai], b[bi]); },
  max: (o, oi, a, ai, sa, b, bi, sb, n) => {
    // numpy maximum propagates NaN.
    for (let i = 0; i < n; i++, ai += sa, bi += sb) { const x = a[ai], y = b[bi]; o[oi + i] = x > y || x !== x ? x : y; }
  },
  min: (o, oi, a, ai, sa, b, bi, sb, n) => {
    for (let i = 0; i < n; i++, ai += sa, bi += sb) { const x = a[ai], y = b[bi]; o[oi + i] = x < y || x !== x ? x : y; }
  },
  atan2: (o, oi, a, ai, sa, b, bi, sb, n) => { for (let i = 0; i < n; i++, ai += sa, bi += sb) o[oi + i] = Math.atan2(a[ai], b[bi]); },
  eq: (o, oi, a, ai, sa, b, bi, sb, n) => { for (let i = 0; i < n; i++, ai += sa, bi += sb) o[oi + i] = a[ai] === b[bi] ? 1 : 0; },
  ne: (o, oi, a, ai, sa, b, bi, sb, n) => { for (let i = 0; i < n; i++, ai += sa, bi += sb) o[oi + i] = a[ai] !== b[bi] ? 1 : 0; },
  gt: (o, oi, a, ai, sa, b, bi, sb, n) => { for (let i = 0; i < n; i++, ai += sa, bi += sb) o[oi + i] = a[ai] > b[bi] ? 1 : 0; },
  ge: (o, oi, a, ai, sa, b, bi, sb, n) => { for (let i = 0; i < n; i++, ai += sa, bi += sb) o[oi + i] = a[ai] >= b[bi] ? 1 : 0; },
  lt: (o, oi, a, ai, sa, b, bi, sb, n) => { for (let i = 0; i < n; i++, ai += sa, bi += sb) o[oi + i] = a[ai] < b[bi] ? 1 : 0; },
  le: (o, oi, a, ai, sa, b, bi, sb, n) => { for (let i = 0; i < n; i++, ai += sa, bi += sb) o[oi + i] = a[ai] <= b[bi] ? 1 : 0; },
  and: (o, oi, a, ai, sa, b, bi, sb, n) => { for (let i = 0; i < n; i++, ai += sa, bi += sb) o[oi + i] = a[ai] !== 0 && b[bi] !== 0 ? 1 : 0; },
  or: (o, oi, a, ai, sa, b, bi, sb, n) => { for (let i = 0; i < n; i++, ai += sa, bi += sb) o[oi + i] = a[ai] !== 0 || b[bi] !== 0 ? 1 : 0; },
  xor: (o, oi, a, ai, sa, b, bi, sb, n) => { for (let i = 0; i < n; i++, ai += sa, bi += sb) o[oi + i] = (a[ai] !== 0) !== (b[bi] !== 0) ? 1 : 0; },
};

export function binary(op: BinaryOp, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, outShape: Shape, outDtype: DType): TypedArray {
  const size = sizeOf(outShape);
  const out = allocate(outDtype, size);
  if (size === 0) return out;
  const loop = BINARY[op];
  // Fast paths: same size, or one side a scalar.
  if (a.length === size && b.length === size) {
    loop(out, 0, a, 0, 1, b, 0, 1, size);
    return out;
  }
  if (b.length === 1 && a.length === size) {
    loop(out, 0, a, 0, 1, b, 0, 0, size);
    return out;
  }
  if (a.length === 1 && b.length === size) {
    loop(out, 0, a, 0, 0, b, 0, 1, size);
    return out;
  }
  const c = collapse(outShape, [broadcastStrides(aShape, outShape), broadcastStrides(bShape, outShape)]);
  const last = c.shape.length - 1;
  const n = c.shape[last];
  const sa = c.strides[0][last];
  const sb = c.strides[1][last];
  forEachRow(c.shape, c.strides, [0, 0], (off, o) => loop(out, o, a, off[0], sa, b, off[1], sb, n));
  return out;
}

/**
 * out = cond ? a : b with broadcasting. One loop, no call per row: the outer
 * dims are walked by an odometer around the inner element loop, so short
 * rows (broadcast last dims) cost no more than the elements themselves.
 */
export function select(
  cond: TypedArray, condShape: Shape, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, outShape: Shape, outDtype: DType,
): TypedArray {
  const size = sizeOf(outShape);
  const out = allocate(outDtype, size);
  if (size === 0) return out;
  const c = collapse(outShape, [
    broadcastStrides(condShape, outShape), broadcastStrides(aShape, outShape), broadcastStrides(bShape, outShape),
  ]);
  const shape = c.shape;
  const [cs, as, bs] = c.strides;
  const last = shape.length - 1;
  const n = shape[last];
  const sc = cs[last], sa = as[last], sb = bs[last];
  const idx = new Int32Array(last);
  let ci = 0, ai = 0, bi = 0;
  for (let o = 0; o < size; o += n) {
    for (let i = 0, cj = ci, aj = ai, bj = bi; i < n; i++, cj += sc, aj += sa, bj += sb) out[o + i] = cond[cj] !== 0 ? a[aj] : b[bj];
    for (let d = last - 1; d >= 0; d--) {
      ci += cs[d];
      ai += as[d];
      bi += bs[d];
      if (++idx[d] < shape[d]) break;
      ci -= cs[d] * shape[d];
      ai -= as[d] * shape[d];
      bi -= bs[d] * shape[d];
      idx[d] = 0;
    }
  }
  return out;
}

export function cast(x: TypedArray, outDtype: DType): TypedArray {
  const out = allocate(outDtype, x.length);
  const n = x.length;
  if (outDtype === "bool") {
    for (let i = 0; i < n; i++) out[i] = x[i] !== 0 ? 1 : 0;
  } else if (outDtype === "int32") {
    // Truncation toward zero, as numpy's astype; non-finite values become 0 instead of garbage.
    for (let i = 0; i < n; i++) { const v = x[i]; out[i] = v === v && v !== Infinity && v !== -Infinity ? Math.trunc(v) : 0; }
  } else {
    out.set(x);
  }
  return out;
}

/** An accumulator's values in `outDtype`: the array itself when that is float64, else a rounded copy. */
export function fromFloat64(acc: Float64Array, outDtype: DType): TypedArray {
  return outDtype === "float64" ? acc : cast(acc, outDtype);
}
