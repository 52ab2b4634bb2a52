/**
 * `keras.optimizers.Adamax`: Adam with the infinity norm (Kingma & Ba, 2014, section 7.1).
 *   m += (g - m) * (1 - beta_1);  u = max(beta_2 * u, |g|)
 *   w -= lr * m / ((1 - beta_1^t) * (u + epsilon))
 */
import * as ops from "../ops/index.js";
import { Tensor } from "../engine/tensor.js";
import { Variable } from "../engine/variable.js";
import { Optimizer, OptimizerConfig } from "./base-optimizer.js";
import { BaseOptimizerOptions, numberOption, withDefaults, LearningRateLike } from "./optimizer-options.js";

export interface AdamaxOptions extends BaseOptimizerOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export class Adamax extends Optimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  protected momentums: Variable[] = [];
  protected norms: Variable[] = [];

  constructor(options: AdamaxOptions | LearningRateLike = {}) {
    const o = withDefaults(options, { learningRate: 0.001 });
    super(o, ["beta1", "beta2", "epsilon"]);
    this.beta1 = numberOption("Adamax", o.beta1 ?? 0.9, "beta_1");
    this.beta2 = numberOption("Adamax", o.beta2 ?? 0.999, "beta_2");
    this.epsilon = numberOption("Adamax", o.epsilon ?? 1e-7, "epsilon");
  }

  override build(variables: readonly Variable[]): void {
    if (this.built) return;
    super.build(variables);
    [this.momentums, this.norms] = this.addOptimizerVariables(variables, ["momentum", "norm"]) as Variable[][];
  }

  override updateStep(gradient: Tensor, variable: Variable, learningRate: Variable | Tensor): void {
    const dtype = variable.dtype;
    const lr = ops.cast(learningRate, dtype);
    const g = ops.cast(gradient, dtype);
    const localStep = ops.cast(ops.add(this.iterations, 1), dtype);
    const beta1Power = ops.power(ops.cast(this.beta1, dtype), localStep);
    const index = this.getVariableIndex(variable);
    const m = this.momentums[index];
    const u = this.norms[index];

    this.assignAdd(m, ops.multiply(ops.subtract(g, m), 1 - this.beta1));
    this.assign(u, ops.maximum(ops.multiply(this.beta2, u), ops.abs(g)));
    this.assignSub(variable, ops.divide(ops.multiply(lr, m), ops.multiply(ops.subtract(1, beta1Power), ops.add(u, this.epsilon))));
  }

  override getConfig(): OptimizerConfig {
    return { ...super.getConfig(), beta_1: this.beta1, beta_2: this.beta2, epsilon: this.epsilon };
  }
}
