/**
 * Slicing and rearranging along axes: slice, sliceUpdate, pad, flip, roll, tile, repeat.
 * All are strided views, strided overwrites or gathers (see ./movement.ts), or
 * compositions of reshape and broadcastTo, so their gradients come with them.
 */
import { Tensor } from "../../engine/tensor.js";
import { ValueError } from "../../engine/errors.js";
import { formatShape, normalizeAxes, normalizeAxis, stridesOf } from "../../engine/shape.js";
import { asTensor, op, readOptions, TensorLike } from "../op.js";
import { cast } from "../core/cast.js";
import { full } from "../core/creation.js";
import { reshape } from "./reshape.js";
import { broadcastTo } from "./broadcast-to.js";
import { gatherAxis, stridedOverwrite, stridedView } from "./movement.js";

/** An integer list argument given as an array or a 1-D tensor. */
function intList(v: unknown, what: string, opName: string): number[] {
  const list = v instanceof Tensor ? Array.from(v.data) : Array.isArray(v) ? (v as number[]) : typeof v === "number" ? [v] : null;
  if (!list || !list.every((e) => typeof e === "number" && Number.isInteger(e))) {
    throw new ValueError(`ops.${opName}: \`${what}\` must be a list of integers, received ${v instanceof Tensor ? v.toString() : JSON.stringify(v)}.`);
  }
  return list.slice();
}

/** Python's modulo (result has the sign of the divisor). */
function pmod(a: number, n: number): number {
  return ((a % n) + n) % n;
}

/**
 * `inputs[start[0] : start[0] + shape[0], ...]`. A size of -1 takes everything
 * to the end of that axis; a window running past the tensor is an error.
 */
export const slice = op("slice", (inputs: TensorLike, startIndices: readonly number[] | Tensor, shape: readonly number[] | Tensor): Tensor => {
  const t = asTensor(inputs, "slice");
  const starts = intList(startIndices, "start_indices", "slice");
  const sizes = intList(shape, "shape", "slice");
  if (starts.length !== t.rank || sizes.length !== t.rank) {
    throw new ValueError(
      `ops.slice: \`start_indices\` and \`shape\` must each have one entry per axis of the input (rank ${t.rank}), ` +
        `received start_indices=${JSON.stringify(starts)} and shape=${JSON.stringify(sizes)}.`,
    );
  }
  const outShape = sizes.map((s, i) => (s === -1 ? t.shape[i] - starts[i] : s));
  for (let i = 0; i < t.rank; i++) {
    if (starts[i] < 0 || outShape[i] < 0 || starts[i] + outShape[i] > t.shape[i]) {
      throw new ValueError(
        `ops.slice: the window starting at ${JSON.stringify(starts)} with shape ${JSON.stringify(sizes)} does not fit in ` +
          `a tensor of shape ${formatShape(t.shape)} (axis ${i}).`,
      );
    }
  }
  const strides = stridesOf(t.shape);
  const offset = starts.reduce((acc, s, i) => acc + s * strides[i], 0);
  return stridedView(t, outShape, offset, strides);
});

/** A copy of `inputs` with `updates` written at `startIndices` (cast to the dtype of `inputs`). */
export const sliceUpdate = op("sliceUpdate", (inputs: TensorLike, startIndices: readonly number[] | Tensor, updates: TensorLike): Tensor => {
  const t = asTensor(inputs, "sliceUpdate");
  let u = asTensor(updates, "sliceUpdate");
  const starts = intList(startIndices, "start_indices", "sliceUpdate");
  if (u.rank !== t.rank || starts.length !== t.rank) {
    throw new ValueError(
      `ops.sliceUpdate: \`updates\` and \`start_indices\` must match the rank ${t.rank} of the input, ` +
        `received updates of shape ${formatShape(u.shape)} and start_indices=${JSON.stringify(starts)}.`,
    );
  }
  for (let i = 0; i < t.rank; i++) {
    if (starts[i] < 0 || starts[i] + u.shape[i] > t.shape[i]) {
      throw new ValueError(
        `ops.sliceUpdate: updates of shape ${formatShape(u.shape)} at start_indices=${JSON.stringify(starts)} do not fit in ` +
          `a tensor of shape ${formatShape(t.shape)} (axis ${i}).`,
      );
    }
  }
  if (u.dtype !== t.dtype) u = cast(u, t.dtype);
  const strides = stridesOf(t.shape);
  const offset = starts.reduce((acc, s, i) => acc + s * strides[i], 0);
  return stridedOverwrite(t, u, offset, strides);
});

type PadWidth = number | readonly number[] | readonly (readonly number[])[];
type PadMode = "constant" | "reflect" | "symmetric" | "edge" | "wrap" | string;
interface PadOptions {
  mode?: PadMode;
  constantValues?: number | null;
}

