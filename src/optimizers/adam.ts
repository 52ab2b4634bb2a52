/**
 * `keras.optimizers.Adam`: adaptive moment estimation (Kingma & Ba, 2014),
 * with Keras's bias correction folded into the step size:
 *   alpha = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t),  t = iterations + 1
 *   m += (g - m) * (1 - beta_1);  v += (g^2 - v) * (1 - beta_2)
 *   w -= m * alpha / (sqrt(v) + epsilon)       (v -> max(v_hat, v) with amsgrad)
 */
import * as ops from "../ops/index.js";
import { Tensor } from "../engine/tensor.js";
import { Variable } from "../engine/variable.js";
import { shapesEqual } from "../engine/shape.js";
import { getBackend } from "../backend/backend.js";
import { Optimizer, OptimizerConfig } from "./base-optimizer.js";
import { BaseOptimizerOptions, booleanOption, numberOption, withDefaults, LearningRateLike } from "./optimizer-options.js";

export interface AdamOptions extends BaseOptimizerOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  amsgrad?: boolean;
}

export const ADAM_OPTION_KEYS = ["beta1", "beta2", "epsilon", "amsgrad"];

export class Adam extends Optimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly amsgrad: boolean;
  protected momentums: Variable[] = [];
  protected velocities: Variable[] = [];
  protected velocityHats: Variable[] = [];

  constructor(options: AdamOptions | LearningRateLike = {}) {
    const o = withDefaults(options, { learningRate: 0.001 });
    super(o, ADAM_OPTION_KEYS);
    const cls = this.constructor.name;
    this.beta1 = numberOption(cls, o.beta1 ?? 0.9, "beta_1");
    this.beta2 = numberOption(cls, o.beta2 ?? 0.999, "beta_2");
    this.epsilon = numberOption(cls, o.epsilon ?? 1e-7, "epsilon");
    this.amsgrad = booleanOption(cls, o.amsgrad ?? false, "amsgrad");
  }

  override build(variables: readonly Variable[]): void {
    if (this.built) return;
    super.build(variables);
    [this.momentums, this.velocities] = this.addOptimizerVariables(variables, ["momentum", "velocity"]) as Variable[][];
    if (this.amsgrad) this.velocityHats = this.addOptimizerVariables(variables, "velocity_hat") as Variable[];
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
    let v: Variable = this.velocities[index];

    const alpha = ops.divide(ops.multiply(lr, ops.sqrt(ops.subtract(1, beta2Power))), ops.subtract(1, beta1Power));
    if (this.updateFused(g, variable, m, v, index, alpha)) return;
    this.assignAdd(m, ops.multiply(ops.subtract(g, m), 1 - this.beta1));
    this.assignAdd(v, ops.multiply(ops.subtract(ops.square(g), v), 1 - this.beta2));
    if (this.amsgrad) {
      const vHat = this.velocityHats[index];
      this.assign(vHat, ops.maximum(vHat, v));
      v = vHat;
    }
    this.assignSub(variable, ops.divide(ops.multiply(m, alpha), ops.add(ops.sqrt(v), this.epsilon)));
  }

  /**
   * The same update in one backend pass (src/backend/cpu/optimizer-updates.ts),
   * bit-for-bit equal to the ops above, for float variables with a gradient of
   * the variable's shape. Returns false where the op-by-op path must run.
   */
  private updateFused(g: Tensor, variable: Variable, m: Variable, v: Variable, index: number, alpha: Tensor): boolean {
    const dtype = variable.dtype;
    if ((dtype !== "float32" && dtype !== "float64") || g.size !== variable.size || !shapesEqual(g.shape, variable.shape)) return false;
    const vHat = this.amsgrad ? this.velocityHats[index] : null;
    const updated = getBackend().adamUpdate(
      { variable: variable.value.data, momentum: m.value.data, velocity: v.value.data, velocityHat: vHat === null ? null : vHat.value.data },
      g.data,
      { alpha: alpha.item() as number, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon },
      dtype,
    );
    const shape = variable.shape;
    this.assign(m, new Tensor(updated.momentum, shape, dtype));
    this.assign(v, new Tensor(updated.velocity, shape, dtype));
    if (vHat !== null) this.assign(vHat, new Tensor(updated.velocityHat!, shape, dtype));
    this.assign(variable, new Tensor(updated.variable, shape, dtype));
    return true;
  }

  override getConfig(): OptimizerConfig {
    return { ...super.getConfig(), beta_1: this.beta1, beta_2: this.beta2, epsilon: this.epsilon, amsgrad: this.amsgrad };
  }
}
