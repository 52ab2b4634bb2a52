/** keras.ops.linalg: decompositions checked by identities, hand-computed cases and Keras's examples; errors. */
import { describe, expect, it } from "vitest";
import { Tensor, ops } from "../../src/index.js";
import { expectClose, randomTensor } from "../utils/gradcheck.js";

const f64 = (v: unknown) => ops.convertToTensor(v as number[][], "float64");
const f32 = (v: unknown) => ops.convertToTensor(v as number[][], "float32");
const T = (x: Tensor) => ops.swapaxes(x, -1, -2);

/** The n x n identity broadcast like x's batch (x: (..., n, n)). */
function eyeLike(x: Tensor): number[] {
  const n = x.shape[x.rank - 1];
  const batch = x.size / (n * n);
  const out: number[] = [];
  for (let b = 0; b < batch; b++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out.push(i === j ? 1 : 0);
  return out;
}

/** Random well-conditioned (..., n, n) matrices: random entries plus n on the diagonal. */
function wellConditioned(shape: number[], seed: number): Tensor {
  const n = shape[shape.length - 1];
  return ops.add(randomTensor(shape, seed), ops.multiply(ops.eye(n, null, 0, "float64"), n));
}

/** Random symmetric positive-definite (..., n, n) matrices: B B^T + I. */
function spd(shape: number[], seed: number): Tensor {
  const b = randomTensor(shape, seed);
  return ops.add(ops.matmul(b, T(b)), ops.eye(shape[shape.length - 1], null, 0, "float64"));
}

function expectUpperTriangular(r: Tensor): void {
  const [rows, cols] = r.shape.slice(-2);
  for (let idx = 0; idx < r.size; idx++) {
    const j = idx % cols;
    const i = Math.floor(idx / cols) % rows;
    if (i > j) expect(Math.abs(r.data[idx])).toBeLessThan(1e-12);
  }
}

describe("cholesky", () => {
  it("factors a hand-computed matrix (lower, and upper = L^T)", () => {
    expectClose(ops.cholesky(f64([[4, 2], [2, 3]])), [2, 0, 1, Math.SQRT2], 1e-14, 1e-14);
    expectClose(ops.cholesky(f64([[4, 2], [2, 3]]), true), [2, 1, 0, Math.SQRT2], 1e-14, 1e-14);
    expectClose(ops.cholesky(f64([[4, 2], [2, 3]]), { upper: true }), [2, 1, 0, Math.SQRT2], 1e-14, 1e-14);
  });

  it("gives L L^T = A over a batch, lower triangular, keeping the dtype", () => {
    const a = spd([2, 3, 4, 4], 3);
    const l = ops.cholesky(a);
    expect(l.shape).toEqual([2, 3, 4, 4]);
    expectUpperTriangular(T(l));
    expectClose(ops.matmul(l, T(l)), a.data, 1e-12, 1e-12);
    const l32 = ops.cholesky(ops.cast(a, "float32"));
    expect(l32.dtype).toBe("float32");
    expectClose(l32, l.data, 1e-5, 1e-5);
    expect(ops.cholesky([[4, 2], [2, 3]]).dtype).toBe("float32");
  });

  it("rejects non-square, rank-1 and indefinite inputs, naming the op and the batch entry", () => {
    expect(() => ops.cholesky(ops.zeros([2, 3]))).toThrow(/ops\.cholesky: Expected a square matrix. Received non-square input with shape \(2, 3\)/);
    expect(() => ops.cholesky(ops.zeros([3]))).toThrow(/ops\.cholesky: Expected input to have rank >= 2/);
    expect(() => ops.cholesky(f64([[1, 2], [2, 1]]))).toThrow(/ops\.cholesky: Cholesky decomposition failed/);
    const batch = ops.stack([f64([[1, 0], [0, 1]]), f64([[-1, 0], [0, 1]])]);
    expect(() => ops.cholesky(batch)).toThrow(/matrix 1 of the batch/);
  });

  it("choleskyInverse gives the inverse with either factor", () => {
    const a = spd([2, 3, 3], 5);
    expectClose(ops.matmul(a, ops.choleskyInverse(a)), eyeLike(a), 1e-12, 1e-12);
    expectClose(ops.choleskyInverse(a, true), ops.inv(a).data, 1e-12, 1e-12);
    expect(() => ops.choleskyInverse(f64([[0, 1], [1, 0]]))).toThrow(/ops\.choleskyInverse: Cholesky decomposition failed/);
  });
});

describe("det, logdet, inv", () => {
  it("matches hand-computed values", () => {
    expect(ops.det(f64([[1, 2], [3, 4]])).item()).toBeCloseTo(-2, 14);
    expect(ops.det(f64([[0, 1], [1, 0]])).item()).toBe(-1);
    expect(ops.det(f64([[2, 0, 0], [0, 3, 0], [0, 0, 4]])).item()).toBe(24);
    expect(Math.abs(ops.det(f64([[1, 2], [2, 4]])).item())).toBe(0);
    expect(ops.det([[1, 2], [3, 4]]).dtype).toBe("float32");
    expectClose(ops.inv(f64([[1, 2], [3, 4]])), [-2, 1, 1.5, -0.5], 1e-14, 1e-14);
    expect(ops.logdet(f64([[1, 2], [3, 4]])).item()).toBeCloseTo(Math.log(2), 14);
    expect(ops.logdet(f64([[1, 2], [2, 4]])).item()).toBe(-Infinity);
  });

  it("det(A B) = det(A) det(B) and A inv(A) = I over batches", () => {
    const a = wellConditioned([3, 4, 4], 1);
    const b = wellConditioned([3, 4, 4], 2);
    const dab = ops.det(ops.matmul(a, b));
    expect(dab.shape).toEqual([3]);
    expectClose(dab, ops.multiply(ops.det(a), ops.det(b)).data, 1e-12);
    expectClose(ops.logdet(a), ops.log(ops.abs(ops.det(a))).data, 1e-12);
    expectClose(ops.matmul(a, ops.inv(a)), eyeLike(a), 1e-12, 1e-12);
    expectClose(ops.matmul(ops.inv(a), a), eyeLike(a), 1e-12, 1e-12);
    const inv32 = ops.inv(ops.cast(a, "float32"));
    expect(inv32.dtype).toBe("float32");
    expectClose(inv32, ops.inv(a).data, 1e-5, 1e-6);
  });

  it("rejects singular and non-square matrices", () => {
    expect(() => ops.inv(f64([[1, 2], [2, 4]]))).toThrow(/ops\.inv: Singular matrix/);
    expect(() => ops.inv(ops.zeros([2, 3]))).toThrow(/ops\.inv: Expected a square matrix/);
    expect(() => ops.det(ops.zeros([4]))).toThrow(/ops\.det: Expected input to have rank >= 2/);
    expect(() => ops.logdet(ops.zeros([2, 3]))).toThrow(/ops\.logdet: Expected a square matrix/);
  });
});

describe("solve and solveTriangular", () => {
  it("solve matches a hand-computed system and reconstructs b", () => {
    expectClose(ops.solve(f64([[3, 1], [1, 2]]), f64([9, 8] as never)), [2, 3], 1e-14, 1e-14);
    const a = wellConditioned([2, 4, 4], 7);
    const b = randomTensor([2, 4, 3], 8);
    const x = ops.solve(a, b);
    expect(x.shape).toEqual([2, 4, 3]);
    expectClose(ops.matmul(a, x), b.data, 1e-12, 1e-12);
  });

  it("solve reads b as vectors when it has one axis fewer, and broadcasts batches", () => {
    const a = wellConditioned([4, 4], 9);
    const bv = randomTensor([3, 4], 10);
    // (3, 4) against a (4, 4) matrix is a 3-row matrix, not 3 vectors.
    expect(() => ops.solve(a, bv)).toThrow(/Incompatible shapes/);
    // a (4, 4) against a batch of 3 right-hand-side matrices (3, 4, 2).
    const bm = randomTensor([3, 4, 2], 11);
    const xm = ops.solve(a, bm);
    expect(xm.shape).toEqual([3, 4, 2]);
    expectClose(ops.matmul(a, xm), bm.data, 1e-12, 1e-12);
    const ab = wellConditioned([3, 4, 4], 12);
    expectClose(ops.einsum("bij,bj->bi", ab, ops.solve(ab, bv)), bv.data, 1e-12, 1e-12);
  });

  it("solveTriangular reads only its triangle", () => {
    // The upper entry 99 is ignored with lower = true.
    expectClose(ops.solveTriangular(f64([[2, 99], [1, 1]]), f64([2, 3] as never), true), [1, 2], 1e-14, 1e-14);
    expectClose(ops.solveTriangular(f64([[2, 1], [99, 1]]), f64([4, 2] as never)), [1, 2], 1e-14, 1e-14);
    const a = wellConditioned([2, 5, 5], 13);
    const b = randomTensor([2, 5, 2], 14);
    const lower = ops.solveTriangular(a, b, { lower: true });
    expectClose(ops.matmul(ops.tril(a), lower), b.data, 1e-12, 1e-12);
    const upper = ops.solveTriangular(a, b, false);
    expectClose(ops.matmul(ops.triu(a), upper), b.data, 1e-12, 1e-12);
  });

  it("rejects singular systems and mismatched shapes", () => {
    expect(() => ops.solve(f64([[1, 2], [2, 4]]), f64([1, 2] as never))).toThrow(/ops\.solve: Singular matrix/);
    expect(() => ops.solveTriangular(f64([[1, 0], [2, 0]]), f64([1, 2] as never), true)).toThrow(/ops\.solveTriangular: singular matrix/);
    expect(() => ops.solve(ops.eye(3), ops.zeros([2]))).toThrow(/ops\.solve: Incompatible shapes between `a` and `b`/);
    expect(() => ops.solve(ops.eye(3), ops.zeros([])) ).toThrow(/ops\.solve: Expected input to have rank >= 1/);
    expect(() => ops.solve(ops.zeros([2, 3]), ops.zeros([2]))).toThrow(/ops\.solve: Expected a square matrix/);
    expect(() => ops.solve(ops.zeros([2, 3, 3]), ops.zeros([4, 3, 1]))).toThrow(/ops\.solve .*batch dimensions/);
  });
});

describe("luFactor", () => {
  it("matches scipy's lu_factor on a hand case", () => {
    const [lu, piv] = ops.luFactor(f64([[1, 2], [3, 4]]));
    expectClose(lu, [3, 4, 1 / 3, 2 / 3], 1e-14, 1e-14);
    expect(piv.dtype).toBe("int32");
    expect(piv.toArray()).toEqual([1, 1]);
  });

  it("reconstructs P A = L U for square and rectangular batches", () => {
    for (const shape of [[2, 4, 4], [3, 2], [2, 3]]) {
      const a = randomTensor(shape, 20 + shape.length);
      const [lu, piv] = ops.luFactor(a);
      const [m, n] = shape.slice(-2);
      const k = Math.min(m, n);
      expect(lu.shape).toEqual(shape);
      expect(piv.shape).toEqual([...shape.slice(0, -2), k]);
      const batch = a.size / (m * n);
      for (let b = 0; b < batch; b++) {
        // Row-swapped copy of a, and L (m, k) times U (k, n) from the packed factors.
        const rows = Array.from({ length: m }, (_, i) => Array.from({ length: n }, (_, j) => a.data[b * m * n + i * n + j]));
        for (let i = 0; i < k; i++) {
          const p = piv.data[b * k + i];
          [rows[i], rows[p]] = [rows[p], rows[i]];
        }
        const at = (i: number, j: number) => lu.data[b * m * n + i * n + j];
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < n; j++) {
            let s = 0;
            for (let t = 0; t < k; t++) s += (t === i ? 1 : t < i ? at(i, t) : 0) * (t <= j ? at(t, j) : 0);
            expect(s).toBeCloseTo(rows[i][j], 12);
          }
        }
      }
    }
  });
});

