/** Singular value decomposition (one-sided Jacobi), numpy's layout: x = u diag(s) vh. */
import { NotImplementedError, ValueError } from "../../engine/errors.js";
import { Tensor, fromData } from "../../engine/tensor.js";
import { recordGradient } from "../../autodiff/tape.js";
import { backend, op, readOptions, TensorLike } from "../op.js";
import { add, divide, multiply, subtract } from "../math/arithmetic.js";
import { equal, notEqual } from "../math/comparison.js";
import { where } from "../math/select.js";
import { sum } from "../reduction/sum.js";
import { cast } from "../core/cast.js";
import { expandDims, moveaxis } from "../shape/dims.js";
import { slice } from "../shape/slicing.js";
import { matmul } from "./matmul.js";
import { assertMatrices, diagonalMatrix, floatInput, matrixCount, matrixTranspose, checkingNumerics } from "./linalg-helpers.js";

interface Factors {
  u: Tensor;
  s: Tensor;
  vh: Tensor;
}

/** Kernel call: s always, u / vh (full or reduced) when computeUv. Untracked. */
function factorize(a: Tensor, fullMatrices: boolean, computeUv: boolean, opName: string): Factors {
  const m = a.shape[a.rank - 2];
  const n = a.shape[a.rank - 1];
  const k = Math.min(m, n);
  const batchShape = a.shape.slice(0, -2);
  const res = backend().svd(a.data, matrixCount(a), m, n, fullMatrices, computeUv, a.dtype);
  if (!res.converged && checkingNumerics()) throw new ValueError(`ops.${opName}: the SVD iteration did not converge.`);
  const uCols = fullMatrices ? m : k;
  const vhRows = fullMatrices ? n : k;
  return {
    s: fromData(res.s, [...batchShape, k], a.dtype),
    u: fromData(res.u, computeUv ? [...batchShape, m, uCols] : [0], a.dtype),
    vh: fromData(res.vt, computeUv ? [...batchShape, vhRows, n] : [0], a.dtype),
  };
}

/** The first `size` entries of axis `axis` (-1 or -2) of t. */
function leading(t: Tensor, axis: -1 | -2, size: number): Tensor {
  const shape = t.shape.slice();
  shape[t.rank + axis] = size;
  return slice(t, t.shape.map(() => 0), shape);
}

/**
 * The gradient of a = u diag(s) vh through reduced factors (Townsend 2016,
 * "Differentiating the singular value decomposition"):
 *   u [(F o (u^T du - du^T u)) S + diag(ds) + S (F o (v^T dv - dv^T v))] vh
 *   + (I - u u^T) du S^-1 vh + u S^-1 dv^T (I - v v^T),   F_ij = 1 / (s_j^2 - s_i^2).
 * The projection terms only exist for non-square matrices; repeated singular
 * values give F = 0 between them.
 */
function svdGrad(a: Tensor, f: Factors, du: Tensor | null, ds: Tensor, dvh: Tensor | null): Tensor {
  const { u, s, vh } = f;
  let inner = diagonalMatrix(ds);
  const m = a.shape[a.rank - 2];
  const n = a.shape[a.rank - 1];
  if (du === null && dvh === null) return matmul(matmul(u, inner), vh);
  const v = matrixTranspose(vh);
  const s2 = multiply(s, s);
  const gaps = subtract(expandDims(s2, -2), expandDims(s2, -1));
  const F = where(equal(gaps, 0), 0, divide(1, where(equal(gaps, 0), 1, gaps)));
  const sRow = expandDims(s, -2);
  const sCol = expandDims(s, -1);
  let extra: Tensor | null = null;
  if (du !== null) {
    const utdu = matmul(matrixTranspose(u), du);
    inner = add(inner, multiply(multiply(F, subtract(utdu, matrixTranspose(utdu))), sRow));
    if (m > n) {
      const proj = subtract(du, matmul(u, utdu));
      extra = matmul(divide(proj, sRow), vh);
    }
  }
  if (dvh !== null) {
    const dv = matrixTranspose(dvh);
    const vtdv = matmul(vh, dv);
    inner = add(inner, multiply(sCol, multiply(F, subtract(vtdv, matrixTranspose(vtdv)))));
    if (n > m) {
      const proj = subtract(dv, matmul(v, vtdv));
      const term = matmul(divide(u, sRow), matrixTranspose(proj));
      extra = extra === null ? term : add(extra, term);
    }
  }
  const core = matmul(matmul(u, inner), vh);
  return extra === null ? core : add(core, extra);
}

