/**
 * Sliding-window geometry shared by the conv and pool kernels (channels_last,
 * 1 to 3 spatial dims, handled as 3-d with missing leading dims of size 1).
 *
 * For every output position a window has taps k = 0 .. kernel-1 per spatial
 * dim, reading input index o * stride - padBefore + k * dilation. Taps that
 * fall outside the input are padding. `SpatialWindows` precomputes, per dim
 * and output index, the taps that land inside the input, so the kernels never
 * test bounds per tap.
 *
 * The kernels walk output positions row by row, a row being the positions
 * that share (b, od, oh) and differ in ow. Within a row the inside (kd, kh)
 * pairs are the same for every position: `rowRuns` lists them once per row as
 * runs along the innermost spatial dim, and the per-ow tables say where each
 * position's inside taps of a run begin and how many there are. A kernel's
 * walk over positions [r0, end) reads:
 *
 *   for (let r = r0; r < end; ) {
 *     const runs = win.rowRuns(r);
 *     for (let ow = r % win.outW; ow < win.outW && r < end; ow++, r++) {
 *       // taps of run q: input positions runStart[q] + firstPos[ow] + k * tapStep,
 *       // kernel taps runTap[q] + firstTap[ow] + k, for k < tapCount[ow]
 *     }
 *   }
 *
 * No closure is called per element, tap or position.
 */

/** Pads a per-spatial-dim list to 3 entries with leading `fill`s. */
export function to3(a: readonly number[], fill: number, who: string): [number, number, number] {
  if (a.length > 3) throw new Error(`${who}: at most 3 spatial dimensions are supported, received ${a.length}.`);
  const r: [number, number, number] = [fill, fill, fill];
  for (let i = 0; i < a.length; i++) r[3 - a.length + i] = a[i];
  return r;
}

export interface WindowSpec {
  batch: number;
  inSpatial: readonly number[];
  outSpatial: readonly number[];
  kernelSpatial: readonly number[];
  strides: readonly number[];
  /** Omitted for pooling (dilation 1). */
  dilations?: readonly number[];
  padBefore: readonly number[];
}

/**
 * One spatial dim's windows: for output index o, the tapCount[o] taps from
 * firstTap[o] on land inside the input, the first at input index firstIndex[o]
 * and each next one `dilation` further.
 */
interface DimWindows {
  firstTap: Int32Array;
  tapCount: Int32Array;
  firstIndex: Int32Array;
  dilation: number;
}

function dimWindows(inSize: number, outSize: number, kernel: number, stride: number, dilation: number, pad: number): DimWindows {
  const firstTap = new Int32Array(outSize);
  const tapCount = new Int32Array(outSize);
  const firstIndex = new Int32Array(outSize);
  for (let o = 0; o < outSize; o++) {
    const start = o * stride - pad;
    // start + k * dilation >= 0  <=>  k >= ceil(-start / dilation)
    const lo = Math.min(kernel, start >= 0 ? 0 : Math.ceil(-start / dilation));
    // start + k * dilation < inSize  <=>  k < ceil((inSize - start) / dilation)
    const hi = inSize - start <= 0 ? 0 : Math.min(kernel, Math.ceil((inSize - start) / dilation));
    firstTap[o] = lo;
    tapCount[o] = Math.max(0, hi - lo);
    firstIndex[o] = start + lo * dilation;
  }
  return { firstTap, tapCount, firstIndex, dilation };
}

export class SpatialWindows {
  readonly inD: number; readonly inH: number; readonly inW: number;
  readonly outD: number; readonly outH: number; readonly outW: number;
  readonly kH: number; readonly kW: number;
  /** Spatial positions per example (input side). */
  readonly inVolume: number;
  /** Output positions over the whole batch. */
  readonly rows: number;
  /** Taps per window (kernel volume). */
  readonly kernelVolume: number;
  /** True when every window is the single tap at its own output position (a 1x1, stride-1, unpadded kernel). */
  readonly isIdentity: boolean;
  /**
   * Filled by `rowRuns`: per run (an inside (kd, kh) pair of the current row),
   * the input position (b, id, ih, iw flattened; times channels gives the
   * element offset) and the kernel tap index (kd, kh, kw flattened) at iw = kw = 0.
   */
  readonly runStart: Int32Array;
  readonly runTap: Int32Array;
  /** Per output index ow: the first inside tap along the innermost dim, its input index, and the inside taps' count. */
  readonly firstTap: Int32Array;
  readonly firstPos: Int32Array;
  readonly tapCount: Int32Array;
  /** Input positions between consecutive taps of a run (the innermost dilation); kernel taps are consecutive. */
  readonly tapStep: number;
  private readonly d: DimWindows;
  private readonly h: DimWindows;
  /** The output row (b, od, oh flattened) that runStart / runTap hold, and its number of runs. */
  private listedRow = -1;
  private listedRuns = 0;

  constructor(spec: WindowSpec, who: string) {
    const [inD, inH, inW] = to3(spec.inSpatial, 1, who);
    const [outD, outH, outW] = to3(spec.outSpatial, 1, who);
    const [kD, kH, kW] = to3(spec.kernelSpatial, 1, who);
    const [sD, sH, sW] = to3(spec.strides, 1, who);
    const [dD, dH, dW] = to3(spec.dilations ?? [], 1, who);
    const [pD, pH, pW] = to3(spec.padBefore, 0, who);
    this.inD = inD; this.inH = inH; this.inW = inW;
    this.outD = outD; this.outH = outH; this.outW = outW;
    this.kH = kH; this.kW = kW;
    this.inVolume = inD * inH * inW;
    this.rows = spec.batch * outD * outH * outW;
    this.kernelVolume = kD * kH * kW;
    this.isIdentity =
      this.kernelVolume === 1 && sD * sH * sW === 1 && pD + pH + pW === 0 && inD === outD && inH === outH && inW === outW;
    this.runStart = new Int32Array(kD * kH);
    this.runTap = new Int32Array(kD * kH);
    this.d = dimWindows(inD, outD, kD, sD, dD, pD);
    this.h = dimWindows(inH, outH, kH, sH, dH, pH);
    const w = dimWindows(inW, outW, kW, sW, dW, pW);
    this.firstTap = w.firstTap;
    this.firstPos = w.firstIndex;
    this.tapCount = w.tapCount;
    this.tapStep = dW;
  }

  /**
   * Lists the runs of the output row holding output position `r` (b, od, oh,
   * ow flattened) into runStart / runTap, in kernel order, and returns their
   * number. A position's window has runs * tapCount[ow] inside taps.
   */
  rowRuns(r: number): number {
    const row = Math.floor(r / this.outW);
    if (row === this.listedRow) return this.listedRuns;
    const { inD, inH, inW, kH, kW, outD, outH, d, h, runStart, runTap } = this;
    const oh = row % outH;
    const t = (row - oh) / outH;
    const od = t % outD;
    const b = (t - od) / outD;
    let n = 0;
    for (let i = 0, id = d.firstIndex[od], kd = d.firstTap[od]; i < d.tapCount[od]; i++, id += d.dilation, kd++) {
      const planeBase = (b * inD + id) * inH;
      for (let j = 0, ih = h.firstIndex[oh], kh = h.firstTap[oh]; j < h.tapCount[oh]; j++, ih += h.dilation, kh++, n++) {
        runStart[n] = (planeBase + ih) * inW;
        runTap[n] = (kd * kH + kh) * kW;
      }
    }
    this.listedRow = row;
    this.listedRuns = n;
    return n;
  }
}