describe("qr", () => {
  it("matches Keras's documented example", () => {
    const [q, r] = ops.qr(f32([[1, 2], [3, 4], [5, 6]]));
    expectClose(q, [-0.16903079, 0.897085, -0.5070925, 0.2760267, -0.8451542, -0.34503305], 1e-5, 1e-6);
    expectClose(r, [-5.91608, -7.437357, 0, 0.828079], 1e-5, 1e-5);
  });

  it("gives orthonormal q and upper triangular r with q r = a (tall, wide, square; reduced and complete)", () => {
    for (const [shape, mode, qShape, rShape] of [
      [[2, 5, 3], "reduced", [2, 5, 3], [2, 3, 3]],
      [[2, 5, 3], "complete", [2, 5, 5], [2, 5, 3]],
      [[3, 5], "reduced", [3, 3], [3, 5]],
      [[3, 5], "complete", [3, 3], [3, 5]],
      [[4, 4], "reduced", [4, 4], [4, 4]],
    ] as const) {
      const a = randomTensor(shape.slice(), 30 + shape[0]);
      const [q, r] = ops.qr(a, mode);
      expect(q.shape).toEqual(qShape);
      expect(r.shape).toEqual(rShape);
      expectUpperTriangular(r);
      expectClose(ops.matmul(q, r), a.data, 1e-12, 1e-12);
      const qtq = ops.matmul(T(q), q);
      expectClose(qtq, eyeLike(qtq), 1e-12, 1e-12);
    }
  });

  it("rejects unknown modes and rank-1 input", () => {
    expect(() => ops.qr(ops.eye(2), "full" as never)).toThrow(/ops\.qr: `mode` argument value not supported. Expected one of \{'reduced', 'complete'\}. Received: mode=full/);
    expect(() => ops.qr(ops.zeros([3]))).toThrow(/ops\.qr: Expected input to have rank >= 2/);
  });
});

