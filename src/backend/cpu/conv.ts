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
 * Which taps of each window land inside the input comes from windows.ts
 * (shared with pooling), so no loop here tests bounds per tap.
 *
 * All sums accumulate in float64 and are rounded once to the output dtype.
 */
import { DType, TypedArray, allocate } from "../../engine/dtype.js";
import type { ConvInfo, MatmulInfo } from "../backend.js";
import { fromFloat64 } from "./elementwise.js";
import { matmul } from "./matmul.js";
import { SpatialWindows } from "./windows.js";

interface Geometry {
  /** The windows over the spatial dims (3-d, leading dims of size 1). */
  win: SpatialWindows;
  inC: number;
  outC: number;
  groups: number;
  cinG: number;
  coutG: number;
  /** Number of output positions over the whole batch: the rows of the patch matrix. */
  rows: number;
  /** Kernel volume times input channels per group: the columns of the patch matrix. */
  K: number;
  /** Elements of the input (batch, *inSpatial, inC). */
  inSize: number;
}

function geometry(info: ConvInfo): Geometry {
  const win = new SpatialWindows(info, "cpu conv");
  const cinG = info.inChannels / info.groups;
  return {
    win, inC: info.inChannels, outC: info.outChannels, groups: info.groups, cinG, coutG: info.outChannels / info.groups,
    rows: win.rows, K: win.kernelVolume * cinG, inSize: info.batch * win.inVolume * info.inChannels,
  };
}

