/** Colour augmentations: fixed factors give exact hand-computed outputs; inference, seeds, configs, errors. */
import { describe, expect, it } from "vitest";
import { ops, Tensor } from "../../../src/index.js";
import {
  AutoContrast, Equalization, RandomBrightness, RandomColorDegeneration, RandomColorJitter, RandomContrast, RandomGrayscale,
  RandomHue, RandomInvert, RandomPosterization, RandomSaturation, RandomSharpness, Solarization,
} from "../../../src/layers/preprocessing/index.js";
import { expectClose } from "../../utils/gradcheck.js";
import { runLayerTest } from "../../utils/layer-test.js";

/** A (2, 2, 2, 3) batch of RGB pixels in [0, 255]. */
const PIXELS = [
  [255, 0, 0], [0, 128, 0], [51, 102, 204], [10, 20, 30],
  [200, 200, 200], [0, 0, 0], [255, 255, 255], [90, 60, 30],
];
const rgb = () => new Tensor(new Float64Array(PIXELS.flat()), [2, 2, 2, 3], "float64");
const f64 = { dtype: "float64" };
const flat = (t: Tensor) => Array.from(t.data);
const same = (a: Tensor, b: Tensor) => JSON.stringify(a.toArray()) === JSON.stringify(b.toArray());
const luma = ([r, g, b]: number[]) => 0.2989 * r + 0.587 * g + 0.114 * b;

function contract(layerCls: any, initArgs: unknown[], initKwargs: Record<string, unknown> = {}): void {
  runLayerTest({ layerCls, initArgs, initKwargs, inputShape: [2, 3, 4, 3], expectedOutputShape: [2, 3, 4, 3] });
}

describe("RandomContrast", () => {
  it("contract harness", () => contract(RandomContrast, [0.5]));

  it("a fixed factor scales each channel about its mean, clipped to value_range", () => {
    // factor [-0.5, 0.5]: the contrast factor is drawn from [1 - (-0.5), 1 + 0.5] = exactly 1.5.
    const y = new RandomContrast([-0.5, 0.5], f64).apply(rgb()) as Tensor;
    const x = PIXELS;
    const expected: number[] = [];
    for (let b = 0; b < 2; b++) {
      const img = x.slice(4 * b, 4 * b + 4);
      const means = [0, 1, 2].map((c) => img.reduce((s, p) => s + p[c], 0) / 4);
      for (const p of img) for (let c = 0; c < 3; c++) expected.push(Math.min(255, Math.max(0, (p[c] - means[c]) * 1.5 + means[c])));
    }
    expectClose(y, expected, 1e-12, 1e-9);
    expect(same(new RandomContrast(0.9, f64).apply(rgb(), { training: false }) as Tensor, rgb())).toBe(true);
    expect(same(new RandomContrast(0, f64).apply(rgb()) as Tensor, rgb())).toBe(true);
  });

  it("config keeps Keras's [0, f] range; errors", () => {
    const layer = new RandomContrast(0.3, { seed: 2, valueRange: [0, 1] });
    expect(layer.getConfig()).toMatchObject({ factor: [0, 0.3], value_range: [0, 1], seed: 2 });
    expect(RandomContrast.fromConfig(layer.getConfig()).getConfig()).toEqual(layer.getConfig());
    expect(() => new RandomContrast(1.5)).toThrow(/RandomContrast: The `factor` argument should be a number \(or a list of two numbers\) in the range \[0, 1\]. Received: factor=1.5/);
    expect(() => new RandomContrast(0.2, { valueRange: [0] })).toThrow(/value_range/);
  });
});

