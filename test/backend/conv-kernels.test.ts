/**
 * The cpu conv and pool kernels against direct, definition-by-definition
 * reference loops written here over N-d indices (no im2col, no gemm, no
 * special paths), for many geometries: 1 to 3 spatial dims, strides,
 * dilations, padding, groups, depthwise, 1x1, and sizes that span several
 * im2col chunks.
 */
import { describe, expect, it } from "vitest";
import type { ConvInfo, PoolInfo } from "../../src/backend/backend.js";
import { conv, convBackpropFilter, convBackpropInput } from "../../src/backend/cpu/conv.js";
import { pool, poolBackward } from "../../src/backend/cpu/pool.js";
import { rng } from "../utils/gradcheck.js";

function random(n: number, seed: number): Float64Array {
  const r = rng(seed);
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = r() * 2 - 1;
  return a;
}

/** All index tuples of `shape`, row-major. */
function* indices(shape: readonly number[]): Generator<number[]> {
  const n = shape.length;
  if (shape.some((s) => s === 0)) return;
  const idx = new Array<number>(n).fill(0);
  while (true) {
    yield idx.slice();
    let d = n - 1;
    while (d >= 0 && ++idx[d] === shape[d]) idx[d--] = 0;
    if (d < 0) return;
  }
}

function flat(idx: readonly number[], shape: readonly number[]): number {
  let f = 0;
  for (let i = 0; i < shape.length; i++) f = f * shape[i] + idx[i];
  return f;
}

/**
 * Calls visit(xFlat, kFlat, yFlat) for every (output, kernel tap, channel)
 * triple that the convolution's definition sums over:
 * y[b, o, g*coutG + co] += x[b, o*s + k*d - pad, g*cinG + ci] * w[k, ci, g*coutG + co].
 */
function forEachTerm(info: ConvInfo, visit: (xi: number, ki: number, yi: number) => void): void {
  const n = info.inSpatial.length;
  const cinG = info.inChannels / info.groups;
  const coutG = info.outChannels / info.groups;
  const xShape = [info.batch, ...info.inSpatial, info.inChannels];
  const yShape = [info.batch, ...info.outSpatial, info.outChannels];
  const kShape = [...info.kernelSpatial, cinG, info.outChannels];
  for (const yIdx of indices(yShape)) {
    const oc = yIdx[n + 1];
    const grp = Math.floor(oc / coutG);
    for (const kIdx of indices(info.kernelSpatial)) {
      const pos: number[] = [];
      let inside = true;
      for (let i = 0; i < n; i++) {
        const p = yIdx[i + 1] * info.strides[i] + kIdx[i] * info.dilations[i] - info.padBefore[i];
        if (p < 0 || p >= info.inSpatial[i]) inside = false;
        pos.push(p);
      }
      if (!inside) continue;
      for (let ci = 0; ci < cinG; ci++) {
        visit(flat([yIdx[0], ...pos, grp * cinG + ci], xShape), flat([...kIdx, ci, oc], kShape), flat(yIdx, yShape));
      }
    }
  }
}

function refConv(x: Float64Array, w: Float64Array, info: ConvInfo): Float64Array {
  const y = new Float64Array(info.batch * prodOf(info.outSpatial) * info.outChannels);
  forEachTerm(info, (xi, ki, yi) => (y[yi] += x[xi] * w[ki]));
  return y;
}
function refInput(dy: Float64Array, w: Float64Array, info: ConvInfo): Float64Array {
  const dx = new Float64Array(info.batch * prodOf(info.inSpatial) * info.inChannels);
  forEachTerm(info, (xi, ki, yi) => (dx[xi] += dy[yi] * w[ki]));
  return dx;
}
function refFilter(x: Float64Array, dy: Float64Array, info: ConvInfo): Float64Array {
  const dw = new Float64Array(prodOf(info.kernelSpatial) * (info.inChannels / info.groups) * info.outChannels);
  forEachTerm(info, (xi, ki, yi) => (dw[ki] += x[xi] * dy[yi]));
  return dw;
}
function prodOf(a: readonly number[]): number {
  return a.reduce((p, v) => p * v, 1);
}

function expectArraysClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-12): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= tol * Math.max(1, Math.abs(expected[i])))) {
      throw new Error(`mismatch at ${i}: got ${actual[i]}, expected ${expected[i]}`);
    }
  }
}

