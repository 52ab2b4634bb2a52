/**
 * The small matrix product inside a recurrent time loop: C (m, n) += A (m, k) · B (k, n)
 * where B (a recurrent kernel, or its transpose) is the same at every step and
 * A (the batch of states) changes. B is packed once per sequence; A is packed
 * per step; a 3x3 register tile does the multiply-adds (the layout and the
 * reasons for 3x3 are those of matmul.ts: on V8 a 3x3 tile over panels packed
 * in float64 beats wider tiles, which spill).
 *
 * Where the engine runs matmul's asm.js micro-kernel (matmul-asm.ts, a 4x3
 * tile compiled ahead of time, about twice as fast), the step product uses
 * it: B is packed into the kernel's heap, and re-packed only when another
 * product (or a matmul) overwrote its slots in between. Otherwise a plain JS 3x3 kernel runs.
 *
 * Panels: lines (rows of A, columns of B) are grouped `width` at a time; line q,
 * element p of a pack lives at P[base + (q - q % width) * k + width * p + q % width].
 * Missing lines of the last panel are zeros, so the micro-kernels have no short path over k.
 */
import { kernel3x3 } from "./matmul.js";
import { ASM_B_BASE, ASM_C_BASE, ASM_KC, ASM_MC, ASM_MR, ASM_NC, ASM_NR, AsmKernel, asmKernel } from "./matmul-asm.js";

/** Length of a pack of `count` lines of length `k`. */
export function packedLength(count: number, k: number, width = 3): number {
  return Math.ceil(count / width) * width * k;
}

/**
 * Packs `count` lines of length `k` into panels of `width` lines: line q,
 * element p is read at X[src + q * lineStride + p * elemStride].
 */
export function packPanels(
  X: ArrayLike<number>, src: number, lineStride: number, elemStride: number,
  count: number, k: number, P: Float64Array, dst: number, width = 3,
): void {
  for (let q0 = 0; q0 < count; q0 += width) {
    const base = dst + q0 * k;
    for (let r = 0; r < width; r++) {
      let d = base + r;
      if (q0 + r < count) {
        let s = src + (q0 + r) * lineStride;
        for (let p = 0; p < k; p++, d += width, s += elemStride) P[d] = X[s];
      } else {
        for (let p = 0; p < k; p++, d += width) P[d] = 0;
      }
    }
  }
}

/**
 * C[cOff + i * ldc + j] += sum_p A(i, p) B(p, j) for i < m, j < n, with A packed
 * at P[pa] (m lines) and B packed at P[pb] (n lines), both of length k. One
 * array holds both packs so the inner loop pays for one map check.
 */
export function gemmPacked(P: Float64Array, pa: number, pb: number, m: number, n: number, k: number, C: Float64Array, cOff: number, ldc: number): void {
  if (k === 0) return;
  // B panel outermost: it stays in L1 while every A panel (the small batch) streams past it.
  for (let j0 = 0; j0 < n; j0 += 3) {
    const cols = Math.min(3, n - j0);
    const bPanel = pb + j0 * k;
    for (let i0 = 0; i0 < m; i0 += 3) {
      kernel3x3(P, pa + i0 * k, bPanel, k, C, cOff + i0 * ldc + j0, ldc, Math.min(3, m - i0), cols);
    }
  }
}


/** The step products whose packed B is in the asm.js heap now, each in its own slot range. */
const resident = new Set<StepProduct>();

/** Forgets which B blocks the asm.js heap holds; call after using the heap otherwise (matmul). */
export function releaseAsmHeap(): void {
  resident.clear();
}

/**
 * A step product with a fixed right operand B (k, n): C (m, n) += A · B for
 * a new A (m, k) at every step.
 */
export class StepProduct {
  private readonly kernel: AsmKernel | null;
  /** Plain path: B packed once, then a scratch region for A, in one array. */
  private readonly P: Float64Array | null;
  private readonly pa: number;
  /**
   * Asm path: B packed whole, at heap slots [slot, slot + packedSize), stays
   * there between steps (until another product or a matmul overwrites the range).
   */
  private readonly fits: boolean;
  private readonly slot: number;
  /** Slots that B takes once packed (its blocks one after the other). */
  readonly packedSize: number;
  /** Length of the k blocks. */
  private readonly kc: number;

