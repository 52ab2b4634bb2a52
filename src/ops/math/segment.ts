/**
 * Segment reductions: segmentSum and segmentMax (Keras's `keras.ops.segment_*`),
 * and bincount (a segment sum of ones or weights).
 *
 * `segmentIds` has the shape of the leading dims of `data`; every slice of
 * `data` at those dims goes to segment `id`. The output is
 * (numSegments, ...data.shape[segmentIds.rank:]). Negative ids drop their slice
 * (as in Keras); ids >= numSegments are an error (numpy and TensorFlow raise
 * too) rather than a silently dropped value. numSegments defaults to
 * max(segmentIds) + 1.
 */
import { Tensor, fromData } from "../../engine/tensor.js";
import { ValueError } from "../../engine/errors.js";
import { formatShape } from "../../engine/shape.js";
import { recordGradient } from "../../autodiff/tape.js";
import { asTensor, backend, op, readOptions, TensorLike } from "../op.js";
import { cast } from "../core/cast.js";
import { ones, zerosLike } from "../core/creation.js";
import { arange } from "../core/ranges.js";
import { promoteTypes } from "../../engine/dtype.js";
import { add, divide, maximum, multiply } from "./arithmetic.js";
import { equal, greaterEqual, logicalAnd } from "./comparison.js";
import { where } from "./select.js";
import { reshape } from "../shape/reshape.js";
import { slice } from "../shape/slicing.js";
import { gatherAxis, scatterAddAxis } from "../shape/movement.js";

export interface SegmentOptions {
  numSegments?: number | null;
  sorted?: boolean;
}

type SegmentFn = {
  (data: TensorLike, segmentIds: TensorLike, numSegments?: number | null, sorted?: boolean): Tensor;
  (data: TensorLike, segmentIds: TensorLike, options: SegmentOptions): Tensor;
};

interface Segments {
  /** `data` reshaped to (rows, ...rest), rows = segmentIds.size. */
  rows: Tensor;
  /** One id per row; dropped rows hold -1. */
  ids: Int32Array;
  /** Dropped rows (negative ids) point at row 0 here: gathers stay in bounds, `valid` masks them. */
  safeIds: Int32Array;
  valid: Tensor;
  numSegments: number;
  outShape: number[];
}

function readSegments(opName: string, data: TensorLike, segmentIds: TensorLike, rest: unknown[]): Segments {
  const x = asTensor(data, opName);
  const idsT = asTensor(segmentIds, opName);
  const { numSegments = null } = readOptions<SegmentOptions & Record<string, unknown>>(opName, rest, ["numSegments", "sorted"]);
  const k = idsT.rank;
  if (k === 0 || k > x.rank || idsT.shape.some((d, i) => d !== x.shape[i])) {
    throw new ValueError(
      `ops.${opName}: \`segment_ids\` must be at least 1-D and its shape must be a prefix of the shape of \`data\`. Received: data.shape=${formatShape(x.shape)}, segment_ids.shape=${formatShape(idsT.shape)}`,
    );
  }
  if (idsT.dtype !== "int32") {
    if (idsT.dtype === "bool" || idsT.data.some((v) => !Number.isInteger(v))) {
      throw new ValueError(`ops.${opName}: \`segment_ids\` must be integers, received dtype ${idsT.dtype}.`);
    }
  }
  const ids = cast(reshape(idsT, [-1]), "int32");
  const maxId = ids.size ? backend().reduce("max", ids.data, ids.shape, [0], "int32")[0] : -1;
  let n: number;
  if (numSegments === null || numSegments === undefined) {
    n = Math.max(maxId + 1, 0);
  } else {
    if (typeof numSegments !== "number" || !Number.isInteger(numSegments) || numSegments < 0) {
      throw new ValueError(`ops.${opName}: \`num_segments\` must be a non-negative integer or null, received ${JSON.stringify(numSegments)}.`);
    }
    n = numSegments;
    if (maxId >= n) {
      throw new ValueError(`ops.${opName}: segment id ${maxId} is out of range for num_segments=${n} (ids must be < num_segments; negative ids are dropped).`);
    }
  }
  const valid = greaterEqual(ids, 0);
  const rest0 = x.shape.slice(k);
  return {
    rows: reshape(x, [ids.size, ...rest0]),
    ids: where(valid, ids, -1).data as Int32Array,
    safeIds: where(valid, ids, 0).data as Int32Array,
    valid,
    numSegments: n,
    outShape: [n, ...rest0],
  };
}

/**
 * Keras's `segment_sum(data, segment_ids, num_segments=None, sorted=False)`.
 * One scatter-add (dropped rows go to an extra bucket that is sliced away),
 * so the gradient is the gather of the output gradient at each row's segment.
 * Bool data is summed as int32, as `ops.sum` does.
 */
export const segmentSum = op("segmentSum", (data: TensorLike, segmentIds: TensorLike, ...rest: unknown[]): Tensor => {
  const s = readSegments("segmentSum", data, segmentIds, rest);
  const rows = s.rows.dtype === "bool" ? cast(s.rows, "int32") : s.rows;
  // Dropped rows (id -1) land in bucket numSegments, which the slice removes.
  const buckets = where(s.valid, fromData(s.ids, [s.ids.length], "int32"), s.numSegments);
  const padded = scatterAddAxis(rows, [s.numSegments + 1, ...s.outShape.slice(1)], 0, buckets.data as Int32Array);
  return slice(padded, s.outShape.map(() => 0), s.outShape);
}) as SegmentFn;