describe("eigh and eig", () => {
  it("eigh: hand case, ascending values, A V = V diag(w), V^T V = I", () => {
    const [w0, v0] = ops.eigh(f64([[2, 1], [1, 2]]));
    expectClose(w0, [1, 3], 1e-14, 1e-14);
    // Eigenvectors up to sign: |v| = 1/sqrt(2) everywhere.
    expectClose(ops.abs(v0), [Math.SQRT1_2, Math.SQRT1_2, Math.SQRT1_2, Math.SQRT1_2], 1e-14, 1e-14);
    const b = randomTensor([3, 5, 5], 40);
    const a = ops.add(b, T(b));
    const [w, v] = ops.eigh(a);
    expect(w.shape).toEqual([3, 5]);
    expect(v.shape).toEqual([3, 5, 5]);
    for (let i = 0; i < w.size; i++) if (i % 5 !== 0) expect(w.data[i]).toBeGreaterThanOrEqual(w.data[i - 1]);
    expectClose(ops.matmul(a, v), ops.multiply(v, ops.expandDims(w, -2)).data, 1e-12, 1e-12);
    expectClose(ops.matmul(T(v), v), eyeLike(a), 1e-12, 1e-12);
    // Only the symmetric part counts: an antisymmetric addition changes nothing.
    expectClose(ops.eigh(ops.add(a, ops.subtract(b, T(b))))[0], w.data, 1e-12, 1e-12);
    expectClose(ops.eigh(ops.cast(a, "float32"))[0], w.data, 1e-5, 1e-5);
  });

  it("eig: real eigenvalues of a triangular and of a similar-to-diagonal matrix", () => {
    const [w0] = ops.eig(f64([[1, 2], [0, 3]]));
    expect(Array.from(w0.data).sort()).toEqual([1, 3]);
    // A = P diag(1, 2, 5, -3) P^-1 has those eigenvalues.
    const p = wellConditioned([4, 4], 41);
    const a = ops.matmul(ops.matmul(p, ops.diag(f64([1, 2, 5, -3] as never))), ops.inv(p));
    const [w, v] = ops.eig(a);
    expectClose(Array.from(w.data).sort((x, y) => x - y), [-3, 1, 2, 5], 1e-10, 1e-10);
    expectClose(ops.matmul(a, v), ops.multiply(v, ops.expandDims(w, -2)).data, 1e-10, 1e-10);
    expectClose(ops.sum(ops.square(v), 0), [1, 1, 1, 1], 1e-12, 1e-12);
  });

  it("eig rejects complex eigenvalues (no complex dtype) instead of dropping them", () => {
    expect(() => ops.eig(f64([[0, -1], [1, 0]]))).toThrow(/ops\.eig: the input has complex eigenvalues \(0 ± 1i\)/);
    expect(() => ops.eig(ops.zeros([2, 3]))).toThrow(/ops\.eig: Expected a square matrix/);
    expect(() => ops.eigh(ops.zeros([3]))).toThrow(/ops\.eigh: Expected input to have rank >= 2/);
  });
});

