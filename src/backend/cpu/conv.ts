/**
 * Convolution kernels: channels_last data, Keras kernel layout
 * (*kernelSpatial, inChannels / groups, outChannels), 1 to 3 spatial dims.
 *
 * Every convolution is handled as a 3-d one (missing leading spatial dims have
 * size 1), so one set of loops serves Conv1D, Conv2D and Conv3D.
 *
 * - General and grouped convs use im2col + the cache-blocked gemm of
 *   matmul.ts: a chunk of output positions is unfolded into a contiguous
 *   (rows, K) patch matrix with K = kernel volume * inChannels per group,
 *   then multiplied by the (K, outChannels) kernel, which in Keras's layout
 *   is already that matrix. Chunking bounds the patch buffer's memory and
 *   keeps it in cache between the unfold and the multiply.
 * - A 1x1 conv with stride 1 and no padding is a plain matmul: no unfold.
 * - Depthwise convs (one input channel per group) loop directly: im2col would
 *   build a patch matrix whose gemm is mostly multiplications by zero blocks.
 *
 * All sums accumulate in float64 and are rounded once to the output dtype.
 */
import { DType, TypedArray, allocate } from "../../engine/dtype.js";
import type { ConvInfo, MatmulInfo } from "../backend.js";
import { matmul } from "./matmul.js";

/** ConvInfo with exactly three spatial dims (leading ones padded with size 1). */
interface Geometry {
  batch: number;
  inC: number;
  outC: number;
  groups: number;
  cinG: number;
  coutG: number;
  inD: number; inH: number; inW: number;
  outD: number; outH: number; outW: number;
  kD: number; kH: number; kW: number;
  sD: number; sH: number; sW: number;
  dD: number; dH: number; dW: number;
  pD: number; pH: number; pW: number;
  /** Number of output positions over the whole batch: the rows of the patch matrix. */
  rows: number;
  /** Kernel volume times input channels per group: the columns of the patch matrix. */
  K: number;
}

function to3(a: readonly number[], fill: number): [number, number, number] {
  if (a.length > 3) throw new Error(`cpu conv: at most 3 spatial dimensions are supported, received ${a.length}.`);
  const r = [fill, fill, fill];
  for (let i = 0; i < a.length; i++) r[3 - a.length + i] = a[i];
  return r as [number, number, number];
}

function geometry(info: ConvInfo): Geometry {
  const [inD, inH, inW] = to3(info.inSpatial, 1);
  const [outD, outH, outW] = to3(info.outSpatial, 1);
  const [kD, kH, kW] = to3(info.kernelSpatial, 1);
  const [sD, sH, sW] = to3(info.strides, 1);
  const [dD, dH, dW] = to3(info.dilations, 1);
  const [pD, pH, pW] = to3(info.padBefore, 0);
  const cinG = info.inChannels / info.groups;
  const coutG = info.outChannels / info.groups;
  return {
    batch: info.batch, inC: info.inChannels, outC: info.outChannels, groups: info.groups, cinG, coutG,
    inD, inH, inW, outD, outH, outW, kD, kH, kW, sD, sH, sW, dD, dH, dW, pD, pH, pW,
    rows: info.batch * outD * outH * outW,
    K: kD * kH * kW * cinG,
  };
}

function isPointwise(g: Geometry): boolean {
  return (
    g.kD * g.kH * g.kW === 1 && g.sD * g.sH * g.sW === 1 && g.pD + g.pH + g.pW === 0 && g.groups === 1 &&
    g.inD === g.outD && g.inH === g.outH && g.inW === g.outW
  );
}

function isDepthwise(g: Geometry): boolean {
  return g.cinG === 1 && g.groups > 1;
}

/** Patch-matrix elements per chunk (about 1 MiB of float32): big enough to amortise gemm packing, small enough to stay in cache. */
const CHUNK_ELEMENTS = 1 << 18;
/** Every gemm call re-packs the (K, outChannels) kernel: at least this many rows keep that copy a small share of the work. */
const MIN_CHUNK_ROWS = 128;

