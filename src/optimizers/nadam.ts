/**
 * `keras.optimizers.Nadam` (Dozat, 2015): Adam with Nesterov momentum, using
 * the momentum schedule u_t = beta_1 (1 - 0.5 * 0.96^t) and its running
 * product (one scalar Variable shared by all variables, updated once per step).
 */
import * as ops from "../ops/index.js";
import { Tensor } from "../engine/tensor.js";
import { Variable } from "../engine/variable.js";
import { Optimizer, OptimizerConfig } from "./base-optimizer.js";
import { BaseOptimizerOptions, numberOption, withDefaults, LearningRateLike } from "./optimizer-options.js";

export interface NadamOptions extends BaseOptimizerOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export class Nadam extends Optimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  protected momentums: Variable[] = [];
  protected velocities: Variable[] = [];
  /** Running product of the momentum schedule u_1 ... u_t. */
  protected uProduct: Variable | null = null;

  constructor(options: NadamOptions | LearningRateLike = {}) {
    const o = withDefaults(options, { learningRate: 0.001 });
    super(o, ["beta1", "beta2", "epsilon"]);
    this.beta1 = numberOption("Nadam", o.beta1 ?? 0.9, "beta_1");
    this.beta2 = numberOption("Nadam", o.beta2 ?? 0.999, "beta_2");
    this.epsilon = numberOption("Nadam", o.epsilon ?? 1e-7, "epsilon");
  }

  override build(variables: readonly Variable[]): void {
    if (this.built) return;
    const dtype = variables.length > 0 ? variables[0].dtype : "float32";
    super.build(variables);
    [this.momentums, this.velocities] = this.addOptimizerVariables(variables, ["momentum", "velocity"]) as Variable[][];
    // Keras creates this one as a plain backend Variable (default name "variable") in the optimizer's scope.
    this.uProduct = this.inNameScope(() => new Variable(1.0, { dtype, name: "variable" }));
    this.trackVariable(this.uProduct);
  }

  protected override backendUpdateStep(grads: Tensor[], variables: Variable[], learningRate: Variable | Tensor): void {
    const u = this.uProduct as Variable;
    const step = ops.cast(ops.add(this.iterations, 1), u.dtype);
    this.assign(u, ops.multiply(ops.multiply(u, this.beta1), ops.subtract(1.0, ops.multiply(0.5, ops.power(0.96, step)))));
    super.backendUpdateStep(grads, variables, learningRate);
  }

  override updateStep(gradient: Tensor, variable: Variable, learningRate: Variable | Tensor): void {
    const dtype = variable.dtype;
    const lr = ops.cast(learningRate, dtype);
    const g = ops.cast(gradient, dtype);
    const localStep = ops.cast(ops.add(this.iterations, 1), dtype);
    const nextStep = ops.cast(ops.add(this.iterations, 2), dtype);
    const decay = ops.cast(0.96, dtype);
    const beta1 = ops.cast(this.beta1, dtype);
    const beta2 = ops.cast(this.beta2, dtype);
    const uT = ops.multiply(beta1, ops.subtract(1.0, ops.multiply(0.5, ops.power(decay, localStep))));
    const uT1 = ops.multiply(beta1, ops.subtract(1.0, ops.multiply(0.5, ops.power(decay, nextStep))));
    const uProductT = ops.cast(this.uProduct as Variable, dtype);
    const uProductT1 = ops.multiply(uProductT, uT1);
    const beta2Power = ops.power(beta2, localStep);
    const index = this.getVariableIndex(variable);
    const m = this.momentums[index];
    const v = this.velocities[index];

    this.assignAdd(m, ops.multiply(ops.subtract(g, m), ops.subtract(1, beta1)));
    this.assignAdd(v, ops.multiply(ops.subtract(ops.square(g), v), ops.subtract(1, beta2)));
    const mHat = ops.add(
      ops.divide(ops.multiply(uT1, m), ops.subtract(1, uProductT1)),
      ops.divide(ops.multiply(ops.subtract(1, uT), g), ops.subtract(1, uProductT)),
    );
    const vHat = ops.divide(v, ops.subtract(1, beta2Power));
    this.assignSub(variable, ops.divide(ops.multiply(mHat, lr), ops.add(ops.sqrt(vHat), this.epsilon)));
  }

  override getConfig(): OptimizerConfig {
    return { ...super.getConfig(), beta_1: this.beta1, beta_2: this.beta2, epsilon: this.epsilon };
  }
}
