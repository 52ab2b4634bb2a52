/** Solves a x = b for square a by LU with partial pivoting (numpy's solve). */
import { Tensor, fromData } from "../../engine/tensor.js";
import { recordGradient } from "../../autodiff/tape.js";
import { backend, op, TensorLike } from "../op.js";
import { negative } from "../math/unary.js";
import { squeeze } from "../shape/dims.js";
import { matmul } from "./matmul.js";
import { rightHandSide } from "./solve-triangular.js";
import {
  assertSquareMatrices, broadcastBatches, floatInput, matrixCount, matrixTranspose, numericalFailure,
} from "./linalg-helpers.js";

/** a^-1 b for same-batch (..., n, n) a and (..., n, k) b of one float dtype. */
export function solveCore(a: Tensor, b: Tensor, opName: string): Tensor {
  const n = a.shape[a.rank - 1];
  const k = b.shape[b.rank - 1];
  const batch = matrixCount(a);
  const { x: data, singular } = backend().solve(a.data, b.data, batch, n, k, a.dtype);
  numericalFailure(singular, opName, "Singular matrix", batch);
  const x = fromData(data, b.shape, b.dtype);
  // b_bar = a^-T g; a_bar = -b_bar x^T.
  recordGradient([a, b], [x], ([g], needed) => {
    const bBar = solveCore(matrixTranspose(a), g, opName);
    return [needed[0] ? negative(matmul(bBar, matrixTranspose(x))) : null, bBar];
  });
  return x;
}

/**
 * x with a x = b for (..., M, M) matrices a and b of shape (..., M) (vectors,
 * when b has one axis fewer than a) or (..., M, N); the batch axes broadcast.
 */
export const solve = op("solve", (a: TensorLike, b: TensorLike): Tensor => {
  const ta = floatInput(a, "solve");
  const tb = floatInput(b, "solve");
  assertSquareMatrices(ta, "solve");
  const { b2, vector } = rightHandSide(ta, tb, "solve");
  const [a3, b3] = broadcastBatches(ta, b2, 2, "solve");
  const x = solveCore(a3, b3, "solve");
  return vector ? squeeze(x, -1) : x;
});
