/** Float64 finite-difference checks of the linear algebra gradients, and the ones that are not implemented. */
import { describe, expect, it } from "vitest";
import { GradientTape, Tensor, errors, ops } from "../../src/index.js";
import { checkGradients, randomTensor } from "../utils/gradcheck.js";

const T = (x: Tensor) => ops.swapaxes(x, -1, -2);

/** Random (..., n, n) matrices far from singular: random entries plus n on the diagonal. */
function wellConditioned(shape: number[], seed: number): Tensor {
  const n = shape[shape.length - 1];
  return ops.add(randomTensor(shape, seed), ops.multiply(ops.eye(n, null, 0, "float64"), n));
}

/** Random matrices with well-separated singular values (so U and V are smooth functions of a). */
function separatedSpectrum(shape: number[], seed: number): Tensor {
  const [m, n] = shape.slice(-2);
  const k = Math.min(m, n);
  const q1 = ops.qr(randomTensor([...shape.slice(0, -2), m, m], seed))[0];
  const q2 = ops.qr(randomTensor([...shape.slice(0, -2), n, n], seed + 1))[0];
  const s = ops.convertToTensor(Array.from({ length: k }, (_, i) => k + 1 - i), "float64");
  const d = ops.pad(ops.multiply(ops.expandDims(s, -1), ops.eye(k, null, 0, "float64")), [[0, m - k], [0, n - k]]);
  return ops.matmul(ops.matmul(q1, d), T(q2));
}

const SQUARE_SHAPES = [[3, 3], [2, 4, 4], [1, 1]];

describe("gradients of inverses and determinants", () => {
  it("inv", () => {
    for (const [i, shape] of SQUARE_SHAPES.entries()) checkGradients((a) => ops.inv(a), [wellConditioned(shape, i + 1)]);
  });

  it("det and logdet (including a negative determinant)", () => {
    for (const [i, shape] of SQUARE_SHAPES.entries()) {
      const a = wellConditioned(shape, i + 10);
      checkGradients((x) => ops.det(x), [a]);
      checkGradients((x) => ops.logdet(x), [a]);
    }
    const flipped = ops.flip(wellConditioned([3, 3], 13), 0);
    expect(ops.det(flipped).item()).toBeLessThan(0);
    checkGradients((x) => ops.det(x), [flipped]);
    checkGradients((x) => ops.logdet(x), [flipped]);
  });

  it("second derivatives of det (gradient of the gradient)", () => {
    const grad = (x: Tensor) => {
      const tape = new GradientTape();
      tape.watch(x);
      const y = tape.record(() => ops.det(x));
      return tape.gradient(y, [x])[0]!;
    };
    checkGradients(grad, [wellConditioned([3, 3], 14)]);
  });
});

describe("gradients of solves", () => {
  it("solve: matrix and vector right-hand sides, broadcast batches", () => {
    checkGradients((a, b) => ops.solve(a, b), [wellConditioned([3, 3], 20), randomTensor([3, 2], 21)]);
    checkGradients((a, b) => ops.solve(a, b), [wellConditioned([2, 3, 3], 22), randomTensor([2, 3], 23)]);
    checkGradients((a, b) => ops.solve(a, b), [wellConditioned([3, 3], 24), randomTensor([2, 3, 1], 25)]);
    checkGradients((a, b) => ops.solve(a, b), [wellConditioned([2, 1, 3, 3], 26), randomTensor([1, 3, 3, 2], 27)]);
  });

  it("solveTriangular: lower and upper, gradient only on the triangle read", () => {
    for (const lower of [true, false]) {
      checkGradients((a, b) => ops.solveTriangular(a, b, lower), [wellConditioned([3, 3], 30), randomTensor([3, 2], 31)]);
      checkGradients((a, b) => ops.solveTriangular(a, b, { lower }), [wellConditioned([2, 4, 4], 32), randomTensor([2, 4], 33)]);
    }
  });

  it("lstsq (through the SVD), tall and square", () => {
    checkGradients((a, b) => ops.lstsq(a, b), [separatedSpectrum([4, 3], 34), randomTensor([4, 2], 35)], { tol: 1e-5 });
    checkGradients((a, b) => ops.lstsq(a, b), [wellConditioned([3, 3], 36), randomTensor([3], 37)], { tol: 1e-5 });
  });
});