/** numpy's pad_width forms: n, [before, after], [[before, after]] (all axes), or one pair (or single) per axis. */
function padPairs(padWidth: PadWidth | Tensor, rank: number): [number, number][] {
  const pw: unknown = padWidth instanceof Tensor ? padWidth.toArray() : padWidth;
  const bad = (): never => {
    throw new ValueError(
      `ops.pad: \`pad_width\` must be an integer, a pair [before, after], or one such pair per axis (${rank} axes), received ${JSON.stringify(pw)}.`,
    );
  };
  let pairs: number[][];
  if (typeof pw === "number") pairs = [[pw, pw]];
  else if (Array.isArray(pw) && pw.every((e) => typeof e === "number")) pairs = pw.length === 1 ? [[pw[0], pw[0]]] : [pw as number[]];
  else if (Array.isArray(pw) && pw.every((e) => Array.isArray(e))) pairs = (pw as number[][]).map((p) => (p.length === 1 ? [p[0], p[0]] : p));
  else return bad();
  if (pairs.length === 1) pairs = Array.from({ length: rank }, () => pairs[0]);
  if (pairs.length !== rank || pairs.some((p) => p.length !== 2 || p.some((v) => !Number.isInteger(v)))) bad();
  if (pairs.some((p) => p[0] < 0 || p[1] < 0)) {
    throw new ValueError(`ops.pad: \`pad_width\` cannot contain negative values, received ${JSON.stringify(pw)}.`);
  }
  return pairs as [number, number][];
}

/** The source position along an axis of length n for padded position i (before = padding before). */
const SOURCE_INDEX: Record<string, (i: number, n: number) => number> = {
  edge: (i, n) => Math.min(Math.max(i, 0), n - 1),
  wrap: (i, n) => pmod(i, n),
  reflect: (i, n) => {
    if (n === 1) return 0;
    const j = pmod(i, 2 * (n - 1));
    return j >= n ? 2 * (n - 1) - j : j;
  },
  symmetric: (i, n) => {
    const j = pmod(i, 2 * n);
    return j >= n ? 2 * n - 1 - j : j;
  },
};

const KERAS_PAD_MODES = ["constant", "edge", "linear_ramp", "maximum", "mean", "median", "minimum", "reflect", "symmetric", "wrap", "empty"];

export const pad = op("pad", (x: TensorLike, padWidth: PadWidth | Tensor, ...rest: [PadMode?, (number | null)?] | [PadOptions]): Tensor => {
  const t = asTensor(x, "pad");
  const { mode = "constant", constantValues = null } = readOptions<PadOptions & Record<string, unknown>>("pad", rest, ["mode", "constantValues"]);
  const pairs = padPairs(padWidth, t.rank);
  if (constantValues !== null && mode !== "constant") {
    throw new ValueError(`ops.pad: argument \`constant_values\` can only be provided when \`mode == 'constant'\`. Received: mode=${mode}`);
  }
  if (mode === "constant") {
    const outShape = t.shape.map((d, i) => d + pairs[i][0] + pairs[i][1]);
    const strides = stridesOf(outShape);
    const offset = pairs.reduce((acc, p, i) => acc + p[0] * strides[i], 0);
    return stridedOverwrite(full(outShape, constantValues ?? 0, t.dtype), t, offset, strides);
  }
  const source = SOURCE_INDEX[mode];
  if (!source) {
    const known = KERAS_PAD_MODES.includes(mode);
    throw new ValueError(
      known
        ? `ops.pad: mode "${mode}" is not supported yet; supported modes are "constant", "edge", "reflect", "symmetric" and "wrap".`
        : `ops.pad: unknown mode "${mode}". Expected one of ${KERAS_PAD_MODES.map((m) => `"${m}"`).join(", ")}.`,
    );
  }
  let out = t;
  pairs.forEach(([before, after], axis) => {
    if (before === 0 && after === 0) return;
    const n = t.shape[axis];
    if (n === 0) throw new ValueError(`ops.pad: cannot pad an empty axis (axis ${axis} of shape ${formatShape(t.shape)}) in mode "${mode}".`);
    const idx = new Int32Array(n + before + after);
    for (let i = 0; i < idx.length; i++) idx[i] = source(i - before, n);
    out = gatherAxis(out, axis, idx, [idx.length]);
  });
  return out;
}) as {
  (x: TensorLike, padWidth: PadWidth | Tensor, mode?: PadMode, constantValues?: number | null): Tensor;
  (x: TensorLike, padWidth: PadWidth | Tensor, options: PadOptions): Tensor;
};

type AxisArg = number | readonly number[] | null;

/** Reverses the order of elements along `axis` (all axes when null): a view with negative strides. */
export const flip = op("flip", (x: TensorLike, ...rest: [AxisArg?] | [{ axis?: AxisArg }]): Tensor => {
  const t = asTensor(x, "flip");
  const { axis = null } = readOptions<{ axis?: AxisArg }>("flip", rest, ["axis"]);
  const axes = normalizeAxes(axis, t.rank, "ops.flip");
  if (axes.length === 0 || t.size === 0) return t;
  const strides = stridesOf(t.shape);
  let offset = 0;
  for (const a of axes) {
    offset += (t.shape[a] - 1) * strides[a];
    strides[a] = -strides[a];
  }
  return stridedView(t, t.shape, offset, strides);
});

