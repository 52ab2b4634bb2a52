/** QR decomposition by Householder reflections, with LAPACK's signs (numpy's qr). */
import { NotImplementedError, ValueError } from "../../engine/errors.js";
import { Tensor, fromData } from "../../engine/tensor.js";
import { recordGradient } from "../../autodiff/tape.js";
import { backend, op, readOptions, TensorLike } from "../op.js";
import { tril } from "../core/ranges.js";
import { add, subtract } from "../math/arithmetic.js";
import { concatenate } from "../shape/join.js";
import { slice } from "../shape/slicing.js";
import { matmul } from "./matmul.js";
import { solveTriangular } from "./solve-triangular.js";
import { assertMatrices, floatInput, matrixCount, matrixTranspose } from "./linalg-helpers.js";

export type QrMode = "reduced" | "complete";

/** The last axis of t cut to [start, start + size). */
function lastAxisSlice(t: Tensor, start: number, size: number): Tensor {
  return slice(t, [...t.shape.slice(0, -1).map(() => 0), start], [...t.shape.slice(0, -1), size]);
}

/** x r^-T for upper triangular r: (r^-1 x^T)^T. */
function timesInverseTranspose(x: Tensor, r: Tensor): Tensor {
  return matrixTranspose(solveTriangular(r, matrixTranspose(x), false));
}

/**
 * The gradient of a = q r for m >= n (q (m, n), r (n, n)), as in TF's QrGrad
 * (Walter & Lehmann; Liao et al. 2019): q (dr + copyltu(M) r^-T) + (dq - q q^T dq) r^-T.
 */
function qrGradTall(q: Tensor, r: Tensor, dq: Tensor, dr: Tensor): Tensor {
  const qdq = matmul(matrixTranspose(q), dq);
  const rdr = matmul(r, matrixTranspose(dr));
  const lower = tril(add(subtract(qdq, matrixTranspose(qdq)), subtract(rdr, matrixTranspose(rdr))));
  const gradA = matmul(q, add(dr, timesInverseTranspose(lower, r)));
  const gradB = timesInverseTranspose(subtract(dq, matmul(q, qdq)), r);
  return add(gradA, gradB);
}

function qrGrad(a: Tensor, q: Tensor, r: Tensor, dq: Tensor, dr: Tensor): Tensor {
  const m = a.shape[a.rank - 2];
  const n = a.shape[a.rank - 1];
  if (m >= n) return qrGradTall(q, r, dq, dr);
  // Wide: a = [x | y] with x = q u square; y = q v adds q dv to y's gradient and y dv^T to q's.
  const y = lastAxisSlice(a, m, n - m);
  const u = lastAxisSlice(r, 0, m);
  const dv = lastAxisSlice(dr, m, n - m);
  const du = lastAxisSlice(dr, 0, m);
  const dx = qrGradTall(q, u, add(dq, matmul(y, matrixTranspose(dv))), du);
  return concatenate([dx, matmul(q, dv)], -1);
}

export interface QrOptions {
  mode?: QrMode;
}

/**
 * q, r with q r = x for (..., M, N) matrices: "reduced" (default) gives q
 * (..., M, K) with orthonormal columns and upper triangular r (..., K, N),
 * K = min(M, N); "complete" gives q (..., M, M) and r (..., M, N).
 */
export const qr = op("qr", (x: TensorLike, ...rest: [QrMode?] | [QrOptions]): [Tensor, Tensor] => {
  const { mode = "reduced" } = readOptions<QrOptions & Record<string, unknown>>("qr", rest, ["mode"]);
  if (mode !== "reduced" && mode !== "complete") {
    throw new ValueError(`ops.qr: \`mode\` argument value not supported. Expected one of {'reduced', 'complete'}. Received: mode=${String(mode)}`);
  }
  const a = floatInput(x, "qr");
  assertMatrices(a, "qr");
  const m = a.shape[a.rank - 2];
  const n = a.shape[a.rank - 1];
  const k = Math.min(m, n);
  const complete = mode === "complete";
  const batchShape = a.shape.slice(0, -2);
  const res = backend().qr(a.data, matrixCount(a), m, n, complete, a.dtype);
  const q = fromData(res.q, [...batchShape, m, complete ? m : k], a.dtype);
  const r = fromData(res.r, [...batchShape, complete ? m : k, n], a.dtype);
  recordGradient([a], [q, r], ([dq, dr]) => {
    if (complete && m > n) {
      throw new NotImplementedError(`ops.qr: the gradient of mode="complete" is not implemented when M > N (received shape (${m}, ${n})).`);
    }
    return [qrGrad(a, q, r, dq, dr)];
  });
  return [q, r];
}) as {
  (x: TensorLike, mode?: QrMode): [Tensor, Tensor];
  (x: TensorLike, options: QrOptions): [Tensor, Tensor];
};
