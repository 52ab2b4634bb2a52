/**
 * Threshold metrics built on confusion-matrix counts: TruePositives & co,
 * Precision, Recall, and the "X at Y" metrics (SensitivityAtSpecificity,
 * SpecificityAtSensitivity, PrecisionAtRecall, RecallAtPrecision). AUC is in ./auc.ts.
 */
import { Tensor } from "../engine/tensor.js";
import type { TensorLike } from "../engine/convert.js";
import type { Variable } from "../engine/variable.js";
import { ValueError } from "../engine/errors.js";
import * as ops from "../ops/index.js";
import { divideNoNan } from "../losses/reduction.js";
import { checkOptionKeys } from "../losses/loss.js";
import { Metric, MetricConfig, MetricOptions } from "./metric.js";
import {
  ConfusionKey, isEvenlyDistributedThresholds, NEG_INF, parseInitThresholds, updateConfusionMatrixVariables,
} from "./metrics-utils.js";

const METRIC_KEYS = ["name", "dtype"] as const;
type Thresholds = number | readonly number[] | null;

/** The first entry when there is one threshold (a scalar result), else the whole vector. */
function perThreshold(values: Tensor, numThresholds: number): Tensor {
  return numThresholds === 1 ? ops.reshape(ops.slice(values, [0], [1]), []) : values;
}

/** Counts one confusion-matrix condition at each threshold. */
class ConfusionMatrixConditionCount extends Metric {
  readonly thresholds: number[];
  readonly initThresholds: Thresholds;
  readonly accumulator: Variable;
  private readonly condition: ConfusionKey;
  private readonly evenly: boolean;

  constructor(condition: ConfusionKey, options: MetricOptions & { thresholds?: Thresholds }) {
    super(options);
    this.condition = condition;
    this.initThresholds = options.thresholds ?? null;
    this.thresholds = parseInitThresholds(options.thresholds, 0.5);
    this.evenly = isEvenlyDistributedThresholds(this.thresholds);
    this.accumulator = this.addVariable({ shape: [this.thresholds.length], initializer: "zeros", name: "accumulator" });
  }

  override updateState(yTrue: TensorLike, yPred: TensorLike, sampleWeight: TensorLike | null = null): void {
    updateConfusionMatrixVariables({ [this.condition]: this.accumulator }, yTrue, yPred, this.thresholds, {
      thresholdsDistributedEvenly: this.evenly,
      sampleWeight,
    });
  }

  override result(): Tensor {
    return perThreshold(this.accumulator.value, this.thresholds.length);
  }

  override getConfig(): MetricConfig {
    return { ...super.getConfig(), thresholds: this.initThresholds };
  }
}

type CountOptions = MetricOptions & { thresholds?: Thresholds };

export class FalsePositives extends ConfusionMatrixConditionCount {
  constructor(options: CountOptions = {}) {
    checkOptionKeys("FalsePositives", options, [...METRIC_KEYS, "thresholds"]);
    super("fp", options);
  }
}

export class FalseNegatives extends ConfusionMatrixConditionCount {
  constructor(options: CountOptions = {}) {
    checkOptionKeys("FalseNegatives", options, [...METRIC_KEYS, "thresholds"]);
    super("fn", options);
  }
}

export class TrueNegatives extends ConfusionMatrixConditionCount {
  constructor(options: CountOptions = {}) {
    checkOptionKeys("TrueNegatives", options, [...METRIC_KEYS, "thresholds"]);
    super("tn", options);
  }
}

export class TruePositives extends ConfusionMatrixConditionCount {
  constructor(options: CountOptions = {}) {
    checkOptionKeys("TruePositives", options, [...METRIC_KEYS, "thresholds"]);
    super("tp", options);
  }
}

export interface PrecisionRecallOptions extends MetricOptions {
  thresholds?: Thresholds;
  topK?: number | null;
  classId?: number | null;
}

/** Precision and Recall share everything but the second count. */
abstract class PrecisionRecallBase extends Metric {
  readonly initThresholds: Thresholds;
  readonly thresholds: number[];
  readonly topK: number | null;
  readonly classId: number | null;
  readonly truePositives: Variable;
  protected readonly evenly: boolean;

  constructor(className: string, options: PrecisionRecallOptions) {
    checkOptionKeys(className, options, [...METRIC_KEYS, "thresholds", "topK", "classId"]);
    super(options);
    this.direction = "up";
    this.initThresholds = options.thresholds ?? null;
    this.topK = options.topK ?? null;
    this.classId = options.classId ?? null;
    this.thresholds = parseInitThresholds(options.thresholds, this.topK === null ? 0.5 : NEG_INF);
    this.evenly = isEvenlyDistributedThresholds(this.thresholds);
    this.truePositives = this.addVariable({ shape: [this.thresholds.length], initializer: "zeros", name: "true_positives" });
  }

