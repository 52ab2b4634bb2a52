/**
 * `keras.optimizers.SGD`: gradient descent, with optional (Nesterov) momentum.
 *   velocity = momentum * velocity - lr * g
 *   w += velocity                       (plain momentum)
 *   w += momentum * velocity - lr * g   (Nesterov)
 */
import * as ops from "../ops/index.js";
import { Tensor } from "../engine/tensor.js";
import { Variable } from "../engine/variable.js";
import { ValueError } from "../engine/errors.js";
import { Optimizer, OptimizerConfig } from "./base-optimizer.js";
import { BaseOptimizerOptions, booleanOption, withDefaults, LearningRateLike } from "./optimizer-options.js";

export interface SGDOptions extends BaseOptimizerOptions {
  momentum?: number;
  nesterov?: boolean;
}

export class SGD extends Optimizer {
  readonly momentum: number;
  readonly nesterov: boolean;
  protected momentums: Variable[] = [];

  constructor(options: SGDOptions | LearningRateLike = {}) {
    const o = withDefaults(options, { learningRate: 0.01 });
    super(o, ["momentum", "nesterov"]);
    const momentum = o.momentum ?? 0.0;
    if (typeof momentum !== "number" || Number.isNaN(momentum) || momentum < 0 || momentum > 1) {
      throw new ValueError("`momentum` must be a float between [0, 1].");
    }
    this.momentum = momentum;
    this.nesterov = booleanOption("SGD", o.nesterov ?? false, "nesterov");
  }

  override build(variables: readonly Variable[]): void {
    if (this.built) return;
    super.build(variables);
    this.momentums = [];
    if (this.momentum !== 0) for (const v of variables) this.momentums.push(this.addVariableFromReference(v, "momentum"));
  }

  override updateStep(gradient: Tensor, variable: Variable, learningRate: Variable | Tensor): void {
    const lr = ops.cast(learningRate, variable.dtype);
    const g = ops.cast(gradient, variable.dtype);
    if (this.momentum === 0) {
      this.assignSub(variable, ops.multiply(g, lr));
      return;
    }
    const m = this.momentums[this.getVariableIndex(variable)];
    const momentum = ops.cast(this.momentum, variable.dtype);
    this.assign(m, ops.subtract(ops.multiply(m, momentum), ops.multiply(g, lr)));
    if (this.nesterov) this.assignAdd(variable, ops.subtract(ops.multiply(m, momentum), ops.multiply(g, lr)));
    else this.assignAdd(variable, m.value);
  }

  override getConfig(): OptimizerConfig {
    return { ...super.getConfig(), momentum: this.momentum, nesterov: this.nesterov };
  }
}
