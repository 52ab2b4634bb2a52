/**
 * `keras.callbacks.CallbackList`: calls every callback's hook in order. `fit`
 * builds one with a `History` (always) and a `ProgbarLogger` (unless
 * verbose is 0) appended when the user did not pass their own.
 *
 * A hook may return a Promise; the list then returns one for all of them,
 * which `fit` awaits (synchronous `evaluate` / `predict` do not wait).
 */
import { ValueError } from "../engine/errors.js";
import { isTensor } from "../engine/tensor.js";
import type { Model } from "../models/model.js";
import { Callback, CallbackParams, Logs } from "./callback.js";
import { History } from "./history.js";
import { ProgbarLogger } from "./progbar-logger.js";

export interface CallbackListOptions {
  addHistory?: boolean;
  addProgbar?: boolean;
  model?: Model | null;
  /** Passed to every callback's `setParams` (verbose, epochs, steps). */
  params?: CallbackParams;
}

type MaybePromise = void | Promise<void>;

function settle(results: MaybePromise[]): MaybePromise {
  const pending = results.filter((r): r is Promise<void> => r instanceof Promise);
  if (pending.length) return Promise.all(pending).then(() => undefined);
  return undefined;
}

/** Keras's `_pythonify_logs`: keys sorted, tensors and nested dicts flattened to plain numbers. */
export function pythonifyLogs(logs: Logs): Logs {
  const out: Logs = {};
  for (const key of Object.keys(logs).sort()) {
    const value = logs[key];
    if (value !== null && typeof value === "object" && !Array.isArray(value) && !isTensor(value)) {
      Object.assign(out, pythonifyLogs(value as Logs));
    } else {
      out[key] = toNumber(value);
    }
  }
  return out;
}

function toNumber(value: unknown): unknown {
  if (isTensor(value) && value.size === 1) return Number(value.data[0]);
  return value;
}

export class CallbackList extends Callback {
  callbacks: Callback[];
  private _history: History | null = null;
  private _progbar: ProgbarLogger | null = null;

  constructor(callbacks: Callback[] | null | undefined = null, options: CallbackListOptions = {}) {
    super();
    const list = callbacks ? (Array.isArray(callbacks) ? callbacks.flat(Infinity as 1) : [callbacks]) : [];
    for (const cb of list) {
      if (!(cb instanceof Callback)) {
        throw new ValueError(`Expected every entry of \`callbacks\` to be a keras.callbacks.Callback instance. Received: ${String(cb)}`);
      }
    }
    this.callbacks = list as Callback[];
    this.addDefaultCallbacks(options.addHistory ?? false, options.addProgbar ?? false);
    if (options.model) this.setModel(options.model);
    if (options.params) this.setParams(options.params);
  }

  private addDefaultCallbacks(addHistory: boolean, addProgbar: boolean): void {
    for (const cb of this.callbacks) {
      if (cb instanceof ProgbarLogger) this._progbar = cb;
      else if (cb instanceof History) this._history = cb;
    }
    if (this._history === null && addHistory) {
      this._history = new History();
      this.callbacks.push(this._history);
    }
    if (this._progbar === null && addProgbar) {
      this._progbar = new ProgbarLogger();
      this.callbacks.push(this._progbar);
    }
  }

  /** The History callback of this list (the one `fit` returns). */
  get historyCallback(): History | null {
    return this._history;
  }

  append(callback: Callback): void {
    this.callbacks.push(callback);
  }

  override setParams(params: CallbackParams): void {
    this.params = params;
    if (params) for (const cb of this.callbacks) cb.setParams(params);
  }

  override setModel(model: Model): void {
    if (!model) return;
    super.setModel(model);
    if (this._history) (model as { history?: unknown }).history = this._history;
    for (const cb of this.callbacks) cb.setModel(model);
  }

  private each(fn: (cb: Callback) => MaybePromise): MaybePromise {
    return settle(this.callbacks.map(fn));
  }

  override onBatchBegin(batch: number, logs: Logs = {}): MaybePromise {
    return this.each((cb) => cb.onBatchBegin(batch, logs));
  }
  override onBatchEnd(batch: number, logs: Logs = {}): MaybePromise {
    const clean = pythonifyLogs(logs);
    return this.each((cb) => cb.onBatchEnd(batch, clean));
  }
  override onEpochBegin(epoch: number, logs: Logs = {}): MaybePromise {
    return this.each((cb) => cb.onEpochBegin(epoch, logs));
  }
  override onEpochEnd(epoch: number, logs: Logs = {}): MaybePromise {
    return this.each((cb) => cb.onEpochEnd(epoch, logs));
  }
  override onTrainBatchBegin(batch: number, logs: Logs = {}): MaybePromise {
    return this.each((cb) => cb.onTrainBatchBegin(batch, logs));
  }
  override onTrainBatchEnd(batch: number, logs: Logs = {}): MaybePromise {
    const clean = pythonifyLogs(logs);
    return this.each((cb) => cb.onTrainBatchEnd(batch, clean));
  }
  override onTestBatchBegin(batch: number, logs: Logs = {}): MaybePromise {
    return this.each((cb) => cb.onTestBatchBegin(batch, logs));
  }
  override onTestBatchEnd(batch: number, logs: Logs = {}): MaybePromise {
    const clean = pythonifyLogs(logs);
    return this.each((cb) => cb.onTestBatchEnd(batch, clean));
  }
  override onPredictBatchBegin(batch: number, logs: Logs = {}): MaybePromise {
    return this.each((cb) => cb.onPredictBatchBegin(batch, logs));
  }
  override onPredictBatchEnd(batch: number, logs: Logs = {}): MaybePromise {
    return this.each((cb) => cb.onPredictBatchEnd(batch, logs));
  }
  override onTrainBegin(logs: Logs = {}): MaybePromise {
    return this.each((cb) => cb.onTrainBegin(logs));
  }
  override onTrainEnd(logs: Logs = {}): MaybePromise {
    return this.each((cb) => cb.onTrainEnd(logs));
  }
  override onTestBegin(logs: Logs = {}): MaybePromise {
    return this.each((cb) => cb.onTestBegin(logs));
  }
  override onTestEnd(logs: Logs = {}): MaybePromise {
    return this.each((cb) => cb.onTestEnd(logs));
  }
  override onPredictBegin(logs: Logs = {}): MaybePromise {
    return this.each((cb) => cb.onPredictBegin(logs));
  }
  override onPredictEnd(logs: Logs = {}): MaybePromise {
    return this.each((cb) => cb.onPredictEnd(logs));
  }
}
