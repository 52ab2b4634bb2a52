/** Elementwise selection: where and clip, with broadcasting and their gradients. */
import { Tensor, fromData } from "../../engine/tensor.js";
import type { DType } from "../../engine/dtype.js";
import { ValueError } from "../../engine/errors.js";
import { broadcastConcrete } from "../../engine/shape.js";
import { recordGradient } from "../../autodiff/tape.js";
import { binaryOperands, runBinary, unbroadcast } from "../core/elementwise-helpers.js";
import { cast } from "../core/cast.js";
import { asTensor, backend, op, readOptions, TensorLike } from "../op.js";
import { greater, greaterEqual, less, lessEqual, logicalAnd } from "./comparison.js";

type Operand = TensorLike | number | boolean;

/**
 * `condition ? x1 : x2` elementwise, all three broadcast together. `x1` and `x2`
 * are promoted like `add`'s operands (JS numbers are weak scalars); the condition
 * may have any dtype and is tested for non-zero. The gradient goes to `x1` where
 * the condition holds and to `x2` elsewhere; the condition gets none.
 */
export const where = op("where", (condition: Operand, ...rest: [Operand?, Operand?] | [{ x1?: Operand; x2?: Operand }]): Tensor => {
  const { x1, x2 } = readOptions<{ x1: Operand; x2: Operand }>("where", rest, ["x1", "x2"]);
  if (x1 === undefined || x1 === null || x2 === undefined || x2 === null) {
    throw new ValueError(
      "ops.where: both x1 and x2 are required; the one-argument form (the indices where the condition holds) is not supported. " +
        `Received x1=${x1 === undefined || x1 === null ? String(x1) : "a value"}, x2=${x2 === undefined || x2 === null ? String(x2) : "a value"}.`,
    );
  }
  const cond = asTensor(condition, "where");
  const [a, b, dt] = binaryOperands(x1, x2, "where");
  const outShape = broadcastConcrete(broadcastConcrete(cond.shape, a.shape, "ops.where"), b.shape, "ops.where");
  const out = fromData(backend().select(cond.data, cond.shape, a.data, a.shape, b.data, b.shape, outShape, dt), outShape, dt);
  recordGradient([cond, a, b], [out], ([g]) => [
    null,
    unbroadcast(where(cond, g, 0), a.shape),
    unbroadcast(where(cond, 0, g), b.shape),
  ]);
  return out;
}) as {
  (condition: Operand, x1: Operand, x2: Operand): Tensor;
  (condition: Operand, options: { x1: Operand; x2: Operand }): Tensor;
};

/** A bound of `clip` in the dtype clip computes in (differentiably cast, so a float bound keeps its gradient). */
function clipBound(bound: Operand, dtype: DType): Tensor {
  if (typeof bound === "number" || typeof bound === "boolean") return asTensor(bound, "clip", dtype);
  return cast(asTensor(bound, "clip"), dtype);
}

/**
 * Limits `x` to [xMin, xMax] (numpy's clip: min(max(x, xMin), xMax), bounds broadcast
 * against `x`). The result has x's dtype (bool becomes int32), as in Keras; computing
 * in that dtype gives numpy's values, since the result is x or a bound cast to it.
 * Either bound may be null for "no bound". The gradient passes to `x` where
 * xMin <= x <= xMax, to xMin where x is below it, and to xMax where max(x, xMin) is above it.
 */
export const clip = op("clip", (x: TensorLike, xMin: Operand | null, xMax: Operand | null): Tensor => {
  const t = asTensor(x, "clip");
  const noMin = xMin === undefined || xMin === null;
  const noMax = xMax === undefined || xMax === null;
  if (noMin && noMax) {
    throw new ValueError("ops.clip: at least one of xMin and xMax must be given; received neither.");
  }
  const dt: DType = t.dtype === "bool" ? "int32" : t.dtype;
  const xs = cast(t, dt);
  const lo = noMin ? null : clipBound(xMin, dt);
  const hi = noMax ? null : clipBound(xMax, dt);
  const raised = lo ? runBinary("max", xs, lo, dt, "clip") : xs;
  const out = hi ? runBinary("min", raised, hi, dt, "clip") : raised;
  // JS number bounds are constants: no gradient is built for them.
  const loConst = typeof xMin === "number";
  const hiConst = typeof xMax === "number";
  const inputs = [xs, lo, hi].filter((v): v is Tensor => v !== null);
  recordGradient(inputs, [out], ([g]) => {
    let passes: Tensor | null = lo ? greaterEqual(xs, lo) : null;
    if (hi) passes = passes ? logicalAnd(passes, lessEqual(xs, hi)) : lessEqual(xs, hi);
    const grads: (Tensor | null)[] = [unbroadcast(where(passes!, g, 0), xs.shape)];
    if (lo) {
      // Below xMin the output is xMin, unless xMin itself exceeds xMax (then it is xMax).
      const loWins = hi ? logicalAnd(less(xs, lo), lessEqual(lo, hi)) : less(xs, lo);
      grads.push(loConst ? null : unbroadcast(where(loWins, g, 0), lo.shape));
    }
    if (hi) grads.push(hiConst ? null : unbroadcast(where(greater(raised, hi), g, 0), hi.shape));
    return grads;
  });
  return out;
});
