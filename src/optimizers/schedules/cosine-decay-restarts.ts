/**
 * `keras.optimizers.schedules.CosineDecayRestarts` (SGDR): cosine decay from
 * 1 to `alpha` over `first_decay_steps`, then warm restarts whose periods grow
 * by `t_mul` and whose peaks shrink by `m_mul`.
 */
import * as ops from "../../ops/index.js";
import { Tensor } from "../../engine/tensor.js";
import {
  LearningRateSchedule, ScheduleConfig, StepLike, checkDecaySteps, checkNumber, readScheduleArgs, stepAsFloat,
} from "./learning-rate-schedule.js";

export interface CosineDecayRestartsOptions {
  tMul?: number;
  mMul?: number;
  alpha?: number;
  name?: string;
}

export class CosineDecayRestarts extends LearningRateSchedule {
  readonly initialLearningRate: number;
  readonly firstDecaySteps: number;
  readonly tMul: number;
  readonly mMul: number;
  readonly alpha: number;
  readonly name: string;

  constructor(initialLearningRate: number, firstDecaySteps: number, options?: CosineDecayRestartsOptions);
  constructor(options: { initialLearningRate: number; firstDecaySteps: number } & CosineDecayRestartsOptions);
  constructor(...args: unknown[]) {
    super();
    const a = readScheduleArgs("CosineDecayRestarts", args, ["initialLearningRate", "firstDecaySteps"], ["tMul", "mMul", "alpha", "name"]);
    this.initialLearningRate = checkNumber("CosineDecayRestarts", a.initialLearningRate, "initial_learning_rate");
    this.firstDecaySteps = checkDecaySteps(a.firstDecaySteps, "first_decay_steps");
    this.tMul = checkNumber("CosineDecayRestarts", a.tMul ?? 2.0, "t_mul");
    this.mMul = checkNumber("CosineDecayRestarts", a.mMul ?? 1.0, "m_mul");
    this.alpha = checkNumber("CosineDecayRestarts", a.alpha ?? 0.0, "alpha");
    this.name = (a.name as string | undefined) ?? "SGDRDecay";
  }

  override call(step: StepLike): Tensor {
    const f32 = (x: number) => ops.convertToTensor(x, "float32");
    const initial = f32(this.initialLearningRate);
    const alpha = f32(this.alpha);
    const tMul = f32(this.tMul);
    const mMul = f32(this.mMul);
    let completed = ops.divide(stepAsFloat(step, "CosineDecayRestarts"), f32(this.firstDecaySteps));

    let iRestart: Tensor;
    if (tMul.data[0] === 1) {
      // Equal periods: the restart index is the whole part of the completed fraction.
      iRestart = ops.floor(completed);
      completed = ops.subtract(completed, iRestart);
    } else {
      // Geometric periods: invert the partial sum of t_mul^i to find the current period.
      iRestart = ops.floor(ops.divide(ops.log(ops.subtract(1.0, ops.multiply(completed, ops.subtract(1.0, tMul)))), ops.log(tMul)));
      const periodsBefore = ops.divide(ops.subtract(1.0, ops.power(tMul, iRestart)), ops.subtract(1.0, tMul));
      completed = ops.divide(ops.subtract(completed, periodsBefore), ops.power(tMul, iRestart));
    }
    const mFac = ops.power(mMul, iRestart);
    const cosine = ops.multiply(ops.multiply(0.5, mFac), ops.add(1.0, ops.cos(ops.multiply(f32(Math.PI), completed))));
    const decayed = ops.add(ops.multiply(ops.subtract(1, alpha), cosine), alpha);
    return ops.multiply(initial, decayed);
  }

  override getConfig(): ScheduleConfig {
    return {
      initial_learning_rate: this.initialLearningRate,
      first_decay_steps: this.firstDecaySteps,
      t_mul: this.tMul,
      m_mul: this.mMul,
      alpha: this.alpha,
      name: this.name,
    };
  }
}
