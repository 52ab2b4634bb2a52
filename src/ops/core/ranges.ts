/**
 * Ranges and structured matrices: arange, linspace, eye, identity, tri,
 * triu, tril, diag, diagonal and oneHot, with numpy's semantics and Keras's
 * dtypes (creation ops default to floatx = float32; arange infers int32 from
 * integer arguments). Gradients flow through triu/tril/diag/diagonal and
 * through linspace's tensor start/stop.
 */
import { Tensor, fromData } from "../../engine/tensor.js";
import { DType, allocate, floatResult, standardizeDType } from "../../engine/dtype.js";
import { ValueError } from "../../engine/errors.js";
import { broadcastConcrete, formatShape, normalizeAxis, sizeOf, stridesOf } from "../../engine/shape.js";
import { recordGradient } from "../../autodiff/tape.js";
import { asTensor, backend, op, readOptions, TensorLike } from "../op.js";
import { reshape } from "../shape/reshape.js";
import { transpose } from "../shape/transpose.js";
import { cast } from "./cast.js";
import { add, divide, multiply, subtract } from "../math/arithmetic.js";
import { floor } from "../math/unary.js";
import { equal, lessEqual } from "../math/comparison.js";
import { where } from "../math/select.js";

type DTypeArg = DType | string | null;

function checkCount(value: unknown, what: string, opName: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new ValueError(`ops.${opName}: ${what} must be a non-negative integer, received ${String(value)}.`);
  }
  return value;
}

function checkInteger(value: unknown, what: string, opName: string): number {
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new ValueError(`ops.${opName}: ${what} must be an integer, received ${String(value)}.`);
  }
  return value;
}

/** Moves axis 0 of `t` to position `to` (numpy's moveaxis(t, 0, to)). */
function moveFirstAxis(t: Tensor, to: number): Tensor {
  if (to === 0) return t;
  const perm = t.shape.map((_, i) => i).slice(1);
  perm.splice(to, 0, 0);
  return transpose(t, perm);
}

// ---- arange, linspace ----

export interface ArangeOptions {
  stop?: number | null;
  step?: number | null;
  dtype?: DTypeArg;
}

/**
 * numpy's arange: `arange(n)` is 0..n-1; `arange(start, stop, step)`. The dtype
 * defaults to int32 when every argument is an integer, else float32 (a JS
 * number cannot say "float" the way Python's 1.0 does: pass a dtype for that).
 */
export function arange(start: number, ...rest: [(number | null)?, (number | null)?, DTypeArg?] | [ArangeOptions]): Tensor {
  const { stop = null, step = null, dtype = null } = readOptions<ArangeOptions & Record<string, unknown>>("arange", rest, ["stop", "step", "dtype"]);
  const args = [start, stop, step].filter((v): v is number => v !== null && v !== undefined);
  for (const v of args) {
    if (typeof v !== "number" || !Number.isFinite(v)) throw new ValueError(`ops.arange: arguments must be finite numbers, received ${String(v)}.`);
  }
  const [from, to] = stop === null || stop === undefined ? [0, start] : [start, stop];
  const delta = step ?? 1;
  if (delta === 0) throw new ValueError("ops.arange: step must not be zero (received step=0).");
  const dt: DType = dtype ? standardizeDType(dtype, "ops.arange") : args.every(Number.isInteger) ? "int32" : "float32";
  const n = Math.max(0, Math.ceil((to - from) / delta));
  if (n > 2 ** 31 - 1) throw new ValueError(`ops.arange: the range [${from}, ${to}) with step ${delta} has ${n} elements, too many to allocate.`);
  const data = allocate(dt, n);
  // Values are computed in double precision, then stored in the target dtype.
  if (dt === "int32") for (let i = 0; i < n; i++) data[i] = Math.floor(from + i * delta);
  else if (dt === "bool") for (let i = 0; i < n; i++) data[i] = from + i * delta !== 0 ? 1 : 0;
  else for (let i = 0; i < n; i++) data[i] = from + i * delta;
  return fromData(data, [n], dt);
}

export interface LinspaceOptions {
  num?: number;
  endpoint?: boolean;
  retstep?: boolean;
  dtype?: DTypeArg;
  axis?: number;
}