describe("svd", () => {
  it("matches numpy on a documented 3x2 example", () => {
    const [u, s, vh] = ops.svd(f32([[1, 2], [-4, -5], [2, 1]]));
    expectClose(s, [7.0652843, 1.040081], 1e-6);
    expect(u.shape).toEqual([3, 3]);
    expect(vh.shape).toEqual([2, 2]);
    // Columns up to sign.
    expectClose(ops.abs(vh), [0.63863593, 0.769509, 0.769509, 0.63863593], 1e-5);
  });

  it("u diag(s) vh = a with orthonormal factors (tall, wide, batched; full and reduced)", () => {
    for (const shape of [[2, 5, 3], [3, 5], [4, 4]]) {
      const a = randomTensor(shape, 50 + shape.length + shape[0]);
      const [m, n] = shape.slice(-2);
      const k = Math.min(m, n);
      for (const fullMatrices of [true, false]) {
        const [u, s, vh] = ops.svd(a, fullMatrices);
        expect(u.shape).toEqual([...shape.slice(0, -2), m, fullMatrices ? m : k]);
        expect(vh.shape).toEqual([...shape.slice(0, -2), fullMatrices ? n : k, n]);
        const uk = ops.slice(u, u.shape.map(() => 0), [...u.shape.slice(0, -1), k]);
        const vhk = ops.slice(vh, vh.shape.map(() => 0), [...vh.shape.slice(0, -2), k, n]);
        expectClose(ops.matmul(ops.multiply(uk, ops.expandDims(s, -2)), vhk), a.data, 1e-12, 1e-12);
        const utu = ops.matmul(T(u), u);
        expectClose(utu, eyeLike(utu), 1e-12, 1e-12);
        const vvt = ops.matmul(vh, T(vh));
        expectClose(vvt, eyeLike(vvt), 1e-12, 1e-12);
        for (let i = 1; i < s.size; i++) if (i % k !== 0) expect(s.data[i]).toBeLessThanOrEqual(s.data[i - 1]);
      }
      const only = ops.svd(a, { computeUv: false }) as Tensor;
      expect(only.shape).toEqual([...shape.slice(0, -2), k]);
    }
  });

  it("completes the singular vectors of a rank-deficient matrix to an orthonormal basis", () => {
    const a = f64([[1, 2, 3], [2, 4, 6], [0, 0, 0], [1, 2, 3]]);
    const [u, s, vh] = ops.svd(a);
    expectClose(s, [Math.sqrt(6 * 14), 0, 0], 1e-12, 1e-12);
    expectClose(ops.matmul(T(u), u), eyeLike(ops.matmul(T(u), u)), 1e-12, 1e-12);
    expectClose(ops.matmul(vh, T(vh)), eyeLike(ops.matmul(vh, T(vh))), 1e-12, 1e-12);
  });
});

