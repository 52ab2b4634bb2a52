/**
 * `keras.ops.image.gaussianBlur(images, kernelSize = [3, 3], sigma = [1, 1], dataFormat = null)`:
 * a depthwise convolution with a normalised Gaussian kernel, zero padding
 * ("same"). As in Keras, `kernelSize[0]` and `sigma[0]` shape the kernel
 * along the width, `kernelSize[1]` and `sigma[1]` along the height. `sigma`
 * may be a tensor (the kernel is then built from it with ops, so it is
 * differentiable in sigma too).
 */
import { ValueError } from "../../engine/errors.js";
import { isFloat } from "../../engine/dtype.js";
import type { Tensor } from "../../engine/tensor.js";
import { asTensor, op, readOptions, TensorLike } from "../op.js";
import { cast, convertToTensor } from "../core/cast.js";
import { arange } from "../core/ranges.js";
import { divide, multiply } from "../math/arithmetic.js";
import { exp, square } from "../math/unary.js";
import { sum } from "../reduction/sum.js";
import { reshape } from "../shape/reshape.js";
import { split } from "../shape/join.js";
import { tile } from "../shape/slicing.js";
import { depthwiseConv } from "../nn/conv.js";
import { resolveDataFormat, toChannelsLastBatch } from "./layout.js";

type GaussianBlurOptions = {
  kernelSize: number | readonly number[];
  sigma: number | readonly number[] | Tensor;
  dataFormat: string | null;
};

function pair(value: number | readonly number[], name: string): [number, number] {
  const v = typeof value === "number" ? [value, value] : value;
  if (v.length !== 2 || !v.every((k) => Number.isInteger(k) && k > 0)) {
    throw new ValueError(`ops.image.gaussianBlur: \`${name}\` must be a positive integer or a pair of them. Received: ${name}=${JSON.stringify(value)}`);
  }
  return [v[0], v[1]];
}

/** A normalised 1-D Gaussian of `size` taps centred on the middle one. */
function gaussian1d(size: number, sigma: Tensor, dtype: "float32" | "float64"): Tensor {
  const offsets = arange(-(size - 1) / 2, (size - 1) / 2 + 0.5, 1, dtype);
  const k = exp(multiply(-0.5, square(divide(offsets, sigma))));
  return divide(k, sum(k));
}

export const gaussianBlur = op("gaussianBlur", (images: TensorLike, ...rest: unknown[]): Tensor => {
  const o = readOptions<GaussianBlurOptions>("gaussianBlur", rest, ["kernelSize", "sigma", "dataFormat"]);
  const img = asTensor(images, "gaussianBlur");
  const [sizeX, sizeY] = pair(o.kernelSize ?? [3, 3], "kernel_size");
  const dtype = img.dtype === "float64" ? "float64" : "float32";
  const sigmaArg = o.sigma ?? [1, 1];
  // Plain numbers are taken at the images' precision (a float32 default would round them).
  const sigmaT = typeof sigmaArg === "number" || Array.isArray(sigmaArg)
    ? convertToTensor(typeof sigmaArg === "number" ? [sigmaArg, sigmaArg] : sigmaArg, dtype)
    : asTensor(sigmaArg, "gaussianBlur");
  if (sigmaT.size !== 2) {
    throw new ValueError(`ops.image.gaussianBlur: \`sigma\` must be a number or a pair of numbers. Received: sigma.shape=[${sigmaT.shape}]`);
  }
  const sigmas = cast(reshape(sigmaT, [2]), dtype);
  const { x, restore } = toChannelsLastBatch(isFloat(img.dtype) ? img : cast(img, "float32"), resolveDataFormat(o.dataFormat), "gaussianBlur");
  const channels = x.shape[3];
  const [sigmaX, sigmaY] = split(sigmas, 2);
  const kx = gaussian1d(sizeX, sigmaX, dtype);
  const ky = gaussian1d(sizeY, sigmaY, dtype);
  const kernel2d = multiply(reshape(ky, [sizeY, 1]), reshape(kx, [1, sizeX]));
  const kernel = tile(reshape(kernel2d, [sizeY, sizeX, 1, 1]), [1, 1, channels, 1]);
  const blurred = depthwiseConv(x, cast(kernel, x.dtype), { strides: 1, padding: "same" });
  return restore(blurred);
});
