/**
 * The reducing metrics: `Sum`, `Mean`, and `MeanMetricWrapper`, which keeps the
 * running (weighted) mean of a per-sample function such as a loss.
 */
import { Tensor, isTensor } from "../engine/tensor.js";
import type { DType } from "../engine/dtype.js";
import type { Variable } from "../engine/variable.js";
import { ValueError } from "../engine/errors.js";
import { toTensor, TensorLike } from "../engine/convert.js";
import * as ops from "../ops/index.js";
import { applyMask, divideNoNan, squeezeOrExpandToSameRank } from "../losses/reduction.js";
import {
  CustomObjects, deserializeLossFunction, LossFunction, lossFunctionByName, serializeLossFunction,
} from "../losses/loss-function.js";
import { camelToSnake, snakeToCamel } from "../utils/naming.js";
import { Metric, MetricConfig, MetricOptions } from "./metric.js";

type ReduceFn = (x: Tensor, axis: number[]) => Tensor;
const meanFn: ReduceFn = (x, axis) => ops.mean(x, axis);
const sumFn: ReduceFn = (x, axis) => ops.sum(x, axis);

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}

/**
 * Keras's `reduce_to_samplewise_values`: values (and weights) reduced to one
 * entry per sample with `reduceFn`, weighted. A Keras mask on the values is
 * merged into the weights when weights are given.
 */
export function reduceToSamplewiseValues(values: TensorLike, sampleWeight: TensorLike | null, reduceFn: ReduceFn, dtype: DType): [Tensor, Tensor | null] {
  const mask = isTensor(values) ? values.kerasMask ?? null : null;
  let v = ops.cast(toTensor(values, undefined, "Metric.updateState"), dtype);
  let sw: Tensor | null = null;
  if (sampleWeight !== null && sampleWeight !== undefined) {
    sw = toTensor(sampleWeight, dtype, "Metric.updateState");
    if (mask) sw = applyMask(sw, mask, dtype, "sum");
    [v, sw] = squeezeOrExpandToSameRank(v, sw!);
    const weightNdim = sw.rank;
    if (v.rank > weightNdim) v = reduceFn(v, range(weightNdim, v.rank));
    sw = ops.broadcastTo(sw, v.shape);
    v = ops.multiply(v, sw);
    if (weightNdim > 1) sw = reduceFn(sw, range(1, weightNdim));
  }
  if (v.rank > 1) v = reduceFn(v, range(1, v.rank));
  return [v, sw];
}

/** The (weighted) sum of the values seen. */
export class Sum extends Metric {
  readonly total: Variable;

  constructor(options: MetricOptions = {}) {
    super({ name: options.name === undefined ? "sum" : options.name, dtype: options.dtype });
    this.total = this.addVariable({ shape: [], initializer: "zeros", dtype: this.dtype, name: "total" });
  }

  override updateState(values: TensorLike, sampleWeight: TensorLike | null = null): void {
    const [v] = reduceToSamplewiseValues(values, sampleWeight, sumFn, this.dtype);
    this.total.assign(ops.add(this.total.value, ops.sum(v)));
  }

  override result(): Tensor {
    return ops.cast(this.total.value, this.dtype);
  }
}

/** The (weighted) mean of the values seen: total / count. */
export class Mean extends Metric {
  readonly total: Variable;
  readonly count: Variable;

  constructor(options: MetricOptions = {}) {
    super({ name: options.name === undefined ? "mean" : options.name, dtype: options.dtype });
    this.total = this.addVariable({ shape: [], initializer: "zeros", dtype: this.dtype, name: "total" });
    this.count = this.addVariable({ shape: [], initializer: "zeros", dtype: this.dtype, name: "count" });
  }

  override updateState(values: TensorLike, sampleWeight: TensorLike | number | null = null): void {
    if (typeof sampleWeight === "number" && isTensor(values) && values.rank === 0) {
      const v = ops.cast(values, this.dtype);
      this.total.assign(ops.add(this.total.value, ops.multiply(v, sampleWeight)));
      this.count.assign(ops.add(this.count.value, sampleWeight));
      return;
    }
    const [v, sw] = reduceToSamplewiseValues(values, sampleWeight, meanFn, this.dtype);
    this.total.assign(ops.add(this.total.value, ops.sum(v)));
    let numSamples: Tensor | number;
    if (sw !== null) numSamples = ops.sum(sw);
    else numSamples = v.rank >= 1 ? v.shape[0] : 1;
    this.count.assign(ops.add(this.count.value, ops.cast(toTensor(numSamples, undefined), this.dtype)));
  }

  override result(): Tensor {
    return divideNoNan(this.total.value, ops.cast(this.count.value, this.dtype));
  }
}

export interface MeanMetricWrapperOptions extends MetricOptions {
  /** Any other key is passed to `fn` as an option (camelCase). */
  [fnOption: string]: unknown;
}

/** Keeps the running mean of `fn(yTrue, yPred, options)`: one value per sample, weighted by the sample weights. */
export class MeanMetricWrapper extends Mean {
  readonly fn: LossFunction;
  protected readonly fnKwargs: Record<string, unknown>;

  constructor(fn: LossFunction, options: MeanMetricWrapperOptions = {}) {
    if (typeof fn !== "function") {
      throw new ValueError(`MeanMetricWrapper: \`fn\` must be a function (yTrue, yPred, options) => Tensor. Received: ${String(fn)}`);
    }
    const { name = null, dtype = null, ...kwargs } = options;
    super({ name: (name as string | null) ?? null, dtype: dtype as string | null });
    this.fn = fn;
    this.fnKwargs = kwargs;
  }

  override updateState(yTrue: TensorLike, yPred: TensorLike, sampleWeight: TensorLike | null = null): void {
    const mask = isTensor(yPred) ? yPred.kerasMask ?? null : null;
    const values = Object.keys(this.fnKwargs).length ? this.fn(yTrue, yPred, this.fnKwargs) : this.fn(yTrue, yPred);
    const sw = applyMask(sampleWeight === null || sampleWeight === undefined ? null : toTensor(sampleWeight, this.dtype), mask, this.dtype, "sum");
    super.updateState(values, sw);
  }

  override getConfig(): MetricConfig {
    const config: MetricConfig = { ...super.getConfig(), fn: serializeLossFunction(this.fn) };
    for (const [k, v] of Object.entries(this.fnKwargs)) config[camelToSnake(k)] = v;
    return config;
  }

  static override fromConfig<T extends Metric>(this: new (...args: any[]) => T, config: MetricConfig, customObjects?: CustomObjects): T {
    const options: Record<string, unknown> = {};
    let fn: LossFunction | undefined;
    for (const [k, v] of Object.entries(config ?? {})) {
      if (k === "fn") fn = deserializeLossFunction(v, customObjects, (n) => lossFunctionByName(n, true));
      else options[snakeToCamel(k)] = v;
    }
    if ((this as unknown) === MeanMetricWrapper) {
      if (!fn) throw new ValueError(`MeanMetricWrapper.fromConfig: the config has no "fn". Received: ${JSON.stringify(config)}`);
      return new this(fn, options);
    }
    return new this(options);
  }
}
