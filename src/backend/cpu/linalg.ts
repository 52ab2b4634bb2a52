/**
 * Dense matrix factorizations for the reference backend: LU, solves,
 * Cholesky, Householder QR, symmetric eigenproblems (cyclic Jacobi), general
 * eigenproblems (Hessenberg + shifted QR to a real Schur form) and the SVD
 * (one-sided Jacobi).
 *
 * Each kernel takes `batch` row-major matrices back to back, works on a
 * float64 copy of one matrix at a time (float32 inputs are factorized in
 * float64 and rounded once at the end, which is what makes float32 results
 * agree with LAPACK's to float32 precision), and writes fresh arrays of the
 * requested dtype. Numerical failure (a zero pivot, a matrix that is not
 * positive definite) is reported as the first failing batch index, never
 * thrown: the ops decide what it means.
 */
import type { DType, TypedArray } from "../../engine/dtype.js";
import { allocate } from "../../engine/dtype.js";

const EPS = 2.220446049250313e-16;

function copyMatrix(src: TypedArray, offset: number, size: number): Float64Array {
  const out = new Float64Array(size);
  for (let i = 0; i < size; i++) out[i] = src[offset + i];
  return out;
}

// ---- LU with partial pivoting ----

/**
 * In-place LU of the (m, n) matrix `w` (LAPACK getrf: row swaps chosen by the
 * largest magnitude in the column, L unit lower and U packed together).
 * Writes the 0-based swap of each step into `piv` at `pivOffset`; returns
 * whether some pivot was exactly zero.
 */
