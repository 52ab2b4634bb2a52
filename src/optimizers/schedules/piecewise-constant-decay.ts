/**
 * `keras.optimizers.schedules.PiecewiseConstantDecay`: `values[0]` while
 * `step <= boundaries[0]`, `values[i]` while `boundaries[i-1] < step <= boundaries[i]`,
 * `values[-1]` after the last boundary.
 */
import * as ops from "../../ops/index.js";
import { ValueError } from "../../engine/errors.js";
import { Tensor } from "../../engine/tensor.js";
import { toTensor } from "../../engine/convert.js";
import { isFloat } from "../../engine/dtype.js";
import { LearningRateSchedule, ScheduleConfig, StepLike, readScheduleArgs } from "./learning-rate-schedule.js";

export interface PiecewiseConstantDecayOptions {
  name?: string;
}

export class PiecewiseConstantDecay extends LearningRateSchedule {
  readonly boundaries: number[];
  readonly values: number[];
  readonly name: string;

  constructor(boundaries: readonly number[], values: readonly number[], options?: PiecewiseConstantDecayOptions);
  constructor(options: { boundaries: readonly number[]; values: readonly number[] } & PiecewiseConstantDecayOptions);
  constructor(...args: unknown[]) {
    super();
    const a = readScheduleArgs("PiecewiseConstantDecay", args, ["boundaries", "values"], ["name"]);
    const boundaries = a.boundaries as number[];
    const values = a.values as number[];
    if (!Array.isArray(boundaries) || !Array.isArray(values) || [...boundaries, ...values].some((x) => typeof x !== "number")) {
      throw new ValueError(
        `PiecewiseConstantDecay: \`boundaries\` and \`values\` must be arrays of numbers. Received: boundaries=${JSON.stringify(boundaries)}, values=${JSON.stringify(values)}.`,
      );
    }
    if (boundaries.length !== values.length - 1) {
      throw new ValueError(
        "The length of boundaries should be 1 less than the length of values. " +
          `Received: boundaries=${JSON.stringify(boundaries)} of length ${boundaries.length}, and values=${JSON.stringify(values)} of length ${values.length}.`,
      );
    }
    // Keras accepts this at construction but fails when called (it reads boundaries[0]); fail early instead.
    if (boundaries.length === 0) throw new ValueError("PiecewiseConstantDecay: `boundaries` must hold at least one boundary.");
    this.boundaries = boundaries.slice();
    this.values = values.slice();
    this.name = (a.name as string | undefined) ?? "PiecewiseConstant";
  }

  override call(step: StepLike): Tensor {
    const s = toTensor(step, undefined, "PiecewiseConstantDecay");
    if (s.size !== 1) throw new ValueError(`PiecewiseConstantDecay: \`step\` must be a scalar, received shape [${s.shape.join(", ")}].`);
    const stepValue = s.data[0];
    // Keras casts the boundaries to the step's dtype: with an integer step they are truncated.
    const bounds = isFloat(s.dtype) ? this.boundaries : this.boundaries.map(Math.trunc);
    const last = bounds.length - 1;
    let index = bounds.length;
    if (stepValue <= bounds[0]) index = 0;
    else if (stepValue > bounds[last]) index = bounds.length;
    else for (let i = 0; i < last; i++) if (stepValue > bounds[i] && stepValue <= bounds[i + 1]) index = i + 1;
    return ops.convertToTensor(this.values[index], "float32");
  }

  override getConfig(): ScheduleConfig {
    return { boundaries: this.boundaries.slice(), values: this.values.slice(), name: this.name };
  }
}
