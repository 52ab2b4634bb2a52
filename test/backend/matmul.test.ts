/**
 * The cpu matmul kernel against a naive triple loop: every layout flag, batch
 * broadcasting (stride 0), empty and size-1 dimensions, sizes that are not
 * multiples of the 4x3 / 3x3 tiles, and sizes that cross the k / row / column
 * blocks; once with the asm.js kernel and once with the plain JS fallback.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { matmul, setAsmKernelEnabled } from "../../src/backend/cpu/matmul.js";
import { ASM_SOURCE, compileAsmKernel } from "../../src/backend/cpu/matmul-asm.js";
import type { MatmulInfo } from "../../src/backend/backend.js";
import type { DType, TypedArray } from "../../src/engine/dtype.js";

/** Deterministic pseudo-random values (mulberry32: no dependence on the code under test). */
function values(size: number, seed: number, kind: "real" | "int" | "bit" = "real", density = 0.5): Float64Array {
  const out = new Float64Array(size);
  let s = seed >>> 0;
  for (let i = 0; i < size; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let z = Math.imul(s ^ (s >>> 15), s | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    const u = ((z ^ (z >>> 14)) >>> 0) / 4294967296;
    out[i] = kind === "real" ? 2 * u - 1 : kind === "int" ? Math.floor(u * 11) - 5 : u < density ? 1 : 0;
  }
  return out;
}

/** The definition, element by element, in float64: C[t, i, j] = sum_p A(t, i, p) B(t, p, j). */
function naive(a: ArrayLike<number>, b: ArrayLike<number>, info: MatmulInfo): { value: Float64Array; scale: Float64Array } {
  const { batch, m, k, n, transposeA, transposeB, aBatchStride, bBatchStride } = info;
  const value = new Float64Array(batch * m * n);
  const scale = new Float64Array(batch * m * n);
  for (let t = 0; t < batch; t++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        let abs = 0;
        for (let p = 0; p < k; p++) {
          const av = a[t * aBatchStride + (transposeA ? p * m + i : i * k + p)];
          const bv = b[t * bBatchStride + (transposeB ? j * k + p : p * n + j)];
          s += av * bv;
          abs += Math.abs(av * bv);
        }
        value[t * m * n + i * n + j] = s;
        scale[t * m * n + i * n + j] = abs;
      }
    }
  }
  return { value, scale };
}

interface Case {
  batch?: number;
  m: number;
  k: number;
  n: number;
  transposeA?: boolean;
  transposeB?: boolean;
  /** Broadcast A / B over the batch (batch stride 0). */
  shareA?: boolean;
  shareB?: boolean;
}

function infoOf(c: Case): MatmulInfo {
  const batch = c.batch ?? 1;
  return {
    batch, m: c.m, k: c.k, n: c.n,
    transposeA: c.transposeA ?? false, transposeB: c.transposeB ?? false,
    aBatchStride: c.shareA ? 0 : c.m * c.k,
    bBatchStride: c.shareB ? 0 : c.k * c.n,
  };
}

function operands(c: Case, kind: "real" | "int" | "bit", seed: number, density = 0.5): [Float64Array, Float64Array] {
  const batch = c.batch ?? 1;
  const aSize = (c.shareA ? 1 : batch) * c.m * c.k;
  const bSize = (c.shareB ? 1 : batch) * c.k * c.n;
  return [values(aSize, seed, kind, density), values(bSize, seed + 1, kind, density)];
}

function label(c: Case): string {
  const flags = [c.transposeA ? "tA" : "", c.transposeB ? "tB" : "", c.shareA ? "shareA" : "", c.shareB ? "shareB" : ""].filter(Boolean);
  return `batch=${c.batch ?? 1} m=${c.m} k=${c.k} n=${c.n}${flags.length ? " " + flags.join(",") : ""}`;
}

function checkFloat(c: Case, dtype: "float64" | "float32", seed: number): void {
  const info = infoOf(c);
  const [a64, b64] = operands(c, "real", seed);
  const a = dtype === "float64" ? a64 : Float32Array.from(a64);
  const b = dtype === "float64" ? b64 : Float32Array.from(b64);
  const out = matmul(a, b, info, dtype);
  expect(out).toBeInstanceOf(dtype === "float64" ? Float64Array : Float32Array);
  expect(out.length).toBe(info.batch * c.m * c.n);
  const { value, scale } = naive(a, b, info);
  // Summation order differs from the naive loop: allow rounding relative to sum |a*b|.
  const rel = dtype === "float64" ? 1e-13 : 1e-6;
  for (let i = 0; i < value.length; i++) {
    const err = Math.abs(out[i] - value[i]);
    if (!(err <= rel * (scale[i] + 1e-300) + (dtype === "float32" ? Math.abs(value[i]) * 6e-8 : 0))) {
      throw new Error(`${label(c)} ${dtype}: element ${i} is ${out[i]}, expected ${value[i]} (error ${err})`);
    }
  }
}

const TILE_SIZES = [1, 2, 3, 4, 5, 6, 7];