/** A ConvInfo with output lengths computed for the given padding (lengths may run past the end: also zeros). */
function makeInfo(p: {
  batch: number; inC: number; outC: number; groups?: number; inSpatial: number[]; k: number[];
  s?: number[]; d?: number[]; pad?: number[];
}): ConvInfo {
  const n = p.inSpatial.length;
  const s = p.s ?? new Array(n).fill(1);
  const d = p.d ?? new Array(n).fill(1);
  const pad = p.pad ?? new Array(n).fill(0);
  const outSpatial = p.inSpatial.map((len, i) => Math.floor((len + 2 * pad[i] - (p.k[i] - 1) * d[i] - 1) / s[i]) + 1);
  return {
    batch: p.batch, inChannels: p.inC, outChannels: p.outC, groups: p.groups ?? 1, inSpatial: p.inSpatial, outSpatial,
    kernelSpatial: p.k, strides: s, dilations: d, padBefore: pad,
  };
}

const cases: [string, ConvInfo][] = [
  ["1-D valid", makeInfo({ batch: 2, inC: 3, outC: 4, inSpatial: [9], k: [3] })],
  ["1-D strided dilated padded", makeInfo({ batch: 2, inC: 2, outC: 3, inSpatial: [11], k: [3], s: [2], d: [2], pad: [2] })],
  ["2-D padded strided", makeInfo({ batch: 2, inC: 3, outC: 5, inSpatial: [7, 6], k: [3, 2], s: [2, 1], pad: [1, 1] })],
  ["2-D dilated", makeInfo({ batch: 1, inC: 2, outC: 2, inSpatial: [8, 7], k: [3, 3], d: [2, 3] })],
  ["2-D groups", makeInfo({ batch: 2, inC: 6, outC: 4, groups: 2, inSpatial: [5, 5], k: [3, 3], pad: [1, 1] })],
  ["2-D groups 3", makeInfo({ batch: 1, inC: 6, outC: 6, groups: 3, inSpatial: [6, 4], k: [2, 3], s: [2, 1], pad: [0, 1] })],
  ["2-D depthwise", makeInfo({ batch: 2, inC: 3, outC: 3, groups: 3, inSpatial: [6, 5], k: [3, 3], s: [2, 2], pad: [1, 1] })],
  ["2-D depthwise multiplier", makeInfo({ batch: 2, inC: 3, outC: 6, groups: 3, inSpatial: [5, 6], k: [2, 3], d: [2, 1], pad: [1, 0] })],
  ["1-D depthwise", makeInfo({ batch: 2, inC: 4, outC: 8, groups: 4, inSpatial: [7], k: [3], pad: [2] })],
  ["2-D 1x1", makeInfo({ batch: 2, inC: 5, outC: 3, inSpatial: [4, 3], k: [1, 1] })],
  ["2-D 1x1 strided", makeInfo({ batch: 2, inC: 5, outC: 3, inSpatial: [5, 5], k: [1, 1], s: [2, 2] })],
  ["3-D", makeInfo({ batch: 2, inC: 2, outC: 3, inSpatial: [4, 5, 3], k: [2, 3, 2], s: [1, 2, 1], pad: [1, 1, 0] })],
  ["3-D depthwise", makeInfo({ batch: 1, inC: 2, outC: 4, groups: 2, inSpatial: [3, 4, 4], k: [2, 2, 2], pad: [1, 0, 1] })],
  ["window past the end", { ...makeInfo({ batch: 1, inC: 2, outC: 2, inSpatial: [5], k: [3], s: [2] }), outSpatial: [4] }],
  ["several im2col chunks", makeInfo({ batch: 2, inC: 4, outC: 5, inSpatial: [70, 66], k: [3, 3], pad: [1, 1] })],
  ["several chunks, groups", makeInfo({ batch: 1, inC: 4, outC: 4, groups: 2, inSpatial: [130, 130], k: [3, 3], s: [1, 1] })],
];

describe("cpu conv kernels match the definition", () => {
  for (const [name, info] of cases) {
    it(name, () => {
      const xSize = info.batch * prodOf(info.inSpatial) * info.inChannels;
      const ySize = info.batch * prodOf(info.outSpatial) * info.outChannels;
      const kSize = prodOf(info.kernelSpatial) * (info.inChannels / info.groups) * info.outChannels;
      const x = random(xSize, 1);
      const w = random(kSize, 2);
      const dy = random(ySize, 3);
      expectArraysClose(conv(x, w, info, "float64"), refConv(x, w, info));
      expectArraysClose(convBackpropInput(dy, w, info, "float64"), refInput(dy, w, info));
      expectArraysClose(convBackpropFilter(x, dy, info, "float64"), refFilter(x, dy, info), 1e-11);
    });
  }

  it("float32 in, float32 out: rounded once from a float64 sum", () => {
    const info = cases[2][1];
    const x = random(info.batch * prodOf(info.inSpatial) * info.inChannels, 4).map(Math.fround);
    const w = random(prodOf(info.kernelSpatial) * info.inChannels * info.outChannels, 5).map(Math.fround);
    const y = conv(Float32Array.from(x), Float32Array.from(w), info, "float32");
    expect(y).toBeInstanceOf(Float32Array);
    const ref = refConv(x, w, info);
    for (let i = 0; i < ref.length; i++) expect(y[i]).toBe(Math.fround(ref[i]));
  });

  it("empty batch and zero channels give empty or zero results", () => {
    const info = makeInfo({ batch: 0, inC: 2, outC: 3, inSpatial: [5], k: [2] });
    expect(conv(new Float64Array(0), random(12, 1), info, "float64").length).toBe(0);
    expect(convBackpropFilter(new Float64Array(0), new Float64Array(0), info, "float64")).toEqual(new Float64Array(12));
    const noOut = makeInfo({ batch: 1, inC: 2, outC: 0, inSpatial: [5], k: [2] });
    expect(convBackpropInput(new Float64Array(0), new Float64Array(0), noOut, "float64")).toEqual(new Float64Array(10));
  });
});

