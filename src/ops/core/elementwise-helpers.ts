/**
 * Shared machinery of elementwise ops: dtype resolution with Keras's weak
 * scalar typing, broadcasting, and `unbroadcast` (the gradient of a broadcast).
 */
import { DType, floatResult, promoteTypes, promoteWithScalar } from "../../engine/dtype.js";
import { broadcastConcrete, shapesEqual } from "../../engine/shape.js";
import { Tensor, fromData } from "../../engine/tensor.js";
import type { BinaryOp, UnaryOp } from "../../backend/backend.js";
import { asTensor, backend } from "../op.js";
import { sum } from "../reduction/sum.js";
import { reshape } from "../shape/reshape.js";
import { cast } from "./cast.js"; // differentiable, so promoting a float32 operand to float64 keeps its gradient

/** Two operands as tensors plus their promoted dtype; JS numbers are weakly typed like Python scalars. */
export function binaryOperands(a: unknown, b: unknown, opName: string): [Tensor, Tensor, DType] {
  const aNum = typeof a === "number" || typeof a === "boolean";
  const bNum = typeof b === "number" || typeof b === "boolean";
  if (aNum && !bNum) {
    const tb = asTensor(b, opName);
    const dt = promoteWithScalar(tb.dtype, a as number);
    return [asTensor(a, opName, dt), tb.dtype === dt ? tb : cast(tb, dt), dt];
  }
  if (bNum && !aNum) {
    const ta = asTensor(a, opName);
    const dt = promoteWithScalar(ta.dtype, b as number);
    return [ta.dtype === dt ? ta : cast(ta, dt), asTensor(b, opName, dt), dt];
  }
  const ta = asTensor(a, opName);
  const tb = asTensor(b, opName);
  const dt = promoteTypes(ta.dtype, tb.dtype);
  return [ta.dtype === dt ? ta : cast(ta, dt), tb.dtype === dt ? tb : cast(tb, dt), dt];
}

/** Raw cast without recording a gradient (callers record their own). */
export function castTensor(t: Tensor, dtype: DType): Tensor {
  if (t.dtype === dtype) return t;
  return fromData(backend().cast(t.data, dtype), t.shape, dtype);
}

/** Runs a binary kernel on already-promoted operands. */
export function runBinary(kop: BinaryOp, a: Tensor, b: Tensor, outDtype: DType, opName: string): Tensor {
  const outShape = shapesEqual(a.shape, b.shape) ? a.shape.slice() : broadcastConcrete(a.shape, b.shape, `ops.${opName}`);
  return fromData(backend().binary(kop, a.data, a.shape, b.data, b.shape, outShape, outDtype), outShape, outDtype);
}

export function runUnary(kop: UnaryOp, x: Tensor, outDtype: DType): Tensor {
  const data = x.dtype === outDtype || !(outDtype === "float32" || outDtype === "float64") ? x.data : backend().cast(x.data, outDtype);
  return fromData(backend().unary(kop, data, outDtype), x.shape, outDtype);
}

/** Float dtype an int/bool input is promoted to by float-valued ops (sqrt, exp, ...). */
export { floatResult };

/**
 * Sums `g` down to `shape`: the adjoint of numpy broadcasting. Used by every
 * broadcasting op's gradient; built from differentiable ops so higher-order
 * gradients flow through it.
 */
export function unbroadcast(g: Tensor, shape: readonly number[]): Tensor {
  if (shapesEqual(g.shape, shape)) return g;
  const lead = g.shape.length - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.shape.length; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  }
  return reshape(axes.length ? sum(g, axes) : g, shape);
}