describe.each([
  ["asm.js kernel", true],
  ["plain JS kernel", false],
])("cpu matmul, %s", (_label, useAsm) => {
  beforeAll(() => setAsmKernelEnabled(useAsm));
  afterAll(() => setAsmKernelEnabled(true));

  it("matches the naive loop for every small m, k, n and all layout flags (float64)", () => {
    let seed = 1;
    for (const m of TILE_SIZES) for (const k of [1, 2, 3, 5, 8]) for (const n of TILE_SIZES) {
      for (const transposeA of [false, true]) for (const transposeB of [false, true]) {
        checkFloat({ m, k, n, transposeA, transposeB }, "float64", seed++);
      }
    }
  });

  it("handles shapes large enough for the packed path, not multiples of the tile", () => {
    let seed = 100;
    const shapes: [number, number, number][] = [
      [20, 21, 22], [31, 17, 29], [64, 64, 64], [33, 40, 3], [3, 50, 61], [61, 50, 3], [100, 7, 95],
    ];
    for (const [m, k, n] of shapes) {
      for (const transposeA of [false, true]) for (const transposeB of [false, true]) {
        checkFloat({ m, k, n, transposeA, transposeB }, "float64", seed++);
      }
    }
  });

  it("crosses the k-block, row-block and column-block boundaries", () => {
    // k > 256 (two and three k-blocks, odd remainder), m > 120 (row blocks), n > 768 and > 3072 (column blocks).
    checkFloat({ m: 9, k: 257, n: 10 }, "float64", 7);
    checkFloat({ m: 13, k: 601, n: 11, transposeA: true, transposeB: true }, "float64", 8);
    checkFloat({ m: 125, k: 30, n: 12 }, "float64", 9);
    checkFloat({ m: 250, k: 19, n: 7, transposeA: true }, "float64", 10);
    checkFloat({ m: 4, k: 5, n: 3100 }, "float64", 11);
    checkFloat({ m: 5, k: 3, n: 3075, transposeB: true }, "float64", 12);
    checkFloat({ m: 130, k: 300, n: 40, transposeA: true, transposeB: false }, "float64", 13);
  });

  it("handles batches with and without broadcasting either operand (stride 0)", () => {
    let seed = 200;
    for (const [m, k, n] of [[2, 3, 4], [17, 23, 19], [1, 5, 40], [40, 5, 1]] as const) {
      for (const shareA of [false, true]) for (const shareB of [false, true]) {
        for (const transposeA of [false, true]) for (const transposeB of [false, true]) {
          checkFloat({ batch: 3, m, k, n, shareA, shareB, transposeA, transposeB }, "float64", seed++);
        }
      }
    }
  });

  it("computes float32 products to float32 accuracy", () => {
    checkFloat({ m: 37, k: 300, n: 41 }, "float32", 31);
    checkFloat({ batch: 2, m: 16, k: 16, n: 16, transposeA: true, shareB: true }, "float32", 32);
    checkFloat({ m: 2, k: 9, n: 5, transposeB: true }, "float32", 33);
  });

  it("returns zeros of the right size when k is 0 and empty outputs when m, n or batch is 0", () => {
    const z = matmul(new Float32Array(0), new Float32Array(0), infoOf({ batch: 2, m: 3, k: 0, n: 4 }), "float32");
    expect(z).toBeInstanceOf(Float32Array);
    expect(Array.from(z)).toEqual(new Array(24).fill(0));
    expect(matmul(new Float64Array(0), new Float64Array(15), infoOf({ m: 0, k: 3, n: 5 }), "float64").length).toBe(0);
    expect(matmul(new Float64Array(15), new Float64Array(0), infoOf({ m: 5, k: 3, n: 0 }), "float64").length).toBe(0);
    expect(matmul(new Float64Array(0), new Float64Array(0), infoOf({ batch: 0, m: 2, k: 2, n: 2 }), "float64").length).toBe(0);
  });

  it("gives hand-computed results for a 2x3 by 3x2 product and its transposed layouts", () => {
    // [[1,2,3],[4,5,6]] @ [[7,8],[9,10],[11,12]] = [[58,64],[139,154]]
    const a = new Float64Array([1, 2, 3, 4, 5, 6]);
    const b = new Float64Array([7, 8, 9, 10, 11, 12]);
    const aT = new Float64Array([1, 4, 2, 5, 3, 6]);
    const bT = new Float64Array([7, 9, 11, 8, 10, 12]);
    const expected = [58, 64, 139, 154];
    expect(Array.from(matmul(a, b, infoOf({ m: 2, k: 3, n: 2 }), "float64"))).toEqual(expected);
    expect(Array.from(matmul(aT, b, infoOf({ m: 2, k: 3, n: 2, transposeA: true }), "float64"))).toEqual(expected);
    expect(Array.from(matmul(a, bT, infoOf({ m: 2, k: 3, n: 2, transposeB: true }), "float64"))).toEqual(expected);
    expect(Array.from(matmul(aT, bT, infoOf({ m: 2, k: 3, n: 2, transposeA: true, transposeB: true }), "float64"))).toEqual(expected);
  });

  it("computes int32 products exactly, small and packed", () => {
    for (const c of [{ m: 3, k: 4, n: 5 }, { m: 30, k: 41, n: 29, transposeA: true }, { batch: 2, m: 25, k: 300, n: 26, shareA: true }] as Case[]) {
      const info = infoOf(c);
      const [a64, b64] = operands(c, "int", 50);
      const out = matmul(Int32Array.from(a64), Int32Array.from(b64), info, "int32");
      expect(out).toBeInstanceOf(Int32Array);
      expect(Array.from(out)).toEqual(Array.from(naive(a64, b64, info).value));
    }
  });

  it("computes bool products as logical or-of-ands (true where any a AND b)", () => {
    // Densities chosen so each case has both true and false outputs (checked below).
    for (const [c, density] of [[{ m: 4, k: 3, n: 2 }, 0.5], [{ m: 24, k: 40, n: 23, transposeB: true }, 0.1]] as [Case, number][]) {
      const info = infoOf(c);
      const [a64, b64] = operands(c, "bit", 60, density);
      const out = matmul(Uint8Array.from(a64), Uint8Array.from(b64), info, "bool" as DType);
      expect(out).toBeInstanceOf(Uint8Array);
      const expected = Array.from(naive(a64, b64, info).value, (v) => (v !== 0 ? 1 : 0));
      expect(Array.from(out as TypedArray)).toEqual(expected);
      expect(expected).toContain(0); // the case is not trivially all true
      expect(expected).toContain(1);
    }
  });

  it("propagates NaN and Infinity like the definition (0 * Inf is NaN) on the direct and packed paths", () => {
    for (const [m, k, n] of [[2, 2, 2], [20, 21, 22]]) { // 20*21*22 > 8192: packed path
      const a = values(m * k, 80);
      const b = values(k * n, 81);
      a[0] = 0; // row 0 of A meets row 0 of B ...
      b[0] = Infinity; // ... so C[0, 0] = 0 * Inf + ... = NaN
      b[1] = Infinity; // C[i, 1] for rows i whose A(i, 0) is nonzero: +-Infinity
      a[k] = 0.5; // row 1: A(1, 0) = 0.5 > 0, so C[1, 1] = +Infinity
      const out = matmul(a, b, infoOf({ m, k, n }), "float64");
      expect(out[0]).toBeNaN();
      expect(out[n + 1]).toBe(Infinity);
      const finite = naive(a, b, infoOf({ m, k, n })).value;
      for (let i = 0; i < out.length; i++) expect(Object.is(out[i], finite[i]) || Math.abs(out[i] - finite[i]) < 1e-12).toBe(true);
    }
  });

  it("is not disturbed by a larger product run before it (the packing scratch is reused)", () => {
    checkFloat({ m: 90, k: 90, n: 90 }, "float64", 70);
    checkFloat({ m: 10, k: 12, n: 11, transposeA: true }, "float64", 71);
    checkFloat({ m: 90, k: 90, n: 90, transposeB: true }, "float64", 72);
  });
});

