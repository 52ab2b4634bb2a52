/**
 * Solves t x = b for triangular t: only the lower (or upper) triangle of `a`
 * is read, so the gradient with respect to `a` lives on that triangle.
 */
import { Tensor, fromData } from "../../engine/tensor.js";
import { ValueError } from "../../engine/errors.js";
import { formatShape } from "../../engine/shape.js";
import { recordGradient } from "../../autodiff/tape.js";
import { backend, op, readOptions, TensorLike } from "../op.js";
import { tril, triu } from "../core/ranges.js";
import { negative } from "../math/unary.js";
import { expandDims, squeeze } from "../shape/dims.js";
import { matmul } from "./matmul.js";
import {
  assertSquareMatrices, broadcastBatches, floatInput, matrixCount, matrixTranspose, numericalFailure,
} from "./linalg-helpers.js";

/**
 * Reads `b` as (..., M) vectors when its rank is one less than a's, else as
 * (..., M, N) matrices (Keras's rule); checks the shared M and returns b as
 * matrices, with a flag to squeeze the result back.
 */
export function rightHandSide(a: Tensor, b: Tensor, opName: string): { b2: Tensor; vector: boolean } {
  if (b.rank < 1) throw new ValueError(`ops.${opName}: Expected input to have rank >= 1. Received scalar input b with shape ${formatShape(b.shape)}.`);
  const vector = b.rank === a.rank - 1;
  const m = a.shape[a.rank - 1];
  const bm = vector ? b.shape[b.rank - 1] : b.shape[b.rank - 2];
  if (bm !== m || (!vector && b.rank < 2)) {
    throw new ValueError(
      `ops.${opName}: Incompatible shapes between \`a\` and \`b\`. Expected b of shape (..., ${m}) or (..., ${m}, N). ` +
        `Received: a.shape=${formatShape(a.shape)}, b.shape=${formatShape(b.shape)}`,
    );
  }
  return { b2: vector ? expandDims(b, -1) : b, vector };
}

/** t^-1 b for same-batch (..., n, n) t and (..., n, k) b of one float dtype. */
function triangularSolveCore(t: Tensor, b: Tensor, lower: boolean): Tensor {
  const n = t.shape[t.rank - 1];
  const k = b.shape[b.rank - 1];
  const batch = matrixCount(t);
  const { x: data, singular } = backend().triangularSolve(t.data, b.data, batch, n, k, lower, t.dtype);
  numericalFailure(singular, "solveTriangular", "singular matrix: a zero on the diagonal of the triangular matrix", batch);
  const x = fromData(data, b.shape, b.dtype);
  recordGradient([t, b], [x], ([g], needed) => {
    const bBar = triangularSolveCore(matrixTranspose(t), g, !lower);
    if (!needed[0]) return [null, bBar];
    const aBar = negative(matmul(bBar, matrixTranspose(x)));
    return [lower ? tril(aBar) : triu(aBar), bBar];
  });
  return x;
}

export interface SolveTriangularOptions {
  lower?: boolean;
}

/**
 * x with a x = b, reading only the upper triangle of the (..., M, M) matrices
 * a (the lower one with `lower`); b is (..., M) or (..., M, N); the batch axes broadcast.
 */
export const solveTriangular = op("solveTriangular", (a: TensorLike, b: TensorLike, ...rest: [boolean?] | [SolveTriangularOptions]): Tensor => {
  const { lower = false } = readOptions<SolveTriangularOptions & Record<string, unknown>>("solveTriangular", rest, ["lower"]);
  const ta = floatInput(a, "solveTriangular");
  const tb = floatInput(b, "solveTriangular");
  assertSquareMatrices(ta, "solveTriangular");
  const { b2, vector } = rightHandSide(ta, tb, "solveTriangular");
  const [a3, b3] = broadcastBatches(ta, b2, 2, "solveTriangular");
  const x = triangularSolveCore(a3, b3, lower);
  return vector ? squeeze(x, -1) : x;
}) as {
  (a: TensorLike, b: TensorLike, lower?: boolean): Tensor;
  (a: TensorLike, b: TensorLike, options: SolveTriangularOptions): Tensor;
};