type Endpoint = number | TensorLike;

function linspaceImpl(start: Endpoint, stop: Endpoint, ...rest: unknown[]): Tensor | [Tensor, Tensor] {
  const { num = 50, endpoint = true, retstep = false, dtype = null, axis = 0 } = readOptions<LinspaceOptions & Record<string, unknown>>(
    "linspace",
    rest,
    ["num", "endpoint", "retstep", "dtype", "axis"],
  );
  checkCount(num, "num (the number of samples)", "linspace");
  // JS numbers become float64 directly (no detour through float32).
  const s0 = typeof start === "number" ? asTensor(start, "linspace", "float64") : asTensor(start, "linspace");
  const e0 = typeof stop === "number" ? asTensor(stop, "linspace", "float64") : asTensor(stop, "linspace");
  // Keras: result_type(start, stop, float): float32 unless a float64 tensor is involved.
  const wide = (v: Endpoint, t: Tensor) => typeof v !== "number" && t.dtype === "float64";
  const dt: DType = dtype ? standardizeDType(dtype, "ops.linspace") : wide(start, s0) || wide(stop, e0) ? "float64" : "float32";
  // Computed in float64 (differentiably, so tensor endpoints get gradients), then cast.
  const s = cast(s0, "float64");
  const e = cast(e0, "float64");
  const shape = broadcastConcrete(s.shape, e.shape, "ops.linspace");
  const ax = normalizeAxis(axis, shape.length + 1, "ops.linspace");
  const div = endpoint ? num - 1 : num;
  const iota = reshape(arange(num, { dtype: "float64" }), [num, ...shape.map(() => 1)]);
  const delta = subtract(e, s);
  const step = div > 0 ? divide(delta, div) : multiply(delta, NaN);
  let y = add(multiply(iota, div > 0 ? step : delta), s);
  if (endpoint && num > 1) {
    const last = equal(iota, num - 1);
    y = where(last, e, y);
  }
  if (dt === "int32") y = floor(y);
  y = moveFirstAxis(cast(y, dt), ax);
  return retstep ? [y, cast(step, floatResult(dt))] : y;
}

/**
 * `num` evenly spaced samples from start to stop (numpy's linspace); start and
 * stop may be tensors (samples then run along `axis`). With `retstep` the
 * result is [samples, step].
 */
export const linspace = op("linspace", linspaceImpl) as {
  (start: Endpoint, stop: Endpoint, num?: number, endpoint?: boolean, retstep?: false, dtype?: DTypeArg, axis?: number): Tensor;
  (start: Endpoint, stop: Endpoint, options: LinspaceOptions & { retstep?: false }): Tensor;
  (start: Endpoint, stop: Endpoint, num: number, endpoint: boolean, retstep: true, dtype?: DTypeArg, axis?: number): [Tensor, Tensor];
  (start: Endpoint, stop: Endpoint, options: LinspaceOptions & { retstep: true }): [Tensor, Tensor];
};

// ---- eye, identity, tri ----

export interface EyeOptions {
  M?: number | null;
  k?: number;
  dtype?: DTypeArg;
}

/** An N x M matrix with ones on the k-th diagonal (numpy's eye); dtype defaults to float32. */
export function eye(N: number, ...rest: [(number | null)?, number?, DTypeArg?] | [EyeOptions]): Tensor {
  const { M = null, k = 0, dtype = null } = readOptions<EyeOptions & Record<string, unknown>>("eye", rest, ["M", "k", "dtype"]);
  const rows = checkCount(N, "N", "eye");
  const cols = M === null || M === undefined ? rows : checkCount(M, "M", "eye");
  checkInteger(k, "k", "eye");
  const dt = standardizeDType(dtype ?? "float32", "ops.eye");
  const len = Math.max(0, k >= 0 ? Math.min(rows, cols - k) : Math.min(rows + k, cols));
  const base = allocate(dt, rows * cols);
  if (len === 0) return fromData(base, [rows, cols], dt);
  const ones = allocate(dt, len).fill(1);
  const offset = k >= 0 ? k : -k * cols;
  return fromData(backend().stridedScatter(base, ones, [len], offset, [cols + 1], false), [rows, cols], dt);
}

