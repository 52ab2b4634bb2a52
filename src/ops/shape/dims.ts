/** Adding, removing and reordering axes: expandDims, squeeze, moveaxis, swapaxes. */
import { Tensor } from "../../engine/tensor.js";
import { ValueError } from "../../engine/errors.js";
import { formatShape, normalizeAxes, normalizeAxis } from "../../engine/shape.js";
import { asTensor, op, readOptions, TensorLike } from "../op.js";
import { reshape } from "./reshape.js";
import { transpose } from "./transpose.js";

type AxisList = number | readonly number[];

/** Inserts size-1 axes; `axis` counts positions in the output (negative from its end). */
export const expandDims = op("expandDims", (x: TensorLike, axis: AxisList): Tensor => {
  const t = asTensor(x, "expandDims");
  const list = typeof axis === "number" ? [axis] : Array.from(axis);
  const outRank = t.rank + list.length;
  const axes = normalizeAxes(list, outRank, "ops.expandDims");
  const shape: number[] = [];
  let src = 0;
  for (let i = 0; i < outRank; i++) shape.push(axes.includes(i) ? 1 : t.shape[src++]);
  return reshape(t, shape);
});

/** Removes size-1 axes: all of them (axis null) or the given ones, which must have size 1. */
export const squeeze = op("squeeze", (x: TensorLike, ...rest: [(AxisList | null)?] | [{ axis?: AxisList | null }]): Tensor => {
  const t = asTensor(x, "squeeze");
  const { axis = null } = readOptions<{ axis?: AxisList | null }>("squeeze", rest, ["axis"]);
  let axes: number[];
  if (axis === null) {
    axes = [];
    t.shape.forEach((d, i) => d === 1 && axes.push(i));
  } else {
    axes = normalizeAxes(axis, t.rank, "ops.squeeze");
    for (const a of axes) {
      if (t.shape[a] !== 1) {
        throw new ValueError(
          `ops.squeeze: Cannot squeeze axis=${a}, because the dimension is not 1 (received a tensor of shape ${formatShape(t.shape)}, where axis ${a} has size ${t.shape[a]}).`,
        );
      }
    }
  }
  if (axes.length === 0) return t;
  return reshape(t, t.shape.filter((_, i) => !axes.includes(i)));
});

/** Moves axes `source` to positions `destination`; the other axes keep their order. */
export const moveaxis = op("moveaxis", (x: TensorLike, source: AxisList, destination: AxisList): Tensor => {
  const t = asTensor(x, "moveaxis");
  const src = (typeof source === "number" ? [source] : Array.from(source)).map((a) => normalizeAxis(a, t.rank, "ops.moveaxis"));
  const dst = (typeof destination === "number" ? [destination] : Array.from(destination)).map((a) => normalizeAxis(a, t.rank, "ops.moveaxis"));
  if (src.length !== dst.length) {
    throw new ValueError(
      `ops.moveaxis: \`source\` and \`destination\` must have the same number of elements, received source=${JSON.stringify(source)} and destination=${JSON.stringify(destination)}.`,
    );
  }
  if (new Set(src).size !== src.length || new Set(dst).size !== dst.length) {
    throw new ValueError(`ops.moveaxis: repeated axis in source=${JSON.stringify(source)} or destination=${JSON.stringify(destination)}.`);
  }
  const rest = t.shape.map((_, i) => i).filter((i) => !src.includes(i));
  const perm = new Array<number>(t.rank);
  src.forEach((s, i) => (perm[dst[i]] = s));
  let r = 0;
  for (let i = 0; i < t.rank; i++) if (perm[i] === undefined) perm[i] = rest[r++];
  return transpose(t, perm);
});

/** Exchanges two axes. */
export const swapaxes = op("swapaxes", (x: TensorLike, axis1: number, axis2: number): Tensor => {
  const t = asTensor(x, "swapaxes");
  const a = normalizeAxis(axis1, t.rank, "ops.swapaxes");
  const b = normalizeAxis(axis2, t.rank, "ops.swapaxes");
  const perm = t.shape.map((_, i) => i);
  perm[a] = b;
  perm[b] = a;
  return transpose(t, perm);
});
