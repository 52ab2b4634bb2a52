/**
 * Regression metrics: running means of the regression losses, root mean
 * squared error, cosine similarity, log-cosh error, and R2Score (the
 * coefficient of determination, optionally adjusted).
 */
import { Tensor } from "../engine/tensor.js";
import { toTensor, TensorLike } from "../engine/convert.js";
import type { Variable } from "../engine/variable.js";
import { ValueError } from "../engine/errors.js";
import * as ops from "../ops/index.js";
import { squeezeOrExpandToSameRank } from "../losses/reduction.js";
import { predAndTruth, readArgs } from "../losses/loss-function.js";
import { checkOptionKeys } from "../losses/loss.js";
import {
  logCosh, meanAbsoluteError, meanAbsolutePercentageError, meanSquaredError, meanSquaredLogarithmicError,
} from "../losses/regression.js";
import { Metric, MetricConfig, MetricOptions } from "./metric.js";
import { Mean } from "./reduction-metrics.js";
import { FnMeanMetric, LossMeanMetric } from "./loss-mean-metric.js";

const METRIC_KEYS = ["name", "dtype"] as const;

/** sum(l2_normalize(y_true) * l2_normalize(y_pred), axis): +1 for parallel vectors (the metric's sign). */
export function cosineSimilarity(yTrue: TensorLike, yPred: TensorLike, ...rest: [number?] | [{ axis?: number }]): Tensor {
  const { axis = -1 } = readArgs<{ axis: number }>("keras.metrics.cosine_similarity", rest, ["axis"]);
  const [t, p] = squeezeOrExpandToSameRank(...predAndTruth(yTrue, yPred, "keras.metrics.cosine_similarity"));
  return ops.sum(ops.multiply(ops.normalize(t, axis), ops.normalize(p, axis)), axis);
}

export class MeanSquaredError extends LossMeanMetric {
  constructor(options: MetricOptions = {}) {
    super("MeanSquaredError", meanSquaredError, "mean_squared_error", options);
  }
}
export class MeanAbsoluteError extends LossMeanMetric {
  constructor(options: MetricOptions = {}) {
    super("MeanAbsoluteError", meanAbsoluteError, "mean_absolute_error", options);
  }
}
export class MeanAbsolutePercentageError extends LossMeanMetric {
  constructor(options: MetricOptions = {}) {
    super("MeanAbsolutePercentageError", meanAbsolutePercentageError, "mean_absolute_percentage_error", options);
  }
}
export class MeanSquaredLogarithmicError extends LossMeanMetric {
  constructor(options: MetricOptions = {}) {
    super("MeanSquaredLogarithmicError", meanSquaredLogarithmicError, "mean_squared_logarithmic_error", options);
  }
}
export class LogCoshError extends LossMeanMetric {
  constructor(options: MetricOptions = {}) {
    super("LogCoshError", logCosh, "logcosh", options);
  }
}

/** sqrt of the running (weighted) mean of squared errors. */
export class RootMeanSquaredError extends Mean {
  constructor(options: MetricOptions = {}) {
    checkOptionKeys("RootMeanSquaredError", options, METRIC_KEYS);
    super({ name: options.name ?? "root_mean_squared_error", dtype: options.dtype });
    this.direction = "down";
  }

  override updateState(yTrue: TensorLike, yPred: TensorLike, sampleWeight: TensorLike | null = null): void {
    let t = toTensor(yTrue, this.dtype, "RootMeanSquaredError");
    let p = toTensor(yPred, this.dtype, "RootMeanSquaredError");
    [t, p] = squeezeOrExpandToSameRank(t, p);
    super.updateState(ops.square(ops.subtract(p, t)), sampleWeight);
  }

  override result(): Tensor {
    return ops.sqrt(super.result());
  }
}

/** The running mean of the cosine similarity of y_true and y_pred along `axis`. As in Keras 3.15.1, the config does not carry `axis`. */
export class CosineSimilarity extends FnMeanMetric {
  declare readonly axis: number;

  constructor(options: MetricOptions & { axis?: number } = {}) {
    super(
      { className: "CosineSimilarity", fn: cosineSimilarity, defaultName: "cosine_similarity", direction: "up", args: { axis: -1 }, configArgs: [] },
      options,
    );
  }
}

export type R2ClassAggregation = "uniform_average" | "variance_weighted_average" | null;

export interface R2ScoreOptions extends MetricOptions {
  classAggregation?: R2ClassAggregation;
  numRegressors?: number;
}

/** 1 - SS_residual / SS_total per output column, aggregated; "adjusted" with `numRegressors` > 0. */
export class R2Score extends Metric {
  readonly classAggregation: R2ClassAggregation;
  readonly numRegressors: number;
  readonly numSamples: Variable;
  private built = false;
  squaredSum!: Variable;
  sum!: Variable;
  totalMse!: Variable;
  count!: Variable;