/**
 * Keras's `segment_max(data, segment_ids, num_segments=None, sorted=False)`.
 * Empty segments hold -inf (float; the int32 minimum for ints), as in Keras's
 * JAX backend; NaN propagates. The gradient goes to the entries equal to their
 * segment's maximum, split evenly among ties (the rule `ops.max` uses).
 */
export const segmentMax = op("segmentMax", (data: TensorLike, segmentIds: TensorLike, ...rest: unknown[]): Tensor => {
  const s = readSegments("segmentMax", data, segmentIds, rest);
  const x = s.rows;
  const out = fromData(backend().segmentReduce("max", x.data, x.shape, s.ids, s.numSegments, x.dtype), s.outShape, x.dtype);
  recordGradient([x], [out], ([g]) => {
    const m = s.ids.length;
    if (s.numSegments === 0) return [zerosLike(x, g.dtype)];
    // Broadcast `valid` (rows,) against (rows, ...rest).
    const validRows = reshape(s.valid, [m, ...x.shape.slice(1).map(() => 1)]);
    const hits = cast(logicalAnd(equal(x, gatherAxis(out, 0, s.safeIds, [m])), validRows), g.dtype);
    const ties = maximum(segmentSum(hits, fromData(s.ids, [m], "int32"), s.numSegments), 1);
    const share = divide(hits, gatherAxis(ties, 0, s.safeIds, [m]));
    return [multiply(gatherAxis(g, 0, s.safeIds, [m]), share)];
  });
  return out;
}) as SegmentFn;

export interface BincountOptions {
  weights?: TensorLike | null;
  minlength?: number;
  sparse?: boolean;
}

/**
 * Keras's `bincount(x, weights=None, minlength=0, sparse=False)`: how often
 * each non-negative integer occurs in `x` (summing `weights` instead of ones
 * when given), over max(max(x) + 1, minlength) bins. A 2-D `x` is counted row
 * by row, giving (rows, bins). int32 without weights; with weights, the
 * promotion of x's and the weights' dtypes. One segmentSum, so weighted counts
 * are differentiable in the weights.
 */
export const bincount = op("bincount", (x: TensorLike, ...rest: [(TensorLike | null)?, number?, boolean?] | [BincountOptions]): Tensor => {
  const t = asTensor(x, "bincount");
  const { weights = null, minlength = 0, sparse = false } = readOptions<BincountOptions & Record<string, unknown>>("bincount", rest, ["weights", "minlength", "sparse"]);
  if (sparse) throw new ValueError("ops.bincount: sparse=true is not supported (keras-ts has no sparse tensors).");
  if (t.rank !== 1 && t.rank !== 2) throw new ValueError(`ops.bincount: input must be 1-D or 2-D, received shape ${formatShape(t.shape)}.`);
  if (typeof minlength !== "number" || !Number.isInteger(minlength) || minlength < 0) {
    throw new ValueError(`ops.bincount: minlength must be a non-negative integer, received ${JSON.stringify(minlength)}.`);
  }
  if (t.dtype !== "int32" && (t.dtype === "bool" || t.data.some((v) => !Number.isInteger(v)))) {
    throw new ValueError(`ops.bincount: input must hold integers, received dtype ${t.dtype}.`);
  }
  const ids = cast(t, "int32");
  const lo = ids.size ? backend().reduce("min", ids.data, ids.shape, ids.shape.map((_, i) => i), "int32")[0] : 0;
  if (lo < 0) throw new ValueError(`ops.bincount: input must have no negative elements, received ${lo}.`);
  const hi = ids.size ? backend().reduce("max", ids.data, ids.shape, ids.shape.map((_, i) => i), "int32")[0] : -1;
  const bins = Math.max(hi + 1, minlength);
  let values: Tensor;
  if (weights === null) {
    values = ones(ids.shape, "int32");
  } else {
    const w = asTensor(weights, "bincount");
    if (w.shape.length !== ids.shape.length || w.shape.some((d, i) => d !== ids.shape[i])) {
      throw new ValueError(`ops.bincount: weights must have the shape of x. Received: x.shape=${formatShape(t.shape)}, weights.shape=${formatShape(w.shape)}`);
    }
    const dt = promoteTypes(t.dtype, w.dtype);
    values = cast(w, dt === "bool" ? "int32" : dt);
  }
  if (t.rank === 1) return segmentSum(values, ids, bins);
  // Row r's values go to bins r * bins + id, then the flat counts are split back into rows.
  const rows = t.shape[0];
  const offsets = reshape(multiply(arange(rows), bins), [rows, 1]);
  return reshape(segmentSum(values, add(ids, offsets), rows * bins), [rows, bins]);
}) as {
  (x: TensorLike, weights?: TensorLike | null, minlength?: number, sparse?: boolean): Tensor;
  (x: TensorLike, options: BincountOptions): Tensor;
};