  protected update(other: ConfusionKey, otherVariable: Variable, yTrue: TensorLike, yPred: TensorLike, sampleWeight: TensorLike | null): void {
    updateConfusionMatrixVariables({ tp: this.truePositives, [other]: otherVariable }, yTrue, yPred, this.thresholds, {
      thresholdsDistributedEvenly: this.evenly,
      topK: this.topK,
      classId: this.classId,
      sampleWeight,
    });
  }

  override getConfig(): MetricConfig {
    return { ...super.getConfig(), thresholds: this.initThresholds, top_k: this.topK, class_id: this.classId };
  }
}

/** tp / (tp + fp) at each threshold (or among the top k predictions, or for one class). */
export class Precision extends PrecisionRecallBase {
  readonly falsePositives: Variable;

  constructor(options: PrecisionRecallOptions = {}) {
    super("Precision", options);
    this.falsePositives = this.addVariable({ shape: [this.thresholds.length], initializer: "zeros", name: "false_positives" });
  }

  override updateState(yTrue: TensorLike, yPred: TensorLike, sampleWeight: TensorLike | null = null): void {
    this.update("fp", this.falsePositives, yTrue, yPred, sampleWeight);
  }

  override result(): Tensor {
    const tp = this.truePositives.value;
    return perThreshold(divideNoNan(tp, ops.add(tp, this.falsePositives.value)), this.thresholds.length);
  }
}

/** tp / (tp + fn) at each threshold (or among the top k predictions, or for one class). */
export class Recall extends PrecisionRecallBase {
  readonly falseNegatives: Variable;

  constructor(options: PrecisionRecallOptions = {}) {
    super("Recall", options);
    this.falseNegatives = this.addVariable({ shape: [this.thresholds.length], initializer: "zeros", name: "false_negatives" });
  }

  override updateState(yTrue: TensorLike, yPred: TensorLike, sampleWeight: TensorLike | null = null): void {
    this.update("fn", this.falseNegatives, yTrue, yPred, sampleWeight);
  }

  override result(): Tensor {
    const tp = this.truePositives.value;
    return perThreshold(divideNoNan(tp, ops.add(tp, this.falseNegatives.value)), this.thresholds.length);
  }
}

export interface AtValueOptions extends MetricOptions {
  numThresholds?: number;
  classId?: number | null;
}

/** Four counts at `numThresholds` evenly spaced thresholds in [0, 1], and a constrained maximum over them. */
abstract class SensitivitySpecificityBase extends Metric {
  readonly value: number;
  readonly classId: number | null;
  readonly numThresholds: number;
  readonly thresholds: number[];
  readonly truePositives: Variable;
  readonly falsePositives: Variable;
  readonly trueNegatives: Variable;
  readonly falseNegatives: Variable;
  private readonly evenly: boolean;

  constructor(className: string, valueName: string, value: number, options: AtValueOptions) {
    checkOptionKeys(className, options, [...METRIC_KEYS, "numThresholds", "classId"]);
    if (typeof value !== "number" || !(value >= 0 && value <= 1)) {
      throw new ValueError(`Argument \`${valueName}\` must be in the range [0, 1]. Received: ${valueName}=${String(value)}`);
    }
    const { numThresholds = 200, classId = null } = options;
    if (!Number.isInteger(numThresholds) || numThresholds <= 0) {
      throw new ValueError(`Argument \`num_thresholds\` must be an integer > 0. Received: num_thresholds=${String(numThresholds)}`);
    }
    super(options);
    this.direction = "up";
    this.value = value;
    this.classId = classId;
    this.numThresholds = numThresholds;
    if (numThresholds === 1) {
      this.thresholds = [0.5];
      this.evenly = false;
    } else {
      const inner: number[] = [];
      for (let i = 0; i < numThresholds - 2; i++) inner.push(((i + 1) * 1.0) / (numThresholds - 1));
      this.thresholds = [0.0, ...inner, 1.0];
      this.evenly = true;
    }
    const n = this.thresholds.length;
    this.truePositives = this.addVariable({ shape: [n], initializer: "zeros", name: "true_positives" });
    this.falsePositives = this.addVariable({ shape: [n], initializer: "zeros", name: "false_positives" });
    this.trueNegatives = this.addVariable({ shape: [n], initializer: "zeros", name: "true_negatives" });
    this.falseNegatives = this.addVariable({ shape: [n], initializer: "zeros", name: "false_negatives" });
  }