  constructor(options: R2ScoreOptions = {}) {
    checkOptionKeys("R2Score", options, [...METRIC_KEYS, "classAggregation", "numRegressors"]);
    const { classAggregation = "uniform_average", numRegressors = 0 } = options;
    super({ name: options.name ?? "r2_score", dtype: options.dtype });
    this.direction = "up";
    if (classAggregation !== null && classAggregation !== "uniform_average" && classAggregation !== "variance_weighted_average") {
      throw new ValueError(
        `Invalid value for argument \`class_aggregation\`. Expected one of (None, 'uniform_average', 'variance_weighted_average'). Received: class_aggregation=${String(classAggregation)}`,
      );
    }
    if (!(numRegressors >= 0)) {
      throw new ValueError(`Invalid value for argument \`num_regressors\`. Expected a value >= 0. Received: num_regressors=${numRegressors}`);
    }
    this.classAggregation = classAggregation;
    this.numRegressors = numRegressors;
    this.numSamples = this.addVariable({ shape: [], initializer: "zeros", name: "num_samples" });
  }

  private build(yTrueShape: readonly number[], yPredShape: readonly number[]): void {
    if (yPredShape.length !== 2 || yTrueShape.length !== 2) {
      throw new ValueError(
        `R2Score expects 2D inputs with shape (batch_size, output_dim). Received input shapes: y_pred.shape=[${yPredShape.join(", ")}] and y_true.shape=[${yTrueShape.join(", ")}].`,
      );
    }
    const shape = [yPredShape[1]];
    this.squaredSum = this.addVariable({ name: "squared_sum", shape, initializer: "zeros" });
    this.sum = this.addVariable({ name: "sum", shape, initializer: "zeros" });
    this.totalMse = this.addVariable({ name: "residual", shape, initializer: "zeros" });
    this.count = this.addVariable({ name: "count", shape, initializer: "zeros" });
    this.built = true;
  }

  override updateState(yTrue: TensorLike, yPred: TensorLike, sampleWeight: TensorLike | null = null): void {
    let t = toTensor(yTrue, this.dtype, "R2Score");
    let p = toTensor(yPred, this.dtype, "R2Score");
    [t, p] = squeezeOrExpandToSameRank(t, p);
    if (!this.built) this.build(t.shape, p.shape);
    let sw = toTensor(sampleWeight ?? 1, this.dtype, "R2Score");
    if (sw.rank === 1) sw = ops.expandDims(sw, 1);
    sw = ops.cast(ops.broadcastTo(sw, t.shape), t.dtype);
    const weightedTrue = ops.multiply(t, sw);
    this.sum.assign(ops.add(this.sum.value, ops.sum(weightedTrue, 0)));
    this.squaredSum.assign(ops.add(this.squaredSum.value, ops.sum(ops.multiply(t, weightedTrue), 0)));
    this.totalMse.assign(ops.add(this.totalMse.value, ops.sum(ops.multiply(ops.square(ops.subtract(t, p)), sw), 0)));
    this.count.assign(ops.add(this.count.value, ops.sum(sw, 0)));
    this.numSamples.assign(ops.add(this.numSamples.value, t.size));
  }

  override result(): Tensor {
    if (!this.built) return ops.zeros([], this.dtype);
    const mean = ops.divide(this.sum.value, this.count.value);
    const total = ops.subtract(this.squaredSum.value, ops.multiply(this.sum.value, mean));
    let raw = ops.subtract(1, ops.divide(this.totalMse.value, total));
    raw = ops.where(ops.isinf(raw), 0, raw);
    let score: Tensor;
    if (this.classAggregation === "uniform_average") score = ops.mean(raw);
    else if (this.classAggregation === "variance_weighted_average") score = ops.divide(ops.sum(ops.multiply(total, raw)), ops.sum(total));
    else score = raw;
    if (this.numRegressors !== 0) {
      const n = this.numSamples.value.item();
      const p = this.numRegressors;
      // With too few samples the adjustment is undefined; Keras warns and keeps the plain score.
      if (p < n - 1) score = ops.subtract(1, ops.divide(ops.multiply(ops.subtract(1, score), n - 1), n - p - 1));
    }
    return score;
  }

  override resetState(): void {
    for (const v of this.variables) v.assign(ops.zeros(v.shape, v.dtype));
  }

  override getConfig(): MetricConfig {
    return { name: this.name, dtype: this.dtype, class_aggregation: this.classAggregation, num_regressors: this.numRegressors };
  }
}