describe("RandomBrightness", () => {
  it("contract harness", () => contract(RandomBrightness, [0.2]));

  it("adds a fixed fraction of the value range and clips", () => {
    const up = new RandomBrightness([0.1, 0.1], f64).apply(rgb()) as Tensor;
    expectClose(up, PIXELS.flat().map((v) => Math.min(255, v + 25.5)), 1e-12, 1e-9);
    const unit = ops.divide(rgb(), 255);
    const down = new RandomBrightness([-0.2, -0.2], { valueRange: [1, 0], ...f64 }).apply(unit) as Tensor;
    expectClose(down, PIXELS.flat().map((v) => Math.max(0, v / 255 - 0.2)), 0, 1e-8); // -0.2 is drawn in float32
    expect(same(new RandomBrightness(0.5, f64).apply(rgb(), { training: false }) as Tensor, rgb())).toBe(true);
  });

  it("one delta per image, reproducible with a seed; config; errors", () => {
    const x = ops.full([6, 2, 2, 1], 100, "float64");
    const y = new RandomBrightness(0.3, { seed: 3, ...f64 }).apply(x) as Tensor;
    const deltas = [0, 1, 2, 3, 4, 5].map((i) => y.data[4 * i] - 100);
    for (let i = 0; i < 6; i++) for (let k = 0; k < 4; k++) expect(y.data[4 * i + k] - 100).toBe(deltas[i]);
    expect(new Set(deltas).size).toBe(6);
    for (const d of deltas) expect(Math.abs(d)).toBeLessThanOrEqual(0.3 * 255 + 1e-6);
    expect(same(new RandomBrightness(0.3, { seed: 3, ...f64 }).apply(x) as Tensor, y)).toBe(true);
    const layer = new RandomBrightness(0.2, { valueRange: [255, 0] });
    expect(layer.getConfig()).toMatchObject({ factor: [-0.2, 0.2], value_range: [0, 255], seed: null });
    expect(RandomBrightness.fromConfig(layer.getConfig()).getConfig()).toEqual(layer.getConfig());
    expect(() => new RandomBrightness(0.2, { valueRange: 5 as never })).toThrow(/RandomBrightness: The `value_range` argument should be a list of two numbers/);
    expect(() => new RandomBrightness([0.1, 0.2, 0.3])).toThrow(/factor/);
  });
});

describe("RandomGrayscale, RandomColorDegeneration", () => {
  it("contract harness", () => {
    contract(RandomGrayscale, [0.5]);
    contract(RandomColorDegeneration, [0.5]);
  });

  it("factor 1 turns every image grey (3 equal channels), factor 0 none", () => {
    const grey = new RandomGrayscale(1, f64).apply(rgb()) as Tensor;
    expectClose(grey, PIXELS.flatMap((p) => [luma(p), luma(p), luma(p)]), 1e-12, 1e-9);
    expect(same(new RandomGrayscale(0, f64).apply(rgb()) as Tensor, rgb())).toBe(true);
    const first = new RandomGrayscale(1, { dataFormat: "channels_first", ...f64 }).apply(ops.transpose(rgb(), [0, 3, 1, 2])) as Tensor;
    expectClose(ops.transpose(first, [0, 2, 3, 1]), grey.data, 1e-12, 1e-9);
    const degenerate = new RandomColorDegeneration([1, 1], f64).apply(rgb()) as Tensor;
    expectClose(degenerate, grey.data, 1e-12, 1e-9);
    const halfway = new RandomColorDegeneration([0.5, 0.5], f64).apply(rgb()) as Tensor;
    expectClose(halfway, PIXELS.flatMap((p) => p.map((v) => (v + luma(p)) / 2)), 1e-12, 1e-9);
  });

  it("grayscale applies per image with probability `factor`; configs; errors", () => {
    const x = ops.broadcastTo(ops.slice(rgb(), [0, 0, 0, 0], [1, 2, 2, 3]), [40, 2, 2, 3]);
    const y = new RandomGrayscale(0.5, { seed: 5, ...f64 }).apply(x) as Tensor;
    const grey = [...Array(40).keys()].map((i) => y.data[12 * i] === y.data[12 * i + 1]);
    expect(grey.filter(Boolean).length).toBeGreaterThan(8);
    expect(grey.filter((g) => !g).length).toBeGreaterThan(8);
    expect(new RandomGrayscale(0.3).getConfig()).toMatchObject({ factor: 0.3 });
    expect(new RandomGrayscale({ factor: 0.7 }).factor).toBe(0.7);
    expect(() => new RandomGrayscale(1.5)).toThrow(/RandomGrayscale: `factor` should be between 0 and 1. Received: factor=1.5/);
    const degen = new RandomColorDegeneration(0.4, { seed: 1 });
    expect(degen.getConfig()).toMatchObject({ factor: [-0.4, 0.4], value_range: [0, 255], seed: 1 });
    expect(RandomColorDegeneration.fromConfig(degen.getConfig()).getConfig()).toEqual(degen.getConfig());
  });
});

