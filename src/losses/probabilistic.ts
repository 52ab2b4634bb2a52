/** Kullback-Leibler divergence and Poisson losses, as functions and `Loss` classes. */
import { Tensor } from "../engine/tensor.js";
import type { TensorLike } from "../engine/convert.js";
import { epsilon } from "../config/settings.js";
import * as ops from "../ops/index.js";
import { checkOptionKeys, Loss, LossConfig, LossOptions, LOSS_OPTION_KEYS } from "./loss.js";
import { LossFunctionWrapper } from "./loss-function-wrapper.js";
import { defineLossFunction, predAndTruth, requireBroadcastable } from "./loss-function.js";

/** sum(y_true * log(y_true / y_pred), axis=-1), both clipped to [epsilon, 1]. */
export const klDivergence = defineLossFunction("kl_divergence", function klDivergence(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const name = "keras.losses.kl_divergence";
  let [t, p] = predAndTruth(yTrue, yPred, name);
  requireBroadcastable(t, p, name);
  t = ops.clip(t, epsilon(), 1);
  p = ops.clip(p, epsilon(), 1);
  return ops.sum(ops.multiply(t, ops.log(ops.divide(t, p))), -1);
});

/** mean(y_pred - y_true * log(y_pred + epsilon), axis=-1). */
export const poisson = defineLossFunction("poisson", function poisson(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const name = "keras.losses.poisson";
  const [t, p] = predAndTruth(yTrue, yPred, name);
  requireBroadcastable(t, p, name);
  return ops.mean(ops.subtract(p, ops.multiply(t, ops.log(ops.add(p, epsilon())))), -1);
});

/** Keras's legacy short names. */
export const kld = klDivergence;
export const kullbackLeiblerDivergence = klDivergence;

export class KLDivergence extends LossFunctionWrapper {
  constructor(options: LossOptions = {}) {
    checkOptionKeys("KLDivergence", options, LOSS_OPTION_KEYS);
    super(klDivergence, { ...options, name: options.name ?? "kl_divergence" });
  }
  override getConfig(): LossConfig {
    return Loss.prototype.getConfig.call(this);
  }
}

export class Poisson extends LossFunctionWrapper {
  constructor(options: LossOptions = {}) {
    checkOptionKeys("Poisson", options, LOSS_OPTION_KEYS);
    super(poisson, { ...options, name: options.name ?? "poisson" });
  }
  override getConfig(): LossConfig {
    return Loss.prototype.getConfig.call(this);
  }
}
