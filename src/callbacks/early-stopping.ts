/**
 * `keras.callbacks.EarlyStopping`: stops training when a monitored quantity
 * has stopped improving for `patience` epochs, optionally restoring the
 * weights of the best epoch at the end of training.
 */
import { ValueError } from "../engine/errors.js";
import type { Tensor } from "../engine/tensor.js";
import { Callback, Logs } from "./callback.js";
import { Comparison, isImprovement, monitorComparison, monitorValue } from "./monitor.js";
import { printMsg } from "../utils/progbar.js";

export interface EarlyStoppingOptions {
  /** Quantity to monitor (default "val_loss"). */
  monitor?: string;
  /** Smallest change that counts as an improvement (absolute value used). */
  minDelta?: number;
  /** Epochs without improvement before stopping (default 0). */
  patience?: number;
  verbose?: number;
  /** "min", "max", or "auto" (from the metric's direction; losses are minimised). */
  mode?: "auto" | "min" | "max";
  /** Training stops if the model does not beat this value. */
  baseline?: number | null;
  /** Restore the weights of the best epoch when training ends. */
  restoreBestWeights?: boolean;
  /** Epochs to wait before monitoring starts. */
  startFromEpoch?: number;
}

export class EarlyStopping extends Callback {
  monitor: string;
  patience: number;
  verbose: number;
  baseline: number | null;
  minDelta: number;
  wait = 0;
  stoppedEpoch = 0;
  restoreBestWeights: boolean;
  bestWeights: Tensor[] | null = null;
  bestEpoch = 0;
  startFromEpoch: number;
  mode: "auto" | "min" | "max";
  best = Infinity;
  /** Set on the first `onEpochEnd`, once the model's metrics are built. */
  monitorOp: Comparison | null = null;

  constructor(options: EarlyStoppingOptions = {}) {
    super();
    this.monitor = options.monitor ?? "val_loss";
    this.patience = options.patience ?? 0;
    this.verbose = options.verbose ?? 0;
    this.baseline = options.baseline ?? null;
    this.minDelta = Math.abs(options.minDelta ?? 0);
    this.restoreBestWeights = options.restoreBestWeights ?? false;
    this.startFromEpoch = options.startFromEpoch ?? 0;
    let mode = options.mode ?? "auto";
    if (!["auto", "min", "max"].includes(mode)) {
      console.warn(`EarlyStopping mode ${mode} is unknown, fallback to auto mode.`);
      mode = "auto";
    }
    this.mode = mode;
  }

  private setMonitorOp(): void {
    this.monitorOp = monitorComparison(this.mode, this.monitor, this._model);
    if (this.monitorOp === null) {
      throw new ValueError(
        `EarlyStopping callback received monitor=${this.monitor} but Keras isn't able to automatically determine whether that ` +
          "metric should be maximized or minimized. Pass `mode='max'` in order to do early stopping based on the highest metric " +
          "value, or pass `mode='min'` in order to use the lowest value.",
      );
    }
    if (this.monitorOp === "less") this.minDelta *= -1;
    this.best = this.monitorOp === "less" ? Infinity : -Infinity;
  }

  override onTrainBegin(): void {
    // Instances can be reused across fits.
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.bestWeights = null;
    this.bestEpoch = 0;
  }

  override onEpochEnd(epoch: number, logs?: Logs): void {
    if (this.monitorOp === null) this.setMonitorOp();
    const current = monitorValue(logs, this.monitor, "Early stopping");
    if (current === undefined || epoch < this.startFromEpoch) return;
    if (this.restoreBestWeights && this.bestWeights === null) {
      // Until something improves, the current weights are the best ones.
      this.bestWeights = this.model.getWeights();
      this.bestEpoch = epoch;
    }
    this.wait += 1;
    if (this.isImprovement(current, this.best)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) this.bestWeights = this.model.getWeights();
      // The wait restarts only when both the previous best and the baseline are beaten.
      if (this.baseline === null || this.isImprovement(current, this.baseline)) this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      this.model.stopTraining = true;
    }
  }

  override onTrainEnd(): void {
    if (this.stoppedEpoch > 0 && this.verbose > 0) printMsg(`Epoch ${this.stoppedEpoch + 1}: early stopping`);
    if (this.restoreBestWeights && this.bestWeights !== null) {
      if (this.verbose > 0) printMsg(`Restoring model weights from the end of the best epoch: ${this.bestEpoch + 1}.`);
      this.model.setWeights(this.bestWeights);
    }
  }

  private isImprovement(value: number, reference: number): boolean {
    return isImprovement(this.monitorOp!, this.minDelta, value, reference);
  }
}
