/**
 * `keras.metrics.Metric`: the base class of stateful metrics. State lives in
 * non-trainable `Variable`s created with `addVariable` (paths
 * "<metric name>/<variable name>", as Keras names them); `updateState`
 * accumulates, `result` reads, `resetState` zeroes, and `apply` is Keras's
 * `metric(...)`: update, then result. The stateless variants run the same
 * code on given variable values, for a trainer that carries state itself.
 */
import { Tensor } from "../engine/tensor.js";
import { DType, standardizeDType } from "../engine/dtype.js";
import { NotImplementedError, ValueError } from "../engine/errors.js";
import { Variable, withNameScope, InitializerLike } from "../engine/variable.js";
import { floatx } from "../config/settings.js";
import { autoName } from "../layers/object-names.js";
import { configToOptions } from "../utils/naming.js";
import * as initializers from "../initializers/index.js";
import * as ops from "../ops/index.js";

export interface MetricOptions {
  name?: string | null;
  /** The dtype of the result (and of most state variables); default floatx. */
  dtype?: DType | string | null;
}

export type MetricConfig = Record<string, unknown>;

export interface AddVariableOptions {
  shape: readonly number[];
  initializer?: InitializerLike | unknown;
  dtype?: DType | string | null;
  aggregation?: string;
  name?: string;
}

export class Metric {
  name: string;
  protected readonly _dtype: DType;
  private readonly _ownVariables: Variable[] = [];
  /** Metrics this one is made of (their variables are part of `variables`). */
  protected readonly _metrics: Metric[] = [];
  /** "up" when larger is better, "down" when smaller is better (used by callbacks that monitor a metric). */
  direction: "up" | "down" | null = null;

  constructor(options: MetricOptions = {}) {
    this.name = options.name ?? autoName(this.constructor.name);
    this._dtype = standardizeDType(options.dtype ?? floatx(), `${this.constructor.name}`);
  }

  get dtype(): DType {
    return this._dtype;
  }

  /** Every state variable: this metric's own, then those of its sub-metrics. */
  get variables(): Variable[] {
    const out = this._ownVariables.slice();
    for (const m of this._metrics) out.push(...m.variables);
    return out;
  }

  /** Creates a non-trainable state variable named "<metric name>/<name>" (zeros unless told otherwise). */
  addVariable(options: AddVariableOptions): Variable {
    const { shape, initializer = "zeros", dtype = null, aggregation = "sum", name } = options;
    const init = initializers.get(initializer as never);
    const variable = withNameScope(this.name.replace(/\//g, ">"), () =>
      new Variable(init as never, { shape, dtype: dtype ?? floatx(), trainable: false, aggregation, name }),
    );
    this._ownVariables.push(variable);
    return variable;
  }

  /** Backwards-compatible alias of `addVariable`. */
  addWeight(options: Partial<AddVariableOptions> = {}): Variable {
    return this.addVariable({ shape: options.shape ?? [], initializer: options.initializer, dtype: options.dtype, name: options.name });
  }

  /** Registers a metric whose variables belong to this one. */
  protected trackMetric<M extends Metric>(metric: M): M {
    this._metrics.push(metric);
    return metric;
  }

  /** Accumulates statistics; subclasses implement it. */
  updateState(..._args: unknown[]): void {
    throw new NotImplementedError(`${this.constructor.name}.updateState() is not implemented.`);
  }

  /** The current value from the state; subclasses implement it. */
  result(): Tensor {
    throw new NotImplementedError(`${this.constructor.name}.result() is not implemented.`);
  }

  /** Sets every state variable back to zeros. */
  resetState(): void {
    for (const v of this.variables) v.assign(ops.zeros(v.shape, v.dtype));
  }

  /** Keras's `metric(...)`: `updateState(...args)`, then `result()`. */
  apply(...args: unknown[]): Tensor {
    this.updateState(...args);
    return this.result();
  }

  /** Runs `updateState` on the given variable values (in `variables` order) and returns the new values; the metric is left unchanged. */
  statelessUpdateState(metricVariables: readonly Tensor[], ...args: unknown[]): Tensor[] {
    return this.withValues(metricVariables, () => {
      this.updateState(...args);
      return this.variables.map((v) => v.value);
    });
  }

  /** `result()` computed from the given variable values. */
  statelessResult(metricVariables: readonly Tensor[]): Tensor {
    return this.withValues(metricVariables, () => this.result());
  }

  /** The variable values `resetState()` would give, without changing the metric. */
  statelessResetState(): Tensor[] {
    return this.withValues(this.variables.map((v) => v.value), () => {
      this.resetState();
      return this.variables.map((v) => v.value);
    });
  }

  getConfig(): MetricConfig {
    return { name: this.name, dtype: this.dtype };
  }

  static fromConfig<T extends Metric>(this: new (options?: any) => T, config: MetricConfig): T {
    return new this(configToOptions(config ?? {}));
  }

  toString(): string {
    return `<${this.constructor.name} name=${this.name}>`;
  }

  private withValues<T>(values: readonly Tensor[], fn: () => T): T {
    const vars = this.variables;
    if (values.length !== vars.length) {
      throw new ValueError(
        `Argument \`metric_variables\` must be a list of tensors corresponding 1:1 to ${this.constructor.name}().variables. ` +
          `Received list with length ${values.length}, but expected ${vars.length} variables.`,
      );
    }
    const saved = vars.map((v) => v.value);
    vars.forEach((v, i) => v.assign(values[i]));
    try {
      return fn();
    } finally {
      vars.forEach((v, i) => v.assign(saved[i]));
    }
  }
}
