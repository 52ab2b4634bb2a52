/**
 * Argument handling shared by the Cropping*D and ZeroPadding*D layers:
 * Keras's nested `((before, after), ...)` per-spatial-axis amounts, and the
 * positions of the spatial axes for a data format.
 */
import { ValueError } from "../../engine/errors.js";
import type { ImageDataFormat } from "../../config/settings.js";
import { standardizeTuple } from "../convolutional/conv-args.js";
import { pyRepr, pyShape } from "../py-format.js";

export type Shape = readonly (number | null)[];
export type Pair = [number, number];

const ORDINALS = ["1st", "2nd", "3rd"];

/**
 * Keras's handling of `cropping` / `padding` for the 2D and 3D layers: an int
 * (the same amount on both sides of every spatial axis), `rank` ints (one
 * symmetric amount per axis), or `rank` pairs `(before, after)`.
 * `describeForms` is the layer's own wording of the accepted forms, used
 * when the value is none of them.
 */
export function standardizeSpatialPairs(value: unknown, rank: number, argName: string, describeForms: string): Pair[] {
  if (typeof value === "number" && Number.isInteger(value)) {
    if (value < 0) throw new ValueError(`\`${argName}\` cannot be negative. Received: ${argName}=${value}.`);
    return Array.from({ length: rank }, () => [value, value] as Pair);
  }
  if (Array.isArray(value)) {
    if (value.length !== rank) {
      const count = rank === 2 ? "two" : String(rank);
      throw new ValueError(`\`${argName}\` should have ${count} elements. Received: ${argName}=${pyRepr(value)}.`);
    }
    return value.map((entry, i) => standardizeTuple(entry, 2, `${ORDINALS[i]} entry of ${argName}`, true) as Pair);
  }
  throw new ValueError(`\`${argName}\` should be either ${describeForms}. Received: ${argName}=${pyRepr(value)}.`);
}

/** Keras's 1D form: an int or a pair `(before, after)`, both >= 0. */
export function standardizePair(value: unknown, argName: string): Pair {
  return standardizeTuple(value, 2, argName, true) as Pair;
}

/** Indices of the `nSpatial` spatial axes of a rank-(nSpatial + 2) input. */
export function spatialAxes(nSpatial: number, dataFormat: ImageDataFormat): number[] {
  const first = dataFormat === "channels_first" ? 2 : 1;
  return Array.from({ length: nSpatial }, (_, i) => first + i);
}

/** A list of pairs as Python prints a tuple of tuples: ((1, 1), (0, 2)). */
export function pyPairs(pairs: readonly Pair[]): string {
  const parts = pairs.map((p) => pyShape(p));
  return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(", ")})`;
}

/** `inputShape` with `delta(pair)` added to each known spatial axis (null stays null). */
export function adjustSpatial(inputShape: Shape, axes: readonly number[], pairs: readonly Pair[], sign: 1 | -1): (number | null)[] {
  const out = inputShape.slice();
  axes.forEach((axis, i) => {
    const d = out[axis];
    if (d !== null && d !== undefined) out[axis] = d + sign * (pairs[i][0] + pairs[i][1]);
  });
  return out;
}
