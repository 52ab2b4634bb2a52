/**
 * `keras.ops.image.affineTransform(images, transform, interpolation = "bilinear",
 * fillMode = "constant", fillValue = 0, dataFormat = null)`.
 *
 * `transform` is [a0, a1, a2, b0, b1, b2, c0, c1] (one image) or a batch of
 * them: output pixel (x, y) reads the input at
 * ((a0 x + a1 y + a2) / k, (b0 x + b1 y + b2) / k) with k = c0 x + c1 y + 1,
 * i.e. the transform maps output coordinates to input coordinates (the
 * inverse of the motion the image undergoes). Points outside the input are
 * filled by `fillMode`: "constant" (fillValue), "nearest", "wrap", "mirror"
 * (d c b | a b c d | c b a) or "reflect" (d c b a | a b c d | d c b a).
 * Integer images are sampled in float32 and rounded back.
 */
import { ValueError } from "../../engine/errors.js";
import { isFloat } from "../../engine/dtype.js";
import { Tensor } from "../../engine/tensor.js";
import type { ImageTransformInfo } from "../../backend/backend.js";
import { recordGradient, shouldRecord } from "../../autodiff/tape.js";
import { formatShape } from "../../engine/shape.js";
import { asTensor, backend, op, readOptions, TensorLike } from "../op.js";
import { cast } from "../core/cast.js";
import { arange } from "../core/ranges.js";
import { add, divide, multiply } from "../math/arithmetic.js";
import { round } from "../math/unary.js";
import { reshape } from "../shape/reshape.js";
import { broadcastTo } from "../shape/broadcast-to.js";
import { split } from "../shape/join.js";
import { resolveDataFormat, toChannelsLastBatch } from "./layout.js";
import { checkFillMode, checkInterpolation, sampleImages, SampleOptions } from "./sampling.js";

type AffineTransformOptions = {
  interpolation: string;
  fillMode: string;
  fillValue: number;
  dataFormat: string | null;
};

const OPTION_NAMES = ["interpolation", "fillMode", "fillValue", "dataFormat"] as const;

/** Reads and checks the interpolation / fill arguments shared by the sampling ops. */
export function readSampleOptions(opName: string, o: Partial<AffineTransformOptions>, defaultFill: string): SampleOptions {
  const fillValue = o.fillValue ?? 0;
  if (typeof fillValue !== "number") {
    throw new ValueError(`ops.image.${opName}: \`fill_value\` must be a number. Received: fill_value=${String(fillValue)}`);
  }
  return {
    interpolation: checkInterpolation(o.interpolation ?? "bilinear", opName),
    fillMode: checkFillMode(o.fillMode ?? defaultFill, opName),
    fillValue,
  };
}

/** The transforms as a float64 (batch, 8) tensor (one transform serves a whole batch). */
export function transformRows(transform: Tensor, batch: number, opName: string): Tensor {
  if (transform.rank !== 1 && transform.rank !== 2) {
    throw new ValueError(
      `ops.image.${opName}: Invalid transform rank: expected rank 1 (single transform) or rank 2 (batch of transforms). ` +
        `Received input with shape: transform.shape=${formatShape(transform.shape)}`,
    );
  }
  const rows = transform.rank === 1 ? reshape(transform, [1, -1]) : transform;
  if (rows.shape[1] !== 8 || (rows.shape[0] !== batch && rows.shape[0] !== 1)) {
    throw new ValueError(
      `ops.image.${opName}: expected 8 coefficients per transform and one transform per image (or one for all ${batch}). ` +
        `Received: transform.shape=${formatShape(transform.shape)}`,
    );
  }
  return broadcastTo(cast(rows, "float64"), [batch, 8]);
}

/** The pixel grid of an image: columns (1, 1, width) and rows (1, height, 1), float64. */
export function pixelGrid(height: number, width: number): { x: Tensor; y: Tensor } {
  return {
    x: reshape(arange(0, width, 1, "float64"), [1, 1, width]),
    y: reshape(arange(0, height, 1, "float64"), [1, height, 1]),
  };
}

/** Samples with the images' own float dtype, or float32 then rounding back for integer images. */
export function sampleInImageDtype(images: Tensor, sample: (x: Tensor) => Tensor): Tensor {
  if (isFloat(images.dtype)) return sample(images);
  return cast(round(sample(cast(images, "float32"))), images.dtype);
}

/**
 * Resamples images (rank 3 or 4, either layout) through projective transforms
 * (rank 1 or 2, 8 coefficients each): the body of affineTransform and
 * perspectiveTransform. The backend's `imageTransform` kernel does it in one
 * pass when there is one and the transform needs no gradient; otherwise the
 * positions are computed and sampled with public ops (sampling.ts).
 */
export function applyProjectiveTransform(images: Tensor, transform: Tensor, sampling: SampleOptions, dataFormat: unknown, opName: string): Tensor {
  const { x, restore } = toChannelsLastBatch(images, resolveDataFormat(dataFormat), opName);
  const [batch, height, width] = x.shape;
  const rows = transformRows(transform, batch, opName);
  if (batch * height * width === 0) return restore(x);
  if (backend().imageTransform && backend().imageTransformBackward && !shouldRecord([transform])) {
    const info: ImageTransformInfo = { batch, height, width, channels: x.shape[3], outHeight: height, outWidth: width, ...sampling };
    return restore(sampleInImageDtype(x, (imgs) => transformWithKernel(imgs, rows.data as Float64Array, info)));
  }
  const [a0, a1, a2, b0, b1, b2, c0, c1] = split(rows, 8, { axis: 1 }).map((c) => reshape(c, [batch, 1, 1]));
  const grid = pixelGrid(height, width);
  const k = add(add(multiply(c0, grid.x), multiply(c1, grid.y)), 1);
  const xs = divide(add(add(multiply(a0, grid.x), multiply(a1, grid.y)), a2), k);
  const ys = divide(add(add(multiply(b0, grid.x), multiply(b1, grid.y)), b2), k);
  return restore(sampleInImageDtype(x, (imgs) => sampleImages(imgs, ys, xs, sampling)));
}

/** The kernel's forward pass; its gradient is the adjoint pass (and the adjoint's this one without fill), so any order works. */
function transformWithKernel(images: Tensor, transforms: Float64Array, info: ImageTransformInfo): Tensor {
  const data = backend().imageTransform!(images.data, transforms, info, images.dtype);
  const out = new Tensor(data, [info.batch, info.outHeight, info.outWidth, info.channels], images.dtype);
  recordGradient([images], [out], ([g]) => [transformAdjoint(g, transforms, info)]);
  return out;
}

function transformAdjoint(dy: Tensor, transforms: Float64Array, info: ImageTransformInfo): Tensor {
  const data = backend().imageTransformBackward!(dy.data, transforms, info, dy.dtype);
  const out = new Tensor(data, [info.batch, info.height, info.width, info.channels], dy.dtype);
  recordGradient([dy], [out], ([g]) => [transformWithKernel(g, transforms, { ...info, fillValue: 0 })]);
  return out;
}

export const affineTransform = op("affineTransform", (images: TensorLike, transform: TensorLike, ...rest: unknown[]): Tensor => {
  const opName = "affineTransform";
  const o = readOptions<AffineTransformOptions>(opName, rest, OPTION_NAMES);
  const sampling = readSampleOptions(opName, o, "constant");
  return applyProjectiveTransform(asTensor(images, opName), asTensor(transform, opName), sampling, o.dataFormat, opName);
});
