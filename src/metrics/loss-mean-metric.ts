/**
 * Running means of a fixed per-sample function, the skeleton most Keras
 * metric classes share (Accuracy, BinaryAccuracy, the top-k accuracies,
 * the crossentropies, KLDivergence, the correlations, MeanSquaredError,
 * Hinge, ...): options `name`, `dtype` and the function's own arguments
 * (each with its default, stored on the metric and passed to the function),
 * an optimization direction, and a config of name, dtype and those arguments.
 * (Named base classes rather than a class factory, so declaration files can
 * describe the subclasses.)
 */
import type { Tensor } from "../engine/tensor.js";
import { checkOptionKeys } from "../losses/loss.js";
import { camelToSnake } from "../utils/naming.js";
import { MetricConfig, MetricOptions } from "./metric.js";
import { MeanMetricWrapper } from "./reduction-metrics.js";

export type LossFn = (yTrue: any, yPred: any, ...rest: any[]) => Tensor;

export interface FnMeanMetricSpec {
  /** The class name unexpected options are reported against. */
  className: string;
  fn: LossFn;
  defaultName: string;
  /** Left unset (null) when absent. */
  direction?: "up" | "down";
  /** The function's arguments (camelCase) and their defaults, in config order. */
  args?: Record<string, unknown>;
  /** The arguments the config lists (default: all of them). */
  configArgs?: readonly string[];
  /** Checks the arguments (defaults applied) before the metric is made. */
  validate?: (args: Record<string, any>) => void;
}

export abstract class FnMeanMetric extends MeanMetricWrapper {
  private declare readonly configArgs: readonly string[];

  protected constructor(spec: FnMeanMetricSpec, options: MetricOptions = {}) {
    const defaults = spec.args ?? {};
    checkOptionKeys(spec.className, options, ["name", "dtype", ...Object.keys(defaults)]);
    const given = options as Record<string, unknown>;
    const args: Record<string, unknown> = {};
    for (const [k, d] of Object.entries(defaults)) args[k] = given[k] === undefined ? d : given[k];
    spec.validate?.(args);
    super(spec.fn as never, { name: options.name ?? spec.defaultName, dtype: options.dtype, ...args });
    Object.assign(this, args);
    if (spec.direction) this.direction = spec.direction;
    Object.defineProperty(this, "configArgs", { value: spec.configArgs ?? Object.keys(defaults), enumerable: false });
  }

  override getConfig(): MetricConfig {
    const config: MetricConfig = { name: this.name, dtype: this.dtype };
    for (const k of this.configArgs) config[camelToSnake(k)] = (this as unknown as Record<string, unknown>)[k];
    return config;
  }
}

/** A running mean of a loss function whose config is only { name, dtype } (MeanSquaredError, Hinge, LogCoshError, ...). */
export abstract class LossMeanMetric extends FnMeanMetric {
  protected constructor(className: string, fn: LossFn, defaultName: string, options: MetricOptions = {}) {
    super({ className, fn, defaultName, direction: "down" }, options);
  }
}
