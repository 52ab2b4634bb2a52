/** `keras.optimizers.schedules.ExponentialDecay`: `initial * decay_rate ^ (step / decay_steps)`. */
import * as ops from "../../ops/index.js";
import { Tensor } from "../../engine/tensor.js";
import {
  LearningRateSchedule, ScheduleConfig, StepLike, checkDecaySteps, checkNumber, readScheduleArgs, stepAsFloat,
} from "./learning-rate-schedule.js";

export interface ExponentialDecayOptions {
  staircase?: boolean;
  name?: string;
}

export class ExponentialDecay extends LearningRateSchedule {
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly decayRate: number;
  readonly staircase: boolean;
  readonly name: string;

  constructor(initialLearningRate: number, decaySteps: number, decayRate: number, options?: ExponentialDecayOptions);
  constructor(options: { initialLearningRate: number; decaySteps: number; decayRate: number } & ExponentialDecayOptions);
  constructor(...args: unknown[]) {
    super();
    const a = readScheduleArgs("ExponentialDecay", args, ["initialLearningRate", "decaySteps", "decayRate"], ["staircase", "name"]);
    this.initialLearningRate = checkNumber("ExponentialDecay", a.initialLearningRate, "initial_learning_rate");
    this.decaySteps = checkDecaySteps(a.decaySteps, "decay_steps");
    this.decayRate = checkNumber("ExponentialDecay", a.decayRate, "decay_rate");
    this.staircase = (a.staircase as boolean | undefined) ?? false;
    this.name = (a.name as string | undefined) ?? "ExponentialDecay";
  }

  override call(step: StepLike): Tensor {
    const initial = ops.convertToTensor(this.initialLearningRate, "float32");
    let p = ops.divide(stepAsFloat(step, "ExponentialDecay"), this.decaySteps);
    if (this.staircase) p = ops.floor(p);
    return ops.multiply(initial, ops.power(ops.convertToTensor(this.decayRate, "float32"), p));
  }

  override getConfig(): ScheduleConfig {
    return {
      initial_learning_rate: this.initialLearningRate,
      decay_steps: this.decaySteps,
      decay_rate: this.decayRate,
      staircase: this.staircase,
      name: this.name,
    };
  }
}
