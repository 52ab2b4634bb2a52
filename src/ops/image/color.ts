/**
 * Colour space ops of `keras.ops.image`: `rgbToGrayscale`, `rgbToHsv`,
 * `hsvToRgb`, with Keras's formulas (its numpy backend follows
 * tf.image and dm_pix). The channel axis is the last one for
 * "channels_last" and the third from the end for "channels_first".
 */
import { ValueError } from "../../engine/errors.js";
import { isFloat } from "../../engine/dtype.js";
import type { Tensor } from "../../engine/tensor.js";
import { asTensor, op, readOptions, TensorLike } from "../op.js";
import { cast, convertToTensor } from "../core/cast.js";
import { abs } from "../math/unary.js";
import { add, divide, maximum, minimum, mod, multiply, subtract } from "../math/arithmetic.js";
import { equal, greater, less } from "../math/comparison.js";
import { clip, where } from "../math/select.js";
import { sum } from "../reduction/sum.js";
import { reshape } from "../shape/reshape.js";
import { split, stack } from "../shape/join.js";
import { squeeze } from "../shape/dims.js";
import { checkImageRank, resolveDataFormat } from "./layout.js";

/** tf.image's luma weights. */
const GRAY_WEIGHTS = [0.2989, 0.587, 0.114];

function channelAxis(dataFormat: unknown): number {
  return resolveDataFormat(dataFormat) === "channels_last" ? -1 : -3;
}

function checkRgb(images: Tensor, axis: number, opName: string): void {
  checkImageRank(images, opName);
  const c = images.shape[images.rank + axis];
  if (c !== 3) {
    throw new ValueError(`ops.image.${opName}: expected 3 (RGB) channels on axis ${axis}. Received: images.shape=[${images.shape}]`);
  }
}

function checkFloat(images: Tensor, opName: string): void {
  if (!isFloat(images.dtype)) {
    throw new ValueError(`ops.image.${opName}: Invalid images dtype: expected float dtype. Received: images.dtype=${images.dtype}`);
  }
}

/** The three channel planes of an image tensor (each without the channel axis). */
function planes(images: Tensor, axis: number): [Tensor, Tensor, Tensor] {
  const [a, b, c] = split(images, 3, { axis }).map((p) => squeeze(p, axis));
  return [a, b, c];
}

/** `keras.ops.image.rgbToGrayscale(images, dataFormat = null)`: one channel, in the input dtype. */
export const rgbToGrayscale = op("rgbToGrayscale", (images: TensorLike, ...rest: unknown[]): Tensor => {
  const { dataFormat = null } = readOptions<{ dataFormat: string | null }>("rgbToGrayscale", rest, ["dataFormat"]);
  const x = asTensor(images, "rgbToGrayscale");
  const axis = channelAxis(dataFormat);
  checkRgb(x, axis, "rgbToGrayscale");
  const computeDtype = isFloat(x.dtype) ? x.dtype : "float32";
  const weightShape = axis === -1 ? [3] : [3, 1, 1];
  const weights = reshape(convertToTensor(GRAY_WEIGHTS, computeDtype), weightShape);
  const gray = sum(multiply(cast(x, computeDtype), weights), { axis, keepdims: true });
  return gray.dtype === x.dtype ? gray : cast(gray, x.dtype);
});

/** `keras.ops.image.rgbToHsv(images, dataFormat = null)`: hue, saturation and value in [0, 1] for images in [0, 1]. */
export const rgbToHsv = op("rgbToHsv", (images: TensorLike, ...rest: unknown[]): Tensor => {
  const { dataFormat = null } = readOptions<{ dataFormat: string | null }>("rgbToHsv", rest, ["dataFormat"]);
  const x0 = asTensor(images, "rgbToHsv");
  const axis = channelAxis(dataFormat);
  checkRgb(x0, axis, "rgbToHsv");
  checkFloat(x0, "rgbToHsv");
  const eps = x0.dtype === "float64" ? 2 ** -52 : 2 ** -23;
  const x = where(less(abs(x0), eps), 0, x0);
  const [r, g, b] = planes(x, axis);
  const value = maximum(maximum(r, g), b);
  const range = subtract(value, minimum(minimum(r, g), b));
  const positiveValue = greater(value, 0);
  const positiveRange = greater(range, 0);
  const saturation = where(positiveValue, divide(range, where(positiveValue, value, 1)), 0);
  const norm = divide(1, multiply(6, where(positiveRange, range, 1)));
  let hue = where(equal(value, g), add(multiply(norm, subtract(b, r)), 2 / 6), add(multiply(norm, subtract(r, g)), 4 / 6));
  hue = where(equal(value, r), multiply(norm, subtract(g, b)), hue);
  hue = add(where(positiveRange, hue, 0), cast(less(hue, 0), hue.dtype));
  return stack([hue, saturation, value], { axis });
});

/** `keras.ops.image.hsvToRgb(images, dataFormat = null)`: the inverse of rgbToHsv (hue taken modulo 1). */
export const hsvToRgb = op("hsvToRgb", (images: TensorLike, ...rest: unknown[]): Tensor => {
  const { dataFormat = null } = readOptions<{ dataFormat: string | null }>("hsvToRgb", rest, ["dataFormat"]);
  const x = asTensor(images, "hsvToRgb");
  const axis = channelAxis(dataFormat);
  checkRgb(x, axis, "hsvToRgb");
  checkFloat(x, "hsvToRgb");
  const [hue, saturation, value] = planes(x, axis);
  const dh = multiply(mod(hue, 1), 6);
  const dr = clip(subtract(abs(subtract(dh, 3)), 1), 0, 1);
  const dg = clip(subtract(2, abs(subtract(dh, 2))), 0, 1);
  const db = clip(subtract(2, abs(subtract(dh, 4))), 0, 1);
  const oneMinusS = subtract(1, saturation);
  const channel = (d: Tensor) => multiply(value, add(oneMinusS, multiply(saturation, d)));
  return stack([channel(dr), channel(dg), channel(db)], { axis });
});
