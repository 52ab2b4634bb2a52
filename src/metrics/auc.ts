/**
 * `keras.metrics.AUC`: the area under the ROC or precision-recall curve,
 * approximated by a Riemann sum over thresholds (interpolated, minoring or
 * majoring), from confusion counts accumulated per threshold. Multi-label data
 * gets one curve per label, averaged (optionally weighted).
 */
import { Tensor } from "../engine/tensor.js";
import type { TensorLike } from "../engine/convert.js";
import { toTensor } from "../engine/convert.js";
import type { Variable } from "../engine/variable.js";
import { ValueError } from "../engine/errors.js";
import { epsilon } from "../config/settings.js";
import * as ops from "../ops/index.js";
import { divideNoNan } from "../losses/reduction.js";
import { checkOptionKeys } from "../losses/loss.js";
import { Metric, MetricConfig, MetricOptions } from "./metric.js";
import { isEvenlyDistributedThresholds, updateConfusionMatrixVariables } from "./metrics-utils.js";

export type AUCCurve = "ROC" | "PR";
export type AUCSummationMethod = "interpolation" | "minoring" | "majoring";

export interface AUCOptions extends MetricOptions {
  numThresholds?: number;
  curve?: AUCCurve | "roc" | "pr";
  summationMethod?: AUCSummationMethod | "Interpolation" | "Minoring" | "Majoring";
  thresholds?: readonly number[] | null;
  multiLabel?: boolean;
  numLabels?: number | null;
  labelWeights?: readonly number[] | null;
  fromLogits?: boolean;
}

const AUC_KEYS = ["name", "dtype", "numThresholds", "curve", "summationMethod", "thresholds", "multiLabel", "numLabels", "labelWeights", "fromLogits"];

function parseCurve(curve: string): AUCCurve {
  if (curve === "pr" || curve === "PR") return "PR";
  if (curve === "roc" || curve === "ROC") return "ROC";
  throw new ValueError(`Invalid AUC curve value: "${curve}". Expected values are ["PR", "ROC"]`);
}

function parseSummation(method: string): AUCSummationMethod {
  const m = method.toLowerCase();
  if ((m === "interpolation" || m === "majoring" || m === "minoring") && (method === m || method === m[0].toUpperCase() + m.slice(1))) {
    return m;
  }
  throw new ValueError(`Invalid AUC summation method value: "${method}". Expected values are ["interpolation", "majoring", "minoring"]`);
}

/** x[0 : n - 1] and x[1 : n] along the first axis. */
function headTail(x: Tensor): [Tensor, Tensor] {
  const n = x.shape[0];
  const rest = x.shape.slice(1);
  const zeros = rest.map(() => 0);
  return [ops.slice(x, [0, ...zeros], [n - 1, ...rest]), ops.slice(x, [1, ...zeros], [n - 1, ...rest])];
}

export class AUC extends Metric {
  readonly numThresholds: number;
  readonly curve: AUCCurve;
  readonly summationMethod: AUCSummationMethod;
  readonly multiLabel: boolean;
  readonly numLabels: number | null;
  readonly labelWeights: Tensor | null;
  readonly fromLogits: boolean;
  private readonly initFromThresholds: boolean;
  private readonly evenly: boolean;
  private readonly _thresholds: number[];
  private built = false;
  private _numLabels: number | null = null;
  truePositives!: Variable;
  falsePositives!: Variable;
  trueNegatives!: Variable;
  falseNegatives!: Variable;

  constructor(options: AUCOptions = {}) {
    checkOptionKeys("AUC", options, AUC_KEYS);
    const {
      numThresholds = 200, curve = "ROC", summationMethod = "interpolation", thresholds = null,
      multiLabel = false, numLabels = null, labelWeights = null, fromLogits = false,
    } = options;
    super(options);
    this.direction = "up";
    this.initFromThresholds = thresholds !== null && thresholds !== undefined;
    let inner: number[];
    if (this.initFromThresholds) {
      inner = [...thresholds!].sort((a, b) => a - b);
      this.numThresholds = inner.length + 2;
      this.evenly = isEvenlyDistributedThresholds([0, ...inner, 1]);
    } else {
      if (!Number.isInteger(numThresholds) || numThresholds <= 1) {
        throw new ValueError(`Argument \`num_thresholds\` must be an integer > 1. Received: num_thresholds=${String(numThresholds)}`);
      }
      this.numThresholds = numThresholds;
      inner = [];
      for (let i = 0; i < numThresholds - 2; i++) inner.push(((i + 1) * 1.0) / (numThresholds - 1));
      this.evenly = true;
    }
    // End points just outside [0, 1], so predictions of exactly 0 or 1 are counted.
    this._thresholds = [0.0 - epsilon(), ...inner, 1.0 + epsilon()];
    this.curve = parseCurve(curve);
    this.summationMethod = parseSummation(summationMethod);
    this.multiLabel = multiLabel;
    this.numLabels = numLabels;
    this.labelWeights = labelWeights === null || labelWeights === undefined ? null : toTensor([...labelWeights], this.dtype);
    this.fromLogits = fromLogits;
    if (multiLabel) {
      if (numLabels) this.build([null, numLabels]);
    } else {
      if (numLabels) throw new ValueError("`num_labels` is needed only when `multi_label` is True.");
      this.build(null);
    }
  }

