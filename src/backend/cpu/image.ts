/**
 * Image resampling kernels (ops.image.affineTransform / perspectiveTransform):
 * `imageSample` reads channels-last images at one real-valued source
 * position per output pixel, with nearest (round half up, scipy's order 0)
 * or bilinear interpolation over the image extended by the fill mode;
 * `imageSampleBackward` is its adjoint in the images (the fill value is a
 * constant and gets no gradient). One pass each, specialised per
 * interpolation; the fill mode folds tap positions with integer arithmetic.
 */
import { allocate, DType, TypedArray } from "../../engine/dtype.js";
import type { ImageSampleInfo } from "../backend.js";

const OUTSIDE = -1;

/** Folds an integer position into [0, n) by the fill mode; OUTSIDE for "constant" beyond the edges. */
function foldIndex(i: number, n: number, mode: ImageSampleInfo["fillMode"]): number {
  if (i >= 0 && i < n) return i;
  switch (mode) {
    case "constant":
      return OUTSIDE;
    case "nearest":
      return i < 0 ? 0 : n - 1;
    case "wrap":
      return ((i % n) + n) % n;
    case "reflect": {
      // (d c b a | a b c d | d c b a): period 2n, the edge pixel repeated.
      const p = ((i % (2 * n)) + 2 * n) % (2 * n);
      return p < n ? p : 2 * n - 1 - p;
    }
    case "mirror": {
      // (d c b | a b c d | c b a): period 2n - 2, the edge pixel not repeated.
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

function newPlan(info: ImageSampleInfo): TapPlan {
  const taps = info.interpolation === "nearest" ? 1 : 4;
  const size = info.outHeight * info.outWidth * taps;
  return { taps, src: new Int32Array(size), weight: new Float64Array(size) };
}

function pixelIndex(r: number, c: number, imageStart: number, width: number): number {
  return r === OUTSIDE || c === OUTSIDE ? OUTSIDE : imageStart + r * width + c;
}

/** Fills `plan` with the taps of image `b`'s output pixels (reused from image to image). */
function planImage(coords: Float64Array, b: number, info: ImageSampleInfo, plan: TapPlan): void {
  const { height, width, outHeight, outWidth, fillMode } = info;
  const { taps, src, weight } = plan;
  const perImage = outHeight * outWidth;
  const imageStart = b * height * width;
  for (let p = 0; p < perImage; p++) {
    const y = coords[2 * (b * perImage + p)];
    const x = coords[2 * (b * perImage + p) + 1];
    const k = p * taps;
    if (!Number.isFinite(y) || !Number.isFinite(x)) {
      // No position (a projective transform's horizon): the fill value, as for any point outside.
      src[k] = OUTSIDE;
      weight[k] = 1;
      for (let t = 1; t < taps; t++) weight[k + t] = 0;
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
    const r0 = foldIndex(y0, height, fillMode);
    const r1 = foldIndex(y0 + 1, height, fillMode);
    const c0 = foldIndex(x0, width, fillMode);
    const c1 = foldIndex(x0 + 1, width, fillMode);
    src[k] = pixelIndex(r0, c0, imageStart, width);
    src[k + 1] = pixelIndex(r0, c1, imageStart, width);
    src[k + 2] = pixelIndex(r1, c0, imageStart, width);
    src[k + 3] = pixelIndex(r1, c1, imageStart, width);
    weight[k] = (1 - fy) * (1 - fx);
    weight[k + 1] = (1 - fy) * fx;
    weight[k + 2] = fy * (1 - fx);
    weight[k + 3] = fy * fx;
  }
}

/** images (batch, height, width, channels), coords (batch, outHeight, outWidth, [y, x]) -> (batch, outHeight, outWidth, channels). */
export function imageSample(images: TypedArray, coords: Float64Array, info: ImageSampleInfo, outDtype: DType): TypedArray {
  const { channels, fillValue } = info;
  const perImage = info.outHeight * info.outWidth;
  const out = allocate(outDtype, info.batch * perImage * channels);
  const plan = newPlan(info);
  const { taps, src, weight } = plan;
  const acc = new Float64Array(channels);
  for (let b = 0; b < info.batch; b++) {
    planImage(coords, b, info, plan);
    for (let p = 0; p < perImage; p++) {
      acc.fill(0);
      for (let t = p * taps; t < (p + 1) * taps; t++) {
        const w = weight[t];
        if (w === 0) continue;
        if (src[t] === OUTSIDE) {
          for (let ch = 0; ch < channels; ch++) acc[ch] += w * fillValue;
        } else {
          const s = src[t] * channels;
          for (let ch = 0; ch < channels; ch++) acc[ch] += w * images[s + ch];
        }
      }
      const o = (b * perImage + p) * channels;
      for (let ch = 0; ch < channels; ch++) out[o + ch] = acc[ch];
    }
  }
  return out;
}

/** The adjoint of imageSample in the images: dy (batch, outHeight, outWidth, channels) -> (batch, height, width, channels). */
export function imageSampleBackward(dy: TypedArray, coords: Float64Array, info: ImageSampleInfo, outDtype: DType): TypedArray {
  const { channels } = info;
  const perImage = info.outHeight * info.outWidth;
  // Accumulated in float64, stored once in the output dtype.
  const acc = new Float64Array(info.batch * info.height * info.width * channels);
  const plan = newPlan(info);
  const { taps, src, weight } = plan;
  for (let b = 0; b < info.batch; b++) {
    planImage(coords, b, info, plan);
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
