/**
 * Bilinear upsampling along one axis by an integer factor, as Keras's
 * `ops.image.resize(..., interpolation="bilinear", antialias=False)` does it:
 * output position i samples the input at s = (i + 0.5) / factor - 0.5
 * (half-pixel centres) with the triangle kernel, and where a tap falls
 * outside the input the remaining weight is renormalised to 1 (near the
 * borders the edge pixel is copied).
 *
 * Each output is two gathered slices blended with per-position weights:
 * out = x[i0] * w0 + x[i1] * w1. Only the tap indices and weights (which
 * depend on the shape, never on the data) are computed here.
 */
import type { Tensor } from "../../engine/tensor.js";
import { convertToTensor } from "../../ops/core/cast.js";
import { add, multiply } from "../../ops/math/arithmetic.js";
import { take } from "../../ops/shape/indexing.js";
import { reshape } from "../../ops/shape/reshape.js";

interface Taps {
  first: number[];
  second: number[];
  firstWeight: number[];
  secondWeight: number[];
}

/** The two input taps and their weights for each of the `n * factor` outputs. */
export function bilinearTaps(n: number, factor: number): Taps {
  const taps: Taps = { first: [], second: [], firstWeight: [], secondWeight: [] };
  for (let i = 0; i < n * factor; i++) {
    const s = (i + 0.5) / factor - 0.5;
    const lo = Math.floor(s);
    const frac = s - lo;
    // Weights of the taps that exist; a missing tap's weight is dropped and the rest renormalised.
    const wLo = lo >= 0 && lo < n ? 1 - frac : 0;
    const wHi = lo + 1 >= 0 && lo + 1 < n ? frac : 0;
    const total = wLo + wHi;
    const clampedLo = Math.min(Math.max(lo, 0), n - 1);
    const clampedHi = Math.min(Math.max(lo + 1, 0), n - 1);
    taps.first.push(clampedLo);
    taps.second.push(clampedHi);
    taps.firstWeight.push(total > 0 ? wLo / total : 1);
    taps.secondWeight.push(total > 0 ? wHi / total : 0);
  }
  return taps;
}

/** `x` resized along `axis` from n to n * factor entries with bilinear weights. */
export function bilinearUpsampleAxis(x: Tensor, axis: number, factor: number): Tensor {
  const n = x.shape[axis];
  // An empty axis stays empty (0 * factor entries).
  if (factor === 1 || n === 0) return x;
  const taps = bilinearTaps(n, factor);
  const weightShape = x.shape.map((_, i) => (i === axis ? n * factor : 1)).slice(axis);
  const weights = (w: number[]) => reshape(convertToTensor(w, x.dtype), weightShape);
  const first = take(x, convertToTensor(taps.first, "int32"), { axis });
  const second = take(x, convertToTensor(taps.second, "int32"), { axis });
  return add(multiply(first, weights(taps.firstWeight)), multiply(second, weights(taps.secondWeight)));
}
