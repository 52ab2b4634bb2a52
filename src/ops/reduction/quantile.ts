/**
 * numpy's quantile and median: the reduced axes are moved last and flattened,
 * sorted (differentiably, see math/sorting.ts), and the order statistics at
 * q * (n - 1) are picked and interpolated. The gradient flows to the picked
 * entries through the sort's gather.
 */
import { Tensor } from "../../engine/tensor.js";
import { isFloat } from "../../engine/dtype.js";
import { ValueError } from "../../engine/errors.js";
import { formatShape } from "../../engine/shape.js";
import { asTensor, op, readOptions, TensorLike } from "../op.js";
import { cast } from "../core/cast.js";
import { floatResult } from "../core/elementwise-helpers.js";
import { add, multiply, subtract } from "../math/arithmetic.js";
import { isnan } from "../math/comparison.js";
import { where } from "../math/select.js";
import { sort } from "../math/sorting.js";
import { any } from "./statistics.js";
import { Axis, keptShape, resolveAxes } from "./axis-args.js";
import { reshape } from "../shape/reshape.js";
import { transpose } from "../shape/transpose.js";
import { moveaxis, expandDims } from "../shape/dims.js";
import { take } from "../shape/indexing.js";

export type QuantileMethod = "linear" | "lower" | "higher" | "midpoint" | "nearest";
const METHODS: readonly QuantileMethod[] = ["linear", "lower", "higher", "midpoint", "nearest"];

export interface QuantileOptions {
  axis?: Axis;
  method?: QuantileMethod;
  keepdims?: boolean;
}

/** Round half to even, as numpy's `around` (its "nearest" method). */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** The lower and upper sorted positions and the weight of the upper one, per quantile. */
function pickPositions(qs: readonly number[], n: number, method: QuantileMethod): { lo: number[]; hi: number[]; frac: number[] } {
  const lo: number[] = [];
  const hi: number[] = [];
  const frac: number[] = [];
  for (const q of qs) {
    const pos = q * (n - 1);
    const f = Math.floor(pos);
    const c = Math.min(Math.ceil(pos), n - 1);
    if (method === "linear") {
      lo.push(f);
      hi.push(c);
      frac.push(pos - f);
    } else if (method === "midpoint") {
      lo.push(f);
      hi.push(c);
      frac.push(f === c ? 0 : 0.5);
    } else {
      const k = method === "lower" ? f : method === "higher" ? c : roundHalfEven(pos);
      lo.push(k);
      hi.push(k);
      frac.push(0);
    }
  }
  return { lo, hi, frac };
}

/**
 * Keras's `quantile(x, q, axis=None, method="linear", keepdims=False)`:
 * q in [0, 1], a number or a 1-D list / tensor (its axis then comes first in
 * the output). NaN anywhere in a reduced slice gives NaN. Results are float.
 */
export const quantile = op("quantile", (x: TensorLike, q: number | readonly number[] | TensorLike, ...rest: unknown[]): Tensor => {
  const t0 = asTensor(x, "quantile");
  const { axis = null, method = "linear", keepdims = false } = readOptions<QuantileOptions & Record<string, unknown>>("quantile", rest, ["axis", "method", "keepdims"]);
  if (!METHODS.includes(method)) {
    throw new ValueError(`ops.quantile: \`method\` must be one of ${METHODS.map((m) => `"${m}"`).join(", ")}. Received: method=${String(method)}`);
  }
  const qt = asTensor(q, "quantile");
  if (qt.rank > 1) throw new ValueError(`ops.quantile: \`q\` must be a scalar or 1-D, received shape ${formatShape(qt.shape)}.`);
  const qs = Array.from(qt.data as ArrayLike<number>);
  if (qs.some((v) => !(v >= 0 && v <= 1))) throw new ValueError(`Quantiles must be in the range [0, 1]. Received: q=${JSON.stringify(qt.toArray())}`);
  const t = isFloat(t0.dtype) ? t0 : cast(t0, floatResult(t0.dtype));
  const axes = resolveAxes(axis, t.rank, "quantile");
  const kept = t.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  let n = 1;
  for (const a of axes) n *= t.shape[a];
  if (n === 0) throw new ValueError(`ops.quantile: cannot take a quantile over an empty reduction (input shape ${formatShape(t.shape)}, axis ${JSON.stringify(axis)}).`);
  const rows = reshape(transpose(t, [...kept, ...axes]), [...kept.map((i) => t.shape[i]), n]);
  const sorted = sort(rows, -1);
  const { lo, hi, frac } = pickPositions(qs, n, method);
  const low = take(sorted, lo, -1);
  const high = take(sorted, hi, -1);
  let out = add(low, multiply(subtract(high, low), asTensor(frac, "quantile", t.dtype)));
  out = where(expandDims(any(isnan(rows), -1), -1), NaN, out);
  // out: (...kept, Q) -> (Q, ...kept), with size-1 dims for the reduced axes under keepdims.
  const outKept = keepdims ? keptShape(t.shape, axes) : kept.map((i) => t.shape[i]);
  out = moveaxis(out, -1, 0);
  return reshape(out, qt.rank === 0 ? outKept : [qs.length, ...outKept]);
}) as {
  (x: TensorLike, q: number | readonly number[] | TensorLike, axis?: Axis, method?: QuantileMethod, keepdims?: boolean): Tensor;
  (x: TensorLike, q: number | readonly number[] | TensorLike, options: QuantileOptions): Tensor;
};

/** Keras's `median(x, axis=None, keepdims=False)`: the 0.5 quantile, interpolated linearly. */
export const median = op("median", (x: TensorLike, ...rest: [Axis?, boolean?] | [{ axis?: Axis; keepdims?: boolean }]): Tensor => {
  const { axis = null, keepdims = false } = readOptions<{ axis?: Axis; keepdims?: boolean }>("median", rest, ["axis", "keepdims"]);
  return quantile(x, 0.5, { axis, keepdims });
}) as {
  (x: TensorLike, axis?: Axis, keepdims?: boolean): Tensor;
  (x: TensorLike, options: { axis?: Axis; keepdims?: boolean }): Tensor;
};
