/**
 * `keras.optimizers.schedules.LearningRateSchedule`: the base class of
 * learning-rate schedules. `schedule.apply(step)` is Keras's
 * `schedule(step)`; subclasses override `call(step)` and `getConfig()`.
 * Built-in schedules compute in float32 (Keras converts the Python float
 * `initial_learning_rate` to a float32 tensor) and return a scalar Tensor.
 */
import { ValueError, NotImplementedError } from "../../engine/errors.js";
import { Tensor } from "../../engine/tensor.js";
import { toTensor, isVariableLike } from "../../engine/convert.js";
import { isPlainObject } from "../../ops/op.js";
import { configToOptions } from "../../utils/naming.js";

/** A training step: a number, an (int) scalar Tensor or a Variable (the optimizer's iteration counter). */
export type StepLike = number | Tensor | { readonly value: Tensor; readonly isVariable: true };

export type ScheduleConfig = Record<string, unknown>;

export class LearningRateSchedule {
  /** Marks schedules without `instanceof` (a second copy of the package still counts). */
  readonly isLearningRateSchedule = true as const;

  /** Keras's `schedule(step)`: the learning rate at `step`. */
  apply(step: StepLike): Tensor {
    return this.call(step);
  }

  call(step: StepLike): Tensor {
    void step;
    throw new NotImplementedError(`Learning rate schedule '${this.constructor.name}' must override \`call(step)\`.`);
  }

  getConfig(): ScheduleConfig {
    throw new NotImplementedError(
      `Learning rate schedule '${this.constructor.name}' must override \`getConfig()\` in order to be serializable.`,
    );
  }

  /** Rebuilds a schedule from `getConfig()` output: snake_case keys become the constructor's options object. */
  static fromConfig<T extends LearningRateSchedule>(this: new (...args: any[]) => T, config: ScheduleConfig): T {
    return new this(configToOptions(config ?? {}));
  }
}

export function isLearningRateSchedule(x: unknown): x is LearningRateSchedule {
  return typeof x === "object" && x !== null && (x as { isLearningRateSchedule?: unknown }).isLearningRateSchedule === true;
}

/** The step as a float32 scalar tensor (Keras casts the step to the dtype of the initial learning rate). */
export function stepAsFloat(step: StepLike, context: string): Tensor {
  if (!(step instanceof Tensor) && !isVariableLike(step) && typeof step !== "number") {
    throw new ValueError(`${context}: \`step\` must be a number, a scalar Tensor or a Variable, received ${String(step)}.`);
  }
  const t = toTensor(step, "float32", context);
  if (t.size !== 1) throw new ValueError(`${context}: \`step\` must be a scalar, received shape [${t.shape.join(", ")}].`);
  return t;
}

/**
 * Reads a schedule's arguments: Keras's required positional arguments and an
 * options object, or (as `fromConfig` does) one options object holding all of
 * them. Unknown option names throw, like Python's unexpected keyword arguments.
 */
export function readScheduleArgs(
  className: string,
  args: readonly unknown[],
  required: readonly string[],
  optional: readonly string[],
): Record<string, unknown> {
  let values: Record<string, unknown>;
  if (args.length === 1 && isPlainObject(args[0]) && required.length > 0) {
    values = { ...(args[0] as Record<string, unknown>) };
  } else {
    values = {};
    required.forEach((name, i) => {
      if (i < args.length) values[name] = args[i];
    });
    const rest = args[required.length];
    if (args.length > required.length + 1) {
      throw new ValueError(`${className}: expected ${required.length} positional arguments and an options object, received ${args.length} arguments.`);
    }
    if (rest !== undefined) {
      if (!isPlainObject(rest)) throw new ValueError(`${className}: the last argument must be an options object, received ${String(rest)}.`);
      Object.assign(values, rest);
    }
  }
  const known = new Set([...required, ...optional]);
  const unknown = Object.keys(values).filter((k) => !known.has(k));
  if (unknown.length > 0) {
    throw new ValueError(`${className}: argument(s) not recognized: ${unknown.join(", ")}. Valid arguments: ${[...known].join(", ")}.`);
  }
  for (const name of required) {
    if (values[name] === undefined) throw new ValueError(`${className}: missing required argument \`${name}\`.`);
  }
  return values;
}

/** Keras's check shared by the decays: `decay_steps` (or `first_decay_steps`) must be > 0. */
export function checkDecaySteps(value: unknown, argName: string): number {
  if (typeof value !== "number" || Number.isNaN(value)) {
    throw new ValueError(`Argument \`${argName}\` must be a number > 0. Received: ${argName}=${String(value)}`);
  }
  if (value <= 0) throw new ValueError(`Argument \`${argName}\` must be > 0. Received: ${argName}=${value}`);
  return value;
}

export function checkNumber(className: string, value: unknown, argName: string): number {
  if (typeof value !== "number" || Number.isNaN(value)) {
    throw new ValueError(`${className}: argument \`${argName}\` must be a number, received ${JSON.stringify(value) ?? String(value)}.`);
  }
  return value;
}
