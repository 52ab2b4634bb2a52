/**
 * Pooling kernels: channels_last data, 1 to 3 spatial dims (handled as 3-d,
 * missing leading dims of size 1).
 *
 * A window is clipped to the real input: padding never takes part. Max
 * pooling therefore never sees padded zeros, and average pooling divides by
 * the number of real elements in the window (what Keras does for "same").
 * For every output position the window's inside taps (from windows.ts,
 * shared with conv) are visited in order and the innermost loop runs over the
 * contiguous channels. The forward and backward kernels keep separate walks:
 * one walk with a four-way mode switch measured up to 7% slower on small
 * windows.
 */
import { DType, TypedArray, allocate } from "../../engine/dtype.js";
import type { PoolInfo, PoolMode } from "../backend.js";
import { fromFloat64 } from "./elementwise.js";
import { SpatialWindows } from "./windows.js";

function windows(info: PoolInfo): SpatialWindows {
  return new SpatialWindows({ ...info, kernelSpatial: info.window }, "cpu pool");
}

export function pool(x: TypedArray, info: PoolInfo, mode: PoolMode, outDtype: DType): TypedArray {
  const win = windows(info);
  const { runStart, firstPos, tapCount, outW } = win;
  const C = info.channels;
  const xStep = win.tapStep * C;
  const out = allocate(outDtype, win.rows * C);
  const isMax = mode === "max";
  const acc = new Float64Array(C); // the running max or sum per channel, rounded once at the end
  for (let r = 0, o = 0; r < win.rows; ) {
    const runs = win.rowRuns(r);
    for (let ow = 0; ow < outW; ow++, r++, o += C) {
      const len = tapCount[ow], x0 = firstPos[ow];
      acc.fill(isMax ? -Infinity : 0);
      for (let q = 0; q < runs; q++) {
        const first = (runStart[q] + x0) * C, end = first + len * xStep;
        if (isMax) {
          // `!(v <= m)` also takes NaN, so a NaN in the window propagates as in numpy/XLA.
          for (let xb = first; xb < end; xb += xStep) {
            for (let c = 0; c < C; c++) {
              const v = x[xb + c];
              const m = acc[c];
              if (!(v <= m) && m === m) acc[c] = v;
            }
          }
        } else {
          for (let xb = first; xb < end; xb += xStep) for (let c = 0; c < C; c++) acc[c] += x[xb + c];
        }
      }
      // The window's real elements are its inside taps. A division (not a
      // multiplication by 1 / count) rounds like numpy's mean.
      const count = runs * len;
      if (isMax) for (let c = 0; c < C; c++) out[o + c] = acc[c];
      else for (let c = 0; c < C; c++) out[o + c] = acc[c] / count;
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
  const win = windows(info);
  const { runStart, firstPos, tapCount, outW } = win;
  const C = info.channels;
  const xStep = win.tapStep * C;
  const dx = new Float64Array(info.batch * win.inVolume * C);
  const isMax = mode === "max";
  // Per channel: the max so far (max), or the share of the gradient each tap gets (avg).
  const acc = new Float64Array(C);
  const where = new Int32Array(C);
  for (let r = 0, o = 0; r < win.rows; ) {
    const runs = win.rowRuns(r);
    for (let ow = 0; ow < outW; ow++, r++, o += C) {
      const len = tapCount[ow], x0 = firstPos[ow];
      if (isMax) where.fill(-1);
      else for (let c = 0; c < C; c++) acc[c] = dy[o + c] / (runs * len);
      for (let q = 0; q < runs; q++) {
        const first = (runStart[q] + x0) * C, end = first + len * xStep;
        if (isMax) {
          // Same rule as the forward pass: strictly greater (or the first NaN) wins, so ties go to the first.
          for (let xb = first; xb < end; xb += xStep) {
            for (let c = 0; c < C; c++) {
              const v = x[xb + c];
              const m = acc[c];
              if (where[c] < 0 || (!(v <= m) && m === m)) {
                acc[c] = v;
                where[c] = xb + c;
              }
            }
          }
        } else {
          for (let xb = first; xb < end; xb += xStep) for (let c = 0; c < C; c++) dx[xb + c] += acc[c];
        }
      }
      if (isMax) for (let c = 0; c < C; c++) if (where[c] >= 0) dx[where[c]] += dy[o + c];
    }
  }
  return fromFloat64(dx, outDtype);
}
