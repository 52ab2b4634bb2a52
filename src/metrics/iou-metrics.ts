/**
 * Intersection-over-Union metrics (IoU, BinaryIoU, MeanIoU, OneHotIoU,
 * OneHotMeanIoU) from a running class confusion matrix. As in Keras 3.15.1
 * their dtype defaults to "int32": the matrix counts in integers (fractional
 * sample weights are truncated) and the result is a float32.
 */
import { Tensor } from "../engine/tensor.js";
import { toTensor, TensorLike } from "../engine/convert.js";
import type { Variable } from "../engine/variable.js";
import { ValueError } from "../engine/errors.js";
import { epsilon, floatx } from "../config/settings.js";
import * as ops from "../ops/index.js";
import { checkOptionKeys } from "../losses/loss.js";
import { Metric, MetricConfig, MetricOptions } from "./metric.js";
import { confusionMatrix } from "./metrics-utils.js";

export interface IoUBaseOptions extends MetricOptions {
  ignoreClass?: number | null;
  sparseYTrue?: boolean;
  sparseYPred?: boolean;
  axis?: number;
}

/** Accumulates the confusion matrix of (labels, predictions). */
abstract class IoUBase extends Metric {
  readonly numClasses: number;
  readonly ignoreClass: number | null;
  readonly sparseYTrue: boolean;
  readonly sparseYPred: boolean;
  readonly axis: number;
  readonly totalCm: Variable;

  constructor(numClasses: number, options: IoUBaseOptions) {
    if (!Number.isInteger(numClasses) || numClasses < 1) {
      throw new ValueError(`Argument \`num_classes\` must be a positive integer. Received: num_classes=${String(numClasses)}`);
    }
    super({ name: options.name, dtype: options.dtype ?? "int32" });
    this.direction = "up";
    this.numClasses = numClasses;
    this.ignoreClass = options.ignoreClass ?? null;
    this.sparseYTrue = options.sparseYTrue ?? true;
    this.sparseYPred = options.sparseYPred ?? true;
    this.axis = options.axis ?? -1;
    this.totalCm = this.addVariable({ name: "total_confusion_matrix", shape: [numClasses, numClasses], initializer: "zeros", dtype: this.dtype });
  }

  override updateState(yTrue: TensorLike, yPred: TensorLike, sampleWeight: TensorLike | null = null): void {
    let t = toTensor(yTrue, undefined, this.constructor.name);
    let p = toTensor(yPred, undefined, this.constructor.name);
    if (!this.sparseYTrue) t = ops.argmax(t, this.axis);
    if (!this.sparseYPred) p = ops.argmax(p, this.axis);
    t = ops.reshape(ops.cast(t, this.dtype), [-1]);
    p = ops.reshape(ops.cast(p, this.dtype), [-1]);
    let sw = toTensor(sampleWeight ?? 1, this.dtype, this.constructor.name);
    if (sw.rank > 1) sw = ops.reshape(sw, [-1]);
    sw = ops.broadcastTo(sw, t.shape);
    if (this.ignoreClass !== null) {
      const valid = ops.notEqual(t, toTensor(this.ignoreClass, t.dtype));
      t = ops.multiply(t, ops.cast(valid, t.dtype));
      p = ops.multiply(p, ops.cast(valid, p.dtype));
      sw = ops.multiply(sw, ops.cast(valid, sw.dtype));
    }
    const current = confusionMatrix(t, p, this.numClasses, sw, this.dtype);
    this.totalCm.assign(ops.add(this.totalCm.value, current));
  }
}

export class IoU extends IoUBase {
  readonly targetClassIds: number[];

  constructor(numClasses: number, targetClassIds: readonly number[], options: IoUBaseOptions = {}) {
    checkOptionKeys(new.target.name, options, ["name", "dtype", "ignoreClass", "sparseYTrue", "sparseYPred", "axis"]);
    super(numClasses, options);
    if (!Array.isArray(targetClassIds) || targetClassIds.length === 0) {
      throw new ValueError(`Argument \`target_class_ids\` must be a non-empty list of class ids. Received: ${JSON.stringify(targetClassIds)}`);
    }
    const maxId = Math.max(...targetClassIds);
    if (maxId >= numClasses) throw new ValueError(`Target class id ${maxId} is out of range, which is [0, ${numClasses}).`);
    this.targetClassIds = [...targetClassIds];
  }

