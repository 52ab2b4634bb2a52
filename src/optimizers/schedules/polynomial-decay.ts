/**
 * `keras.optimizers.schedules.PolynomialDecay`:
 * `(initial - end) * (1 - step / decay_steps) ^ power + end`, with `step`
 * capped at `decay_steps`, or (`cycle`) `decay_steps` stretched to the first
 * multiple of itself at or above `step`.
 */
import * as ops from "../../ops/index.js";
import { Tensor } from "../../engine/tensor.js";
import {
  LearningRateSchedule, ScheduleConfig, StepLike, checkDecaySteps, checkNumber, readScheduleArgs, stepAsFloat,
} from "./learning-rate-schedule.js";

export interface PolynomialDecayOptions {
  endLearningRate?: number;
  power?: number;
  cycle?: boolean;
  name?: string;
}

export class PolynomialDecay extends LearningRateSchedule {
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly endLearningRate: number;
  readonly power: number;
  readonly cycle: boolean;
  readonly name: string;

  constructor(initialLearningRate: number, decaySteps: number, options?: PolynomialDecayOptions);
  constructor(options: { initialLearningRate: number; decaySteps: number } & PolynomialDecayOptions);
  constructor(...args: unknown[]) {
    super();
    const a = readScheduleArgs("PolynomialDecay", args, ["initialLearningRate", "decaySteps"], ["endLearningRate", "power", "cycle", "name"]);
    this.initialLearningRate = checkNumber("PolynomialDecay", a.initialLearningRate, "initial_learning_rate");
    this.decaySteps = checkDecaySteps(a.decaySteps, "decay_steps");
    this.endLearningRate = checkNumber("PolynomialDecay", a.endLearningRate ?? 0.0001, "end_learning_rate");
    this.power = checkNumber("PolynomialDecay", a.power ?? 1.0, "power");
    this.cycle = (a.cycle as boolean | undefined) ?? false;
    this.name = (a.name as string | undefined) ?? "PolynomialDecay";
  }

  override call(step: StepLike): Tensor {
    const initial = ops.convertToTensor(this.initialLearningRate, "float32");
    const end = ops.convertToTensor(this.endLearningRate, "float32");
    let s = stepAsFloat(step, "PolynomialDecay");
    let decaySteps = ops.convertToTensor(this.decaySteps, "float32");
    if (this.cycle) {
      // The first multiple of decay_steps at or above the step; 1 at step 0.
      const multiplier = ops.where(ops.equal(s, 0), 1.0, ops.ceil(ops.divide(s, this.decaySteps)));
      decaySteps = ops.multiply(decaySteps, multiplier);
    } else {
      s = ops.minimum(s, decaySteps);
    }
    const p = ops.divide(s, decaySteps);
    const factor = ops.power(ops.subtract(1, p), ops.convertToTensor(this.power, "float32"));
    return ops.add(ops.multiply(ops.subtract(initial, end), factor), end);
  }

  override getConfig(): ScheduleConfig {
    return {
      initial_learning_rate: this.initialLearningRate,
      decay_steps: this.decaySteps,
      end_learning_rate: this.endLearningRate,
      power: this.power,
      cycle: this.cycle,
      name: this.name,
    };
  }
}
