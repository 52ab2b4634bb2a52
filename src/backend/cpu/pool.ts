/**
 * Pooling kernels: channels_last data, 1 to 3 spatial dims (handled as 3-d,
 * missing leading dims of size 1).
 *
 * A window is clipped to the real input: padding never takes part. Max
 * pooling therefore never sees padded zeros, and average pooling divides by
 * the number of real elements in the window (what Keras does for "same").
 * For every output position the window's taps are visited in order and the
 * innermost loop runs over the contiguous channels.
 */
import { DType, TypedArray, allocate } from "../../engine/dtype.js";
import type { PoolInfo, PoolMode } from "../backend.js";

interface Window3 {
  batch: number;
  C: number;
  inD: number; inH: number; inW: number;
  outD: number; outH: number; outW: number;
  kD: number; kH: number; kW: number;
  sD: number; sH: number; sW: number;
  pD: number; pH: number; pW: number;
}

function to3(a: readonly number[], fill: number): [number, number, number] {
  if (a.length > 3) throw new Error(`cpu pool: at most 3 spatial dimensions are supported, received ${a.length}.`);
  const r = [fill, fill, fill];
  for (let i = 0; i < a.length; i++) r[3 - a.length + i] = a[i];
  return r as [number, number, number];
}

function window3(info: PoolInfo): Window3 {
  const [inD, inH, inW] = to3(info.inSpatial, 1);
  const [outD, outH, outW] = to3(info.outSpatial, 1);
  const [kD, kH, kW] = to3(info.window, 1);
  const [sD, sH, sW] = to3(info.strides, 1);
  const [pD, pH, pW] = to3(info.padBefore, 0);
  return { batch: info.batch, C: info.channels, inD, inH, inW, outD, outH, outW, kD, kH, kW, sD, sH, sW, pD, pH, pW };
}

/** The clipped window [lo, hi) of one dim for output index o. */
function lo(o: number, s: number, p: number): number {
  return Math.max(0, o * s - p);
}
function hi(o: number, s: number, p: number, k: number, n: number): number {
  return Math.min(n, o * s - p + k);
}

export function pool(x: TypedArray, info: PoolInfo, mode: PoolMode, outDtype: DType): TypedArray {
  const w = window3(info);
  const { C, inD, inH, inW, outD, outH, outW, kD, kH, kW, sD, sH, sW, pD, pH, pW } = w;
  const out = allocate(outDtype, w.batch * outD * outH * outW * C);
  if (out.length === 0) return out;
  const acc = new Float64Array(C);
  const isMax = mode === "max";
  let o = 0;
  for (let b = 0; b < w.batch; b++) {
    for (let od = 0; od < outD; od++) {
      const d0 = lo(od, sD, pD), d1 = hi(od, sD, pD, kD, inD);
      for (let oh = 0; oh < outH; oh++) {
        const h0 = lo(oh, sH, pH), h1 = hi(oh, sH, pH, kH, inH);
        for (let ow = 0; ow < outW; ow++, o += C) {
          const w0 = lo(ow, sW, pW), w1 = hi(ow, sW, pW, kW, inW);
          acc.fill(isMax ? -Infinity : 0);
          for (let id = d0; id < d1; id++) {
            for (let ih = h0; ih < h1; ih++) {
              let xb = (((b * inD + id) * inH + ih) * inW + w0) * C;
              for (let iw = w0; iw < w1; iw++, xb += C) {
                if (isMax) {
                  // `!(v <= m)` also takes NaN, so a NaN in the window propagates as in numpy/XLA.
                  for (let c = 0; c < C; c++) {
                    const v = x[xb + c];
                    const m = acc[c];
                    if (!(v <= m) && m === m) acc[c] = v;
                  }
                } else {
                  for (let c = 0; c < C; c++) acc[c] += x[xb + c];
                }
              }
            }
          }
          if (isMax) {
            for (let c = 0; c < C; c++) out[o + c] = acc[c];
          } else {
            const count = Math.max(0, d1 - d0) * Math.max(0, h1 - h0) * Math.max(0, w1 - w0);
            // A division (not a multiplication by 1 / count) rounds like numpy's mean.
            for (let c = 0; c < C; c++) out[o + c] = acc[c] / count;
          }
        }
      }
    }
  }
  return out;
}

/**
 * Gradient of `pool` w.r.t. x. Max: each output's gradient goes to the first
 * position holding the window's maximum (the one `pool` picked). Avg: spread
 * evenly over the window's real elements.
 */
export function poolBackward(dy: TypedArray, x: TypedArray, info: PoolInfo, mode: PoolMode, outDtype: DType): TypedArray {
  const w = window3(info);
  const { C, inD, inH, inW, outD, outH, outW, kD, kH, kW, sD, sH, sW, pD, pH, pW } = w;
  const inSize = w.batch * inD * inH * inW * C;
  const dx = new Float64Array(inSize);
  const isMax = mode === "max";
  const best = new Float64Array(C);
  const where = new Int32Array(C);
  let o = 0;
  for (let b = 0; b < w.batch; b++) {
    for (let od = 0; od < outD; od++) {
      const d0 = lo(od, sD, pD), d1 = hi(od, sD, pD, kD, inD);
      for (let oh = 0; oh < outH; oh++) {
        const h0 = lo(oh, sH, pH), h1 = hi(oh, sH, pH, kH, inH);
        for (let ow = 0; ow < outW; ow++, o += C) {
          const w0 = lo(ow, sW, pW), w1 = hi(ow, sW, pW, kW, inW);
          if (isMax) {
            best.fill(-Infinity);
            where.fill(-1);
            for (let id = d0; id < d1; id++) {
              for (let ih = h0; ih < h1; ih++) {
                let xb = (((b * inD + id) * inH + ih) * inW + w0) * C;
                for (let iw = w0; iw < w1; iw++, xb += C) {
                  for (let c = 0; c < C; c++) {
                    const v = x[xb + c];
                    // Same rule as the forward pass: strictly greater (or the first NaN) wins, so ties go to the first.
                    const m = best[c];
                    if (where[c] < 0 || (!(v <= m) && m === m)) {
                      best[c] = v;
                      where[c] = xb + c;
                    }
                  }
                }
              }
            }
            for (let c = 0; c < C; c++) if (where[c] >= 0) dx[where[c]] += dy[o + c];
          } else {
            const count = Math.max(0, d1 - d0) * Math.max(0, h1 - h0) * Math.max(0, w1 - w0);
            if (count === 0) continue;
            for (let id = d0; id < d1; id++) {
              for (let ih = h0; ih < h1; ih++) {
                let xb = (((b * inD + id) * inH + ih) * inW + w0) * C;
                for (let iw = w0; iw < w1; iw++, xb += C) {
                  for (let c = 0; c < C; c++) dx[xb + c] += dy[o + c] / count;
                }
              }
            }
          }
        }
      }
    }
  }
  if (outDtype === "float64") return dx;
  const out = allocate(outDtype, inSize);
  out.set(dx);
  return out;
}
