/**
 * Reductions beyond sum/mean: prod, var, std, logsumexp, all, any,
 * countNonzero and norm, with Keras's dtypes and numpy's semantics.
 *
 * Square roots at zero (std of a constant, the L2 / Frobenius norm of zeros)
 * get a zero gradient instead of NaN: the double-`where` trick keeps the
 * infinite derivative of sqrt out of the backward pass. This is a subgradient,
 * and what training code wants; JAX returns NaN there.
 */
import { Tensor, fromData } from "../../engine/tensor.js";
import { DType, floatResult, standardizeDType } from "../../engine/dtype.js";
import { ValueError } from "../../engine/errors.js";
import { formatShape, normalizeAxis } from "../../engine/shape.js";
import { recordGradient } from "../../autodiff/tape.js";
import { asTensor, backend, op, readOptions, TensorLike } from "../op.js";
import { Axis, ReduceOptions, keptShape, reducedShape, resolveAxes } from "./axis-args.js";
import { mean, sum } from "./sum.js";
import { max, min } from "./extrema.js";
import { scan, shiftAlong } from "./scan.js";
import { reshape } from "../shape/reshape.js";
import { broadcastTo } from "../shape/broadcast-to.js";
import { transpose } from "../shape/transpose.js";
import { cast } from "../core/cast.js";
import { add, multiply, power, subtract } from "../math/arithmetic.js";
import { abs, exp, log, sqrt, square } from "../math/unary.js";
import { equal, notEqual } from "../math/comparison.js";
import { where } from "../math/select.js";
import { singularValues } from "../linalg/svd.js";

type ReduceFn = {
  (x: TensorLike, axis?: Axis, keepdims?: boolean): Tensor;
  (x: TensorLike, options: ReduceOptions): Tensor;
};

function readReduceArgs(opName: string, rest: unknown[]): { axis: Axis | undefined; keepdims: boolean } {
  const { axis, keepdims = false } = readOptions<ReduceOptions & Record<string, unknown>>(opName, rest, ["axis", "keepdims"]);
  return { axis, keepdims };
}

/** x in the float dtype Keras computes float-valued reductions in (int/bool -> float32), differentiably. */
function asFloat(t: Tensor): Tensor {
  const dt = floatResult(t.dtype);
  return t.dtype === dt ? t : cast(t, dt);
}

// ---- prod ----

export interface ProdOptions extends ReduceOptions {
  dtype?: DType | string | null;
}

/**
 * Product over `axes`. Its gradient is the product of the *other* entries of
 * each reduced group, built from exclusive running products in both directions
 * (no division, so zeros are handled exactly).
 */
export const prod = op("prod", (x: TensorLike, ...rest: unknown[]): Tensor => {
  const t0 = asTensor(x, "prod");
  const { axis, keepdims = false, dtype = null } = readOptions<ProdOptions & Record<string, unknown>>("prod", rest, ["axis", "keepdims", "dtype"]);
  // Keras multiplies bools as int32.
  const outDtype = dtype !== null && dtype !== undefined ? standardizeDType(dtype, "ops.prod") : t0.dtype === "bool" ? "int32" : t0.dtype;
  const t = t0.dtype === outDtype ? t0 : cast(t0, outDtype);
  const axes = resolveAxes(axis, t.rank, "prod");
  const outShape = reducedShape(t.shape, axes, keepdims);
  const out = fromData(backend().reduce("prod", t.data, t.shape, axes, outDtype), outShape, outDtype);
  recordGradient([t], [out], ([g]) => [multiply(broadcastTo(reshape(g, keptShape(t.shape, axes)), t.shape), productOfOthers(t, axes))]);
  return out;
}) as {
  (x: TensorLike, axis?: Axis, keepdims?: boolean, dtype?: DType | string | null): Tensor;
  (x: TensorLike, options: ProdOptions): Tensor;
};

/** For each entry, the product of the other entries of its group over `axes` (shape of x). */
function productOfOthers(x: Tensor, axes: readonly number[]): Tensor {
  // Bring the reduced axes to the end and merge them into one.
  const kept = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const perm = [...kept, ...axes];
  const moved = transpose(x, perm);
  const groupLen = axes.reduce((n, a) => n * x.shape[a], 1);
  const rows = reshape(moved, [...kept.map((i) => x.shape[i]), groupLen]);
  const last = rows.rank - 1;
  const left = shiftAlong(scan("prod", rows, last, false), last, 1, 1);
  const right = shiftAlong(scan("prod", rows, last, true), last, -1, 1);
  const others = reshape(multiply(left, right), moved.shape);
  const inverse = new Array<number>(perm.length);
  perm.forEach((p, i) => (inverse[p] = i));
  return transpose(others, inverse);
}

// ---- var, std ----

