/**
 * Moving data between the lookup / hashing layers and JS values.
 *
 * keras-ts tensors have no string dtype, so these layers take strings as
 * (nested) JS arrays, and integers as Tensors or arrays. `flattenData` turns
 * any of those into one flat list of tokens plus its shape; `nestValues` and
 * `intTensor` turn results back into nested arrays or int32 Tensors.
 * This is the one place these layers read tensor storage: lookups are
 * table operations on JS values, not tensor math.
 */
import { ValueError } from "../../engine/errors.js";
import { isFloat } from "../../engine/dtype.js";
import { fromData, isTensor, Tensor } from "../../engine/tensor.js";
import { inferShape } from "../../engine/convert.js";
import { isKerasTensor } from "../keras-tensor.js";

/** A vocabulary term: a string (StringLookup, TextVectorization) or an integer (IntegerLookup). */
export type Token = string | number;

/** Nested JS arrays of strings: how string data enters and leaves these layers. */
export type StringArray = string | StringArray[];

export interface FlatData {
  values: Token[];
  shape: number[];
  /** What the leaves are; "empty" when there are none. */
  kind: "string" | "int" | "float" | "empty";
}

function leafKind(v: unknown): "string" | "int" | "float" | null {
  if (typeof v === "string") return "string";
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "float";
  return null;
}

/**
 * The tokens of `x` (a Tensor, a string, a number, nested arrays or a typed
 * array) in row-major order, with their shape. Mixed or non-token leaves and
 * ragged arrays are refused, naming `layer`.
 */
export function flattenData(x: unknown, layer: string): FlatData {
  if (isKerasTensor(x)) throw new ValueError(`${layer}: expected concrete data, received a symbolic KerasTensor.`);
  if (isTensor(x)) {
    const values = Array.from(x.data as ArrayLike<number>, Number);
    const kind = x.size === 0 ? "empty" : isFloat(x.dtype) ? "float" : "int";
    return { values, shape: x.shape.slice(), kind };
  }
  if (ArrayBuffer.isView(x) && !(x instanceof DataView)) x = Array.from(x as unknown as ArrayLike<number>);
  const shape = Array.isArray(x) ? inferShape(x as never, layer) : [];
  const values: Token[] = [];
  let kind: FlatData["kind"] = "empty";
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const e of v) visit(e);
      return;
    }
    const k = leafKind(v);
    if (k === null) throw new ValueError(`${layer}: expected strings or numbers, received ${String(v)} (of type ${typeof v}).`);
    if (kind !== "empty" && (k === "string") !== (kind === "string")) {
      throw new ValueError(`${layer}: received a mix of strings and numbers; the values of one input must all have one type.`);
    }
    if (kind === "empty" || k === "float") kind = k;
    values.push(v as Token);
  };
  visit(x);
  return { values, shape, kind };
}

/** Rebuilds nested arrays of `shape` from row-major `values` (a scalar for shape []). */
export function nestValues<T>(values: readonly T[], shape: readonly number[]): any {
  if (shape.length === 0) return values[0];
  let pos = 0;
  const build = (dim: number): unknown[] => {
    const out: unknown[] = [];
    for (let i = 0; i < shape[dim]; i++) out.push(dim === shape.length - 1 ? values[pos++] : build(dim + 1));
    return out;
  };
  return build(0);
}

/** An int32 Tensor of `shape` holding `values`. */
export function intTensor(values: ArrayLike<number>, shape: readonly number[]): Tensor {
  return fromData(Int32Array.from(values), shape.slice());
}

/** A data argument that is one batch (a Tensor, a string, or an array not made of Tensors) rather than an iterable of batches. */
export function isSingleBatch(data: unknown): boolean {
  if (isTensor(data) || typeof data === "string" || typeof data === "number" || ArrayBuffer.isView(data)) return true;
  return Array.isArray(data) && !(data.length > 0 && isTensor(data[0]));
}

/** The batches an iterable passed to `adapt` yields (refusing anything else, naming `layer`). */
export function iterableBatches(data: unknown, layer: string): unknown[] {
  if (data !== null && typeof data === "object" && Symbol.iterator in data) return Array.from(data as Iterable<unknown>);
  throw new ValueError(`${layer}.adapt: expected an array, a Tensor or an iterable of batches. Received: ${String(data)}`);
}
