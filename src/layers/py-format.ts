/**
 * Python-style formatting for error messages, so keras-ts errors read like
 * Keras's: shapes as tuples `(None, 3)`, dicts `{'units': 3}`, `None`,
 * `True`/`False`.
 */
import { isTensor } from "../engine/tensor.js";
import { isPlainObject } from "../ops/op.js";

/** A shape as a Python tuple. */
export function pyShape(shape: readonly (number | null)[]): string {
  const dims = shape.map((d) => (d === null ? "None" : String(d)));
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(", ")})`;
}

/** A value as Python's `repr` would show it (plain data only; other objects use their toString). */
export function pyRepr(x: unknown): string {
  if (x === null || x === undefined) return "None";
  if (typeof x === "boolean") return x ? "True" : "False";
  if (typeof x === "string") return `'${x}'`;
  if (typeof x === "number") return Number.isFinite(x) ? String(x) : x > 0 ? "inf" : x < 0 ? "-inf" : "nan";
  if (Array.isArray(x)) return `[${x.map(pyRepr).join(", ")}]`;
  if (isTensor(x)) return `Tensor(shape=${pyShape(x.shape)}, dtype=${x.dtype})`;
  if (isPlainObject(x)) {
    return `{${Object.entries(x).map(([k, v]) => `${/^-?\d+$/.test(k) ? k : `'${k}'`}: ${pyRepr(v)}`).join(", ")}}`;
  }
  return String(x);
}

/** A short type name for messages: "NoneType", "number", "string", or the class name of an object. */
export function typeName(x: unknown): string {
  if (x === null || x === undefined) return "NoneType";
  if (typeof x !== "object") return typeof x;
  return (x as object).constructor?.name ?? "object";
}