/** Population variance (ddof 0), as Keras; int/bool inputs give float32. Public as `var` (a reserved word in JS). */
const variance = op("var", (x: TensorLike, ...rest: unknown[]): Tensor => {
  const t = asFloat(asTensor(x, "var"));
  const { axis, keepdims } = readReduceArgs("var", rest);
  const axes = resolveAxes(axis, t.rank, "var");
  const centered = subtract(t, mean(t, axes, true));
  return mean(square(centered), axes, keepdims);
}) as ReduceFn;
export { variance as var };

/** Population standard deviation (ddof 0); its gradient is 0 where it is 0. */
export const std = op("std", (x: TensorLike, ...rest: unknown[]): Tensor => {
  const t = asFloat(asTensor(x, "std"));
  const { axis, keepdims } = readReduceArgs("std", rest);
  return safeSqrt(variance(t, { axis: axis ?? null, keepdims }));
}) as ReduceFn;

/** sqrt with a zero (not NaN) gradient at 0. */
function safeSqrt(s: Tensor): Tensor {
  const zero = equal(s, 0);
  return where(zero, 0, sqrt(where(zero, 1, s)));
}

// ---- logsumexp ----

/** log(sum(exp(x))) computed as m + log(sum(exp(x - m))) with m the (constant) max, so it never overflows. */
export const logsumexp = op("logsumexp", (x: TensorLike, ...rest: unknown[]): Tensor => {
  const t = asFloat(asTensor(x, "logsumexp"));
  const { axis, keepdims } = readReduceArgs("logsumexp", rest);
  const axes = resolveAxes(axis, t.rank, "logsumexp");
  const kept = keptShape(t.shape, axes);
  // The shift is a constant for autodiff (any shift gives the same value and gradient);
  // non-finite maxima (all -inf, an inf, or an empty group) are replaced by 0 as scipy does.
  const m = backend().reduce("max", t.data, t.shape, axes, t.dtype);
  for (let i = 0; i < m.length; i++) if (!Number.isFinite(m[i])) m[i] = 0;
  const shift = fromData(m, kept, t.dtype);
  const total = add(log(sum(exp(subtract(t, shift)), axes, true)), shift);
  return keepdims ? total : reshape(total, reducedShape(t.shape, axes, false));
}) as ReduceFn;

// ---- logical reductions ----

function logicalReduce(kind: "all" | "any"): ReduceFn {
  return op(kind, (x: TensorLike, ...rest: unknown[]): Tensor => {
    const t = asTensor(x, kind);
    const { axis, keepdims } = readReduceArgs(kind, rest);
    const axes = resolveAxes(axis, t.rank, kind);
    return fromData(backend().reduce(kind, t.data, t.shape, axes, "bool"), reducedShape(t.shape, axes, keepdims), "bool");
  }) as ReduceFn;
}

/** True where every entry is non-zero (NaN counts as true); all of an empty group is true. */
export const all = logicalReduce("all");
/** True where some entry is non-zero (NaN counts as true); any of an empty group is false. */
export const any = logicalReduce("any");

/** Number of non-zero entries over `axis` (null: all), int32. Keras's signature has no keepdims. */
export const countNonzero = op("countNonzero", (x: TensorLike, ...rest: unknown[]): Tensor => {
  const t = asTensor(x, "countNonzero");
  const { axis } = readOptions<{ axis?: Axis } & Record<string, unknown>>("countNonzero", rest, ["axis"]);
  const axes = resolveAxes(axis, t.rank, "countNonzero");
  const nonzero = notEqual(t, 0);
  return fromData(backend().reduce("sum", nonzero.data, nonzero.shape, axes, "int32"), reducedShape(t.shape, axes, false), "int32");
}) as {
  (x: TensorLike, axis?: Axis): Tensor;
  (x: TensorLike, options: { axis?: Axis }): Tensor;
};

// ---- norm ----

export type NormOrder = number | "fro" | "nuc" | null;

export interface NormOptions {
  ord?: NormOrder;
  axis?: Axis;
  keepdims?: boolean;
}

/**
 * numpy's `linalg.norm`: with `axis` null and `ord` null, the 2-norm of the
 * flattened tensor; an int axis (or one-element array) gives vector norms
 * (ord: null/2, Infinity, -Infinity, 0 (count of non-zeros), 1, any p);
 * a two-axis `axis` (or a 2-D input with axis null) gives matrix norms
 * (ord: null/"fro", 1, -1, Infinity, -Infinity). int/bool inputs give float32.
 */
