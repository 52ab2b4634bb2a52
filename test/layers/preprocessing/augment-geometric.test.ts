/** RandomRotation, RandomZoom, RandomTranslation, RandomShear, RandomCrop: exact fixed transforms, inference, seeds, shapes, configs, errors. */
import { describe, expect, it } from "vitest";
import { ops, Tensor, valueAndGrad } from "../../../src/index.js";
import { RandomCrop, RandomRotation, RandomShear, RandomTranslation, RandomZoom } from "../../../src/layers/preprocessing/index.js";
import { expectClose, randomTensor } from "../../utils/gradcheck.js";
import { runLayerTest } from "../../utils/layer-test.js";

/** The 5 x 5 image holding 0..24 row by row, as (1, 5, 5, 1) (or (1, 1, 5, 5) channels first). */
const grid5 = (channelsFirst = false) => ops.reshape(ops.arange(0, 25, 1, "float32"), channelsFirst ? [1, 1, 5, 5] : [1, 5, 5, 1]);
const rows = (t: Tensor) => ops.reshape(t, [-1, 5]).toArray() as number[][];
const table = (f: (r: number, c: number) => number) => [0, 1, 2, 3, 4].map((r) => [0, 1, 2, 3, 4].map((c) => f(r, c)));
const flat = (t: Tensor) => Array.from(t.data);
const same = (a: Tensor, b: Tensor) => JSON.stringify(a.toArray()) === JSON.stringify(b.toArray());

function expectRows(actual: Tensor, expected: number[][], atol = 1e-5): void {
  expectClose(ops.reshape(actual, [-1]), expected.flat(), 0, atol);
}

