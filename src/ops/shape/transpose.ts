/** transpose: permutes axes with one strided copy. */
import { Tensor, fromData } from "../../engine/tensor.js";
import { ValueError } from "../../engine/errors.js";
import { normalizeAxis, stridesOf } from "../../engine/shape.js";
import { recordGradient } from "../../autodiff/tape.js";
import { asTensor, backend, op, readOptions, TensorLike } from "../op.js";

export const transpose = op("transpose", (x: TensorLike, ...rest: [(readonly number[] | null)?] | [{ axes?: readonly number[] | null }]): Tensor => {
  const t = asTensor(x, "transpose");
  const { axes } = readOptions<{ axes?: readonly number[] | null }>("transpose", rest, ["axes"]);
  const perm = axes ? axes.map((a) => normalizeAxis(a, t.rank, "ops.transpose")) : t.shape.map((_, i) => t.rank - 1 - i);
  if (perm.length !== t.rank || new Set(perm).size !== t.rank) {
    throw new ValueError(`ops.transpose: axes ${JSON.stringify(axes)} is not a permutation of the ${t.rank} axes of a tensor of shape [${t.shape.join(", ")}].`);
  }
  if (perm.every((p, i) => p === i)) return t;
  const strides = stridesOf(t.shape);
  const outShape = perm.map((p) => t.shape[p]);
  const out = fromData(backend().stridedCopy(t.data, outShape, 0, perm.map((p) => strides[p]), t.dtype), outShape, t.dtype);
  const inverse = new Array<number>(perm.length);
  perm.forEach((p, i) => (inverse[p] = i));
  recordGradient([t], [out], ([g]) => [transpose(g, inverse)]);
  return out;
});