describe("RandomInvert", () => {
  it("contract harness", () => contract(RandomInvert, []));

  it("probability 1 inverts every image within value_range, 0 none, inference none", () => {
    expectClose(new RandomInvert([1, 1], f64).apply(rgb()) as Tensor, PIXELS.flat().map((v) => 255 - v), 0, 1e-12);
    expectClose(new RandomInvert([1, 1], { valueRange: [0, 1], ...f64 }).apply(ops.divide(rgb(), 255)) as Tensor, PIXELS.flat().map((v) => 1 - v / 255), 1e-12, 1e-12);
    expect(same(new RandomInvert(0, f64).apply(rgb()) as Tensor, rgb())).toBe(true);
    expect(same(new RandomInvert(1, f64).apply(rgb(), { training: false }) as Tensor, rgb())).toBe(true);
    const layer = new RandomInvert();
    expect(layer.getConfig()).toMatchObject({ factor: [0, 1], value_range: [0, 255], seed: null });
    expect(RandomInvert.fromConfig(layer.getConfig()).getConfig()).toEqual(layer.getConfig());
  });
});

describe("RandomSaturation, RandomHue", () => {
  it("contract harness", () => {
    contract(RandomSaturation, [0.5]);
    contract(RandomHue, [0.5]);
  });

  it("saturation factor 0 makes each pixel grey at its value (max channel); 0.5 keeps the image", () => {
    const grey = new RandomSaturation([0, 0], f64).apply(rgb()) as Tensor;
    expectClose(grey, PIXELS.flatMap((p) => [Math.max(...p), Math.max(...p), Math.max(...p)]), 1e-12, 1e-9);
    expectClose(new RandomSaturation([0.5, 0.5], f64).apply(rgb()) as Tensor, PIXELS.flat(), 1e-6, 1e-4);
    const layer = new RandomSaturation(0.5, { seed: 4 });
    expect(layer.getConfig()).toMatchObject({ factor: [-0.5, 0.5], value_range: [0, 255], seed: 4 });
    expect(RandomSaturation.fromConfig(layer.getConfig()).getConfig()).toEqual(layer.getConfig());
  });

  it("hue factor 1 turns each colour to its complement, 0 keeps it", () => {
    const turned = new RandomHue([1, 1], f64).apply(rgb()) as Tensor;
    // A half turn of hue maps (r, g, b) to (max + min - r, ...).
    expectClose(turned, PIXELS.flatMap((p) => p.map((v) => Math.max(...p) + Math.min(...p) - v)), 1e-9, 1e-7);
    expectClose(new RandomHue([0, 0], f64).apply(rgb()) as Tensor, PIXELS.flat(), 1e-9, 1e-7);
    expect(same(new RandomHue(1, f64).apply(rgb(), { training: false }) as Tensor, rgb())).toBe(true);
    const layer = new RandomHue(0.3, { valueRange: [0, 1], seed: 2 });
    expect(layer.getConfig()).toMatchObject({ factor: [0, 0.3], value_range: [0, 1], seed: 2 });
    expect(RandomHue.fromConfig(layer.getConfig()).getConfig()).toEqual(layer.getConfig());
    expect(() => new RandomHue(-0.1)).toThrow(/RandomHue.*\[0, 1\]/);
  });
});

describe("RandomSharpness", () => {
  it("contract harness", () => contract(RandomSharpness, [0.5]));

  it("factor 0 gives the 5/13 - 1/13 smoothed image, 0.5 the image itself, 1 the sharpened one", () => {
    const impulse = ops.reshape(ops.oneHot(4, 9, { dtype: "float64" }), [1, 3, 3, 1]);
    const x = ops.multiply(impulse, 130);
    expectClose(new RandomSharpness([0, 0], f64).apply(x) as Tensor, [10, 10, 10, 10, 50, 10, 10, 10, 10], 1e-12, 1e-9);
    expectClose(new RandomSharpness([0.5, 0.5], f64).apply(x) as Tensor, flat(x), 1e-12, 1e-9);
    // Sharpened: x - (smooth - x) = 2x - smooth, clipped at 0.
    expectClose(new RandomSharpness([1, 1], f64).apply(x) as Tensor, [0, 0, 0, 0, 210, 0, 0, 0, 0], 1e-12, 1e-9);
    const layer = new RandomSharpness(0.4, { seed: 1 });
    expect(layer.getConfig()).toMatchObject({ factor: [0, 0.4], value_range: [0, 255], seed: 1 });
    expect(RandomSharpness.fromConfig(layer.getConfig()).getConfig()).toEqual(layer.getConfig());
  });
});