function luInPlace(w: Float64Array, m: number, n: number, piv: Int32Array, pivOffset: number): boolean {
  const k = Math.min(m, n);
  let singular = false;
  for (let j = 0; j < k; j++) {
    let p = j;
    let best = Math.abs(w[j * n + j]);
    for (let i = j + 1; i < m; i++) {
      const v = Math.abs(w[i * n + j]);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    piv[pivOffset + j] = p;
    if (best === 0) {
      singular = true;
      continue;
    }
    if (p !== j) {
      for (let c = 0; c < n; c++) {
        const t = w[j * n + c];
        w[j * n + c] = w[p * n + c];
        w[p * n + c] = t;
      }
    }
    const pivot = w[j * n + j];
    for (let i = j + 1; i < m; i++) {
      const f = (w[i * n + j] /= pivot);
      if (f === 0) continue;
      const ri = i * n;
      const rj = j * n;
      for (let c = j + 1; c < n; c++) w[ri + c] -= f * w[rj + c];
    }
  }
  return singular;
}

export function luFactor(a: TypedArray, batch: number, m: number, n: number, outDtype: DType): { lu: TypedArray; pivots: Int32Array } {
  const size = m * n;
  const k = Math.min(m, n);
  const lu = allocate(outDtype, batch * size);
  const pivots = new Int32Array(batch * k);
  for (let b = 0; b < batch; b++) {
    const w = copyMatrix(a, b * size, size);
    luInPlace(w, m, n, pivots, b * k);
    lu.set(w, b * size);
  }
  return { lu, pivots };
}

/**
 * x = a^-1 b for square (n, n) `a` and (n, k) `b` by LU with partial pivoting.
 * `singular` is the first batch index with an exactly zero pivot (-1: none).
 */
export function solve(a: TypedArray, b: TypedArray, batch: number, n: number, k: number, outDtype: DType): { x: TypedArray; singular: number } {
  const x = allocate(outDtype, batch * n * k);
  const piv = new Int32Array(n);
  let singular = -1;
  for (let bi = 0; bi < batch; bi++) {
    const w = copyMatrix(a, bi * n * n, n * n);
    if (luInPlace(w, n, n, piv, 0)) {
      if (singular < 0) singular = bi;
      continue;
    }
    const y = copyMatrix(b, bi * n * k, n * k);
    for (let j = 0; j < n; j++) {
      const p = piv[j];
      if (p === j) continue;
      for (let c = 0; c < k; c++) {
        const t = y[j * k + c];
        y[j * k + c] = y[p * k + c];
        y[p * k + c] = t;
      }
    }
    substitute(w, y, n, k, true, true);
    substitute(w, y, n, k, false, false);
    x.set(y, bi * n * k);
  }
  return { x, singular };
}

/**
 * Solves t y' = y in place for the triangle of the (n, n) matrix `t` (lower or
 * upper; `unit`: the diagonal is taken as ones), row by row over the k columns of y.
 */
function substitute(t: Float64Array, y: Float64Array, n: number, k: number, lower: boolean, unit: boolean): void {
  for (let s = 0; s < n; s++) {
    const i = lower ? s : n - 1 - s;
    const ri = i * k;
    const j0 = lower ? 0 : i + 1;
    const j1 = lower ? i : n;
    for (let j = j0; j < j1; j++) {
      const f = t[i * n + j];
      if (f === 0) continue;
      const rj = j * k;
      for (let c = 0; c < k; c++) y[ri + c] -= f * y[rj + c];
    }
    if (!unit) {
      const d = t[i * n + i];
      for (let c = 0; c < k; c++) y[ri + c] /= d;
    }
  }
}

/**
 * x = t^-1 b for triangular (n, n) `t` (only its `lower` or upper triangle is
 * read) and (n, k) `b`. `singular`: first batch index with a zero on the diagonal.
 */
export function triangularSolve(
  t: TypedArray, b: TypedArray, batch: number, n: number, k: number, lower: boolean, outDtype: DType,
): { x: TypedArray; singular: number } {
  const x = allocate(outDtype, batch * n * k);
  let singular = -1;
  for (let bi = 0; bi < batch; bi++) {
    const w = copyMatrix(t, bi * n * n, n * n);
    let zeroDiagonal = false;
    for (let i = 0; i < n; i++) if (w[i * n + i] === 0) zeroDiagonal = true;
    if (zeroDiagonal) {
      if (singular < 0) singular = bi;
      continue;
    }
    const y = copyMatrix(b, bi * n * k, n * k);
    substitute(w, y, n, k, lower, false);
    x.set(y, bi * n * k);
  }
  return { x, singular };
}

// ---- Cholesky ----

/**
 * Lower Cholesky factors of (n, n) symmetric positive-definite matrices (only
 * the lower triangle is read, as LAPACK potrf with uplo "L"). `failed` is the
 * first batch index that is not positive definite (-1: none).
 */
export function cholesky(a: TypedArray, batch: number, n: number, outDtype: DType): { factor: TypedArray; failed: number } {
  const factor = allocate(outDtype, batch * n * n);
  let failed = -1;
  const l = new Float64Array(n * n);
  for (let bi = 0; bi < batch; bi++) {
    const off = bi * n * n;
    l.fill(0);
    let ok = true;
    for (let j = 0; j < n && ok; j++) {
      let d = a[off + j * n + j];
      for (let c = 0; c < j; c++) d -= l[j * n + c] * l[j * n + c];
      if (!(d > 0)) {
        ok = false;
        break;
      }
      const ljj = Math.sqrt(d);
      l[j * n + j] = ljj;
      for (let i = j + 1; i < n; i++) {
        let s = a[off + i * n + j];
        for (let c = 0; c < j; c++) s -= l[i * n + c] * l[j * n + c];
        l[i * n + j] = s / ljj;
      }
    }
    if (!ok) {
      if (failed < 0) failed = bi;
      continue;
    }
    factor.set(l, off);
  }
  return { factor, failed };
}

// ---- Householder reflections ----

/**
 * Builds the Householder reflection H = I - tau v v^T that maps the column
 * segment x = w[r0.., col] (stride `stride`) onto beta e1, LAPACK's larfg
 * convention: beta = -sign(alpha) |x|, and H = I (tau 0) when x below its first
 * entry is already zero. Writes v (v[0] = 1) into `v` and returns tau; w[r0, col]
 * becomes beta and the entries below it zero.
 */
function householder(w: Float64Array, r0: number, rows: number, col: number, stride: number, v: Float64Array): number {
  const alpha = w[r0 * stride + col];
  let xnorm = 0;
  for (let i = r0 + 1; i < rows; i++) xnorm = Math.hypot(xnorm, w[i * stride + col]);
  v.fill(0);
  v[r0] = 1;
  if (xnorm === 0) return 0;
  const beta = -(alpha >= 0 ? 1 : -1) * Math.hypot(alpha, xnorm);
  const tau = (beta - alpha) / beta;
  const scale = 1 / (alpha - beta);
  for (let i = r0 + 1; i < rows; i++) {
    v[i] = w[i * stride + col] * scale;
    w[i * stride + col] = 0;
  }
  w[r0 * stride + col] = beta;
  return tau;
}

/** w[r0.., c0..c1) = (I - tau v v^T) w[r0.., c0..c1) for the (rows, stride) matrix w. */
function reflectRows(w: Float64Array, rows: number, stride: number, r0: number, c0: number, c1: number, v: Float64Array, tau: number): void {
  if (tau === 0) return;
  for (let c = c0; c < c1; c++) {
    let s = 0;
    for (let i = r0; i < rows; i++) s += v[i] * w[i * stride + c];
    s *= tau;
    if (s === 0) continue;
    for (let i = r0; i < rows; i++) w[i * stride + c] -= s * v[i];
  }
}

/** w[r0..r1), r..] = w (I - tau v v^T) on columns v's support (from c0), for rows [r0, r1). */
function reflectColumns(w: Float64Array, stride: number, r0: number, r1: number, c0: number, v: Float64Array, tau: number): void {
  if (tau === 0) return;
  for (let r = r0; r < r1; r++) {
    const row = r * stride;
    let s = 0;
    for (let c = c0; c < stride; c++) s += w[row + c] * v[c];
    s *= tau;
    if (s === 0) continue;
    for (let c = c0; c < stride; c++) w[row + c] -= s * v[c];
  }
}

// ---- QR ----

/**
 * Householder QR of (m, n) matrices with LAPACK's sign convention (geqrf +
 * orgqr). Reduced: q (m, k), r (k, n) with k = min(m, n); complete: q (m, m), r (m, n).
 */
export function qr(a: TypedArray, batch: number, m: number, n: number, complete: boolean, outDtype: DType): { q: TypedArray; r: TypedArray } {
  const k = Math.min(m, n);
  const qCols = complete ? m : k;
  const rRows = complete ? m : k;
  const q = allocate(outDtype, batch * m * qCols);
  const r = allocate(outDtype, batch * rRows * n);
  const taus = new Float64Array(k);
  const vs = Array.from({ length: k }, () => new Float64Array(m));
  for (let bi = 0; bi < batch; bi++) {
    const w = copyMatrix(a, bi * m * n, m * n);
    for (let j = 0; j < k; j++) {
      taus[j] = householder(w, j, m, j, n, vs[j]);
      reflectRows(w, m, n, j, j + 1, n, vs[j], taus[j]);
    }
    const rOff = bi * rRows * n;
    for (let i = 0; i < k; i++) for (let c = i; c < n; c++) r[rOff + i * n + c] = w[i * n + c];
    // Q = H_0 H_1 ... H_{k-1} applied to the first qCols columns of the identity.
    const qm = new Float64Array(m * qCols);
    for (let i = 0; i < qCols; i++) qm[i * qCols + i] = 1;
    for (let j = k - 1; j >= 0; j--) reflectRows(qm, m, qCols, j, 0, qCols, vs[j], taus[j]);
    q.set(qm, bi * m * qCols);
  }
  return { q, r };
}

// ---- symmetric eigenproblem ----

/** Applies the rotation (c, s) to columns p, q of the (rows, stride) matrix w. */
function rotateColumns(w: Float64Array, rows: number, stride: number, p: number, q: number, c: number, s: number): void {
  for (let i = 0; i < rows; i++) {
    const wp = w[i * stride + p];
    const wq = w[i * stride + q];
    w[i * stride + p] = c * wp - s * wq;
    w[i * stride + q] = s * wp + c * wq;
  }
}

/** Rows p, q of the (., stride) matrix w over columns [c0, stride): row p <- c row p + s row q, row q <- c row q - s row p. */
function rotateRows(w: Float64Array, stride: number, p: number, q: number, c: number, s: number, c0: number): void {
  for (let j = c0; j < stride; j++) {
    const wp = w[p * stride + j];
    const wq = w[q * stride + j];
    w[p * stride + j] = c * wp + s * wq;
    w[q * stride + j] = -s * wp + c * wq;
  }
}

/**
 * Eigenvalues (ascending) and unit eigenvectors (columns) of symmetric (n, n)
 * matrices, reading only the lower triangle (numpy's eigh, UPLO "L"), by
 * cyclic Jacobi rotations (accurate to the last bits, and simple).
 */
export function eigh(a: TypedArray, batch: number, n: number, outDtype: DType): { values: TypedArray; vectors: TypedArray; converged: boolean } {
  const values = allocate(outDtype, batch * n);
  const vectors = allocate(outDtype, batch * n * n);
  let converged = true;
  const w = new Float64Array(n * n);
  const v = new Float64Array(n * n);
  for (let bi = 0; bi < batch; bi++) {
    const off = bi * n * n;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        const x = a[off + i * n + j];
        w[i * n + j] = x;
        w[j * n + i] = x;
      }
    }
    v.fill(0);
    for (let i = 0; i < n; i++) v[i * n + i] = 1;
    if (!jacobiEigen(w, v, n)) converged = false;
    const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => w[x * n + x] - w[y * n + y]);
    for (let c = 0; c < n; c++) {
      const src = order[c];
      values[bi * n + c] = w[src * n + src];
      for (let r = 0; r < n; r++) vectors[off + r * n + c] = v[r * n + src];
    }
  }
  return { values, vectors, converged };
}

