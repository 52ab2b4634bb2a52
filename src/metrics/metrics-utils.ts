/**
 * Confusion-matrix machinery shared by the threshold metrics (Precision,
 * Recall, AUC, ...) and the IoU metrics, after Keras's `metrics_utils`:
 * thresholded true/false positive/negative counts, vectorised over
 * thresholds, with Keras's bucketed O(T + N) path for evenly spaced
 * thresholds, top-k / class-id filtering, and the class confusion matrix.
 */
import { Tensor } from "../engine/tensor.js";
import type { DType } from "../engine/dtype.js";
import { ValueError } from "../engine/errors.js";
import { toTensor, TensorLike } from "../engine/convert.js";
import type { Variable } from "../engine/variable.js";
import { epsilon } from "../config/settings.js";
import { backend } from "../ops/op.js";
import { scatterAddAxis } from "../ops/shape/movement.js";
import * as ops from "../ops/index.js";
import { squeezeOrExpandToSameRank } from "../losses/reduction.js";

/** Keras's NEG_INF: the value top-k filtering gives to predictions outside the top k. */
export const NEG_INF = -1e10;

export type ConfusionKey = "tp" | "fp" | "tn" | "fn";
export type ConfusionVariables = Partial<Record<ConfusionKey, Variable>>;

/** Thresholds must lie in [0, 1]. */
export function assertThresholdsRange(thresholds: readonly (number | null)[] | null): void {
  if (thresholds === null) return;
  const invalid = thresholds.filter((t) => typeof t !== "number" || !(t >= 0 && t <= 1));
  if (invalid.length) throw new ValueError(`Threshold values must be in [0, 1]. Received: [${invalid.join(", ")}]`);
}

/** A threshold or list of thresholds (checked), or `[defaultThreshold]` when null. */
export function parseInitThresholds(thresholds: number | readonly number[] | null | undefined, defaultThreshold = 0.5): number[] {
  if (thresholds !== null && thresholds !== undefined) {
    const list = typeof thresholds === "number" ? [thresholds] : [...thresholds];
    assertThresholdsRange(list);
    return list;
  }
  return [defaultThreshold];
}

/** Whether thresholds are i / (n - 1) for i = 0..n-1 (within numpy's allclose with atol = epsilon). */
export function isEvenlyDistributedThresholds(thresholds: readonly number[]): boolean {
  const n = thresholds.length;
  if (n < 3) return false;
  for (let i = 0; i < n; i++) {
    const even = Math.fround(Math.fround(i) / (n - 1));
    if (!(Math.abs(thresholds[i] - even) <= epsilon() + 1e-5 * Math.abs(even))) return false;
  }
  return true;
}

/** x with everything but the k largest entries of the last axis set to NEG_INF (ties keep the lower index). */
export function filterTopK(x: Tensor, k: number): Tensor {
  const n = x.shape[x.rank - 1];
  if (k >= n) return x;
  const [, topIdx] = ops.topK(x, k);
  const mask = ops.cast(ops.sum(ops.oneHot(topIdx, n), -2), x.dtype);
  return ops.add(ops.multiply(x, mask), ops.multiply(ops.subtract(1, mask), NEG_INF));
}

export interface ConfusionUpdateOptions {
  topK?: number | null;
  classId?: number | null;
  sampleWeight?: TensorLike | null;
  multiLabel?: boolean;
  labelWeights?: Tensor | null;
  thresholdsDistributedEvenly?: boolean;
}

/**
 * Adds this batch's weighted counts to the given variables, one entry per
 * threshold: tp = y_true and y_pred > t, fp = !y_true and y_pred > t,
 * tn = !y_true and y_pred <= t, fn = y_true and y_pred <= t. With
 * `multiLabel`, y_true / y_pred are (samples, labels) and the counts are
 * (thresholds, labels); otherwise everything is flattened.
 */
