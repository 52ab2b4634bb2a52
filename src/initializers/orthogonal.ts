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
 *
 * Works on columns stored contiguously (the transpose of `a`), so every inner
 * loop walks memory in order.
 */
export function householderQR(a: Float64Array, m: number, n: number): { q: Float64Array; rDiag: Float64Array } {
  const cols = new Float64Array(m * n); // column j of A at cols[j * m .. j * m + m)
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) cols[j * m + i] = a[i * n + j];
  const vs = new Float64Array(m * n); // reflector k at vs[k * m + k .. k * m + m), scaled so H = I - v v^T
  const rDiag = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const ck = k * m;
    let norm = 0;
    for (let i = k; i < m; i++) norm += cols[ck + i] * cols[ck + i];
    norm = Math.sqrt(norm);
    // Reflect x onto alpha * e1 with alpha of the sign opposite to x0: no cancellation in v = x - alpha e1.
    const alpha = cols[ck + k] >= 0 ? -norm : norm;
    rDiag[k] = alpha;
    const vk = k * m;
    for (let i = k; i < m; i++) vs[vk + i] = cols[ck + i];
    vs[vk + k] -= alpha;
    let vNorm2 = 0;
    for (let i = k; i < m; i++) vNorm2 += vs[vk + i] * vs[vk + i];
    if (vNorm2 === 0) continue; // column already zero below the diagonal: identity reflection
    const scale = Math.sqrt(2 / vNorm2);
    for (let i = k; i < m; i++) vs[vk + i] *= scale;
    for (let j = k; j < n; j++) {
      const cj = j * m;
      let dot = 0;
      for (let i = k; i < m; i++) dot += vs[vk + i] * cols[cj + i];
      for (let i = k; i < m; i++) cols[cj + i] -= dot * vs[vk + i];
    }
  }
  // Q = H_0 H_1 ... H_{n-1} applied to the first n columns of the identity, column by column.
  const qCols = new Float64Array(m * n);
  for (let j = 0; j < n; j++) qCols[j * m + j] = 1;
  for (let k = n - 1; k >= 0; k--) {
    const vk = k * m;
    // Columns j < k are still e_j here, zero in rows >= k: H_k leaves them unchanged.
    for (let j = k; j < n; j++) {
      const qj = j * m;
      let dot = 0;
      for (let i = k; i < m; i++) dot += vs[vk + i] * qCols[qj + i];
      if (dot === 0) continue;
      for (let i = k; i < m; i++) qCols[qj + i] -= dot * vs[vk + i];
    }
  }
  const q = new Float64Array(m * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) q[i * n + j] = qCols[j * m + i];
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
