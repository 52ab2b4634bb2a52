/**
 * `keras.callbacks.ProgbarLogger`: the progress bar of `fit`, `evaluate` and
 * `predict`. `fit` adds one unless `verbose` is 0. Inside `fit`, validation
 * runs silently; "Epoch 3/10" heads each epoch when there is more than one.
 * Values are shown as the logs give them: the metrics are already running
 * means, so the bar does not average them again.
 */
import { Progbar, ProgbarOptions, printMsg } from "../utils/progbar.js";
import { Callback, CallbackParams, Logs } from "./callback.js";

export interface ProgbarLoggerOptions {
  /** Keep the bar at the top of the terminal (the epoch line clears the screen line first). */
  pinned?: boolean;
  /** Output and clock overrides, passed to each Progbar (tests, custom sinks). */
  progbar?: Pick<ProgbarOptions, "write" | "dynamic" | "now" | "interval">;
}

export class ProgbarLogger extends Callback {
  seen = 0;
  progbar: Progbar | null = null;
  target: number | null = null;
  verbose = 1;
  epochs = 1;
  readonly pinned: boolean;
  private calledInFit = false;
  private readonly progbarOptions: ProgbarLoggerOptions["progbar"];

  constructor(options: ProgbarLoggerOptions = {}) {
    super();
    this.pinned = options.pinned ?? false;
    this.progbarOptions = options.progbar ?? {};
  }

  override setParams(params: CallbackParams): void {
    super.setParams(params);
    const verbose = params.verbose ?? 1;
    this.verbose = verbose === "auto" ? 1 : verbose;
    this.epochs = params.epochs ?? 1;
    this.target = params.steps ?? null;
  }

  override onTrainBegin(): void {
    // Validation inside `fit` stays silent.
    this.calledInFit = true;
  }

  override onTestBegin(): void {
    if (!this.calledInFit) {
      this.resetProgbar();
      this.maybeInitProgbar();
    }
  }

  override onPredictBegin(): void {
    this.resetProgbar();
    this.maybeInitProgbar();
  }

  override onEpochBegin(epoch: number): void {
    this.resetProgbar();
    this.maybeInitProgbar();
    if (this.verbose && this.epochs > 1) {
      const line = `Epoch ${epoch + 1}/${this.epochs}`;
      this.print(this.pinned ? `\x1b[H\x1b[K${line}` : line);
    }
  }

  override onTrainBatchEnd(batch: number, logs?: Logs): void {
    this.updateProgbar(batch, logs);
  }

  override onTestBatchEnd(batch: number, logs?: Logs): void {
    if (!this.calledInFit) this.updateProgbar(batch, logs);
  }

  override onPredictBatchEnd(batch: number): void {
    // Predictions are not metrics: the bar shows progress only.
    this.updateProgbar(batch, null);
  }

  override onEpochEnd(_epoch: number, logs?: Logs): void {
    this.finalizeProgbar(logs);
  }

  override onTestEnd(logs?: Logs): void {
    if (!this.calledInFit) this.finalizeProgbar(logs);
  }

  override onPredictEnd(): void {
    this.finalizeProgbar(null);
  }

  override onTrainEnd(): void {
    this.calledInFit = false;
  }

  private print(line: string): void {
    const write = this.progbarOptions?.write;
    if (write) write(`${line}\n`);
    else printMsg(line);
  }

  private resetProgbar(): void {
    this.seen = 0;
    this.progbar = null;
  }

  private maybeInitProgbar(): void {
    if (this.progbar === null) {
      // Every logged value is already a running mean: shown as given.
      this.progbar = new Progbar(this.target, { verbose: this.verbose, unitName: "step", statelessMetrics: [], ...this.progbarOptions });
    }
  }

  private updateProgbar(batch: number, logs: Logs | null | undefined): void {
    this.maybeInitProgbar();
    this.seen = batch + 1;
    if (this.verbose === 1) this.progbar!.update(this.seen, numericEntries(logs), false);
  }

  private finalizeProgbar(logs: Logs | null | undefined): void {
    this.maybeInitProgbar();
    if (this.target === null) {
      this.target = this.seen;
      this.progbar!.target = this.target;
    }
    this.progbar!.update(this.target, numericEntries(logs), true);
  }
}

function numericEntries(logs: Logs | null | undefined): [string, number][] {
  if (!logs) return [];
  return Object.entries(logs).filter((e): e is [string, number] => typeof e[1] === "number");
}
