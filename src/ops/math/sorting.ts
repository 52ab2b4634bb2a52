/**
 * Sorting ops: sort, argsort, topK, inTopK, searchsorted, digitize.
 *
 * All of them run the backend's stable sort kernel over the last axis (other
 * axes are moved there first). Sorted values are then *gathered* from the
 * input at the sorted positions, so their gradient is the scatter-add adjoint
 * of that gather: each output's gradient goes back to the element it came from
 * (and gradients of gradients keep working).
 */
import { Tensor, fromData } from "../../engine/tensor.js";
import { ValueError } from "../../engine/errors.js";
import { promoteTypes } from "../../engine/dtype.js";
import { formatShape, normalizeAxis } from "../../engine/shape.js";
import { asTensor, backend, op, readOptions, TensorLike } from "../op.js";
import { arange } from "../core/ranges.js";
import { cast } from "../core/cast.js";
import { add, multiply, subtract } from "./arithmetic.js";
import { greater, isnan, lessEqual, logicalAnd, greaterEqual, less } from "./comparison.js";
import { where } from "./select.js";
import { sum } from "../reduction/sum.js";
import { reshape } from "../shape/reshape.js";
import { moveaxis, expandDims } from "../shape/dims.js";
import { flip, slice } from "../shape/slicing.js";
import { concatenate } from "../shape/join.js";
import { takeAlongAxis } from "../shape/indexing.js";
import { gatherAxis } from "../shape/movement.js";

type AxisArg = number | null;

/**
 * The stable sort of `t` along its last axis: int32 positions (ascending, NaN
 * last; or descending with NaN still last, as the kernel orders them).
 */
function sortedPositions(t: Tensor, descending: boolean): Tensor {
  const { indices } = backend().sort(t.data, t.shape, descending);
  return fromData(indices, t.shape, "int32");
}

/**
 * x[..., positions[..., j]] for `positions` along the last axis of `x` (same
 * leading dims): one differentiable gather on the flattened tensor. The flat
 * offsets are built from int32 tensor ops (row * n + position).
 */
function gatherLast(x: Tensor, positions: Tensor): Tensor {
  const n = x.shape[x.rank - 1];
  const rows = x.rank === 0 ? 1 : x.size / Math.max(n, 1);
  const k = positions.shape[positions.rank - 1];
  if (positions.size === 0) return gatherAxis(reshape(x, [-1]), 0, new Int32Array(0), positions.shape);
  const rowStarts = reshape(multiply(arange(rows), n), [rows, 1]);
  const flat = add(reshape(positions, [rows, k]), rowStarts);
  return gatherAxis(reshape(x, [-1]), 0, flat.data as Int32Array, positions.shape);
}

/** `x` with `axis` moved last (axis null: flattened), plus the axis to move the result back to. */
function alongLastAxis(x: Tensor, axis: AxisArg, opName: string): [Tensor, number | null] {
  if (axis === null) return [reshape(x, [-1]), null];
  if (typeof axis !== "number" || !Number.isInteger(axis)) {
    throw new ValueError(`ops.${opName}: axis must be an integer or null, received ${JSON.stringify(axis)}.`);
  }
  if (x.rank === 0) throw new ValueError(`ops.${opName}: cannot sort a 0-d tensor along axis ${axis} (received shape ()).`);
  const ax = normalizeAxis(axis, x.rank, `ops.${opName}`);
  return ax === x.rank - 1 ? [x, null] : [moveaxis(x, ax, -1), ax];
}

function restoreAxis(y: Tensor, ax: number | null): Tensor {
  return ax === null ? y : moveaxis(y, -1, ax);
}

/**
 * Keras's `sort(x, axis=-1)`: ascending along `axis` (null: the flattened
 * tensor), NaN last, dtype kept. The gradient routes each sorted value's
 * gradient back to its original position.
 */
export const sort = op("sort", (x: TensorLike, ...rest: [AxisArg?] | [{ axis?: AxisArg }]): Tensor => {
  const t = asTensor(x, "sort");
  const { axis = -1 } = readOptions<{ axis?: AxisArg }>("sort", rest, ["axis"]);
  const [moved, ax] = alongLastAxis(t, axis, "sort");
  return restoreAxis(gatherLast(moved, sortedPositions(moved, false)), ax);
}) as {
  (x: TensorLike, axis?: number | null): Tensor;
  (x: TensorLike, options: { axis?: number | null }): Tensor;
};