describe("lstsq", () => {
  it("fits a line, solves square systems and gives the least-norm solution", () => {
    expectClose(ops.lstsq(f64([[1, 1], [1, 2], [1, 3]]), f64([1, 2, 2] as never)), [2 / 3, 0.5], 1e-13, 1e-13);
    const a = wellConditioned([4, 4], 60);
    const b = randomTensor([4, 2], 61);
    expectClose(ops.lstsq(a, b), ops.solve(a, b).data, 1e-12, 1e-12);
    expectClose(ops.lstsq(f64([[1, 1]]), f64([2] as never)), [1, 1], 1e-14, 1e-14);
    // rcond large enough drops the small singular value.
    expectClose(ops.lstsq(f64([[1, 0], [0, 1e-8]]), f64([1, 1] as never), { rcond: 1e-6 }), [1, 0], 1e-14, 1e-14);
  });

  it("checks ranks and shapes as Keras does", () => {
    expect(() => ops.lstsq(ops.zeros([2, 2, 2]), ops.zeros([2]))).toThrow(/ops\.lstsq: Expected a to have rank 2/);
    expect(() => ops.lstsq(ops.zeros([2, 2]), ops.zeros([2, 2, 2]))).toThrow(/ops\.lstsq: Expected b to have rank 1 or 2/);
    expect(() => ops.lstsq(ops.zeros([2, 2]), ops.zeros([3]))).toThrow(/ops\.lstsq: Expected b.shape\[0\] to be equal to a.shape\[0\]/);
  });
});

