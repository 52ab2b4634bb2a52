/**
 * Joining and splitting along an axis: concatenate, stack, split, unstack.
 *
 * Each is one tape node whose backward is its inverse (concatenate <-> split,
 * stack <-> unstack), so a split into T pieces costs O(size) to differentiate,
 * not T full-size scatters.
 */
import { DType, TypedArray, promoteTypes } from "../../engine/dtype.js";
import { Tensor, fromData } from "../../engine/tensor.js";
import { ValueError } from "../../engine/errors.js";
import { formatShape, normalizeAxis, stridesOf } from "../../engine/shape.js";
import { recordGradient } from "../../autodiff/tape.js";
import { asTensor, backend, op, readOptions, TensorLike } from "../op.js";
import { cast } from "../core/cast.js";
import { reshape } from "./reshape.js";
import { concatFlat, stridedViewAdjoint } from "./movement.js";
import { add } from "../math/arithmetic.js";

/** Converts a list argument to tensors of one promoted dtype (cast differentiably, as Keras does). */
function promotedList(xs: readonly TensorLike[], opName: string): Tensor[] {
  if (!Array.isArray(xs) || xs.length === 0) {
    throw new ValueError(`ops.${opName}: expected a non-empty list of tensors, received ${Array.isArray(xs) ? "an empty list" : String(xs)}.`);
  }
  const ts = xs.map((x) => asTensor(x, opName));
  const dt = ts.map((t) => t.dtype).reduce((a, b) => promoteTypes(a, b));
  return ts.map((t) => (t.dtype === dt ? t : cast(t, dt)));
}

function product(shape: readonly number[], from: number, to: number): number {
  let p = 1;
  for (let i = from; i < to; i++) p *= shape[i];
  return p;
}

/**
 * Lays (outer, len_i, inner) blocks side by side along the middle axis. With
 * outer == 1 that is a flat concatenation; otherwise each input is first turned
 * to (len_i, outer, inner), concatenated flat, and turned back (two kernel passes).
 */
function concatData(datas: readonly TypedArray[], lens: readonly number[], outer: number, inner: number, dtype: DType): TypedArray {
  if (outer === 1) return concatFlat(datas, dtype);
  const b = backend();
  const parts = datas.map((d, i) => b.stridedCopy(d, [lens[i], outer, inner], 0, [inner, lens[i] * inner, 1], dtype));
  const total = lens.reduce((a, c) => a + c, 0);
  return b.stridedCopy(concatFlat(parts, dtype), [outer, total, inner], 0, [inner, outer * inner, 1], dtype);
}

type AxisOrNull = number | null;

export const concatenate = op("concatenate", (xs: readonly TensorLike[], ...rest: [AxisOrNull?] | [{ axis?: AxisOrNull }]): Tensor => {
  const { axis = 0 } = readOptions<{ axis?: AxisOrNull }>("concatenate", rest, ["axis"]);
  const ts = promotedList(xs, "concatenate");
  if (axis === null) return concatenate(ts.map((t) => reshape(t, [-1])), 0);
  const rank = ts[0].rank;
  if (rank === 0) throw new ValueError("ops.concatenate: zero-dimensional tensors cannot be concatenated.");
  const ax = normalizeAxis(axis, rank, "ops.concatenate");
  for (const t of ts) {
    const ok = t.rank === rank && t.shape.every((d, i) => i === ax || d === ts[0].shape[i]);
    if (!ok) {
      throw new ValueError(
        `ops.concatenate: all input shapes must match except along the concatenation axis ${axis}, ` +
          `received shapes ${ts.map((u) => formatShape(u.shape)).join(", ")}.`,
      );
    }
  }
  if (ts.length === 1) return ts[0];
  const lens = ts.map((t) => t.shape[ax]);
  const outShape = ts[0].shape.slice();
  outShape[ax] = lens.reduce((a, c) => a + c, 0);
  const dt = ts[0].dtype;
  const outer = product(outShape, 0, ax);
  const inner = product(outShape, ax + 1, outShape.length);
  const out = fromData(concatData(ts.map((t) => t.data), lens, outer, inner, dt), outShape, dt);
  recordGradient(ts, [out], ([g]) => {
    const bounds: number[] = [];
    let acc = 0;
    for (let i = 0; i < lens.length - 1; i++) bounds.push((acc += lens[i]));
    return split(g, bounds, ax);
  });
  return out;
}) as {
  (xs: readonly TensorLike[], axis?: AxisOrNull): Tensor;
  (xs: readonly TensorLike[], options: { axis?: AxisOrNull }): Tensor;
};

export const stack = op("stack", (xs: readonly TensorLike[], ...rest: [number?] | [{ axis?: number }]): Tensor => {
  const { axis = 0 } = readOptions<{ axis?: number }>("stack", rest, ["axis"]);
  const ts = promotedList(xs, "stack");
  const shape = ts[0].shape;
  for (const t of ts) {
    if (t.rank !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      throw new ValueError(`ops.stack: all input tensors must have the same shape, received shapes ${ts.map((u) => formatShape(u.shape)).join(", ")}.`);
    }
  }
  const ax = normalizeAxis(axis, shape.length + 1, "ops.stack");
  const outShape = [...shape.slice(0, ax), ts.length, ...shape.slice(ax)];
  const dt = ts[0].dtype;
  const data = concatData(ts.map((t) => t.data), ts.map(() => 1), product(shape, 0, ax), product(shape, ax, shape.length), dt);
  const out = fromData(data, outShape, dt);
  recordGradient(ts, [out], ([g]) => unstack(g, { axis: ax }));
  return out;
}) as {
  (xs: readonly TensorLike[], axis?: number): Tensor;
  (xs: readonly TensorLike[], options: { axis?: number }): Tensor;
};