describe("RandomRotation", () => {
  it("contract harness", () => {
    runLayerTest({ layerCls: RandomRotation, initArgs: [0.2], initKwargs: { seed: 1 }, inputShape: [2, 3, 4, 2], expectedOutputShape: [2, 3, 4, 2], expectedNumSeedGenerators: 1 });
    runLayerTest({ layerCls: RandomRotation, initArgs: [[-0.2, 0.4]], initKwargs: { dataFormat: "channels_first" }, inputShape: [3, 4, 5], expectedOutputShape: [3, 4, 5] });
  });

  it("rotates by exactly 180 and 90 degrees (positive = counter-clockwise), in both layouts", () => {
    for (const channelsFirst of [false, true]) {
      const dataFormat = channelsFirst ? "channels_first" : "channels_last";
      expectRows(new RandomRotation([0.5, 0.5], { dataFormat }).apply(grid5(channelsFirst)) as Tensor, table((r, c) => 24 - 5 * r - c));
      // A quarter turn counter-clockwise: the right column becomes the top row.
      expectRows(new RandomRotation([0.25, 0.25], { dataFormat }).apply(grid5(channelsFirst)) as Tensor, table((r, c) => 5 * c + 4 - r));
      expectRows(new RandomRotation([-0.25, -0.25], { dataFormat }).apply(grid5(channelsFirst)) as Tensor, table((r, c) => 5 * (4 - c) + r));
    }
  });

  it("fills the corners of a 45 degree turn by the fill mode; factor 0 and inference are the identity", () => {
    const x = grid5();
    const constant = rows(new RandomRotation([0.125, 0.125], { fillMode: "constant", fillValue: -1 }).apply(x) as Tensor);
    // The corner (0, 0) reads (x, y) = (2, 2 - 2 sqrt2): between the fill row -1 and pixel (0, 2) = 2.
    const fy = 3 - 2 * Math.SQRT2;
    expect(constant[0][0]).toBeCloseTo((1 - fy) * -1 + fy * 2, 5);
    // The corner (row 4, column 0) reads (2 - 2 sqrt2, 2): between the fill column -1 and pixel (2, 0) = 10.
    expect(constant[4][0]).toBeCloseTo((1 - fy) * -1 + fy * 10, 5);
    expect(constant[2][2]).toBeCloseTo(12, 5);
    expectRows(new RandomRotation(0).apply(x) as Tensor, table((r, c) => 5 * r + c));
    expectRows(new RandomRotation(0.4).apply(x, { training: false }) as Tensor, table((r, c) => 5 * r + c));
  });

  it("draws one angle per image, reproducibly with a seed", () => {
    const x = ops.broadcastTo(grid5(), [6, 5, 5, 1]);
    const a = new RandomRotation(0.3, { seed: 4, fillMode: "constant" }).apply(x) as Tensor;
    const b = new RandomRotation(0.3, { seed: 4, fillMode: "constant" }).apply(x) as Tensor;
    expect(same(a, b)).toBe(true);
    const images = [0, 1, 2, 3, 4, 5].map((i) => JSON.stringify(ops.slice(a, [i, 0, 0, 0], [1, 5, 5, 1]).toArray()));
    expect(new Set(images).size).toBe(6);
    const layer = new RandomRotation(0.3, { seed: 4 });
    expect(same(layer.apply(x) as Tensor, layer.apply(x) as Tensor)).toBe(false);
  });

  it("gradients flow back to the images", () => {
    const x = randomTensor([2, 4, 4, 1], 5);
    const { grads } = valueAndGrad(() => ops.sum(new RandomRotation([0.5, 0.5], { dtype: "float64" }).apply(x) as Tensor), [x]);
    expectClose(grads[0], new Array(32).fill(1), 0, 1e-9); // a half turn is a permutation of the pixels
  });

  it("config and errors", () => {
    const layer = new RandomRotation(0.2, { fillMode: "constant", fillValue: 3, seed: 5, interpolation: "nearest" });
    expect(layer.getConfig()).toMatchObject({ factor: [-0.2, 0.2], fill_mode: "constant", fill_value: 3, interpolation: "nearest", seed: 5, data_format: "channels_last" });
    expect(RandomRotation.fromConfig(layer.getConfig()).getConfig()).toEqual(layer.getConfig());
    expect(new RandomRotation([0.3, -0.1]).factor).toEqual([-0.1, 0.3]);
    expect(() => new RandomRotation(1.5)).toThrow(/RandomRotation.*`factor` argument should be a number.*\[-1, 1\]/);
    expect(() => new RandomRotation([0.1, 0.2, 0.3])).toThrow(/RandomRotation.*factor/);
    expect(() => new RandomRotation("big" as never)).toThrow(/factor/);
    expect(() => new RandomRotation(0.1, { fillMode: "edge" })).toThrow(/RandomRotation: Unknown `fill_mode` edge. Expected of one \('reflect', 'wrap', 'constant', 'nearest'\)/);
    expect(() => new RandomRotation(0.1, { interpolation: "bicubic" })).toThrow(/Unknown `interpolation` bicubic/);
    expect(() => new RandomRotation(0.1).apply(ops.zeros([2, 3]))).toThrow(/RandomRotation.*rank 3.*or 4/);
  });
});

