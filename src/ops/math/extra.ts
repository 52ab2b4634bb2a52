/**
 * Small numpy/Keras ops composed from other public ops (so their gradients
 * come from those ops): divideNoNan, isclose, nanToNum, average, amax/amin,
 * trace, select, cross.
 */
import { Tensor } from "../../engine/tensor.js";
import { DType, isFloat, promoteTypes } from "../../engine/dtype.js";
import { ValueError } from "../../engine/errors.js";
import { formatShape, normalizeAxis } from "../../engine/shape.js";
import { asTensor, op, readOptions, TensorLike } from "../op.js";
import { binaryOperands, floatResult } from "../core/elementwise-helpers.js";
import { cast } from "../core/cast.js";
import { zerosLike } from "../core/creation.js";
import { diagonal } from "../core/ranges.js";
import { add, divide, multiply, subtract } from "./arithmetic.js";
import { abs } from "./unary.js";
import { equal, isfinite, isinf, isnan, lessEqual, logicalAnd, logicalOr, greater } from "./comparison.js";
import { where } from "./select.js";
import { sum } from "../reduction/sum.js";
import { max, min } from "../reduction/extrema.js";
import { Axis } from "../reduction/axis-args.js";
import { reshape } from "../shape/reshape.js";
import { broadcastTo } from "../shape/broadcast-to.js";
import { moveaxis } from "../shape/dims.js";
import { stack, unstack } from "../shape/join.js";

type Operand = TensorLike | number;

/**
 * Keras's `divide_no_nan(x1, x2)`: x1 / x2, but 0 where x2 == 0 (even for
 * x1 == 0 or x1 = inf). The divisor is made safe before dividing, so the
 * gradient is finite too: zero for both operands where x2 == 0.
 */
export const divideNoNan = op("divideNoNan", (x1: Operand, x2: Operand): Tensor => {
  const [a, b] = binaryOperands(x1, x2, "divideNoNan");
  const isZero = equal(b, 0);
  const safe = where(isZero, 1, b);
  const q = divide(a, safe);
  return where(isZero, 0, q);
});

export interface IscloseOptions {
  rtol?: number;
  atol?: number;
  equalNan?: boolean;
}

/**
 * numpy's `isclose(x1, x2, rtol=1e-5, atol=1e-8, equal_nan=False)`:
 * |x1 - x2| <= atol + rtol * |x2| (asymmetric, as numpy), equal infinities are
 * close, NaN is close to NaN only with `equalNan`. Returns bool.
 */
export const isclose = op("isclose", (x1: Operand, x2: Operand, ...rest: [number?, number?, boolean?] | [IscloseOptions]): Tensor => {
  const { rtol = 1e-5, atol = 1e-8, equalNan = false } = readOptions<IscloseOptions & Record<string, unknown>>("isclose", rest, ["rtol", "atol", "equalNan"]);
  let [a, b, dt] = binaryOperands(x1, x2, "isclose");
  if (!isFloat(dt)) {
    dt = floatResult(dt);
    a = cast(a, dt);
    b = cast(b, dt);
  }
  const within = lessEqual(abs(subtract(a, b)), add(multiply(abs(b), rtol), atol));
  // As numpy: the tolerance test for finite pairs, equality otherwise (so inf is close only to inf).
  let close = where(logicalAnd(isfinite(a), isfinite(b)), within, equal(a, b));
  if (equalNan) close = logicalOr(close, logicalAnd(isnan(a), isnan(b)));
  return close;
}) as {
  (x1: Operand, x2: Operand, rtol?: number, atol?: number, equalNan?: boolean): Tensor;
  (x1: Operand, x2: Operand, options: IscloseOptions): Tensor;
};

export interface NanToNumOptions {
  nan?: number;
  posinf?: number | null;
  neginf?: number | null;
}

