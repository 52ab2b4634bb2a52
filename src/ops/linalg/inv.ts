/** Inverse of square matrices (LU with partial pivoting against the identity). */
import { Tensor } from "../../engine/tensor.js";
import { op, TensorLike } from "../op.js";
import { solveCore } from "./solve.js";
import { assertSquareMatrices, batchedIdentity, floatInput } from "./linalg-helpers.js";

/** The inverse of (..., M, M) matrices; a singular matrix throws. Gradient: -x^-T g x^-T (through solve's). */
export const inv = op("inv", (x: TensorLike): Tensor => {
  const a = floatInput(x, "inv");
  assertSquareMatrices(a, "inv");
  return solveCore(a, batchedIdentity(a.shape.slice(0, -2), a.shape[a.rank - 1], a.dtype), "inv");
});