function chunkRows(g: Geometry): number {
  return Math.max(MIN_CHUNK_ROWS, Math.floor(CHUNK_ELEMENTS / Math.max(1, g.K)));
}

function mm(a: TypedArray, b: TypedArray, m: number, k: number, n: number, transposeA: boolean, transposeB: boolean, outDtype: DType): TypedArray {
  const info: MatmulInfo = { batch: 1, m, k, n, transposeA, transposeB, aBatchStride: 0, bBatchStride: 0 };
  return matmul(a, b, info, outDtype);
}

/**
 * Unfolds output rows [r0, r0 + nRows) of group `grp` into `cols` (nRows, K),
 * column order (kd, kh, kw, c) — the row order of the Keras kernel. Out-of-range
 * taps (padding) are written as zeros since the buffer is reused.
 */
function im2col(x: TypedArray, g: Geometry, grp: number, r0: number, nRows: number, cols: TypedArray): void {
  const { inC, cinG, inD, inH, inW, outD, outH, outW, kD, kH, kW, sD, sH, sW, dD, dH, dW, pD, pH, pW } = g;
  let ow = r0 % outW;
  let t = (r0 - ow) / outW;
  let oh = t % outH;
  t = (t - oh) / outH;
  let od = t % outD;
  let b = (t - od) / outD;
  const cOff = grp * cinG;
  const rowW = inW * inC;
  let dst = 0;
  for (let r = 0; r < nRows; r++) {
    const id0 = od * sD - pD;
    const ih0 = oh * sH - pH;
    const iw0 = ow * sW - pW;
    for (let kd = 0; kd < kD; kd++) {
      const id = id0 + kd * dD;
      const dOk = id >= 0 && id < inD;
      for (let kh = 0; kh < kH; kh++) {
        const ih = ih0 + kh * dH;
        if (!dOk || ih < 0 || ih >= inH) {
          const end = dst + kW * cinG;
          for (; dst < end; dst++) cols[dst] = 0;
          continue;
        }
        const rowBase = ((b * inD + id) * inH + ih) * rowW + cOff;
        for (let kw = 0; kw < kW; kw++) {
          const iw = iw0 + kw * dW;
          if (iw < 0 || iw >= inW) {
            for (let c = 0; c < cinG; c++) cols[dst++] = 0;
          } else {
            const src = rowBase + iw * inC;
            for (let c = 0; c < cinG; c++) cols[dst++] = x[src + c];
          }
        }
      }
    }
    if (++ow === outW) {
      ow = 0;
      if (++oh === outH) {
        oh = 0;
        if (++od === outD) {
          od = 0;
          b++;
        }
      }
    }
  }
}

/** The adjoint of im2col: adds the patch-gradient rows back into `dx` (float64, channels_last). */
function col2im(dcols: TypedArray, g: Geometry, grp: number, r0: number, nRows: number, dx: Float64Array): void {
  const { inC, cinG, inD, inH, inW, outD, outH, outW, kD, kH, kW, sD, sH, sW, dD, dH, dW, pD, pH, pW } = g;
  let ow = r0 % outW;
  let t = (r0 - ow) / outW;
  let oh = t % outH;
  t = (t - oh) / outH;
  let od = t % outD;
  let b = (t - od) / outD;
  const cOff = grp * cinG;
  const rowW = inW * inC;
  let src = 0;
  for (let r = 0; r < nRows; r++) {
    const id0 = od * sD - pD;
    const ih0 = oh * sH - pH;
    const iw0 = ow * sW - pW;
    for (let kd = 0; kd < kD; kd++) {
      const id = id0 + kd * dD;
      const dOk = id >= 0 && id < inD;
      for (let kh = 0; kh < kH; kh++) {
        const ih = ih0 + kh * dH;
        if (!dOk || ih < 0 || ih >= inH) {
          src += kW * cinG;
          continue;
        }
        const rowBase = ((b * inD + id) * inH + ih) * rowW + cOff;
        for (let kw = 0; kw < kW; kw++) {
          const iw = iw0 + kw * dW;
          if (iw < 0 || iw >= inW) {
            src += cinG;
          } else {
            const dst = rowBase + iw * inC;
            for (let c = 0; c < cinG; c++) dx[dst + c] += dcols[src++];
          }
        }
      }
    }
    if (++ow === outW) {
      ow = 0;
      if (++oh === outH) {
        oh = 0;
        if (++od === outD) {
          od = 0;
          b++;
        }
      }
    }
  }
}

