/**
 * `keras.callbacks.ModelCheckpoint(filepath, { monitor, verbose, saveBestOnly,
 * saveWeightsOnly, mode, saveFreq, initialValueThreshold })`: saves the model
 * (a `.keras` file) or its weights (a `.weights.h5` file) at the end of every
 * epoch or every `saveFreq` batches, optionally only when the monitored
 * quantity improves. The path may hold Python format fields filled from the
 * epoch (1-based), the batch and the logs: `model.{epoch:02d}-{val_loss:.2f}.keras`.
 * Files are written atomically (see saving/atomic-write.ts).
 */
import { ValueError } from "../engine/errors.js";
import { printMsg } from "../utils/progbar.js";
import { dirnameOfPath, fileExists, makeDirs } from "../saving/atomic-write.js";
import { Callback, Logs } from "./callback.js";
import { formatPathTemplate } from "./path-template.js";
import { BatchSaveCounter, Comparison, isImprovement, monitorComparison, scalarValue } from "./monitor.js";

export interface ModelCheckpointOptions {
  /** Quantity to monitor for `saveBestOnly` (default "val_loss"). */
  monitor?: string;
  verbose?: number;
  /** Save only when the monitored quantity improves on the best so far. */
  saveBestOnly?: boolean;
  /** Save the weights (`.weights.h5`) instead of the whole model (`.keras`). */
  saveWeightsOnly?: boolean;
  /** "min", "max", or "auto" (from the metric's direction; losses are minimised). */
  mode?: "auto" | "min" | "max";
  /** "epoch", or a number of batches between saves. */
  saveFreq?: "epoch" | number;
  /** The initial "best" value for `saveBestOnly`. */
  initialValueThreshold?: number | null;
}

export class ModelCheckpoint extends Callback {
  filepath: string;
  monitor: string;
  verbose: number;
  saveBestOnly: boolean;
  saveWeightsOnly: boolean;
  mode: "auto" | "min" | "max";
  saveFreq: "epoch" | number;
  best: number | null;
  minDelta = 0;
  monitorOp: Comparison | null = null;
  private readonly batches = new BatchSaveCounter();
  private currentEpoch = 0;

  constructor(filepath: string, options: ModelCheckpointOptions = {}) {
    super();
    let mode = options.mode ?? "auto";
    if (!["auto", "min", "max"].includes(mode)) {
      console.warn(`ModelCheckpoint mode '${mode}' is unknown, fallback to auto mode.`);
      mode = "auto";
    }
    this.filepath = String(filepath);
    this.monitor = options.monitor ?? "val_loss";
    this.verbose = options.verbose ?? 0;
    this.saveBestOnly = options.saveBestOnly ?? false;
    this.saveWeightsOnly = options.saveWeightsOnly ?? false;
    this.mode = mode;
    this.saveFreq = options.saveFreq ?? "epoch";
    this.best = options.initialValueThreshold ?? null;
    if (this.saveFreq !== "epoch" && !(Number.isInteger(this.saveFreq) && (this.saveFreq as number) > 0)) {
      throw new ValueError(`Unrecognized save_freq: ${String(this.saveFreq)}. Expected save_freq are 'epoch' or integer values`);
    }
    if (this.saveWeightsOnly) {
      if (!this.filepath.endsWith(".weights.h5")) {
        throw new ValueError(
          "When using `save_weights_only=True` in `ModelCheckpoint`, the filepath provided must end in `.weights.h5` " +
            `(Keras weights format). Received: filepath=${this.filepath}`,
        );
      }
    } else if (!this.filepath.endsWith(".keras") && !this.filepath.endsWith(".h5")) {
      throw new ValueError(`The filepath provided must end in \`.keras\` (Keras model format). Received: filepath=${this.filepath}`);
    }
  }

  override async onTrainBatchEnd(batch: number, logs?: Logs): Promise<void> {
    if (this.shouldSaveOnBatch(batch)) await this.saveModel(this.currentEpoch, batch, logs);
  }

  override onEpochBegin(epoch: number): void {
    this.currentEpoch = epoch;
  }

  override async onEpochEnd(epoch: number, logs?: Logs): Promise<void> {
    // Set up once the model's metrics are built.
    if (this.monitorOp === null) this.setMonitorOp();
    if (this.saveFreq === "epoch") await this.saveModel(epoch, null, logs);
  }

  private setMonitorOp(): void {
    this.monitorOp = monitorComparison(this.mode, this.monitor, this._model);
    if (this.monitorOp === null) {
      throw new ValueError(
        `ModelCheckpoint callback received monitor=${this.monitor}, but Keras isn't able to automatically determine whether ` +
          "that metric should be maximized or minimized. Pass `mode='max'` in order to monitor based on the highest metric " +
          "value, or pass `mode='min'` in order to use the lowest value.",
      );
    }
    if (this.monitorOp === "less") this.minDelta *= -1;
    if (this.best === null) this.best = this.monitorOp === "less" ? Infinity : -Infinity;
  }

  private isImprovement(value: number, reference: number | null): boolean {
    return reference === null || isImprovement(this.monitorOp!, this.minDelta, value, reference);
  }

  private shouldSaveOnBatch(batch: number): boolean {
    return this.batches.shouldSave(batch, this.saveFreq);
  }

  private shouldSaveModel(epoch: number, logs: Logs, filepath: string): boolean {
    if (!this.saveBestOnly) {
      if (this.verbose > 0) printMsg(`\nEpoch ${epoch + 1}: saving model to ${filepath}`);
      return true;
    }
    const raw = logs[this.monitor];
    if (raw === undefined || raw === null) {
      console.warn(`Can save best model only with ${this.monitor} available.`);
      return true;
    }
    const shape = (raw as { shape?: unknown }).shape;
    if (Array.isArray(shape) && shape.length > 0) {
      console.warn(`Can save best model only when \`monitor\` is a scalar value. Received: ${String(raw)}. Falling back to \`save_best_only=False\`.`);
      return true;
    }
    const current = scalarValue(raw);
    if (this.monitorOp === null) this.setMonitorOp();
    const bestText = this.best === null ? "None" : this.best.toFixed(5).replace("Infinity", "inf");
    if (this.isImprovement(current, this.best)) {
      if (this.verbose > 0) {
        printMsg(`\nEpoch ${epoch + 1}: ${this.monitor} improved from ${bestText} to ${current.toFixed(5)}, saving model to ${filepath}`);
      }
      this.best = current;
      return true;
    }
    if (this.verbose > 0) printMsg(`\nEpoch ${epoch + 1}: ${this.monitor} did not improve from ${bestText}`);
    return false;
  }

  /** The file name for this save: the template filled with epoch (1-based), batch (1-based) and the logs. */
  getFilePath(epoch: number, batch: number | null, logs: Logs = {}): string {
    const values: Record<string, unknown> = { ...logs, epoch: epoch + 1 };
    if (batch !== null && !("batch" in logs)) values.batch = batch + 1;
    return formatPathTemplate(this.filepath, values);
  }

  private async saveModel(epoch: number, batch: number | null, logs: Logs = {}): Promise<void> {
    const filepath = this.getFilePath(epoch, batch, logs);
    if (!this.shouldSaveModel(epoch, logs, filepath)) return;
    const dir = dirnameOfPath(filepath);
    if (dir && !fileExists(dir)) makeDirs(dir);
    if (this.saveWeightsOnly) await this.model.saveWeights(filepath);
    else await this.model.save(filepath);
  }
}
