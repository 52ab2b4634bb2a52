/**
 * `keras.optimizers.Adafactor` (Shazeer & Stern, 2018): second moments kept
 * factored for variables of rank >= 2 (row means `r` over the last axis and
 * column means `c` over the second-to-last), a relative step size
 * `max(epsilon_2, rms(w)) * min(lr, 1/sqrt(t))`, a decaying beta_2 and
 * update clipping by RMS.
 */
import * as ops from "../ops/index.js";
import { Tensor } from "../engine/tensor.js";
import { Variable } from "../engine/variable.js";
import { isLearningRateSchedule } from "./schedules/learning-rate-schedule.js";
import { Optimizer, OptimizerConfig } from "./base-optimizer.js";
import { BaseOptimizerOptions, booleanOption, numberOption, withDefaults, LearningRateLike } from "./optimizer-options.js";

export interface AdafactorOptions extends BaseOptimizerOptions {
  beta2Decay?: number;
  epsilon1?: number;
  epsilon2?: number;
  clipThreshold?: number;
  relativeStep?: boolean;
}

const rms = (x: Tensor | Variable) => ops.sqrt(ops.mean(ops.square(x)));

export class Adafactor extends Optimizer {
  readonly beta2Decay: number;
  readonly epsilon1: number;
  readonly epsilon2: number;
  readonly clipThreshold: number;
  readonly relativeStep: boolean;
  protected rowMeans: Variable[] = [];
  protected columnMeans: Variable[] = [];
  protected velocities: Variable[] = [];

  constructor(options: AdafactorOptions | LearningRateLike = {}) {
    const o = withDefaults(options, { learningRate: 0.001 });
    super(o, ["beta2Decay", "epsilon1", "epsilon2", "clipThreshold", "relativeStep"]);
    this.beta2Decay = numberOption("Adafactor", o.beta2Decay ?? -0.8, "beta_2_decay");
    this.epsilon1 = numberOption("Adafactor", o.epsilon1 ?? 1e-30, "epsilon_1");
    this.epsilon2 = numberOption("Adafactor", o.epsilon2 ?? 1e-3, "epsilon_2");
    this.clipThreshold = numberOption("Adafactor", o.clipThreshold ?? 1.0, "clip_threshold");
    this.relativeStep = booleanOption("Adafactor", o.relativeStep ?? true, "relative_step");
  }

  override build(variables: readonly Variable[]): void {
    if (this.built) return;
    super.build(variables);
    this.rowMeans = [];
    this.columnMeans = [];
    this.velocities = [];
    for (const v of variables) {
      if (v.shape.length < 2) {
        // Not factored, but Keras still creates (int32 scalar) placeholders named after the variable.
        const placeholder = () => this.inNameScope(() => new Variable(0, { name: v.name, dtype: "int32", trainable: false }));
        const r = placeholder();
        this.trackVariable(r);
        const c = placeholder();
        this.trackVariable(c);
        this.rowMeans.push(r);
        this.columnMeans.push(c);
      } else {
        const rShape = v.shape.slice(0, -1);
        const cShape = [...v.shape.slice(0, -2), v.shape[v.shape.length - 1]];
        this.rowMeans.push(this.addVariable(rShape, { dtype: v.dtype, name: v.name }));
        this.columnMeans.push(this.addVariable(cShape, { dtype: v.dtype, name: v.name }));
      }
      this.velocities.push(this.addVariableFromReference(v, "velocity"));
    }
  }

  override updateStep(gradient: Tensor, variable: Variable, learningRate: Variable | Tensor): void {
    const dtype = variable.dtype;
    let lr = ops.cast(learningRate, dtype);
    const g = ops.cast(gradient, dtype);
    const epsilon2 = ops.cast(this.epsilon2, dtype);
    const one = ops.cast(1.0, dtype);
    const localStep = ops.cast(ops.add(this.iterations, 1), dtype);
    const inverseSqrtStep = ops.divide(1, ops.sqrt(localStep));
    // Keras caps a constant learning rate by 1/sqrt(t) (schedules and callables are left alone here).
    const constantLr = !isLearningRateSchedule(this._learningRate) && typeof this._learningRate !== "function";
    if (constantLr && this.relativeStep) lr = ops.minimum(lr, inverseSqrtStep);

    const index = this.getVariableIndex(variable);
    const r = this.rowMeans[index];
    const c = this.columnMeans[index];
    const v = this.velocities[index];

    const rhoT = ops.minimum(lr, inverseSqrtStep);
    const alphaT = ops.multiply(ops.maximum(epsilon2, rms(variable)), rhoT);
    const regulatedGradSquare = ops.add(ops.square(g), this.epsilon1);
    const beta2T = ops.subtract(1, ops.power(localStep, this.beta2Decay));

    if (variable.shape.length >= 2) {
      const keep = ops.subtract(1, beta2T);
      this.assign(r, ops.add(ops.multiply(beta2T, r), ops.multiply(keep, ops.mean(regulatedGradSquare, -1))));
      this.assign(c, ops.add(ops.multiply(beta2T, c), ops.multiply(keep, ops.mean(regulatedGradSquare, -2))));
      const rowFactor = ops.expandDims(ops.divide(r, ops.mean(r, -1, true)), -1);
      this.assign(v, ops.multiply(rowFactor, ops.expandDims(c, -2)));
    } else {
      this.assign(v, ops.add(ops.multiply(beta2T, v), ops.multiply(ops.subtract(1, beta2T), regulatedGradSquare)));
    }

    const uT = ops.divide(g, ops.sqrt(v));
    const uTHat = ops.divide(uT, ops.maximum(one, ops.divide(rms(uT), this.clipThreshold)));
    this.assignSub(variable, ops.multiply(alphaT, uTHat));
  }

  override getConfig(): OptimizerConfig {
    return {
      ...super.getConfig(),
      beta_2_decay: this.beta2Decay,
      epsilon_1: this.epsilon1,
      epsilon_2: this.epsilon2,
      clip_threshold: this.clipThreshold,
      relative_step: this.relativeStep,
    };
  }
}
