/**
 * `keras.ops.image.elasticTransform(images, alpha = 20, sigma = 5,
 * interpolation = "bilinear", fillMode = "reflect", fillValue = 0, seed = null,
 * dataFormat = null)`: elastic deformation. Each image gets a random
 * displacement field: standard normal values times sigma, smoothed by a
 * Gaussian blur (kernel int(6 sigma) | 1, std sigma), times alpha; output
 * pixel (x, y) reads the input at (x + dx, y + dy), filled outside the image
 * by `fillMode` (Keras's map_coordinates). All channels share the field.
 *
 * `elasticDisplacement` draws the field and `displaceImages` resamples with a
 * given one (RandomElasticTransform moves its segmentation masks with the
 * images' field). The resampling is made of ops, so gradients reach the
 * images and the displacements.
 */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import type { SeedLike } from "../../random/index.js";
import { normal } from "../../random/index.js";
import { asTensor, op, readOptions, TensorLike } from "../op.js";
import { add, multiply } from "../math/arithmetic.js";
import { squeeze } from "../shape/dims.js";
import { split } from "../shape/join.js";
import { pixelGrid, readSampleOptions, sampleInImageDtype } from "./affine-transform.js";
import { gaussianBlur } from "./gaussian-blur.js";
import { resolveDataFormat, toChannelsLastBatch } from "./layout.js";
import { sampleImages, SampleOptions } from "./sampling.js";

type ElasticTransformOptions = {
  alpha: number;
  sigma: number;
  interpolation: string;
  fillMode: string;
  fillValue: number;
  seed: SeedLike;
  dataFormat: string | null;
};

const OPTION_NAMES = ["alpha", "sigma", "interpolation", "fillMode", "fillValue", "seed", "dataFormat"] as const;

/** A (batch, height, width) displacement field pair: columns `dx` and rows `dy`, in pixels. */
export interface Displacement {
  dx: Tensor;
  dy: Tensor;
}

/** Keras's field: N(0, 1) * sigma, Gaussian-blurred (kernel int(6 sigma) | 1, std sigma), times alpha. */
export function elasticDisplacement(
  batch: number, height: number, width: number, alpha: number, sigma: number, seed: SeedLike, dtype: "float32" | "float64",
): Displacement {
  const size = Math.trunc(6 * sigma) | 1;
  // One draw for both fields (a numeric seed used twice would repeat the values): dx from the first half.
  const noise = multiply(normal([2 * batch, height, width, 1], { dtype, seed }), sigma);
  // The Gaussian is separable: a pass along the width then one along the height (a 1-tap kernel is [1]) equals
  // Keras's size x size blur, with 2 * size taps per pixel instead of size^2.
  const blur = (t: Tensor, kernelSize: [number, number]) => gaussianBlur(t, { kernelSize, sigma: [sigma, sigma], dataFormat: "channels_last" });
  const smooth = blur(blur(noise, [size, 1]), [1, size]);
  const [dx, dy] = split(multiply(squeeze(smooth, -1), alpha), 2, { axis: 0 });
  return { dx, dy };
}

/**
 * Resamples channels-last batches (batch, h, w, c) so that output pixel (x, y)
 * reads the input at (x + dx, y + dy); `dx` and `dy` are (batch, h, w).
 */
export function displaceImages(images: Tensor, { dx, dy }: Displacement, sampling: SampleOptions): Tensor {
  const [, height, width] = images.shape;
  const grid = pixelGrid(height, width);
  const xs = add(grid.x, dx);
  const ys = add(grid.y, dy);
  return sampleInImageDtype(images, (x) => sampleImages(x, ys, xs, sampling));
}

export const elasticTransform = op("elasticTransform", (images: TensorLike, ...rest: unknown[]): Tensor => {
  const opName = "elasticTransform";
  const o = readOptions<ElasticTransformOptions>(opName, rest, OPTION_NAMES);
  const sampling = readSampleOptions(opName, o, "reflect");
  const alpha = o.alpha ?? 20.0;
  const sigma = o.sigma ?? 5.0;
  for (const [name, v] of [["alpha", alpha], ["sigma", sigma]] as const) {
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new ValueError(`ops.image.${opName}: \`${name}\` must be a finite number. Received: ${name}=${String(v)}`);
    }
  }
  if (!(sigma > 0)) throw new ValueError(`ops.image.${opName}: \`sigma\` must be positive. Received: sigma=${sigma}`);
  const { x, restore } = toChannelsLastBatch(asTensor(images, opName), resolveDataFormat(o.dataFormat), opName);
  const [batch, height, width] = x.shape;
  if (batch * height * width === 0) return restore(x);
  const dtype = x.dtype === "float64" ? "float64" : "float32";
  const field = elasticDisplacement(batch, height, width, alpha, sigma, o.seed ?? null, dtype);
  return restore(displaceImages(x, field, sampling));
});

