/**
 * `keras.optimizers.ScheduleFreeAdamW` (Defazio et al., 2024): AdamW without
 * a learning-rate schedule. The optimizer keeps `z` (slot "momentum", where
 * the Adam-normalised gradient steps land) and the model variable holds the
 * interpolation y = (1 - beta_1) z + beta_1 x, where x is the running
 * average of z with weight 1/t. `swapToEval()` puts x in the variables,
 * `swapToTrain()` puts y back.
 */
import * as ops from "../ops/index.js";
import { Tensor } from "../engine/tensor.js";
import { Variable } from "../engine/variable.js";
import { Optimizer, OptimizerConfig } from "./base-optimizer.js";
import { BaseOptimizerOptions, numberOption, withDefaults, LearningRateLike } from "./optimizer-options.js";

export interface ScheduleFreeAdamWOptions extends BaseOptimizerOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  warmupSteps?: number;
}

export class ScheduleFreeAdamW extends Optimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly warmupSteps: number;
  protected momentums: (Variable | null)[] = [];
  protected velocities: (Variable | null)[] = [];

  constructor(options: ScheduleFreeAdamWOptions | LearningRateLike = {}) {
    const o = withDefaults(options, { learningRate: 0.0025 });
    super(o, ["beta1", "beta2", "epsilon", "warmupSteps"]);
    this.beta1 = numberOption("ScheduleFreeAdamW", o.beta1 ?? 0.9, "beta_1");
    this.beta2 = numberOption("ScheduleFreeAdamW", o.beta2 ?? 0.999, "beta_2");
    this.epsilon = numberOption("ScheduleFreeAdamW", o.epsilon ?? 1e-8, "epsilon");
    this.warmupSteps = numberOption("ScheduleFreeAdamW", o.warmupSteps ?? 0, "warmup_steps");
  }

  override build(variables: readonly Variable[]): void {
    if (this.built) return;
    super.build(variables);
    [this.momentums, this.velocities] = this.addOptimizerVariables(variables, ["momentum", "velocity"]);
    // z starts at the initial parameters.
    this.momentums.forEach((z, i) => {
      if (z) this.assign(z, variables[i].value);
    });
  }

  override updateStep(gradient: Tensor, variable: Variable, learningRate: Variable | Tensor): void {
    const dtype = variable.dtype;
    let lr = ops.cast(learningRate, dtype);
    const g = ops.cast(gradient, dtype);
    const localStep = ops.cast(ops.add(this.iterations, 1), dtype);
    const beta1 = ops.cast(this.beta1, dtype);
    const beta2 = ops.cast(this.beta2, dtype);
    const epsilon = ops.cast(this.epsilon, dtype);
    if (this.warmupSteps > 0) {
      const warmupFactor = ops.minimum(ops.divide(localStep, ops.cast(this.warmupSteps, dtype)), 1.0);
      lr = ops.multiply(lr, warmupFactor);
    }
    const index = this.getVariableIndex(variable);
    const z = this.momentums[index] as Variable;
    const velocity = this.velocities[index] as Variable;
    const zOld = z.value;

    const biasCorrection2 = ops.subtract(1, ops.power(beta2, localStep));
    this.assignAdd(velocity, ops.multiply(ops.subtract(ops.square(g), velocity), ops.subtract(1, beta2)));
    const denom = ops.add(ops.sqrt(ops.divide(velocity, biasCorrection2)), epsilon);
    this.assignSub(z, ops.divide(ops.multiply(lr, g), denom));

    // Recover x from y and the old z, average z into it, and interpolate the new y.
    const weight = ops.divide(1.0, localStep);
    const xOld = ops.divide(ops.subtract(variable, ops.multiply(ops.subtract(1, beta1), zOld)), beta1);
    const xNew = ops.add(ops.multiply(ops.subtract(1, weight), xOld), ops.multiply(weight, z));
    const yNew = ops.add(ops.multiply(ops.subtract(1, beta1), z), ops.multiply(beta1, xNew));
    this.assign(variable, yNew);
  }

  /** Puts the training point y = (1 - beta_1) z + beta_1 x back into the variables (they hold x). */
  swapToTrain(): void {
    if (!this.built) return;
    this.trainableVariables.forEach((v, i) => {
      const z = this.momentums[i];
      if (!z) return;
      const beta1 = ops.cast(this.beta1, v.dtype);
      this.assign(v, ops.add(ops.multiply(ops.subtract(1, beta1), z), ops.multiply(beta1, v)));
    });
  }

  /** Puts the averaged point x = (y - (1 - beta_1) z) / beta_1 into the variables (they hold y). */
  swapToEval(): void {
    if (!this.built) return;
    this.trainableVariables.forEach((v, i) => {
      const z = this.momentums[i];
      if (!z) return;
      const beta1 = ops.cast(this.beta1, v.dtype);
      this.assign(v, ops.divide(ops.subtract(v, ops.multiply(ops.subtract(1, beta1), z)), beta1));
    });
  }

  /** Alias of `swapToTrain()`. */
  train(): void {
    this.swapToTrain();
  }

  /** Alias of `swapToEval()`. */
  eval(): void {
    this.swapToEval();
  }

  override getConfig(): OptimizerConfig {
    return { ...super.getConfig(), beta_1: this.beta1, beta_2: this.beta2, epsilon: this.epsilon, warmup_steps: this.warmupSteps };
  }
}