describe("asm.js matmul module", () => {
  /** Compiles and links a module from `source`, returning the warnings the engine reported meanwhile. */
  async function compileWarnings(source: string): Promise<string[]> {
    const warnings: string[] = [];
    const listener = (w: Error) => warnings.push(w.message);
    process.on("warning", listener);
    try {
      // A unique comment defeats the engine's compilation cache, so validation really runs again.
      compileAsmKernel(`${source}\n// ${Math.random()}`);
      await new Promise((resolve) => setTimeout(resolve, 50)); // warnings are delivered asynchronously
    } finally {
      process.off("warning", listener);
    }
    return warnings.filter((w) => /asm\.js/i.test(w));
  }

  it("validates and links as asm.js in V8 (otherwise it would silently run as slow JS)", async () => {
    expect(await compileWarnings(ASM_SOURCE)).toEqual([]);
  });

  it("is checked by a detector that does see invalid asm.js", async () => {
    // `var a = 0` declares an int; using it in double arithmetic breaks validation.
    const broken = ASM_SOURCE.replace("var a = 0.0,", "var a = 0,");
    expect(broken).not.toBe(ASM_SOURCE);
    const warnings = await compileWarnings(broken);
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings[0]).toMatch(/Invalid asm\.js/);
  });

  it("computes one packed 4x3 tile by hand", () => {
    const kernel = compileAsmKernel();
    const H = kernel.heap;
    // A panel (kc = 2, 4 rows): A = [[1,2],[3,4],[5,6],[7,8]] stored as p-major panels of 4.
    H.set([1, 3, 5, 7, 2, 4, 6, 8], 0);
    // B panel (kc = 2, 3 columns) at slot 100: B = [[1,0,2],[0,1,3]].
    H.set([1, 0, 2, 0, 1, 3], 100);
    kernel.macro(100 * 8, 4, 3, 2, 200 * 8, 3 * 8);
    expect(Array.from(H.subarray(200, 212))).toEqual([1, 2, 8, 3, 4, 18, 5, 6, 28, 7, 8, 38]);
  });
});
