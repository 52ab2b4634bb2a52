/**
 * `keras.optimizers.schedules.CosineDecay` (SGDR without restarts) with an
 * optional linear warmup: from `initial_learning_rate` to `warmup_target`
 * over `warmup_steps`, then a cosine from the start value down to
 * `alpha * start` over `decay_steps`.
 */
import * as ops from "../../ops/index.js";
import { Tensor } from "../../engine/tensor.js";
import {
  LearningRateSchedule, ScheduleConfig, StepLike, checkDecaySteps, checkNumber, readScheduleArgs, stepAsFloat,
} from "./learning-rate-schedule.js";

export interface CosineDecayOptions {
  alpha?: number;
  name?: string;
  warmupTarget?: number | null;
  warmupSteps?: number;
}

export class CosineDecay extends LearningRateSchedule {
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly alpha: number;
  readonly name: string;
  readonly warmupTarget: number | null;
  readonly warmupSteps: number;

  constructor(initialLearningRate: number, decaySteps: number, options?: CosineDecayOptions);
  constructor(options: { initialLearningRate: number; decaySteps: number } & CosineDecayOptions);
  constructor(...args: unknown[]) {
    super();
    const a = readScheduleArgs("CosineDecay", args, ["initialLearningRate", "decaySteps"], ["alpha", "name", "warmupTarget", "warmupSteps"]);
    this.initialLearningRate = checkNumber("CosineDecay", a.initialLearningRate, "initial_learning_rate");
    this.decaySteps = checkDecaySteps(a.decaySteps, "decay_steps");
    this.alpha = checkNumber("CosineDecay", a.alpha ?? 0.0, "alpha");
    this.name = (a.name as string | undefined) ?? "CosineDecay";
    this.warmupTarget = a.warmupTarget === undefined || a.warmupTarget === null ? null : checkNumber("CosineDecay", a.warmupTarget, "warmup_target");
    this.warmupSteps = checkNumber("CosineDecay", a.warmupSteps ?? 0, "warmup_steps");
  }

  /** The cosine part: `from * ((1 - alpha) * 0.5 * (1 + cos(pi * step / decay_steps)) + alpha)`. */
  private decay(step: Tensor, decaySteps: Tensor, from: Tensor): Tensor {
    const completed = ops.divide(step, decaySteps);
    const cosine = ops.multiply(0.5, ops.add(1.0, ops.cos(ops.multiply(ops.convertToTensor(Math.PI, "float32"), completed))));
    const decayed = ops.add(ops.multiply(1 - this.alpha, cosine), this.alpha);
    return ops.multiply(from, decayed);
  }

  override call(step: StepLike): Tensor {
    const initial = ops.convertToTensor(this.initialLearningRate, "float32");
    const decaySteps = ops.convertToTensor(this.decaySteps, "float32");
    let s = stepAsFloat(step, "CosineDecay");
    if (this.warmupTarget === null) {
      s = ops.minimum(s, decaySteps);
      return this.decay(s, decaySteps, initial);
    }
    const target = ops.convertToTensor(this.warmupTarget, "float32");
    const warmupSteps = ops.convertToTensor(this.warmupSteps, "float32");
    s = ops.minimum(s, ops.add(decaySteps, warmupSteps));
    if (s.data[0] < warmupSteps.data[0]) {
      const completed = ops.divide(s, warmupSteps);
      return ops.add(ops.multiply(ops.subtract(target, initial), completed), initial);
    }
    return this.decay(ops.subtract(s, warmupSteps), decaySteps, target);
  }

  override getConfig(): ScheduleConfig {
    return {
      initial_learning_rate: this.initialLearningRate,
      decay_steps: this.decaySteps,
      alpha: this.alpha,
      name: this.name,
      warmup_target: this.warmupTarget,
      warmup_steps: this.warmupSteps,
    };
  }
}
