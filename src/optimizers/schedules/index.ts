/**
 * `keras.optimizers.schedules`: learning-rate schedules and their
 * serialize / deserialize / get.
 */
import { ValueError } from "../../engine/errors.js";
import { getRegisteredObject, registerBuiltin, Serializable } from "../../saving/object-registration.js";
import { deserializeKerasObject, serializeKerasObject, KerasEnvelope } from "../../saving/serialization-lib.js";
import { LearningRateSchedule, isLearningRateSchedule } from "./learning-rate-schedule.js";
import { ExponentialDecay } from "./exponential-decay.js";
import { PiecewiseConstantDecay } from "./piecewise-constant-decay.js";
import { PolynomialDecay } from "./polynomial-decay.js";
import { InverseTimeDecay } from "./inverse-time-decay.js";
import { CosineDecay } from "./cosine-decay.js";
import { CosineDecayRestarts } from "./cosine-decay-restarts.js";

export { LearningRateSchedule, isLearningRateSchedule } from "./learning-rate-schedule.js";
export type { StepLike, ScheduleConfig } from "./learning-rate-schedule.js";
export { ExponentialDecay } from "./exponential-decay.js";
export { PiecewiseConstantDecay } from "./piecewise-constant-decay.js";
export { PolynomialDecay } from "./polynomial-decay.js";
export { InverseTimeDecay } from "./inverse-time-decay.js";
export { CosineDecay } from "./cosine-decay.js";
export { CosineDecayRestarts } from "./cosine-decay-restarts.js";

export const SCHEDULES_MODULE = "keras.optimizers.schedules";

const CLASSES: Record<string, Serializable> = {
  LearningRateSchedule, ExponentialDecay, PiecewiseConstantDecay, PolynomialDecay, InverseTimeDecay, CosineDecay, CosineDecayRestarts,
} as unknown as Record<string, Serializable>;
for (const [name, cls] of Object.entries(CLASSES)) registerBuiltin(SCHEDULES_MODULE, name, cls);

type CustomObjects = Record<string, Serializable> | Map<string, Serializable> | null | undefined;

/** `keras.optimizers.schedules.serialize(schedule)`: Keras's envelope. */
export function serialize(schedule: LearningRateSchedule): KerasEnvelope {
  if (!isLearningRateSchedule(schedule)) {
    throw new ValueError(`schedules.serialize: expected a LearningRateSchedule, received ${String(schedule)}.`);
  }
  return serializeKerasObject(schedule) as KerasEnvelope;
}

/** `keras.optimizers.schedules.deserialize(config, customObjects)`. */
export function deserialize(config: KerasEnvelope | Record<string, unknown>, customObjects?: CustomObjects): LearningRateSchedule {
  if (typeof config !== "object" || config === null || typeof config.class_name !== "string") {
    throw new ValueError(`schedules.deserialize: expected a config with a "class_name", received ${JSON.stringify(config)}.`);
  }
  const envelope = config as KerasEnvelope;
  const isCustom = getRegisteredObject((envelope.registered_name as string | null) ?? envelope.class_name, customObjects ?? undefined) !== undefined;
  // Keras 2 files carry no module (or tf's): resolve built-in class names here.
  const fixed = !isCustom && envelope.class_name in CLASSES && envelope.module !== SCHEDULES_MODULE ? { ...envelope, module: SCHEDULES_MODULE } : envelope;
  const obj = deserializeKerasObject(fixed, { customObjects: customObjects ?? undefined, moduleHint: SCHEDULES_MODULE });
  if (!isLearningRateSchedule(obj) && typeof (obj as { apply?: unknown })?.apply !== "function") {
    throw new ValueError(`schedules.deserialize: ${envelope.class_name} is not a learning rate schedule.`);
  }
  return obj as LearningRateSchedule;
}

/** A schedule from an instance (returned as is) or a config; null stays null. */
export function get(identifier: LearningRateSchedule | KerasEnvelope | Record<string, unknown> | null | undefined, customObjects?: CustomObjects): LearningRateSchedule | null {
  if (identifier === null || identifier === undefined) return null;
  if (isLearningRateSchedule(identifier)) return identifier;
  if (typeof identifier === "object" && "class_name" in identifier) return deserialize(identifier, customObjects);
  throw new ValueError(`Could not interpret learning rate schedule identifier: ${JSON.stringify(identifier)}`);
}