/** Diagonalizes the symmetric w in place (w -> diag, v -> v R); false when it did not converge. */
function jacobiEigen(w: Float64Array, v: Float64Array, n: number): boolean {
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let total = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const x = w[i * n + j] * w[i * n + j];
        total += x;
        if (i !== j) off += x;
      }
    }
    if (off <= EPS * EPS * total || off === 0) return true;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = w[p * n + q];
        if (apq === 0) continue;
        const app = w[p * n + p];
        const aqq = w[q * n + q];
        // Skip rotations below the rounding level of both diagonal entries.
        if (Math.abs(apq) < EPS * 1e-3 * Math.sqrt(Math.abs(app * aqq))) {
          w[p * n + q] = 0;
          w[q * n + p] = 0;
          continue;
        }
        const theta = (aqq - app) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        // w <- R^T w R with R the rotation in the (p, q) plane.
        rotateColumns(w, n, n, p, q, c, s);
        rotateRows(w, n, p, q, c, -s, 0);
        w[p * n + q] = 0;
        w[q * n + p] = 0;
        rotateColumns(v, n, n, p, q, c, s);
      }
    }
  }
  return false;
}

// ---- general eigenproblem ----

/**
 * Eigenvalues (real and imaginary parts) of general (n, n) matrices, in the
 * order of their real Schur form, and unit eigenvectors (columns) when every
 * eigenvalue of the matrix is real (`vectors` rows of a matrix with a complex
 * pair are NaN). `converged` is false when the QR iteration did not converge.
 */
