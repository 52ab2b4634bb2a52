/**
 * Shared by the callbacks that watch a logged quantity: reading the value
 * (with Keras's warning when it is missing) and the optimizer's learning rate.
 */
import { isTensor, Tensor } from "../engine/tensor.js";
import type { Logs } from "./callback.js";
import { pythonFloatRepr } from "../saving/python-json.js";

/** The number behind a log value, a Tensor or a Variable. */
export function scalarValue(x: unknown): number {
  if (typeof x === "number") return x;
  if (isTensor(x)) return Number(x.data[0]);
  if (x && typeof x === "object" && "value" in x && isTensor((x as { value: unknown }).value)) {
    return Number(((x as { value: Tensor }).value).data[0]);
  }
  return Number(x);
}

/** `logs[monitor]`, or undefined with a warning naming the available keys. */
export function monitorValue(logs: Logs | undefined, monitor: string, what: string): number | undefined {
  const value = logs?.[monitor];
  if (value === undefined || value === null) {
    console.warn(`${what} conditioned on metric \`${monitor}\` which is not available. Available metrics are: ${Object.keys(logs ?? {}).join(",")}`);
    return undefined;
  }
  return scalarValue(value);
}

interface HasLearningRate {
  learningRate: unknown;
}

/** The optimizer's current learning rate as a number. */
export function readLearningRate(optimizer: unknown, context: string): number {
  if (!optimizer || typeof optimizer !== "object" || !("learningRate" in optimizer)) {
    throw new Error(`${context}: the model's optimizer must have a "learningRate" attribute.`);
  }
  return scalarValue((optimizer as HasLearningRate).learningRate);
}

/** Python's `repr(float)`: "0.001", "1e-05", "2.0", "nan", "inf" (the digits are saving's writer's). */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  return pythonFloatRepr(x);
}

export type Comparison = "less" | "greater";

/** The metrics compiled into the model (the entries of CompileMetrics), for direction lookups. */
export function compiledMetrics(model: unknown): { name: string; direction?: string | null }[] {
  const out: { name: string; direction?: string | null }[] = [];
  const metrics = (model as { metrics?: unknown[] } | null)?.metrics ?? [];
  for (const m of metrics) {
    const sub = (m as { metrics?: unknown }).metrics;
    if ((m as { isCompileMetrics?: boolean }).isCompileMetrics && Array.isArray(sub)) out.push(...(sub as { name: string }[]));
  }
  return out;
}

/**
 * Keras's monitor_op choice: "min"/"max" modes decide; in "auto", loss
 * (with or without "val_") is minimized and a compiled metric says its own
 * direction. Null when "auto" cannot tell (each callback raises its message).
 */
export function monitorComparison(mode: string, monitor: string, model: unknown): Comparison | null {
  if (mode === "min") return "less";
  if (mode === "max") return "greater";
  const metricName = monitor.startsWith("val_") ? monitor.slice(4) : monitor;
  let comparison: Comparison | null = metricName === "loss" ? "less" : null;
  for (const m of compiledMetrics(model)) {
    if (m.name === metricName && m.direction) comparison = m.direction === "up" ? "greater" : "less";
  }
  return comparison;
}

/** Whether `value` beats `reference` by more than minDelta (already negated for "less", as Keras stores it). */
export function isImprovement(comparison: Comparison, minDelta: number, value: number, reference: number): boolean {
  const shifted = value - minDelta;
  return comparison === "less" ? shifted < reference : shifted > reference;
}

/**
 * Keras's save_freq batch counting (ModelCheckpoint, BackupAndRestore):
 * robust to batches being skipped (steps_per_execution) and to the batch
 * index restarting each epoch.
 */
export class BatchSaveCounter {
  private batchesSinceLastSave = 0;
  lastBatchSeen = 0;

  /** Counts up to `batch`; true when saveFreq batches have passed since the last save. */
  shouldSave(batch: number, saveFreq: "epoch" | number): boolean {
    if (saveFreq === "epoch") return false;
    this.batchesSinceLastSave += batch <= this.lastBatchSeen ? batch + 1 : batch - this.lastBatchSeen;
    this.lastBatchSeen = batch;
    if (this.batchesSinceLastSave < saveFreq) return false;
    this.batchesSinceLastSave = 0;
    return true;
  }
}