  /** The thresholds used, end points included. */
  get thresholds(): number[] {
    return this._thresholds.slice();
  }

  private build(shape: readonly (number | null)[] | null): void {
    let variableShape: number[];
    if (this.multiLabel) {
      if (!shape || shape.length !== 2) {
        throw new ValueError(
          `\`y_pred\` must have rank 2 when \`multi_label=True\`. Found rank ${shape?.length}. Full shape received for \`y_pred\`: [${shape?.join(", ")}]`,
        );
      }
      this._numLabels = shape[1];
      variableShape = [this.numThresholds, shape[1]!];
    } else {
      variableShape = [this.numThresholds];
    }
    this.truePositives = this.addVariable({ shape: variableShape, initializer: "zeros", name: "true_positives" });
    this.falsePositives = this.addVariable({ shape: variableShape, initializer: "zeros", name: "false_positives" });
    this.trueNegatives = this.addVariable({ shape: variableShape, initializer: "zeros", name: "true_negatives" });
    this.falseNegatives = this.addVariable({ shape: variableShape, initializer: "zeros", name: "false_negatives" });
    this.built = true;
  }

  override updateState(yTrue: TensorLike, yPred: TensorLike, sampleWeight: TensorLike | null = null): void {
    let pred = toTensor(yPred, undefined, "AUC.updateState");
    if (!this.built) this.build(pred.shape);
    if (this.fromLogits) pred = ops.sigmoid(pred);
    updateConfusionMatrixVariables(
      { tp: this.truePositives, tn: this.trueNegatives, fp: this.falsePositives, fn: this.falseNegatives },
      yTrue,
      pred,
      this._thresholds,
      {
        thresholdsDistributedEvenly: this.evenly,
        sampleWeight,
        multiLabel: this.multiLabel,
        labelWeights: this.multiLabel ? null : this.labelWeights,
      },
    );
  }

  /** Per-label areas averaged (weighted by `labelWeights` when given), or the single area. */
  private aggregate(terms: Tensor): Tensor {
    if (!this.multiLabel) return ops.sum(terms);
    const byLabel = ops.sum(terms, 0);
    if (this.labelWeights === null) return ops.mean(byLabel);
    return divideNoNan(ops.sum(ops.multiply(byLabel, this.labelWeights)), ops.sum(this.labelWeights));
  }

  /**
   * PR-AUC with precision interpolated as Davis & Goadrich (2006): TP and
   * TP + FP vary linearly between thresholds, which integrates in closed form.
   */
  private interpolatePrAuc(): Tensor {
    const tp = this.truePositives.value;
    const [tpHead, tpTail] = headTail(tp);
    const dtp = ops.subtract(tpHead, tpTail);
    const p = ops.add(tp, this.falsePositives.value);
    const [pHead, pTail] = headTail(p);
    const dp = ops.subtract(pHead, pTail);
    const precSlope = divideNoNan(dtp, ops.maximum(dp, 0));
    const intercept = ops.subtract(tpTail, ops.multiply(precSlope, pTail));
    const safePRatio = ops.where(
      ops.logicalAnd(ops.greater(pHead, 0), ops.greater(pTail, 0)),
      divideNoNan(pHead, ops.maximum(pTail, 0)),
      ops.onesLike(pTail),
    );
    const [, fnTail] = headTail(this.falseNegatives.value);
    const increment = divideNoNan(
      ops.multiply(precSlope, ops.add(dtp, ops.multiply(intercept, ops.log(safePRatio)))),
      ops.maximum(ops.add(tpTail, fnTail), 0),
    );
    return this.aggregate(increment);
  }

  override result(): Tensor {
    if (!this.built) return ops.zeros([], this.dtype);
    if (this.curve === "PR" && this.summationMethod === "interpolation") return this.interpolatePrAuc();
    const tp = this.truePositives.value;
    const fp = this.falsePositives.value;
    const tn = this.trueNegatives.value;
    const fn = this.falseNegatives.value;
    const recall = divideNoNan(tp, ops.add(tp, fn));
    let x: Tensor;
    let y: Tensor;
    if (this.curve === "ROC") {
      x = divideNoNan(fp, ops.add(fp, tn));
      y = recall;
    } else {
      x = recall;
      y = divideNoNan(tp, ops.add(tp, fp));
    }
    const [yHead, yTail] = headTail(y);
    let heights: Tensor;
    if (this.summationMethod === "interpolation") heights = ops.divide(ops.add(yHead, yTail), 2);
    else if (this.summationMethod === "minoring") heights = ops.minimum(yHead, yTail);
    else heights = ops.maximum(yHead, yTail);
    const [xHead, xTail] = headTail(x);
    return this.aggregate(ops.multiply(ops.subtract(xHead, xTail), heights));
  }

  override resetState(): void {
    if (this.built) super.resetState();
  }

  override getConfig(): MetricConfig {
    const config: MetricConfig = {
      ...super.getConfig(),
      num_thresholds: this.numThresholds,
      curve: this.curve,
      summation_method: this.summationMethod,
      multi_label: this.multiLabel,
      num_labels: this.numLabels,
      label_weights: this.labelWeights === null ? null : Array.from(this.labelWeights.data),
      from_logits: this.fromLogits,
    };
    // Only user-given thresholds are written, without the end points.
    if (this.initFromThresholds) config.thresholds = this._thresholds.slice(1, -1);
    return config;
  }
}
