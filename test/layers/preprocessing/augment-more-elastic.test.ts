/** ops.image.elasticTransform (displacement resampling) and RandomElasticTransform. */
import { describe, expect, it } from "vitest";
import { ops, random, Tensor } from "../../../src/index.js";
import { RandomElasticTransform } from "../../../src/layers/preprocessing/index.js";
import { displaceImages, elasticDisplacement } from "../../../src/ops/image/elastic-transform.js";
import type { SampleOptions } from "../../../src/ops/image/sampling.js";
import { checkGradients, expectClose, randomTensor } from "../../utils/gradcheck.js";
import { runLayerTest } from "../../utils/layer-test.js";

const f64 = (data: number[], shape: number[]) => new Tensor(new Float64Array(data), shape, "float64");
const full = (shape: number[], v: number) => ops.full(shape, v, "float64");
const same = (a: Tensor, b: Tensor) => JSON.stringify(a.toArray()) === JSON.stringify(b.toArray());
const bilinear = (fillMode: SampleOptions["fillMode"], fillValue = 0): SampleOptions => ({ interpolation: "bilinear", fillMode, fillValue });

/** One 2x3 single-channel image: 1 2 3 / 4 5 6. */
const img = () => f64([1, 2, 3, 4, 5, 6], [1, 2, 3, 1]);

describe("displaceImages (the resampling of elasticTransform)", () => {
  it("a zero field is the identity; constant fields shift by hand-computed amounts", () => {
    const zero = { dx: full([1, 2, 3], 0), dy: full([1, 2, 3], 0) };
    expectClose(displaceImages(img(), zero, bilinear("reflect")), [1, 2, 3, 4, 5, 6], 0, 0);
    // dx = 1: output (x, y) reads input (x + 1, y); past the right edge "reflect" repeats the edge pixel.
    const right = { dx: full([1, 2, 3], 1), dy: full([1, 2, 3], 0) };
    expectClose(displaceImages(img(), right, bilinear("reflect")), [2, 3, 3, 5, 6, 6], 0, 1e-12);
    expectClose(displaceImages(img(), right, bilinear("wrap")), [2, 3, 1, 5, 6, 4], 0, 1e-12);
    expectClose(displaceImages(img(), right, bilinear("constant", -1)), [2, 3, -1, 5, 6, -1], 0, 1e-12);
    // dx = 0.5, dy = 0.25: the bilinear blend of the four neighbours.
    const half = { dx: full([1, 2, 3], 0.5), dy: full([1, 2, 3], 0.25) };
    const at = (y: number, x: number) => [[1, 2, 3], [4, 5, 6]][Math.min(1, y)][Math.min(2, x)]; // "nearest" extension
    const expected: number[] = [];
    for (let y = 0; y < 2; y++) {
      for (let x = 0; x < 3; x++) {
        expected.push(0.75 * (0.5 * at(y, x) + 0.5 * at(y, x + 1)) + 0.25 * (0.5 * at(y + 1, x) + 0.5 * at(y + 1, x + 1)));
      }
    }
    expectClose(displaceImages(img(), half, bilinear("nearest")), expected, 0, 1e-12);
    // Nearest rounds the position half up: x + 0.5 reads x + 1.
    expectClose(displaceImages(img(), half, { ...bilinear("reflect"), interpolation: "nearest" }), [2, 3, 3, 5, 6, 6], 0, 0);
  });

  it("each pixel follows its own displacement; all channels share it", () => {
    const x = f64([1, 10, 2, 20, 3, 30, 4, 40, 5, 50, 6, 60], [1, 2, 3, 2]);
    const field = { dx: f64([2, 0, -2, 0, 0, 0], [1, 2, 3]), dy: f64([1, 0, 0, -1, 0, 0], [1, 2, 3]) };
    // (0,0) reads (x 2, y 1) = 6; (0,2) reads (x 0, y 0) = 1; (1,0) reads (x 0, y 0) = 1.
    expectClose(displaceImages(x, field, bilinear("constant")), [6, 60, 2, 20, 1, 10, 1, 10, 5, 50, 6, 60], 0, 1e-12);
  });

  it("gradients reach the images and the displacement fields (float64 finite differences)", () => {
    for (const fillMode of ["reflect", "constant", "wrap", "nearest", "mirror"] as const) {
      const shape = [2, 3, 4];
      checkGradients(
        (x, dx, dy) => displaceImages(x, { dx, dy }, bilinear(fillMode, 0.5)),
        [randomTensor([2, 3, 4, 2], 3), randomTensor(shape, 4, -1.3, 1.3), randomTensor(shape, 5, -1.3, 1.3)],
        { maxEntries: 24 },
      );
    }
    // Size-1 dims and one channel.
    checkGradients((x, dx) => displaceImages(x, { dx, dy: full([1, 1, 5], 0.3) }, bilinear("reflect")), [randomTensor([1, 1, 5, 1], 6), randomTensor([1, 1, 5], 7)]);
  });
});

