/**
 * Gradient clipping as the Keras optimizers do it: by each gradient's own
 * L2 norm (`clipnorm`), by the norm of all gradients together
 * (`global_clipnorm`) or elementwise (`clipvalue`, done with `ops.clip`).
 */
import * as ops from "../ops/index.js";
import { Tensor } from "../engine/tensor.js";

/** Scales `g` so its L2 norm is at most `clipnorm`; an all-zero gradient stays zero. */
export function clipByNorm(g: Tensor, clipnorm: number): Tensor {
  const l2sum = ops.sum(ops.square(g), null, true);
  const positive = ops.greater(l2sum, 0);
  // Keras's two-sided where: sqrt only sees positive sums, so no NaN can reach a gradient.
  const safeSum = ops.where(positive, l2sum, ops.onesLike(l2sum));
  const l2norm = ops.where(positive, ops.sqrt(safeSum), l2sum);
  return ops.divide(ops.multiply(g, clipnorm), ops.maximum(l2norm, clipnorm));
}

/** sqrt of the sum of squares of every element of every tensor. */
export function globalNorm(values: readonly Tensor[]): Tensor {
  const squaredNorms = values.map((v) => ops.sum(ops.square(v)));
  return ops.sqrt(ops.sum(ops.stack(squaredNorms)));
}

/**
 * Scales all gradients by one factor so that their global norm is at most
 * `clipNorm`. A non-finite global norm makes the factor NaN (as in Keras),
 * so a diverged step is visible instead of silently rescaled.
 */
export function clipByGlobalNorm(values: readonly Tensor[], clipNorm: number): Tensor[] {
  const norm = globalNorm(values);
  const scaleForFinite = ops.multiply(clipNorm, ops.minimum(ops.divide(1.0, norm), 1.0 / clipNorm));
  const scale = ops.add(scaleForFinite, ops.subtract(norm, norm));
  return values.map((v) => ops.multiply(v, scale));
}
