/**
 * `keras.callbacks.History`: records the epoch logs. `fit` adds one to every
 * run and returns it; `history.history` maps each metric name ("loss",
 * "accuracy", "val_loss", ...) to its value per epoch.
 */
import { Callback, Logs } from "./callback.js";

export class History extends Callback {
  history: Record<string, number[]> = {};
  /** The epoch indices seen (0-based, starting at `initialEpoch`). */
  epoch: number[] = [];

  override onTrainBegin(): void {
    this.epoch = [];
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    this.epoch.push(epoch);
    for (const [k, v] of Object.entries(logs)) (this.history[k] ??= []).push(v);
    // The model points at the latest History (Keras sets it after each epoch too).
    if (this._model) (this._model as { history?: unknown }).history = this;
  }
}
