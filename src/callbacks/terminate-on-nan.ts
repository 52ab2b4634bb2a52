/**
 * `keras.callbacks.TerminateOnNaN`: stops training at the first batch whose
 * loss is NaN or infinite (or, with `raiseError`, throws right away, so no
 * other callback's `onTrainEnd` runs).
 */
import { RuntimeError } from "../engine/errors.js";
import { Callback, Logs } from "./callback.js";
import { pyFloat, scalarValue } from "./monitor.js";
import { printMsg } from "../utils/progbar.js";

export class TerminateOnNaN extends Callback {
  readonly raiseError: boolean;

  constructor(options: { raiseError?: boolean } = {}) {
    super();
    this.raiseError = options.raiseError ?? false;
  }

  override onBatchEnd(batch: number, logs: Logs = {}): void {
    if (logs.loss === undefined || logs.loss === null) return;
    const loss = scalarValue(logs.loss);
    if (Number.isFinite(loss)) return;
    if (this.raiseError) {
      throw new RuntimeError(`NaN or Inf loss encountered at batch ${batch}. Loss value: ${pyFloat(loss)}. Terminating training immediately.`);
    }
    printMsg(`Batch ${batch}: Invalid loss, terminating training`);
    this.model.stopTraining = true;
  }
}
