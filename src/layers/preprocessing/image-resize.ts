/**
 * Image resizing as Keras's `ops.image.resize` does it (its numpy and jax
 * backends share jax's `scale_and_translate`, antialias off by default):
 *
 * - "nearest": output i picks input floor((i + 0.5) * in / out), computed in
 *   float32 as jax does.
 * - "bilinear" / "bicubic" / "lanczos3" / "lanczos5": output i samples the input
 *   at s = (i + 0.5) * in / out - 0.5 (half-pixel centres) with the triangle,
 *   Keys cubic (a = -0.5) or Lanczos kernel; the weights of the taps that fall
 *   inside the input are renormalised to sum to 1. With `antialias` and
 *   downsampling, the kernel is stretched by in / out (a low-pass filter).
 *
 * The tap positions and weights depend only on the sizes, never on the data:
 * they are computed here once per axis, and the data path is ops only
 * (`take` of the tap indices, multiplied by the tap weights and summed), so
 * gradients flow through `take`'s scatter-add.
 */
import { NotImplementedError, ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import { isFloat } from "../../engine/dtype.js";
import { cast, convertToTensor } from "../../ops/core/cast.js";
import { add, multiply } from "../../ops/math/arithmetic.js";
import { round } from "../../ops/math/unary.js";
import { take } from "../../ops/shape/indexing.js";
import { reshape } from "../../ops/shape/reshape.js";
import { pad, slice } from "../../ops/shape/slicing.js";

export const RESIZE_METHODS = ["bilinear", "nearest", "lanczos3", "lanczos5", "bicubic", "area"] as const;
/** Keras's fill modes for `pad_to_aspect_ratio`; only "constant" is implemented by its backends too. */
export const RESIZE_FILL_MODES = ["constant"] as const;

export interface ResizeOptions {
  interpolation?: string;
  antialias?: boolean;
  cropToAspectRatio?: boolean;
  padToAspectRatio?: boolean;
  fillMode?: string;
  fillValue?: number;
  dataFormat?: "channels_last" | "channels_first";
}

/** A resampling kernel and its support radius (in input pixels, before antialias stretching). */
const KERNELS: Record<string, { radius: number; f: (x: number) => number }> = {
  bilinear: { radius: 1, f: (x) => Math.max(0, 1 - x) },
  // Keys (1981) cubic convolution with a = -0.5.
  bicubic: {
    radius: 2,
    f: (x) => {
      if (x >= 2) return 0;
      if (x >= 1) return ((-0.5 * x + 2.5) * x - 4) * x + 2;
      return (1.5 * x - 2.5) * x * x + 1;
    },
  },
  lanczos3: { radius: 3, f: (x) => (x < 3 ? sinc(x) * sinc(x / 3) : 0) },
  lanczos5: { radius: 5, f: (x) => (x < 5 ? sinc(x) * sinc(x / 5) : 0) },
};

function sinc(x: number): number {
  if (x === 0) return 1;
  const px = Math.PI * x;
  return Math.sin(px) / px;
}

/** jax's threshold below which a tap-weight sum counts as zero (1000 float32 epsilons). */
const WEIGHT_SUM_EPS = 1000 * 2 ** -23;

/**
 * The taps of every output position: `indices[i * taps + k]` and
 * `weights[i * taps + k]` for output i and tap k (unused taps: index 0, weight 0).
 */
export interface ResizeTaps {
  taps: number;
  indices: Int32Array;
  weights: Float64Array;
}

export function resizeTaps(inSize: number, outSize: number, method: string, antialias: boolean): ResizeTaps {
  const kernel = KERNELS[method];
  if (!kernel) throw new NotImplementedError(`resize: interpolation='${method}' is not supported by keras-ts.`);
  const invScale = inSize / outSize;
  const kernelScale = antialias ? Math.max(invScale, 1) : 1;
  const reach = kernel.radius * kernelScale;
  const perOutput: { j: number; w: number }[][] = [];
  let taps = 1;
  for (let i = 0; i < outSize; i++) {
    const s = (i + 0.5) * invScale - 0.5;
    const row: { j: number; w: number }[] = [];
    let total = 0;
    for (let j = Math.max(0, Math.floor(s - reach)); j <= Math.min(inSize - 1, Math.ceil(s + reach)); j++) {
      const w = kernel.f(Math.abs(s - j) / kernelScale);
      if (w !== 0) {
        row.push({ j, w });
        total += w;
      }
    }
    const inside = s >= -0.5 && s <= inSize - 0.5;
    const keep = inside && Math.abs(total) > WEIGHT_SUM_EPS;
    perOutput.push(keep ? row.map(({ j, w }) => ({ j, w: w / total })) : []);
    taps = Math.max(taps, row.length);
  }
  const indices = new Int32Array(outSize * taps);
  const weights = new Float64Array(outSize * taps);
  perOutput.forEach((row, i) => row.forEach(({ j, w }, k) => {
    indices[i * taps + k] = j;
    weights[i * taps + k] = w;
  }));
  return { taps, indices, weights };
}

/** jax's nearest-neighbour source rows: floor((i + 0.5) * in / out), in float32 arithmetic. */
export function nearestIndices(inSize: number, outSize: number): Int32Array {
  const out = new Int32Array(outSize);
  for (let i = 0; i < outSize; i++) {
    const pos = Math.fround(Math.fround(Math.fround(i + 0.5) * inSize) / outSize);
    out[i] = Math.min(Math.floor(pos), inSize - 1);
  }
  return out;
}

/** `x` resampled along `axis` to `outSize` entries. */
export function resizeAxis(x: Tensor, axis: number, outSize: number, method: string, antialias: boolean): Tensor {
  const inSize = x.shape[axis];
  if (inSize === outSize) return x;
  if (inSize === 0) {
    throw new ValueError(`resize: cannot resize an empty axis (axis ${axis} of shape [${x.shape}]) to ${outSize} entries.`);
  }
  if (method === "nearest") return take(x, convertToTensor(Array.from(nearestIndices(inSize, outSize)), "int32"), { axis });
  const { taps, indices, weights } = resizeTaps(inSize, outSize, method, antialias);
  // Weights broadcast against the gathered slices: outSize along `axis`, 1 on the axes after it.
  const weightShape = x.shape.slice(axis).map((d, i) => (i === 0 ? outSize : 1));
  let out: Tensor | null = null;
  for (let k = 0; k < taps; k++) {
    const idx: number[] = [];
    const w: number[] = [];
    for (let i = 0; i < outSize; i++) {
      idx.push(indices[i * taps + k]);
      w.push(weights[i * taps + k]);
    }
    const term = multiply(take(x, convertToTensor(idx, "int32"), { axis }), reshape(convertToTensor(w, x.dtype), weightShape));
    out = out === null ? term : add(out, term);
  }
  return out!;
}

/** The height and width axes of an image batch (rank 4) or single image (rank 3). */
export function spatialImageAxes(rank: number, dataFormat: "channels_last" | "channels_first"): [number, number] {
  const h = dataFormat === "channels_last" ? rank - 3 : rank - 2;
  return [h, h + 1];
}

/** Keras's centred crop box with the target aspect ratio: [start, size] per spatial axis. */
export function aspectCropBox(height: number, width: number, targetHeight: number, targetWidth: number): [[number, number], [number, number]] {
  const cropHeight = Math.max(Math.min(height, Math.trunc((width * targetHeight) / targetWidth)), 1);
  const cropWidth = Math.max(Math.min(width, Math.trunc((height * targetWidth) / targetHeight)), 1);
  return [
    [Math.trunc((height - cropHeight) / 2), cropHeight],
    [Math.trunc((width - cropWidth) / 2), cropWidth],
  ];
}

/** Keras's centred padding to the target aspect ratio: [before, after] per spatial axis. */
export function aspectPadding(height: number, width: number, targetHeight: number, targetWidth: number): [[number, number], [number, number]] {
  const padHeight = Math.max(height, Math.trunc((width * targetHeight) / targetWidth));
  const padWidth = Math.max(width, Math.trunc((height * targetWidth) / targetHeight));
  const top = Math.trunc((padHeight - height) / 2);
  const left = Math.trunc((padWidth - width) / 2);
  return [
    [top, padHeight - height - top],
    [left, padWidth - width - left],
  ];
}

/**
 * `keras.ops.image.resize(images, [height, width], ...)` for rank-3 (one
 * image) or rank-4 (a batch) tensors. Integer images are resized in float32,
 * then rounded and cast back, as Keras's Resizing layer does.
 */
export function resizeImages(images: Tensor, size: readonly [number, number], options: ResizeOptions = {}): Tensor {
  const { interpolation = "bilinear", antialias = false, cropToAspectRatio = false, padToAspectRatio = false, fillValue = 0 } = options;
  const dataFormat = options.dataFormat ?? "channels_last";
  if (images.rank !== 3 && images.rank !== 4) {
    throw new ValueError(
      `Invalid images rank: expected rank 3 (single image) or rank 4 (batch of images). Received input with shape: images.shape=[${images.shape}]`,
    );
  }
  if (cropToAspectRatio && padToAspectRatio) {
    throw new ValueError("Only one of `pad_to_aspect_ratio` & `crop_to_aspect_ratio` can be True.");
  }
  if (interpolation === "area") {
    throw new NotImplementedError("resize: interpolation='area' is not supported by keras-ts.");
  }
  const [hAxis, wAxis] = spatialImageAxes(images.rank, dataFormat);
  const [targetHeight, targetWidth] = size;
  const inputDtype = images.dtype;
  let x = isFloat(inputDtype) ? images : cast(images, "float32");
  const height = x.shape[hAxis];
  const width = x.shape[wAxis];
  if (cropToAspectRatio) {
    const [[h0, hSize], [w0, wSize]] = aspectCropBox(height, width, targetHeight, targetWidth);
    const starts = x.shape.map(() => 0);
    const sizes = x.shape.slice();
    starts[hAxis] = h0;
    sizes[hAxis] = hSize;
    starts[wAxis] = w0;
    sizes[wAxis] = wSize;
    x = slice(x, starts, sizes);
  } else if (padToAspectRatio) {
    const [hPad, wPad] = aspectPadding(height, width, targetHeight, targetWidth);
    const widths = x.shape.map((): [number, number] => [0, 0]);
    widths[hAxis] = hPad;
    widths[wAxis] = wPad;
    if (hPad[0] + hPad[1] + wPad[0] + wPad[1] > 0) x = pad(x, widths, "constant", fillValue);
  }
  x = resizeAxis(x, hAxis, targetHeight, interpolation, antialias);
  x = resizeAxis(x, wAxis, targetWidth, interpolation, antialias);
  if (x.dtype === inputDtype) return x;
  return cast(round(x), inputDtype);
}