describe("ops.image.elasticTransform", () => {
  it("the field is N(0, 1) * sigma blurred (kernel int(6 sigma) | 1) times alpha", () => {
    // sigma 0.1: kernel size int(0.6) | 1 = 1, so the blur is the identity and the field is the scaled draw.
    const { dx, dy } = elasticDisplacement(2, 3, 4, 7, 0.1, 42, "float64");
    const noise = random.normal([4, 3, 4, 1], { dtype: "float64", seed: 42 });
    expectClose(dx, Array.from(noise.data.slice(0, 24)).map((v) => v * 0.1 * 7), 1e-12, 1e-12);
    expectClose(dy, Array.from(noise.data.slice(24)).map((v) => v * 0.1 * 7), 1e-12, 1e-12);
    // sigma 1: a 7-tap blur smooths the field (smaller spread than the raw draw).
    const smooth = elasticDisplacement(1, 16, 16, 1, 1, 3, "float64").dx;
    const variance = (t: Tensor) => (ops.var(t).item() as number);
    expect(variance(smooth)).toBeLessThan(0.5);
  });

  it("alpha 0 is the identity; seeds reproduce; layouts and ranks agree", () => {
    const x = randomTensor([2, 6, 5, 3], 1, 0, 1);
    expectClose(ops.image.elasticTransform(x, { alpha: 0, sigma: 2, seed: 1 }), Array.from(x.data), 0, 1e-12);
    const a = ops.image.elasticTransform(x, { alpha: 3, sigma: 1, seed: 9 });
    expect(same(a, ops.image.elasticTransform(x, { alpha: 3, sigma: 1, seed: 9 }))).toBe(true);
    expect(same(a, x)).toBe(false);
    const cf = ops.image.elasticTransform(ops.transpose(x, [0, 3, 1, 2]), { alpha: 3, sigma: 1, seed: 9, dataFormat: "channels_first" });
    expect(same(ops.transpose(cf, [0, 2, 3, 1]), a)).toBe(true);
    const one = ops.image.elasticTransform(ops.take(x, [0], 0), { alpha: 3, sigma: 1, seed: 9 });
    expect(ops.image.elasticTransform(ops.squeeze(ops.take(x, [0], 0), 0), { alpha: 3, sigma: 1, seed: 9 }).shape).toEqual([6, 5, 3]);
    expect(one.shape).toEqual([1, 6, 5, 3]);
    // Positional arguments in Keras's order, float32 in, float32 out.
    expect(ops.image.elasticTransform(ops.ones([4, 4, 1]), 5, 1, "nearest", "constant", 0, 3).dtype).toBe("float32");
  });

  it("is differentiable in the images", () => {
    checkGradients((x) => ops.image.elasticTransform(x, { alpha: 2, sigma: 0.5, seed: 4 }), [randomTensor([1, 4, 5, 2], 8)], { maxEntries: 20 });
  });

  it("errors name the op", () => {
    expect(() => ops.image.elasticTransform(ops.ones([4, 4]))).toThrow(/elasticTransform: Invalid images rank/);
    expect(() => ops.image.elasticTransform(ops.ones([4, 4, 1]), { fillMode: "edge" })).toThrow(/elasticTransform: Invalid value for argument `fill_mode`/);
    expect(() => ops.image.elasticTransform(ops.ones([4, 4, 1]), { interpolation: "cubic" })).toThrow(/elasticTransform: Invalid value for argument `interpolation`/);
    expect(() => ops.image.elasticTransform(ops.ones([4, 4, 1]), { sigma: 0 })).toThrow(/elasticTransform: `sigma` must be positive/);
  });
});

