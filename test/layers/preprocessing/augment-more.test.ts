/** RandAugment and AugMix: the policy layers built from the other augmentations. */
import { describe, expect, it } from "vitest";
import { ops, Tensor } from "../../../src/index.js";
import { AugMix, RandAugment } from "../../../src/layers/preprocessing/index.js";
import { expectClose } from "../../utils/gradcheck.js";
import { runLayerTest } from "../../utils/layer-test.js";

/** A (2, 4, 4, 3) batch with values in [0, 255] (a fixed pattern, not random). */
const images = () => {
  const data = new Float64Array(2 * 4 * 4 * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 37) % 256;
  return new Tensor(data, [2, 4, 4, 3], "float64");
};
const f64 = { dtype: "float64" };
const same = (a: Tensor, b: Tensor) => JSON.stringify(a.toArray()) === JSON.stringify(b.toArray());

describe("RandAugment", () => {
  it("contract harness", () => {
    runLayerTest({ layerCls: RandAugment, initKwargs: { seed: 1 }, inputShape: [2, 5, 6, 3], expectedOutputShape: [2, 5, 6, 3] });
  });

  it("applies exactly the chosen sublayers, in order, with their drawn transformations", () => {
    const layer = new RandAugment({ numOps: 3, factor: 0.4, seed: 7, ...f64 });
    const x = images();
    const t = layer.getRandomTransformation(x, true)!;
    expect(t.layerIndices).toHaveLength(3);
    for (const i of t.layerIndices) expect(i >= 0 && i < 11).toBe(true);
    expect(t.transforms).toHaveLength(11);
    let expected = x;
    for (const i of t.layerIndices) expected = layer.augmentLayers[i].transformImages(expected, t.transforms[i], true) as Tensor;
    expect(same(layer.transformImages(x, t, true), expected)).toBe(true);
  });

  it("every sublayer is chosen over many calls, with Keras's factors", () => {
    const layer = new RandAugment({ numOps: 2, seed: 3 });
    const seen = new Set<number>();
    const x = ops.ones([1, 2, 2, 3]);
    for (let k = 0; k < 60; k++) for (const i of layer.getRandomTransformation(x, true)!.layerIndices) seen.add(i);
    expect(seen.size).toBe(11);
    const names = layer.augmentLayers.map((l) => l.constructor.name);
    expect(names).toEqual([
      "RandomShear", "RandomTranslation", "RandomRotation", "RandomBrightness", "RandomColorDegeneration", "RandomContrast",
      "RandomSharpness", "RandomPosterization", "Solarization", "AutoContrast", "Equalization",
    ]);
    const cfg = (i: number) => layer.augmentLayers[i].getConfig();
    expect(cfg(0)).toMatchObject({ x_factor: [0, 0.5], y_factor: [0, 0.5], interpolation: "bilinear" });
    expect(cfg(2)).toMatchObject({ factor: [0, 0.5] });
    expect(cfg(7)).toMatchObject({ factor: [1, 4] }); // max(1, int(8 * 0.5)) = 4 bits, read as Keras reads a number: [1, 4]
    expect(cfg(8)).toMatchObject({ addition_factor: [0, 0.5], threshold_factor: [0, 0.5] });
  });

  it("num_ops 0 and inference are the identity (in the compute dtype); seeds reproduce", () => {
    const x = images();
    expect(same(new RandAugment({ numOps: 0, ...f64 }).apply(x) as Tensor, x)).toBe(true);
    const y = new RandAugment({ seed: 5 }).apply(x, { training: false }) as Tensor;
    expect(y.dtype).toBe("float32");
    expect(Array.from(y.data)).toEqual(Array.from(x.data));
    const a = new RandAugment({ seed: 11, numOps: 3 }).apply(x) as Tensor;
    const b = new RandAugment({ seed: 11, numOps: 3 }).apply(x) as Tensor;
    expect(same(a, b)).toBe(true);
    for (const v of a.data) expect(Number.isFinite(v)).toBe(true);
  });

  it("channels_first gives the channels_last result, transposed", () => {
    const x = images();
    for (const seed of [1, 2, 3]) {
      const last = new RandAugment({ seed, numOps: 3, ...f64 }).apply(x) as Tensor;
      const layer = new RandAugment({ seed, numOps: 3, dataFormat: "channels_first", ...f64 });
      const first = layer.apply(ops.transpose(x, [0, 3, 1, 2])) as Tensor;
      expectClose(ops.transpose(first, [0, 2, 3, 1]), Array.from(last.data), 1e-9, 1e-9);
      expect(RandAugment.fromConfig(layer.getConfig()).dataFormat).toBe("channels_first");
    }
  });

  it("segmentation masks follow the geometric choices only", () => {
    const layer = new RandAugment({ numOps: 1, seed: 2, ...f64 });
    const x = images();
    const masks = ops.reshape(ops.arange(0, 32, 1, "float64"), [2, 4, 4, 1]);
    const t = layer.getRandomTransformation(x, true)!;
    t.layerIndices = [3]; // brightness: masks untouched
    expect(same(layer.transformSegmentationMasks(masks, t, true), masks)).toBe(true);
    t.layerIndices = [2]; // rotation: masks rotated like the images
    const rotated = layer.augmentLayers[2].transformSegmentationMasks(masks, t.transforms[2], true);
    expect(same(layer.transformSegmentationMasks(masks, t, true), rotated)).toBe(true);
    expect(same(rotated, masks)).toBe(false);
  });

  it("config round trip with Keras's keys; errors name the layer", () => {
    const layer = new RandAugment({ valueRange: [0, 1], numOps: 3, factor: 0.2, interpolation: "nearest", seed: 4 });
    expect(layer.getConfig()).toMatchObject({ value_range: [0, 1], num_ops: 3, factor: [0, 0.2], interpolation: "nearest", seed: 4, data_format: "channels_last" });
    expect(RandAugment.fromConfig(layer.getConfig()).getConfig()).toEqual(layer.getConfig());
    expect(() => new RandAugment({ factor: 1.5 })).toThrow(/RandAugment: The `factor` argument should be a number \(or a list of two numbers\) in the range \[0, 1\]. Received: factor=1.5/);
    expect(() => new RandAugment({ numOps: -1 })).toThrow(/RandAugment: `num_ops`/);
    expect(() => new RandAugment({ interpolation: "cubic" })).toThrow(/RandomShear: Unknown `interpolation` cubic/);
  });
});