/** Columns [c0, c0 + width) of a row-major (rows, stride) matrix, as a contiguous (rows, width) copy. */
function columns(a: TypedArray, rows: number, stride: number, c0: number, width: number, out: TypedArray): TypedArray {
  let d = 0;
  for (let r = 0; r < rows; r++) {
    const s = r * stride + c0;
    for (let c = 0; c < width; c++) out[d++] = a[s + c];
  }
  return out;
}

// ---------------------------------------------------------------- forward

export function conv(x: TypedArray, kernel: TypedArray, info: ConvInfo, outDtype: DType): TypedArray {
  const g = geometry(info);
  const out = allocate(outDtype, g.rows * g.outC);
  if (g.rows === 0 || g.outC === 0) return out;
  if (g.K === 0) return out; // no input channels: every sum is empty
  if (isPointwise(g)) return mm(x, kernel, g.rows, g.inC, g.outC, false, false, outDtype);
  if (isDepthwise(g)) return depthwiseForward(x, kernel, g, out);
  const step = chunkRows(g);
  const cols = allocate(outDtype === "float64" ? "float64" : "float32", Math.min(step, g.rows) * g.K);
  const wG = g.groups > 1 ? allocate(outDtype, g.K * g.coutG) : kernel;
  for (let grp = 0; grp < g.groups; grp++) {
    if (g.groups > 1) columns(kernel, g.K, g.outC, grp * g.coutG, g.coutG, wG);
    for (let r0 = 0; r0 < g.rows; r0 += step) {
      const n = Math.min(step, g.rows - r0);
      const a = n * g.K === cols.length ? cols : cols.subarray(0, n * g.K);
      im2col(x, g, grp, r0, n, a);
      const y = mm(a, wG, n, g.K, g.coutG, false, false, outDtype);
      if (g.groups === 1) {
        out.set(y, r0 * g.outC);
      } else {
        for (let r = 0; r < n; r++) {
          const o = (r0 + r) * g.outC + grp * g.coutG;
          for (let c = 0; c < g.coutG; c++) out[o + c] = y[r * g.coutG + c];
        }
      }
    }
  }
  return out;
}