/** Keras's `argsort(x, axis=-1)`: int32 positions that sort `x` ascending along `axis` (stable; NaN last). */
export const argsort = op("argsort", (x: TensorLike, ...rest: [AxisArg?] | [{ axis?: AxisArg }]): Tensor => {
  const t = asTensor(x, "argsort");
  const { axis = -1 } = readOptions<{ axis?: AxisArg }>("argsort", rest, ["axis"]);
  const [moved, ax] = alongLastAxis(t, axis, "argsort");
  return restoreAxis(sortedPositions(moved, false), ax);
}) as {
  (x: TensorLike, axis?: number | null): Tensor;
  (x: TensorLike, options: { axis?: number | null }): Tensor;
};

function checkK(k: unknown, n: number, opName: string, shape: readonly number[]): number {
  if (typeof k !== "number" || !Number.isInteger(k) || k < 0) {
    throw new ValueError(`ops.${opName}: k must be a non-negative integer, received k=${String(k)}.`);
  }
  if (k > n) {
    throw new ValueError(`ops.${opName}: input must have at least k=${k} columns along its last axis, received shape ${formatShape(shape)}.`);
  }
  return k;
}

/**
 * Keras's `top_k(x, k, sorted=True)`: the `k` largest entries of the last axis
 * and their int32 positions, as `[values, indices]`. Values come largest first;
 * equal values keep the lower index first (TensorFlow's rule). With
 * `sorted=false` Keras allows any order; this returns the sorted order anyway.
 */
export const topK = op("topK", (x: TensorLike, k: number, ...rest: [boolean?] | [{ sorted?: boolean }]): [Tensor, Tensor] => {
  const t = asTensor(x, "topK");
  readOptions<{ sorted?: boolean }>("topK", rest, ["sorted"]);
  if (t.rank === 0) throw new ValueError("ops.topK: input must be at least 1-D, received a scalar (shape ()).");
  const n = t.shape[t.rank - 1];
  checkK(k, n, "topK", t.shape);
  const order = sortedPositions(t, true);
  const start = new Array<number>(t.rank).fill(0);
  const indices = k === n ? order : slice(order, start, [...t.shape.slice(0, -1), k]);
  return [gatherLast(t, indices), indices];
}) as {
  (x: TensorLike, k: number, sorted?: boolean): [Tensor, Tensor];
  (x: TensorLike, k: number, options: { sorted?: boolean }): [Tensor, Tensor];
};

/**
 * Keras's `in_top_k(targets, predictions, k)`: bool (batch,), whether each
 * target class is among the `k` largest predictions of its row. A target whose
 * prediction ties with the k-th largest counts as in the top k (fewer than k
 * predictions are strictly larger). A NaN prediction at the target counts as
 * -inf (never larger than anything), as in Keras's JAX backend.
 * targets: (batch,) integers in [0, classes); predictions: (batch, classes).
 */
export const inTopK = op("inTopK", (targets: TensorLike, predictions: TensorLike, k: number): Tensor => {
  const p = asTensor(predictions, "inTopK");
  const t = asTensor(targets, "inTopK");
  if (p.rank !== 2 || t.rank !== 1 || t.shape[0] !== p.shape[0]) {
    throw new ValueError(
      `ops.inTopK: expected targets of shape (batch,) and predictions of shape (batch, classes). Received: targets.shape=${formatShape(t.shape)}, predictions.shape=${formatShape(p.shape)}`,
    );
  }
  if (t.dtype !== "int32") {
    if (t.dtype === "bool" || t.data.some((v) => !Number.isInteger(v))) {
      throw new ValueError(`ops.inTopK: targets must be integer class indices, received dtype ${t.dtype}.`);
    }
  }
  if (typeof k !== "number" || !Number.isInteger(k)) throw new ValueError(`ops.inTopK: k must be an integer, received k=${String(k)}.`);
  const classes = p.shape[1];
  const targetsInt = t.dtype === "int32" ? t : cast(t, "int32");
  const inRange = logicalAnd(greaterEqual(targetsInt, 0), less(targetsInt, classes));
  if (targetsInt.size > 0 && !(sum(inRange, null).item() === targetsInt.size)) {
    throw new ValueError(`ops.inTopK: targets must be class indices in [0, ${classes}), received ${JSON.stringify(targetsInt.toArray())}.`);
  }
  let atTarget = takeAlongAxis(p, expandDims(targetsInt, -1), -1);
  if (p.dtype === "float32" || p.dtype === "float64") atTarget = where(isnan(atTarget), -Infinity, atTarget);
  const larger = sum(greater(p, atTarget), -1);
  return lessEqual(add(larger, 1), k);
});

