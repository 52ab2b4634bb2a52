/**
 * Batched matrix multiplication for the reference backend (single-threaded, no SIMD).
 *
 * Large products follow the Goto/BLIS layout: the k dimension is cut into
 * blocks of KC, A into blocks of MC rows, and both operands are packed into
 * float64 panels, so a micro-kernel streams both panels sequentially and keeps
 * a small tile of C in registers. Two kernels share that scheme:
 *
 * - the asm.js kernel (matmul-asm.ts, 4x3 tile), compiled by the engine to
 *   WebAssembly: ~4 GFLOP/s here;
 * - the plain JS kernel below (3x3 tile), used where the asm.js module cannot
 *   be built (no `new Function` under a strict Content-Security-Policy).
 *
 * Why 3x3 in plain JS (measured on V8, x64): every typed-array load costs about
 * six instructions (index add, sign extension, bounds check, base address), an
 * FMA two (V8 never fuses a*b+c). A tile of MR x NR does MR*NR FMAs for MR+NR
 * loads, and the 16 XMM registers must hold the MR*NR accumulators, the NR
 * values of B and a temporary. 3x3 (9 accumulators) unrolled twice over k beat
 * 4x4 (16 accumulators, always spilling), 4x2, 2x4, 6x2, 3x4 and 4x3 by 10-20%.
 * Index arithmetic is written `(i + c) | 0` so TurboFan drops the int32
 * overflow checks, and both panels live in ONE array so each iteration pays
 * for one map check instead of two.
 *
 * Transposed operands need no extra pass: packing reads A(i, p) and B(p, j)
 * through row and column strides. Thin or tiny products (a row or column of
 * fewer than 3, or under ~8k multiply-adds) skip packing and use a direct loop.
 */
import { DType, TypedArray, allocate } from "../../engine/dtype.js";
import type { MatmulInfo } from "../backend.js";
import { ASM_B_BASE, ASM_C_BASE, ASM_KC, ASM_MC, ASM_MR, ASM_NC, ASM_NR, AsmKernel, asmKernel } from "./matmul-asm.js";

export { setAsmKernelEnabled } from "./matmul-asm.js";

// Plain JS kernel blocking.
const MR = 3; // rows of the register tile (A panel width)
const NR = 3; // columns of the register tile (B panel width)
const KC = 256; // k-block: a (KC, 3) panel of A and of B (6 KiB each) stay in L1
const MC = 120; // row block: a packed (MC, KC) block of A (240 KiB) stays in L2
const NC = 3072; // column block: a packed (KC, NC) block of B is streamed from L3
const SMALL_WORK = 8192; // m*n*k below which packing costs more than it saves

/** Packing scratch, reused across calls (the backend is synchronous and single-threaded). */
let scratch = new Float64Array(0);

export function matmul(a: TypedArray, b: TypedArray, info: MatmulInfo, outDtype: DType): TypedArray {
  const { batch, m, k, n, transposeA, transposeB, aBatchStride, bBatchStride } = info;
  const out = allocate(outDtype, batch * m * n);
  if (m === 0 || n === 0 || k === 0 || batch === 0) return out;
  // Element (i, p) of A is at aOff + i * rsA + p * csA; element (p, j) of B at bOff + p * rsB + j * csB.
  const rsA = transposeA ? 1 : k;
  const csA = transposeA ? m : 1;
  const rsB = transposeB ? 1 : n;
  const csB = transposeB ? k : 1;
  // Accumulation is in float64; a float64 output is accumulated in place, others are converted at the end.
  const direct = out instanceof Float64Array;
  const acc = direct ? out : new Float64Array(m * n);
  const small = m < MR || n < NR || m * n * k < SMALL_WORK;
  for (let t = 0; t < batch; t++) {
    const aOff = t * aBatchStride;
    const bOff = t * bBatchStride;
    const cOff = direct ? t * m * n : 0;
    if (!direct && t > 0) acc.fill(0);
    if (small) matmulDirect(a, aOff, rsA, csA, b, bOff, rsB, csB, acc, cOff, m, k, n);
    else {
      const kernel = asmKernel();
      if (kernel) gemmAsm(kernel, a, aOff, rsA, csA, b, bOff, rsB, csB, acc, cOff, m, k, n);
      else gemm(a, aOff, rsA, csA, b, bOff, rsB, csB, acc, cOff, m, k, n);
    }
    if (!direct) storeConverted(acc, out, t * m * n, outDtype);
  }
  return out;
}