export const norm = op("norm", (x: TensorLike, ...rest: unknown[]): Tensor => {
  const t = asFloat(asTensor(x, "norm"));
  const { ord = null, axis = null, keepdims = false } = readOptions<NormOptions & Record<string, unknown>>("norm", rest, ["ord", "axis", "keepdims"]);
  if (ord !== null && typeof ord !== "number" && ord !== "fro" && ord !== "nuc") {
    throw new ValueError(`ops.norm: invalid norm order ${JSON.stringify(ord)}. Expected null, a number, "fro" or "nuc".`);
  }
  let axes: number[];
  if (axis === null) {
    if (ord === null) return twoNorm(t, t.shape.map((_, i) => i), keepdims);
    if (t.rank !== 1 && t.rank !== 2) {
      throw new ValueError(
        `ops.norm: improper number of dimensions to norm: with axis=null and ord=${String(ord)} the input must be 1-D or 2-D, received shape ${formatShape(t.shape)}.`,
      );
    }
    axes = t.rank === 1 ? [0] : [0, 1];
  } else {
    // Order matters for matrix norms (rows, then columns), so no sorting here.
    axes = (typeof axis === "number" ? [axis] : Array.from(axis)).map((a) => normalizeAxis(a, t.rank, "ops.norm"));
  }
  if (axes.length === 1) return vectorNorm(t, axes[0], ord, keepdims);
  if (axes.length === 2) {
    if (axes[0] === axes[1]) throw new ValueError(`ops.norm: duplicate axes given: ${JSON.stringify(axis)}.`);
    return matrixNorm(t, axes[0], axes[1], ord, keepdims);
  }
  throw new ValueError(`ops.norm: improper number of dimensions to norm: axis must name 1 or 2 axes, received ${JSON.stringify(axis)}.`);
}) as {
  (x: TensorLike, ord?: NormOrder, axis?: Axis, keepdims?: boolean): Tensor;
  (x: TensorLike, options: NormOptions): Tensor;
};

/** sqrt(sum(x^2)) over `axes`, with a zero gradient where the norm is zero. */
function twoNorm(t: Tensor, axes: readonly number[], keepdims: boolean): Tensor {
  return safeSqrt(sum(square(t), axes, keepdims));
}

function vectorNorm(t: Tensor, axis: number, ord: NormOrder, keepdims: boolean): Tensor {
  if (ord === null || ord === 2) return twoNorm(t, [axis], keepdims);
  if (typeof ord === "string") throw new ValueError(`ops.norm: invalid norm order '${ord}' for vectors.`);
  if (ord === Infinity) return max(abs(t), axis, keepdims);
  if (ord === -Infinity) return min(abs(t), axis, keepdims);
  // The number of non-zero entries, as a float (zero gradient).
  if (ord === 0) return sum(cast(notEqual(t, 0), t.dtype), axis, keepdims);
  if (ord === 1) return sum(abs(t), axis, keepdims);
  if (Number.isNaN(ord)) throw new ValueError("ops.norm: invalid norm order NaN for vectors.");
  // (sum |x|^p)^(1/p). Zero entries (and a zero total) are routed around power so the
  // gradient there is 0 rather than 0 * inf: a subgradient for p < 1, where none exists.
  const a = abs(t);
  const zero = equal(a, 0);
  const terms = where(zero, Math.pow(0, ord), power(where(zero, 1, a), ord));
  const total = sum(terms, axis, keepdims);
  const zeroTotal = equal(total, 0);
  return where(zeroTotal, Math.pow(0, 1 / ord), power(where(zeroTotal, 1, total), 1 / ord));
}

function matrixNorm(t: Tensor, rowAxis: number, colAxis: number, ord: NormOrder, keepdims: boolean): Tensor {
  let out: Tensor;
  if (ord === null || ord === "fro") {
    out = twoNorm(t, [rowAxis, colAxis], false);
  } else if (ord === "nuc" || ord === 2 || ord === -2) {
    // Sum, largest or smallest singular value.
    const s = singularValues(t, rowAxis, colAxis);
    out = ord === "nuc" ? sum(s, -1) : (ord === 2 ? max : min)(s, -1);
  } else if (ord === 1 || ord === -1) {
    // Largest (smallest) absolute column sum.
    const colSums = sum(abs(t), rowAxis);
    out = (ord === 1 ? max : min)(colSums, colAxis > rowAxis ? colAxis - 1 : colAxis);
  } else if (ord === Infinity || ord === -Infinity) {
    // Largest (smallest) absolute row sum.
    const rowSums = sum(abs(t), colAxis);
    out = (ord === Infinity ? max : min)(rowSums, rowAxis > colAxis ? rowAxis - 1 : rowAxis);
  } else {
    throw new ValueError(`ops.norm: invalid norm order ${JSON.stringify(ord)} for matrices. Expected null, "fro", 1, -1, Infinity or -Infinity.`);
  }
  if (!keepdims) return out;
  return reshape(out, t.shape.map((d, i) => (i === rowAxis || i === colAxis ? 1 : d)));
}
