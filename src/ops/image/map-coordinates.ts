/**
 * `keras.ops.image.mapCoordinates(inputs, coordinates, order, fillMode =
 * "constant", fillValue = 0)`: samples an array of any rank r at real-valued
 * positions. `coordinates` has shape (r, ...out): coordinates[k] holds each
 * output point's position along input axis k. `order` 0 takes the nearest
 * element (halves round up, as scipy's order 0), 1 interpolates linearly
 * between the 2^r surrounding elements. Positions outside the input read the
 * input extended by `fillMode` (the fill modes of ops.image.affineTransform;
 * "constant" reads `fillValue`), which is what Keras's numpy backend computes
 * by padding before scipy's map_coordinates.
 *
 * Built from ops (take on the flattened input), so gradients reach the input
 * and, for order 1, the coordinates. Integer inputs are sampled in float32
 * and rounded back.
 */
import { ValueError } from "../../engine/errors.js";
import { isFloat } from "../../engine/dtype.js";
import { formatShape, stridesOf } from "../../engine/shape.js";
import type { Tensor } from "../../engine/tensor.js";
import { asTensor, op, readOptions, TensorLike } from "../op.js";
import { cast } from "../core/cast.js";
import { add, multiply, subtract } from "../math/arithmetic.js";
import { logicalAnd } from "../math/comparison.js";
import { where } from "../math/select.js";
import { floor, round } from "../math/unary.js";
import { take } from "../shape/indexing.js";
import { split } from "../shape/join.js";
import { reshape } from "../shape/reshape.js";
import { squeeze } from "../shape/dims.js";
import { checkFillMode, FillMode, foldIndex } from "./sampling.js";

type MapCoordinatesOptions = { fillMode: string; fillValue: number };

/** One tap per axis: the integer position and its weight (null for nearest). */
type Tap = { position: Tensor; weight: Tensor | null };

/** Samples a float `input` at `coords` (one float64 tensor per axis, all of the output's shape). */
function sampleAt(input: Tensor, coords: Tensor[], order: 0 | 1, fillMode: FillMode, fillValue: number): Tensor {
  const shape = input.shape;
  const strides = stridesOf(shape);
  const flat = reshape(input, [-1]);
  const tapsPerAxis: Tap[][] = coords.map((c) => {
    if (order === 0) return [{ position: floor(add(c, 0.5)), weight: null }];
    const low = floor(c);
    const frac = subtract(c, low);
    return [{ position: low, weight: subtract(1, frac) }, { position: add(low, 1), weight: frac }];
  });
  let total: Tensor | null = null;
  let outsideWeight: Tensor | null = null;
  // Every combination of one tap per axis (2^r corners for order 1, one point for order 0).
  const visit = (axis: number, offset: Tensor | null, weight: Tensor | null, inside: Tensor | null): void => {
    if (axis === shape.length) {
      let value = take(flat, cast(offset!, "int32"));
      let w = weight;
      if (inside !== null) {
        if (w === null) {
          value = where(inside, value, fillValue);
        } else {
          if (fillValue !== 0) {
            const out = where(inside, 0, w);
            outsideWeight = outsideWeight === null ? out : add(outsideWeight, out);
          }
          w = where(inside, w, 0);
        }
      }
      const term = w === null ? value : multiply(value, cast(w, input.dtype));
      total = total === null ? term : add(total, term);
      return;
    }
    for (const tap of tapsPerAxis[axis]) {
      const folded = foldIndex(tap.position, shape[axis], fillMode);
      const step = multiply(folded.index, strides[axis]);
      const nextInside = folded.inside === null ? inside : inside === null ? folded.inside : logicalAnd(inside, folded.inside);
      const nextWeight = tap.weight === null ? weight : weight === null ? tap.weight : multiply(weight, tap.weight);
      visit(axis + 1, offset === null ? step : add(offset, step), nextWeight, nextInside);
    }
  };
  visit(0, null, null, null);
  const sum = total as unknown as Tensor;
  const outside = outsideWeight as Tensor | null;
  return outside === null ? sum : add(sum, cast(multiply(outside, fillValue), input.dtype));
}

export const mapCoordinates = op("mapCoordinates", (inputs: TensorLike, coordinates: TensorLike, order: unknown, ...rest: unknown[]): Tensor => {
  const opName = "mapCoordinates";
  const o = readOptions<MapCoordinatesOptions>(opName, rest, ["fillMode", "fillValue"]);
  const x = asTensor(inputs, opName);
  const coords = asTensor(coordinates, opName);
  if (coords.rank < 1 || coords.shape[0] !== x.rank) {
    throw new ValueError(
      `ops.image.${opName}: First dim of \`coordinates\` must be the same as the rank of \`inputs\`. ` +
        `Received inputs with shape: ${formatShape(x.shape)} and coordinate leading dim of ${coords.shape[0]}`,
    );
  }
  if (coords.rank < 2) {
    throw new ValueError(`ops.image.${opName}: Invalid coordinates rank: expected at least rank 2. Received input with shape: ${formatShape(coords.shape)}`);
  }
  const fillMode = checkFillMode(o.fillMode ?? "constant", opName);
  if (order !== 0 && order !== 1) {
    throw new ValueError(`ops.image.${opName}: Invalid value for argument \`order\`. Expected one of [0, 1]. Received: order=${String(order)}`);
  }
  const fillValue = o.fillValue ?? 0;
  if (typeof fillValue !== "number") {
    throw new ValueError(`ops.image.${opName}: \`fill_value\` must be a number. Received: fill_value=${String(fillValue)}`);
  }
  if (x.size === 0) throw new ValueError(`ops.image.${opName}: \`inputs\` is empty (shape ${formatShape(x.shape)}): there is nothing to sample.`);
  const perAxis = split(cast(coords, "float64"), x.rank, { axis: 0 }).map((c) => squeeze(c, 0));
  if (isFloat(x.dtype)) return sampleAt(x, perAxis, order, fillMode, fillValue);
  return cast(round(sampleAt(cast(x, "float32"), perAxis, order, fillMode, fillValue)), x.dtype);
});