describe("RandomTranslation", () => {
  it("contract harness", () => {
    runLayerTest({ layerCls: RandomTranslation, initArgs: [0.4, 0.6], initKwargs: { seed: 2 }, inputShape: [2, 3, 4, 2], expectedOutputShape: [2, 3, 4, 2] });
    runLayerTest({ layerCls: RandomTranslation, initArgs: [[-0.5, 0.4], [0.2, 0.3]], inputShape: [3, 4, 1], expectedOutputShape: [3, 4, 1] });
  });

  it("shifts by exactly one pixel with each fill mode, in both layouts", () => {
    for (const channelsFirst of [false, true]) {
      const dataFormat = channelsFirst ? "channels_first" : "channels_last";
      const x = grid5(channelsFirst);
      const up = (fillMode: string) => new RandomTranslation([-0.2, -0.2], 0, { fillMode, dataFormat, fillValue: -1 }).apply(x) as Tensor;
      expectRows(up("reflect"), table((r, c) => 5 * Math.min(r + 1, 4) + c));
      expectRows(up("nearest"), table((r, c) => 5 * Math.min(r + 1, 4) + c));
      expectRows(up("constant"), table((r, c) => (r === 4 ? -1 : 5 * (r + 1) + c)));
      expectRows(up("wrap"), table((r, c) => 5 * ((r + 1) % 5) + c));
      const left = (fillMode: string) => new RandomTranslation(0, [-0.2, -0.2], { fillMode, dataFormat }).apply(x) as Tensor;
      expectRows(left("reflect"), table((r, c) => 5 * r + Math.min(c + 1, 4)));
      expectRows(left("constant"), table((r, c) => (c === 4 ? 0 : 5 * r + c + 1)));
      expectRows(left("wrap"), table((r, c) => 5 * r + ((c + 1) % 5)));
      const down = new RandomTranslation([0.2, 0.2], 0, { dataFormat }).apply(x) as Tensor;
      expectRows(down, table((r, c) => 5 * Math.max(r - 1, 0) + c));
    }
  });

  it("reflects about the edge pixel over a long shift (8 x 2 image moved down by 4)", () => {
    const x = ops.reshape(ops.arange(0, 16, 1, "float32"), [1, 8, 2, 1]);
    const y = new RandomTranslation([0.5, 0.5], 0).apply(x) as Tensor;
    expect(ops.reshape(y, [8, 2]).toArray()).toEqual([[6, 7], [4, 5], [2, 3], [0, 1], [0, 1], [2, 3], [4, 5], [6, 7]]);
  });

  it("is the identity at inference, and unbatched images keep their rank", () => {
    const x = randomTensor([4, 4, 3], 6);
    const layer = new RandomTranslation(0.2, 0.1, { dtype: "float64" });
    expect(same(layer.apply(x, { training: false }) as Tensor, x)).toBe(true);
    expect((layer.apply(x) as Tensor).shape).toEqual([4, 4, 3]);
  });

  it("moves segmentation masks with the images, keeping integer masks integer", () => {
    const masks = ops.cast(grid5(), "int32");
    const out = new RandomTranslation([-0.2, -0.2], 0, { seed: 1 }).apply({ images: grid5(), segmentation_masks: masks }) as Record<string, Tensor>;
    expect(out.segmentation_masks.dtype).toBe("int32");
    expect(flat(out.segmentation_masks)).toEqual(flat(out.images));
  });

  it("config and errors", () => {
    const layer = new RandomTranslation([-0.1, 0.2], 0.3, { seed: 1, fillMode: "wrap" });
    expect(layer.getConfig()).toMatchObject({ height_factor: [-0.1, 0.2], width_factor: 0.3, fill_mode: "wrap", interpolation: "bilinear", seed: 1, fill_value: 0, data_format: "channels_last" });
    expect(RandomTranslation.fromConfig(layer.getConfig()).getConfig()).toEqual(layer.getConfig());
    expect(() => new RandomTranslation(-1.1, 0)).toThrow(/RandomTranslation: The `factor` argument should be.*Received: input_number=-1.1/);
    expect(() => new RandomTranslation([0.1, 0.2, 0.3], 0)).toThrow(/Received: height_factor=\[0.1, 0.2, 0.3\]/);
    expect(() => new RandomTranslation(0, { dummy: 0.3 } as never)).toThrow(/width_factor/);
  });
});