export function eig(
  a: TypedArray, batch: number, n: number, outDtype: DType,
): { valuesRe: TypedArray; valuesIm: TypedArray; vectors: TypedArray; converged: boolean } {
  const valuesRe = allocate(outDtype, batch * n);
  const valuesIm = allocate(outDtype, batch * n);
  const vectors = allocate(outDtype, batch * n * n);
  let converged = true;
  for (let bi = 0; bi < batch; bi++) {
    const h = copyMatrix(a, bi * n * n, n * n);
    const z = new Float64Array(n * n);
    for (let i = 0; i < n; i++) z[i * n + i] = 1;
    hessenberg(h, z, n);
    const re = new Float64Array(n);
    const im = new Float64Array(n);
    if (!schur(h, z, n, re, im)) converged = false;
    valuesRe.set(re, bi * n);
    valuesIm.set(im, bi * n);
    const allReal = im.every((x) => x === 0);
    const vecs = allReal ? schurEigenvectors(h, z, n) : new Float64Array(n * n).fill(NaN);
    vectors.set(vecs, bi * n * n);
  }
  return { valuesRe, valuesIm, vectors, converged };
}

/** Reduces h to upper Hessenberg form in place by Householder similarities, accumulating z <- z P. */
function hessenberg(h: Float64Array, z: Float64Array, n: number): void {
  const v = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    const tau = householder(h, k + 1, n, k, n, v);
    if (tau === 0) continue;
    reflectRows(h, n, n, k + 1, k + 1, n, v, tau);
    reflectColumns(h, n, 0, n, k + 1, v, tau);
    reflectColumns(z, n, 0, n, k + 1, v, tau);
  }
}

