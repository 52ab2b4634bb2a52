/**
 * The recurrent step product (cpu backend): B packed once, A per step, on the
 * asm.js kernel and on the plain JS fallback, against a naive loop — several
 * heap blocks, strided operands, products taking turns in the heap, and a
 * matmul overwriting the heap in between.
 */
import { afterEach, describe, expect, it } from "vitest";
import { StepProduct, releaseAsmHeap } from "../../../src/backend/cpu/rnn-gemm.js";
import { matmul } from "../../../src/backend/cpu/matmul.js";
import { setAsmKernelEnabled } from "../../../src/backend/cpu/matmul-asm.js";
import { rng } from "../../utils/gradcheck.js";

function randomArray(n: number, seed: number): Float64Array {
  const r = rng(seed);
  return Float64Array.from({ length: n }, () => r() * 2 - 1);
}

/** C += A · B with A(i, p) = A[aOff + i rsA + p csA], B(p, j) = B[bOff + p rsB + j csB]. */
function naive(A: Float64Array, aOff: number, rsA: number, csA: number, B: Float64Array, bOff: number, rsB: number, csB: number, m: number, k: number, n: number): Float64Array {
  const C = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let p = 0; p < k; p++) s += A[aOff + i * rsA + p * csA] * B[bOff + p * rsB + j * csB];
    C[i * n + j] = s;
  }
  return C;
}

function expectNear(actual: Float64Array, expected: Float64Array): void {
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / (1 + Math.abs(expected[i])));
  expect(worst).toBeLessThan(1e-12);
}

afterEach(() => setAsmKernelEnabled(true));

for (const asm of [true, false]) {
  describe(`StepProduct (${asm ? "asm.js kernel" : "plain JS kernel"})`, () => {
    const shapes: [number, number, number][] = [[1, 1, 1], [5, 7, 11], [32, 128, 512], [33, 300, 130], [7, 20, 800], [130, 9, 4]];
    for (const [m, k, n] of shapes) {
      it(`(${m}, ${k}) · (${k}, ${n}), several steps, row-major and transposed B`, () => {
        setAsmKernelEnabled(asm);
        const R = randomArray(k * n, m + k + n);
        for (const transposed of [false, true]) {
          // transposed: B(p, j) = R[j * k + p], i.e. B is R (n, k) read as its transpose.
          const product = transposed ? new StepProduct(R, 0, 1, k, m, k, n) : new StepProduct(R, 0, n, 1, m, k, n);
          for (let step = 0; step < 3; step++) {
            // A rows with a stride larger than k, as the kernels read one time step out of (batch, time, ...).
            const A = randomArray(m * (k + 3) + 2, 100 + step);
            const C = new Float64Array(m * n).fill(0.5);
            product.run(A, 2, k + 3, 1, C, 0, n);
            const expected = naive(A, 2, k + 3, 1, R, 0, transposed ? 1 : n, transposed ? k : 1, m, k, n).map((v) => v + 0.5);
            expectNear(C, expected);
          }
        }
      });
    }

    it("two products taking turns, with a matmul using the heap in between", () => {
      setAsmKernelEnabled(asm);
      const [m, k] = [6, 40];
      const R = randomArray(k * 3 * k, 7);
      const first = new StepProduct(R, 0, 3 * k, 1, m, k, 2 * k);
      const second = new StepProduct(R, 2 * k, 3 * k, 1, m, k, k, first.packedSize);
      const clash = new StepProduct(R, k, 3 * k, 1, m, k, k); // same slots as `first`
      for (let step = 0; step < 4; step++) {
        const A = randomArray(m * k, 20 + step);
        const c1 = new Float64Array(m * 2 * k);
        const c2 = new Float64Array(m * k);
        const c3 = new Float64Array(m * k);
        first.run(A, 0, k, 1, c1, 0, 2 * k);
        second.run(A, 0, k, 1, c2, 0, k);
        if (step === 2) {
          matmul(randomArray(300 * 300, 1), randomArray(300 * 300, 2), { batch: 1, m: 300, k: 300, n: 300, transposeA: false, transposeB: false, aBatchStride: 0, bBatchStride: 0 }, "float64");
          releaseAsmHeap();
        }
        clash.run(A, 0, k, 1, c3, 0, k);
        expectNear(c1, naive(A, 0, k, 1, R, 0, 3 * k, 1, m, k, 2 * k));
        expectNear(c2, naive(A, 0, k, 1, R, 2 * k, 3 * k, 1, m, k, k));
        expectNear(c3, naive(A, 0, k, 1, R, k, 3 * k, 1, m, k, k));
      }
    });
  });
}
