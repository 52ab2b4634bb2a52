/** Determinants of square matrices, from their LU decomposition. */
import { Tensor } from "../../engine/tensor.js";
import { recordGradient } from "../../autodiff/tape.js";
import { op, TensorLike } from "../op.js";
import { multiply } from "../math/arithmetic.js";
import { prod } from "../reduction/statistics.js";
import { expandDims } from "../shape/dims.js";
import { inv } from "./inv.js";
import { luDeterminantParts } from "./lu-factor.js";
import { assertSquareMatrices, floatInput, matrixTranspose } from "./linalg-helpers.js";

/** The determinant of (..., M, M) matrices, shape (...). Gradient: g det x^-T (singular matrices throw there, as in TF). */
export const det = op("det", (x: TensorLike): Tensor => {
  const a = floatInput(x, "det");
  assertSquareMatrices(a, "det");
  const { diag, sign } = luDeterminantParts(a);
  const d = multiply(prod(diag, -1), sign);
  recordGradient([a], [d], ([g]) => [multiply(expandDims(expandDims(multiply(g, d), -1), -1), matrixTranspose(inv(a)))]);
  return d;
});
