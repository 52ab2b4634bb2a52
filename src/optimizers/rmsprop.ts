/**
 * `keras.optimizers.RMSprop` (Hinton, 2012): divide the gradient by a running
 * root-mean-square of its recent magnitudes; `centered` subtracts the squared
 * running mean (a variance estimate); `momentum` adds plain momentum.
 */
import * as ops from "../ops/index.js";
import { Tensor } from "../engine/tensor.js";
import { Variable } from "../engine/variable.js";
import { Optimizer, OptimizerConfig } from "./base-optimizer.js";
import { BaseOptimizerOptions, booleanOption, numberOption, withDefaults, LearningRateLike } from "./optimizer-options.js";

export interface RMSpropOptions extends BaseOptimizerOptions {
  rho?: number;
  momentum?: number;
  epsilon?: number;
  centered?: boolean;
}

export class RMSprop extends Optimizer {
  readonly rho: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly centered: boolean;
  protected velocities: Variable[] = [];
  protected momentums: Variable[] = [];
  protected averageGradients: Variable[] = [];

  constructor(options: RMSpropOptions | LearningRateLike = {}) {
    const o = withDefaults(options, { learningRate: 0.001 });
    super(o, ["rho", "momentum", "epsilon", "centered"]);
    this.rho = numberOption("RMSprop", o.rho ?? 0.9, "rho");
    this.momentum = numberOption("RMSprop", o.momentum ?? 0.0, "momentum");
    this.epsilon = numberOption("RMSprop", o.epsilon ?? 1e-7, "epsilon");
    this.centered = booleanOption("RMSprop", o.centered ?? false, "centered");
  }

  override build(variables: readonly Variable[]): void {
    if (this.built) return;
    super.build(variables);
    this.velocities = this.addOptimizerVariables(variables, "velocity") as Variable[];
    this.momentums = this.momentum > 0 ? (this.addOptimizerVariables(variables, "momentum") as Variable[]) : [];
    this.averageGradients = this.centered ? (this.addOptimizerVariables(variables, "average_gradient") as Variable[]) : [];
  }

  override updateStep(gradient: Tensor, variable: Variable, learningRate: Variable | Tensor): void {
    const lr = ops.cast(learningRate, variable.dtype);
    const g = ops.cast(gradient, variable.dtype);
    const index = this.getVariableIndex(variable);
    const velocity = this.velocities[index];
    const rho = this.rho;

    this.assign(velocity, ops.add(ops.multiply(rho, velocity), ops.multiply(1 - rho, ops.square(g))));
    let denominator: Tensor;
    if (this.centered) {
      const averageGrad = this.averageGradients[index];
      this.assign(averageGrad, ops.add(ops.multiply(rho, averageGrad), ops.multiply(1 - rho, g)));
      denominator = ops.add(ops.subtract(velocity, ops.square(averageGrad)), this.epsilon);
    } else {
      denominator = ops.add(velocity, this.epsilon);
    }
    const increment = ops.divide(ops.multiply(lr, g), ops.sqrt(denominator));
    if (this.momentum > 0) {
      const momentum = this.momentums[index];
      this.assign(momentum, ops.add(ops.multiply(this.momentum, momentum), increment));
      this.assignSub(variable, momentum.value);
    } else {
      this.assignSub(variable, increment);
    }
  }

  override getConfig(): OptimizerConfig {
    return { ...super.getConfig(), rho: this.rho, momentum: this.momentum, epsilon: this.epsilon, centered: this.centered };
  }
}
