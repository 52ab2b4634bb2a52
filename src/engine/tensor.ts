/**
 * The eager tensor: an immutable, garbage-collected value holding a row-major
 * typed array. Nothing to dispose; the JS garbage collector owns the memory.
 */
import { DType, TypedArray, allocate, dtypeOfArray } from "./dtype.js";
import { ValueError } from "./errors.js";
import { Shape, sizeOf, stridesOf } from "./shape.js";

let nextTensorId = 0;

export type NestedArray = number | boolean | NestedArray[];

export class Tensor {
  readonly id: number;
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** Row-major storage. Internal: never mutate it; use `dataSync()` for a copy. */
  readonly data: TypedArray;
  /**
   * The Keras mask attached by a masking layer (Keras's `_keras_mask`):
   * a bool tensor, or undefined when the tensor carries no mask.
   */
  kerasMask?: Tensor | null;

  constructor(data: TypedArray, shape: Shape, dtype?: DType) {
    const size = sizeOf(shape);
    if (data.length !== size) {
      throw new ValueError(
        `Tensor: data of length ${data.length} does not match shape [${shape.join(", ")}] (size ${size}).`,
      );
    }
    this.id = nextTensorId++;
    this.shape = Object.freeze(shape.slice());
    this.dtype = dtype ?? dtypeOfArray(data);
    this.data = data;
  }

  get size(): number {
    return this.data.length;
  }

  get rank(): number {
    return this.shape.length;
  }

  /** Alias of `rank`, as `ndim` in Keras / numpy. */
  get ndim(): number {
    return this.shape.length;
  }

  /** A copy of the values as a typed array (Float32Array, Float64Array, Int32Array, or Uint8Array for bool). */
  dataSync(): TypedArray {
    return this.data.slice();
  }

  /** The values as nested JS arrays (booleans for bool tensors); a scalar gives a plain number. */
  toArray(): NestedArray {
    const isBool = this.dtype === "bool";
    const data = this.data;
    const shape = this.shape;
    if (shape.length === 0) return isBool ? data[0] !== 0 : data[0];
    const strides = stridesOf(shape);
    const build = (dim: number, offset: number): NestedArray[] => {
      const n = shape[dim];
      const out: NestedArray[] = new Array(n);
      if (dim === shape.length - 1) {
        for (let i = 0; i < n; i++) out[i] = isBool ? data[offset + i] !== 0 : data[offset + i];
      } else {
        for (let i = 0; i < n; i++) out[i] = build(dim + 1, offset + i * strides[dim]);
      }
      return out;
    };
    return build(0, 0);
  }

  /** The single value of a size-1 tensor. */
  item(): number {
    if (this.size !== 1) {
      throw new ValueError(`Tensor.item: only size-1 tensors have a single value, received shape [${this.shape.join(", ")}].`);
    }
    return this.data[0];
  }

  toString(): string {
    return `Tensor(shape=[${this.shape.join(", ")}], dtype=${this.dtype},\n${formatValues(this)})`;
  }
}

const EDGE = 3; // entries kept at each end of a long axis when printing

function formatValues(t: Tensor): string {
  const strides = stridesOf(t.shape);
  const fmt = (v: number): string => {
    if (t.dtype === "bool") return v ? "true" : "false";
    if (t.dtype === "int32") return String(v);
    if (Number.isInteger(v) && Math.abs(v) < 1e16) return v.toFixed(1);
    return Number(v.toPrecision(6)).toString();
  };
  const rec = (dim: number, offset: number, indent: string): string => {
    if (dim === t.shape.length) return fmt(t.data[offset]);
    const n = t.shape[dim];
    const idx: (number | null)[] = [];
    if (n > 2 * EDGE + 1) {
      for (let i = 0; i < EDGE; i++) idx.push(i);
      idx.push(null);
      for (let i = n - EDGE; i < n; i++) idx.push(i);
    } else {
      for (let i = 0; i < n; i++) idx.push(i);
    }
    const parts = idx.map((i) => (i === null ? "..." : rec(dim + 1, offset + i * strides[dim], indent + " ")));
    const sep = dim === t.shape.length - 1 ? ", " : ",\n" + indent + " ";
    return "[" + parts.join(sep) + "]";
  };
  return rec(0, 0, "");
}

/** Makes a tensor from a typed array without copying (internal use by kernels and ops). */
export function fromData(data: TypedArray, shape: Shape, dtype?: DType): Tensor {
  return new Tensor(data, shape, dtype);
}

export function zerosTensor(shape: Shape, dtype: DType): Tensor {
  return new Tensor(allocate(dtype, sizeOf(shape)), shape, dtype);
}

export function isTensor(x: unknown): x is Tensor {
  return x instanceof Tensor;
}