// ---------------------------------------------------------------- pooling

function refPool(x: Float64Array, info: PoolInfo, mode: "max" | "avg"): { y: Float64Array; argmax: number[]; taps: number[][] } {
  const n = info.inSpatial.length;
  const xShape = [info.batch, ...info.inSpatial, info.channels];
  const yShape = [info.batch, ...info.outSpatial, info.channels];
  const y = new Float64Array(prodOf(yShape));
  const argmax: number[] = [];
  const taps: number[][] = [];
  for (const yIdx of indices(yShape)) {
    let best = -Infinity;
    let where = -1;
    let sum = 0;
    const inWindow: number[] = [];
    for (const kIdx of indices(info.window)) {
      const pos: number[] = [];
      let inside = true;
      for (let i = 0; i < n; i++) {
        const p = yIdx[i + 1] * info.strides[i] + kIdx[i] - info.padBefore[i];
        if (p < 0 || p >= info.inSpatial[i]) inside = false;
        pos.push(p);
      }
      if (!inside) continue;
      const xi = flat([yIdx[0], ...pos, yIdx[n + 1]], xShape);
      if (where < 0 || x[xi] > best) {
        best = x[xi];
        where = xi;
      }
      sum += x[xi];
      inWindow.push(xi);
    }
    y[flat(yIdx, yShape)] = mode === "max" ? best : sum / inWindow.length;
    argmax.push(where);
    taps.push(inWindow);
  }
  return { y, argmax, taps };
}

function poolInfo(batch: number, channels: number, inSpatial: number[], window: number[], strides: number[], pad: number[], outSpatial: number[]): PoolInfo {
  return { batch, channels, inSpatial, outSpatial, window, strides, padBefore: pad };
}

const poolCases: [string, PoolInfo][] = [
  ["1-D", poolInfo(2, 3, [7], [2], [1], [0], [6])],
  ["1-D same", poolInfo(2, 2, [5], [2], [2], [0], [3])],
  ["2-D same strided", poolInfo(2, 2, [5, 5], [3, 3], [2, 2], [1, 1], [3, 3])],
  ["2-D overlapping", poolInfo(1, 3, [6, 5], [3, 2], [1, 2], [0, 0], [4, 2])],
  ["3-D", poolInfo(2, 2, [3, 4, 3], [2, 2, 2], [2, 2, 2], [0, 1, 0], [2, 3, 2])],
];

describe("cpu pool kernels match the definition", () => {
  for (const [name, info] of poolCases) {
    it(name, () => {
      const x = random(info.batch * prodOf(info.inSpatial) * info.channels, 9);
      const dy = random(info.batch * prodOf(info.outSpatial) * info.channels, 10);
      for (const mode of ["max", "avg"] as const) {
        const ref = refPool(x, info, mode);
        expectArraysClose(pool(x, info, mode, "float64"), ref.y);
        const dx = new Float64Array(x.length);
        if (mode === "max") {
          ref.argmax.forEach((xi, o) => (dx[xi] += dy[o]));
        } else {
          ref.taps.forEach((t, o) => t.forEach((xi) => (dx[xi] += dy[o] / t.length)));
        }
        expectArraysClose(poolBackward(dy, x, info, mode, "float64"), dx);
      }
    });
  }

  it("max pooling sends a tie's gradient to the first maximum and propagates NaN", () => {
    const info = poolInfo(1, 1, [4], [2], [2], [0], [2]);
    const x = Float64Array.from([3, 3, 1, NaN]);
    expect(Array.from(pool(x, info, "max", "float64"))).toEqual([3, NaN]);
    expect(Array.from(poolBackward(Float64Array.from([5, 7]), x, info, "max", "float64"))).toEqual([5, 0, 0, 7]);
  });
});
