/**
 * The matmul micro-kernel as an asm.js module: plain JavaScript that V8 and
 * SpiderMonkey compile ahead of time to WebAssembly, where loads from the heap
 * need no bounds checks, map checks or index sign extension. On this machine
 * that lifts the packed 4x3 kernel from ~2 to ~4 GFLOP/s, scalar and single-threaded.
 *
 * The module is built from source text with `new Function`: TypeScript
 * transpilers (esbuild in tsx and vitest) drop the "use asm" directive and
 * print `0.0` as `0`, which would silently turn it back into ordinary JS.
 * Where `new Function` is forbidden (a Content-Security-Policy without
 * 'unsafe-eval') `asmKernel()` returns null and matmul uses its plain JS
 * kernel; where an engine does not validate asm.js the same code still runs,
 * as ordinary (slower) JavaScript, with identical results.
 *
 * Heap layout (float64 slots): packed A block at 0 (MC x KC, 4-row panels),
 * packed B block at B_BASE (KC x NC, 3-column panels), C block at C_BASE
 * (MC x NC, row stride ncPad). `macro` overwrites the C block with A·B; the
 * caller adds it into the output.
 */

export const ASM_MR = 4; // rows of the register tile: 12 accumulators + 3 B values + 1 A value = 16 XMM registers
export const ASM_NR = 3;
export const ASM_KC = 256;
export const ASM_MC = 120; // a multiple of ASM_MR
export const ASM_NC = 768; // a multiple of ASM_NR
export const ASM_B_BASE = ASM_MC * ASM_KC;
export const ASM_C_BASE = ASM_B_BASE + ASM_KC * ASM_NC;
const HEAP_BYTES = 1 << 22; // asm.js heaps are a power of two; the three blocks need 2.5 MB

/** asm.js source. Offsets are in bytes; mc is a multiple of 4 and nc of 3 (the packing pads). */
const SOURCE = `
function MatmulKernel(stdlib, foreign, heap) {
  "use asm";
  var H = new stdlib.Float64Array(heap);
  var imul = stdlib.Math.imul;
  function macro(pb0, mc, nc, kc, c0, ldc) {
    pb0 = pb0 | 0; mc = mc | 0; nc = nc | 0; kc = kc | 0; c0 = c0 | 0; ldc = ldc | 0;
    var i = 0, j = 0, p = 0, pa = 0, pb = 0, o = 0;
    var a = 0.0, b0 = 0.0, b1 = 0.0, b2 = 0.0;
    var c00 = 0.0, c01 = 0.0, c02 = 0.0, c10 = 0.0, c11 = 0.0, c12 = 0.0;
    var c20 = 0.0, c21 = 0.0, c22 = 0.0, c30 = 0.0, c31 = 0.0, c32 = 0.0;
    for (j = 0; (j | 0) < (nc | 0); j = (j + 3) | 0) {
      for (i = 0; (i | 0) < (mc | 0); i = (i + 4) | 0) {
        c00 = 0.0; c01 = 0.0; c02 = 0.0; c10 = 0.0; c11 = 0.0; c12 = 0.0;
        c20 = 0.0; c21 = 0.0; c22 = 0.0; c30 = 0.0; c31 = 0.0; c32 = 0.0;
        pa = imul(i, kc) << 3;
        pb = (pb0 + (imul(j, kc) << 3)) | 0;
        for (p = 0; (p | 0) < (kc | 0); p = (p + 1) | 0) {
          b0 = +H[pb >> 3]; b1 = +H[(pb + 8) >> 3]; b2 = +H[(pb + 16) >> 3];
          a = +H[pa >> 3];
          c00 = c00 + a * b0; c01 = c01 + a * b1; c02 = c02 + a * b2;
          a = +H[(pa + 8) >> 3];
          c10 = c10 + a * b0; c11 = c11 + a * b1; c12 = c12 + a * b2;
          a = +H[(pa + 16) >> 3];
          c20 = c20 + a * b0; c21 = c21 + a * b1; c22 = c22 + a * b2;
          a = +H[(pa + 24) >> 3];
          c30 = c30 + a * b0; c31 = c31 + a * b1; c32 = c32 + a * b2;
          pa = (pa + 32) | 0;
          pb = (pb + 24) | 0;
        }
        o = (c0 + (imul(i, ldc) | 0) + (j << 3)) | 0;
        H[o >> 3] = c00; H[(o + 8) >> 3] = c01; H[(o + 16) >> 3] = c02;
        o = (o + ldc) | 0;
        H[o >> 3] = c10; H[(o + 8) >> 3] = c11; H[(o + 16) >> 3] = c12;
        o = (o + ldc) | 0;
        H[o >> 3] = c20; H[(o + 8) >> 3] = c21; H[(o + 16) >> 3] = c22;
        o = (o + ldc) | 0;
        H[o >> 3] = c30; H[(o + 8) >> 3] = c31; H[(o + 16) >> 3] = c32;
      }
    }
  }
  return { macro: macro };
}
return MatmulKernel;
`;

export interface AsmKernel {
  /** The module's heap, as float64 slots (see the layout above). */
  heap: Float64Array;
  /** C block (mc x nc at byte c0, row stride ldc bytes) = A block (byte 0) · B block (byte pb0). */
  macro(pb0: number, mc: number, nc: number, kc: number, c0: number, ldc: number): void;
}

type Factory = (stdlib: typeof globalThis, foreign: null, heap: ArrayBuffer) => Pick<AsmKernel, "macro">;

/** Compiles and links a fresh module (the heap is 4 MB). Throws where `new Function` is not allowed. */
export function compileAsmKernel(source: string = SOURCE): AsmKernel {
  const factory = new Function(source)() as Factory;
  const buffer = new ArrayBuffer(HEAP_BYTES);
  const { macro } = factory(globalThis, null, buffer);
  return { heap: new Float64Array(buffer), macro };
}

/** The asm.js source, for the test that checks V8 accepts it. */
export const ASM_SOURCE = SOURCE;

let shared: AsmKernel | null | undefined;
let enabled = true;

/** The process-wide kernel, created on first use; null when disabled or when `new Function` is refused. */
export function asmKernel(): AsmKernel | null {
  if (!enabled) return null;
  if (shared === undefined) {
    try {
      shared = compileAsmKernel();
    } catch {
      shared = null;
    }
  }
  return shared;
}

/** Switches the asm.js kernel off (or back on), so tests and benchmarks can reach the plain JS kernel. */
export function setAsmKernelEnabled(on: boolean): void {
  enabled = on;
}
