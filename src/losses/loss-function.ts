/**
 * Plumbing shared by the loss (and metric) functions: their Keras names (for
 * serialization), Keras-style optional arguments, and the input conversion
 * every function starts with.
 */
import { Tensor } from "../engine/tensor.js";
import { ValueError } from "../engine/errors.js";
import { isPlainObject } from "../ops/op.js";
import { toTensor, TensorLike } from "../engine/convert.js";
import { broadcastShapes, formatShape } from "../engine/shape.js";
import * as ops from "../ops/index.js";
import { getRegisteredName, getRegisteredObject, isRegisteredCustom, Serializable } from "../saving/object-registration.js";

/** A loss or metric function: (yTrue, yPred, ...options) -> per-sample values. */
export type LossFunction = (yTrue: any, yPred: any, ...rest: any[]) => Tensor;

const kerasNameOf = new Map<unknown, string>();
const byKerasName = new Map<string, LossFunction>();
const lossNames = new Set<string>();

/**
 * Records the Keras (snake_case) name of a built-in function, e.g.
 * "mean_squared_error". Metric-only functions ("binary_accuracy") pass
 * `isLoss = false`, so `keras.losses.get` does not find them.
 */
export function defineLossFunction<F extends LossFunction>(kerasName: string, fn: F, isLoss = true): F {
  kerasNameOf.set(fn, kerasName);
  if (!byKerasName.has(kerasName)) byKerasName.set(kerasName, fn);
  if (isLoss) lossNames.add(kerasName);
  return fn;
}

/** The Keras name of a built-in loss / metric function, or undefined. */
export function lossFunctionName(fn: unknown): string | undefined {
  return kerasNameOf.get(fn);
}

/** A built-in loss function by Keras name (metric functions too with `includeMetrics`). */
export function lossFunctionByName(name: string, includeMetrics = false): LossFunction | undefined {
  return includeMetrics || lossNames.has(name) ? byKerasName.get(name) : undefined;
}

/**
 * Keras-style optional arguments: positional values in `names` order, or one
 * options object with those camelCase names. Unknown names are an error.
 */
export function readArgs<T extends object>(fnName: string, rest: readonly unknown[], names: readonly (keyof T & string)[]): Partial<T> {
  if (rest.length === 1 && isPlainObject(rest[0])) {
    const obj = rest[0];
    for (const k of Object.keys(obj)) {
      if (!names.includes(k as keyof T & string)) {
        throw new TypeError(`${fnName}: unknown option "${k}". Valid options: ${names.join(", ")}.`);
      }
    }
    return obj as Partial<T>;
  }
  if (rest.length > names.length) {
    throw new TypeError(`${fnName}: expected at most ${names.length} optional arguments (${names.join(", ")}), received ${rest.length}.`);
  }
  const out: Record<string, unknown> = {};
  rest.forEach((v, i) => {
    if (v !== undefined) out[names[i]] = v;
  });
  return out as Partial<T>;
}

/** Keras's opening lines: y_pred as a tensor, y_true converted to y_pred's dtype. */
export function predAndTruth(yTrue: TensorLike, yPred: TensorLike, fnName: string): [Tensor, Tensor] {
  const pred = toTensor(yPred, undefined, fnName);
  const truth = toTensor(yTrue, pred.dtype, fnName);
  return [truth, pred];
}

/** y_pred as a tensor and y_true cast to its dtype (Keras's `ops.cast(y_true, y_pred.dtype)`). */
export function castTruth(yTrue: TensorLike, yPred: TensorLike, fnName: string): [Tensor, Tensor] {
  const pred = toTensor(yPred, undefined, fnName);
  const truth = ops.cast(toTensor(yTrue, undefined, fnName), pred.dtype);
  return [truth, pred];
}

/** Throws a ValueError naming `fnName` when y_true and y_pred cannot broadcast together. */
export function requireBroadcastable(yTrue: Tensor, yPred: Tensor, fnName: string): void {
  try {
    broadcastShapes(yTrue.shape, yPred.shape);
  } catch {
    throw new ValueError(
      `${fnName}: y_true and y_pred have incompatible shapes: y_true.shape=${formatShape(yTrue.shape)}, y_pred.shape=${formatShape(yPred.shape)}.`,
    );
  }
}

/** Throws a ValueError naming `fnName` unless y_true and y_pred have exactly the same shape. */
export function requireSameShape(yTrue: Tensor, yPred: Tensor, fnName: string): void {
  const a = yTrue.shape;
  const b = yPred.shape;
  if (a.length !== b.length || a.some((d, i) => d !== b[i])) {
    throw new ValueError(
      `${fnName}: y_true and y_pred must have the same shape. Received: y_true.shape=${formatShape(a)}, y_pred.shape=${formatShape(b)}.`,
    );
  }
}

/** Keras's check that `axis` is an int and not a bool. */
export function checkIntAxis(axis: unknown, fnName: string): void {
  if (typeof axis === "boolean" || typeof axis !== "number" || !Number.isInteger(axis)) {
    throw new ValueError(`${fnName}: \`axis\` must be of type \`int\`. Received: axis=${String(axis)} of type ${typeof axis}`);
  }
}

/**
 * A function as Keras writes it inside a wrapper config: built-ins as
 * {module: "builtins", class_name: "function", config: name, registered_name: "function"}
 * (what Keras 3.15.1 writes for `MeanMetricWrapper(fn=mean_absolute_error)`),
 * registered custom functions under their registered name.
 */
export function serializeLossFunction(fn: unknown): Record<string, unknown> {
  const builtin = lossFunctionName(fn);
  if (builtin) return { module: "builtins", class_name: "function", config: builtin, registered_name: "function" };
  if (typeof fn === "function" && isRegisteredCustom(fn as Serializable)) {
    const name = getRegisteredName(fn as Serializable);
    return { module: null, class_name: "function", config: name, registered_name: name };
  }
  throw new ValueError(
    `Cannot serialize the function '${(fn as { name?: string })?.name || "<anonymous>"}': it is neither a built-in Keras loss or metric ` +
      `function nor registered with keras.saving.registerKerasSerializable().`,
  );
}

export type CustomObjects = Record<string, Serializable> | Map<string, Serializable> | null | undefined;

/** The function a {class_name: "function"} envelope (or a bare name) names: custom objects first, then built-ins. */
export function deserializeLossFunction(config: unknown, customObjects: CustomObjects, resolve?: (name: string) => LossFunction | undefined): LossFunction {
  let names: (string | null | undefined)[];
  if (typeof config === "string") names = [config];
  else if (isPlainObject(config) && config.class_name === "function") {
    const fnName = typeof config.config === "string" ? config.config : null;
    const registered = typeof config.registered_name === "string" && config.registered_name !== "function" ? config.registered_name : null;
    names = [registered, fnName];
  } else {
    throw new ValueError(`Could not interpret function config: ${JSON.stringify(config)}`);
  }
  for (const name of names) {
    if (!name) continue;
    const custom = getRegisteredObject(name, customObjects ?? undefined);
    if (typeof custom === "function") return custom as LossFunction;
  }
  for (const name of names) {
    if (!name) continue;
    const hit = resolve ? resolve(name) : byKerasName.get(name);
    if (hit) return hit;
  }
  throw new ValueError(
    `Could not locate function '${names.filter(Boolean).join("' / '")}'. Make sure custom functions are registered with ` +
      `keras.saving.registerKerasSerializable() or passed in \`customObjects\`. Full object config: ${JSON.stringify(config)}`,
  );
}
