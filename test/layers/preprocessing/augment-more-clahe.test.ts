/** ContrastLimitedAdaptiveHistogramEqualization: hand-computed tile mappings, interpolation, padding, layouts, config. */
import { describe, expect, it } from "vitest";
import { ops, random, Tensor } from "../../../src/index.js";
import { ContrastLimitedAdaptiveHistogramEqualization as CLAHE } from "../../../src/layers/preprocessing/index.js";
import { expectClose } from "../../utils/gradcheck.js";
import { runLayerTest } from "../../utils/layer-test.js";

const image = (values: number[], shape: number[]) => new Tensor(new Float32Array(values), shape, "float32");
const run = (layer: CLAHE, x: Tensor, training = true) => layer.apply(x, { training }) as Tensor;

describe("ContrastLimitedAdaptiveHistogramEqualization", () => {
  it("contract harness", () => {
    runLayerTest({ layerCls: CLAHE, initKwargs: { tileGridSize: [2, 2] }, inputShape: [2, 5, 6, 3], expectedOutputShape: [2, 5, 6, 3] });
  });

  it("one tile, no clipping: the level's CDF stretched to [0, 255]", () => {
    // Levels 0, 100, 100, 200: CDF 1 below 100, 3 below 200, 4 above; (cdf - 1) * 255 / (4 - 1).
    const y = run(new CLAHE({ clipLimit: 0, tileGridSize: [1, 1] }), image([0, 100, 100, 200], [1, 2, 2, 1]));
    expectClose(y, [0, 170, 170, 255], 1e-6, 1e-4);
  });

  it("clipping cuts bins at clip_limit * area / 256 and spreads the excess over all bins", () => {
    const levels = [0, 100, 100, 200];
    const y = run(new CLAHE({ clipLimit: 2, tileGridSize: [1, 1] }), image(levels, [1, 2, 2, 1]));
    const limit = (2 * 4) / 256;
    const counts = new Map([[0, 1], [100, 2], [200, 1]]);
    let excess = 0;
    for (const c of counts.values()) excess += c - Math.min(c, limit);
    const cdf = (l: number) => {
      let s = 0;
      for (let b = 0; b <= l; b++) s += Math.min(counts.get(b) ?? 0, limit) + excess / 256;
      return s;
    };
    const expected = levels.map((l) => ((cdf(l) - cdf(0)) * 255) / (4 - cdf(0)));
    expectClose(y, expected, 1e-5, 1e-3);
  });

  it("pixels between tile centres blend the neighbouring tiles' mappings", () => {
    // A 1x4 image in two 1x2 tiles: [0, 200 | 100, 50]. Tile 0 maps levels < 200 to 0 and >= 200 to 255;
    // tile 1 maps < 50 to 0, 50..99 to 127.5, >= 100 to 255. Columns 0, 1 lie in tile 0's half, column 3 at
    // tile 1's centre, column 2 halfway: 0.5 * 0 + 0.5 * 255.
    const y = run(new CLAHE({ clipLimit: 0, tileGridSize: [1, 2] }), image([0, 200, 100, 50], [1, 1, 4, 1]));
    expectClose(y, [0, 255, 127.5, 127.5], 1e-6, 1e-4);
  });

  it("images that do not fill the grid are padded symmetrically, then cropped back", () => {
    const x = ops.floor(ops.multiply(random.uniform([1, 5, 3, 2], { seed: 2 }), 256));
    const layer = new CLAHE({ tileGridSize: [2, 2] });
    const padded = ops.pad(x, [[0, 0], [0, 1], [0, 1], [0, 0]], "symmetric");
    const full = ops.slice(run(layer, padded), [0, 0, 0, 0], [1, 5, 3, 2]);
    expectClose(run(layer, x), Array.from(full.data), 1e-6, 1e-4);
  });

  it("value_range, layouts, integer inputs, unbatched images; training makes no difference", () => {
    const x = ops.floor(ops.multiply(random.uniform([2, 8, 8, 3], { seed: 5 }), 256));
    const layer = new CLAHE({ tileGridSize: [2, 4] });
    const y = run(layer, x);
    for (const v of y.data) expect(v >= 0 && v <= 255).toBe(true);
    expect(Array.from(run(layer, x, false).data)).toEqual(Array.from(y.data));
    const unit = run(new CLAHE({ tileGridSize: [2, 4], valueRange: [0, 1] }), ops.divide(x, 255));
    expectClose(unit, Array.from(y.data).map((v) => v / 255), 1e-5, 1e-5);
    const cf = run(new CLAHE({ tileGridSize: [2, 4], dataFormat: "channels_first" }), ops.transpose(x, [0, 3, 1, 2]));
    expectClose(ops.transpose(cf, [0, 2, 3, 1]), Array.from(y.data), 0, 0);
    const ints = run(layer, ops.cast(x, "int32"));
    expect(ints.dtype).toBe("int32");
    expect(Array.from(ints.data)).toEqual(Array.from(y.data).map(Math.trunc));
    const one = run(layer, ops.take(x, 1, 0));
    expectClose(one, Array.from(y.data.slice(192)), 0, 0);
  });

  it("constant images: a CDF that jumps at the level maps it to 255; an all-zero tile (span 0) to 0", () => {
    // No clipping: the CDF is 0 below level 90 (so its minimum is 0) and the full area from 90 on.
    expectClose(run(new CLAHE({ clipLimit: 0, tileGridSize: [2, 2] }), ops.full([1, 4, 4, 1], 90, "float32")), new Array(16).fill(255), 0, 0);
    // Level 0 everywhere: CDF minimum = area, the zero span is replaced by 1, every level maps to 0.
    expectClose(run(new CLAHE({ clipLimit: 0, tileGridSize: [2, 2] }), ops.zeros([1, 4, 4, 1])), new Array(16).fill(0), 0, 0);
  });

  it("config round trip with Keras's keys; errors name the layer", () => {
    const layer = new CLAHE({ valueRange: [0, 1], clipLimit: 2.5, tileGridSize: [4, 2] });
    expect(layer.getConfig()).toMatchObject({ value_range: [0, 1], clip_limit: 2.5, tile_grid_size: [4, 2], data_format: "channels_last" });
    expect(CLAHE.fromConfig(layer.getConfig()).getConfig()).toEqual(layer.getConfig());
    expect(new CLAHE().getConfig()).toMatchObject({ value_range: [0, 255], clip_limit: 4, tile_grid_size: [8, 8] });
    expect(() => new CLAHE({ tileGridSize: [0, 2] })).toThrow(/ContrastLimitedAdaptiveHistogramEqualization: `tile_grid_size` must be a tuple of 2 positive integers/);
    expect(() => new CLAHE({ clipLimit: "4" as never })).toThrow(/ContrastLimitedAdaptiveHistogramEqualization: `clip_limit` must be a number/);
    expect(() => new CLAHE({ valueRange: [1] })).toThrow(/ContrastLimitedAdaptiveHistogramEqualization: The `value_range` argument/);
  });
});