  /**
   * Element (p, j) of B is B[bOff + p * rsB + j * csB]; `m` rows of A per step.
   * `slotOffset` places B in the heap's B region, so that products used in turn
   * (GRU's two) can all stay packed.
   */
  constructor(
    private readonly B: ArrayLike<number>, private readonly bOff: number, private readonly rsB: number, private readonly csB: number,
    readonly m: number, readonly k: number, readonly n: number, slotOffset = 0,
  ) {
    this.kernel = asmKernel();
    let packed = 0;
    for (let jc = 0; jc < n; jc += ASM_NC) packed += Math.ceil(Math.min(ASM_NC, n - jc) / ASM_NR) * ASM_NR * k;
    this.packedSize = packed;
    // k blocks as long as the heap allows (the A region holds mc x kc, a B block ncPad x kc): a batch of
    // 32 states takes k up to 960 in one block, so a step is one kernel call instead of several.
    const mcPad = Math.ceil(Math.min(m, ASM_MC) / ASM_MR) * ASM_MR;
    const ncPad = Math.ceil(Math.min(n, ASM_NC) / ASM_NR) * ASM_NR;
    this.kc = Math.max(1, Math.min(k, Math.floor((ASM_MC * ASM_KC) / Math.max(mcPad, 1)), Math.floor((ASM_KC * ASM_NC) / Math.max(ncPad, 1))));
    this.fits = slotOffset + packed <= ASM_KC * ASM_NC;
    this.slot = ASM_B_BASE + (this.fits ? slotOffset : 0);
    if (this.kernel) {
      this.P = null;
      this.pa = 0;
    } else {
      const bLen = packedLength(n, k);
      this.P = new Float64Array(bLen + packedLength(m, k));
      this.pa = bLen;
      packPanels(B, bOff, csB, rsB, n, k, this.P, 0);
    }
  }

  /** C[cOff + i * ldc + j] += A(i, :) · B(:, j), with A(i, p) at A[aOff + i * rsA + p * csA]. */
  run(A: ArrayLike<number>, aOff: number, rsA: number, csA: number, C: Float64Array, cOff: number, ldc: number): void {
    if (this.m === 0 || this.n === 0 || this.k === 0) return;
    if (!this.kernel) {
      packPanels(A, aOff, rsA, csA, this.m, this.k, this.P!, this.pa);
      gemmPacked(this.P!, this.pa, 0, this.m, this.n, this.k, C, cOff, ldc);
      return;
    }
    const H = this.kernel.heap;
    const { m, k, n, B, bOff, rsB, csB } = this;
    const repack = !this.fits || !resident.has(this);
    if (repack) this.evictOverlapping();
    let slot = this.slot; // where the current block of B sits in the heap
    for (let jc = 0; jc < n; jc += ASM_NC) {
      const nc = Math.min(ASM_NC, n - jc);
      const ncPad = Math.ceil(nc / ASM_NR) * ASM_NR;
      for (let pc = 0; pc < k; pc += this.kc) {
        const kc = Math.min(this.kc, k - pc);
        if (!this.fits) slot = ASM_B_BASE;
        if (repack) packPanels(B, bOff + pc * rsB + jc * csB, csB, rsB, nc, kc, H, slot, ASM_NR);
        for (let ic = 0; ic < m; ic += ASM_MC) {
          const mc = Math.min(ASM_MC, m - ic);
          packPanels(A, aOff + ic * rsA + pc * csA, rsA, csA, mc, kc, H, 0, ASM_MR);
          this.kernel.macro(slot * 8, Math.ceil(mc / ASM_MR) * ASM_MR, ncPad, kc, ASM_C_BASE * 8, ncPad * 8);
          for (let r = 0; r < mc; r++) {
            const src = ASM_C_BASE + r * ncPad;
            const dst = cOff + (ic + r) * ldc + jc;
            for (let c = 0; c < nc; c++) C[dst + c] += H[src + c];
          }
        }
        slot += ncPad * kc;
      }
    }
    if (this.fits) resident.add(this);
  }

  /** Drops the residency of the products whose slots this one is about to overwrite. */
  private evictOverlapping(): void {
    const start = this.slot;
    const end = this.fits ? start + this.packedSize : ASM_B_BASE + ASM_KC * ASM_NC;
    for (const other of resident) {
      if (other.slot < end && start < other.slot + other.packedSize) resident.delete(other);
    }
  }
}
