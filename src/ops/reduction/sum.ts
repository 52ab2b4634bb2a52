/** sum and mean: the reductions every gradient needs. */
import { Tensor, fromData } from "../../engine/tensor.js";
import { floatResult } from "../../engine/dtype.js";
import { sizeOf } from "../../engine/shape.js";
import { recordGradient } from "../../autodiff/tape.js";
import { asTensor, backend, op, readOptions, TensorLike } from "../op.js";
import { Axis, ReduceOptions, keptShape, reducedShape, resolveAxes } from "./axis-args.js";
import { reshape } from "../shape/reshape.js";
import { broadcastTo } from "../shape/broadcast-to.js";
import { divide } from "../math/arithmetic.js";

export const sum = op("sum", (x: TensorLike, ...rest: [Axis?, boolean?] | [ReduceOptions]): Tensor => {
  const t = asTensor(x, "sum");
  const { axis, keepdims = false } = readOptions<ReduceOptions & Record<string, unknown>>("sum", rest, ["axis", "keepdims"]);
  const axes = resolveAxes(axis, t.rank, "sum");
  // Keras sums bools as int32.
  const outDtype = t.dtype === "bool" ? "int32" : t.dtype;
  const outShape = reducedShape(t.shape, axes, keepdims);
  const out = fromData(backend().reduce("sum", t.data, t.shape, axes, outDtype), outShape, outDtype);
  recordGradient([t], [out], ([g]) => [broadcastTo(reshape(g, keptShape(t.shape, axes)), t.shape)]);
  return out;
}) as {
  (x: TensorLike, axis?: Axis, keepdims?: boolean): Tensor;
  (x: TensorLike, options: ReduceOptions): Tensor;
};

export const mean = op("mean", (x: TensorLike, ...rest: [Axis?, boolean?] | [ReduceOptions]): Tensor => {
  const t = asTensor(x, "mean");
  const { axis, keepdims = false } = readOptions<ReduceOptions & Record<string, unknown>>("mean", rest, ["axis", "keepdims"]);
  const axes = resolveAxes(axis, t.rank, "mean");
  let count = 1;
  for (const a of axes) count *= t.shape[a];
  const outDtype = floatResult(t.dtype);
  const s = sum(t.dtype === outDtype ? t : asTensor(t, "mean", outDtype), { axis: axes, keepdims });
  // An empty reduction gives NaN, as numpy does.
  return divide(s, count === 0 ? NaN : count);
}) as {
  (x: TensorLike, axis?: Axis, keepdims?: boolean): Tensor;
  (x: TensorLike, options: ReduceOptions): Tensor;
};