function isPointwise(g: Geometry): boolean {
  return g.win.isIdentity && g.groups === 1;
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
 * im2col and its adjoint. Unfolding (`unfold` true) copies output positions
 * [r0, r0 + nRows) of group `grp` from the image `x` into `cols` (nRows, K),
 * column order (kd, kh, kw, c) — the row order of the Keras kernel; rows with
 * padding taps are zeroed first since the buffer is reused. Folding adds the
 * patch-gradient rows `cols` back into the image gradient `x` (float64).
 */
function movePatches(unfold: boolean, x: TypedArray, cols: TypedArray, g: Geometry, grp: number, r0: number, nRows: number): void {
  const { win, inC, cinG, K } = g;
  const { runStart, runTap, firstTap, firstPos, tapCount, outW, kernelVolume } = win;
  const cOff = grp * cinG;
  const xStep = win.tapStep * inC;
  const end = r0 + nRows;
  for (let r = r0, row = 0; r < end; ) {
    const runs = win.rowRuns(r);
    for (let ow = r % outW; ow < outW && r < end; ow++, r++, row += K) {
      const len = tapCount[ow], x0 = firstPos[ow], t0 = firstTap[ow];
      if (unfold && runs * len < kernelVolume) cols.fill(0, row, row + K);
      for (let q = 0; q < runs; q++) {
        let xi = (runStart[q] + x0) * inC + cOff;
        let ci = row + (runTap[q] + t0) * cinG;
        for (let k = 0; k < len; k++, xi += xStep, ci += cinG) {
          if (unfold) for (let c = 0; c < cinG; c++) cols[ci + c] = x[xi + c];
          else for (let c = 0; c < cinG; c++) x[xi + c] += cols[ci + c];
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

/** The patch rows [r0, r0 + n) of group `grp`, unfolded into (a prefix of) the reusable buffer `cols`. */
function patches(x: TypedArray, g: Geometry, grp: number, r0: number, n: number, cols: TypedArray): TypedArray {
  const a = n * g.K === cols.length ? cols : cols.subarray(0, n * g.K);
  movePatches(true, x, a, g, grp, r0, n);
  return a;
}

/** A patch buffer for chunks of `step` rows, in the precision of the gemm that reads it. */
function patchBuffer(g: Geometry, step: number, outDtype: DType): TypedArray {
  return allocate(outDtype === "float64" ? "float64" : "float32", Math.min(step, g.rows) * g.K);
}

/** Group `grp`'s (K, coutG) slice of the kernel: the kernel itself when there is one group, else copied into `buf`. */
function groupKernel(kernel: TypedArray, g: Geometry, grp: number, buf: TypedArray | null): TypedArray {
  return buf ? columns(kernel, g.K, g.outC, grp * g.coutG, g.coutG, buf) : kernel;
}

/** Rows [r0, r0 + n) of the (rows, outC) output gradient, restricted to group `grp`'s channels (copied into `buf` when grouped). */
function groupRows(dy: TypedArray, g: Geometry, grp: number, r0: number, n: number, buf: TypedArray | null): TypedArray {
  const rows = dy.subarray(r0 * g.outC, (r0 + n) * g.outC);
  return buf ? columns(rows, n, g.outC, grp * g.coutG, g.coutG, buf) : rows;
}

// ---------------------------------------------------------------- forward

export function conv(x: TypedArray, kernel: TypedArray, info: ConvInfo, outDtype: DType): TypedArray {
  const g = geometry(info);
  const out = allocate(outDtype, g.rows * g.outC);
  if (g.rows === 0 || g.outC === 0) return out;
  if (g.K === 0) return out; // no input channels: every sum is empty
  if (isPointwise(g)) return mm(x, kernel, g.rows, g.inC, g.outC, false, false, outDtype);
  if (isDepthwise(g)) {
    depthwiseForward(x, kernel, g, out);
    return out;
  }
  const step = chunkRows(g);
  const cols = patchBuffer(g, step, outDtype);
  const wBuf = g.groups > 1 ? allocate(outDtype, g.K * g.coutG) : null;
  for (let grp = 0; grp < g.groups; grp++) {
    const wG = groupKernel(kernel, g, grp, wBuf);
    for (let r0 = 0; r0 < g.rows; r0 += step) {
      const n = Math.min(step, g.rows - r0);
      const y = mm(patches(x, g, grp, r0, n, cols), wG, n, g.K, g.coutG, false, false, outDtype);
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

/*
 * Depthwise kernels: output channel c * mult + m reads input channel c only.
 * Each walks every window's runs of inside taps; xb / wb step through a run's
 * input elements and kernel elements. The three stay separate functions: one
 * walk with a mode switch measured 3-10% slower (V8 optimises the small
 * single-purpose loops better).
 */

function depthwiseForward(x: TypedArray, w: TypedArray, g: Geometry, out: TypedArray): void {
  const { win, inC, outC } = g;
  const { runStart, runTap, firstTap, firstPos, tapCount, outW } = win;
  const mult = outC / inC;
  const xStep = win.tapStep * inC;
  const acc = new Float64Array(outC); // one output position, rounded once at the end
  for (let r = 0, o = 0; r < g.rows; ) {
    const runs = win.rowRuns(r);
    for (let ow = 0; ow < outW; ow++, r++, o += outC) {
      const len = tapCount[ow], x0 = firstPos[ow], t0 = firstTap[ow];
      acc.fill(0);
      for (let q = 0; q < runs; q++) {
        for (let k = 0, xb = (runStart[q] + x0) * inC, wb = (runTap[q] + t0) * outC; k < len; k++, xb += xStep, wb += outC) {
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
      for (let c = 0; c < outC; c++) out[o + c] = acc[c];
    }
  }
}

function depthwiseBackpropInput(dy: TypedArray, w: TypedArray, g: Geometry, dx: Float64Array): void {
  const { win, inC, outC } = g;
  const { runStart, runTap, firstTap, firstPos, tapCount, outW } = win;
  const mult = outC / inC;
  const xStep = win.tapStep * inC;
  for (let r = 0, o = 0; r < g.rows; ) {
    const runs = win.rowRuns(r);
    for (let ow = 0; ow < outW; ow++, r++, o += outC) {
      const len = tapCount[ow], x0 = firstPos[ow], t0 = firstTap[ow];
      for (let q = 0; q < runs; q++) {
        for (let k = 0, xb = (runStart[q] + x0) * inC, wb = (runTap[q] + t0) * outC; k < len; k++, xb += xStep, wb += outC) {
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

function depthwiseBackpropFilter(x: TypedArray, dy: TypedArray, g: Geometry, dw: Float64Array): void {
  const { win, inC, outC } = g;
  const { runStart, runTap, firstTap, firstPos, tapCount, outW } = win;
  const mult = outC / inC;
  const xStep = win.tapStep * inC;
  for (let r = 0, o = 0; r < g.rows; ) {
    const runs = win.rowRuns(r);
    for (let ow = 0; ow < outW; ow++, r++, o += outC) {
      const len = tapCount[ow], x0 = firstPos[ow], t0 = firstTap[ow];
      for (let q = 0; q < runs; q++) {
        for (let k = 0, xb = (runStart[q] + x0) * inC, wb = (runTap[q] + t0) * outC; k < len; k++, xb += xStep, wb += outC) {
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

// ---------------------------------------------------------------- gradient w.r.t. the input

export function convBackpropInput(dy: TypedArray, kernel: TypedArray, info: ConvInfo, outDtype: DType): TypedArray {
  const g = geometry(info);
  if (g.rows === 0 || g.outC === 0 || g.K === 0) return allocate(outDtype, g.inSize);
  // dx = dy · Wᵀ for a 1x1 conv: W is stored (inC, outC), i.e. transposed for this product.
  if (isPointwise(g)) return mm(dy, kernel, g.rows, g.outC, g.inC, false, true, outDtype);
  const dx = new Float64Array(g.inSize);
  if (isDepthwise(g)) {
    depthwiseBackpropInput(dy, kernel, g, dx);
  } else {
    const step = chunkRows(g);
    const wBuf = g.groups > 1 ? allocate(outDtype, g.K * g.coutG) : null;
    const dyBuf = g.groups > 1 ? allocate(outDtype, Math.min(step, g.rows) * g.coutG) : null;
    for (let grp = 0; grp < g.groups; grp++) {
      const wG = groupKernel(kernel, g, grp, wBuf);
      for (let r0 = 0; r0 < g.rows; r0 += step) {
        const n = Math.min(step, g.rows - r0);
        // Patch gradients (n, K) = dy (n, coutG) · Wgᵀ, with Wg stored (K, coutG).
        const dcols = mm(groupRows(dy, g, grp, r0, n, dyBuf), wG, n, g.coutG, g.K, false, true, "float64");
        movePatches(false, dx, dcols, g, grp, r0, n);
      }
    }
  }
  return fromFloat64(dx, outDtype);
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
    const cols = patchBuffer(g, step, outDtype);
    const dyBuf = g.groups > 1 ? allocate(outDtype, Math.min(step, g.rows) * g.coutG) : null;
    for (let grp = 0; grp < g.groups; grp++) {
      for (let r0 = 0; r0 < g.rows; r0 += step) {
        const n = Math.min(step, g.rows - r0);
        // (coutG, K) = dyᵀ · cols: transposing the narrow dy panel is cheaper than transposing the patches.
        const part = mm(groupRows(dy, g, grp, r0, n, dyBuf), patches(x, g, grp, r0, n, cols), g.coutG, n, g.K, true, false, "float64");
        for (let k = 0; k < g.K; k++) {
          const o = k * g.outC + grp * g.coutG;
          for (let c = 0; c < g.coutG; c++) dw[o + c] += part[c * g.K + k];
        }
      }
    }
  }
  return fromFloat64(dw, outDtype);
}

