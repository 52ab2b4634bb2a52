/** Tensor creation: zeros, ones, full and their *Like variants. */
import { Tensor } from "../../engine/tensor.js";
import { DType, allocate, standardizeDType } from "../../engine/dtype.js";
import { checkShape, sizeOf } from "../../engine/shape.js";
import { asTensor, op, TensorLike } from "../op.js";

function filled(shape: readonly number[], value: number, dtype: DType, opName: string): Tensor {
  const s = checkShape(typeof shape === "number" ? [shape] : shape, `ops.${opName}`);
  const data = allocate(dtype, sizeOf(s));
  if (value !== 0) data.fill(dtype === "bool" ? (value ? 1 : 0) : value);
  return new Tensor(data, s, dtype);
}

export function zeros(shape: readonly number[] | number, dtype: DType | string = "float32"): Tensor {
  return filled(typeof shape === "number" ? [shape] : shape, 0, standardizeDType(dtype, "ops.zeros"), "zeros");
}

export function ones(shape: readonly number[] | number, dtype: DType | string = "float32"): Tensor {
  return filled(typeof shape === "number" ? [shape] : shape, 1, standardizeDType(dtype, "ops.ones"), "ones");
}

export function full(shape: readonly number[] | number, fillValue: number | boolean, dtype?: DType | string | null): Tensor {
  const dt = dtype ? standardizeDType(dtype, "ops.full") : typeof fillValue === "boolean" ? "bool" : Number.isInteger(fillValue) ? "int32" : "float32";
  return filled(typeof shape === "number" ? [shape] : shape, Number(fillValue), dt, "full");
}

export const zerosLike = op("zerosLike", (x: TensorLike, dtype?: DType | string | null): Tensor => {
  const t = asTensor(x, "zerosLike");
  return filled(t.shape, 0, dtype ? standardizeDType(dtype) : t.dtype, "zerosLike");
});

export const onesLike = op("onesLike", (x: TensorLike, dtype?: DType | string | null): Tensor => {
  const t = asTensor(x, "onesLike");
  return filled(t.shape, 1, dtype ? standardizeDType(dtype) : t.dtype, "onesLike");
});

export const fullLike = op("fullLike", (x: TensorLike, fillValue: number | boolean, dtype?: DType | string | null): Tensor => {
  const t = asTensor(x, "fullLike");
  return filled(t.shape, Number(fillValue), dtype ? standardizeDType(dtype) : t.dtype, "fullLike");
});
