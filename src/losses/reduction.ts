/**
 * How Keras turns per-sample loss values into the number `Loss.apply` returns:
 * rank alignment of values and weights, Keras masks merged into the sample
 * weights, and the reductions ("sum_over_batch_size" divides by the number of
 * loss values, never by the sum of the weights).
 */
import { Tensor } from "../engine/tensor.js";
import type { DType } from "../engine/dtype.js";
import { ValueError } from "../engine/errors.js";
import { toTensor, TensorLike } from "../engine/convert.js";
import * as ops from "../ops/index.js";

export type Reduction = "sum_over_batch_size" | "sum" | "none" | "mean" | "mean_with_sample_weight" | null;

const REDUCTIONS: readonly Reduction[] = ["sum_over_batch_size", "sum", null, "none", "mean", "mean_with_sample_weight"];

export function standardizeReduction(reduction: unknown): Reduction {
  if (reduction === undefined) return "sum_over_batch_size";
  if (!REDUCTIONS.includes(reduction as Reduction)) {
    throw new ValueError(
      "Invalid value for argument `reduction`. Expected one of " +
        `{"sum_over_batch_size", "sum", null, "none", "mean", "mean_with_sample_weight"}. Received: reduction=${JSON.stringify(reduction)}`,
    );
  }
  return reduction as Reduction;
}

/**
 * Keras's `squeeze_or_expand_to_same_rank`: when the ranks differ by exactly one
 * and the longer tensor ends in a size-1 dimension, squeeze it (or, when the
 * other is rank 1 and `expandRank1`, expand the other instead).
 */
export function squeezeOrExpandToSameRank(x1: Tensor, x2: Tensor, expandRank1 = true): [Tensor, Tensor] {
  const r1 = x1.rank;
  const r2 = x2.rank;
  if (r1 === r2) return [x1, x2];
  if (r1 === r2 + 1 && x1.shape[r1 - 1] === 1) {
    if (r2 === 1 && expandRank1) x2 = ops.expandDims(x2, -1);
    else x1 = ops.squeeze(x1, -1);
  }
  if (r2 === r1 + 1 && x2.shape[r2 - 1] === 1) {
    if (r1 === 1 && expandRank1) x1 = ops.expandDims(x1, -1);
    else x2 = ops.squeeze(x2, -1);
  }
  return [x1, x2];
}

/** a / b, and 0 where b is 0 (the denominator is made safe first, so gradients stay finite). */
export function divideNoNan(a: Tensor | number, b: Tensor | number): Tensor {
  const den = typeof b === "number" ? toTensor(b, typeof a === "number" ? "float32" : a.dtype) : b;
  const zero = ops.equal(den, 0);
  return ops.where(zero, 0, ops.divide(a, ops.where(zero, 1, den)));
}

/** Sums `values` and divides as `reduction` says; "none" (or a scalar / (0,) input) returns them unchanged. */
export function reduceValues(values: Tensor, sampleWeight: Tensor | null = null, reduction: Reduction = "sum_over_batch_size"): Tensor {
  if (reduction === null || reduction === "none" || values.rank === 0 || (values.rank === 1 && values.shape[0] === 0)) {
    return values;
  }
  let loss = ops.sum(values);
  if (reduction === "sum_over_batch_size" || reduction === "mean" || reduction === "mean_with_sample_weight") {
    if (reduction === "mean_with_sample_weight" && sampleWeight !== null) {
      loss = divideNoNan(loss, ops.cast(ops.sum(sampleWeight), loss.dtype));
    } else {
      // An empty batch reduces to 0 rather than 0 / 0, as divide_no_nan does in Keras.
      loss = values.size > 0 ? ops.divide(loss, values.size) : divideNoNan(loss, 0);
    }
  }
  return loss;
}

/**
 * Merges a Keras mask into the sample weights. For the mean reductions the
 * valid entries are scaled by total / valid, so the mean runs over valid entries only.
 */
export function applyMask(sampleWeight: Tensor | null, mask: Tensor | null, dtype: DType, reduction: Reduction): Tensor | null {
  if (mask === null) return sampleWeight;
  let m = ops.cast(mask, dtype);
  if (reduction === "mean" || reduction === "sum_over_batch_size") {
    const valid = ops.sum(m);
    m = ops.multiply(m, divideNoNan(toTensor(m.size, dtype), valid));
  }
  if (sampleWeight !== null) {
    let sw = ops.cast(sampleWeight, dtype);
    [m, sw] = squeezeOrExpandToSameRank(m, sw);
    return ops.multiply(sw, m);
  }
  return m;
}

/** Keras's `reduce_weighted_values`: weights (and mask) applied to the values, then `reduceValues`. */
export function reduceWeightedValues(
  values: TensorLike,
  sampleWeight: TensorLike | null = null,
  mask: TensorLike | null = null,
  reduction: Reduction = "sum_over_batch_size",
  dtype: DType | null = null,
): Tensor {
  reduction = standardizeReduction(reduction);
  let v = toTensor(values, dtype ?? undefined, "reduceWeightedValues");
  let sw = sampleWeight === null || sampleWeight === undefined ? null : toTensor(sampleWeight, dtype ?? undefined, "reduceWeightedValues");
  const m = mask === null || mask === undefined ? null : toTensor(mask, dtype ?? undefined, "reduceWeightedValues");
  sw = applyMask(sw, m, v.dtype, reduction);
  if (sw !== null) {
    sw = ops.cast(sw, v.dtype);
    [v, sw] = squeezeOrExpandToSameRank(v, sw);
    v = ops.multiply(v, sw);
  }
  return reduceValues(v, sw, reduction);
}
