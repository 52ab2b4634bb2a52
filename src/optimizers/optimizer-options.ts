/**
 * Reading optimizer constructor options: Keras's keyword arguments in
 * camelCase, with Keras's rule that unknown arguments are an error and
 * light type checks so a misspelt or mistyped option never passes silently.
 */
import { ValueError } from "../engine/errors.js";
import { LearningRateSchedule } from "./schedules/learning-rate-schedule.js";
import type { Tensor } from "../engine/tensor.js";

/** A learning rate: a number, a schedule, or a function of no arguments returning the current value. */
export type LearningRateLike = number | LearningRateSchedule | (() => number | Tensor);

/** The arguments every Keras optimizer accepts (Keras's `base_optimizer_keyword_args`). */
export interface BaseOptimizerOptions {
  learningRate?: LearningRateLike;
  weightDecay?: number | null;
  clipnorm?: number | null;
  clipvalue?: number | null;
  globalClipnorm?: number | null;
  useEma?: boolean;
  emaMomentum?: number;
  emaOverwriteFrequency?: number | null;
  lossScaleFactor?: number | null;
  gradientAccumulationSteps?: number | null;
  name?: string | null;
  /** Keras 2's `decay`: accepted and ignored with a warning, as Keras 3 does. */
  decay?: unknown;
}

export const BASE_OPTION_KEYS: readonly string[] = [
  "learningRate", "weightDecay", "clipnorm", "clipvalue", "globalClipnorm", "useEma", "emaMomentum",
  "emaOverwriteFrequency", "lossScaleFactor", "gradientAccumulationSteps", "name", "decay",
];

/** Throws Keras's "Argument(s) not recognized" for keys outside `known`. */
export function checkOptionKeys(className: string, options: object, known: readonly string[]): void {
  const unknown = Object.keys(options).filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    throw new ValueError(`${className}: argument(s) not recognized: ${unknown.join(", ")}. Valid arguments: ${known.join(", ")}.`);
  }
}

/** `options` with `defaults` filled in where a key is absent or undefined. */
export function withDefaults<T extends object>(options: T | LearningRateLike | undefined, defaults: Partial<T>): T {
  const out: Record<string, unknown> = { ...(optionsFromArgument<T>(options) as Record<string, unknown>) };
  for (const [k, v] of Object.entries(defaults)) if (out[k] === undefined) out[k] = v;
  return out as T;
}

/** A number option (NaN rejected); `null` allowed when `nullable`. */
export function numberOption(className: string, value: unknown, argName: string, nullable: true): number | null;
export function numberOption(className: string, value: unknown, argName: string, nullable?: false): number;
export function numberOption(className: string, value: unknown, argName: string, nullable = false): number | null {
  if (nullable && (value === null || value === undefined)) return null;
  if (typeof value !== "number" || Number.isNaN(value)) {
    throw new ValueError(`${className}: argument \`${argName}\` must be a number${nullable ? " or null" : ""}. Received: ${argName}=${formatValue(value)}`);
  }
  return value;
}

export function booleanOption(className: string, value: unknown, argName: string): boolean {
  if (typeof value !== "boolean") {
    throw new ValueError(`${className}: argument \`${argName}\` must be a boolean. Received: ${argName}=${formatValue(value)}`);
  }
  return value;
}

export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "function") return `<function ${value.name || "anonymous"}>`;
  if (typeof value === "object") {
    try {
      return JSON.stringify(value);
    } catch {
      return String(value);
    }
  }
  return String(value);
}

/**
 * Keras's first positional argument is `learning_rate` (`Adam(0.01)`); accept a
 * number, schedule or function there as well as an options object.
 */
export function optionsFromArgument<T extends object>(options: T | LearningRateLike | undefined): T {
  if (options === undefined || options === null) return {} as T;
  if (typeof options === "number" || typeof options === "function" || isSchedule(options)) {
    return { learningRate: options } as unknown as T;
  }
  return options as T;
}

function isSchedule(x: unknown): boolean {
  return typeof x === "object" && x !== null && typeof (x as { getConfig?: unknown }).getConfig === "function" &&
    typeof (x as { apply?: unknown }).apply === "function" && !("learningRate" in (x as object));
}