describe("RandomPosterization", () => {
  it("contract harness", () => contract(RandomPosterization, [4]));

  it("keeps the top bits of each 8-bit value", () => {
    const x = new Tensor(new Float64Array([255, 100, 15, 16, 200.7, 0]), [1, 1, 2, 3], "float64");
    expectClose(new RandomPosterization([4, 4], f64).apply(x) as Tensor, [240, 96, 0, 16, 192, 0], 0, 1e-12);
    expectClose(new RandomPosterization([1, 1], f64).apply(x) as Tensor, [128, 0, 0, 0, 128, 0], 0, 1e-12);
    // In [0, 1]: mapped to [0, 255] and back.
    const unit = new RandomPosterization([2, 2], { valueRange: [0, 1], ...f64 }).apply(ops.divide(x, 255)) as Tensor;
    expectClose(unit, [192, 64, 0, 0, 192, 0].map((v) => v / 255), 1e-12, 1e-12);
  });

  it("draws the bits in [lower, upper); config; errors", () => {
    const x = ops.full([30, 1, 1, 1], 255, "float64");
    const y = new RandomPosterization([2, 5], { seed: 3, ...f64 }).apply(x) as Tensor;
    const kept = new Set(flat(y));
    expect(kept).toEqual(new Set([192, 224, 240])); // 2, 3 or 4 bits of 255
    const layer = new RandomPosterization(6);
    expect(layer.getConfig()).toMatchObject({ factor: [1, 6], value_range: [0, 255] });
    expect(RandomPosterization.fromConfig(layer.getConfig()).getConfig()).toEqual(layer.getConfig());
    expect(() => new RandomPosterization(9)).toThrow(/RandomPosterization.*\[1, 8\]/);
  });
});

describe("RandomColorJitter", () => {
  it("contract harness", () => {
    contract(RandomColorJitter, [], { brightnessFactor: 0.2, contrastFactor: 0.3, saturationFactor: 0.4, hueFactor: 0.1 });
    contract(RandomColorJitter, [], {});
  });

  it("applies the configured steps in order with fixed factors", () => {
    const y = new RandomColorJitter({ brightnessFactor: [0.1, 0.1], hueFactor: [1, 1], ...f64 }).apply(rgb()) as Tensor;
    const brightened = PIXELS.map((p) => p.map((v) => Math.min(255, v + 25.5)));
    expectClose(y, brightened.flatMap((p) => p.map((v) => Math.max(...p) + Math.min(...p) - v)), 1e-9, 1e-7);
    expect(same(new RandomColorJitter({ brightnessFactor: 0.5, ...f64 }).apply(rgb(), { training: false }) as Tensor, rgb())).toBe(true);
    expect(same(new RandomColorJitter(f64).apply(rgb()) as Tensor, rgb())).toBe(true);
  });

  it("draws from its own seed generator: seeded layers reproduce, sublayer draws differ", () => {
    const x = ops.full([4, 2, 2, 3], 100, "float64");
    const make = () => new RandomColorJitter({ brightnessFactor: 0.3, contrastFactor: [-0.5, 0.5], seed: 8, ...f64 });
    expect(same(make().apply(x) as Tensor, make().apply(x) as Tensor)).toBe(true);
    const layer = make();
    expect(layer.getConfig()).toMatchObject({ value_range: [0, 255], brightness_factor: 0.3, contrast_factor: [-0.5, 0.5], saturation_factor: null, hue_factor: null, seed: 8 });
    expect(RandomColorJitter.fromConfig(layer.getConfig()).getConfig()).toEqual(layer.getConfig());
  });
});

