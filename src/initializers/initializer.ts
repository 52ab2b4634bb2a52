/**
 * `keras.initializers.Initializer`: the base class. `apply(shape, dtype)` is
 * Keras's `initializer(shape, dtype)`: it checks the shape, resolves the dtype
 * (default: `keras.config.floatx()`) and calls `call`, which subclasses
 * override. `getConfig` returns Keras's config; `fromConfig` rebuilds from it.
 */
import { DType, standardizeDType } from "../engine/dtype.js";
import { ValueError } from "../engine/errors.js";
import { checkShape } from "../engine/shape.js";
import { Tensor } from "../engine/tensor.js";
import { floatx } from "../config/settings.js";
import { configToOptions } from "../utils/naming.js";

export type InitializerConfig = Record<string, unknown>;

export class Initializer {
  /** Returns a tensor of `shape` and `dtype` (default floatx) holding initial values. */
  apply(shape: readonly number[], dtype?: DType | string | null): Tensor {
    const s = checkShape(shape as number[], `${this.constructor.name}`);
    const dt = dtype === null || dtype === undefined ? floatx() : standardizeDType(dtype, this.constructor.name);
    return this.call(s, dt);
  }

  /** Subclasses produce their values here. */
  call(shape: number[], dtype: DType): Tensor {
    void shape;
    void dtype;
    throw new ValueError(`Initializer subclass ${this.constructor.name} must implement call(shape, dtype).`);
  }

  getConfig(): InitializerConfig {
    return {};
  }

  /** Rebuilds an initializer from `getConfig()` output (snake_case keys become constructor options). */
  static fromConfig<T extends Initializer>(this: new (options?: any) => T, config: InitializerConfig): T {
    return new this(configToOptions(config ?? {}));
  }

  /** A fresh initializer with the same configuration (Keras's `clone`). */
  clone(): this {
    const cls = this.constructor as unknown as { fromConfig(c: InitializerConfig): Initializer };
    return cls.fromConfig(this.getConfig()) as this;
  }
}

/** Rejects unknown constructor options, so a misspelt option never passes silently. */
export function checkOptions(className: string, options: object | undefined, allowed: readonly string[]): void {
  if (options === undefined || options === null) return;
  for (const k of Object.keys(options)) {
    if (!allowed.includes(k)) {
      throw new TypeError(`${className}: unknown option "${k}". Valid options: ${allowed.length ? allowed.join(", ") : "(none)"}.`);
    }
  }
}
