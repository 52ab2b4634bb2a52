/**
 * Regression losses: mean squared / absolute / absolute percentage / squared
 * logarithmic error, cosine similarity, Huber and log-cosh, as functions
 * (per-sample values, reduced over the last axis) and as `Loss` classes.
 */
import { Tensor } from "../engine/tensor.js";
import type { TensorLike } from "../engine/convert.js";
import { toTensor } from "../engine/convert.js";
import { epsilon } from "../config/settings.js";
import * as ops from "../ops/index.js";
import { checkOptionKeys, Loss, LossConfig, LossOptions, LOSS_OPTION_KEYS } from "./loss.js";
import { LossFunctionWrapper } from "./loss-function-wrapper.js";
import { defineLossFunction, predAndTruth, readArgs, requireBroadcastable } from "./loss-function.js";
import { squeezeOrExpandToSameRank } from "./reduction.js";

/** y_pred, y_true in its dtype, aligned in rank and checked to broadcast. */
function aligned(yTrue: TensorLike, yPred: TensorLike, fnName: string): [Tensor, Tensor] {
  const [t, p] = squeezeOrExpandToSameRank(...predAndTruth(yTrue, yPred, fnName));
  requireBroadcastable(t, p, fnName);
  return [t, p];
}

/** mean((y_true - y_pred)^2, axis=-1). */
export const meanSquaredError = defineLossFunction("mean_squared_error", function meanSquaredError(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = aligned(yTrue, yPred, "keras.losses.mean_squared_error");
  return ops.mean(ops.square(ops.subtract(t, p)), -1);
});

/** mean(|y_true - y_pred|, axis=-1). */
export const meanAbsoluteError = defineLossFunction("mean_absolute_error", function meanAbsoluteError(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = aligned(yTrue, yPred, "keras.losses.mean_absolute_error");
  return ops.mean(ops.abs(ops.subtract(t, p)), -1);
});

/** 100 * mean(|(y_true - y_pred) / max(|y_true|, epsilon)|, axis=-1). */
export const meanAbsolutePercentageError = defineLossFunction(
  "mean_absolute_percentage_error",
  function meanAbsolutePercentageError(yTrue: TensorLike, yPred: TensorLike): Tensor {
    const [t, p] = aligned(yTrue, yPred, "keras.losses.mean_absolute_percentage_error");
    const eps = toTensor(epsilon(), p.dtype);
    const diff = ops.abs(ops.divide(ops.subtract(t, p), ops.maximum(ops.abs(t), eps)));
    return ops.multiply(100, ops.mean(diff, -1));
  },
);

/** mean((log(max(y_pred, eps) + 1) - log(max(y_true, eps) + 1))^2, axis=-1). */
export const meanSquaredLogarithmicError = defineLossFunction(
  "mean_squared_logarithmic_error",
  function meanSquaredLogarithmicError(yTrue: TensorLike, yPred: TensorLike): Tensor {
    const [t, p] = aligned(yTrue, yPred, "keras.losses.mean_squared_logarithmic_error");
    const eps = epsilon();
    const firstLog = ops.log(ops.add(ops.maximum(p, eps), 1));
    const secondLog = ops.log(ops.add(ops.maximum(t, eps), 1));
    return ops.mean(ops.square(ops.subtract(firstLog, secondLog)), -1);
  },
);

/** -sum(l2_normalize(y_true) * l2_normalize(y_pred), axis): -1 for parallel vectors, 0 when either is zero. */
export const cosineSimilarity = defineLossFunction("cosine_similarity", function cosineSimilarity(
  yTrue: TensorLike,
  yPred: TensorLike,
  ...rest: [number?] | [{ axis?: number }]
): Tensor {
  const { axis = -1 } = readArgs<{ axis: number }>("keras.losses.cosine_similarity", rest, ["axis"]);
  const [t, p] = aligned(yTrue, yPred, "keras.losses.cosine_similarity");
  return ops.negative(ops.sum(ops.multiply(ops.normalize(t, axis), ops.normalize(p, axis)), axis));
});

/** mean(0.5 e^2 where |e| <= delta, else delta |e| - 0.5 delta^2), e = y_pred - y_true. */
export const huber = defineLossFunction("huber", function huber(yTrue: TensorLike, yPred: TensorLike, ...rest: [number?] | [{ delta?: number }]): Tensor {
  const { delta = 1.0 } = readArgs<{ delta: number }>("keras.losses.huber", rest, ["delta"]);
  const [t, p] = aligned(yTrue, yPred, "keras.losses.huber");
  const d = toTensor(delta, p.dtype);
  const error = ops.subtract(p, t);
  const absError = ops.abs(error);
  const quadratic = ops.multiply(0.5, ops.square(error));
  const linear = ops.subtract(ops.multiply(d, absError), ops.multiply(0.5, ops.square(d)));
  return ops.mean(ops.where(ops.lessEqual(absError, d), quadratic, linear), -1);
});