describe("Solarization", () => {
  it("contract harness", () => contract(Solarization, []));

  it("inverts every pixel by default; thresholds keep the dark pixels", () => {
    expectClose(new Solarization(f64).apply(rgb()) as Tensor, PIXELS.flat().map((v) => 255 - v), 0, 1e-12);
    expectClose(new Solarization({ valueRange: [0, 1], ...f64 }).apply(ops.divide(rgb(), 255)) as Tensor, PIXELS.flat().map((v) => 1 - v / 255), 1e-12, 1e-12);
    // Threshold drawn from [1, 255): 0 always stays, 255 always inverts.
    const y = new Solarization({ thresholdFactor: [1, 1], seed: 2, ...f64 }).apply(new Tensor(new Float64Array([0, 255, 0, 255]), [4, 1, 1, 1], "float64")) as Tensor;
    expect(flat(y)).toEqual([0, 0, 0, 0]);
    expect(same(new Solarization(f64).apply(rgb(), { training: false }) as Tensor, rgb())).toBe(true);
  });

  it("config and errors", () => {
    const layer = new Solarization({ additionFactor: 0.2, thresholdFactor: [0.1, 0.5], seed: 3 });
    expect(layer.getConfig()).toMatchObject({ value_range: [0, 255], addition_factor: [0, 0.2], threshold_factor: [0.1, 0.5], seed: 3 });
    expect(Solarization.fromConfig(layer.getConfig()).getConfig()).toEqual(layer.getConfig());
    expect(() => new Solarization({ additionFactor: 1.5 })).toThrow(/Solarization: The `addition_factor` and `threshold_factor` arguments should be.*\[0, 1\]/);
    expect(() => new Solarization({ thresholdFactor: [0.1, 0.2, 0.3] })).toThrow(/threshold_factor=/);
  });
});

describe("AutoContrast", () => {
  it("contract harness", () => contract(AutoContrast, []));

  it("stretches each channel of each image to the value range, in training and inference", () => {
    const x = new Tensor(new Float64Array([50, 7, 60, 100, 7, 80]), [1, 1, 2, 3], "float64");
    const expected = [0, 7, 0, 255, 7, 255]; // channel 1 is constant: kept as it is
    for (const training of [true, false]) expectClose(new AutoContrast(f64).apply(x, { training }) as Tensor, expected, 0, 1e-9);
    const unit = new AutoContrast({ valueRange: [0, 1], ...f64 }).apply(ops.divide(x, 255)) as Tensor;
    expectClose(unit, [0, 7 / 255, 0, 1, 7 / 255, 1], 1e-9, 1e-12);
    expect(new AutoContrast().getConfig()).toMatchObject({ value_range: [0, 255] });
  });
});

describe("Equalization", () => {
  it("contract harness", () => contract(Equalization, []));

  it("maps each value to its rescaled cumulative count, per channel over the batch", () => {
    const x = new Tensor(new Float64Array([0, 5, 64, 5, 128, 5, 255, 9]), [2, 1, 2, 2], "float64");
    // Channel 0 holds 0, 64, 128, 255 once each: cdf 1, 2, 3, 4 -> (cdf - 1) * 255 / 3.
    // Channel 1 holds 5, 5, 5, 9: cdf 3 then 4 -> 0 and 255.
    expectClose(new Equalization(f64).apply(x) as Tensor, [0, 0, 85, 0, 170, 0, 255, 255], 0, 1e-9);
    // One occupied bin: left alone.
    const flatImage = ops.full([1, 2, 2, 1], 77, "float64");
    expectClose(new Equalization(f64).apply(flatImage) as Tensor, [77, 77, 77, 77], 0, 0);
    // Fewer bins: 0 and 64 share bin 0 of 4 (64 * 3 / 255 < 1).
    const coarse = new Equalization({ bins: 4, ...f64 }).apply(ops.slice(x, [0, 0, 0, 0], [2, 1, 2, 1])) as Tensor;
    expectClose(coarse, [0, 0, 128, 255], 0, 1e-9);
    const layer = new Equalization({ valueRange: [0, 1], bins: 128 });
    expect(layer.getConfig()).toMatchObject({ bins: 128, value_range: [0, 1] });
    expect(Equalization.fromConfig(layer.getConfig()).getConfig()).toEqual(layer.getConfig());
    expect(() => new Equalization({ bins: 0 })).toThrow(/Equalization.*bins/);
  });
});

describe("image preprocessing base config", () => {
  it("holds data_format right after the Layer keys (Keras's BaseImagePreprocessingLayer.get_config), and round-trips channels_first", () => {
    const grey = new RandomGrayscale(0.3, { dataFormat: "channels_first", name: "g" });
    expect(Object.keys(grey.getConfig())).toEqual(["name", "trainable", "dtype", "data_format", "factor"]);
    expect(RandomGrayscale.fromConfig(grey.getConfig()).getConfig().data_format).toBe("channels_first");
    const contrast = new RandomContrast(0.2, { name: "c" });
    expect(Object.keys(contrast.getConfig()).slice(0, 4)).toEqual(["name", "trainable", "dtype", "data_format"]);
    expect(contrast.getConfig().data_format).toBe("channels_last");
  });
});