describe("AugMix", () => {
  it("contract harness", () => {
    runLayerTest({ layerCls: AugMix, initKwargs: { seed: 1 }, inputShape: [2, 5, 6, 3], expectedOutputShape: [2, 5, 6, 3] });
  });

  it("mixes fixed chains by hand: w x + (1 - w) sum_c weight_c chain_c(x), clipped", () => {
    const layer = new AugMix({ seed: 1, ...f64 });
    // One image, one channel: 10 20 / 30 50. AutoContrast stretches it to (v - 10) / 40 * 255.
    const x = new Tensor(new Float64Array([10, 20, 30, 50]), [1, 2, 2, 1], "float64");
    const autoContrast = layer.augmentLayers.find((l) => l.constructor.name === "AutoContrast")!;
    const t = {
      chainMixingWeights: new Tensor(new Float64Array([0.25, 0.75]), [2], "float64"),
      weightSample: new Tensor(new Float64Array([0.4]), [], "float64"),
      chainTransforms: [[{ layer: autoContrast, transformation: null }], []],
    };
    const stretched = [10, 20, 30, 50].map((v) => ((v - 10) / 40) * 255);
    const expected = [10, 20, 30, 50].map((v, i) => 0.4 * v + 0.6 * (0.25 * stretched[i] + 0.75 * v));
    expectClose(layer.transformImages(x, t, true), expected, 1e-12, 1e-9);
    const masks = new Tensor(new Float64Array([0, 1, 2, 3]), [1, 2, 2, 1], "float64");
    expectClose(layer.transformSegmentationMasks(masks, t, true), [0, 1, 2, 3], 1e-12, 1e-12); // auto-contrast leaves masks
    // Clipping to value_range.
    const brightness = new AugMix({ valueRange: [0, 40], ...f64 });
    const clipped = brightness.transformImages(x, { ...t, chainTransforms: [[{ layer: brightness.augmentLayers.find((l) => l.constructor.name === "AutoContrast")!, transformation: null }], []] }, true);
    expect(Math.max(...clipped.data)).toBeLessThanOrEqual(40);
  });

  it("draws Dirichlet weights summing to 1, a Beta weight in [0, 1], chains of at most chain_depth", () => {
    const layer = new AugMix({ numChains: 4, chainDepth: 2, seed: 9 });
    const x = ops.ones([1, 3, 3, 3]);
    for (let k = 0; k < 10; k++) {
      const t = layer.getRandomTransformation(x, true)!;
      const w = Array.from(t.chainMixingWeights.data);
      expect(w).toHaveLength(4);
      expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
      for (const v of w) expect(v).toBeGreaterThanOrEqual(0);
      const ws = t.weightSample.item() as number;
      expect(ws >= 0 && ws <= 1).toBe(true);
      expect(t.chainTransforms).toHaveLength(4);
      for (const chain of t.chainTransforms) expect(chain.length).toBeLessThanOrEqual(2);
    }
    expect(new AugMix({ allOps: false }).augmentLayers.map((l) => l.constructor.name)).toEqual([
      "RandomShear", "RandomTranslation", "RandomRotation", "RandomPosterization", "Solarization", "AutoContrast", "Equalization",
    ]);
    expect(layer.augmentLayers).toHaveLength(11);
  });

  it("chain_depth 0 and inference are the identity; seeds reproduce", () => {
    const x = images();
    // The chain weights are float32 draws (as Keras's), so they sum to 1 within float32 rounding.
    expectClose(new AugMix({ chainDepth: 0, seed: 3, ...f64 }).apply(x) as Tensor, Array.from(x.data), 1e-6, 1e-9);
    const y = new AugMix({ seed: 3 }).apply(x, { training: false }) as Tensor;
    expect(y.dtype).toBe("float32");
    expect(Array.from(y.data)).toEqual(Array.from(x.data));
    const a = new AugMix({ seed: 12 }).apply(x) as Tensor;
    expect(same(a, new AugMix({ seed: 12 }).apply(x) as Tensor)).toBe(true);
    for (const v of a.data) expect(v >= 0 && v <= 255).toBe(true);
  });

  it("config round trip with Keras's keys; errors name the layer", () => {
    const layer = new AugMix({ valueRange: [0, 1], numChains: 2, chainDepth: 4, factor: 0.6, alpha: 0.5, allOps: false, seed: 8 });
    expect(layer.getConfig()).toMatchObject({
      value_range: [0, 1], num_chains: 2, chain_depth: 4, factor: [0, 0.6], alpha: 0.5, all_ops: false, interpolation: "bilinear", seed: 8, data_format: "channels_last",
    });
    expect(AugMix.fromConfig(layer.getConfig()).getConfig()).toEqual(layer.getConfig());
    expect(() => new AugMix({ factor: [0.2, 0.3, 0.4] })).toThrow(/AugMix: The `factor` argument/);
    expect(() => new AugMix({ alpha: 0 })).toThrow(/AugMix: `alpha` must be a positive number/);
    expect(() => new AugMix({ numChains: 1.5 })).toThrow(/AugMix: `num_chains`/);
  });
});