/** Depthwise forward: each output channel c * mult + m reads input channel c only. */
function depthwiseForward(x: TypedArray, w: TypedArray, g: Geometry, out: TypedArray): TypedArray {
  const { inC, outC, inD, inH, inW, outD, outH, outW, kD, kH, kW, sD, sH, sW, dD, dH, dW, pD, pH, pW } = g;
  const mult = outC / inC;
  const acc = new Float64Array(outC);
  let o = 0;
  for (let b = 0; b < g.batch; b++) {
    for (let od = 0; od < outD; od++) {
      for (let oh = 0; oh < outH; oh++) {
        for (let ow = 0; ow < outW; ow++, o += outC) {
          acc.fill(0);
          for (let kd = 0; kd < kD; kd++) {
            const id = od * sD - pD + kd * dD;
            if (id < 0 || id >= inD) continue;
            for (let kh = 0; kh < kH; kh++) {
              const ih = oh * sH - pH + kh * dH;
              if (ih < 0 || ih >= inH) continue;
              for (let kw = 0; kw < kW; kw++) {
                const iw = ow * sW - pW + kw * dW;
                if (iw < 0 || iw >= inW) continue;
                const xb = (((b * inD + id) * inH + ih) * inW + iw) * inC;
                const wb = ((kd * kH + kh) * kW + kw) * outC;
                if (mult === 1) {
                  for (let c = 0; c < inC; c++) acc[c] += x[xb + c] * w[wb + c];
                } else {
                  for (let c = 0, oc = 0; c < inC; c++) {
                    const xv = x[xb + c];
                    for (let m = 0; m < mult; m++, oc++) acc[oc] += xv * w[wb + oc];
                  }
                }
              }
            }
          }
          for (let c = 0; c < outC; c++) out[o + c] = acc[c];
        }
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------- gradient w.r.t. the input

export function convBackpropInput(dy: TypedArray, kernel: TypedArray, info: ConvInfo, outDtype: DType): TypedArray {
  const g = geometry(info);
  const inSize = g.batch * g.inD * g.inH * g.inW * g.inC;
  if (g.rows === 0 || g.outC === 0 || g.K === 0) return allocate(outDtype, inSize);
  // dx = dy · Wᵀ for a 1x1 conv: W is stored (inC, outC), i.e. transposed for this product.
  if (isPointwise(g)) return mm(dy, kernel, g.rows, g.outC, g.inC, false, true, outDtype);
  const dx = new Float64Array(inSize);
  if (isDepthwise(g)) {
    depthwiseBackpropInput(dy, kernel, g, dx);
  } else {
    const step = chunkRows(g);
    const wG = g.groups > 1 ? allocate(outDtype, g.K * g.coutG) : kernel;
    const dyG = g.groups > 1 ? allocate(outDtype, Math.min(step, g.rows) * g.coutG) : null;
    for (let grp = 0; grp < g.groups; grp++) {
      if (g.groups > 1) columns(kernel, g.K, g.outC, grp * g.coutG, g.coutG, wG);
      for (let r0 = 0; r0 < g.rows; r0 += step) {
        const n = Math.min(step, g.rows - r0);
        const a = dyG
          ? columns(dy.subarray(r0 * g.outC, (r0 + n) * g.outC), n, g.outC, grp * g.coutG, g.coutG, dyG)
          : dy.subarray(r0 * g.outC, (r0 + n) * g.outC);
        // Patch gradients (n, K) = dy (n, coutG) · Wgᵀ, with Wg stored (K, coutG).
        const dcols = mm(a, wG, n, g.coutG, g.K, false, true, "float64");
        col2im(dcols, g, grp, r0, n, dx);
      }
    }
  }
  if (outDtype === "float64") return dx;
  const out = allocate(outDtype, inSize);
  out.set(dx);
  return out;
}

function depthwiseBackpropInput(dy: TypedArray, w: TypedArray, g: Geometry, dx: Float64Array): void {
  const { inC, outC, inD, inH, inW, outD, outH, outW, kD, kH, kW, sD, sH, sW, dD, dH, dW, pD, pH, pW } = g;
  const mult = outC / inC;
  let o = 0;
  for (let b = 0; b < g.batch; b++) {
    for (let od = 0; od < outD; od++) {
      for (let oh = 0; oh < outH; oh++) {
        for (let ow = 0; ow < outW; ow++, o += outC) {
          for (let kd = 0; kd < kD; kd++) {
            const id = od * sD - pD + kd * dD;
            if (id < 0 || id >= inD) continue;
            for (let kh = 0; kh < kH; kh++) {
              const ih = oh * sH - pH + kh * dH;
              if (ih < 0 || ih >= inH) continue;
              for (let kw = 0; kw < kW; kw++) {
                const iw = ow * sW - pW + kw * dW;
                if (iw < 0 || iw >= inW) continue;
                const xb = (((b * inD + id) * inH + ih) * inW + iw) * inC;
                const wb = ((kd * kH + kh) * kW + kw) * outC;
                if (mult === 1) {
                  for (let c = 0; c < inC; c++) dx[xb + c] += dy[o + c] * w[wb + c];
                } else {
                  for (let c = 0, oc = 0; c < inC; c++) {
                    let s = 0;
                    for (let m = 0; m < mult; m++, oc++) s += dy[o + oc] * w[wb + oc];
                    dx[xb + c] += s;
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}

// ---------------------------------------------------------------- gradient w.r.t. the kernel

export function convBackpropFilter(x: TypedArray, dy: TypedArray, info: ConvInfo, outDtype: DType): TypedArray {
  const g = geometry(info);
  const kSize = g.K * g.outC;
  if (g.rows === 0 || g.outC === 0 || g.K === 0) return allocate(outDtype, kSize);
  // dW = xᵀ · dy for a 1x1 conv: x is (rows, inC), read transposed.
  if (isPointwise(g)) return mm(x, dy, g.inC, g.rows, g.outC, true, false, outDtype);
  const dw = new Float64Array(kSize);
  if (isDepthwise(g)) {
    depthwiseBackpropFilter(x, dy, g, dw);
  } else {
    const step = chunkRows(g);
    const cols = allocate(outDtype === "float64" ? "float64" : "float32", Math.min(step, g.rows) * g.K);
    const dyG = g.groups > 1 ? allocate(outDtype, Math.min(step, g.rows) * g.coutG) : null;
    for (let grp = 0; grp < g.groups; grp++) {
      for (let r0 = 0; r0 < g.rows; r0 += step) {
        const n = Math.min(step, g.rows - r0);
        const a = n * g.K === cols.length ? cols : cols.subarray(0, n * g.K);
        im2col(x, g, grp, r0, n, a);
        const d = dyG
          ? columns(dy.subarray(r0 * g.outC, (r0 + n) * g.outC), n, g.outC, grp * g.coutG, g.coutG, dyG)
          : dy.subarray(r0 * g.outC, (r0 + n) * g.outC);
        // (coutG, K) = dyᵀ · cols: transposing the narrow dy panel is cheaper than transposing the patches.
        const part = mm(d, a, g.coutG, n, g.K, true, false, "float64");
        for (let k = 0; k < g.K; k++) {
          const o = k * g.outC + grp * g.coutG;
          for (let c = 0; c < g.coutG; c++) dw[o + c] += part[c * g.K + k];
        }
      }
    }
  }
  if (outDtype === "float64") return dw;
  const out = allocate(outDtype, kSize);
  out.set(dw);
  return out;
}

function depthwiseBackpropFilter(x: TypedArray, dy: TypedArray, g: Geometry, dw: Float64Array): void {
  const { inC, outC, inD, inH, inW, outD, outH, outW, kD, kH, kW, sD, sH, sW, dD, dH, dW, pD, pH, pW } = g;
  const mult = outC / inC;
  let o = 0;
  for (let b = 0; b < g.batch; b++) {
    for (let od = 0; od < outD; od++) {
      for (let oh = 0; oh < outH; oh++) {
        for (let ow = 0; ow < outW; ow++, o += outC) {
          for (let kd = 0; kd < kD; kd++) {
            const id = od * sD - pD + kd * dD;
            if (id < 0 || id >= inD) continue;
            for (let kh = 0; kh < kH; kh++) {
              const ih = oh * sH - pH + kh * dH;
              if (ih < 0 || ih >= inH) continue;
              for (let kw = 0; kw < kW; kw++) {
                const iw = ow * sW - pW + kw * dW;
                if (iw < 0 || iw >= inW) continue;
                const xb = (((b * inD + id) * inH + ih) * inW + iw) * inC;
                const wb = ((kd * kH + kh) * kW + kw) * outC;
                if (mult === 1) {
                  for (let c = 0; c < inC; c++) dw[wb + c] += x[xb + c] * dy[o + c];
                } else {
                  for (let c = 0, oc = 0; c < inC; c++) {
                    const xv = x[xb + c];
                    for (let m = 0; m < mult; m++, oc++) dw[wb + oc] += xv * dy[o + oc];
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}
