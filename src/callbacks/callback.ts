/**
 * `keras.callbacks.Callback`: the base class of everything `fit`, `evaluate`
 * and `predict` call back into. Every hook is a no-op; subclasses override
 * the ones they need. `onTrainBatchBegin/End` forward to the older
 * `onBatchBegin/End` aliases, as in Keras.
 */
import type { Model } from "../models/model.js";

/** Logs passed to the hooks: metric name -> value ("loss", "accuracy", "val_loss", ...). */
export type Logs = Record<string, any>;

/** What `fit` / `evaluate` / `predict` pass to `setParams`. */
export interface CallbackParams {
  verbose?: number | "auto";
  epochs?: number;
  /** Batches per epoch, or null when unknown. */
  steps?: number | null;
  [key: string]: unknown;
}

export class Callback {
  params: CallbackParams | null = null;
  protected _model: Model | null = null;

  setParams(params: CallbackParams): void {
    this.params = params;
  }

  setModel(model: Model): void {
    this._model = model;
  }

  /** The model being trained (set by `fit` / `evaluate` / `predict`). */
  get model(): Model {
    return this._model as Model;
  }

  set model(model: Model) {
    this._model = model;
  }

  /** Backwards-compatible alias of `onTrainBatchBegin`. */
  onBatchBegin(_batch: number, _logs?: Logs): void | Promise<void> {}
  /** Backwards-compatible alias of `onTrainBatchEnd`. */
  onBatchEnd(_batch: number, _logs?: Logs): void | Promise<void> {}
  /** At the start of an epoch (`fit` only). */
  onEpochBegin(_epoch: number, _logs?: Logs): void | Promise<void> {}
  /** At the end of an epoch (`fit` only); `logs` holds the epoch's metrics and, after validation, the `val_` ones. */
  onEpochEnd(_epoch: number, _logs?: Logs): void | Promise<void> {}

  onTrainBatchBegin(batch: number, logs?: Logs): void | Promise<void> {
    return this.onBatchBegin(batch, logs);
  }

  onTrainBatchEnd(batch: number, logs?: Logs): void | Promise<void> {
    return this.onBatchEnd(batch, logs);
  }

  onTestBatchBegin(_batch: number, _logs?: Logs): void | Promise<void> {}
  onTestBatchEnd(_batch: number, _logs?: Logs): void | Promise<void> {}
  onPredictBatchBegin(_batch: number, _logs?: Logs): void | Promise<void> {}
  onPredictBatchEnd(_batch: number, _logs?: Logs): void | Promise<void> {}
  onTrainBegin(_logs?: Logs): void | Promise<void> {}
  onTrainEnd(_logs?: Logs): void | Promise<void> {}
  onTestBegin(_logs?: Logs): void | Promise<void> {}
  onTestEnd(_logs?: Logs): void | Promise<void> {}
  onPredictBegin(_logs?: Logs): void | Promise<void> {}
  onPredictEnd(_logs?: Logs): void | Promise<void> {}
}
