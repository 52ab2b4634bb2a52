/**
 * `keras.callbacks.LearningRateScheduler`: at the start of each epoch sets
 * the learning rate to `schedule(epoch, currentLr)`; adds "learning_rate"
 * to the epoch logs.
 */
import { ValueError } from "../engine/errors.js";
import { Callback, Logs } from "./callback.js";
import { pyFloat, readLearningRate, scalarValue } from "./monitor.js";
import { printMsg } from "../utils/progbar.js";

export type Schedule = (epoch: number, learningRate: number) => number | { data: ArrayLike<number> };

export class LearningRateScheduler extends Callback {
  readonly schedule: Schedule;
  verbose: number;

  constructor(schedule: Schedule, options: { verbose?: number } = {}) {
    super();
    if (typeof schedule !== "function") {
      throw new ValueError(`LearningRateScheduler: \`schedule\` must be a function (epoch, lr) => lr. Received: ${String(schedule)}`);
    }
    this.schedule = schedule;
    this.verbose = options.verbose ?? 0;
  }

  override onEpochBegin(epoch: number): void {
    const optimizer = this.model.optimizer;
    const current = readLearningRate(optimizer, "LearningRateScheduler");
    const raw = this.schedule(epoch, current);
    const lr = typeof raw === "number" ? raw : raw && typeof raw === "object" && "data" in raw ? scalarValue(raw) : NaN;
    if (typeof raw !== "number" && !(raw && typeof raw === "object" && "data" in raw)) {
      throw new ValueError(`The output of the \`schedule\` function should be a float. Got: ${String(raw)}`);
    }
    (optimizer as { learningRate: unknown }).learningRate = lr;
    if (this.verbose > 0) printMsg(`\nEpoch ${epoch + 1}: LearningRateScheduler setting learning rate to ${pyFloat(lr)}.`);
  }

  override onEpochEnd(_epoch: number, logs: Logs = {}): void {
    logs.learning_rate = readLearningRate(this.model.optimizer, "LearningRateScheduler");
  }
}