/** The n x n identity matrix; dtype defaults to float32. */
export function identity(n: number, dtype: DTypeArg = null): Tensor {
  checkCount(n, "n", "identity");
  return eye(n, { dtype: dtype ?? "float32" });
}

/** Bool N x M mask, true on and below the k-th diagonal (j <= i + k). */
function lowerMask(rows: number, cols: number, k: number): Tensor {
  const i = reshape(arange(rows), [rows, 1]);
  const j = reshape(arange(cols), [1, cols]);
  return lessEqual(j, add(i, k));
}

export interface TriOptions {
  M?: number | null;
  k?: number;
  dtype?: DTypeArg;
}

/** An N x M matrix with ones on and below the k-th diagonal (numpy's tri); dtype defaults to float32. */
export function tri(N: number, ...rest: [(number | null)?, number?, DTypeArg?] | [TriOptions]): Tensor {
  const { M = null, k = 0, dtype = null } = readOptions<TriOptions & Record<string, unknown>>("tri", rest, ["M", "k", "dtype"]);
  const rows = checkCount(N, "N", "tri");
  const cols = M === null || M === undefined ? rows : checkCount(M, "M", "tri");
  checkInteger(k, "k", "tri");
  return cast(lowerMask(rows, cols, k), standardizeDType(dtype ?? "float32", "ops.tri"));
}

// ---- triu, tril ----

function triangle(name: "tril" | "triu") {
  return op(name, (x: TensorLike, ...rest: [number?] | [{ k?: number }]): Tensor => {
    const t = asTensor(x, name);
    const { k = 0 } = readOptions<{ k: number }>(name, rest, ["k"]);
    checkInteger(k, "k", name);
    if (t.rank < 2) {
      throw new ValueError(`ops.${name}: the input must be at least 2-D (the last two axes form the matrices), received shape ${formatShape(t.shape)}.`);
    }
    const rows = t.shape[t.rank - 2];
    const cols = t.shape[t.rank - 1];
    // A bool zero keeps bool inputs bool (a JS 0 would promote them to int32).
    const zero = t.dtype === "bool" ? false : 0;
    return name === "tril" ? where(lowerMask(rows, cols, k), t, zero) : where(lowerMask(rows, cols, k - 1), zero, t);
  });
}

/** Zeros above the k-th diagonal of the last two axes. */
export const tril = triangle("tril");
/** Zeros below the k-th diagonal of the last two axes. */
export const triu = triangle("triu");

// ---- diagonal, diag ----

/** Where the `offset` diagonal of axes (a1, a2) of `shape` lives: its length and the strided view onto it. */
function diagonalView(shape: readonly number[], offset: number, a1: number, a2: number) {
  const strides = stridesOf(shape);
  const d1 = shape[a1];
  const d2 = shape[a2];
  const len = Math.max(0, offset >= 0 ? Math.min(d1, d2 - offset) : Math.min(d1 + offset, d2));
  const others = shape.map((_, i) => i).filter((i) => i !== a1 && i !== a2);
  return {
    viewShape: [...others.map((i) => shape[i]), len],
    viewStrides: [...others.map((i) => strides[i]), strides[a1] + strides[a2]],
    start: len === 0 ? 0 : offset >= 0 ? offset * strides[a2] : -offset * strides[a1],
  };
}

/** The diagonal of axes (a1, a2) as the last axis (numpy's diagonal); its adjoint is `embedDiagonal`. */
function extractDiagonal(x: Tensor, offset: number, a1: number, a2: number): Tensor {
  const v = diagonalView(x.shape, offset, a1, a2);
  const out = fromData(backend().stridedCopy(x.data, v.viewShape, v.start, v.viewStrides, x.dtype), v.viewShape, x.dtype);
  recordGradient([x], [out], ([g]) => [embedDiagonal(g, x.shape, offset, a1, a2)]);
  return out;
}

/** Zeros of `shape` with `values` (shaped as extractDiagonal's output) on that diagonal. */
function embedDiagonal(values: Tensor, shape: readonly number[], offset: number, a1: number, a2: number): Tensor {
  const v = diagonalView(shape, offset, a1, a2);
  const base = allocate(values.dtype, sizeOf(shape));
  const data = sizeOf(v.viewShape) === 0 ? base : backend().stridedScatter(base, values.data, v.viewShape, v.start, v.viewStrides, false);
  const out = fromData(data, shape, values.dtype);
  recordGradient([values], [out], ([g]) => [extractDiagonal(g, offset, a1, a2)]);
  return out;
}

