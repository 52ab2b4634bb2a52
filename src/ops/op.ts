/**
 * The plumbing every `keras.ops` function shares: converting arguments,
 * reading Keras-style optional arguments (positional or one options object),
 * and routing calls on symbolic `KerasTensor`s to the layer system.
 */
import { toTensor, TensorLike } from "../engine/convert.js";
import type { DType } from "../engine/dtype.js";
import { Tensor } from "../engine/tensor.js";
import { getBackend, Backend } from "../backend/backend.js";
import "../backend/cpu/index.js";

export type { TensorLike };

/** Marker implemented by the layer system's KerasTensor (the engine knows nothing else about it). */
export interface SymbolicTensorLike {
  readonly isKerasTensor: true;
  readonly shape: readonly (number | null)[];
  readonly dtype: DType;
}

export function isSymbolic(x: unknown): x is SymbolicTensorLike {
  return typeof x === "object" && x !== null && (x as { isKerasTensor?: unknown }).isKerasTensor === true;
}

/** True when any argument (searching arrays and plain objects one level deep) is symbolic. */
export function anySymbolic(args: readonly unknown[]): boolean {
  for (const a of args) {
    if (isSymbolic(a)) return true;
    if (Array.isArray(a)) {
      for (const e of a) if (isSymbolic(e) || (Array.isArray(e) && e.some(isSymbolic))) return true;
    } else if (isPlainObject(a)) {
      for (const v of Object.values(a)) if (isSymbolic(v)) return true;
    }
  }
  return false;
}

/**
 * Handles an op called on KerasTensors: records an operation node and returns
 * symbolic outputs. Installed by the layer system; until then symbolic calls fail clearly.
 */
export type SymbolicHandler = (opName: string, fn: (...args: any[]) => any, args: unknown[]) => unknown;
let symbolicHandler: SymbolicHandler | null = null;
export function setSymbolicHandler(h: SymbolicHandler): void {
  symbolicHandler = h;
}

/**
 * The symbolic forms of an op, for TypeScript: called with KerasTensors (as
 * the first argument, in a list first argument, or as the second argument)
 * it returns KerasTensors. The eager signature comes first, so calls on
 * tensors keep their precise types.
 */
export type SymbolicForm<F> = F extends (...args: any[]) => infer R
  ? SymbolicCall<R extends readonly unknown[] ? SymbolicTensorLike[] : SymbolicTensorLike>
  : never;
export interface SymbolicCall<R> {
  (x: SymbolicTensorLike, ...rest: any[]): R;
  (xs: readonly (SymbolicTensorLike | TensorLike | number)[], ...rest: any[]): R;
  (x: TensorLike | number | null, y: SymbolicTensorLike, ...rest: any[]): R;
}

/**
 * Wraps an eager op implementation as a public `keras.ops` function: calls with
 * KerasTensor arguments are routed to the symbolic handler, others run eagerly.
 */
export function op<F extends (...args: any[]) => any>(name: string, impl: F): F & SymbolicForm<F> {
  const wrapped = function (this: unknown, ...args: unknown[]) {
    if (anySymbolic(args)) {
      if (!symbolicHandler) throw new Error(`ops.${name}: called on a KerasTensor but the layer system is not loaded.`);
      return symbolicHandler(name, impl, args);
    }
    return impl(...args);
  } as unknown as F;
  Object.defineProperty(wrapped, "name", { value: name });
  (wrapped as unknown as { opName: string }).opName = name;
  return wrapped as F & SymbolicForm<F>;
}

export function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== "object" || x === null || Array.isArray(x) || ArrayBuffer.isView(x)) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/**
 * Reads Keras-style optional arguments: `rest` holds the arguments from the
 * first optional parameter on, either positional values in `names` order or a
 * single options object with those (camelCase) names. Unknown keys throw.
 */
export function readOptions<T extends Record<string, unknown>>(opName: string, rest: readonly unknown[], names: readonly (keyof T & string)[]): Partial<T> {
  if (rest.length === 1 && isPlainObject(rest[0])) {
    const obj = rest[0];
    for (const k of Object.keys(obj)) {
      if (!names.includes(k as keyof T & string)) {
        throw new TypeError(`ops.${opName}: unknown option "${k}". Valid options: ${names.join(", ")}.`);
      }
    }
    return obj as Partial<T>;
  }
  if (rest.length > names.length) {
    throw new TypeError(`ops.${opName}: expected at most ${names.length} optional arguments (${names.join(", ")}), received ${rest.length}.`);
  }
  const out: Record<string, unknown> = {};
  rest.forEach((v, i) => {
    if (v !== undefined) out[names[i]] = v;
  });
  return out as Partial<T>;
}

export function backend(): Backend {
  return getBackend();
}

/** Converts an op argument to a tensor, naming the op in errors. */
export function asTensor(x: unknown, opName: string, dtype?: DType | string | null): Tensor {
  return toTensor(x, dtype ?? undefined, `ops.${opName}`);
}
