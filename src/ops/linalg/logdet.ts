/** keras.ops.logdet: log |det x|, summed from the LU diagonal (no overflow of the determinant itself). */
import { Tensor } from "../../engine/tensor.js";
import { recordGradient } from "../../autodiff/tape.js";
import { op, TensorLike } from "../op.js";
import { multiply } from "../math/arithmetic.js";
import { abs, log } from "../math/unary.js";
import { sum } from "../reduction/sum.js";
import { expandDims } from "../shape/dims.js";
import { inv } from "./inv.js";
import { luDeterminantParts } from "./lu-factor.js";
import { assertSquareMatrices, floatInput, matrixTranspose } from "./linalg-helpers.js";

/**
 * The log of the absolute determinant of (..., M, M) matrices (numpy's
 * slogdet(x)[1], which Keras returns; -inf for a singular matrix). Gradient: g x^-T.
 */
export const logdet = op("logdet", (x: TensorLike): Tensor => {
  const a = floatInput(x, "logdet");
  assertSquareMatrices(a, "logdet");
  const { diag } = luDeterminantParts(a);
  const out = sum(log(abs(diag)), -1);
  recordGradient([a], [out], ([g]) => [multiply(expandDims(expandDims(g, -1), -1), matrixTranspose(inv(a)))]);
  return out;
});
