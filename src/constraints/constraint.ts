/**
 * `keras.constraints.Constraint`: the base class. `apply(w)` is Keras's
 * `constraint(w)`: the projected weights, applied after each optimizer
 * update. Subclasses override `call`; the base constraint is the identity.
 */
import { Tensor } from "../engine/tensor.js";
import { toTensor } from "../engine/convert.js";
import { configToOptions } from "../utils/naming.js";

export type ConstraintConfig = Record<string, unknown>;

export class Constraint {
  apply(w: unknown): Tensor {
    return this.call(toTensor(w, undefined, this.constructor.name));
  }

  call(w: Tensor): Tensor {
    return w;
  }

  getConfig(): ConstraintConfig {
    return {};
  }

  static fromConfig<T extends Constraint>(this: new (options?: any) => T, config: ConstraintConfig): T {
    return new this(configToOptions(config ?? {}));
  }
}

/** Rejects unknown constructor options, so a misspelt option never passes silently. */
export function checkOptions(className: string, options: object | undefined, allowed: readonly string[]): void {
  if (options === undefined || options === null) return;
  for (const k of Object.keys(options)) {
    if (!allowed.includes(k)) throw new TypeError(`${className}: unknown option "${k}". Valid options: ${allowed.join(", ") || "(none)"}.`);
  }
}
