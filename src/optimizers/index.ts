/**
 * `keras.optimizers`: the optimizers, `schedules`, and get / serialize /
 * deserialize. String identifiers are the class names in any case
 * ("adam", "SGD", "rmsprop", "adamw", ...), as Keras's lookup lowercases them.
 */
import { ValueError } from "../engine/errors.js";
import { getRegisteredObject, registerBuiltin, Serializable } from "../saving/object-registration.js";
import { deserializeKerasObject, serializeKerasObject, KerasEnvelope } from "../saving/serialization-lib.js";
import { Optimizer } from "./base-optimizer.js";
import { SGD } from "./sgd.js";
import { Adam } from "./adam.js";
import { AdamW } from "./adamw.js";
import { RMSprop } from "./rmsprop.js";
import { Adagrad } from "./adagrad.js";
import { Adadelta } from "./adadelta.js";
import { Adamax } from "./adamax.js";
import { Nadam } from "./nadam.js";
import { Ftrl } from "./ftrl.js";
import { Lion } from "./lion.js";
import { Lamb } from "./lamb.js";
import { Adafactor } from "./adafactor.js";
import { Muon } from "./muon.js";
import { ScheduleFreeAdamW } from "./schedule-free-adamw.js";
import { LossScaleOptimizer } from "./loss-scale-optimizer.js";

export { Optimizer, BaseOptimizer } from "./base-optimizer.js";
export type { OptimizerConfig, GradientLike, AddVariableOptions } from "./base-optimizer.js";
export type { BaseOptimizerOptions, LearningRateLike } from "./optimizer-options.js";
export { SGD } from "./sgd.js";
export type { SGDOptions } from "./sgd.js";
export { Adam } from "./adam.js";
export type { AdamOptions } from "./adam.js";
export { AdamW } from "./adamw.js";
export type { AdamWOptions } from "./adamw.js";
export { RMSprop } from "./rmsprop.js";
export type { RMSpropOptions } from "./rmsprop.js";
export { Adagrad } from "./adagrad.js";
export type { AdagradOptions } from "./adagrad.js";
export { Adadelta } from "./adadelta.js";
export type { AdadeltaOptions } from "./adadelta.js";
export { Adamax } from "./adamax.js";
export type { AdamaxOptions } from "./adamax.js";
export { Nadam } from "./nadam.js";
export type { NadamOptions } from "./nadam.js";
export { Ftrl } from "./ftrl.js";
export type { FtrlOptions } from "./ftrl.js";
export { Lion } from "./lion.js";
export type { LionOptions } from "./lion.js";
export { Lamb } from "./lamb.js";
export type { LambOptions } from "./lamb.js";
export { Adafactor } from "./adafactor.js";
export type { AdafactorOptions } from "./adafactor.js";
export { Muon } from "./muon.js";
export type { MuonOptions } from "./muon.js";
export { ScheduleFreeAdamW } from "./schedule-free-adamw.js";
export type { ScheduleFreeAdamWOptions } from "./schedule-free-adamw.js";
export { LossScaleOptimizer } from "./loss-scale-optimizer.js";
export type { LossScaleOptimizerOptions } from "./loss-scale-optimizer.js";
export * as schedules from "./schedules/index.js";

export const OPTIMIZERS_MODULE = "keras.optimizers";

type OptimizerClass = (new (options?: any) => Optimizer) & { fromConfig(config: Record<string, unknown>, customObjects?: unknown): Optimizer };

const CLASSES: Record<string, OptimizerClass> = {
  Optimizer, SGD, Adam, AdamW, RMSprop, Adagrad, Adadelta, Adamax, Nadam, Ftrl, Lion, Lamb, Adafactor, Muon, ScheduleFreeAdamW,
  LossScaleOptimizer,
} as unknown as Record<string, OptimizerClass>;
for (const [name, cls] of Object.entries(CLASSES)) registerBuiltin(OPTIMIZERS_MODULE, name, cls as unknown as Serializable);

/** Keras's ALL_OBJECTS_DICT: lowercased class name -> class. */
const BY_LOWER_NAME = new Map<string, OptimizerClass>(Object.entries(CLASSES).map(([name, cls]) => [name.toLowerCase(), cls]));

type CustomObjects = Record<string, Serializable> | Map<string, Serializable> | null | undefined;

export function serialize(optimizer: Optimizer): KerasEnvelope {
  if (!(optimizer instanceof Optimizer)) {
    throw new ValueError(`optimizers.serialize: expected an Optimizer, received ${String(optimizer)}.`);
  }
  return serializeKerasObject(optimizer) as KerasEnvelope;
}

/** Rebuilds an optimizer from its envelope; built-in class names match in any case ("adam" is Adam). */
export function deserialize(config: KerasEnvelope | Record<string, unknown>, customObjects?: CustomObjects): Optimizer {
  if (typeof config !== "object" || config === null || typeof config.class_name !== "string") {
    throw new ValueError(`optimizers.deserialize: expected a config with a "class_name", received ${JSON.stringify(config)}.`);
  }
  let envelope = config as KerasEnvelope;
  const isCustom = getRegisteredObject((envelope.registered_name as string | null) ?? envelope.class_name, customObjects ?? undefined) !== undefined;
  const builtin = BY_LOWER_NAME.get(envelope.class_name.toLowerCase());
  if (!isCustom && builtin) envelope = { ...envelope, module: OPTIMIZERS_MODULE, class_name: builtin.name };
  const obj = deserializeKerasObject({ ...envelope, config: envelope.config ?? {} }, { customObjects: customObjects ?? undefined, moduleHint: OPTIMIZERS_MODULE });
  if (!(obj instanceof Optimizer)) throw new ValueError(`Could not interpret optimizer identifier: ${JSON.stringify(config)}`);
  return obj;
}

/** `keras.optimizers.get`: null -> null; an Optimizer -> itself; a name ("adam") or a config -> a new optimizer. */
export function get(identifier: Optimizer | string | KerasEnvelope | Record<string, unknown> | null | undefined, customObjects?: CustomObjects): Optimizer | null {
  if (identifier === null || identifier === undefined) return null;
  if (identifier instanceof Optimizer) return identifier;
  let obj: unknown;
  if (typeof identifier === "string") {
    const known = BY_LOWER_NAME.has(identifier.toLowerCase()) || getRegisteredObject(identifier, customObjects ?? undefined) !== undefined;
    if (!known) throw new ValueError(`Could not interpret optimizer identifier: ${identifier}`);
    obj = deserialize({ class_name: identifier, config: {} }, customObjects);
  } else if (typeof identifier === "object" && "class_name" in identifier) {
    obj = deserialize(identifier, customObjects);
  }
  if (obj instanceof Optimizer) return obj;
  throw new ValueError(`Could not interpret optimizer identifier: ${typeof identifier === "string" ? identifier : JSON.stringify(identifier)}`);
}