/** Copies float64 accumulators into a float32 / int32 / bool output (bool: any nonzero product sum is true). */
function storeConverted(acc: Float64Array, out: TypedArray, offset: number, dtype: DType): void {
  const size = acc.length;
  if (dtype === "bool") {
    for (let i = 0; i < size; i++) out[offset + i] = acc[i] !== 0 ? 1 : 0;
  } else {
    for (let i = 0; i < size; i++) out[offset + i] = acc[i];
  }
}

/**
 * C += A·B without packing, for thin or tiny products. The loop order keeps
 * the innermost access contiguous: i-p-j (a row of B at a time) when B's rows
 * are contiguous and more than one wide, otherwise i-j-p (dot products along k).
 */
function matmulDirect(
  A: TypedArray, aOff: number, rsA: number, csA: number,
  B: TypedArray, bOff: number, rsB: number, csB: number,
  C: Float64Array, cOff: number, m: number, k: number, n: number,
): void {
  if (csB === 1 && n > 1) {
    for (let i = 0; i < m; i++) {
      const cRow = cOff + i * n;
      for (let p = 0; p < k; p++) {
        const av = A[aOff + i * rsA + p * csA]; // no skip for av === 0: 0 * Inf must stay NaN
        const bRow = bOff + p * rsB;
        for (let j = 0; j < n; j++) C[cRow + j] += av * B[bRow + j];
      }
    }
  } else {
    for (let i = 0; i < m; i++) {
      const aRow = aOff + i * rsA;
      for (let j = 0; j < n; j++) {
        const bCol = bOff + j * csB;
        let s = 0;
        for (let p = 0; p < k; p++) s += A[aRow + p * csA] * B[bCol + p * rsB];
        C[cOff + i * n + j] += s;
      }
    }
  }
}

/** C (m, n) += A (m, k) · B (k, n), blocked and packed; see the file comment. */
function gemm(
  A: TypedArray, aOff: number, rsA: number, csA: number,
  B: TypedArray, bOff: number, rsB: number, csB: number,
  C: Float64Array, cOff: number, m: number, k: number, n: number,
): void {
  const kcMax = Math.min(KC, k);
  const mcMax = Math.ceil(Math.min(MC, m) / MR) * MR;
  const ncMax = Math.ceil(Math.min(NC, n) / NR) * NR;
  const bBase = mcMax * kcMax; // the packed B block follows the packed A block
  const need = bBase + ncMax * kcMax;
  if (scratch.length < need) scratch = new Float64Array(need);
  const P = scratch;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      packPanels(B, bOff + pc * rsB + jc * csB, csB, rsB, nc, kc, P, bBase, NR);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic);
        packPanels(A, aOff + ic * rsA + pc * csA, rsA, csA, mc, kc, P, 0, MR);
        for (let j0 = 0; j0 < nc; j0 += NR) {
          const cols = Math.min(NR, nc - j0);
          const pb = bBase + j0 * kc;
          for (let i0 = 0; i0 < mc; i0 += MR) {
            const rows = Math.min(MR, mc - i0);
            kernel3x3(P, i0 * kc, pb, kc, C, cOff + (ic + i0) * n + jc + j0, n, rows, cols);
          }
        }
      }
    }
  }
}

/** C (m, n) += A (m, k) · B (k, n) with the asm.js kernel: same blocking, the C block comes back through the heap. */
function gemmAsm(
  kernel: AsmKernel,
  A: TypedArray, aOff: number, rsA: number, csA: number,
  B: TypedArray, bOff: number, rsB: number, csB: number,
  C: Float64Array, cOff: number, m: number, k: number, n: number,
): void {
  const H = kernel.heap;
  for (let jc = 0; jc < n; jc += ASM_NC) {
    const nc = Math.min(ASM_NC, n - jc);
    const ncPad = Math.ceil(nc / ASM_NR) * ASM_NR;
    for (let pc = 0; pc < k; pc += ASM_KC) {
      const kc = Math.min(ASM_KC, k - pc);
      packPanels(B, bOff + pc * rsB + jc * csB, csB, rsB, nc, kc, H, ASM_B_BASE, ASM_NR);
      for (let ic = 0; ic < m; ic += ASM_MC) {
        const mc = Math.min(ASM_MC, m - ic);
        const mcPad = Math.ceil(mc / ASM_MR) * ASM_MR;
        packPanels(A, aOff + ic * rsA + pc * csA, rsA, csA, mc, kc, H, 0, ASM_MR);
        kernel.macro(ASM_B_BASE * 8, mcPad, ncPad, kc, ASM_C_BASE * 8, ncPad * 8);
        for (let r = 0; r < mc; r++) {
          const src = ASM_C_BASE + r * ncPad;
          const dst = cOff + (ic + r) * n + jc;
          for (let c = 0; c < nc; c++) C[dst + c] += H[src + c];
        }
      }
    }
  }
}