/** mean(log(cosh(y_pred - y_true)), axis=-1), computed as x + softplus(-2x) - log 2 (no overflow). */
export const logCosh = defineLossFunction("log_cosh", function logCosh(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = aligned(yTrue, yPred, "keras.losses.log_cosh");
  const x = ops.subtract(p, t);
  const log2 = toTensor(Math.log(2), p.dtype);
  return ops.mean(ops.subtract(ops.add(x, ops.softplus(ops.multiply(x, -2))), log2), -1);
});

/** Keras's legacy short names for the same functions. */
export const mse = meanSquaredError;
export const mae = meanAbsoluteError;
export const mape = meanAbsolutePercentageError;
export const msle = meanSquaredLogarithmicError;

/** Options of the losses whose config is only {name, reduction}. */
export type BasicLossOptions = LossOptions;

export class MeanSquaredError extends LossFunctionWrapper {
  constructor(options: BasicLossOptions = {}) {
    checkOptionKeys("MeanSquaredError", options, [...LOSS_OPTION_KEYS]);
    super(meanSquaredError, { ...options, name: options.name ?? "mean_squared_error" });
  }
  override getConfig(): LossConfig {
    return Loss.prototype.getConfig.call(this);
  }
}

export class MeanAbsoluteError extends LossFunctionWrapper {
  constructor(options: BasicLossOptions = {}) {
    checkOptionKeys("MeanAbsoluteError", options, [...LOSS_OPTION_KEYS]);
    super(meanAbsoluteError, { ...options, name: options.name ?? "mean_absolute_error" });
  }
  override getConfig(): LossConfig {
    return Loss.prototype.getConfig.call(this);
  }
}

export class MeanAbsolutePercentageError extends LossFunctionWrapper {
  constructor(options: BasicLossOptions = {}) {
    checkOptionKeys("MeanAbsolutePercentageError", options, [...LOSS_OPTION_KEYS]);
    super(meanAbsolutePercentageError, { ...options, name: options.name ?? "mean_absolute_percentage_error" });
  }
  override getConfig(): LossConfig {
    return Loss.prototype.getConfig.call(this);
  }
}

export class MeanSquaredLogarithmicError extends LossFunctionWrapper {
  constructor(options: BasicLossOptions = {}) {
    checkOptionKeys("MeanSquaredLogarithmicError", options, [...LOSS_OPTION_KEYS]);
    super(meanSquaredLogarithmicError, { ...options, name: options.name ?? "mean_squared_logarithmic_error" });
  }
  override getConfig(): LossConfig {
    return Loss.prototype.getConfig.call(this);
  }
}

export class CosineSimilarity extends LossFunctionWrapper {
  /** As in Keras 3.15.1, `axis` is used but not written to the config. */
  constructor(options: BasicLossOptions & { axis?: number } = {}) {
    checkOptionKeys("CosineSimilarity", options, [...LOSS_OPTION_KEYS, "axis"]);
    const { axis = -1, ...rest } = options;
    super(cosineSimilarity, { ...rest, name: rest.name ?? "cosine_similarity", axis });
  }
  override getConfig(): LossConfig {
    return Loss.prototype.getConfig.call(this);
  }
}

export class Huber extends LossFunctionWrapper {
  /** As in Keras 3.15.1, `delta` is used but not written to the config. */
  constructor(options: BasicLossOptions & { delta?: number } = {}) {
    checkOptionKeys("Huber", options, [...LOSS_OPTION_KEYS, "delta"]);
    const { delta = 1.0, ...rest } = options;
    super(huber, { ...rest, name: rest.name ?? "huber_loss", delta });
  }
  override getConfig(): LossConfig {
    return Loss.prototype.getConfig.call(this);
  }
}

export class LogCosh extends LossFunctionWrapper {
  constructor(options: BasicLossOptions = {}) {
    checkOptionKeys("LogCosh", options, [...LOSS_OPTION_KEYS]);
    super(logCosh, { ...options, name: options.name ?? "log_cosh" });
  }
  override getConfig(): LossConfig {
    return Loss.prototype.getConfig.call(this);
  }
}
