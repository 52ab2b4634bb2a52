/**
 * `keras.optimizers.Ftrl`: Follow The Regularized Leader (McMahan et al., 2013),
 * with online L1/L2 regularization and L2 shrinkage.
 *   n' = n + g^2;  sigma = (n'^-p - n^-p) / lr
 *   z += g + 2 * l2_shrinkage * w - sigma * w
 *   w = (clip(z, -l1, l1) - z) / (n'^-p / lr + 2 * (l2 + beta / (2 lr)))
 */
import * as ops from "../ops/index.js";
import { Tensor } from "../engine/tensor.js";
import { Variable } from "../engine/variable.js";
import { ValueError } from "../engine/errors.js";
import * as initializers from "../initializers/index.js";
import { Optimizer, OptimizerConfig } from "./base-optimizer.js";
import { BaseOptimizerOptions, numberOption, withDefaults, LearningRateLike } from "./optimizer-options.js";

export interface FtrlOptions extends BaseOptimizerOptions {
  learningRatePower?: number;
  initialAccumulatorValue?: number;
  l1RegularizationStrength?: number;
  l2RegularizationStrength?: number;
  l2ShrinkageRegularizationStrength?: number;
  beta?: number;
}

export class Ftrl extends Optimizer {
  readonly learningRatePower: number;
  readonly initialAccumulatorValue: number;
  readonly l1RegularizationStrength: number;
  readonly l2RegularizationStrength: number;
  readonly l2ShrinkageRegularizationStrength: number;
  readonly beta: number;
  protected accumulators: Variable[] = [];
  protected linears: Variable[] = [];

  constructor(options: FtrlOptions | LearningRateLike = {}) {
    const o = withDefaults(options, { learningRate: 0.001 });
    super(o, [
      "learningRatePower", "initialAccumulatorValue", "l1RegularizationStrength", "l2RegularizationStrength",
      "l2ShrinkageRegularizationStrength", "beta",
    ]);
    const num = (v: unknown, name: string) => numberOption("Ftrl", v, name);
    this.learningRatePower = num(o.learningRatePower ?? -0.5, "learning_rate_power");
    this.initialAccumulatorValue = num(o.initialAccumulatorValue ?? 0.1, "initial_accumulator_value");
    this.l1RegularizationStrength = num(o.l1RegularizationStrength ?? 0.0, "l1_regularization_strength");
    this.l2RegularizationStrength = num(o.l2RegularizationStrength ?? 0.0, "l2_regularization_strength");
    this.l2ShrinkageRegularizationStrength = num(o.l2ShrinkageRegularizationStrength ?? 0.0, "l2_shrinkage_regularization_strength");
    this.beta = num(o.beta ?? 0.0, "beta");

    if (this.initialAccumulatorValue < 0) {
      throw new ValueError(
        `\`initial_accumulator_value\` needs to be positive or zero. Received: initial_accumulator_value=${this.initialAccumulatorValue}.`,
      );
    }
    if (this.learningRatePower > 0) {
      throw new ValueError(`\`learning_rate_power\` needs to be negative or zero. Received: learning_rate_power=${this.learningRatePower}.`);
    }
    for (const [name, value] of [
      ["l1_regularization_strength", this.l1RegularizationStrength],
      ["l2_regularization_strength", this.l2RegularizationStrength],
      ["l2_shrinkage_regularization_strength", this.l2ShrinkageRegularizationStrength],
    ] as const) {
      if (value < 0) throw new ValueError(`\`${name}\` needs to be positive or zero. Received: ${name}=${value}.`);
    }
  }

  override build(variables: readonly Variable[]): void {
    if (this.built) return;
    super.build(variables);
    [this.accumulators, this.linears] = this.addOptimizerVariables(
      variables,
      ["accumulator", "linear"],
      [new initializers.Constant(this.initialAccumulatorValue), "zeros"],
    ) as Variable[][];
  }

  override updateStep(gradient: Tensor, variable: Variable, learningRate: Variable | Tensor): void {
    const lr = ops.cast(learningRate, variable.dtype);
    const g = ops.cast(gradient, variable.dtype);
    const index = this.getVariableIndex(variable);
    const accum = this.accumulators[index];
    const linear = this.linears[index];
    const lrPower = this.learningRatePower;
    const l2Reg = ops.add(this.l2RegularizationStrength, ops.divide(this.beta, ops.multiply(2.0, lr)));

    const gradToUse = ops.add(g, ops.multiply(2 * this.l2ShrinkageRegularizationStrength, variable));
    const newAccum = ops.add(accum, ops.square(g));
    const sigma = ops.divide(ops.subtract(ops.power(newAccum, -lrPower), ops.power(accum, -lrPower)), lr);
    this.assignAdd(linear, ops.subtract(gradToUse, ops.multiply(sigma, variable)));
    const quadratic = ops.add(ops.divide(ops.power(newAccum, -lrPower), lr), ops.multiply(2, l2Reg));
    const l1 = this.l1RegularizationStrength;
    const linearClipped = ops.clip(linear, -l1, l1);
    this.assign(variable, ops.divide(ops.subtract(linearClipped, linear), quadratic));
    this.assign(accum, newAccum);
  }

  override getConfig(): OptimizerConfig {
    return {
      ...super.getConfig(),
      learning_rate_power: this.learningRatePower,
      initial_accumulator_value: this.initialAccumulatorValue,
      l1_regularization_strength: this.l1RegularizationStrength,
      l2_regularization_strength: this.l2RegularizationStrength,
      l2_shrinkage_regularization_strength: this.l2ShrinkageRegularizationStrength,
      beta: this.beta,
    };
  }
}
