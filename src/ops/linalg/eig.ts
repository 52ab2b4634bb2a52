/**
 * Eigen-decomposition of general square matrices (Hessenberg reduction, then
 * shifted QR to a real Schur form). keras-ts has no complex dtype, so only
 * matrices whose eigenvalues are all real are accepted (numpy also returns
 * real arrays then); a complex pair throws rather than being dropped.
 */
import { NotImplementedError, ValueError } from "../../engine/errors.js";
import { Tensor, fromData } from "../../engine/tensor.js";
import { recordGradient } from "../../autodiff/tape.js";
import { backend, op, TensorLike } from "../op.js";
import { assertSquareMatrices, floatInput, matrixCount, checkingNumerics } from "./linalg-helpers.js";

/**
 * Eigenvalues (..., M), in the order of the Schur form (unsorted, as LAPACK's
 * geev), and unit eigenvectors (..., M, M) as columns, of real (..., M, M)
 * matrices with real eigenvalues. Not differentiable (NotImplementedError).
 */
export const eig = op("eig", (x: TensorLike): [Tensor, Tensor] => {
  const a = floatInput(x, "eig");
  assertSquareMatrices(a, "eig");
  const n = a.shape[a.rank - 1];
  const res = backend().eig(a.data, matrixCount(a), n, a.dtype);
  if (checkingNumerics()) {
    if (!res.converged) throw new ValueError("ops.eig: Eigenvalues did not converge.");
    for (let i = 0; i < res.valuesIm.length; i++) {
      if (res.valuesIm[i] !== 0) {
        const matrix = Math.floor(i / n);
        throw new ValueError(
          `ops.eig: the input${a.rank > 2 ? ` (matrix ${matrix} of the batch)` : ""} has complex eigenvalues ` +
            `(${res.valuesRe[i]} ± ${Math.abs(res.valuesIm[i])}i), which keras-ts cannot represent (it has no complex dtype). ` +
            `Use ops.eigh for symmetric matrices.`,
        );
      }
    }
  }
  const w = fromData(res.valuesRe, a.shape.slice(0, -1), a.dtype);
  const v = fromData(res.vectors, a.shape, a.dtype);
  recordGradient([a], [w, v], () => {
    throw new NotImplementedError("ops.eig: the gradient of the general eigen-decomposition is not implemented (use ops.eigh for symmetric matrices).");
  });
  return [w, v];
});