/** Givens rotation (c, s) with [c s; -s c]^T [x; y] = [r; 0]. */
function givens(x: number, y: number): [number, number] {
  if (y === 0) return [1, 0];
  const r = Math.hypot(x, y);
  return [x / r, y / r];
}

/** The similarity h <- G^T h G by the Givens rotation (c, s) of rows / columns (i, i+1), accumulated in z <- z G. */
function applySimilarity(h: Float64Array, z: Float64Array, n: number, i: number, c: number, s: number, c0: number, r1: number): void {
  rotateRows(h, n, i, i + 1, c, s, c0);
  rotateColumns(h, r1, n, i, i + 1, c, -s);
  rotateColumns(z, n, n, i, i + 1, c, -s);
}

/**
 * Shifted QR iteration on the Hessenberg h (Wilkinson shifts, Givens steps on
 * the active block, applied to the whole matrix so h ends as the real Schur
 * form T = z^T A z). Real 2x2 blocks are split into triangular form; a block
 * with a complex pair stays and its eigenvalues are reported as a pair.
 */
function schur(h: Float64Array, z: Float64Array, n: number, re: Float64Array, im: Float64Array): boolean {
  let hi = n - 1;
  let iter = 0;
  let total = 0;
  const maxTotal = 100 * Math.max(n, 1);
  while (hi >= 0) {
    let l = hi;
    while (l > 0) {
      const s = Math.abs(h[(l - 1) * n + l - 1]) + Math.abs(h[l * n + l]);
      if (Math.abs(h[l * n + l - 1]) <= EPS * (s === 0 ? 1 : s)) {
        h[l * n + l - 1] = 0;
        break;
      }
      l--;
    }
    if (l === hi) {
      re[hi] = h[hi * n + hi];
      im[hi] = 0;
      hi--;
      iter = 0;
      continue;
    }
    if (l === hi - 1) {
      splitBlock(h, z, n, hi - 1, re, im);
      hi -= 2;
      iter = 0;
      continue;
    }
    if (++total > maxTotal) return false;
    iter++;
    let mu: number;
    if (iter % 11 === 10) {
      // Exceptional shift against cycling.
      mu = h[hi * n + hi] + Math.abs(h[hi * n + hi - 1]) + Math.abs(h[(hi - 1) * n + hi - 2]);
    } else {
      mu = wilkinsonShift(h[(hi - 1) * n + hi - 1], h[(hi - 1) * n + hi], h[hi * n + hi - 1], h[hi * n + hi]);
    }
    qrStep(h, z, n, l, hi, mu);
  }
  return true;
}

/** The eigenvalue of [[a, b], [c, d]] nearer d (its real part when they are complex). */
function wilkinsonShift(a: number, b: number, c: number, d: number): number {
  const half = (a - d) / 2;
  const disc = half * half + b * c;
  if (disc < 0) return d + half;
  // d + half - sign(half) root, written without cancellation.
  const denom = half + (half >= 0 ? 1 : -1) * Math.sqrt(disc);
  return denom === 0 ? d : d - (b * c) / denom;
}

/** One explicit shifted QR step on the active block [l, hi]: H - mu I = QR, H <- RQ + mu I. */
function qrStep(h: Float64Array, z: Float64Array, n: number, l: number, hi: number, mu: number): void {
  for (let i = l; i <= hi; i++) h[i * n + i] -= mu;
  const cs = new Float64Array(2 * (hi - l));
  for (let i = l; i < hi; i++) {
    const [c, s] = givens(h[i * n + i], h[(i + 1) * n + i]);
    cs[2 * (i - l)] = c;
    cs[2 * (i - l) + 1] = s;
    rotateRows(h, n, i, i + 1, c, s, i);
  }
  for (let i = l; i < hi; i++) {
    const c = cs[2 * (i - l)];
    const s = cs[2 * (i - l) + 1];
    rotateColumns(h, Math.min(i + 2, hi + 1), n, i, i + 1, c, -s);
    rotateColumns(z, n, n, i, i + 1, c, -s);
  }
  for (let i = l; i <= hi; i++) h[i * n + i] += mu;
}

