/**
 * numpy's stacking helpers on top of concatenate / broadcastTo:
 * hstack, vstack and meshgrid (gradients come from those ops).
 */
import { Tensor } from "../../engine/tensor.js";
import { ValueError } from "../../engine/errors.js";
import { asTensor, isPlainObject, op, TensorLike } from "../op.js";
import { reshape } from "./reshape.js";
import { broadcastTo } from "./broadcast-to.js";
import { concatenate } from "./join.js";

function tensorList(xs: readonly TensorLike[], opName: string): Tensor[] {
  if (!Array.isArray(xs) || xs.length === 0) {
    throw new ValueError(`ops.${opName}: expected a non-empty list of tensors, received ${Array.isArray(xs) ? "an empty list" : String(xs)}.`);
  }
  return xs.map((x) => asTensor(x, opName));
}

/** numpy's `hstack(xs)`: concatenation along axis 1, or along axis 0 for 1-D (and 0-D) inputs. */
export const hstack = op("hstack", (xs: readonly TensorLike[]): Tensor => {
  const ts = tensorList(xs, "hstack").map((t) => (t.rank === 0 ? reshape(t, [1]) : t));
  return concatenate(ts, ts[0].rank === 1 ? 0 : 1);
});

/** numpy's `vstack(xs)`: concatenation along axis 0 after making 0-D and 1-D inputs (1, n) rows. */
export const vstack = op("vstack", (xs: readonly TensorLike[]): Tensor => {
  const ts = tensorList(xs, "vstack").map((t) => (t.rank === 0 ? reshape(t, [1, 1]) : t.rank === 1 ? reshape(t, [1, t.shape[0]]) : t));
  return concatenate(ts, 0);
});

/**
 * numpy's `meshgrid(*x, indexing="xy")`: coordinate grids from 1-D vectors.
 * With "ij" output i varies along axis i; with "xy" (Cartesian) the first two
 * axes are swapped. Called variadically, with an optional trailing
 * `{ indexing }`: `meshgrid(x, y, { indexing: "ij" })`.
 */
export const meshgrid = op("meshgrid", (...args: (TensorLike | { indexing?: "xy" | "ij" })[]): Tensor[] => {
  let indexing: unknown = "xy";
  const last = args[args.length - 1];
  if (args.length > 0 && isPlainObject(last)) {
    const { indexing: given = "xy", ...unknown } = last as { indexing?: string };
    const extra = Object.keys(unknown);
    if (extra.length) throw new TypeError(`ops.meshgrid: unknown option "${extra[0]}". Valid options: indexing.`);
    indexing = given;
    args = args.slice(0, -1);
  }
  if (indexing !== "xy" && indexing !== "ij") {
    throw new ValueError(`Valid values for argument \`indexing\` are 'xy' and 'ij'. Received: indexing=${String(indexing)}`);
  }
  const vs = args.map((x) => reshape(asTensor(x, "meshgrid"), [-1]));
  const sizes = vs.map((v) => v.shape[0]);
  // Axis of each input in the output: "xy" swaps the first two.
  const axisOf = vs.map((_, i) => (indexing === "xy" && vs.length >= 2 && i < 2 ? 1 - i : i));
  const shape = new Array<number>(vs.length);
  vs.forEach((_, i) => (shape[axisOf[i]] = sizes[i]));
  return vs.map((v, i) => broadcastTo(reshape(v, shape.map((d, a) => (a === axisOf[i] ? d : 1))), shape));
}) as {
  (...xs: TensorLike[]): Tensor[];
  (...xsAndOptions: [...TensorLike[], { indexing?: "xy" | "ij" }]): Tensor[];
};