/** Rolls elements along axes (the flattened tensor when axis is null); shifts and axes pair up like numpy's. */
export const roll = op("roll", (x: TensorLike, shift: number | readonly number[], ...rest: [AxisArg?] | [{ axis?: AxisArg }]): Tensor => {
  const t = asTensor(x, "roll");
  const { axis = null } = readOptions<{ axis?: AxisArg }>("roll", rest, ["axis"]);
  const shifts = intList(shift, "shift", "roll");
  if (axis === null) {
    if (shifts.length !== 1) throw new ValueError(`ops.roll: with axis=None, \`shift\` must be one integer, received ${JSON.stringify(shift)}.`);
    return reshape(roll(reshape(t, [-1]), shifts[0], 0), t.shape);
  }
  const axes = (typeof axis === "number" ? [axis] : Array.from(axis)).map((a) => normalizeAxis(a, t.rank, "ops.roll"));
  if (shifts.length !== axes.length && shifts.length !== 1 && axes.length !== 1) {
    throw new ValueError(`ops.roll: \`shift\` and \`axis\` must have the same length, received shift=${JSON.stringify(shift)} and axis=${JSON.stringify(axis)}.`);
  }
  // Total shift per axis (numpy adds repeated axes up).
  const total = new Map<number, number>();
  const count = Math.max(shifts.length, axes.length);
  for (let i = 0; i < count; i++) {
    const a = axes[axes.length === 1 ? 0 : i];
    total.set(a, (total.get(a) ?? 0) + shifts[shifts.length === 1 ? 0 : i]);
  }
  let out = t;
  for (const [a, s] of total) {
    const n = t.shape[a];
    if (n === 0 || pmod(s, n) === 0) continue;
    const idx = new Int32Array(n);
    for (let i = 0; i < n; i++) idx[i] = pmod(i - s, n);
    out = gatherAxis(out, a, idx, [n]);
  }
  return out;
});

/** Repeats the whole tensor `repeats[i]` times along each axis (numpy's tile, including its rank alignment). */
export const tile = op("tile", (x: TensorLike, repeats: number | readonly number[]): Tensor => {
  const t = asTensor(x, "tile");
  const reps = intList(repeats, "repeats", "tile");
  if (reps.some((r) => r < 0)) throw new ValueError(`ops.tile: \`repeats\` must be non-negative, received ${JSON.stringify(repeats)}.`);
  const rank = Math.max(t.rank, reps.length);
  const shape = [...new Array<number>(rank - t.rank).fill(1), ...t.shape];
  const r = [...new Array<number>(rank - reps.length).fill(1), ...reps];
  if (r.every((v) => v === 1)) return rank === t.rank ? t : reshape(t, shape);
  const interleaved = shape.flatMap((d) => [1, d]);
  const target = shape.flatMap((d, i) => [r[i], d]);
  return reshape(broadcastTo(reshape(t, interleaved), target), shape.map((d, i) => d * r[i]));
});

/**
 * Repeats each element along `axis` (of the flattened tensor when null): `repeats`
 * times, or `repeats[i]` times for element i.
 */
export const repeat = op("repeat", (x: TensorLike, repeats: number | readonly number[] | Tensor, ...rest: [(number | null)?] | [{ axis?: number | null }]): Tensor => {
  const t0 = asTensor(x, "repeat");
  const { axis = null } = readOptions<{ axis?: number | null }>("repeat", rest, ["axis"]);
  const t = axis === null ? reshape(t0, [-1]) : t0;
  const ax = axis === null ? 0 : normalizeAxis(axis, t.rank, "ops.repeat");
  const reps = intList(repeats, "repeats", "repeat");
  if (reps.some((r) => r < 0)) throw new ValueError(`ops.repeat: \`repeats\` must be non-negative, received ${JSON.stringify(reps)}.`);
  const n = t.shape[ax];
  if (reps.length === 1) {
    const k = reps[0];
    const withUnit = [...t.shape.slice(0, ax + 1), 1, ...t.shape.slice(ax + 1)];
    const target = withUnit.map((d, i) => (i === ax + 1 ? k : d));
    return reshape(broadcastTo(reshape(t, withUnit), target), t.shape.map((d, i) => (i === ax ? d * k : d)));
  }
  if (reps.length !== n) {
    throw new ValueError(`ops.repeat: \`repeats\` has ${reps.length} entries but axis ${axis ?? 0} has size ${n}; expected one count per element or a single count.`);
  }
  const idx = new Int32Array(reps.reduce((a, b) => a + b, 0));
  let k = 0;
  reps.forEach((r, i) => idx.fill(i, k, (k += r)));
  return gatherAxis(t, ax, idx, [idx.length]);
});