/**
 * Insertion points of `values` into the 1-D `sorted`: how many entries of
 * `sorted` are < v (side "left") or <= v (side "right"), in two stable
 * argsorts instead of a per-value search: in the stable sort of the
 * concatenation, the entries before v are exactly those sorted entries plus
 * the values ranked before v, so count = position(v) - rank(v among values).
 * Putting the values first ("left") or last ("right") settles the ties. NaN
 * ranks last, as in numpy.
 */
function insertionCounts(sorted: Tensor, values: Tensor, side: "left" | "right"): Tensor {
  const dt = promoteTypes(sorted.dtype, values.dtype);
  const flatValues = cast(reshape(values, [-1]), dt);
  const seq = cast(sorted, dt);
  const m = flatValues.size;
  const combined = concatenate(side === "left" ? [flatValues, seq] : [seq, flatValues], 0);
  // argsort of a permutation is its inverse: each element's position in the sorted order.
  const positions = argsort(argsort(combined));
  const start = side === "left" ? 0 : seq.size;
  const valuePositions = slice(positions, [start], [m]);
  const ranks = argsort(argsort(flatValues));
  return reshape(subtract(valuePositions, ranks), values.shape);
}

/**
 * Keras's `searchsorted(sorted_sequence, values, side="left")`: int32 indices
 * where `values` would be inserted into the 1-D ascending `sorted_sequence` to
 * keep it sorted (side "right": after equal entries). The output has the
 * shape of `values`.
 */
export const searchsorted = op("searchsorted", (sortedSequence: TensorLike, values: TensorLike, ...rest: [("left" | "right")?] | [{ side?: "left" | "right" }]): Tensor => {
  const seq = asTensor(sortedSequence, "searchsorted");
  const v = asTensor(values, "searchsorted");
  const { side = "left" } = readOptions<{ side?: "left" | "right" }>("searchsorted", rest, ["side"]);
  if (side !== "left" && side !== "right") {
    throw new ValueError(`ops.searchsorted: \`side\` must be either 'left' or 'right'. Received: side=${String(side)}`);
  }
  if (seq.rank !== 1) {
    throw new ValueError(
      `\`searchsorted\` only supports 1-D sorted sequences. You can use \`keras.ops.vectorized_map\` to extend it to N-D sequences. Received: sorted_sequence.shape=${formatShape(seq.shape)}`,
    );
  }
  return insertionCounts(seq, v, side);
}) as {
  (sortedSequence: TensorLike, values: TensorLike, side?: "left" | "right"): Tensor;
  (sortedSequence: TensorLike, values: TensorLike, options: { side?: "left" | "right" }): Tensor;
};

/**
 * Keras's `digitize(x, bins)` (numpy's with right=False): for increasing
 * `bins`, the int32 index i with bins[i-1] <= x < bins[i]; for decreasing
 * bins, the i with bins[i-1] > x >= bins[i]. `bins` must be 1-D and monotonic.
 */
export const digitize = op("digitize", (x: TensorLike, bins: TensorLike): Tensor => {
  const t = asTensor(x, "digitize");
  const b = asTensor(bins, "digitize");
  if (b.rank !== 1) throw new ValueError(`ops.digitize: \`bins\` must be 1-D, received shape ${formatShape(b.shape)}.`);
  const n = b.shape[0];
  if (n < 2) return insertionCounts(b, t, "right");
  const head = slice(b, [0], [n - 1]);
  const tail = slice(b, [1], [n - 1]);
  if (sum(lessEqual(head, tail), null).item() === n - 1) return insertionCounts(b, t, "right");
  if (sum(greaterEqual(head, tail), null).item() === n - 1) {
    // Decreasing bins: count from the end of the reversed (increasing) bins.
    return subtract(n, insertionCounts(flip(b, 0), t, "right"));
  }
  throw new ValueError("ops.digitize: bins must be monotonically increasing or decreasing.");
});
