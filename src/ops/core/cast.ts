/** cast and convertToTensor. */
import { Tensor } from "../../engine/tensor.js";
import { DType, isFloat, standardizeDType } from "../../engine/dtype.js";
import { toTensor } from "../../engine/convert.js";
import { recordGradient } from "../../autodiff/tape.js";
import { asTensor, op, TensorLike } from "../op.js";
import { castTensor } from "./elementwise-helpers.js";

export const cast = op("cast", (x: TensorLike, dtype: DType | string): Tensor => {
  const t = asTensor(x, "cast");
  const dt = standardizeDType(dtype, "ops.cast");
  if (t.dtype === dt) return t;
  const out = castTensor(t, dt);
  // Gradients pass through float-to-float casts only; casting to int/bool stops them.
  if (isFloat(dt)) recordGradient([t], [out], ([g]) => [cast(g, t.dtype)]);
  return out;
});

/** Keras's `convert_to_tensor(x, dtype=None)`. */
export const convertToTensor = op("convertToTensor", (x: unknown, dtype?: DType | string | null): Tensor => {
  return toTensor(x, dtype ?? undefined, "ops.convertToTensor");
});

/** Values out, with their shape: the counterpart of Keras's `convert_to_numpy`. */
export function convertToNumpy(x: TensorLike): { data: Tensor["data"]; shape: number[]; dtype: DType } {
  const t = asTensor(x, "convertToNumpy");
  return { data: t.dataSync(), shape: t.shape.slice(), dtype: t.dtype };
}

/** Blocks gradients: the value of `x`, treated as a constant by autodiff. */
export const stopGradient = op("stopGradient", (x: TensorLike): Tensor => {
  const t = asTensor(x, "stopGradient");
  return new Tensor(t.data, t.shape, t.dtype);
});