/** Eigenvalues of the 2x2 diagonal block at i; a real pair is rotated to upper triangular form. */
function splitBlock(h: Float64Array, z: Float64Array, n: number, i: number, re: Float64Array, im: Float64Array): void {
  const a = h[i * n + i];
  const b = h[i * n + i + 1];
  const c = h[(i + 1) * n + i];
  const d = h[(i + 1) * n + i + 1];
  const half = (a - d) / 2;
  const disc = half * half + b * c;
  if (disc < 0) {
    const mid = (a + d) / 2;
    const imag = Math.sqrt(-disc);
    re[i] = mid;
    re[i + 1] = mid;
    im[i] = imag;
    im[i + 1] = -imag;
    return;
  }
  // lambda: the eigenvalue computed without cancellation; its eigenvector (lambda - d, c) starts the rotation.
  const root = Math.sqrt(disc);
  const lambda = (a + d) / 2 + (half >= 0 ? root : -root);
  let x = lambda - d;
  let y = c;
  if (Math.abs(x) + Math.abs(y) === 0) {
    x = b;
    y = lambda - a;
  }
  const [cg, sg] = givens(x, y);
  applySimilarity(h, z, n, i, cg, sg, i, i + 2);
  h[(i + 1) * n + i] = 0;
  re[i] = h[i * n + i];
  re[i + 1] = h[(i + 1) * n + i + 1];
  im[i] = 0;
  im[i + 1] = 0;
}

/** Unit eigenvectors z y_j of the upper triangular Schur form t, by back substitution (LAPACK trevc's recurrence). */
function schurEigenvectors(t: Float64Array, z: Float64Array, n: number): Float64Array {
  let norm = 0;
  for (let i = 0; i < n * n; i++) norm = Math.max(norm, Math.abs(t[i]));
  const small = Math.max(norm * EPS, Number.MIN_VALUE);
  const out = new Float64Array(n * n);
  const y = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const lambda = t[j * n + j];
    y.fill(0);
    y[j] = 1;
    for (let i = j - 1; i >= 0; i--) {
      let s = 0;
      for (let k = i + 1; k <= j; k++) s += t[i * n + k] * y[k];
      let d = t[i * n + i] - lambda;
      if (Math.abs(d) < small) d = small;
      y[i] = -s / d;
    }
    let len = 0;
    for (let r = 0; r < n; r++) {
      let s = 0;
      for (let k = 0; k <= j; k++) s += z[r * n + k] * y[k];
      out[r * n + j] = s;
      len = Math.hypot(len, s);
    }
    for (let r = 0; r < n; r++) out[r * n + j] /= len;
  }
  return out;
}

// ---- singular value decomposition ----

/**
 * SVD of (m, n) matrices by one-sided Jacobi: u (m, m | k), s (k) descending,
 * vt (n, n | k, n) with a = u diag(s) vt (numpy's layout). Singular vectors
 * of zero singular values, and the extra columns of full matrices, are an
 * orthonormal completion.
 */
