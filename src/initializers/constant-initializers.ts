/** Deterministic initializers: Zeros, Ones, Constant, Identity. */
import { DType, allocate } from "../engine/dtype.js";
import { ValueError } from "../engine/errors.js";
import { formatShape, sizeOf } from "../engine/shape.js";
import { Tensor } from "../engine/tensor.js";
import { toTensor } from "../engine/convert.js";
import type { NestedArray } from "../engine/tensor.js";
import { broadcastTo } from "../ops/shape/broadcast-to.js";
import { Initializer, InitializerConfig, checkOptions } from "./initializer.js";

function filled(shape: number[], dtype: DType, value: number): Tensor {
  const data = allocate(dtype, sizeOf(shape));
  if (value !== 0) data.fill(value);
  return new Tensor(data, shape, dtype);
}

/** `keras.initializers.Zeros()`: all zeros. */
export class Zeros extends Initializer {
  constructor(options?: Record<string, never>) {
    super();
    checkOptions("Zeros", options, []);
  }
  override call(shape: number[], dtype: DType): Tensor {
    return filled(shape, dtype, 0);
  }
}

/** `keras.initializers.Ones()`: all ones. */
export class Ones extends Initializer {
  constructor(options?: Record<string, never>) {
    super();
    checkOptions("Ones", options, []);
  }
  override call(shape: number[], dtype: DType): Tensor {
    return filled(shape, dtype, 1);
  }
}

export type ConstantValue = number | NestedArray;

/**
 * `keras.initializers.Constant(value=0)`: every entry `value`. As in Keras the
 * value may also be an array, broadcast to the requested shape.
 * `new Constant(0.5)` and `new Constant({ value: 0.5 })` are the same.
 */
export class Constant extends Initializer {
  readonly value: ConstantValue;

  constructor(value: ConstantValue | { value?: ConstantValue } = 0) {
    super();
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      checkOptions("Constant", value, ["value"]);
      value = value.value ?? 0;
    }
    if (typeof value !== "number" && typeof value !== "boolean" && !Array.isArray(value)) {
      throw new ValueError(`Constant: \`value\` must be a number or an array of numbers, received ${String(value)}.`);
    }
    this.value = value;
  }

  override call(shape: number[], dtype: DType): Tensor {
    if (typeof this.value === "number" || typeof this.value === "boolean") return filled(shape, dtype, Number(this.value));
    const v = toTensor(this.value, dtype, "Constant");
    try {
      return broadcastTo(v, shape);
    } catch {
      throw new ValueError(`Constant: a value of shape ${formatShape(v.shape)} cannot fill shape ${formatShape(shape)}.`);
    }
  }

  override getConfig(): InitializerConfig {
    return { value: this.value };
  }
}

/**
 * `keras.initializers.Identity(gain=1)`: `gain` times the identity matrix
 * (rectangular shapes get ones on the main diagonal). 2-D shapes only.
 * Keras 3.15 writes an empty config (the gain is not saved); a config with
 * `gain` (Keras 2) is still read.
 */
export class Identity extends Initializer {
  readonly gain: number;

  constructor(gain: number | { gain?: number } = 1) {
    super();
    if (typeof gain === "object" && gain !== null) {
      checkOptions("Identity", gain, ["gain"]);
      gain = gain.gain ?? 1;
    }
    this.gain = gain;
  }

  override call(shape: number[], dtype: DType): Tensor {
    if (shape.length !== 2) {
      throw new ValueError(
        `Identity matrix initializer can only be used for 2D matrices. Received: shape=${formatShape(shape)} of rank ${shape.length}.`,
      );
    }
    const [rows, cols] = shape;
    const data = allocate(dtype, rows * cols);
    for (let i = 0; i < Math.min(rows, cols); i++) data[i * cols + i] = this.gain;
    return new Tensor(data, shape, dtype);
  }
}
