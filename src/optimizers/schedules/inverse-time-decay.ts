/** `keras.optimizers.schedules.InverseTimeDecay`: `initial / (1 + decay_rate * step / decay_steps)`. */
import * as ops from "../../ops/index.js";
import { Tensor } from "../../engine/tensor.js";
import {
  LearningRateSchedule, ScheduleConfig, StepLike, checkDecaySteps, checkNumber, readScheduleArgs, stepAsFloat,
} from "./learning-rate-schedule.js";

export interface InverseTimeDecayOptions {
  staircase?: boolean;
  name?: string;
}

export class InverseTimeDecay extends LearningRateSchedule {
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly decayRate: number;
  readonly staircase: boolean;
  readonly name: string;

  constructor(initialLearningRate: number, decaySteps: number, decayRate: number, options?: InverseTimeDecayOptions);
  constructor(options: { initialLearningRate: number; decaySteps: number; decayRate: number } & InverseTimeDecayOptions);
  constructor(...args: unknown[]) {
    super();
    const a = readScheduleArgs("InverseTimeDecay", args, ["initialLearningRate", "decaySteps", "decayRate"], ["staircase", "name"]);
    this.initialLearningRate = checkNumber("InverseTimeDecay", a.initialLearningRate, "initial_learning_rate");
    this.decaySteps = checkDecaySteps(a.decaySteps, "decay_steps");
    this.decayRate = checkNumber("InverseTimeDecay", a.decayRate, "decay_rate");
    this.staircase = (a.staircase as boolean | undefined) ?? false;
    this.name = (a.name as string | undefined) ?? "InverseTimeDecay";
  }

  override call(step: StepLike): Tensor {
    const initial = ops.convertToTensor(this.initialLearningRate, "float32");
    let p = ops.divide(stepAsFloat(step, "InverseTimeDecay"), this.decaySteps);
    if (this.staircase) p = ops.floor(p);
    const denom = ops.add(ops.convertToTensor(1, "float32"), ops.multiply(ops.convertToTensor(this.decayRate, "float32"), p));
    return ops.divide(initial, denom);
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
