/**
 * Eigen-decomposition of symmetric matrices (cyclic Jacobi). As JAX does, it
 * reads the symmetric part (x + x^T) / 2, so the gradient is symmetric and
 * exact for any input.
 */
import { Tensor, fromData } from "../../engine/tensor.js";
import { ValueError } from "../../engine/errors.js";
import { recordGradient } from "../../autodiff/tape.js";
import { backend, op, TensorLike } from "../op.js";
import { add, divide, multiply, subtract } from "../math/arithmetic.js";
import { equal } from "../math/comparison.js";
import { where } from "../math/select.js";
import { expandDims } from "../shape/dims.js";
import { matmul } from "./matmul.js";
import { assertSquareMatrices, diagonalMatrix, floatInput, matrixCount, matrixTranspose, symmetricPart, checkingNumerics } from "./linalg-helpers.js";

/**
 * Eigenvalues (..., M), ascending, and eigenvectors (..., M, M) as columns
 * (unit length, signs as they come) of symmetric (..., M, M) matrices.
 * Gradient: v (diag(dw) + F o (v^T dv)) v^T with F_ij = 1 / (w_j - w_i),
 * taken as 0 between repeated eigenvalues (exact for losses that depend on
 * eigenvectors only through the span of each repeated eigenvalue).
 */
export const eigh = op("eigh", (x: TensorLike): [Tensor, Tensor] => {
  const a = floatInput(x, "eigh");
  assertSquareMatrices(a, "eigh");
  const sym = symmetricPart(a);
  const n = a.shape[a.rank - 1];
  const res = backend().eigh(sym.data, matrixCount(a), n, a.dtype);
  if (!res.converged && checkingNumerics()) throw new ValueError("ops.eigh: the eigenvalue iteration did not converge.");
  const w = fromData(res.values, a.shape.slice(0, -1), a.dtype);
  const v = fromData(res.vectors, a.shape, a.dtype);
  recordGradient([sym], [w, v], ([dw, dv]) => {
    const gaps = subtract(expandDims(w, -2), expandDims(w, -1));
    const f = where(equal(gaps, 0), 0, divide(1, where(equal(gaps, 0), 1, gaps)));
    const inner = add(diagonalMatrix(dw), multiply(f, matmul(matrixTranspose(v), dv)));
    return [symmetricPart(matmul(matmul(v, inner), matrixTranspose(v)))];
  });
  return [w, v];
});