const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * numpy's `nan_to_num(x, nan=0.0, posinf=None, neginf=None)`: NaN becomes
 * `nan`, +inf `posinf` (default: the dtype's largest finite value), -inf
 * `neginf` (default: its most negative finite value). Int and bool inputs are
 * returned unchanged. The gradient passes through the finite entries.
 */
export const nanToNum = op("nanToNum", (x: TensorLike, ...rest: [number?, (number | null)?, (number | null)?] | [NanToNumOptions]): Tensor => {
  const t = asTensor(x, "nanToNum");
  const { nan = 0, posinf = null, neginf = null } = readOptions<NanToNumOptions & Record<string, unknown>>("nanToNum", rest, ["nan", "posinf", "neginf"]);
  if (!isFloat(t.dtype)) return t;
  const big = t.dtype === "float64" ? Number.MAX_VALUE : FLOAT32_MAX;
  const inf = isinf(t);
  let out = where(isnan(t), nan, t);
  out = where(logicalAnd(inf, greater(t, 0)), posinf ?? big, out);
  return where(logicalAnd(inf, greater(0, t)), neginf ?? -big, out);
}) as {
  (x: TensorLike, nan?: number, posinf?: number | null, neginf?: number | null): Tensor;
  (x: TensorLike, options: NanToNumOptions): Tensor;
};

export interface AverageOptions {
  axis?: number | null;
  weights?: TensorLike | null;
}

/**
 * numpy's `average(x, axis=None, weights=None)`: sum(x * w) / sum(w) over
 * `axis` (all axes when null). `weights` has x's shape, or is 1-D with the
 * length of `axis`. Results are float (ints are promoted).
 */
export const average = op("average", (x: TensorLike, ...rest: [(number | null)?, (TensorLike | null)?] | [AverageOptions]): Tensor => {
  const t0 = asTensor(x, "average");
  const { axis = null, weights = null } = readOptions<AverageOptions & Record<string, unknown>>("average", rest, ["axis", "weights"]);
  if (axis !== null && (typeof axis !== "number" || !Number.isInteger(axis))) {
    throw new ValueError(`ops.average: axis must be an integer or null, received ${JSON.stringify(axis)}.`);
  }
  const ax = axis === null ? null : normalizeAxis(axis, t0.rank, "ops.average");
  if (weights === null) {
    const t = isFloat(t0.dtype) ? t0 : cast(t0, floatResult(t0.dtype));
    return divide(sum(t, ax), ax === null ? t.size : t.shape[ax]);
  }
  let w = asTensor(weights, "average");
  const dt: DType = floatResult(promoteTypes(t0.dtype, w.dtype));
  const t = cast(t0, dt);
  w = cast(w, dt);
  if (w.shape.length !== t.shape.length || w.shape.some((d, i) => d !== t.shape[i])) {
    if (ax === null) {
      throw new ValueError(`ops.average: axis must be specified when shapes of x and weights differ. Received: x.shape=${formatShape(t.shape)}, weights.shape=${formatShape(w.shape)}`);
    }
    if (w.rank !== 1 || w.shape[0] !== t.shape[ax]) {
      throw new ValueError(`ops.average: 1-D weights must have the length of x along axis ${axis}. Received: x.shape=${formatShape(t.shape)}, weights.shape=${formatShape(w.shape)}`);
    }
    w = broadcastTo(reshape(w, t.shape.map((d, i) => (i === ax ? d : 1))), t.shape);
  }
  return divide(sum(multiply(t, w), ax), sum(w, ax));
}) as {
  (x: TensorLike, axis?: number | null, weights?: TensorLike | null): Tensor;
  (x: TensorLike, options: AverageOptions): Tensor;
};

type AminmaxFn = {
  (x: TensorLike, axis?: Axis, keepdims?: boolean): Tensor;
  (x: TensorLike, options: { axis?: Axis; keepdims?: boolean }): Tensor;
};

/** numpy's `amax(x, axis=None, keepdims=False)`: `max` under its numpy alias. */
export const amax = op("amax", (x: TensorLike, ...rest: unknown[]): Tensor => {
  const { axis = null, keepdims = false } = readOptions<{ axis?: Axis; keepdims?: boolean }>("amax", rest, ["axis", "keepdims"]);
  return max(x, { axis, keepdims });
}) as AminmaxFn;

/** numpy's `amin(x, axis=None, keepdims=False)`: `min` under its numpy alias. */
export const amin = op("amin", (x: TensorLike, ...rest: unknown[]): Tensor => {
  const { axis = null, keepdims = false } = readOptions<{ axis?: Axis; keepdims?: boolean }>("amin", rest, ["axis", "keepdims"]);
  return min(x, { axis, keepdims });
}) as AminmaxFn;

export interface TraceOptions {
  offset?: number;
  axis1?: number;
  axis2?: number;
}

/** numpy's `trace(x, offset=0, axis1=0, axis2=1)`: the sum of a diagonal (bool sums as int32). */
export const trace = op("trace", (x: TensorLike, ...rest: [number?, number?, number?] | [TraceOptions]): Tensor => {
  const { offset = 0, axis1 = 0, axis2 = 1 } = readOptions<TraceOptions & Record<string, unknown>>("trace", rest, ["offset", "axis1", "axis2"]);
  return sum(diagonal(asTensor(x, "trace"), { offset, axis1, axis2 }), -1);
}) as {
  (x: TensorLike, offset?: number, axis1?: number, axis2?: number): Tensor;
  (x: TensorLike, options: TraceOptions): Tensor;
};

/**
 * numpy's `select(condlist, choicelist, default=0)`: elementwise, the choice
 * of the first condition that holds, else `default` (all broadcast together).
 */
export const select = op("select", (condlist: readonly TensorLike[], choicelist: readonly Operand[], ...rest: [Operand?] | [{ default?: Operand }]): Tensor => {
  const opts = readOptions<{ default?: Operand }>("select", rest, ["default"]);
  const fallback = opts.default ?? 0;
  if (!Array.isArray(condlist) || !Array.isArray(choicelist)) {
    throw new ValueError("ops.select: condlist and choicelist must be lists of tensors.");
  }
  if (condlist.length !== choicelist.length) {
    throw new ValueError(`ops.select: condlist and choicelist must have the same length. Received: len(condlist)=${condlist.length}, len(choicelist)=${choicelist.length}`);
  }
  if (condlist.length === 0) throw new ValueError("ops.select: condlist and choicelist must be non-empty.");
  const conds = condlist.map((c) => asTensor(c, "select"));
  for (const c of conds) {
    if (c.dtype !== "bool") throw new ValueError(`ops.select: every condition must be a bool tensor, received dtype ${c.dtype}.`);
  }
  // Later choices first, so the first condition that holds wins.
  let out: Tensor | Operand = fallback;
  for (let i = conds.length - 1; i >= 0; i--) out = where(conds[i], choicelist[i], out);
  return asTensor(out, "select");
}) as {
  (condlist: readonly TensorLike[], choicelist: readonly Operand[], defaultValue?: Operand): Tensor;
  (condlist: readonly TensorLike[], choicelist: readonly Operand[], options: { default?: Operand }): Tensor;
};

export interface CrossOptions {
  axisa?: number;
  axisb?: number;
  axisc?: number;
  axis?: number | null;
}

/**
 * numpy's `cross(x1, x2, axisa=-1, axisb=-1, axisc=-1, axis=None)`: the cross
 * product of vectors of 2 or 3 components along `axisa` / `axisb` (`axis`
 * overrides all three), broadcast over the other axes. Two 2-vectors give the
 * z component only (that axis disappears); a 2-vector is taken with z = 0
 * against a 3-vector. The result's vector axis is put at `axisc`.
 */
export const cross = op("cross", (x1: TensorLike, x2: TensorLike, ...rest: [number?, number?, number?, (number | null)?] | [CrossOptions]): Tensor => {
  const opts = readOptions<CrossOptions & Record<string, unknown>>("cross", rest, ["axisa", "axisb", "axisc", "axis"]);
  let { axisa = -1, axisb = -1, axisc = -1 } = opts;
  if (opts.axis !== null && opts.axis !== undefined) axisa = axisb = axisc = opts.axis;
  let [a, b] = binaryOperands(x1, x2, "cross");
  if (a.rank === 0 || b.rank === 0) throw new ValueError("ops.cross: inputs must be at least 1-D.");
  a = moveaxis(a, normalizeAxis(axisa, a.rank, "ops.cross"), -1);
  b = moveaxis(b, normalizeAxis(axisb, b.rank, "ops.cross"), -1);
  const na = a.shape[a.rank - 1];
  const nb = b.shape[b.rank - 1];
  if ((na !== 2 && na !== 3) || (nb !== 2 && nb !== 3)) {
    throw new ValueError(`ops.cross: incompatible dimensions for cross product (dimension must be 2 or 3). Received: vectors of ${na} and ${nb} components.`);
  }
  // A 2-vector is a 3-vector with z = 0.
  const [a0, a1, a2 = zerosLike(a0)] = unstack(a, null, -1);
  const [b0, b1, b2 = zerosLike(b0)] = unstack(b, null, -1);
  const z = subtract(multiply(a0, b1), multiply(a1, b0));
  if (na === 2 && nb === 2) return z;
  const x = subtract(multiply(a1, b2), multiply(a2, b1));
  const y = subtract(multiply(a2, b0), multiply(a0, b2));
  const out = stack([x, y, z], -1);
  return moveaxis(out, -1, normalizeAxis(axisc, out.rank, "ops.cross"));
}) as {
  (x1: TensorLike, x2: TensorLike, axisa?: number, axisb?: number, axisc?: number, axis?: number | null): Tensor;
  (x1: TensorLike, x2: TensorLike, options: CrossOptions): Tensor;
};
