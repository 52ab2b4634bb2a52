/**
 * Batched matrix multiplication, cache-blocked with a 4-row micro-kernel.
 *
 * Operands are first packed into row-major (m, k) and (k, n) float64 panels
 * when transposed, so the inner loop always streams one contiguous row of B
 * and updates four contiguous accumulator rows of C. Blocking over k and n
 * keeps the B panel and the accumulators in cache.
 */
import { DType, TypedArray, allocate } from "../../engine/dtype.js";
import type { MatmulInfo } from "../backend.js";

const NB = 8; // 4-column panels of B per n-block: a (KC, 64) block of B stays in L2
const KC = 256; // depth of a k-block: a (KC, 4) panel of A and of B stay in L1

export function matmul(a: TypedArray, b: TypedArray, info: MatmulInfo, outDtype: DType): TypedArray {
  const { batch, m, k, n, transposeA, transposeB, aBatchStride, bBatchStride } = info;
  const out = allocate(outDtype, batch * m * n);
  if (m === 0 || n === 0) return out;
  const acc = new Float64Array(m * n);
  let aPack: TypedArray | null = null;
  let bPack: TypedArray | null = null;
  for (let t = 0; t < batch; t++) {
    const aOff = t * aBatchStride;
    const bOff = t * bBatchStride;
    // A as (m, k) row-major, B as (k, n) row-major.
    let A: TypedArray;
    let aBase: number;
    if (transposeA) {
      aPack ??= new Float64Array(m * k);
      for (let p = 0; p < k; p++) for (let i = 0; i < m; i++) aPack[i * k + p] = a[aOff + p * m + i];
      A = aPack;
      aBase = 0;
    } else {
      A = a;
      aBase = aOff;
    }
    let B: TypedArray;
    let bBase: number;
    if (transposeB) {
      // Reuse the packed B when it is broadcast over the batch.
      if (bPack === null || bBatchStride !== 0 || t === 0) {
        bPack ??= new Float64Array(k * n);
        for (let j = 0; j < n; j++) for (let p = 0; p < k; p++) bPack[p * n + j] = b[bOff + j * k + p];
      }
      B = bPack;
      bBase = 0;
    } else {
      B = b;
      bBase = bOff;
    }
    acc.fill(0);
    gemm(A, aBase, B, bBase, acc, m, k, n);
    const o = t * m * n;
    for (let i = 0; i < m * n; i++) out[o + i] = acc[i];
  }
  return out;
}

/**
 * C (m, n) += A (m, k) · B (k, n); all row-major, C zero-initialised by the caller.
 * A is packed into 4-row panels and B into 4-column panels per k-block (zero
 * padded at the edges) so the 4x4 micro-kernel reads both sequentially and
 * keeps its 16 accumulators in registers.
 */
function gemm(A: TypedArray, aBase: number, B: TypedArray, bBase: number, C: Float64Array, m: number, k: number, n: number): void {
  const mp = Math.ceil(m / 4);
  const np = Math.ceil(n / 4);
  const kcMax = Math.min(KC, k);
  const bp = new Float64Array(np * 4 * kcMax);
  const ap = new Float64Array(mp * 4 * kcMax);
  for (let p0 = 0; p0 < k; p0 += KC) {
    const kc = Math.min(KC, k - p0);
    // Pack B[p0:p0+kc, :] as np panels of (kc, 4) and A[:, p0:p0+kc] as mp panels of (kc, 4).
    if (n % 4 !== 0) bp.fill(0);
    for (let p = 0; p < kc; p++) {
      const src = bBase + (p0 + p) * n;
      for (let j = 0; j < n; j++) bp[(j >> 2) * 4 * kc + p * 4 + (j & 3)] = B[src + j];
    }
    if (m % 4 !== 0) ap.fill(0);
    for (let i = 0; i < m; i++) {
      const src = aBase + i * k + p0;
      const dst = (i >> 2) * 4 * kc + (i & 3);
      for (let p = 0; p < kc; p++) ap[dst + p * 4] = A[src + p];
    }
    for (let jb0 = 0; jb0 < np; jb0 += NB) {
      const jb1 = Math.min(np, jb0 + NB);
      for (let ib = 0; ib < mp; ib++) {
        const i0 = ib * 4;
        const rows = Math.min(4, m - i0);
        const paBase = ib * 4 * kc;
        for (let jb = jb0; jb < jb1; jb++) {
          let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
          let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
          let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
          let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
          let pb = jb * 4 * kc;
          let pa = paBase;
          for (let p = 0; p < kc; p++, pa += 4, pb += 4) {
            const a0 = ap[pa], a1 = ap[pa + 1], a2 = ap[pa + 2], a3 = ap[pa + 3];
            const b0 = bp[pb], b1 = bp[pb + 1], b2 = bp[pb + 2], b3 = bp[pb + 3];
            c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
            c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
            c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
            c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
          }
          const j0 = jb * 4;
          const cols = Math.min(4, n - j0);
          if (rows === 4 && cols === 4) {
            let c = i0 * n + j0;
            C[c] += c00; C[c + 1] += c01; C[c + 2] += c02; C[c + 3] += c03; c += n;
            C[c] += c10; C[c + 1] += c11; C[c + 2] += c12; C[c + 3] += c13; c += n;
            C[c] += c20; C[c + 1] += c21; C[c + 2] += c22; C[c + 3] += c23; c += n;
            C[c] += c30; C[c + 1] += c31; C[c + 2] += c32; C[c + 3] += c33;
          } else {
            const block = [c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33];
            for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) C[(i0 + r) * n + j0 + c] += block[r * 4 + c];
          }
        }
      }
    }
  }
}
