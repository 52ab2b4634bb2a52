/**
 * `keras.optimizers.Lion` (Chen et al., 2023): sign of an interpolated momentum.
 *   w -= lr * sign(beta_1 m + (1 - beta_1) g);   m = beta_2 m + (1 - beta_2) g
 */
import * as ops from "../ops/index.js";
import { Tensor } from "../engine/tensor.js";
import { Variable } from "../engine/variable.js";
import { ValueError } from "../engine/errors.js";
import { Optimizer, OptimizerConfig } from "./base-optimizer.js";
import { BaseOptimizerOptions, numberOption, withDefaults, LearningRateLike } from "./optimizer-options.js";

export interface LionOptions extends BaseOptimizerOptions {
  beta1?: number;
  beta2?: number;
}

export class Lion extends Optimizer {
  readonly beta1: number;
  readonly beta2: number;
  protected momentums: Variable[] = [];

  constructor(options: LionOptions | LearningRateLike = {}) {
    const o = withDefaults(options, { learningRate: 0.001 });
    super(o, ["beta1", "beta2"]);
    this.beta1 = numberOption("Lion", o.beta1 ?? 0.9, "beta_1");
    this.beta2 = numberOption("Lion", o.beta2 ?? 0.99, "beta_2");
    if (this.beta1 <= 0 || this.beta1 > 1) {
      throw new ValueError(
        `Argument \`beta_1\` must be in the [0, 1] range. Otherwise, the optimizer degenerates to SignSGD. Received: beta_1=${this.beta1}.`,
      );
    }
  }

  override build(variables: readonly Variable[]): void {
    if (this.built) return;
    super.build(variables);
    this.momentums = this.addOptimizerVariables(variables, "momentum") as Variable[];
  }

  override updateStep(gradient: Tensor, variable: Variable, learningRate: Variable | Tensor): void {
    const dtype = variable.dtype;
    const lr = ops.cast(learningRate, dtype);
    const g = ops.cast(gradient, dtype);
    const beta1 = ops.cast(this.beta1, dtype);
    const beta2 = ops.cast(this.beta2, dtype);
    const m = this.momentums[this.getVariableIndex(variable)];
    const direction = ops.sign(ops.add(ops.multiply(m, beta1), ops.multiply(g, ops.subtract(1.0, beta1))));
    this.assignSub(variable, ops.multiply(lr, direction));
    this.assign(m, ops.add(ops.multiply(m, beta2), ops.multiply(g, ops.subtract(1.0, beta2))));
  }

  override getConfig(): OptimizerConfig {
    return { ...super.getConfig(), beta_1: this.beta1, beta_2: this.beta2 };
  }
}
