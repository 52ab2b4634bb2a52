/**
 * `FBetaScore` and `F1Score`: the weighted harmonic mean of precision and
 * recall per class, from running per-class (or, for "micro", global) counts,
 * averaged as `average` says.
 */
import { Tensor } from "../engine/tensor.js";
import { toTensor, TensorLike } from "../engine/convert.js";
import type { Variable } from "../engine/variable.js";
import { ValueError } from "../engine/errors.js";
import { epsilon } from "../config/settings.js";
import * as ops from "../ops/index.js";
import { checkOptionKeys } from "../losses/loss.js";
import { Metric, MetricConfig, MetricOptions } from "./metric.js";

export type FScoreAverage = "micro" | "macro" | "weighted" | null;

export interface FBetaScoreOptions extends MetricOptions {
  average?: FScoreAverage;
  beta?: number;
  threshold?: number | null;
}

export class FBetaScore extends Metric {
  readonly average: FScoreAverage;
  readonly beta: number;
  readonly threshold: number | null;
  /** The axis counts are summed over: 0 (per class), or null for "micro" (everything). */
  readonly axis: number | null;
  private built = false;
  truePositives!: Variable;
  falsePositives!: Variable;
  falseNegatives!: Variable;
  intermediateWeights!: Variable;

  constructor(options: FBetaScoreOptions = {}) {
    checkOptionKeys(new.target.name, options, ["name", "dtype", "average", "beta", "threshold"]);
    const { average = null, beta = 1.0, threshold = null } = options;
    super({ name: options.name ?? "fbeta_score", dtype: options.dtype });
    this.direction = "up";
    if (average !== null && average !== "micro" && average !== "macro" && average !== "weighted") {
      throw new ValueError(`Invalid \`average\` argument value. Expected one of: {None, 'micro', 'macro', 'weighted'}. Received: average=${String(average)}`);
    }
    if (typeof beta !== "number" || !Number.isFinite(beta)) {
      throw new ValueError(`Invalid \`beta\` argument value. It should be a Python float. Received: beta=${String(beta)} of type '${typeof beta}'`);
    }
    if (beta <= 0) throw new ValueError(`Invalid \`beta\` argument value. It should be > 0. Received: beta=${beta}`);
    if (threshold !== null) {
      if (typeof threshold !== "number" || !Number.isFinite(threshold)) {
        throw new ValueError(`Invalid \`threshold\` argument value. It should be a Python float. Received: threshold=${String(threshold)} of type '${typeof threshold}'`);
      }
      if (threshold > 1 || threshold <= 0) {
        throw new ValueError(`Invalid \`threshold\` argument value. It should verify 0 < threshold <= 1. Received: threshold=${threshold}`);
      }
    }
    this.average = average;
    this.beta = beta;
    this.threshold = threshold;
    this.axis = average === "micro" ? null : 0;
  }

  private build(yTrueShape: readonly number[], yPredShape: readonly number[]): void {
    if (yPredShape.length !== 2 || yTrueShape.length !== 2) {
      throw new ValueError(
        `FBetaScore expects 2D inputs with shape (batch_size, output_dim). Received input shapes: y_pred.shape=[${yPredShape.join(", ")}] and y_true.shape=[${yTrueShape.join(", ")}].`,
      );
    }
    const shape = this.average !== "micro" ? [yPredShape[1]] : [];
    const add = (name: string) => this.addVariable({ shape, initializer: "zeros", dtype: this.dtype, name });
    this.truePositives = add("true_positives");
    this.falsePositives = add("false_positives");
    this.falseNegatives = add("false_negatives");
    this.intermediateWeights = add("intermediate_weights");
    this.built = true;
  }

  override updateState(yTrue: TensorLike, yPred: TensorLike, sampleWeight: TensorLike | null = null): void {
    let t = toTensor(yTrue, this.dtype, this.constructor.name);
    let p = toTensor(yPred, this.dtype, this.constructor.name);
    if (!this.built) this.build(t.shape, p.shape);
    let predicted: Tensor;
    if (this.threshold === null) {
      // The row maximum counts as predicted, but an all-zero row predicts nothing.
      const rowMax = ops.max(p, -1, true);
      predicted = ops.logicalAnd(ops.greaterEqual(p, rowMax), ops.greater(ops.abs(p), 1e-9));
    } else {
      predicted = ops.greater(p, this.threshold);
    }
    p = ops.cast(predicted, this.dtype);
    t = ops.cast(t, this.dtype);
    const sw = sampleWeight === null || sampleWeight === undefined ? null : toTensor(sampleWeight, this.dtype);
    const weightedSum = (v: Tensor): Tensor => ops.sum(sw === null ? v : ops.multiply(v, ops.expandDims(sw, 1)), this.axis);
    this.truePositives.assign(ops.add(this.truePositives.value, weightedSum(ops.multiply(p, t))));
    this.falsePositives.assign(ops.add(this.falsePositives.value, weightedSum(ops.multiply(p, ops.subtract(1, t)))));
    this.falseNegatives.assign(ops.add(this.falseNegatives.value, weightedSum(ops.multiply(ops.subtract(1, p), t))));
    this.intermediateWeights.assign(ops.add(this.intermediateWeights.value, weightedSum(t)));
  }

  override result(): Tensor {
    if (!this.built) return ops.zeros([], this.dtype);
    const eps = epsilon();
    const tp = this.truePositives.value;
    const precision = ops.divide(tp, ops.add(ops.add(tp, this.falsePositives.value), eps));
    const recall = ops.divide(tp, ops.add(ops.add(tp, this.falseNegatives.value), eps));
    const b2 = this.beta ** 2;
    const mean = ops.divide(ops.multiply(precision, recall), ops.add(ops.add(ops.multiply(b2, precision), recall), eps));
    let score = ops.multiply(mean, 1 + b2);
    if (this.average === "weighted") {
      const w = this.intermediateWeights.value;
      score = ops.sum(ops.multiply(score, ops.divide(w, ops.add(ops.sum(w), eps))));
    } else if (this.average !== null) {
      score = ops.mean(score);
    }
    return score;
  }

  override resetState(): void {
    if (this.built) super.resetState();
  }

  override getConfig(): MetricConfig {
    return { name: this.name, dtype: this.dtype, average: this.average, beta: this.beta, threshold: this.threshold };
  }
}

export interface F1ScoreOptions extends MetricOptions {
  average?: FScoreAverage;
  threshold?: number | null;
}

export class F1Score extends FBetaScore {
  constructor(options: F1ScoreOptions = {}) {
    checkOptionKeys("F1Score", options, ["name", "dtype", "average", "threshold"]);
    super({ ...options, name: options.name ?? "f1_score", beta: 1.0 });
  }

  override getConfig(): MetricConfig {
    const { beta: _beta, ...config } = super.getConfig();
    return config;
  }
}
