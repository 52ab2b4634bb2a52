/**
 * Cholesky factor of symmetric positive-definite matrices, and the inverse
 * computed from it. As JAX does, the factorization reads the symmetric part
 * (a + a^T) / 2 of its input, so its gradient is the symmetric one and exact
 * for any input.
 */
import { Tensor, fromData } from "../../engine/tensor.js";
import { recordGradient } from "../../autodiff/tape.js";
import { backend, op, readOptions, TensorLike } from "../op.js";
import { diagonal, tril } from "../core/ranges.js";
import { multiply, subtract } from "../math/arithmetic.js";
import { matmul } from "./matmul.js";
import { solveTriangular } from "./solve-triangular.js";
import {
  assertSquareMatrices, batchedIdentity, diagonalMatrix, floatInput, matrixCount, matrixTranspose, numericalFailure, symmetricPart,
} from "./linalg-helpers.js";

/** The lower Cholesky factor of the symmetric part of a (n, n) batch. */
function lowerFactor(a: Tensor, opName: string): Tensor {
  const sym = symmetricPart(a);
  const n = a.shape[a.rank - 1];
  const batch = matrixCount(a);
  const { factor, failed } = backend().cholesky(sym.data, batch, n, a.dtype);
  numericalFailure(failed, opName, "Cholesky decomposition failed: the input is not symmetric positive definite", batch);
  const l = fromData(factor, a.shape, a.dtype);
  // Murray (2016): a_bar = L^-T Phi(L^T l_bar) L^-1, symmetrized; Phi keeps the lower triangle with half the diagonal.
  recordGradient([sym], [l], ([g]) => {
    const lInv = solveTriangular(l, batchedIdentity(l.shape.slice(0, -2), n, l.dtype), true);
    const middle = matmul(matrixTranspose(l), g);
    const phi = subtract(tril(middle), multiply(diagonalMatrix(diagonal(middle, 0, -2, -1)), 0.5));
    return [symmetricPart(matmul(matmul(matrixTranspose(lInv), phi), lInv))];
  });
  return l;
}

export interface CholeskyOptions {
  upper?: boolean;
}

/** The Cholesky factor of (..., M, M) symmetric positive-definite matrices: lower L (L L^T = x), or upper U = L^T. */
export const cholesky = op("cholesky", (x: TensorLike, ...rest: [boolean?] | [CholeskyOptions]): Tensor => {
  const { upper = false } = readOptions<CholeskyOptions & Record<string, unknown>>("cholesky", rest, ["upper"]);
  const a = floatInput(x, "cholesky");
  assertSquareMatrices(a, "cholesky");
  const l = lowerFactor(a, "cholesky");
  return upper ? matrixTranspose(l) : l;
}) as {
  (x: TensorLike, upper?: boolean): Tensor;
  (x: TensorLike, options: CholeskyOptions): Tensor;
};

/**
 * The inverse of (..., M, M) symmetric positive-definite matrices through
 * their Cholesky factor: x^-1 = L^-T L^-1. `upper` picks which factor the
 * computation uses (Keras's argument); the result is the same.
 */
export const choleskyInverse = op("choleskyInverse", (x: TensorLike, ...rest: [boolean?] | [CholeskyOptions]): Tensor => {
  const { upper = false } = readOptions<CholeskyOptions & Record<string, unknown>>("choleskyInverse", rest, ["upper"]);
  const a = floatInput(x, "choleskyInverse");
  assertSquareMatrices(a, "choleskyInverse");
  const l = lowerFactor(a, "choleskyInverse");
  const eyes = batchedIdentity(a.shape.slice(0, -2), a.shape[a.rank - 1], a.dtype);
  if (upper) {
    // x = U^T U with U = L^T: x^-1 = U^-1 U^-T.
    const uInv = solveTriangular(matrixTranspose(l), eyes, false);
    return matmul(uInv, matrixTranspose(uInv));
  }
  const lInv = solveTriangular(l, eyes, true);
  return matmul(matrixTranspose(lInv), lInv);
}) as {
  (x: TensorLike, upper?: boolean): Tensor;
  (x: TensorLike, options: CholeskyOptions): Tensor;
};
