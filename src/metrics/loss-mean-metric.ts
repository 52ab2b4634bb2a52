/**
 * A running mean of a loss function whose config is only { name, dtype }:
 * the shared base of MeanSquaredError, Hinge, LogCoshError and friends.
 * (A named base class rather than a class factory, so declaration files can
 * describe the subclasses.)
 */
import type { Tensor } from "../engine/tensor.js";
import { checkOptionKeys } from "../losses/loss.js";
import { MetricConfig, MetricOptions } from "./metric.js";
import { MeanMetricWrapper } from "./reduction-metrics.js";

export type LossFn = (yTrue: any, yPred: any) => Tensor;

export abstract class LossMeanMetric extends MeanMetricWrapper {
  protected constructor(className: string, fn: LossFn, defaultName: string, options: MetricOptions = {}) {
    checkOptionKeys(className, options, ["name", "dtype"]);
    super(fn as never, { name: options.name ?? defaultName, dtype: options.dtype });
    this.direction = "down";
  }

  override getConfig(): MetricConfig {
    return { name: this.name, dtype: this.dtype };
  }
}
