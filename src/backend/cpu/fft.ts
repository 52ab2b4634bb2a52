/**
 * Complex discrete Fourier transforms along the last axis for the reference
 * backend: iterative radix-2 for power-of-two lengths, Bluestein's chirp
 * z-transform (through a power-of-two transform) for the others, computed
 * in float64 with exact twiddle factors (one cos/sin per index, no
 * recurrence, so errors stay at a few ulps times log n).
 */
import type { DType, TypedArray } from "../../engine/dtype.js";
import { allocate } from "../../engine/dtype.js";

/** Twiddles cos/sin(2 pi k / n), k < n / 2, cached per length. */
const twiddleCache = new Map<number, { cos: Float64Array; sin: Float64Array }>();

function twiddles(n: number): { cos: Float64Array; sin: Float64Array } {
  let t = twiddleCache.get(n);
  if (!t) {
    const half = n >> 1;
    t = { cos: new Float64Array(half), sin: new Float64Array(half) };
    for (let k = 0; k < half; k++) {
      const angle = (2 * Math.PI * k) / n;
      t.cos[k] = Math.cos(angle);
      t.sin[k] = Math.sin(angle);
    }
    if (twiddleCache.size > 64) twiddleCache.clear();
    twiddleCache.set(n, t);
  }
  return t;
}

/** In-place forward transform (e^{-2 pi i jk/n}) of a power-of-two length n. */
function radix2(re: Float64Array, im: Float64Array, n: number): void {
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      let t = re[i];
      re[i] = re[j];
      re[j] = t;
      t = im[i];
      im[i] = im[j];
      im[j] = t;
    }
  }
  const { cos, sin } = twiddles(n);
  for (let size = 2; size <= n; size <<= 1) {
    const half = size >> 1;
    const step = n / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < half; k++) {
        const wr = cos[k * step];
        const wi = -sin[k * step];
        const a = start + k;
        const b = a + half;
        const xr = re[b] * wr - im[b] * wi;
        const xi = re[b] * wi + im[b] * wr;
        re[b] = re[a] - xr;
        im[b] = im[a] - xi;
        re[a] += xr;
        im[a] += xi;
      }
    }
  }
}

/** Precomputed chirp of Bluestein's algorithm for one length. */
interface Chirp {
  size: number;
  /** w_k = e^{-i pi k^2 / n}. */
  wr: Float64Array;
  wi: Float64Array;
  /** Transform of the conjugate chirp, wrapped to `size`. */
  br: Float64Array;
  bi: Float64Array;
}

const chirpCache = new Map<number, Chirp>();

function chirp(n: number): Chirp {
  let c = chirpCache.get(n);
  if (c) return c;
  let size = 1;
  while (size < 2 * n - 1) size <<= 1;
  const wr = new Float64Array(n);
  const wi = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    // k^2 mod 2n keeps the angle small (exact in integers up to n ~ 6e7).
    const angle = (Math.PI * ((k * k) % (2 * n))) / n;
    wr[k] = Math.cos(angle);
    wi[k] = -Math.sin(angle);
  }
  const br = new Float64Array(size);
  const bi = new Float64Array(size);
  br[0] = wr[0];
  bi[0] = -wi[0];
  for (let k = 1; k < n; k++) {
    br[k] = br[size - k] = wr[k];
    bi[k] = bi[size - k] = -wi[k];
  }
  radix2(br, bi, size);
  c = { size, wr, wi, br, bi };
  if (chirpCache.size > 64) chirpCache.clear();
  chirpCache.set(n, c);
  return c;
}

/** In-place forward transform of any length by Bluestein: X_k = w_k sum_j (x_j w_j) conj(w_{k-j}). */
function bluestein(re: Float64Array, im: Float64Array, n: number): void {
  const { size, wr, wi, br, bi } = chirp(n);
  const ar = new Float64Array(size);
  const ai = new Float64Array(size);
  for (let k = 0; k < n; k++) {
    ar[k] = re[k] * wr[k] - im[k] * wi[k];
    ai[k] = re[k] * wi[k] + im[k] * wr[k];
  }
  radix2(ar, ai, size);
  for (let k = 0; k < size; k++) {
    const xr = ar[k] * br[k] - ai[k] * bi[k];
    const xi = ar[k] * bi[k] + ai[k] * br[k];
    // Conjugate so the forward transform computes the inverse (up to 1/size).
    ar[k] = xr;
    ai[k] = -xi;
  }
  radix2(ar, ai, size);
  for (let k = 0; k < n; k++) {
    const cr = ar[k] / size;
    const ci = -ai[k] / size;
    re[k] = cr * wr[k] - ci * wi[k];
    im[k] = cr * wi[k] + ci * wr[k];
  }
}

/**
 * The DFT of each of the `outer` complex rows of length n held in (re, im):
 * forward X_k = sum_j x_j e^{-2 pi i jk/n}; `inverse` uses e^{+...} and 1/n.
 */
export function fft(re: TypedArray, im: TypedArray, outer: number, n: number, inverse: boolean, outDtype: DType): { re: TypedArray; im: TypedArray } {
  const outRe = allocate(outDtype, outer * n);
  const outIm = allocate(outDtype, outer * n);
  if (n === 0) return { re: outRe, im: outIm };
  const pow2 = (n & (n - 1)) === 0;
  const rowRe = new Float64Array(n);
  const rowIm = new Float64Array(n);
  // The inverse is the forward transform of the conjugate, conjugated and scaled.
  const sign = inverse ? -1 : 1;
  const scale = inverse ? 1 / n : 1;
  for (let r = 0; r < outer; r++) {
    const off = r * n;
    for (let k = 0; k < n; k++) {
      rowRe[k] = re[off + k];
      rowIm[k] = sign * im[off + k];
    }
    if (pow2) radix2(rowRe, rowIm, n);
    else bluestein(rowRe, rowIm, n);
    for (let k = 0; k < n; k++) {
      outRe[off + k] = rowRe[k] * scale;
      outIm[off + k] = sign * rowIm[k] * scale;
    }
  }
  return { re: outRe, im: outIm };
}
