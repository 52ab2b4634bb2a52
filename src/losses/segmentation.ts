/** Overlap losses for segmentation: Dice and Tversky, as functions and `Loss` classes. */
import { Tensor } from "../engine/tensor.js";
import type { TensorLike } from "../engine/convert.js";
import { epsilon } from "../config/settings.js";
import * as ops from "../ops/index.js";
import { checkOptionKeys, LossConfig, LossOptions, LOSS_OPTION_KEYS } from "./loss.js";
import { LossFunctionWrapper } from "./loss-function-wrapper.js";
import { castTruth, defineLossFunction, readArgs, requireBroadcastable } from "./loss-function.js";

type Axes = number | readonly number[] | null;

/** 1 - 2 sum(y_true y_pred) / (sum(y_true) + sum(y_pred) + eps), summed over `axis` (all axes when null). */
export const dice = defineLossFunction("dice", function dice(yTrue: TensorLike, yPred: TensorLike, ...rest: [Axes?] | [{ axis?: Axes }]): Tensor {
  const name = "keras.losses.dice";
  const { axis = null } = readArgs<{ axis: Axes }>(name, rest, ["axis"]);
  const [t, p] = castTruth(yTrue, yPred, name);
  requireBroadcastable(t, p, name);
  const intersection = ops.sum(ops.multiply(t, p), axis);
  const union = ops.add(ops.add(ops.sum(t, axis), ops.sum(p, axis)), epsilon());
  return ops.subtract(1, ops.divide(ops.multiply(2, intersection), union));
});

interface TverskyArgs {
  alpha: number;
  beta: number;
  axis: Axes;
}

/** 1 - TP / (TP + alpha FP + beta FN + eps) with soft counts summed over `axis`. */
export const tversky = defineLossFunction("tversky", function tversky(
  yTrue: TensorLike,
  yPred: TensorLike,
  ...rest: [number?, number?, Axes?] | [Partial<TverskyArgs>]
): Tensor {
  const name = "keras.losses.tversky";
  const { alpha = 0.5, beta = 0.5, axis = null } = readArgs<TverskyArgs>(name, rest, ["alpha", "beta", "axis"]);
  const [t, p] = castTruth(yTrue, yPred, name);
  requireBroadcastable(t, p, name);
  const tp = ops.sum(ops.multiply(t, p), axis);
  // As in Keras: "false positives" weigh y_true (1 - y_pred), "false negatives" y_pred (1 - y_true).
  const fp = ops.sum(ops.multiply(ops.subtract(1, p), t), axis);
  const fn = ops.sum(ops.multiply(p, ops.subtract(1, t)), axis);
  const denominator = ops.add(ops.add(ops.add(tp, ops.multiply(fp, alpha)), ops.multiply(fn, beta)), epsilon());
  return ops.subtract(1, ops.divide(tp, denominator));
});

export interface DiceOptions extends LossOptions {
  axis?: Axes;
}

export class Dice extends LossFunctionWrapper {
  readonly axis: Axes;

  constructor(options: DiceOptions = {}) {
    checkOptionKeys("Dice", options, [...LOSS_OPTION_KEYS, "axis"]);
    const { axis = null, reduction, name, dtype } = options;
    super(dice, { reduction, name: name ?? "dice", dtype, axis });
    this.axis = axis;
  }

  override getConfig(): LossConfig {
    return { name: this.name, reduction: this.reduction, axis: this.axis };
  }
}

export interface TverskyOptions extends LossOptions, Partial<TverskyArgs> {}

export class Tversky extends LossFunctionWrapper {
  readonly alpha: number;
  readonly beta: number;
  readonly axis: Axes;

  constructor(options: TverskyOptions = {}) {
    checkOptionKeys("Tversky", options, [...LOSS_OPTION_KEYS, "alpha", "beta", "axis"]);
    const { alpha = 0.5, beta = 0.5, axis = null, reduction, name, dtype } = options;
    super(tversky, { reduction, name: name ?? "tversky", dtype, alpha, beta, axis });
    this.alpha = alpha;
    this.beta = beta;
    this.axis = axis;
  }

  override getConfig(): LossConfig {
    return { name: this.name, reduction: this.reduction, alpha: this.alpha, beta: this.beta, axis: this.axis };
  }
}
