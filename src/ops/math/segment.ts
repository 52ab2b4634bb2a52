/**
 * Segment reductions: segmentSum and segmentMax (Keras's `keras.ops.segment_*`).
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
import { zerosLike } from "../core/creation.js";
import { divide, maximum, multiply } from "./arithmetic.js";
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