/** Whether a cotangent has any nonzero entry outside its leading `size` entries along `axis`. */
function nonzeroBeyond(g: Tensor, axis: -1 | -2, size: number): boolean {
  const total = g.shape[g.rank + axis];
  if (total === size) return false;
  const start = g.shape.map(() => 0);
  start[g.rank + axis] = size;
  const shape = g.shape.slice();
  shape[g.rank + axis] = total - size;
  return countNonzero(slice(g, start, shape)) > 0;
}

function countNonzero(g: Tensor): number {
  return g.size === 0 ? 0 : sum(cast(notEqual(g, 0), "int32")).item() as number;
}

function allZero(g: Tensor): boolean {
  return countNonzero(g) === 0;
}

/** Records the gradient of the s (and u, vh) outputs of a's SVD. */
function recordSvdGradient(a: Tensor, f: Factors, outputs: Tensor[], fullMatrices: boolean, computeUv: boolean): void {
  const m = a.shape[a.rank - 2];
  const n = a.shape[a.rank - 1];
  const k = Math.min(m, n);
  recordGradient([a], outputs, (gs) => {
    if (!computeUv) {
      const reduced = factorize(a, false, true, "svd");
      return [svdGrad(a, { ...reduced, s: f.s }, null, gs[0], null)];
    }
    const [du, ds, dvh] = gs;
    if (fullMatrices && (nonzeroBeyond(du, -1, k) || nonzeroBeyond(dvh, -2, k))) {
      throw new NotImplementedError(
        `ops.svd: the gradient through the completed singular vectors of full_matrices=True is not implemented for non-square input (shape (${m}, ${n})); use fullMatrices: false.`,
      );
    }
    const reduced = fullMatrices ? { u: leading(f.u, -1, k), s: f.s, vh: leading(f.vh, -2, k) } : f;
    // Unused outputs arrive as zeros: skipping them keeps rank-deficient inputs free of 0 / 0.
    return [svdGrad(a, reduced, allZero(du) ? null : leading(du, -1, k), ds, allZero(dvh) ? null : leading(dvh, -2, k))];
  });
}

export interface SvdOptions {
  fullMatrices?: boolean;
  computeUv?: boolean;
}

/**
 * The SVD of (..., M, N) matrices: [u, s, vh] with x = u diag(s) vh, s
 * (..., K) descending (K = min(M, N)), u (..., M, M) and vh (..., N, N) with
 * `fullMatrices` (default), else (..., M, K) and (..., K, N); only s with
 * `computeUv: false`.
 */
export const svd = op("svd", (x: TensorLike, ...rest: [boolean?, boolean?] | [SvdOptions]): [Tensor, Tensor, Tensor] | Tensor => {
  const { fullMatrices = true, computeUv = true } = readOptions<SvdOptions & Record<string, unknown>>("svd", rest, ["fullMatrices", "computeUv"]);
  const a = floatInput(x, "svd");
  assertMatrices(a, "svd");
  const f = factorize(a, fullMatrices, computeUv, "svd");
  if (!computeUv) {
    recordSvdGradient(a, f, [f.s], fullMatrices, false);
    return f.s;
  }
  recordSvdGradient(a, f, [f.u, f.s, f.vh], fullMatrices, true);
  return [f.u, f.s, f.vh];
}) as {
  (x: TensorLike, fullMatrices?: boolean, computeUv?: true): [Tensor, Tensor, Tensor];
  (x: TensorLike, fullMatrices: boolean, computeUv: false): Tensor;
  (x: TensorLike, options: SvdOptions & { computeUv?: true }): [Tensor, Tensor, Tensor];
  (x: TensorLike, options: SvdOptions & { computeUv: false }): Tensor;
  (x: TensorLike, options: SvdOptions): [Tensor, Tensor, Tensor] | Tensor;
};

/**
 * The singular values of the matrices spanned by axes (rowAxis, colAxis) of
 * t, as the last axis (for ops.norm's "nuc", 2 and -2 orders), differentiable.
 */
export function singularValues(t: Tensor, rowAxis: number, colAxis: number): Tensor {
  const moved = moveaxis(t, [rowAxis, colAxis], [-2, -1]);
  return svd(moved, { computeUv: false }) as Tensor;
}