/**
 * Cuts `t` along `ax` into pieces [starts[i], starts[i] + lens[i]) with one strided
 * copy each, shaped `pieceShape(len)`; records one node whose backward is `backward`.
 */
function cut(
  t: Tensor, ax: number, starts: readonly number[], lens: readonly number[],
  pieceShape: (len: number) => number[], backward: (gs: Tensor[]) => Tensor,
): Tensor[] {
  const n = t.shape[ax];
  const outer = product(t.shape, 0, ax);
  const inner = product(t.shape, ax + 1, t.rank);
  const pieces = starts.map((s, i) => {
    const data = backend().stridedCopy(t.data, [outer, lens[i], inner], s * inner, [n * inner, inner, 1], t.dtype);
    return fromData(data, pieceShape(lens[i]), t.dtype);
  });
  recordGradient([t], pieces, (gs) => [backward(gs)]);
  return pieces;
}

/**
 * numpy's split: an integer number of equal sections (an error when the axis does
 * not divide evenly), or a list of cut points (python slice semantics, so they may
 * be negative or past the end and give empty pieces).
 */
export const split = op("split", (x: TensorLike, sectionsArg: number | readonly number[] | Tensor, ...rest: [number?] | [{ axis?: number }]): Tensor[] => {
  const t = asTensor(x, "split");
  const indicesOrSections: number | readonly number[] =
    sectionsArg instanceof Tensor ? (sectionsArg.rank === 0 ? sectionsArg.item() : Array.from(sectionsArg.data)) : sectionsArg;
  if (typeof indicesOrSections !== "number" && !Array.isArray(indicesOrSections)) {
    throw new ValueError(`ops.split: \`indices_or_sections\` must be an integer or a list of integers, received ${String(sectionsArg)}.`);
  }
  const { axis = 0 } = readOptions<{ axis?: number }>("split", rest, ["axis"]);
  if (t.rank === 0) throw new ValueError("ops.split: cannot split a zero-dimensional tensor.");
  const ax = normalizeAxis(axis, t.rank, "ops.split");
  const n = t.shape[ax];
  const starts: number[] = [];
  const lens: number[] = [];
  if (typeof indicesOrSections === "number") {
    const k = indicesOrSections;
    if (!Number.isInteger(k) || k <= 0) throw new ValueError(`ops.split: the number of sections must be a positive integer, received ${k}.`);
    if (n % k !== 0) {
      throw new ValueError(
        `ops.split: array split does not result in an equal division: axis ${axis} of a tensor of shape ${formatShape(t.shape)} has size ${n}, which ${k} sections do not divide.`,
      );
    }
    for (let i = 0; i < k; i++) {
      starts.push((i * n) / k);
      lens.push(n / k);
    }
  } else {
    const clip = (i: number): number => {
      if (!Number.isInteger(i)) throw new ValueError(`ops.split: split indices must be integers, received ${JSON.stringify(indicesOrSections)}.`);
      return Math.min(Math.max(i < 0 ? i + n : i, 0), n);
    };
    const bounds = [0, ...Array.from(indicesOrSections, clip), n];
    for (let i = 0; i + 1 < bounds.length; i++) {
      starts.push(bounds[i]);
      lens.push(Math.max(0, bounds[i + 1] - bounds[i]));
    }
  }
  const shapeWith = (len: number): number[] => t.shape.map((d, i) => (i === ax ? len : d));
  // Increasing cut points tile the axis, so the adjoint is a concatenation. Decreasing ones
  // (python slices) can make pieces overlap: then each piece's gradient is scattered back and summed.
  const tiles = starts.every((s, i) => s === (i === 0 ? 0 : starts[i - 1] + lens[i - 1])) && starts[starts.length - 1] + lens[lens.length - 1] === n;
  const strides = stridesOf(t.shape);
  const backward = (gs: Tensor[]): Tensor => {
    if (gs.length === 1) return gs[0];
    if (tiles) return concatenate(gs, ax);
    return gs.map((g, i) => stridedViewAdjoint(g, t.shape, starts[i] * strides[ax], strides)).reduce((a, b) => add(a, b));
  };
  return cut(t, ax, starts, lens, shapeWith, backward);
}) as {
  (x: TensorLike, indicesOrSections: number | readonly number[] | Tensor, axis?: number): Tensor[];
  (x: TensorLike, indicesOrSections: number | readonly number[] | Tensor, options: { axis?: number }): Tensor[];
};

/** Splits into `x.shape[axis]` tensors with that axis removed. */
export const unstack = op("unstack", (x: TensorLike, ...rest: [(number | null)?, number?] | [{ num?: number | null; axis?: number }]): Tensor[] => {
  const t = asTensor(x, "unstack");
  const { num = null, axis = 0 } = readOptions<{ num?: number | null; axis?: number }>("unstack", rest, ["num", "axis"]);
  if (t.rank === 0) throw new ValueError("ops.unstack: cannot unstack a zero-dimensional tensor.");
  const ax = normalizeAxis(axis, t.rank, "ops.unstack");
  const n = t.shape[ax];
  if (num !== null && num !== n) {
    throw new ValueError(`ops.unstack: num=${num} does not match the size ${n} of axis ${axis} of a tensor of shape ${formatShape(t.shape)}.`);
  }
  const starts = Array.from({ length: n }, (_, i) => i);
  const pieceShape = t.shape.filter((_, i) => i !== ax);
  return cut(t, ax, starts, starts.map(() => 1), () => pieceShape, (gs) => stack(gs, ax));
}) as {
  (x: TensorLike, num?: number | null, axis?: number): Tensor[];
  (x: TensorLike, options: { num?: number | null; axis?: number }): Tensor[];
};
