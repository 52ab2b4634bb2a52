/** matmul with numpy semantics: 1-D promotion, batched, broadcasting batch dimensions. */
import { Tensor, fromData } from "../../engine/tensor.js";
import { ValueError } from "../../engine/errors.js";
import { broadcastConcrete, formatShape, sizeOf } from "../../engine/shape.js";
import { recordGradient } from "../../autodiff/tape.js";
import { backend, op, TensorLike } from "../op.js";
import { binaryOperands, unbroadcast } from "../core/elementwise-helpers.js";
import { reshape } from "../shape/reshape.js";
import { broadcastTo } from "../shape/broadcast-to.js";
import { transpose } from "../shape/transpose.js";

/** Swaps the last two axes. */
function matrixTranspose(t: Tensor): Tensor {
  const perm = t.shape.map((_, i) => i);
  perm[t.rank - 1] = t.rank - 2;
  perm[t.rank - 2] = t.rank - 1;
  return transpose(t, perm);
}

export const matmul = op("matmul", (a: TensorLike, b: TensorLike): Tensor => {
  const [x0, y0, dt] = binaryOperands(a, b, "matmul");
  if (x0.rank === 0 || y0.rank === 0) {
    throw new ValueError(`ops.matmul: inputs must have rank >= 1, received shapes ${formatShape(x0.shape)} and ${formatShape(y0.shape)}.`);
  }
  const x = x0.rank === 1 ? reshape(x0, [1, x0.shape[0]]) : x0;
  const y = y0.rank === 1 ? reshape(y0, [y0.shape[0], 1]) : y0;
  const out = matmul2(x, y, dt);
  let result = out;
  if (x0.rank === 1 || y0.rank === 1) {
    const shape = out.shape.slice();
    if (y0.rank === 1) shape.splice(shape.length - 1, 1);
    if (x0.rank === 1) shape.splice(shape.length - (y0.rank === 1 ? 1 : 2), 1);
    result = reshape(out, shape);
  }
  return result;
});

/** Both operands rank >= 2 and of the same dtype. */
function matmul2(x: Tensor, y: Tensor, dt: Tensor["dtype"]): Tensor {
  const m = x.shape[x.rank - 2];
  const k = x.shape[x.rank - 1];
  const k2 = y.shape[y.rank - 2];
  const n = y.shape[y.rank - 1];
  if (k !== k2) {
    throw new ValueError(
      `ops.matmul: inner dimensions do not match: ${formatShape(x.shape)} @ ${formatShape(y.shape)} (${k} vs ${k2}).`,
    );
  }
  const xb = x.shape.slice(0, -2);
  const yb = y.shape.slice(0, -2);
  const batchShape = broadcastConcrete(xb, yb, "ops.matmul (batch dimensions)");
  const batch = sizeOf(batchShape);
  // A side whose batch is all ones is read with stride 0; a partial broadcast is materialised.
  const xs = sizeOf(xb) === batch ? x : sizeOf(xb) === 1 ? x : broadcastTo(x, [...batchShape, m, k]);
  const ys = sizeOf(yb) === batch ? y : sizeOf(yb) === 1 ? y : broadcastTo(y, [...batchShape, k, n]);
  const info = {
    batch, m, k, n, transposeA: false, transposeB: false,
    aBatchStride: sizeOf(xs.shape.slice(0, -2)) === 1 && batch > 1 ? 0 : m * k,
    bBatchStride: sizeOf(ys.shape.slice(0, -2)) === 1 && batch > 1 ? 0 : k * n,
  };
  const outShape = [...batchShape, m, n];
  // numpy: a bool product is the logical OR of ANDs, so count in int32 and test for nonzero.
  const kernelDtype = dt === "bool" ? "int32" : dt;
  let data = backend().matmul(xs.data, ys.data, info, kernelDtype);
  if (dt === "bool") data = backend().cast(data, "bool");
  const out = fromData(data, outShape, dt);
  // Skip the product nobody asked for (e.g. the data input of a first Dense layer).
  recordGradient([x, y], [out], ([g], needed) => [
    needed[0] ? unbroadcast(matmul(g, matrixTranspose(y)), x.shape) : null,
    needed[1] ? unbroadcast(matmul(matrixTranspose(x), g), y.shape) : null,
  ]);
  return out;
}
