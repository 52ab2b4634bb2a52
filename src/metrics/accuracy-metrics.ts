/**
 * Accuracy metrics: how often predictions match labels (exactly, after a
 * threshold, by argmax, or within the top k), as functions (one value per
 * sample) and as running-mean metrics.
 */
import { Tensor } from "../engine/tensor.js";
import { toTensor, TensorLike } from "../engine/convert.js";
import { ValueError } from "../engine/errors.js";
import { floatx } from "../config/settings.js";
import * as ops from "../ops/index.js";
import { squeezeOrExpandToSameRank } from "../losses/reduction.js";
import { defineLossFunction, predAndTruth, readArgs } from "../losses/loss-function.js";
import type { MetricOptions } from "./metric.js";
import { FnMeanMetric } from "./loss-mean-metric.js";

/** Keras's `in_top_k` (ties with the k-th value count as hits): the public `keras.ops.inTopK`. */
export const inTopK = ops.inTopK;

/** 1 where y_pred equals y_true, averaged over the last axis. */
export const accuracy = defineLossFunction("accuracy", function accuracy(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = squeezeOrExpandToSameRank(...predAndTruth(yTrue, yPred, "keras.metrics.accuracy"));
  return ops.mean(ops.cast(ops.equal(t, p), floatx()), -1);
}, false);

/** Fraction of y_pred > threshold that equal the (0/1) y_true, over the last axis. */
export const binaryAccuracy = defineLossFunction("binary_accuracy", function binaryAccuracy(
  yTrue: TensorLike,
  yPred: TensorLike,
  ...rest: [number?] | [{ threshold?: number }]
): Tensor {
  const { threshold = 0.5 } = readArgs<{ threshold: number }>("keras.metrics.binary_accuracy", rest, ["threshold"]);
  let t = toTensor(yTrue, undefined, "keras.metrics.binary_accuracy");
  let p = toTensor(yPred, undefined, "keras.metrics.binary_accuracy");
  [t, p] = squeezeOrExpandToSameRank(t, p);
  const predicted = ops.cast(ops.greater(p, toTensor(threshold, p.dtype)), t.dtype);
  return ops.mean(ops.cast(ops.equal(t, predicted), floatx()), -1);
}, false);

/**
 * 1 where argmax(y_pred) equals `labels`. With `squeeze` the labels lose their
 * (size-1) last axis for the comparison and the hits get the labels' shape back.
 */
function argmaxMatches(labels: Tensor, yPred: Tensor, squeeze: boolean): Tensor {
  const t = squeeze ? ops.squeeze(labels, -1) : labels;
  let p = ops.argmax(yPred, -1);
  if (p.dtype !== t.dtype) p = ops.cast(p, t.dtype);
  const matches = ops.cast(ops.equal(t, p), floatx());
  return squeeze ? ops.reshape(matches, labels.shape.slice()) : matches;
}

/** 1 where argmax(y_pred) equals argmax(y_true) (one-hot labels). */
export const categoricalAccuracy = defineLossFunction("categorical_accuracy", function categoricalAccuracy(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const t = ops.argmax(toTensor(yTrue, undefined, "keras.metrics.categorical_accuracy"), -1);
  const p = toTensor(yPred, undefined, "keras.metrics.categorical_accuracy");
  return argmaxMatches(t, p, t.rank === p.rank);
}, false);

/** 1 where argmax(y_pred) equals the integer label. */
export const sparseCategoricalAccuracy = defineLossFunction("sparse_categorical_accuracy", function sparseCategoricalAccuracy(
  yTrue: TensorLike,
  yPred: TensorLike,
): Tensor {
  const p = toTensor(yPred, undefined, "keras.metrics.sparse_categorical_accuracy");
  const t = toTensor(yTrue, undefined, "keras.metrics.sparse_categorical_accuracy");
  const matches = argmaxMatches(t, p, t.rank === p.rank && t.rank > 0 && t.shape[t.rank - 1] === 1);
  return matches.rank > 1 && matches.shape[matches.rank - 1] === 1 ? ops.squeeze(matches, -1) : matches;
}, false);

