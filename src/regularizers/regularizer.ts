/**
 * `keras.regularizers.Regularizer`: the base class. `apply(x)` is Keras's
 * `regularizer(x)` and returns the scalar penalty; subclasses override `call`.
 */
import { Tensor } from "../engine/tensor.js";
import { toTensor } from "../engine/convert.js";
import { ValueError } from "../engine/errors.js";
import { zeros } from "../ops/core/creation.js";
import { configToOptions } from "../utils/naming.js";

export type RegularizerConfig = Record<string, unknown>;

export class Regularizer {
  /** The scalar penalty for the weight (or activity) tensor `x`. */
  apply(x: unknown): Tensor {
    return this.call(toTensor(x, undefined, this.constructor.name));
  }

  /** Subclasses compute their penalty here. The base regularizer adds nothing. */
  call(x: Tensor): Tensor {
    return zeros([], x.dtype);
  }

  getConfig(): RegularizerConfig {
    throw new ValueError(`${this.constructor.name}.getConfig() is not implemented: a custom regularizer must define it to be serialized.`);
  }

  static fromConfig<T extends Regularizer>(this: new (options?: any) => T, config: RegularizerConfig): T {
    return new this(configToOptions(config ?? {}));
  }
}

/** Keras's `validate_float_arg`: a finite, non-negative number. */
export function validateFloatArg(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new ValueError(`Invalid value for argument ${name}: expected a non-negative float.Received: ${name}=${String(value)}`);
  }
  return value;
}

/** Rejects unknown constructor options, so a misspelt option never passes silently. */
export function checkOptions(className: string, options: object | undefined, allowed: readonly string[]): void {
  if (options === undefined || options === null) return;
  for (const k of Object.keys(options)) {
    if (!allowed.includes(k)) throw new TypeError(`${className}: unknown option "${k}". Valid options: ${allowed.join(", ") || "(none)"}.`);
  }
}
