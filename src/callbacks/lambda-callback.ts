/**
 * `keras.callbacks.LambdaCallback`: a callback from plain functions, e.g.
 * `new LambdaCallback({ onEpochEnd: (epoch, logs) => console.log(logs.loss) })`.
 * Any hook of `Callback` can be given (Keras's six plus the test/predict ones).
 */
import { Callback, Logs } from "./callback.js";

type EpochHook = (epoch: number, logs?: Logs) => void | Promise<void>;
type BatchHook = (batch: number, logs?: Logs) => void | Promise<void>;
type LogsHook = (logs?: Logs) => void | Promise<void>;

export interface LambdaCallbackOptions {
  onEpochBegin?: EpochHook;
  onEpochEnd?: EpochHook;
  onBatchBegin?: BatchHook;
  onBatchEnd?: BatchHook;
  onTrainBegin?: LogsHook;
  onTrainEnd?: LogsHook;
  onTrainBatchBegin?: BatchHook;
  onTrainBatchEnd?: BatchHook;
  onTestBegin?: LogsHook;
  onTestEnd?: LogsHook;
  onTestBatchBegin?: BatchHook;
  onTestBatchEnd?: BatchHook;
  onPredictBegin?: LogsHook;
  onPredictEnd?: LogsHook;
  onPredictBatchBegin?: BatchHook;
  onPredictBatchEnd?: BatchHook;
}

const HOOKS = [
  "onEpochBegin", "onEpochEnd", "onBatchBegin", "onBatchEnd", "onTrainBegin", "onTrainEnd", "onTrainBatchBegin", "onTrainBatchEnd",
  "onTestBegin", "onTestEnd", "onTestBatchBegin", "onTestBatchEnd", "onPredictBegin", "onPredictEnd", "onPredictBatchBegin",
  "onPredictBatchEnd",
] as const;

export class LambdaCallback extends Callback {
  constructor(hooks: LambdaCallbackOptions = {}) {
    super();
    for (const key of Object.keys(hooks)) {
      if (!(HOOKS as readonly string[]).includes(key)) {
        throw new TypeError(`LambdaCallback: unknown hook "${key}". Valid hooks: ${HOOKS.join(", ")}.`);
      }
    }
    for (const name of HOOKS) {
      const fn = hooks[name];
      if (fn === undefined) continue;
      if (typeof fn !== "function") throw new TypeError(`LambdaCallback: \`${name}\` must be a function. Received: ${String(fn)}`);
      (this as unknown as Record<string, unknown>)[name] = fn;
    }
  }
}
