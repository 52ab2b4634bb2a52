/**
 * `keras.callbacks.ReduceLROnPlateau`: multiplies the learning rate by
 * `factor` when the monitored quantity has not improved for `patience`
 * epochs, then waits `cooldown` epochs. Adds "learning_rate" to the epoch logs.
 */
import { ValueError } from "../engine/errors.js";
import { Callback, Logs } from "./callback.js";
import { pyFloat, readLearningRate, scalarValue } from "./monitor.js";
import { printMsg } from "../utils/progbar.js";

export interface ReduceLROnPlateauOptions {
  monitor?: string;
  /** new_lr = lr * factor (must be < 1). */
  factor?: number;
  patience?: number;
  verbose?: number;
  /** "auto" minimises unless the monitored name contains "acc". */
  mode?: "auto" | "min" | "max";
  /** Threshold for measuring a new optimum. */
  minDelta?: number;
  cooldown?: number;
  /** Lower bound on the learning rate. */
  minLr?: number;
}

export class ReduceLROnPlateau extends Callback {
  monitor: string;
  factor: number;
  minLr: number;
  minDelta: number;
  patience: number;
  verbose: number;
  cooldown: number;
  cooldownCounter = 0;
  wait = 0;
  best = 0;
  mode: "auto" | "min" | "max";
  private improves: (a: number, b: number) => boolean = () => false;

  constructor(options: ReduceLROnPlateauOptions = {}) {
    super();
    this.monitor = options.monitor ?? "val_loss";
    const factor = options.factor ?? 0.1;
    if (factor >= 1.0) throw new ValueError(`ReduceLROnPlateau does not support a factor >= 1.0. Received factor=${factor}`);
    this.factor = factor;
    this.minLr = options.minLr ?? 0.0;
    this.minDelta = options.minDelta ?? 1e-4;
    this.patience = options.patience ?? 10;
    this.verbose = options.verbose ?? 0;
    this.cooldown = options.cooldown ?? 0;
    this.mode = options.mode ?? "auto";
    this.reset();
  }

  private reset(): void {
    if (!["auto", "min", "max"].includes(this.mode)) {
      console.warn(`Learning rate reduction mode ${this.mode} is unknown, fallback to auto mode.`);
      this.mode = "auto";
    }
    if (this.mode === "min" || (this.mode === "auto" && !this.monitor.includes("acc"))) {
      this.improves = (a, b) => a < b - this.minDelta;
      this.best = Infinity;
    } else {
      this.improves = (a, b) => a > b + this.minDelta;
      this.best = -Infinity;
    }
    this.cooldownCounter = 0;
    this.wait = 0;
  }

  override onTrainBegin(): void {
    this.reset();
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    logs.learning_rate = readLearningRate(this.model.optimizer, "ReduceLROnPlateau");
    const raw = logs[this.monitor];
    if (raw === undefined || raw === null) {
      console.warn(
        `Learning rate reduction is conditioned on metric \`${this.monitor}\` which is not available. ` +
          `Available metrics are: ${Object.keys(logs).join(",")}.`,
      );
      return;
    }
    const current = scalarValue(raw);
    if (this.inCooldown()) {
      this.cooldownCounter -= 1;
      this.wait = 0;
    }
    if (this.improves(current, this.best)) {
      this.best = current;
      this.wait = 0;
    } else if (!this.inCooldown()) {
      this.wait += 1;
      if (this.wait >= this.patience) {
        const oldLr = readLearningRate(this.model.optimizer, "ReduceLROnPlateau");
        if (oldLr > Math.fround(this.minLr)) {
          const newLr = Math.max(oldLr * this.factor, this.minLr);
          (this.model.optimizer as { learningRate: unknown }).learningRate = newLr;
          if (this.verbose > 0) printMsg(`\nEpoch ${epoch + 1}: ReduceLROnPlateau reducing learning rate to ${pyFloat(newLr)}.`);
          this.cooldownCounter = this.cooldown;
          this.wait = 0;
        }
      }
    }
  }

  inCooldown(): boolean {
    return this.cooldownCounter > 0;
  }
}
