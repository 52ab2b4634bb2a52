/**
 * `keras.optimizers.Adagrad` (Duchi et al., 2011): per-parameter step sizes
 * shrinking with the accumulated squared gradients.
 *   acc += g^2;  w -= lr * g / sqrt(acc + epsilon)
 */
import * as ops from "../ops/index.js";
import { Tensor } from "../engine/tensor.js";
import { Variable } from "../engine/variable.js";
import * as initializers from "../initializers/index.js";
import { Optimizer, OptimizerConfig } from "./base-optimizer.js";
import { BaseOptimizerOptions, numberOption, withDefaults, LearningRateLike } from "./optimizer-options.js";

export interface AdagradOptions extends BaseOptimizerOptions {
  initialAccumulatorValue?: number;
  epsilon?: number;
}

export class Adagrad extends Optimizer {
  readonly initialAccumulatorValue: number;
  readonly epsilon: number;
  protected accumulators: Variable[] = [];

  constructor(options: AdagradOptions | LearningRateLike = {}) {
    const o = withDefaults(options, { learningRate: 0.001 });
    super(o, ["initialAccumulatorValue", "epsilon"]);
    this.initialAccumulatorValue = numberOption("Adagrad", o.initialAccumulatorValue ?? 0.1, "initial_accumulator_value");
    this.epsilon = numberOption("Adagrad", o.epsilon ?? 1e-7, "epsilon");
  }

  override build(variables: readonly Variable[]): void {
    if (this.built) return;
    super.build(variables);
    const init = new initializers.Constant(this.initialAccumulatorValue);
    this.accumulators = this.addOptimizerVariables(variables, "accumulator", init) as Variable[];
  }

  override updateStep(gradient: Tensor, variable: Variable, learningRate: Variable | Tensor): void {
    const lr = ops.cast(learningRate, variable.dtype);
    const g = ops.cast(gradient, variable.dtype);
    const accumulator = this.accumulators[this.getVariableIndex(variable)];
    this.assignAdd(accumulator, ops.square(g));
    this.assignSub(variable, ops.divide(ops.multiply(lr, g), ops.sqrt(ops.add(accumulator, this.epsilon))));
  }

  override getConfig(): OptimizerConfig {
    return { ...super.getConfig(), initial_accumulator_value: this.initialAccumulatorValue, epsilon: this.epsilon };
  }
}