export function updateConfusionMatrixVariables(
  variables: ConfusionVariables,
  yTrueIn: TensorLike,
  yPredIn: TensorLike,
  thresholds: readonly number[],
  options: ConfusionUpdateOptions = {},
): void {
  const { topK = null, classId = null, multiLabel = false, labelWeights = null, thresholdsDistributedEvenly = false } = options;
  if (multiLabel && labelWeights !== null) {
    throw new ValueError("`label_weights` for multilabel data should be handled outside of `update_confusion_matrix_variables` when `multi_label` is True.");
  }
  const keys = Object.keys(variables) as ConfusionKey[];
  if (!keys.length) return;
  const varDtype = variables[keys[0]]!.dtype;
  let yTrue = ops.cast(toTensor(yTrueIn, undefined, "updateConfusionMatrixVariables"), varDtype);
  let yPred = ops.cast(toTensor(yPredIn, undefined, "updateConfusionMatrixVariables"), varDtype);
  const thresholdsWithEpsilon = thresholds[0] < 0 || thresholds[thresholds.length - 1] > 1;
  const thresholdsT = toTensor([...thresholds], varDtype);

  [yPred, yTrue] = squeezeOrExpandToSameRank(yPred, yTrue);
  let sw: Tensor | null = null;
  if (options.sampleWeight !== null && options.sampleWeight !== undefined) {
    sw = ops.expandDims(ops.cast(toTensor(options.sampleWeight), varDtype), -1);
    [, sw] = squeezeOrExpandToSameRank(yTrue, sw, false);
  }
  if (topK !== null) yPred = filterTopK(yPred, topK);
  if (classId !== null) {
    if (yPred.rank === 1) {
      throw new ValueError(
        `When class_id is provided, y_pred must be a 2D array with shape (num_samples, num_classes), found shape: [${yPred.shape.join(", ")}]`,
      );
    }
    yTrue = ops.take(yTrue, [classId], -1);
    yPred = ops.take(yPred, [classId], -1);
  }
  if (sw !== null) sw = broadcastWeights(sw, yPred.shape, "sample_weight");

  if (thresholdsDistributedEvenly) {
    updateBucketed(variables, yTrue, yPred, thresholds.length, multiLabel, sw, labelWeights, thresholdsWithEpsilon);
    return;
  }

  // (thresholds, samples[, labels]) comparisons, by broadcasting.
  const numT = thresholds.length;
  let preds: Tensor;
  let labels: Tensor;
  let thresh: Tensor;
  let weights: Tensor | null = sw;
  if (labelWeights !== null && !multiLabel) {
    const lw = broadcastWeights(ops.expandDims(ops.cast(labelWeights, varDtype), 0), yPred.shape, "label_weights");
    weights = weights === null ? lw : ops.multiply(weights, lw);
  }
  if (multiLabel) {
    preds = ops.expandDims(yPred, 0);
    labels = ops.expandDims(ops.cast(yTrue, "bool"), 0);
    thresh = ops.reshape(thresholdsT, [numT, 1, 1]);
    if (weights !== null) weights = ops.expandDims(weights, 0);
  } else {
    preds = ops.reshape(yPred, [1, -1]);
    labels = ops.reshape(ops.cast(yTrue, "bool"), [1, -1]);
    thresh = ops.reshape(thresholdsT, [numT, 1]);
    if (weights !== null) weights = ops.reshape(weights, [1, -1]);
  }
  const predIsPos = ops.greater(preds, thresh);
  const predIsNeg = ops.logicalNot(predIsPos);
  const labelIsNeg = ops.logicalNot(labels);
  const conditions: Record<ConfusionKey, [Tensor, Tensor]> = {
    tp: [labels, predIsPos],
    fn: [labels, predIsNeg],
    fp: [labelIsNeg, predIsPos],
    tn: [labelIsNeg, predIsNeg],
  };
  for (const key of keys) {
    const variable = variables[key]!;
    const [label, pred] = conditions[key];
    let hits = ops.cast(ops.logicalAnd(label, pred), variable.dtype);
    if (weights !== null) hits = ops.multiply(hits, ops.cast(weights, variable.dtype));
    variable.assign(ops.add(variable.value, ops.sum(hits, 1)));
  }
}

function broadcastWeights(w: Tensor, shape: readonly number[], what: string): Tensor {
  try {
    return ops.broadcastTo(w, shape);
  } catch {
    throw new ValueError(`\`${what}\` of shape [${w.shape.join(", ")}] cannot be broadcast to the predictions' shape [${shape.join(", ")}].`);
  }
}

/**
 * Keras's memory-efficient path for evenly spaced thresholds t_i = i / (T - 1):
 * each prediction falls in bucket ceil(p (T - 1)) - 1, bucket sums are
 * accumulated, and a reversed cumulative sum gives the count above each threshold.
 */
