/**
 * max, min (with numpy's `initial`) and argmax, argmin.
 *
 * The gradient of max/min goes to the positions holding the extreme value,
 * split evenly among ties (JAX's rule), so it is the same whichever tied
 * element a kernel happened to pick.
 */
import { Tensor, fromData } from "../../engine/tensor.js";
import { allocate } from "../../engine/dtype.js";
import { ValueError } from "../../engine/errors.js";
import { formatShape, normalizeAxis } from "../../engine/shape.js";
import { recordGradient } from "../../autodiff/tape.js";
import { asTensor, backend, op, readOptions, TensorLike } from "../op.js";
import { Axis, keptShape, reducedShape, resolveAxes } from "./axis-args.js";
import { sum } from "./sum.js";
import { reshape } from "../shape/reshape.js";
import { broadcastTo } from "../shape/broadcast-to.js";
import { cast } from "../core/cast.js";
import { divide, maximum, multiply } from "../math/arithmetic.js";
import { equal } from "../math/comparison.js";

export interface ExtremumOptions {
  axis?: Axis;
  keepdims?: boolean;
  /** The result never goes below (max) / above (min) this value; it is also the result of an empty reduction. */
  initial?: number | null;
}

type ExtremumFn = {
  (x: TensorLike, axis?: Axis, keepdims?: boolean, initial?: number | null): Tensor;
  (x: TensorLike, options: ExtremumOptions): Tensor;
};

function extremum(kind: "max" | "min"): ExtremumFn {
  const numpyName = kind === "max" ? "maximum" : "minimum";
  return op(kind, (x: TensorLike, ...rest: unknown[]): Tensor => {
    const t = asTensor(x, kind);
    const { axis, keepdims = false, initial = null } = readOptions<ExtremumOptions & Record<string, unknown>>(kind, rest, [
      "axis",
      "keepdims",
      "initial",
    ]);
    if (initial !== null && typeof initial !== "number") {
      throw new ValueError(`ops.${kind}: initial must be a number or null, received ${String(initial)}.`);
    }
    const axes = resolveAxes(axis, t.rank, kind);
    const outShape = reducedShape(t.shape, axes, keepdims);
    let count = 1;
    for (const a of axes) count *= t.shape[a];
    let out: Tensor;
    if (count === 0) {
      if (initial === null) {
        throw new ValueError(
          `ops.${kind}: zero-size array to reduction operation ${numpyName} which has no identity ` +
            `(input shape ${formatShape(t.shape)}, axis ${JSON.stringify(axis ?? null)}). Pass \`initial\` to give empty reductions a value.`,
        );
      }
      const data = allocate(t.dtype, outShape.reduce((a, b) => a * b, 1));
      data.fill(t.dtype === "bool" ? (initial !== 0 ? 1 : 0) : initial);
      return fromData(data, outShape, t.dtype);
    }
    out = fromData(backend().reduce(kind, t.data, t.shape, axes, t.dtype), outShape, t.dtype);
    if (initial !== null) {
      const bound = asTensor(initial, kind, t.dtype);
      out = fromData(backend().binary(kind, out.data, out.shape, bound.data, [], out.shape, t.dtype), out.shape, t.dtype);
    }
    const result = out;
    recordGradient([t], [result], ([g]) => {
      const kept = keptShape(t.shape, axes);
      // Where x equals the result (a constant indicator), shared evenly by the ties;
      // when `initial` wins, no entry matches and x gets no gradient.
      const hits = cast(equal(t, reshape(result, kept)), g.dtype);
      const ties = maximum(sum(hits, axes, true), 1);
      return [multiply(broadcastTo(reshape(g, kept), t.shape), divide(hits, ties))];
    });
    return result;
  }) as ExtremumFn;
}

/** Keras's `max(x, axis=None, keepdims=False, initial=None)`. */
export const max = extremum("max");
/** Keras's `min(x, axis=None, keepdims=False, initial=None)`. */
export const min = extremum("min");

export interface ArgExtremumOptions {
  axis?: number | null;
  keepdims?: boolean;
}

type ArgExtremumFn = {
  (x: TensorLike, axis?: number | null, keepdims?: boolean): Tensor;
  (x: TensorLike, options: ArgExtremumOptions): Tensor;
};

function argExtremum(kind: "argmax" | "argmin"): ArgExtremumFn {
  return op(kind, (x: TensorLike, ...rest: unknown[]): Tensor => {
    const t = asTensor(x, kind);
    const { axis = null, keepdims = false } = readOptions<ArgExtremumOptions & Record<string, unknown>>(kind, rest, ["axis", "keepdims"]);
    if (axis !== null && typeof axis !== "number") {
      throw new ValueError(`ops.${kind}: axis must be an integer or null, received ${JSON.stringify(axis)}.`);
    }
    // axis null: the index into the flattened tensor.
    const flat = axis === null;
    const shape = flat ? [t.size] : t.shape;
    const ax = flat ? 0 : normalizeAxis(axis, t.rank, `ops.${kind}`);
    if (shape[ax] === 0) {
      throw new ValueError(`ops.${kind}: attempt to get ${kind} of an empty sequence (input shape ${formatShape(t.shape)}, axis ${String(axis)}).`);
    }
    const outShape = flat ? (keepdims ? t.shape.map(() => 1) : []) : reducedShape(t.shape, [ax], keepdims);
    return fromData(backend().argReduce(kind, t.data, shape, ax), outShape, "int32");
  }) as ArgExtremumFn;
}

/** Index of the largest value (first one among ties; -0 ranks below +0; NaN counts as largest), int32. */
export const argmax = argExtremum("argmax");
/** Index of the smallest value (first one among ties; -0 ranks below +0; NaN counts as smallest), int32. */
export const argmin = argExtremum("argmin");
