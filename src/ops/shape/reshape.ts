/** reshape: a view change; data is shared (tensors are immutable). */
import { Tensor, fromData } from "../../engine/tensor.js";
import { ValueError } from "../../engine/errors.js";
import { formatShape, sizeOf } from "../../engine/shape.js";
import { recordGradient } from "../../autodiff/tape.js";
import { asTensor, op, TensorLike } from "../op.js";

/** Resolves a target shape with at most one -1 against `size`, with Keras's error messages. */
export function resolveReshape(size: number, newShape: readonly number[], from: readonly number[], context: string): number[] {
  const shape = Array.from(newShape);
  let unknown = -1;
  let known = 1;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i];
    if (d === -1) {
      if (unknown >= 0) throw new ValueError(`${context}: can only specify one unknown dimension (-1), received ${formatShape(shape)}.`);
      unknown = i;
    } else if (!Number.isInteger(d) || d < 0) {
      throw new ValueError(`${context}: invalid dimension ${d} in new shape ${JSON.stringify(shape)}.`);
    } else known *= d;
  }
  if (unknown >= 0) {
    if (known === 0 || size % known !== 0) {
      throw new ValueError(`${context}: cannot reshape a tensor of shape ${formatShape(from)} (size ${size}) into shape ${JSON.stringify(newShape)}.`);
    }
    shape[unknown] = size / known;
  } else if (known !== size) {
    throw new ValueError(
      `${context}: cannot reshape a tensor of shape ${formatShape(from)} (size ${size}) into shape ${formatShape(shape)} (size ${known}).`,
    );
  }
  return shape;
}

export const reshape = op("reshape", (x: TensorLike, newShape: readonly number[] | number): Tensor => {
  const t = asTensor(x, "reshape");
  const target = resolveReshape(t.size, typeof newShape === "number" ? [newShape] : newShape, t.shape, "ops.reshape");
  const out = fromData(t.data, target, t.dtype);
  recordGradient([t], [out], ([g]) => [reshape(g, t.shape)]);
  return out;
});


