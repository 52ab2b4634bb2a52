/**
 * Shared by the callbacks that watch a logged quantity: reading the value
 * (with Keras's warning when it is missing) and the optimizer's learning rate.
 */
import { isTensor, Tensor } from "../engine/tensor.js";
import type { Logs } from "./callback.js";

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

/** Python's `repr(float)`: "0.001", "1e-05", "2.0". */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  const [mantissa, exp] = x.toExponential().split("e");
  const e = Number(exp);
  if (e < -4 || e >= 16) return `${mantissa}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  return Number.isInteger(x) ? `${x}.0` : String(x);
}