export function svd(
  a: TypedArray, batch: number, m: number, n: number, fullMatrices: boolean, computeUv: boolean, outDtype: DType,
): { u: TypedArray; s: TypedArray; vt: TypedArray; converged: boolean } {
  const k = Math.min(m, n);
  const uCols = fullMatrices ? m : k;
  const vtRows = fullMatrices ? n : k;
  const s = allocate(outDtype, batch * k);
  const u = allocate(outDtype, computeUv ? batch * m * uCols : 0);
  const vt = allocate(outDtype, computeUv ? batch * vtRows * n : 0);
  let converged = true;
  // Work on the taller orientation: for m < n, factor a^T = V S U^T.
  const tall = m >= n;
  const rows = tall ? m : n;
  const cols = tall ? n : m;
  for (let bi = 0; bi < batch; bi++) {
    const off = bi * m * n;
    // Columns of the tall matrix, each stored contiguously.
    const w = new Float64Array(rows * cols);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const x = a[off + i * n + j];
        if (tall) w[j * rows + i] = x;
        else w[i * rows + j] = x;
      }
    }
    const v = new Float64Array(cols * cols);
    for (let i = 0; i < cols; i++) v[i * cols + i] = 1;
    if (!oneSidedJacobi(w, v, rows, cols)) converged = false;
    const norms = new Float64Array(cols);
    for (let j = 0; j < cols; j++) {
      let len = 0;
      for (let i = 0; i < rows; i++) len = Math.hypot(len, w[j * rows + i]);
      norms[j] = len;
    }
    const order = Array.from({ length: cols }, (_, i) => i).sort((x, y) => norms[y] - norms[x]);
    for (let j = 0; j < k; j++) s[bi * k + j] = norms[order[j]];
    if (!computeUv) continue;
    // Left vectors of the tall matrix (rows x rows-or-k), right vectors (cols x cols).
    const leftCols = tall ? uCols : vtRows;
    const left = new Float64Array(rows * leftCols);
    const accepted: number[] = [];
    const tol = norms[order[0]] * EPS * rows;
    for (let j = 0; j < cols && j < leftCols; j++) {
      const src = order[j];
      const len = norms[src];
      if (len > tol && len > 0) {
        for (let i = 0; i < rows; i++) left[i * leftCols + j] = w[src * rows + i] / len;
        accepted.push(j);
      }
    }
    completeOrthonormal(left, rows, leftCols, accepted);
    // Right vectors, as rows (cols x cols), reordered.
    const right = new Float64Array(cols * cols);
    for (let j = 0; j < cols; j++) for (let i = 0; i < cols; i++) right[j * cols + i] = v[i * cols + order[j]];
    if (tall) {
      // u = left (m x uCols); vt = right rows (first vtRows of n).
      u.set(left, bi * m * uCols);
      vt.set(right.subarray(0, vtRows * n), bi * vtRows * n);
    } else {
      // a = right^T S left^T: u (m x uCols) = right^T columns, vt = left^T.
      const uOff = bi * m * uCols;
      for (let i = 0; i < m; i++) for (let j = 0; j < uCols; j++) u[uOff + i * uCols + j] = right[j * cols + i];
      const vOff = bi * vtRows * n;
      for (let j = 0; j < vtRows; j++) for (let i = 0; i < n; i++) vt[vOff + j * n + i] = left[i * leftCols + j];
    }
  }
  return { u, s, vt, converged };
}

/** Orthogonalizes the column pairs of w (cols columns of length rows, contiguous) until none rotates; v accumulates. */
function oneSidedJacobi(w: Float64Array, v: Float64Array, rows: number, cols: number): boolean {
  for (let sweep = 0; sweep < 60; sweep++) {
    let rotated = false;
    for (let p = 0; p < cols - 1; p++) {
      for (let q = p + 1; q < cols; q++) {
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        const po = p * rows;
        const qo = q * rows;
        for (let i = 0; i < rows; i++) {
          const x = w[po + i];
          const y = w[qo + i];
          alpha += x * x;
          beta += y * y;
          gamma += x * y;
        }
        if (gamma === 0 || Math.abs(gamma) <= EPS * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let i = 0; i < rows; i++) {
          const x = w[po + i];
          const y = w[qo + i];
          w[po + i] = c * x - s * y;
          w[qo + i] = s * x + c * y;
        }
        rotateColumns(v, cols, cols, p, q, c, s);
      }
    }
    if (!rotated) return true;
  }
  return false;
}

/**
 * Fills the columns of the (rows, cols) matrix q not listed in `accepted`
 * with unit vectors orthogonal to all others: standard basis vectors, made
 * orthogonal by two rounds of Gram-Schmidt, skipping the ones that vanish.
 */
function completeOrthonormal(q: Float64Array, rows: number, cols: number, accepted: number[]): void {
  const have = new Set(accepted);
  const done = accepted.slice();
  let candidate = 0;
  const x = new Float64Array(rows);
  for (let j = 0; j < cols; j++) {
    if (have.has(j)) continue;
    while (candidate < rows) {
      x.fill(0);
      x[candidate++] = 1;
      for (let round = 0; round < 2; round++) {
        for (const c of done) {
          let d = 0;
          for (let i = 0; i < rows; i++) d += q[i * cols + c] * x[i];
          for (let i = 0; i < rows; i++) x[i] -= d * q[i * cols + c];
        }
      }
      let len = 0;
      for (let i = 0; i < rows; i++) len = Math.hypot(len, x[i]);
      if (len > 1e-8) {
        for (let i = 0; i < rows; i++) q[i * cols + j] = x[i] / len;
        done.push(j);
        break;
      }
    }
  }
}