describe("RandomElasticTransform", () => {
  it("contract harness", () => {
    runLayerTest({
      layerCls: RandomElasticTransform, initKwargs: { factor: 1.0, scale: 0.5, seed: 1 }, inputShape: [8, 3, 4, 3], expectedOutputShape: [8, 3, 4, 3],
    });
  });

  it("inference, factor 0 and scale 0 leave the images as they are", () => {
    const x = randomTensor([2, 8, 8, 1], 2, 0, 255);
    for (const layer of [new RandomElasticTransform({ seed: 1, dtype: "float64" }), new RandomElasticTransform({ factor: 0, dtype: "float64" }), new RandomElasticTransform({ scale: 0, dtype: "float64" })]) {
      const training = layer.factor[1] === 0 || layer.scale[1] === 0;
      expect(same(layer.apply(x, { training }) as Tensor, x)).toBe(true);
    }
  });

  it("deforms only the images drawn to be, with the drawn field; clips to value_range; masks follow", () => {
    const layer = new RandomElasticTransform({ valueRange: [0, 1], seed: 5, dtype: "float64" });
    const x = randomTensor([2, 8, 8, 1], 3, -0.2, 1.2);
    const t = layer.getRandomTransformation(x, true)!;
    expect(t.distortionFactor >= 0 && t.distortionFactor < 1).toBe(true);
    t.applyTransform = new Tensor(new Uint8Array([1, 0]), [2], "bool");
    const y = layer.transformImages(x, t, true);
    const moved = displaceImages(x, t.field, bilinear("reflect"));
    const clip01 = (v: number) => Math.min(1, Math.max(0, v));
    expectClose(ops.take(y, [0], 0), Array.from(moved.data.slice(0, 64)).map(clip01), 0, 1e-12);
    expectClose(ops.take(y, [1], 0), Array.from(x.data.slice(64)).map(clip01), 0, 1e-12);
    const masks = ops.cast(ops.reshape(ops.mod(ops.arange(0, 128, 1), 3), [2, 8, 8, 1]), "int32");
    const m = layer.transformSegmentationMasks(masks, t, true);
    const nearest = displaceImages(ops.cast(masks, "float64"), t.field, { ...bilinear("reflect"), interpolation: "nearest" });
    expect(Array.from(m.data.slice(0, 64))).toEqual(Array.from(nearest.data.slice(0, 64)).map(clip01));
    expect(Array.from(m.data.slice(64))).toEqual(Array.from(masks.data.slice(64)).map(clip01));
  });

  it("the probability of deforming an image follows factor; seeds reproduce", () => {
    const x = randomTensor([40, 4, 4, 1], 4, 0, 255);
    const changed = (y: Tensor) => [...Array(40).keys()].filter((i) => !same(ops.take(y, [i], 0), ops.take(x, [i], 0))).length;
    const y = new RandomElasticTransform({ factor: [0.5, 0.5], seed: 7, dtype: "float64" }).apply(x) as Tensor;
    const n = changed(y);
    expect(n).toBeGreaterThan(8);
    expect(n).toBeLessThan(32);
    // factor 1 means [0, 1] (a probability drawn per image); [1, 1] deforms every image.
    expect(changed(new RandomElasticTransform({ factor: [1, 1], seed: 7, dtype: "float64" }).apply(x) as Tensor)).toBe(40);
    expect(same(new RandomElasticTransform({ factor: [0.5, 0.5], seed: 7, dtype: "float64" }).apply(x) as Tensor, y)).toBe(true);
  });

  it("config round trip with Keras's keys; errors name the layer", () => {
    const layer = new RandomElasticTransform({ factor: 0.7, scale: [0.2, 0.4], interpolation: "nearest", fillMode: "constant", fillValue: 3, valueRange: [0, 1], seed: 2 });
    expect(layer.getConfig()).toMatchObject({
      factor: [0, 0.7], scale: [0.2, 0.4], interpolation: "nearest", fill_mode: "constant", fill_value: 3, value_range: [0, 1], seed: 2, data_format: "channels_last",
    });
    expect(RandomElasticTransform.fromConfig(layer.getConfig()).getConfig()).toEqual(layer.getConfig());
    expect(() => new RandomElasticTransform({ factor: 2 })).toThrow(/RandomElasticTransform: The `factor` argument should be a number \(or a list of two numbers\) in the range \[0, 1\]/);
    expect(() => new RandomElasticTransform({ scale: [0.1, 0.2, 0.3] })).toThrow(/RandomElasticTransform: The `scale` argument/);
    expect(() => new RandomElasticTransform({ interpolation: "cubic" })).toThrow(/RandomElasticTransform: Unknown `interpolation` cubic/);
    expect(() => new RandomElasticTransform({ fillMode: "edge" })).toThrow(/RandomElasticTransform: Unknown `fill_mode` edge/);
  });
});

describe("elasticDisplacement's separable blur", () => {
  it("equals the full 2-D Gaussian blur Keras applies (zero padding)", () => {
    const sigma = 0.9; // kernel int(5.4) | 1 = 5
    const { dx, dy } = elasticDisplacement(2, 7, 6, 3, sigma, 13, "float64");
    const noise = ops.multiply(random.normal([4, 7, 6, 1], { dtype: "float64", seed: 13 }), sigma);
    const full2d = ops.multiply(ops.image.gaussianBlur(noise, { kernelSize: [5, 5], sigma: [sigma, sigma] }), 3);
    expectClose(ops.concatenate([dx, dy], 0), Array.from(full2d.data), 1e-12, 1e-12);
  });
});
