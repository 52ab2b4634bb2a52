/**
 * Correlation metrics: the running mean of the per-sample Pearson and
 * concordance correlation coefficients between y_true and y_pred along `axis`.
 */
import { Tensor } from "../engine/tensor.js";
import type { TensorLike } from "../engine/convert.js";
import { epsilon } from "../config/settings.js";
import * as ops from "../ops/index.js";
import { squeezeOrExpandToSameRank } from "../losses/reduction.js";
import { defineLossFunction, predAndTruth, readArgs } from "../losses/loss-function.js";
import type { MetricOptions } from "./metric.js";
import { FnMeanMetric } from "./loss-mean-metric.js";

type Axis = number | readonly number[];

/** mean(z(y_true) * z(y_pred), axis), z the standardized values (std + epsilon in the denominator). */
export const pearsonCorrelation = defineLossFunction("pearson_correlation", function pearsonCorrelation(
  yTrue: TensorLike,
  yPred: TensorLike,
  ...rest: [Axis?] | [{ axis?: Axis }]
): Tensor {
  const name = "keras.metrics.pearson_correlation";
  const { axis = -1 } = readArgs<{ axis: Axis }>(name, rest, ["axis"]);
  const [t, p] = squeezeOrExpandToSameRank(...predAndTruth(yTrue, yPred, name));
  let tn = ops.subtract(t, ops.mean(t, axis, true));
  let pn = ops.subtract(p, ops.mean(p, axis, true));
  tn = ops.divide(tn, ops.add(ops.std(tn, axis, true), epsilon()));
  pn = ops.divide(pn, ops.add(ops.std(pn, axis, true), epsilon()));
  return ops.mean(ops.multiply(tn, pn), axis);
}, false);

/**
 * Keras's concordance coefficient: mean(2 (y_true - mean(y_pred)) (y_pred - mean(y_pred)) /
 * (var(y_true) + var(y_pred) + (mean(y_true) - mean(y_pred))^2 + epsilon), axis).
 * (Keras 3.15.1 centres y_true on y_pred's mean in the covariance term; kept for identical numbers.)
 */
export const concordanceCorrelation = defineLossFunction("concordance_correlation", function concordanceCorrelation(
  yTrue: TensorLike,
  yPred: TensorLike,
  ...rest: [Axis?] | [{ axis?: Axis }]
): Tensor {
  const name = "keras.metrics.concordance_correlation";
  const { axis = -1 } = readArgs<{ axis: Axis }>(name, rest, ["axis"]);
  const [t, p] = squeezeOrExpandToSameRank(...predAndTruth(yTrue, yPred, name));
  const tMean = ops.mean(t, axis, true);
  const pMean = ops.mean(p, axis, true);
  const tVar = ops.var(ops.subtract(t, tMean), axis, true);
  const pVar = ops.var(ops.subtract(p, pMean), axis, true);
  const covar = ops.multiply(ops.subtract(t, pMean), ops.subtract(p, pMean));
  const norm = ops.add(ops.add(tVar, pVar), ops.square(ops.subtract(tMean, pMean)));
  return ops.mean(ops.divide(ops.multiply(2, covar), ops.add(norm, epsilon())), axis);
}, false);

export class PearsonCorrelation extends FnMeanMetric {
  declare readonly axis: Axis;

  constructor(options: MetricOptions & { axis?: Axis } = {}) {
    super({ className: "PearsonCorrelation", fn: pearsonCorrelation, defaultName: "pearson_correlation", direction: "up", args: { axis: -1 } }, options);
  }
}

export class ConcordanceCorrelation extends FnMeanMetric {
  declare readonly axis: Axis;

  constructor(options: MetricOptions & { axis?: Axis } = {}) {
    super(
      { className: "ConcordanceCorrelation", fn: concordanceCorrelation, defaultName: "concordance_correlation", direction: "up", args: { axis: -1 } },
      options,
    );
  }
}