describe("gradients of factorizations", () => {
  it("cholesky (lower and upper) and choleskyInverse: symmetric gradients, exact for any input", () => {
    for (const [i, shape] of SQUARE_SHAPES.entries()) {
      const a = wellConditioned(shape, 40 + i);
      checkGradients((x) => ops.cholesky(x), [a]);
      checkGradients((x) => ops.cholesky(x, true), [a]);
      checkGradients((x) => ops.choleskyInverse(x), [a]);
    }
  });

  it("eigh: eigenvalues, and eigenvectors through a sign-invariant function", () => {
    for (const [i, shape] of SQUARE_SHAPES.entries()) {
      const a = wellConditioned(shape, 50 + i);
      checkGradients((x) => ops.eigh(x)[0], [a]);
      checkGradients((x) => ops.square(ops.eigh(x)[1]), [a], { tol: 1e-5 });
    }
  });

  it("qr: q and r, tall, square and wide, reduced and (square) complete", () => {
    for (const [i, shape] of [[4, 3], [3, 3], [2, 3, 5], [1, 1]].entries()) {
      const a = randomTensor(shape, 60 + i);
      checkGradients((x) => ops.qr(x)[0], [a]);
      checkGradients((x) => ops.qr(x)[1], [a]);
    }
    checkGradients((x) => ops.qr(x, "complete")[0], [randomTensor([3, 5], 65)]);
    checkGradients((x) => ops.qr(x, "complete")[1], [randomTensor([3, 3], 66)]);
  });

  it("svd: singular values, and u diag(w) vh (invariant to the vectors' signs)", () => {
    for (const [i, shape] of [[4, 3], [3, 5], [2, 3, 3]].entries()) {
      const a = separatedSpectrum(shape, 70 + 2 * i);
      checkGradients((x) => ops.svd(x, { computeUv: false }) as Tensor, [a]);
      checkGradients((x) => ops.svd(x, false)[1], [a]);
      const [m, n] = shape.slice(-2);
      const w = ops.convertToTensor(Array.from({ length: Math.min(m, n) }, (_, j) => 1 + j / 2), "float64");
      checkGradients((x) => {
        const [u, , vh] = ops.svd(x, false);
        return ops.matmul(ops.multiply(u, w), vh);
      }, [a], { tol: 1e-5 });
    }
    // Full matrices of a square input: the same vectors.
    checkGradients((x) => {
      const [u, s, vh] = ops.svd(x);
      return ops.add(ops.matmul(ops.multiply(u, ops.square(s)), vh), 0);
    }, [separatedSpectrum([3, 3], 80)], { tol: 1e-5 });
  });

  it("norm's nuclear, spectral and smallest orders", () => {
    const a = separatedSpectrum([4, 3], 90);
    for (const ord of ["nuc", 2, -2] as const) checkGradients((x) => ops.norm(x, ord), [a]);
    checkGradients((x) => ops.norm(x, "nuc", [0, 2], true), [ops.moveaxis(separatedSpectrum([2, 4, 3], 92), 0, 1)]);
  });
});

describe("gradients that are not implemented say so", () => {
  const gradOf = (f: (x: Tensor) => Tensor, x: Tensor) => () => {
    const tape = new GradientTape();
    tape.watch(x);
    const y = tape.record(() => ops.sum(f(x)));
    tape.gradient(y, [x]);
  };

  it("eig, luFactor, complete qr of tall input, full-matrix svd vectors of non-square input", () => {
    const a = ops.convertToTensor([[2, 1], [1, 3]], "float64");
    expect(gradOf((x) => ops.eig(x)[0], a)).toThrow(errors.NotImplementedError);
    expect(gradOf((x) => ops.eig(x)[0], a)).toThrow(/ops\.eig: the gradient/);
    expect(gradOf((x) => ops.luFactor(x)[0], a)).toThrow(/ops\.luFactor: the gradient of the LU decomposition is not implemented/);
    expect(gradOf((x) => ops.qr(x, "complete")[0], randomTensor([3, 2], 1))).toThrow(/ops\.qr: the gradient of mode="complete" is not implemented when M > N/);
    expect(gradOf((x) => ops.svd(x)[0], randomTensor([3, 2], 2))).toThrow(/ops\.svd: the gradient through the completed singular vectors/);
    // Only the first K columns used: fine.
    expect(gradOf((x) => ops.svd(x)[1], randomTensor([3, 2], 3))).not.toThrow();
  });
});
