/**
 * Hinge losses: hinge, squared hinge and categorical hinge, as functions and
 * `Loss` classes. Binary 0/1 labels are turned into -1/1 as Keras does.
 */
import { Tensor } from "../engine/tensor.js";
import type { TensorLike } from "../engine/convert.js";
import * as ops from "../ops/index.js";
import { checkOptionKeys, Loss, LossConfig, LossOptions, LOSS_OPTION_KEYS } from "./loss.js";
import { LossFunctionWrapper } from "./loss-function-wrapper.js";
import { castTruth, defineLossFunction, requireBroadcastable } from "./loss-function.js";

/** Keras's `convert_binary_labels_to_hinge`: labels that are all 0 or 1 become -1 / 1; others are left alone. */
export function convertBinaryLabelsToHinge(yTrue: Tensor): Tensor {
  if (yTrue.size === 0) return yTrue;
  const isBinary = ops.all(ops.logicalOr(ops.equal(yTrue, 0), ops.equal(yTrue, 1))).item();
  return isBinary ? ops.subtract(ops.multiply(2, yTrue), 1) : yTrue;
}

function hingeInputs(yTrue: TensorLike, yPred: TensorLike, fnName: string): [Tensor, Tensor] {
  const [t, p] = castTruth(yTrue, yPred, fnName);
  requireBroadcastable(t, p, fnName);
  return [convertBinaryLabelsToHinge(t), p];
}

/** mean(max(1 - y_true * y_pred, 0), axis=-1). */
export const hinge = defineLossFunction("hinge", function hinge(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = hingeInputs(yTrue, yPred, "keras.losses.hinge");
  return ops.mean(ops.maximum(ops.subtract(1, ops.multiply(t, p)), 0), -1);
});

/** mean(max(1 - y_true * y_pred, 0)^2, axis=-1). */
export const squaredHinge = defineLossFunction("squared_hinge", function squaredHinge(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = hingeInputs(yTrue, yPred, "keras.losses.squared_hinge");
  return ops.mean(ops.square(ops.maximum(ops.subtract(1, ops.multiply(t, p)), 0)), -1);
});

/** max(neg - pos + 1, 0) with pos = sum(y_true * y_pred), neg = max((1 - y_true) * y_pred), over the last axis. */
export const categoricalHinge = defineLossFunction("categorical_hinge", function categoricalHinge(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = castTruth(yTrue, yPred, "keras.losses.categorical_hinge");
  requireBroadcastable(t, p, "keras.losses.categorical_hinge");
  const pos = ops.sum(ops.multiply(t, p), -1);
  const neg = ops.max(ops.multiply(ops.subtract(1, t), p), -1);
  return ops.maximum(ops.add(ops.subtract(neg, pos), 1), 0);
});

export class Hinge extends LossFunctionWrapper {
  constructor(options: LossOptions = {}) {
    checkOptionKeys("Hinge", options, LOSS_OPTION_KEYS);
    super(hinge, { ...options, name: options.name ?? "hinge" });
  }
  override getConfig(): LossConfig {
    return Loss.prototype.getConfig.call(this);
  }
}

export class SquaredHinge extends LossFunctionWrapper {
  constructor(options: LossOptions = {}) {
    checkOptionKeys("SquaredHinge", options, LOSS_OPTION_KEYS);
    super(squaredHinge, { ...options, name: options.name ?? "squared_hinge" });
  }
  override getConfig(): LossConfig {
    return Loss.prototype.getConfig.call(this);
  }
}

export class CategoricalHinge extends LossFunctionWrapper {
  constructor(options: LossOptions = {}) {
    checkOptionKeys("CategoricalHinge", options, LOSS_OPTION_KEYS);
    super(categoricalHinge, { ...options, name: options.name ?? "categorical_hinge" });
  }
  override getConfig(): LossConfig {
    return Loss.prototype.getConfig.call(this);
  }
}