  /** Mean over the target classes of tp / (tp + fp + fn), leaving out classes never seen. */
  override result(): Tensor {
    const cm = ops.cast(this.totalCm.value, floatx());
    const sumOverRow = ops.sum(cm, 0);
    const sumOverCol = ops.sum(cm, 1);
    const truePositives = ops.diagonal(cm);
    // sum_over_row + sum_over_col = 2 tp + fp + fn.
    const denominator = ops.subtract(ops.add(sumOverRow, sumOverCol), truePositives);
    const ids = toTensor(this.targetClassIds, "int32");
    const tp = ops.take(truePositives, ids);
    const den = ops.take(denominator, ids);
    const numValid = ops.sum(ops.cast(ops.greater(den, 1e-9), floatx()));
    const iou = ops.divide(tp, ops.add(den, epsilon()));
    return ops.divide(ops.sum(iou, this.axis), ops.add(numValid, epsilon()));
  }

  override getConfig(): MetricConfig {
    return {
      ...super.getConfig(),
      num_classes: this.numClasses,
      target_class_ids: this.targetClassIds,
      ignore_class: this.ignoreClass,
      sparse_y_true: this.sparseYTrue,
      sparse_y_pred: this.sparseYPred,
      axis: this.axis,
    };
  }

  static override fromConfig<T extends Metric>(this: new (...args: any[]) => T, config: MetricConfig): T {
    const { num_classes, target_class_ids, ...rest } = config;
    return new this(num_classes, target_class_ids, iouOptions(rest));
  }
}

/** IoU of thresholded predictions (>= threshold is class 1) for classes 0 and/or 1. */
export class BinaryIoU extends IoU {
  readonly threshold: number;

  constructor(options: MetricOptions & { targetClassIds?: readonly number[]; threshold?: number } = {}) {
    checkOptionKeys("BinaryIoU", options, ["name", "dtype", "targetClassIds", "threshold"]);
    const { targetClassIds = [0, 1], threshold = 0.5, name, dtype } = options;
    super(2, targetClassIds, { name, dtype });
    this.threshold = threshold;
  }

  override updateState(yTrue: TensorLike, yPred: TensorLike, sampleWeight: TensorLike | null = null): void {
    const t = toTensor(yTrue, this.dtype, "BinaryIoU");
    const p = ops.cast(ops.greaterEqual(toTensor(yPred, undefined, "BinaryIoU"), this.threshold), this.dtype);
    super.updateState(t, p, sampleWeight);
  }

  override getConfig(): MetricConfig {
    return { target_class_ids: this.targetClassIds, threshold: this.threshold, name: this.name, dtype: this.dtype };
  }

  static override fromConfig<T extends Metric>(this: new (...args: any[]) => T, config: MetricConfig): T {
    return new this(iouOptions(config));
  }
}

/** The mean IoU over all classes. */
export class MeanIoU extends IoU {
  constructor(numClasses: number, options: IoUBaseOptions = {}) {
    super(numClasses, range(numClasses), options);
  }

  override getConfig(): MetricConfig {
    return {
      num_classes: this.numClasses, name: this.name, dtype: this.dtype, ignore_class: this.ignoreClass,
      sparse_y_true: this.sparseYTrue, sparse_y_pred: this.sparseYPred, axis: this.axis,
    };
  }

  static override fromConfig<T extends Metric>(this: new (...args: any[]) => T, config: MetricConfig): T {
    const { num_classes, ...rest } = config;
    return new this(num_classes, iouOptions(rest));
  }
}

type OneHotOptions = Omit<IoUBaseOptions, "sparseYTrue">;

/** IoU of one-hot labels (argmax over `axis`) for the target classes. */
export class OneHotIoU extends IoU {
  constructor(numClasses: number, targetClassIds: readonly number[], options: OneHotOptions = {}) {
    checkOptionKeys("OneHotIoU", options, ["name", "dtype", "ignoreClass", "sparseYPred", "axis"]);
    super(numClasses, targetClassIds, { ...options, sparseYTrue: false, sparseYPred: options.sparseYPred ?? false });
  }

  override getConfig(): MetricConfig {
    return {
      num_classes: this.numClasses, target_class_ids: this.targetClassIds, name: this.name, dtype: this.dtype,
      ignore_class: this.ignoreClass, sparse_y_pred: this.sparseYPred, axis: this.axis,
    };
  }
}

/** The mean IoU of one-hot labels over all classes. */
export class OneHotMeanIoU extends MeanIoU {
  constructor(numClasses: number, options: OneHotOptions = {}) {
    checkOptionKeys("OneHotMeanIoU", options, ["name", "dtype", "ignoreClass", "sparseYPred", "axis"]);
    super(numClasses, { ...options, sparseYTrue: false, sparseYPred: options.sparseYPred ?? false });
  }

  override getConfig(): MetricConfig {
    return {
      num_classes: this.numClasses, name: this.name, dtype: this.dtype, ignore_class: this.ignoreClass,
      sparse_y_pred: this.sparseYPred, axis: this.axis,
    };
  }
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function iouOptions(config: MetricConfig): any {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) out[k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = v;
  return out;
}
