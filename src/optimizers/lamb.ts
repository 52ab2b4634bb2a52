/**
 * `keras.optimizers.Lamb` (You et al., 2019): Adam's bias-corrected update
 * rescaled per variable by the trust ratio ||w|| / ||update|| (1 when either is 0).
 */
import * as ops from "../ops/index.js";
import { Tensor } from "../engine/tensor.js";
import { Variable } from "../engine/variable.js";
import { Optimizer, OptimizerConfig } from "./base-optimizer.js";
import { BaseOptimizerOptions, numberOption, withDefaults, LearningRateLike } from "./optimizer-options.js";

export interface LambOptions extends BaseOptimizerOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export class Lamb extends Optimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  protected momentums: Variable[] = [];
  protected velocities: Variable[] = [];

  constructor(options: LambOptions | LearningRateLike = {}) {
    const o = withDefaults(options, { learningRate: 0.001 });
    super(o, ["beta1", "beta2", "epsilon"]);
    this.beta1 = numberOption("Lamb", o.beta1 ?? 0.9, "beta_1");
    this.beta2 = numberOption("Lamb", o.beta2 ?? 0.999, "beta_2");
    this.epsilon = numberOption("Lamb", o.epsilon ?? 1e-7, "epsilon");
  }

  override build(variables: readonly Variable[]): void {
    if (this.built) return;
    super.build(variables);
    [this.momentums, this.velocities] = this.addOptimizerVariables(variables, ["momentum", "velocity"]) as Variable[][];
  }

  override updateStep(gradient: Tensor, variable: Variable, learningRate: Variable | Tensor): void {
    const dtype = variable.dtype;
    const lr = ops.cast(learningRate, dtype);
    const g = ops.cast(gradient, dtype);
    const localStep = ops.cast(ops.add(this.iterations, 1), dtype);
    const beta1Power = ops.power(ops.cast(this.beta1, dtype), localStep);
    const beta2Power = ops.power(ops.cast(this.beta2, dtype), localStep);
    const index = this.getVariableIndex(variable);
    const m = this.momentums[index];
    const v = this.velocities[index];

    this.assignAdd(m, ops.multiply(ops.subtract(g, m), 1 - this.beta1));
    this.assignAdd(v, ops.multiply(ops.subtract(ops.square(g), v), 1 - this.beta2));
    const mHat = ops.divide(m, ops.subtract(1.0, beta1Power));
    const vSqrt = ops.add(ops.sqrt(ops.divide(v, ops.subtract(1.0, beta2Power))), this.epsilon);
    const update = ops.divide(mHat, vSqrt);
    const wNorm = ops.sqrt(ops.sum(ops.power(variable, 2)));
    const gNorm = ops.sqrt(ops.sum(ops.power(update, 2)));
    const ratio = ops.where(ops.greater(wNorm, 0), ops.where(ops.greater(gNorm, 0), ops.divide(wNorm, gNorm), 1.0), 1.0);
    this.assignSub(variable, ops.multiply(ops.multiply(ratio, lr), update));
  }

  override getConfig(): OptimizerConfig {
    return { ...super.getConfig(), beta_1: this.beta1, beta_2: this.beta2, epsilon: this.epsilon };
  }
}
