/**
 * Sampling images at real-valued source positions from public ops: how
 * `ops.image.affineTransform` and `ops.image.perspectiveTransform` resample
 * when the backend has no `imageTransform` kernel, or when the transform
 * itself needs gradients.
 *
 * Keras's numpy backend pads the image (np.pad in the fill mode) far enough
 * that every sample position lies inside, then calls scipy's
 * `map_coordinates`: the result is the interpolation of the image extended
 * over the whole integer grid by the fill mode. That is what is computed
 * here, as jax's `map_coordinates` does it: each tap's integer position is
 * folded back into the image by the fill mode (or marked outside for
 * "constant"), the taps are gathered with `take` and summed with their
 * weights. The data path is ops only, so gradients reach the images (through
 * take's scatter-add) and the positions (through the bilinear weights).
 */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import { cast } from "../core/cast.js";
import { arange } from "../core/ranges.js";
import { add, multiply, subtract, mod } from "../math/arithmetic.js";
import { greaterEqual, less, logicalAnd } from "../math/comparison.js";
import { clip, where } from "../math/select.js";
import { floor } from "../math/unary.js";
import { expandDims } from "../shape/dims.js";
import { take } from "../shape/indexing.js";
import { reshape } from "../shape/reshape.js";

/** Keras's `affine_transform` fill modes (scipy's names). */
export const FILL_MODES = ["constant", "nearest", "wrap", "mirror", "reflect"] as const;
export type FillMode = (typeof FILL_MODES)[number];
export const INTERPOLATIONS = ["nearest", "bilinear"] as const;
export type Interpolation = (typeof INTERPOLATIONS)[number];

/** Keras's set repr, e.g. {'nearest', 'bilinear'}. */
export function pySet(values: readonly string[]): string {
  return `{${values.map((v) => `'${v}'`).join(", ")}}`;
}

export function checkInterpolation(value: unknown, opName: string): Interpolation {
  if (!(INTERPOLATIONS as readonly unknown[]).includes(value)) {
    throw new ValueError(
      `ops.image.${opName}: Invalid value for argument \`interpolation\`. Expected of one ${pySet(INTERPOLATIONS)}. ` +
        `Received: interpolation=${String(value)}`,
    );
  }
  return value as Interpolation;
}

export function checkFillMode(value: unknown, opName: string): FillMode {
  if (!(FILL_MODES as readonly unknown[]).includes(value)) {
    throw new ValueError(
      `ops.image.${opName}: Invalid value for argument \`fill_mode\`. Expected of one ${pySet(FILL_MODES)}. ` +
        `Received: fill_mode=${String(value)}`,
    );
  }
  return value as FillMode;
}

/** An integer tap position folded into [0, size) by the fill mode; `inside` marks in-image taps for "constant". */
interface FoldedIndex {
  index: Tensor;
  inside: Tensor | null;
}

/** Folds integer positions `i` (a float64 tensor) into [0, size): the extension of the image by `mode`. */
export function foldIndex(i: Tensor, size: number, mode: FillMode): FoldedIndex {
  switch (mode) {
    case "nearest":
      return { index: clip(i, 0, size - 1), inside: null };
    case "wrap":
      return { index: mod(i, size), inside: null };
    case "reflect": {
      // (d c b a | a b c d | d c b a): period 2 * size, the edge pixel repeated.
      const p = mod(i, 2 * size);
      return { index: where(greaterEqual(p, size), subtract(2 * size - 1, p), p), inside: null };
    }
    case "mirror": {
      // (d c b | a b c d | c b a): period 2 * size - 2, the edge pixel not repeated.
      if (size === 1) return { index: multiply(i, 0), inside: null };
      const period = 2 * size - 2;
      const p = mod(i, period);
      return { index: where(greaterEqual(p, size), subtract(period, p), p), inside: null };
    }
    case "constant":
      return { index: clip(i, 0, size - 1), inside: logicalAnd(greaterEqual(i, 0), less(i, size)) };
  }
}

export interface SampleOptions {
  interpolation: Interpolation;
  fillMode: FillMode;
  fillValue: number;
}

/**
 * `images` (batch, height, width, channels), float, sampled at rows `ys` and
 * columns `xs` (float64, (batch, outHeight, outWidth)): returns
 * (batch, outHeight, outWidth, channels) in the images' dtype. Nearest rounds
 * half up (scipy's order 0); bilinear weighs the four surrounding pixels.
 */
/** The same sampling from public ops (jax's way): differentiable in the positions too. */
export function sampleImages(images: Tensor, ys: Tensor, xs: Tensor, options: SampleOptions): Tensor {
  const { interpolation, fillMode, fillValue } = options;
  const [batch, height, width, channels] = images.shape;
  const flat = reshape(images, [batch * height * width, channels]);
  // Start of each image in the flattened pixel rows.
  const imageStart = reshape(arange(0, batch * height * width, height * width, "float64"), [batch, 1, 1]);
  const dtype = images.dtype;
  // Running sums (an object, so the closure's updates are visible to the type checker).
  const acc: { sum: Tensor | null; outsideWeight: Tensor | null } = { sum: null, outsideWeight: null };

  const addTap = (row: Tensor, col: Tensor, weight: Tensor | null): void => {
    const r = foldIndex(row, height, fillMode);
    const c = foldIndex(col, width, fillMode);
    const pixel = cast(add(imageStart, add(multiply(r.index, width), c.index)), "int32");
    let value = take(flat, pixel, { axis: 0 });
    let w = weight;
    if (r.inside && c.inside) {
      const inside = logicalAnd(r.inside, c.inside);
      if (w === null) {
        value = where(expandDims(inside, -1), value, fillValue);
      } else {
        if (fillValue !== 0) {
          const out = where(inside, 0, w);
          acc.outsideWeight = acc.outsideWeight === null ? out : add(acc.outsideWeight, out);
        }
        w = where(inside, w, 0);
      }
    }
    const term = w === null ? value : multiply(value, expandDims(cast(w, dtype), -1));
    acc.sum = acc.sum === null ? term : add(acc.sum, term);
  };

  if (interpolation === "nearest") {
    addTap(floor(add(ys, 0.5)), floor(add(xs, 0.5)), null);
  } else {
    const y0 = floor(ys);
    const x0 = floor(xs);
    const fy = subtract(ys, y0);
    const fx = subtract(xs, x0);
    const gy = subtract(1, fy);
    const gx = subtract(1, fx);
    const y1 = add(y0, 1);
    const x1 = add(x0, 1);
    addTap(y0, x0, multiply(gy, gx));
    addTap(y0, x1, multiply(gy, fx));
    addTap(y1, x0, multiply(fy, gx));
    addTap(y1, x1, multiply(fy, fx));
  }
  let out = acc.sum!;
  if (acc.outsideWeight !== null) out = add(out, expandDims(cast(multiply(acc.outsideWeight, fillValue), dtype), -1));
  return out;
}