describe("RandomZoom", () => {
  it("contract harness", () => {
    runLayerTest({ layerCls: RandomZoom, initArgs: [-0.4, -0.6], initKwargs: { seed: 3 }, inputShape: [2, 3, 4, 1], expectedOutputShape: [2, 3, 4, 1] });
    runLayerTest({ layerCls: RandomZoom, initArgs: [[0.4, 0.5]], inputShape: [3, 4, 2], expectedOutputShape: [3, 4, 2] });
  });

  it("zooms out and in by fixed factors about the centre", () => {
    const out = new RandomZoom([0.5, 0.5], [0.8, 0.8], { fillMode: "constant" }).apply(grid5()) as Tensor;
    // x_in = 1.8 x - 1.6, y_in = 1.5 y - 1.
    expectRows(out, [[0, 0, 0, 0, 0], [0, 2.7, 4.5, 6.3, 0], [0, 10.2, 12, 13.8, 0], [0, 17.7, 19.5, 21.3, 0], [0, 0, 0, 0, 0]]);
    const nearest = new RandomZoom([0.5, 0.5], [0.8, 0.8], { fillMode: "constant", interpolation: "nearest" }).apply(grid5()) as Tensor;
    expectRows(nearest, [[0, 0, 0, 0, 0], [0, 5, 7, 9, 0], [0, 10, 12, 14, 0], [0, 20, 22, 24, 0], [0, 0, 0, 0, 0]]);
    // Zooming in by half (no width factor: the same draw both ways): x_in = x / 2 + 1.
    expectRows(new RandomZoom([-0.5, -0.5], null, { fillMode: "constant" }).apply(grid5()) as Tensor, table((r, c) => 5 * (r / 2 + 1) + c / 2 + 1));
    expectRows(new RandomZoom(0.3).apply(grid5(), { training: false }) as Tensor, table((r, c) => 5 * r + c));
  });

  it("config and errors", () => {
    const layer = new RandomZoom(0.2, [-0.1, 0.3], { seed: 9, fillValue: 1 });
    expect(layer.getConfig()).toMatchObject({ height_factor: 0.2, width_factor: [-0.1, 0.3], fill_mode: "reflect", fill_value: 1, seed: 9 });
    expect(RandomZoom.fromConfig(layer.getConfig()).getConfig()).toEqual(layer.getConfig());
    const noWidth = new RandomZoom(0.2, { seed: 1 });
    expect(noWidth.getConfig()).toMatchObject({ width_factor: null, seed: 1 });
    expect(RandomZoom.fromConfig(noWidth.getConfig()).getConfig()).toEqual(noWidth.getConfig());
    expect(() => new RandomZoom(1.5)).toThrow(/RandomZoom: The `height_factor` and `width_factor` arguments should be.*input_number=1.5/);
  });
});

describe("RandomShear", () => {
  it("contract harness", () => {
    runLayerTest({ layerCls: RandomShear, initKwargs: { xFactor: 0.2, yFactor: [0.1, 0.3], seed: 1 }, inputShape: [2, 4, 4, 1], expectedOutputShape: [2, 4, 4, 1] });
  });

  it("shears by fixed amounts, negated for a random half of the images", () => {
    const x = ops.broadcastTo(grid5(), [16, 5, 5, 1]);
    const y = new RandomShear({ xFactor: [0.5, 0.5], fillMode: "constant", seed: 3 }).apply(x) as Tensor;
    // x_in = x +- 0.5 y: row 2 reads columns shifted by one either way.
    const right = table((r, c) => (c + r / 2 > 4 ? (c + r / 2 < 5 ? (5 * r + 4) * (5 - c - r / 2) : 0) : 5 * r + c + r / 2));
    const left = table((r, c) => (c - r / 2 < 0 ? (c - r / 2 > -1 ? 5 * r * (1 + c - r / 2) : 0) : 5 * r + c - r / 2));
    const seen = new Set<number>();
    for (let i = 0; i < 16; i++) {
      const img = ops.reshape(ops.slice(y, [i, 0, 0, 0], [1, 5, 5, 1]), [-1]);
      const which = [right, left].findIndex((t) => t.flat().every((v, k) => Math.abs(v - img.data[k]) < 1e-4));
      expect(which, `image ${i}`).toBeGreaterThanOrEqual(0);
      seen.add(which);
    }
    expect(seen.size).toBe(2);
  });

  it("config and errors", () => {
    const layer = new RandomShear({ xFactor: 0.3, seed: 2 });
    expect(layer.getConfig()).toMatchObject({ x_factor: [-0.3, 0.3], y_factor: [-0, 0], fill_mode: "reflect", interpolation: "bilinear", seed: 2 });
    expect(RandomShear.fromConfig(layer.getConfig()).getConfig()).toEqual(layer.getConfig());
    expect(() => new RandomShear({ xFactor: -0.2 })).toThrow(/RandomShear.*\[0, 1.0\].*input_number=-0.2/);
  });
});