describe("norm with singular-value orders", () => {
  it("gives nuclear, spectral and smallest-singular-value norms", () => {
    const d = f64([[3, 0], [0, -4]]);
    expect(ops.norm(d, "nuc").item()).toBeCloseTo(7, 14);
    expect(ops.norm(d, 2).item()).toBeCloseTo(4, 14);
    expect(ops.norm(d, -2).item()).toBeCloseTo(3, 14);
    // Keras's example matrix: singular values sqrt(54), sqrt(6), 0.
    const x = ops.reshape(ops.subtract(ops.arange(9, null, null, "float32"), 4), [3, 3]);
    expect(ops.linalg.norm(x).item()).toBeCloseTo(7.7459664, 5);
    expect(ops.norm(x, "nuc").item()).toBeCloseTo(Math.sqrt(54) + Math.sqrt(6), 5);
    const batch = randomTensor([2, 3, 4], 70);
    const n = ops.norm(batch, 2, [0, 2], true);
    expect(n.shape).toEqual([1, 3, 1]);
    const s = ops.svd(ops.moveaxis(batch, 1, 0), { computeUv: false }) as Tensor;
    expectClose(ops.reshape(n, [3]), ops.max(s, -1).data, 1e-12);
  });
});

describe("the ops.linalg namespace", () => {
  it("holds Keras's linear algebra ops (also at the top of ops)", () => {
    const names = ["cholesky", "choleskyInverse", "det", "eig", "eigh", "inv", "luFactor", "norm", "qr", "solve", "solveTriangular", "svd", "lstsq"];
    for (const name of names) {
      expect(typeof (ops.linalg as Record<string, unknown>)[name], name).toBe("function");
      expect((ops as Record<string, unknown>)[name], name).toBe((ops.linalg as Record<string, unknown>)[name]);
    }
  });
});