  override updateState(yTrue: TensorLike, yPred: TensorLike, sampleWeight: TensorLike | null = null): void {
    updateConfusionMatrixVariables(
      { tp: this.truePositives, tn: this.trueNegatives, fp: this.falsePositives, fn: this.falseNegatives },
      yTrue,
      yPred,
      this.thresholds,
      { thresholdsDistributedEvenly: this.evenly, classId: this.classId, sampleWeight },
    );
  }

  /** The largest `dependent` value among thresholds where `constrained >= value`; 0 when there is none. */
  protected maxUnderConstraint(constrained: Tensor, dependent: Tensor): Tensor {
    const feasible = ops.greaterEqual(constrained, this.value);
    return ops.max(ops.where(feasible, dependent, 0));
  }

  protected rates(): { recall: Tensor; precision: Tensor; specificity: Tensor } {
    const tp = this.truePositives.value;
    const fp = this.falsePositives.value;
    const tn = this.trueNegatives.value;
    const fn = this.falseNegatives.value;
    return {
      recall: divideNoNan(tp, ops.add(tp, fn)),
      precision: divideNoNan(tp, ops.add(tp, fp)),
      specificity: divideNoNan(tn, ops.add(tn, fp)),
    };
  }

  override getConfig(): MetricConfig {
    return { ...super.getConfig(), class_id: this.classId };
  }
}

/** The best sensitivity (recall) where specificity >= `specificity`. */
export class SensitivityAtSpecificity extends SensitivitySpecificityBase {
  readonly specificity: number;

  constructor(specificity: number, options: AtValueOptions = {}) {
    super("SensitivityAtSpecificity", "specificity", specificity, options);
    this.specificity = specificity;
  }

  override result(): Tensor {
    const { recall, specificity } = this.rates();
    return this.maxUnderConstraint(specificity, recall);
  }

  override getConfig(): MetricConfig {
    return { ...super.getConfig(), num_thresholds: this.numThresholds, specificity: this.specificity };
  }

  static override fromConfig<T extends Metric>(this: new (...args: any[]) => T, config: MetricConfig): T {
    const { specificity, ...rest } = atValueOptions(config);
    return new this(specificity, rest);
  }
}

/** The best specificity where sensitivity (recall) >= `sensitivity`. */
export class SpecificityAtSensitivity extends SensitivitySpecificityBase {
  readonly sensitivity: number;

  constructor(sensitivity: number, options: AtValueOptions = {}) {
    super("SpecificityAtSensitivity", "sensitivity", sensitivity, options);
    this.sensitivity = sensitivity;
  }

  override result(): Tensor {
    const { recall, specificity } = this.rates();
    return this.maxUnderConstraint(recall, specificity);
  }

  override getConfig(): MetricConfig {
    return { ...super.getConfig(), num_thresholds: this.numThresholds, sensitivity: this.sensitivity };
  }

  static override fromConfig<T extends Metric>(this: new (...args: any[]) => T, config: MetricConfig): T {
    const { sensitivity, ...rest } = atValueOptions(config);
    return new this(sensitivity, rest);
  }
}

/** The best precision where recall >= `recall`. */
export class PrecisionAtRecall extends SensitivitySpecificityBase {
  readonly recall: number;

  constructor(recall: number, options: AtValueOptions = {}) {
    super("PrecisionAtRecall", "recall", recall, options);
    this.recall = recall;
  }

  override result(): Tensor {
    const { recall, precision } = this.rates();
    return this.maxUnderConstraint(recall, precision);
  }

  override getConfig(): MetricConfig {
    return { ...super.getConfig(), num_thresholds: this.numThresholds, recall: this.recall };
  }

  static override fromConfig<T extends Metric>(this: new (...args: any[]) => T, config: MetricConfig): T {
    const { recall, ...rest } = atValueOptions(config);
    return new this(recall, rest);
  }
}

/** The best recall where precision >= `precision` (0 when that precision is never reached). */
export class RecallAtPrecision extends SensitivitySpecificityBase {
  readonly precision: number;

  constructor(precision: number, options: AtValueOptions = {}) {
    super("RecallAtPrecision", "precision", precision, options);
    this.precision = precision;
  }

  override result(): Tensor {
    const { recall, precision } = this.rates();
    return this.maxUnderConstraint(precision, recall);
  }

  override getConfig(): MetricConfig {
    return { ...super.getConfig(), num_thresholds: this.numThresholds, precision: this.precision };
  }

  static override fromConfig<T extends Metric>(this: new (...args: any[]) => T, config: MetricConfig): T {
    const { precision, ...rest } = atValueOptions(config);
    return new this(precision, rest);
  }
}

/** A "X at Y" config as the positional value plus options. */
function atValueOptions(config: MetricConfig): Record<string, any> {
  const out: Record<string, any> = {};
  for (const [k, v] of Object.entries(config ?? {})) out[k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = v;
  return out;
}