/** Flattens predictions to (samples, classes) and labels to (samples,), checks them, and maps the hits back to the labels' shape. */
function topKMatches(labels: Tensor, p: Tensor, k: number, fnName: string): Tensor {
  const orgShape = labels.shape.slice();
  let pred = p;
  if (pred.rank > 2) pred = ops.reshape(pred, [-1, pred.shape[pred.rank - 1]]);
  let t = labels;
  const reshape = t.rank > 1;
  if (reshape) t = ops.reshape(t, [-1]);
  if (pred.rank !== 2 || t.shape[0] !== pred.shape[0]) {
    throw new ValueError(`${fnName}: labels and predictions do not match: labels.shape=[${orgShape}], y_pred.shape=[${p.shape}]`);
  }
  let matches = ops.cast(inTopK(ops.cast(t, "int32"), pred, k), floatx());
  if (reshape) matches = ops.reshape(matches, orgShape);
  return matches;
}

/** A top-k accuracy function named `kerasName`: 1 where the label `labelsOf(y_true)` is among the k largest predictions. */
function defineTopKAccuracy(kerasName: string, labelsOf: (yTrue: Tensor) => Tensor) {
  const name = `keras.metrics.${kerasName}`;
  return defineLossFunction(kerasName, function topKAccuracy(yTrue: TensorLike, yPred: TensorLike, ...rest: [number?] | [{ k?: number }]): Tensor {
    const { k = 5 } = readArgs<{ k: number }>(name, rest, ["k"]);
    const p = toTensor(yPred, undefined, name);
    return topKMatches(labelsOf(toTensor(yTrue, undefined, name)), p, k, name);
  }, false);
}

/** 1 where the class of the one-hot y_true is among the k largest predictions. */
export const topKCategoricalAccuracy = defineTopKAccuracy("top_k_categorical_accuracy", (t) => ops.argmax(t, -1));

/** 1 where the integer label is among the k largest predictions. */
export const sparseTopKCategoricalAccuracy = defineTopKAccuracy("sparse_top_k_categorical_accuracy", (t) => t);

export class Accuracy extends FnMeanMetric {
  constructor(options: MetricOptions = {}) {
    super({ className: "Accuracy", fn: accuracy, defaultName: "accuracy", direction: "up" }, options);
  }
}

function checkThreshold({ threshold }: Record<string, any>): void {
  if (threshold !== null && (threshold <= 0 || threshold >= 1)) {
    throw new ValueError(`Invalid value for argument \`threshold\`. Expected a value in interval (0, 1). Received: threshold=${threshold}`);
  }
}

export class BinaryAccuracy extends FnMeanMetric {
  declare readonly threshold: number;

  constructor(options: MetricOptions & { threshold?: number } = {}) {
    super(
      { className: "BinaryAccuracy", fn: binaryAccuracy, defaultName: "binary_accuracy", direction: "up", args: { threshold: 0.5 }, validate: checkThreshold },
      options,
    );
  }
}

export class CategoricalAccuracy extends FnMeanMetric {
  constructor(options: MetricOptions = {}) {
    super({ className: "CategoricalAccuracy", fn: categoricalAccuracy, defaultName: "categorical_accuracy", direction: "up" }, options);
  }
}

export class SparseCategoricalAccuracy extends FnMeanMetric {
  constructor(options: MetricOptions = {}) {
    super({ className: "SparseCategoricalAccuracy", fn: sparseCategoricalAccuracy, defaultName: "sparse_categorical_accuracy", direction: "up" }, options);
  }
}

export class TopKCategoricalAccuracy extends FnMeanMetric {
  declare readonly k: number;

  constructor(options: MetricOptions & { k?: number } = {}) {
    super(
      { className: "TopKCategoricalAccuracy", fn: topKCategoricalAccuracy, defaultName: "top_k_categorical_accuracy", direction: "up", args: { k: 5 } },
      options,
    );
  }
}

export class SparseTopKCategoricalAccuracy extends FnMeanMetric {
  declare readonly k: number;

  constructor(options: MetricOptions & { k?: number } = {}) {
    super(
      {
        className: "SparseTopKCategoricalAccuracy", fn: sparseTopKCategoricalAccuracy, defaultName: "sparse_top_k_categorical_accuracy",
        direction: "up", args: { k: 5 },
      },
      options,
    );
  }
}
