/**
 * `keras.optimizers.Adadelta` (Zeiler, 2012): step sizes from the ratio of
 * running RMS of past updates to running RMS of gradients.
 *   E[g^2] = rho E[g^2] + (1 - rho) g^2
 *   delta  = -sqrt(E[dx^2] + eps) / sqrt(E[g^2] + eps) * g
 *   E[dx^2] = rho E[dx^2] + (1 - rho) delta^2;   w += lr * delta
 */
import * as ops from "../ops/index.js";
import { Tensor } from "../engine/tensor.js";
import { Variable } from "../engine/variable.js";
import { Optimizer, OptimizerConfig } from "./base-optimizer.js";
import { BaseOptimizerOptions, numberOption, withDefaults, LearningRateLike } from "./optimizer-options.js";

export interface AdadeltaOptions extends BaseOptimizerOptions {
  rho?: number;
  epsilon?: number;
}

export class Adadelta extends Optimizer {
  readonly rho: number;
  readonly epsilon: number;
  protected accumulatedGrads: Variable[] = [];
  protected accumulatedDeltaVars: Variable[] = [];

  constructor(options: AdadeltaOptions | LearningRateLike = {}) {
    const o = withDefaults(options, { learningRate: 0.001 });
    super(o, ["rho", "epsilon"]);
    this.rho = numberOption("Adadelta", o.rho ?? 0.95, "rho");
    this.epsilon = numberOption("Adadelta", o.epsilon ?? 1e-7, "epsilon");
  }

  override build(variables: readonly Variable[]): void {
    if (this.built) return;
    super.build(variables);
    [this.accumulatedGrads, this.accumulatedDeltaVars] = this.addOptimizerVariables(variables, [
      "accumulated_grad",
      "accumulated_delta_var",
    ]) as Variable[][];
  }

  override updateStep(gradient: Tensor, variable: Variable, learningRate: Variable | Tensor): void {
    const lr = ops.cast(learningRate, variable.dtype);
    const g = ops.cast(gradient, variable.dtype);
    const rho = this.rho;
    const index = this.getVariableIndex(variable);
    const accGrad = this.accumulatedGrads[index];
    const accDelta = this.accumulatedDeltaVars[index];
    const rms = (x: Variable | Tensor) => ops.sqrt(ops.add(x, this.epsilon));

    this.assign(accGrad, ops.add(ops.multiply(accGrad, rho), ops.multiply(1 - rho, ops.square(g))));
    const deltaVar = ops.negative(ops.divide(ops.multiply(rms(accDelta), g), rms(accGrad)));
    this.assign(accDelta, ops.add(ops.multiply(rho, accDelta), ops.multiply(1 - rho, ops.square(deltaVar))));
    this.assignAdd(variable, ops.multiply(lr, deltaVar));
  }

  override getConfig(): OptimizerConfig {
    return { ...super.getConfig(), rho: this.rho, epsilon: this.epsilon };
  }
}
