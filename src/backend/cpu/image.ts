/**
 * Image resampling kernels (ops.image.affineTransform / perspectiveTransform):
 * `imageTransform` resamples channels-last images through one projective
 * transform per image (output pixel -> input position), with nearest (round
 * half up, scipy's order 0) or bilinear interpolation over the image
 * extended by the fill mode; `imageTransformBackward` is its adjoint in the
 * images (the fill value is a constant and gets no gradient). Per image, the
 * taps of every output pixel are planned once (positions folded by the fill
 * mode with integer arithmetic), then applied to all channels.
 */
import { allocate, DType, TypedArray } from "../../engine/dtype.js";
import type { ImageTransformInfo } from "../backend.js";

const OUTSIDE = -1;

const CONSTANT = 0;
const NEAREST = 1;
const WRAP = 2;
const REFLECT = 3;
const MIRROR = 4;
const MODE_CODES = { constant: CONSTANT, nearest: NEAREST, wrap: WRAP, reflect: REFLECT, mirror: MIRROR };

/** Folds an integer position into [0, n) by the fill mode (a MODE_CODES value); OUTSIDE for constant beyond the edges. */
function foldIndex(i: number, n: number, mode: number): number {
  if (i >= 0 && i < n) return i;
  switch (mode) {
    case CONSTANT:
      return OUTSIDE;
    case NEAREST:
      return i < 0 ? 0 : n - 1;
    case WRAP:
      return ((i % n) + n) % n;
    case REFLECT: {
      // (d c b a | a b c d | d c b a): period 2n, the edge pixel repeated.
      const p = ((i % (2 * n)) + 2 * n) % (2 * n);
      return p < n ? p : 2 * n - 1 - p;
    }
    default: {
      // MIRROR, (d c b | a b c d | c b a): period 2n - 2, the edge pixel not repeated.
      if (n === 1) return 0;
      const period = 2 * n - 2;
      const p = ((i % period) + period) % period;
      return p < n ? p : period - p;
    }
  }
}

/** The taps of one image's output pixels: `src` (pixel number within the batch, or OUTSIDE) and `weight`, `taps` per pixel. */
interface TapPlan {
  taps: number;
  src: Int32Array;
  weight: Float64Array;
}

function newPlan(info: ImageTransformInfo): TapPlan {
  const taps = info.interpolation === "nearest" ? 1 : 4;
  const size = info.outHeight * info.outWidth * taps;
  return { taps, src: new Int32Array(size), weight: new Float64Array(size) };
}

function pixelIndex(r: number, c: number, imageStart: number, width: number): number {
  return r === OUTSIDE || c === OUTSIDE ? OUTSIDE : imageStart + r * width + c;
}

/** Fills `plan` with the taps of image `b`'s output pixels (reused from image to image). */
function planImage(transforms: Float64Array, b: number, info: ImageTransformInfo, plan: TapPlan): void {
  const { height, width, outHeight, outWidth } = info;
  const fillMode = MODE_CODES[info.fillMode];
  const { taps, src, weight } = plan;
  const imageStart = b * height * width;
  const [a0, a1, a2, b0, b1, b2, c0, c1] = transforms.subarray(8 * b, 8 * b + 8);
  for (let p = 0; p < outHeight * outWidth; p++) {
    const ox = p % outWidth;
    const oy = (p - ox) / outWidth;
    const depth = c0 * ox + c1 * oy + 1;
    const x = (a0 * ox + a1 * oy + a2) / depth;
    const y = (b0 * ox + b1 * oy + b2) / depth;
    const k = p * taps;
    if (!(Math.abs(y) < Infinity && Math.abs(x) < Infinity)) {
      // No position (a projective transform's horizon): the fill value, as for any point outside.
      src[k] = OUTSIDE;
      weight[k] = 1;
      for (let j = 1; j < taps; j++) weight[k + j] = 0;
      continue;
    }
    if (taps === 1) {
      src[k] = pixelIndex(foldIndex(Math.floor(y + 0.5), height, fillMode), foldIndex(Math.floor(x + 0.5), width, fillMode), imageStart, width);
      weight[k] = 1;
      continue;
    }
    const y0 = Math.floor(y);
    const x0 = Math.floor(x);
    const fy = y - y0;
    const fx = x - x0;
    const row0 = foldIndex(y0, height, fillMode);
    const row1 = foldIndex(y0 + 1, height, fillMode);
    const col0 = foldIndex(x0, width, fillMode);
    const col1 = foldIndex(x0 + 1, width, fillMode);
    src[k] = pixelIndex(row0, col0, imageStart, width);
    src[k + 1] = pixelIndex(row0, col1, imageStart, width);
    src[k + 2] = pixelIndex(row1, col0, imageStart, width);
    src[k + 3] = pixelIndex(row1, col1, imageStart, width);
    weight[k] = (1 - fy) * (1 - fx);
    weight[k + 1] = (1 - fy) * fx;
    weight[k + 2] = fy * (1 - fx);
    weight[k + 3] = fy * fx;
  }
}

/** images (batch, height, width, channels), transforms (batch, 8) -> (batch, outHeight, outWidth, channels). */
export function imageTransform(images: TypedArray, transforms: Float64Array, info: ImageTransformInfo, outDtype: DType): TypedArray {
  const { channels, fillValue } = info;
  const perImage = info.outHeight * info.outWidth;
  const out = allocate(outDtype, info.batch * perImage * channels);
  const plan = newPlan(info);
  const { taps, src, weight } = plan;
  for (let b = 0; b < info.batch; b++) {
    planImage(transforms, b, info, plan);
    for (let p = 0; p < perImage; p++) {
      const o = (b * perImage + p) * channels;
      for (let ch = 0; ch < channels; ch++) {
        let sum = 0;
        for (let t = p * taps; t < (p + 1) * taps; t++) {
          const w = weight[t];
          if (w !== 0) sum += w * (src[t] === OUTSIDE ? fillValue : images[src[t] * channels + ch]);
        }
        out[o + ch] = sum;
      }
    }
  }
  return out;
}

/** The adjoint of imageTransform in the images: dy (batch, outHeight, outWidth, channels) -> (batch, height, width, channels). */
export function imageTransformBackward(dy: TypedArray, transforms: Float64Array, info: ImageTransformInfo, outDtype: DType): TypedArray {
  const { channels } = info;
  const perImage = info.outHeight * info.outWidth;
  // Accumulated in float64, stored once in the output dtype.
  const acc = new Float64Array(info.batch * info.height * info.width * channels);
  const plan = newPlan(info);
  const { taps, src, weight } = plan;
  for (let b = 0; b < info.batch; b++) {
    planImage(transforms, b, info, plan);
    for (let p = 0; p < perImage; p++) {
      const o = (b * perImage + p) * channels;
      for (let t = p * taps; t < (p + 1) * taps; t++) {
        const w = weight[t];
        if (w === 0 || src[t] === OUTSIDE) continue;
        const s = src[t] * channels;
        for (let ch = 0; ch < channels; ch++) acc[s + ch] += w * dy[o + ch];
      }
    }
  }
  const result = allocate(outDtype, acc.length);
  result.set(acc);
  return result;
}