describe("RandomCrop", () => {
  it("contract harness", () => {
    runLayerTest({ layerCls: RandomCrop, initArgs: [2, 3], initKwargs: { seed: 1 }, inputShape: [2, 4, 5, 1], expectedOutputShape: [2, 2, 3, 1] });
    runLayerTest({ layerCls: RandomCrop, initArgs: [2, 2], initKwargs: { dataFormat: "channels_first", seed: 2 }, inputShape: [3, 4, 4], expectedOutputShape: [3, 2, 2] });
  });

  it("crops the whole batch at one random window inside the image, every window reachable", () => {
    const x = ops.concatenate([grid5(), ops.add(grid5(), 100)], 0);
    const layer = new RandomCrop(3, 2, { seed: 7 });
    const starts = new Set<string>();
    for (let k = 0; k < 40; k++) {
      const y = layer.apply(x) as Tensor;
      expect(y.shape).toEqual([2, 3, 2, 1]);
      const first = flat(ops.slice(y, [0, 0, 0, 0], [1, 3, 2, 1]));
      const top = Math.floor(first[0] / 5);
      const left = first[0] % 5;
      expect(first).toEqual([0, 1, 2].flatMap((r) => [0, 1].map((c) => 5 * (top + r) + left + c)));
      expect(flat(ops.slice(y, [1, 0, 0, 0], [1, 3, 2, 1]))).toEqual(first.map((v) => v + 100));
      starts.add(`${top},${left}`);
    }
    expect(starts.size).toBe(12); // tops 0..2 x lefts 0..3
  });

  it("at inference (and for too small inputs) takes the centred aspect-ratio window, resized", () => {
    const x = grid5();
    // 5 x 5 to 3 x 3: the aspect window is the whole image, starting at 0: Keras slices 3 x 3 from there.
    expect(flat(new RandomCrop(3, 3, { seed: 1 }).apply(x, { training: false }) as Tensor)).toEqual([0, 1, 2, 5, 6, 7, 10, 11, 12]);
    // 5 x 5 to 5 x 2: the window starts at column 1 (int((5 - 2) / 2)) and is exactly the target size.
    const narrow = new RandomCrop(5, 2, { seed: 1 }).apply(x) as Tensor;
    expect(flat(narrow)).toEqual([0, 1, 2, 3, 4].flatMap((r) => [5 * r + 1, 5 * r + 2]));
    // 2 x 5 image to 4 x 4: window rows 0..1, columns 1..4, resized bilinearly to 4 x 4.
    const small = ops.reshape(ops.arange(0, 10, 1, "float32"), [1, 2, 5, 1]);
    const up = new RandomCrop(4, 4, { seed: 1 }).apply(small) as Tensor;
    expect(up.shape).toEqual([1, 4, 4, 1]);
    // Half-pixel bilinear resizing keeps the window's corner pixels at the output's corners.
    expect(flat(up)[0]).toBeCloseTo(1, 5);
    expect(flat(up)[15]).toBeCloseTo(9, 5);
  });

  it("config keeps the drawn seed; errors", () => {
    const layer = new RandomCrop(3, 4);
    expect(Number.isInteger(layer.getConfig().seed)).toBe(true);
    expect(layer.getConfig()).toMatchObject({ height: 3, width: 4, data_format: "channels_last" });
    expect(RandomCrop.fromConfig(layer.getConfig()).getConfig()).toEqual(layer.getConfig());
    expect(() => new RandomCrop(0, 3)).toThrow(/RandomCrop.*height/);
    expect(() => new RandomCrop(3, 3, { seed: 1.5 })).toThrow(/RandomCrop.*seed/);
  });
});
