/** Least-squares solutions through the SVD pseudo-inverse (numpy's lstsq, first output only, as Keras). */
import { ValueError } from "../../engine/errors.js";
import { formatShape } from "../../engine/shape.js";
import { Tensor } from "../../engine/tensor.js";
import { op, readOptions, TensorLike } from "../op.js";
import { divide, multiply } from "../math/arithmetic.js";
import { greater } from "../math/comparison.js";
import { where } from "../math/select.js";
import { max } from "../reduction/extrema.js";
import { expandDims, squeeze } from "../shape/dims.js";
import { matmul } from "./matmul.js";
import { svd } from "./svd.js";
import { broadcastBatches, floatInput, matrixTranspose } from "./linalg-helpers.js";

const EPSILON = { float32: 1.1920928955078125e-7, float64: 2.220446049250313e-16 } as const;

export interface LstsqOptions {
  rcond?: number | null;
}

/**
 * x minimizing |b - a x| (the one of least norm when several do) for a (M, N)
 * and b (M,) or (M, K). Singular values below rcond * max(s) count as zero;
 * rcond defaults to the dtype's machine epsilon times max(M, N). Differentiable
 * through the SVD.
 */
export const lstsq = op("lstsq", (a: TensorLike, b: TensorLike, ...rest: [(number | null)?] | [LstsqOptions]): Tensor => {
  const { rcond = null } = readOptions<LstsqOptions & Record<string, unknown>>("lstsq", rest, ["rcond"]);
  const ta = floatInput(a, "lstsq");
  const tb = floatInput(b, "lstsq");
  if (ta.rank !== 2) throw new ValueError(`ops.lstsq: Expected a to have rank 2. Received: a.shape=${formatShape(ta.shape)}`);
  if (tb.rank !== 1 && tb.rank !== 2) throw new ValueError(`ops.lstsq: Expected b to have rank 1 or 2. Received: b.shape=${formatShape(tb.shape)}`);
  const [m, n] = ta.shape;
  if (tb.shape[0] !== m) {
    throw new ValueError(`ops.lstsq: Expected b.shape[0] to be equal to a.shape[0]. Received: a.shape=${formatShape(ta.shape)}, b.shape=${formatShape(tb.shape)}`);
  }
  const vector = tb.rank === 1;
  const [a2, b2] = broadcastBatches(ta, vector ? expandDims(tb, -1) : tb, 2, "lstsq");
  const [u, s, vh] = svd(a2, { fullMatrices: false });
  const cutoff = multiply(max(s, -1, true), rcond ?? EPSILON[a2.dtype as "float32" | "float64"] * Math.max(m, n));
  const keep = greater(s, cutoff);
  // The division only sees kept values, so no 1/0 reaches the gradient.
  const sInv = where(keep, divide(1, where(keep, s, 1)), 0);
  const x = matmul(matrixTranspose(vh), multiply(expandDims(sInv, -1), matmul(matrixTranspose(u), b2)));
  return vector ? squeeze(x, -1) : x;
}) as {
  (a: TensorLike, b: TensorLike, rcond?: number | null): Tensor;
  (a: TensorLike, b: TensorLike, options: LstsqOptions): Tensor;
};
