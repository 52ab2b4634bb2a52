/**
 * `keras.initializers.Orthogonal({ gain=1, seed })`: an orthogonal matrix from
 * the QR decomposition of a normal random matrix (Saxe et al., 2014).
 *
 * The kernel is viewed as a (prod(shape[:-1]), shape[-1]) matrix; a normal
 * matrix of shape (max, min) is factored, Q's columns get the signs of diag(R)
 * (which makes the factorization unique and Q uniformly distributed), Q is
 * transposed when there are fewer rows than columns, then reshaped and scaled.
 */
import { DType, convertArray } from "../engine/dtype.js";
import { ValueError } from "../engine/errors.js";
import { formatShape } from "../engine/shape.js";
import { Tensor } from "../engine/tensor.js";
import { normal } from "../random/distributions.js";
import { InitializerConfig, checkOptions } from "./initializer.js";
import { InitializerSeed, RandomInitializer } from "./random-initializers.js";

/**
 * Thin QR of the row-major m x n matrix `a` (m >= n) by Householder
 * reflections, in float64. Returns Q (m x n, row-major) and diag(R).
 */
export function householderQR(a: Float64Array, m: number, n: number): { q: Float64Array; rDiag: Float64Array } {
  const r = Float64Array.from(a);
  const vs: Float64Array[] = [];
  const rDiag = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let norm = 0;
    for (let i = k; i < m; i++) norm += r[i * n + k] * r[i * n + k];
    norm = Math.sqrt(norm);
    const x0 = r[k * n + k];
    // Reflect x onto alpha * e1 with alpha of the sign opposite to x0: no cancellation in v = x - alpha e1.
    const alpha = x0 >= 0 ? -norm : norm;
    const v = new Float64Array(m - k);
    for (let i = k; i < m; i++) v[i - k] = r[i * n + k];
    v[0] -= alpha;
    let vNorm2 = 0;
    for (let i = 0; i < v.length; i++) vNorm2 += v[i] * v[i];
    rDiag[k] = alpha;
    if (vNorm2 === 0) {
      vs.push(v); // column already zero below the diagonal: identity reflection
      continue;
    }
    const scale = 2 / vNorm2;
    for (let j = k; j < n; j++) {
      let dot = 0;
      for (let i = k; i < m; i++) dot += v[i - k] * r[i * n + j];
      const f = dot * scale;
      for (let i = k; i < m; i++) r[i * n + j] -= f * v[i - k];
    }
    for (let i = 0; i < v.length; i++) v[i] *= Math.sqrt(scale); // store unit-scaled: H = I - v v^T
    vs.push(v);
  }
  // Q = H_0 H_1 ... H_{n-1} applied to the first n columns of the identity.
  const q = new Float64Array(m * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  for (let k = n - 1; k >= 0; k--) {
    const v = vs[k];
    for (let j = 0; j < n; j++) {
      let dot = 0;
      for (let i = k; i < m; i++) dot += v[i - k] * q[i * n + j];
      if (dot === 0) continue;
      for (let i = k; i < m; i++) q[i * n + j] -= dot * v[i - k];
    }
  }
  return { q, rDiag };
}

export class Orthogonal extends RandomInitializer {
  readonly gain: number;

  constructor(options: { gain?: number; seed?: InitializerSeed } = {}) {
    checkOptions("Orthogonal", options, ["gain", "seed"]);
    super(options.seed ?? null);
    this.gain = options.gain ?? 1.0;
  }

  override call(shape: number[], dtype: DType): Tensor {
    if (shape.length < 2) {
      throw new ValueError(
        `The tensor to initialize must be at least two-dimensional. Received: shape=${formatShape(shape)} of rank ${shape.length}.`,
      );
    }
    let rows = 1;
    for (let i = 0; i < shape.length - 1; i++) rows *= shape[i];
    const cols = shape[shape.length - 1];
    const m = Math.max(rows, cols);
    const n = Math.min(rows, cols);
    const a = normal([m, n], { dtype: "float64", seed: this.seed }).data as Float64Array;
    const { q, rDiag } = householderQR(a, m, n);
    const out = new Float64Array(rows * cols);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const sign = rDiag[j] > 0 ? 1 : rDiag[j] < 0 ? -1 : 0;
        const value = this.gain * sign * q[i * n + j];
        // Q is (m, n); the kernel is Q itself, or Q^T when rows < cols.
        if (rows >= cols) out[i * cols + j] = value;
        else out[j * cols + i] = value;
      }
    }
    return new Tensor(dtype === "float64" ? out : convertArray(out, dtype), shape, dtype);
  }

  override getConfig(): InitializerConfig {
    return { ...super.getConfig(), gain: this.gain };
  }
}
