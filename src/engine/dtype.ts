/**
 * Data types, their storage and Keras 3's type promotion rules.
 *
 * Storage is one typed array per tensor. `bool` is stored as 0/1 bytes. The
 * union leaves room for float16 / bfloat16 / int64 (stored widened) later.
 */
import { ValueError } from "./errors.js";

export type DType = "float32" | "float64" | "int32" | "bool";
export const DTYPES: readonly DType[] = ["float32", "float64", "int32", "bool"];

export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

export function isDType(x: unknown): x is DType {
  return typeof x === "string" && (DTYPES as readonly string[]).includes(x);
}

/** Accepts Keras / numpy spellings and aliases; throws on unknown names. */
export function standardizeDType(dtype: unknown, context = "dtype"): DType {
  if (dtype === undefined || dtype === null) return "float32";
  if (typeof dtype === "object" && dtype !== null && ("computeDtype" in dtype || "name" in dtype)) {
    // A DTypePolicy-like object: its compute dtype ("mixed_float16" is a policy name, not a dtype).
    const policy = dtype as { computeDtype?: unknown; name?: unknown };
    return standardizeDType(policy.computeDtype ?? policy.name, context);
  }
  switch (dtype) {
    case "float32":
    case "float":
      return "float32";
    case "float64":
    case "double":
      return "float64";
    case "int32":
    case "int":
      return "int32";
    case "bool":
    case "boolean":
      return "bool";
    // Widened storage: keep values exact where the engine can, refuse silently-wrong narrowing.
    case "int64":
    case "int16":
    case "int8":
    case "uint8":
    case "uint16":
      return "int32";
  }
  throw new ValueError(
    `${context}: invalid dtype ${JSON.stringify(dtype)}. Expected one of ${DTYPES.join(", ")}.`,
  );
}

export function isFloat(dtype: DType): boolean {
  return dtype === "float32" || dtype === "float64";
}

export function isInt(dtype: DType): boolean {
  return dtype === "int32";
}

export function bytesPerElement(dtype: DType): number {
  switch (dtype) {
    case "float32":
    case "int32":
      return 4;
    case "float64":
      return 8;
    case "bool":
      return 1;
  }
}

export function allocate(dtype: DType, size: number): TypedArray {
  switch (dtype) {
    case "float32":
      return new Float32Array(size);
    case "float64":
      return new Float64Array(size);
    case "int32":
      return new Int32Array(size);
    case "bool":
      return new Uint8Array(size);
  }
}

export function dtypeOfArray(a: TypedArray): DType {
  if (a instanceof Float32Array) return "float32";
  if (a instanceof Float64Array) return "float64";
  if (a instanceof Int32Array) return "int32";
  return "bool";
}

/** Copies `src` into a new array of `dtype`, with numpy's conversion rules (truncation toward zero for ints). */
export function convertArray(src: ArrayLike<number>, dtype: DType): TypedArray {
  const n = src.length;
  const out = allocate(dtype, n);
  if (dtype === "bool") {
    for (let i = 0; i < n; i++) out[i] = src[i] !== 0 ? 1 : 0;
  } else if (dtype === "int32") {
    // NaN and infinities become 0 / saturate like most numpy platforms do not; pick a defined answer.
    for (let i = 0; i < n; i++) {
      const v = src[i];
      out[i] = Number.isFinite(v) ? Math.trunc(v) : 0;
    }
  } else {
    (out as Float32Array | Float64Array).set(src);
  }
  return out;
}

// ---- Type promotion (Keras 3's lattice restricted to the dtypes we store) ----

const RANK: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };

/** Result dtype of combining two tensor dtypes. */
export function promoteTypes(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * A JS number acts like a Python scalar: a "weak" type that does not widen the
 * tensor's dtype unless it changes its kind (an int tensor plus 0.5 becomes floatx).
 */
export function promoteWithScalar(tensorDtype: DType, scalar: number | boolean): DType {
  if (typeof scalar === "boolean") return tensorDtype;
  if (Number.isInteger(scalar)) return tensorDtype === "bool" ? "int32" : tensorDtype;
  return isFloat(tensorDtype) ? tensorDtype : "float32";
}

/** Dtype a JS value gets when it becomes a tensor on its own. */
export function inferScalarDType(x: number | boolean): DType {
  if (typeof x === "boolean") return "bool";
  return "float32";
}

/** Result dtype for ops that must produce floats (sqrt, exp, mean, divide...). */
export function floatResult(dtype: DType): DType {
  return isFloat(dtype) ? dtype : "float32";
}
