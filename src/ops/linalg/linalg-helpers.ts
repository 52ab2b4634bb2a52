/**
 * What the `keras.ops.linalg` ops share: converting inputs to a float dtype,
 * Keras's rank / squareness checks and messages, matrix transposes and
 * diagonals built from public ops (so gradients of gradients work), batch
 * broadcasting of two operands, and reporting numerical failure.
 */
import { floatResult } from "../../engine/dtype.js";
import { ValueError } from "../../engine/errors.js";
import { broadcastConcrete, formatShape, sizeOf } from "../../engine/shape.js";
import type { Tensor } from "../../engine/tensor.js";
import { inSymbolicScope } from "../../engine/symbolic-scope.js";
import { asTensor, TensorLike } from "../op.js";
import { cast } from "../core/cast.js";
import { eye } from "../core/ranges.js";
import { add, multiply } from "../math/arithmetic.js";
import { broadcastTo } from "../shape/broadcast-to.js";
import { expandDims, swapaxes } from "../shape/dims.js";

/** The input as a tensor of a float dtype (int / bool become float32, as Keras's default floatx). */
export function floatInput(x: TensorLike, opName: string): Tensor {
  const t = asTensor(x, opName);
  const dt = floatResult(t.dtype);
  return t.dtype === dt ? t : cast(t, dt);
}

/** Keras's `_assert_2d`: the last two axes hold the matrices. */
export function assertMatrices(t: Tensor, opName: string): void {
  if (t.rank < 2) {
    throw new ValueError(`ops.${opName}: Expected input to have rank >= 2. Received input with shape ${formatShape(t.shape)}.`);
  }
}

/** Keras's `_assert_2d` and `_assert_square`. */
export function assertSquareMatrices(t: Tensor, opName: string): void {
  assertMatrices(t, opName);
  if (t.shape[t.rank - 1] !== t.shape[t.rank - 2]) {
    throw new ValueError(`ops.${opName}: Expected a square matrix. Received non-square input with shape ${formatShape(t.shape)}.`);
  }
}

/** Number of matrices in a (..., m, n) tensor. */
export function matrixCount(t: Tensor): number {
  return sizeOf(t.shape.slice(0, -2));
}

/** Swaps the last two axes. */
export function matrixTranspose(t: Tensor): Tensor {
  return swapaxes(t, -1, -2);
}

/** (a + a^T) / 2: what cholesky and eigh factorize, as JAX does (symmetric, exact gradients). */
export function symmetricPart(a: Tensor): Tensor {
  return multiply(add(a, matrixTranspose(a)), 0.5);
}

/** (..., n) -> (..., n, n) with the vector on the diagonal. */
export function diagonalMatrix(v: Tensor): Tensor {
  const n = v.shape[v.rank - 1];
  return multiply(expandDims(v, -1), eye(n, null, 0, v.dtype));
}

/** The n x n identity broadcast over `batchShape`. */
export function batchedIdentity(batchShape: readonly number[], n: number, dtype: Tensor["dtype"]): Tensor {
  const i = eye(n, null, 0, dtype);
  return batchShape.length === 0 ? i : broadcastTo(i, [...batchShape, n, n]);
}

/**
 * Broadcasts the batch axes of a (..., n, n) matrix and a right-hand side
 * with `bCore` core axes (2: (..., n, k)), both to the same float dtype.
 */
export function broadcastBatches(a: Tensor, b: Tensor, bCore: number, opName: string): [Tensor, Tensor] {
  const dt = a.dtype === "float64" || b.dtype === "float64" ? "float64" : "float32";
  const aBatch = a.shape.slice(0, -2);
  const bBatch = b.shape.slice(0, b.rank - bCore);
  const batch = broadcastConcrete(aBatch, bBatch, `ops.${opName} (batch dimensions of a ${formatShape(a.shape)} and b ${formatShape(b.shape)})`);
  const a2 = aBatch.length === batch.length && aBatch.every((d, i) => d === batch[i]) ? a : broadcastTo(a, [...batch, ...a.shape.slice(-2)]);
  const b2 = bBatch.length === batch.length && bBatch.every((d, i) => d === batch[i]) ? b : broadcastTo(b, [...batch, ...b.shape.slice(b.rank - bCore)]);
  return [a2.dtype === dt ? a2 : cast(a2, dt), b2.dtype === dt ? b2 : cast(b2, dt)];
}

/**
 * Whether numerical failures are errors: not while shapes are inferred on
 * dummy zeros for a KerasTensor call (the engine's symbolic scope: the
 * symbolic handler runs the eager ops on zeros), where only shapes matter.
 */
export function checkingNumerics(): boolean {
  return !inSymbolicScope();
}

/**
 * Throws a numerical failure (singular or indefinite matrix) reported by a
 * kernel, except while shapes are being inferred on dummy zeros for a
 * KerasTensor call, where only the output shapes matter.
 */
export function numericalFailure(failedIndex: number, opName: string, what: string, batch: number): void {
  if (failedIndex < 0 || !checkingNumerics()) return;
  const where = batch > 1 ? ` (matrix ${failedIndex} of the batch)` : "";
  throw new ValueError(`ops.${opName}: ${what}${where}.`);
}