/**
 * Packs `count` lines (rows of A or columns of B) of length `kc` into panels
 * of `width` lines: line q, element p goes to P[dst + (q - q % width) * kc + p * width + q % width].
 * Line q element p is read at src + q * lineStride + p * elemStride. The last
 * panel is zero padded so the kernels never need a short path.
 */
function packPanels(
  X: TypedArray, src: number, lineStride: number, elemStride: number,
  count: number, kc: number, P: Float64Array, dst: number, width: number,
): void {
  for (let q0 = 0; q0 < count; q0 += width) {
    const base = dst + q0 * kc;
    for (let r = 0; r < width; r++) {
      let d = base + r;
      if (q0 + r < count) {
        let s = src + (q0 + r) * lineStride;
        for (let p = 0; p < kc; p++, d += width, s += elemStride) P[d] = X[s];
      } else {
        for (let p = 0; p < kc; p++, d += width) P[d] = 0;
      }
    }
  }
}

/**
 * C[c .. c+rows, .. +cols] (row stride ldc) += A panel (kc, 3) at P[pa] · B panel (kc, 3) at P[pb].
 * k is unrolled by two; nine accumulators stay in registers.
 */
export function kernel3x3(P: Float64Array, pa: number, pb: number, kc: number, C: Float64Array, c: number, ldc: number, rows: number, cols: number): void {
  let c00 = 0, c01 = 0, c02 = 0;
  let c10 = 0, c11 = 0, c12 = 0;
  let c20 = 0, c21 = 0, c22 = 0;
  const pairEnd = (pa + (kc >> 1) * 6) | 0;
  for (; pa < pairEnd; pa = (pa + 6) | 0, pb = (pb + 6) | 0) {
    const b0 = P[pb], b1 = P[(pb + 1) | 0], b2 = P[(pb + 2) | 0];
    let a = P[pa];
    c00 += a * b0; c01 += a * b1; c02 += a * b2;
    a = P[(pa + 1) | 0];
    c10 += a * b0; c11 += a * b1; c12 += a * b2;
    a = P[(pa + 2) | 0];
    c20 += a * b0; c21 += a * b1; c22 += a * b2;
    const d0 = P[(pb + 3) | 0], d1 = P[(pb + 4) | 0], d2 = P[(pb + 5) | 0];
    a = P[(pa + 3) | 0];
    c00 += a * d0; c01 += a * d1; c02 += a * d2;
    a = P[(pa + 4) | 0];
    c10 += a * d0; c11 += a * d1; c12 += a * d2;
    a = P[(pa + 5) | 0];
    c20 += a * d0; c21 += a * d1; c22 += a * d2;
  }
  if ((kc & 1) !== 0) {
    const b0 = P[pb], b1 = P[pb + 1], b2 = P[pb + 2];
    let a = P[pa];
    c00 += a * b0; c01 += a * b1; c02 += a * b2;
    a = P[pa + 1];
    c10 += a * b0; c11 += a * b1; c12 += a * b2;
    a = P[pa + 2];
    c20 += a * b0; c21 += a * b1; c22 += a * b2;
  }
  if (rows === 3 && cols === 3) {
    C[c] += c00; C[c + 1] += c01; C[c + 2] += c02; c += ldc;
    C[c] += c10; C[c + 1] += c11; C[c + 2] += c12; c += ldc;
    C[c] += c20; C[c + 1] += c21; C[c + 2] += c22;
    return;
  }
  // Edge tile: only the rows and columns that exist.
  C[c] += c00;
  if (cols > 1) C[c + 1] += c01;
  if (cols > 2) C[c + 2] += c02;
  if (rows > 1) {
    c += ldc;
    C[c] += c10;
    if (cols > 1) C[c + 1] += c11;
    if (cols > 2) C[c + 2] += c12;
  }
  if (rows > 2) {
    c += ldc;
    C[c] += c20;
    if (cols > 1) C[c + 1] += c21;
    if (cols > 2) C[c + 2] += c22;
  }
}
