/** Turning JS values (numbers, nested arrays, typed arrays) into tensors. */
import { DType, TypedArray, allocate, convertArray, dtypeOfArray, standardizeDType } from "./dtype.js";
import { ValueError } from "./errors.js";
import { NestedArray, Tensor } from "./tensor.js";

/** Anything the ops accept where a tensor is expected. */
export type TensorLike = Tensor | NestedArray | TypedArray | { readonly value: Tensor; readonly isVariable: true };

/** Shape of a nested JS array, checking that it is rectangular. */
export function inferShape(value: NestedArray, context: string): number[] {
  const shape: number[] = [];
  let cur: NestedArray = value;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    if (cur.length === 0) break;
    cur = cur[0];
  }
  const check = (v: NestedArray, dim: number): void => {
    if (dim === shape.length) {
      if (Array.isArray(v)) throw new ValueError(`${context}: ragged nested array (expected a scalar at depth ${dim}).`);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[dim]) {
      throw new ValueError(
        `${context}: ragged nested array; expected length ${shape[dim]} at depth ${dim}, received ${
          Array.isArray(v) ? v.length : "a scalar"
        }.`,
      );
    }
    for (const e of v) check(e, dim + 1);
  };
  check(value, 0);
  return shape;
}

function flatten(value: NestedArray, out: number[], sawFloat: { v: boolean; bool: boolean; num: boolean }, context: string): void {
  if (Array.isArray(value)) {
    for (const v of value) flatten(v, out, sawFloat, context);
  } else if (typeof value === "boolean") {
    sawFloat.bool = true;
    out.push(value ? 1 : 0);
  } else if (typeof value === "number") {
    sawFloat.num = true;
    if (!Number.isInteger(value)) sawFloat.v = true;
    out.push(value);
  } else {
    throw new ValueError(`${context}: unsupported value ${JSON.stringify(value)} (expected numbers, booleans or arrays of them).`);
  }
}

export function isVariableLike(x: unknown): x is { value: Tensor; isVariable: true } {
  return typeof x === "object" && x !== null && (x as { isVariable?: unknown }).isVariable === true;
}

/**
 * Keras's `convert_to_tensor`: Tensors pass through (cast if `dtype` differs),
 * Variables give their value, JS numbers become int32 (integers) or float32,
 * booleans bool, typed arrays keep their type.
 */
export function toTensor(value: unknown, dtype?: DType | string | null, context = "convertToTensor"): Tensor {
  const want = dtype === undefined || dtype === null ? undefined : standardizeDType(dtype, context);
  if (value instanceof Tensor) {
    if (want === undefined || want === value.dtype) return value;
    return new Tensor(convertArray(value.data, want), value.shape, want);
  }
  if (isVariableLike(value)) return toTensor(value.value, want, context);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const arr = value as unknown as TypedArray;
    const src = value instanceof Float32Array || value instanceof Float64Array || value instanceof Int32Array || value instanceof Uint8Array
      ? arr
      : Float64Array.from(value as unknown as ArrayLike<number>);
    const natural = dtypeOfArray(src);
    const target = want ?? (value instanceof Uint8Array ? "int32" : natural);
    const data = target === natural && !(value instanceof Uint8Array && target !== "bool") ? src.slice() : convertArray(src, target);
    return new Tensor(data, [data.length], target);
  }
  if (typeof value === "number" || typeof value === "boolean" || Array.isArray(value)) {
    const shape = inferShape(value as NestedArray, context);
    const flat: number[] = [];
    const seen = { v: false, bool: false, num: false };
    flatten(value as NestedArray, flat, seen, context);
    const natural: DType = seen.v ? "float32" : seen.bool && !seen.num ? "bool" : flat.length === 0 ? "float32" : "int32";
    const target = want ?? natural;
    const data = allocate(target, flat.length);
    if (target === "bool") for (let i = 0; i < flat.length; i++) data[i] = flat[i] !== 0 ? 1 : 0;
    else if (target === "int32") for (let i = 0; i < flat.length; i++) data[i] = Math.trunc(flat[i]);
    else data.set(flat);
    return new Tensor(data, shape, target);
  }
  throw new ValueError(`${context}: cannot convert ${describe(value)} to a tensor.`);
}

export function describe(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (typeof value === "object") return `an object of type ${(value as object).constructor?.name ?? "Object"}`;
  return `${typeof value} ${String(value)}`;
}