function updateBucketed(
  variables: ConfusionVariables,
  yTrueIn: Tensor,
  yPredIn: Tensor,
  numT: number,
  multiLabel: boolean,
  sw: Tensor | null,
  labelWeights: Tensor | null,
  thresholdsWithEpsilon: boolean,
): void {
  let weights: Tensor | number = 1;
  let s: Tensor | number = sw === null ? 1 : sw;
  let lw: Tensor | number = 1;
  if (labelWeights !== null) lw = ops.broadcastTo(ops.expandDims(ops.cast(labelWeights, yPredIn.dtype), 0), yPredIn.shape);
  if (!multiLabel) {
    if (typeof s !== "number") s = ops.reshape(s, [-1]);
    if (typeof lw !== "number") lw = ops.reshape(lw, [-1]);
  }
  weights = ops.cast(ops.multiply(toTensor(s, yPredIn.dtype), toTensor(lw, yPredIn.dtype)), yTrueIn.dtype);

  let yPred = ops.clip(yPredIn, 0, 1);
  let yTrue = ops.cast(ops.cast(yTrueIn, "bool"), yTrueIn.dtype);
  if (!multiLabel) {
    yTrue = ops.reshape(yTrue, [-1]);
    yPred = ops.reshape(yPred, [-1]);
  }
  const trueLabels = ops.multiply(yTrue, weights);
  const falseLabels = ops.multiply(ops.subtract(1, yTrue), weights);
  // Strictly above a threshold: ceil(.) - 1, so p = t_i lands in bucket i - 1.
  let bucket = ops.subtract(ops.ceil(ops.multiply(yPred, numT - 1)), 1);
  if (thresholdsWithEpsilon) bucket = ops.relu(bucket);
  bucket = ops.cast(bucket, "int32");

  let tp: Tensor;
  let fp: Tensor;
  let totalTrue: Tensor;
  let totalFalse: Tensor;
  if (multiLabel) {
    // One bucket sum per label: segment ids bucket * labels + label, then (T, labels).
    const numLabels = yPred.shape[1];
    const labelIdx = ops.reshape(ops.arange(numLabels), [1, numLabels]);
    const ids = ops.add(ops.multiply(bucket, numLabels), labelIdx);
    const validIds = ops.reshape(ops.where(ops.greaterEqual(bucket, 0), ids, -1), [-1]);
    const tpBuckets = ops.reshape(ops.segmentSum(ops.reshape(trueLabels, [-1]), validIds, numT * numLabels), [numT, numLabels]);
    const fpBuckets = ops.reshape(ops.segmentSum(ops.reshape(falseLabels, [-1]), validIds, numT * numLabels), [numT, numLabels]);
    tp = ops.flip(ops.cumsum(ops.flip(tpBuckets, 0), 0), 0);
    fp = ops.flip(ops.cumsum(ops.flip(fpBuckets, 0), 0), 0);
    totalTrue = ops.sum(trueLabels, 0);
    totalFalse = ops.sum(falseLabels, 0);
  } else {
    tp = ops.flip(ops.cumsum(ops.flip(ops.segmentSum(trueLabels, bucket, numT), 0), 0), 0);
    fp = ops.flip(ops.cumsum(ops.flip(ops.segmentSum(falseLabels, bucket, numT), 0), 0), 0);
    totalTrue = ops.sum(trueLabels);
    totalFalse = ops.sum(falseLabels);
  }
  const counts: Record<ConfusionKey, () => Tensor> = {
    tp: () => tp,
    fp: () => fp,
    tn: () => ops.subtract(totalFalse, fp),
    fn: () => ops.subtract(totalTrue, tp),
  };
  for (const key of Object.keys(variables) as ConfusionKey[]) {
    const variable = variables[key]!;
    variable.assign(ops.add(variable.value, counts[key]()));
  }
}

/**
 * The (numClasses, numClasses) confusion matrix of 1-D labels (rows) and
 * predictions (columns), each pair adding its weight (1 by default). Computed
 * in `dtype`, so integer matrices truncate fractional weights, as Keras's do.
 */
export function confusionMatrix(labels: TensorLike, predictions: TensorLike, numClasses: number, weights: TensorLike | null = null, dtype: DType = "int32"): Tensor {
  let l = toTensor(labels, dtype, "confusionMatrix");
  let p = toTensor(predictions, dtype, "confusionMatrix");
  [l, p] = squeezeOrExpandToSameRank(l, p);
  l = ops.cast(ops.reshape(l, [-1]), "int32");
  p = ops.cast(ops.reshape(p, [-1]), "int32");
  if (l.size !== p.size) {
    throw new ValueError(`confusionMatrix: labels and predictions must have the same size. Received ${l.size} labels and ${p.size} predictions.`);
  }
  const values = weights === null ? ops.ones([p.size], dtype) : ops.reshape(toTensor(weights, dtype, "confusionMatrix"), [-1]);
  if (l.size) {
    const lo = Math.min(backend().reduce("min", l.data, l.shape, [0], "int32")[0], backend().reduce("min", p.data, p.shape, [0], "int32")[0]);
    const hi = Math.max(backend().reduce("max", l.data, l.shape, [0], "int32")[0], backend().reduce("max", p.data, p.shape, [0], "int32")[0]);
    if (lo < 0 || hi >= numClasses) {
      throw new ValueError(`confusionMatrix: labels and predictions must be in [0, ${numClasses}); received values from ${lo} to ${hi}.`);
    }
  }
  const flat = ops.cast(ops.add(ops.multiply(l, numClasses), p), "int32").data as Int32Array;
  return ops.reshape(scatterAddAxis(values, [numClasses * numClasses], 0, flat), [numClasses, numClasses]);
}