export interface DiagonalOptions {
  offset?: number;
  axis1?: number;
  axis2?: number;
}

/**
 * The `offset` diagonal of the matrices spanned by axes (axis1, axis2):
 * those two axes are removed and the diagonal becomes the last axis (numpy's diagonal).
 */
export const diagonal = op("diagonal", (x: TensorLike, ...rest: unknown[]): Tensor => {
  const t = asTensor(x, "diagonal");
  const { offset = 0, axis1 = 0, axis2 = 1 } = readOptions<DiagonalOptions & Record<string, unknown>>("diagonal", rest, ["offset", "axis1", "axis2"]);
  checkInteger(offset, "offset", "diagonal");
  if (t.rank < 2) {
    throw new ValueError(`ops.diagonal: the input must be at least 2-D, received shape ${formatShape(t.shape)}.`);
  }
  const a1 = normalizeAxis(axis1, t.rank, "ops.diagonal");
  const a2 = normalizeAxis(axis2, t.rank, "ops.diagonal");
  if (a1 === a2) throw new ValueError(`ops.diagonal: axis1 and axis2 cannot be the same (received axis1=${axis1}, axis2=${axis2}).`);
  return extractDiagonal(t, offset, a1, a2);
}) as {
  (x: TensorLike, offset?: number, axis1?: number, axis2?: number): Tensor;
  (x: TensorLike, options: DiagonalOptions): Tensor;
};

/** numpy's diag: a 1-D input becomes a matrix with it on the k-th diagonal; a 2-D input gives its k-th diagonal. */
export const diag = op("diag", (x: TensorLike, ...rest: [number?] | [{ k?: number }]): Tensor => {
  const t = asTensor(x, "diag");
  const { k = 0 } = readOptions<{ k: number }>("diag", rest, ["k"]);
  checkInteger(k, "k", "diag");
  if (t.rank === 1) {
    const n = t.shape[0] + Math.abs(k);
    return embedDiagonal(t, [n, n], k, 0, 1);
  }
  if (t.rank === 2) return extractDiagonal(t, k, 0, 1);
  throw new ValueError(`ops.diag: the input must be 1-D or 2-D, received shape ${formatShape(t.shape)}.`);
});

// ---- oneHot ----

export interface OneHotOptions {
  axis?: number;
  dtype?: DTypeArg;
  sparse?: boolean;
}

/**
 * One-hot encodes integer class ids along a new axis of length `numClasses`
 * (default the last). Ids outside [0, numClasses) give all-zero vectors, as in Keras.
 */
export const oneHot = op("oneHot", (x: TensorLike, numClasses: number, ...rest: unknown[]): Tensor => {
  const t = asTensor(x, "oneHot");
  const { axis = -1, dtype = null, sparse = false } = readOptions<OneHotOptions & Record<string, unknown>>("oneHot", rest, ["axis", "dtype", "sparse"]);
  checkCount(numClasses, "numClasses", "oneHot");
  if (sparse) throw new ValueError("ops.oneHot: sparse=true is not supported (keras-ts has no sparse tensors).");
  const ax = normalizeAxis(axis, t.rank + 1, "ops.oneHot");
  const hot = equal(reshape(t, [...t.shape, 1]), arange(numClasses));
  return moveLastAxis(cast(hot, standardizeDType(dtype ?? "float32", "ops.oneHot")), ax);
}) as {
  (x: TensorLike, numClasses: number, axis?: number, dtype?: DTypeArg, sparse?: boolean): Tensor;
  (x: TensorLike, numClasses: number, options: OneHotOptions): Tensor;
};

/** Moves the last axis of `t` to position `to`. */
function moveLastAxis(t: Tensor, to: number): Tensor {
  const last = t.rank - 1;
  if (to === last) return t;
  const perm = t.shape.map((_, i) => i).slice(0, last);
  perm.splice(to, 0, last);
  return transpose(t, perm);
}
