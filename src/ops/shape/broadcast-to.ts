/** broadcastTo: numpy broadcasting of one tensor to a target shape. */
import { Tensor, fromData } from "../../engine/tensor.js";
import { ValueError } from "../../engine/errors.js";
import { broadcastStrides, formatShape, shapesEqual } from "../../engine/shape.js";
import { recordGradient } from "../../autodiff/tape.js";
import { asTensor, backend, op, TensorLike } from "../op.js";
import { unbroadcast } from "../core/elementwise-helpers.js";

export const broadcastTo = op("broadcastTo", (x: TensorLike, shape: readonly number[]): Tensor => {
  const t = asTensor(x, "broadcastTo");
  if (shapesEqual(t.shape, shape)) return t;
  const lead = shape.length - t.rank;
  let ok = lead >= 0;
  for (let i = 0; ok && i < t.rank; i++) if (t.shape[i] !== 1 && t.shape[i] !== shape[i + lead]) ok = false;
  if (!ok) throw new ValueError(`ops.broadcastTo: cannot broadcast a tensor of shape ${formatShape(t.shape)} to shape ${formatShape(shape)}.`);
  const out = fromData(backend().stridedCopy(t.data, shape, 0, broadcastStrides(t.shape, shape), t.dtype), shape, t.dtype);
  recordGradient([t], [out], ([g]) => [unbroadcast(g, t.shape)]);
  return out;
});
