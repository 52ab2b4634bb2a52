/** LU decomposition with partial pivoting (scipy's lu_factor), and the determinant pieces it gives. */
import { NotImplementedError } from "../../engine/errors.js";
import { Tensor, fromData } from "../../engine/tensor.js";
import { recordGradient } from "../../autodiff/tape.js";
import { backend, op, TensorLike } from "../op.js";
import { arange, diagonal } from "../core/ranges.js";
import { cast } from "../core/cast.js";
import { mod, multiply, subtract } from "../math/arithmetic.js";
import { notEqual } from "../math/comparison.js";
import { sum } from "../reduction/sum.js";
import { assertMatrices, floatInput, matrixCount } from "./linalg-helpers.js";

/** The packed LU factors (..., M, N) and the int32 pivots (..., min(M, N)) of a float tensor, untracked. */
function factor(a: Tensor): { lu: Tensor; pivots: Tensor } {
  const m = a.shape[a.rank - 2];
  const n = a.shape[a.rank - 1];
  const batchShape = a.shape.slice(0, -2);
  const { lu, pivots } = backend().luFactor(a.data, matrixCount(a), m, n, a.dtype);
  return { lu: fromData(lu, a.shape, a.dtype), pivots: fromData(pivots, [...batchShape, Math.min(m, n)], "int32") };
}

/**
 * For square (..., n, n) float matrices: the diagonal of U (..., n) and the
 * permutation's sign (..., ) as +-1 of the same dtype, so det = sign * prod(diag).
 * Untracked: callers record their own gradients.
 */
export function luDeterminantParts(a: Tensor): { diag: Tensor; sign: Tensor } {
  const { lu, pivots } = factor(a);
  const n = a.shape[a.rank - 1];
  const swaps = sum(cast(notEqual(pivots, arange(n, null, null, "int32")), "int32"), -1);
  const sign = cast(subtract(1, multiply(mod(swaps, 2), 2)), a.dtype);
  return { diag: diagonal(lu, 0, -2, -1), sign };
}

/**
 * LU decomposition of (..., M, N) matrices with partial pivoting: the unit
 * lower L and the upper U packed in one (..., M, N) tensor, and the int32
 * pivots (..., min(M, N)): row i was swapped with row pivots[i] (0-based).
 */
export const luFactor = op("luFactor", (x: TensorLike): [Tensor, Tensor] => {
  const a = floatInput(x, "luFactor");
  assertMatrices(a, "luFactor");
  const { lu, pivots } = factor(a);
  recordGradient([a], [lu], () => {
    throw new NotImplementedError("ops.luFactor: the gradient of the LU decomposition is not implemented.");
  });
  return [lu, pivots];
});
