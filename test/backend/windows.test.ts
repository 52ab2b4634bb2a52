/**
 * SpatialWindows (the window geometry under the cpu conv and pool kernels)
 * against brute force: for every output position, every kernel tap is tested
 * for lying inside the input, straight from the definition
 * i = o * stride - padBefore + k * dilation, and the inside taps must be
 * exactly what `rowRuns(row)` and the per-ow tables list, in kernel order.
 */
import { describe, expect, it } from "vitest";
import { SpatialWindows, WindowSpec } from "../../src/backend/cpu/windows.js";

/** The row-major multi-index of `flat` in `shape`, and what is left over (the batch index for an output position). */
function unflatten(flat: number, shape: readonly number[]): [number[], number] {
  const idx: number[] = new Array(shape.length);
  for (let i = shape.length - 1; i >= 0; i--) {
    idx[i] = flat % shape[i];
    flat = Math.floor(flat / shape[i]);
  }
  return [idx, flat];
}

/** [input position, kernel tap] of every inside tap of output position `row`, by brute force over all taps. */
function bruteTaps(spec: WindowSpec, row: number): [number, number][] {
  const n = spec.inSpatial.length;
  const dil = spec.dilations ?? new Array(n).fill(1);
  const [o, b] = unflatten(row, spec.outSpatial);
  const kVol = spec.kernelSpatial.reduce((p, d) => p * d, 1);
  const out: [number, number][] = [];
  for (let t = 0; t < kVol; t++) {
    const [k] = unflatten(t, spec.kernelSpatial);
    let pos = b;
    let inside = true;
    for (let i = 0; i < n; i++) {
      const idx = o[i] * spec.strides[i] - spec.padBefore[i] + k[i] * dil[i];
      if (idx < 0 || idx >= spec.inSpatial[i]) inside = false;
      pos = pos * spec.inSpatial[i] + idx;
    }
    if (inside) out.push([pos, t]);
  }
  return out;
}

/** The taps of output position `row` that rowRuns and the per-ow tables describe, expanded run by run. */
function listedTaps(win: SpatialWindows, row: number): [number, number][] {
  const runs = win.rowRuns(row);
  const ow = row % win.outW;
  const out: [number, number][] = [];
  for (let q = 0; q < runs; q++) {
    for (let k = 0; k < win.tapCount[ow]; k++) {
      out.push([win.runStart[q] + win.firstPos[ow] + k * win.tapStep, win.runTap[q] + win.firstTap[ow] + k]);
    }
  }
  return out;
}

const specs: [string, WindowSpec][] = [
  ["1-D valid", { batch: 2, inSpatial: [9], outSpatial: [7], kernelSpatial: [3], strides: [1], padBefore: [0] }],
  ["1-D dilated, padding wider than a dilation step", { batch: 2, inSpatial: [11], outSpatial: [8], kernelSpatial: [4], strides: [2], dilations: [3], padBefore: [5] }],
  ["1-D windows wholly in the padding", { batch: 1, inSpatial: [3], outSpatial: [6], kernelSpatial: [2], strides: [1], padBefore: [4] }],
  ["1-D windows past the end", { batch: 1, inSpatial: [5], outSpatial: [5], kernelSpatial: [3], strides: [2], padBefore: [0] }],
  ["2-D same strided", { batch: 2, inSpatial: [5, 6], outSpatial: [3, 3], kernelSpatial: [3, 3], strides: [2, 2], padBefore: [1, 1] }],
  ["2-D dilated padded", { batch: 1, inSpatial: [8, 7], outSpatial: [6, 5], kernelSpatial: [3, 2], strides: [1, 2], dilations: [2, 3], padBefore: [2, 1] }],
  ["3-D", { batch: 2, inSpatial: [3, 4, 5], outSpatial: [3, 2, 5], kernelSpatial: [2, 3, 2], strides: [1, 2, 1], dilations: [2, 1, 2], padBefore: [1, 1, 1] }],
  ["2-D 1x1", { batch: 2, inSpatial: [3, 4], outSpatial: [3, 4], kernelSpatial: [1, 1], strides: [1, 1], padBefore: [0, 0] }],
];

describe("SpatialWindows", () => {
  for (const [name, spec] of specs) {
    it(`${name}: rowRuns lists exactly the inside taps, in consecutive and random order`, () => {
      const win = new SpatialWindows(spec, "test");
      const rows = spec.batch * spec.outSpatial.reduce((p, d) => p * d, 1);
      expect(win.rows).toBe(rows);
      for (let row = 0; row < rows; row++) expect(listedTaps(win, row)).toEqual(bruteTaps(spec, row));
      // Out of order (the odometer must re-seek), and the same row twice.
      for (const row of [rows - 1, 0, Math.floor(rows / 2), Math.floor(rows / 2), 1 % rows, rows - 1]) {
        expect(listedTaps(win, row)).toEqual(bruteTaps(spec, row));
      }
    });
  }

  it("marks only 1x1, stride-1, unpadded, same-size windows as the identity", () => {
    const base = { batch: 1, inSpatial: [4, 4], outSpatial: [4, 4], kernelSpatial: [1, 1], strides: [1, 1], padBefore: [0, 0] };
    expect(new SpatialWindows(base, "t").isIdentity).toBe(true);
    expect(new SpatialWindows({ ...base, outSpatial: [2, 2], strides: [2, 2] }, "t").isIdentity).toBe(false);
    // Stride 2 with padding 3 on a size-4 dim ends on the same index as stride 1: still not the identity.
    expect(new SpatialWindows({ ...base, strides: [1, 2], padBefore: [0, 3] }, "t").isIdentity).toBe(false);
    expect(new SpatialWindows({ ...base, kernelSpatial: [1, 2], outSpatial: [4, 3] }, "t").isIdentity).toBe(false);
  });

  it("rejects more than 3 spatial dims, naming the caller", () => {
    const spec = { batch: 1, inSpatial: [2, 2, 2, 2], outSpatial: [2, 2, 2, 2], kernelSpatial: [1, 1, 1, 1], strides: [1, 1, 1, 1], padBefore: [0, 0, 0, 0] };
    expect(() => new SpatialWindows(spec, "cpu conv")).toThrow(/cpu conv: at most 3 spatial dimensions are supported, received 4/);
  });
});
