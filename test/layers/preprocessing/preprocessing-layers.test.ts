/**
 * Preprocessing layers: the contract harness per configuration, hand-computed
 * values and identities, adapt, float64 finite-difference gradients, configs
 * and Keras's errors. The Keras fixtures are in preprocessing-fixtures.test.ts.
 */
import { describe, expect, it } from "vitest";
import { Input, layers, ops, Tensor } from "../../../src/index.js";
import {
  CategoryEncoding, CenterCrop, Discretization, Normalization, Rescaling, Resizing,
} from "../../../src/layers/preprocessing/index.js";
import { nearestIndices, resizeTaps } from "../../../src/layers/preprocessing/image-resize.js";
import { randomTensor } from "../../utils/gradcheck.js";
import { runLayerTest } from "../../utils/layer-test.js";
import { checkLayerGradients } from "../layer-gradcheck.js";

const t = (v: unknown, dtype = "float32") => ops.convertToTensor(v as never, dtype);
const arr = (x: unknown) => (x as Tensor).toArray();
const close = (x: unknown, expected: unknown, digits = 5) => {
  const a = (x as Tensor).toArray() as unknown;
  const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v as number]);
  const fa = flat(a);
  const fe = flat(expected);
  expect(fa.length).toBe(fe.length);
  fa.forEach((v, i) => expect(v, `entry ${i}`).toBeCloseTo(fe[i], digits));
};

describe("contract harness", () => {
  it("Normalization with given statistics (no weights) and adapt-mode weights", () => {
    runLayerTest({
      layerCls: Normalization, initKwargs: { mean: [0.5, -1, 2], variance: [4, 0.25, 1] }, inputShape: [2, 3],
      expectedOutputShape: [2, 3], expectedNumTrainableWeights: 0, expectedNumNonTrainableWeights: 0, supportsMasking: true,
    });
    runLayerTest({
      layerCls: Normalization, initKwargs: { axis: [1, -1] }, inputShape: [2, 3, 4],
      expectedOutputShape: [2, 3, 4], expectedNumTrainableWeights: 0, expectedNumNonTrainableWeights: 3, supportsMasking: true,
    });
    runLayerTest({
      layerCls: Normalization, initKwargs: { axis: null, invert: true }, inputShape: [2, 5],
      expectedOutputShape: [2, 5], expectedNumNonTrainableWeights: 3,
    });
  });

  it("Rescaling", () => {
    runLayerTest({ layerCls: Rescaling, initArgs: [1 / 255], initKwargs: { offset: -0.5 }, inputShape: [2, 3, 3, 2], expectedOutputShape: [2, 3, 3, 2], supportsMasking: true });
    runLayerTest({ layerCls: Rescaling, initArgs: [[1, 2, 3], [0, 0, 1]], initKwargs: {}, inputShape: [2, 2, 3], expectedOutputShape: [2, 2, 3] });
  });

  it("Resizing in several configurations", () => {
    for (const interpolation of ["bilinear", "nearest", "bicubic", "lanczos3", "lanczos5"]) {
      runLayerTest({ layerCls: Resizing, initArgs: [3, 7], initKwargs: { interpolation }, inputShape: [2, 5, 4, 2], expectedOutputShape: [2, 3, 7, 2] });
    }
    runLayerTest({ layerCls: Resizing, initArgs: [4, 2], initKwargs: { dataFormat: "channels_first", antialias: true }, inputShape: [1, 3, 8, 8], expectedOutputShape: [1, 3, 4, 2] });
    runLayerTest({ layerCls: Resizing, initArgs: [4, 4], initKwargs: { padToAspectRatio: true, fillValue: 1 }, inputShape: [1, 2, 6, 1], expectedOutputShape: [1, 4, 4, 1] });
    runLayerTest({ layerCls: Resizing, initArgs: [6, 3], initKwargs: {}, inputShape: [4, 5, 3], expectedOutputShape: [6, 3, 3] });
  });

  it("CenterCrop (crop and smart-resize paths)", () => {
    runLayerTest({ layerCls: CenterCrop, initArgs: [2, 3], initKwargs: {}, inputShape: [2, 5, 4, 2], expectedOutputShape: [2, 2, 3, 2] });
    runLayerTest({ layerCls: CenterCrop, initArgs: [6, 3], initKwargs: {}, inputShape: [2, 4, 4, 1], expectedOutputShape: [2, 6, 3, 1] });
    runLayerTest({ layerCls: CenterCrop, initArgs: [2, 2], initKwargs: { dataFormat: "channels_first" }, inputShape: [3, 4, 5], expectedOutputShape: [3, 2, 2] });
  });

  it("CategoryEncoding and Discretization", () => {
    const ids = t([[0, 1, 3], [2, 2, 4]], "int32");
    for (const outputMode of ["one_hot", "multi_hot", "count"]) {
      runLayerTest({
        layerCls: CategoryEncoding, initArgs: [5], initKwargs: { outputMode }, inputData: ids,
        expectedOutputShape: outputMode === "one_hot" ? [2, 3, 5] : [2, 5], expectedOutputDtype: "float32",
      });
    }
    runLayerTest({
      layerCls: Discretization, initKwargs: { binBoundaries: [0, 1] }, inputShape: [3, 4],
      expectedOutputShape: [3, 4], expectedOutputDtype: "int32",
    });
    runLayerTest({
      layerCls: Discretization, initKwargs: { binBoundaries: [0, 1], outputMode: "one_hot" }, inputShape: [3, 4],
      expectedOutputShape: [3, 4, 3], expectedOutputDtype: "float32",
    });
  });
});

describe("Normalization", () => {
  it("computes (x - mean) / max(sqrt(variance), 1e-7) and its inverse", () => {
    const x = t([[1, 2], [3, 4]]);
    const layer = new Normalization({ mean: [2, 3], variance: [4, 0] });
    close(layer.apply(x), [[-0.5, -1e7], [0.5, 1e7]], 0);
    close(layer.apply(x), [[-0.5, -1e7], [0.5, 1e7]].map((r) => r.map((v) => v / 1)), 5);
    const inverse = new Normalization({ mean: [2, 3], variance: [4, 1], invert: true });
    const forward = new Normalization({ mean: [2, 3], variance: [4, 1] });
    close(inverse.apply(forward.apply(x)), [[1, 2], [3, 4]]);
    close(inverse.apply(t([[0, 1]])), [[2, 4]]);
  });

  it("broadcasts a scalar statistic and keeps several axes", () => {
    close(new Normalization({ axis: null, mean: 1, variance: 4 }).apply(t([[1, 3], [5, -1]])), [[0, 1], [2, -1]]);
    const layer = new Normalization({ axis: [1, 2], mean: [[0, 1], [2, 3]], variance: [[1, 1], [4, 4]] });
    close(layer.apply(t([[[1, 1], [2, 3]]])), [[[1, 0], [0, 0]]]);
  });

  it("adapt: mean and population variance per kept index; batches merge to the same statistics", () => {
    const layer = new Normalization();
    layer.adapt([[1, 10], [2, 20], [3, 30], [4, 40]]);
    close(layer.adaptMean!.value, [2.5, 25]);
    close(layer.adaptVariance!.value, [1.25, 125], 4);
    expect(layer.count!.dtype).toBe("int32");
    close(layer.apply(t([[2.5, 25]])), [[0, 0]]);

    const data = randomTensor([10, 3], 3, -2, 5);
    const whole = new Normalization();
    whole.adapt(ops.cast(data, "float32"));
    const batched = new Normalization();
    batched.adapt([ops.slice(data, [0, 0], [4, 3]), ops.slice(data, [4, 0], [3, 3]), ops.slice(data, [7, 0], [3, 3])]);
    close(batched.adaptMean!.value, arr(whole.adaptMean!.value));
    close(batched.adaptVariance!.value, arr(whole.adaptVariance!.value));

    const all = new Normalization({ axis: null });
    all.adapt([[1, 2], [3, 4]]);
    expect(all.adaptMean!.shape).toEqual([]);
    close(all.adaptMean!.value, 2.5);
    close(all.adaptVariance!.value, 1.25);
  });

  it("float64 gradients (given statistics, adapted statistics, invert)", () => {
    const x = randomTensor([3, 4], 5);
    checkLayerGradients(new Normalization({ mean: [0, 1, 2, 3], variance: [1, 2, 0.5, 4], dtype: "float64" }), x);
    checkLayerGradients(new Normalization({ axis: null, mean: 0.3, variance: 2, invert: true, dtype: "float64" }), x);
    const adapted = new Normalization({ axis: 0, dtype: "float64" });
    adapted.adapt(randomTensor([3, 4], 6));
    checkLayerGradients(adapted, x);
  });

  it("config round trip and Keras's errors", () => {
    const layer = new Normalization({ axis: [-1], mean: [1, 2], variance: [3, 4] });
    const config = layer.getConfig();
    expect(config).toMatchObject({ axis: [-1], invert: false, mean: [1, 2], variance: [3, 4] });
    expect(Normalization.fromConfig(config).getConfig()).toEqual(config);
    expect(() => new Normalization({ mean: [1] })).toThrow(/both `mean` and `variance` must be set/);
    expect(() => new Normalization({ axis: 3 }).build([2, 3])).toThrow(/range \[-ndim, ndim\)/);
    expect(() => new Normalization({ axis: 1 }).build([2, null])).toThrow(/must have a known shape/);
    expect(() => new Normalization({ mean: [1], variance: [1] }).adapt([[1]])).toThrow(/cannot adapt/);
    const built = new Normalization();
    built.build([null, 3]);
    expect(() => built.adapt([[1, 2]])).toThrow(/incompatible shape/);
    expect(() => new Normalization({ bogus: 1 } as never)).toThrow(/Unrecognized keyword arguments/);
  });
});

describe("Rescaling", () => {
  it("x * scale + offset in the compute dtype, also for integer images", () => {
    close(new Rescaling(1 / 127.5, { offset: -1 }).apply(t([0, 127.5, 255])), [-1, 0, 1]);
    const out = new Rescaling(0.5).apply(t([[2, 4]], "int32")) as Tensor;
    expect(out.dtype).toBe("float32");
    close(out, [[1, 2]]);
    close(new Rescaling([1, 10], [0, 1]).apply(t([[1, 1], [2, 2]])), [[1, 11], [2, 21]]);
  });

  it("float64 gradients and config", () => {
    checkLayerGradients(new Rescaling(0.25, { offset: 3, dtype: "float64" }), randomTensor([2, 3], 2));
    const layer = new Rescaling(2, -1);
    expect(layer.getConfig()).toMatchObject({ scale: 2, offset: -1 });
    expect(Rescaling.fromConfig(layer.getConfig()).getConfig()).toEqual(layer.getConfig());
    expect(() => new Rescaling("a" as never)).toThrow(/`scale` must be a number/);
  });
});

describe("Resizing", () => {
  const row = (values: number[]) => t([[values.map((v) => [v])]]); // (1, 1, w, 1)
  const col = (values: number[]) => t([values.map((v) => [[v]])]); // (1, h, 1, 1)

  it("bilinear: half-pixel centres, edge taps renormalised", () => {
    close(new Resizing(1, 4).apply(row([0, 1])), [[[[0], [0.25], [0.75], [1]]]]);
    close(new Resizing(1, 2).apply(row([0, 1, 2, 3])), [[[[0.5], [2.5]]]]);
    close(new Resizing(2, 1).apply(col([0, 1, 2, 3])), [[[[0.5]], [[2.5]]]]);
  });

  it("nearest picks floor((i + 0.5) * in / out)", () => {
    expect(Array.from(nearestIndices(4, 3))).toEqual([0, 2, 3]);
    expect(Array.from(nearestIndices(2, 5))).toEqual([0, 0, 1, 1, 1]);
    close(new Resizing(1, 3, { interpolation: "nearest" }).apply(row([10, 11, 12, 13])), [[[[10], [12], [13]]]]);
  });

  it("bicubic (Keys, a = -0.5) reproduces quadratics away from the borders; its weights sum to 1", () => {
    const xs = [0, 1, 2, 3, 4, 5, 6, 7];
    const out = arr(new Resizing(1, 16, { interpolation: "bicubic" }).apply(row(xs.map((x) => x * x)))) as number[][][][];
    for (let i = 6; i <= 9; i++) {
      const s = (i + 0.5) / 2 - 0.5;
      expect(out[0][0][i][0]).toBeCloseTo(s * s, 4);
    }
    const { taps, weights } = resizeTaps(8, 16, "bicubic", false);
    for (let i = 0; i < 16; i++) {
      let total = 0;
      for (let k = 0; k < taps; k++) total += weights[i * taps + k];
      expect(total).toBeCloseTo(1, 12);
    }
    // The half-way sample: Keys weights -1/16, 9/16, 9/16, -1/16.
    const mid = resizeTaps(4, 1, "bicubic", false);
    expect(Array.from(mid.weights).sort()).toEqual([-0.0625, -0.0625, 0.5625, 0.5625].sort());
  });

  it("antialias stretches the kernel when downsampling", () => {
    close(new Resizing(1, 2, { antialias: true }).apply(row([0, 1, 2, 3])), [[[[1.25 / 1.75], [4 / 1.75]]]]);
    // Upsampling is unaffected.
    close(new Resizing(1, 4, { antialias: true }).apply(row([0, 1])), [[[[0], [0.25], [0.75], [1]]]]);
  });

  it("pad_to_aspect_ratio pads with fill_value around the centre; crop_to_aspect_ratio crops the centre", () => {
    const image = t([[[[1], [2], [3], [4]], [[5], [6], [7], [8]]]]); // (1, 2, 4, 1)
    close(new Resizing(4, 4, { padToAspectRatio: true, fillValue: 9 }).apply(image), [[
      [[9], [9], [9], [9]], [[1], [2], [3], [4]], [[5], [6], [7], [8]], [[9], [9], [9], [9]],
    ]]);
    close(new Resizing(2, 2, { cropToAspectRatio: true, interpolation: "nearest" }).apply(image), [[[[2], [3]], [[6], [7]]]]);
  });

  it("channels_first, single images, and integer images (rounded back to int32)", () => {
    const nhwc = randomTensor([2, 3, 5, 2], 4);
    const nchw = ops.transpose(nhwc, [0, 3, 1, 2]);
    const a = new Resizing(4, 3, { dtype: "float64" }).apply(nhwc) as Tensor;
    const b = new Resizing(4, 3, { dtype: "float64", dataFormat: "channels_first" }).apply(nchw) as Tensor;
    close(ops.transpose(b, [0, 2, 3, 1]), arr(a), 12);
    close(new Resizing(4, 3, { dtype: "float64" }).apply(ops.slice(nhwc, [1, 0, 0, 0], [1, 3, 5, 2])), arr(ops.slice(a, [1, 0, 0, 0], [1, 4, 3, 2])), 12);
    const ints = new Resizing(1, 4).apply(t([[[[0], [10]]]], "int32")) as Tensor;
    expect(ints.dtype).toBe("int32");
    expect(arr(ints)).toEqual([[[[0], [2], [8], [10]]]]); // 2.5 and 7.5 round half to even, as numpy does
  });

  it("symbolic shapes with unknown spatial sizes", () => {
    const y = new Resizing(3, 7).apply(Input({ shape: [null, null, 3] })) as unknown as { shape: (number | null)[] };
    expect(y.shape).toEqual([null, 3, 7, 3]);
  });

  it("float64 gradients for every interpolation, antialias and padding", () => {
    const x = randomTensor([1, 5, 4, 2], 9);
    for (const interpolation of ["bilinear", "nearest", "bicubic", "lanczos3"]) {
      checkLayerGradients(new Resizing(3, 7, { interpolation, dtype: "float64" }), x);
    }
    checkLayerGradients(new Resizing(2, 2, { antialias: true, dtype: "float64" }), x);
    checkLayerGradients(new Resizing(3, 3, { padToAspectRatio: true, fillValue: 0.5, dtype: "float64" }), x);
    checkLayerGradients(new Resizing(3, 3, { cropToAspectRatio: true, dtype: "float64" }), x);
  });

  it("Keras's errors", () => {
    expect(() => new Resizing(0, 3)).toThrow(/`height` must be a positive integer/);
    expect(() => new Resizing(3, 3, { interpolation: "cubic" })).toThrow(/Invalid value for argument `interpolation`/);
    expect(() => new Resizing(3, 3, { interpolation: "area" })).toThrow(/not supported/);
    expect(() => new Resizing(3, 3, { cropToAspectRatio: true, padToAspectRatio: true })).toThrow(/Only one of/);
    expect(() => new Resizing(3, 3, { fillMode: "reflect" })).toThrow(/fill_mode/);
    expect(() => new Resizing(3, 3).apply(t([[1, 2]]))).toThrow(/rank/);
  });
});

describe("CenterCrop", () => {
  it("crops the centre window (odd margins round down)", () => {
    const x = ops.reshape(ops.arange(25, null, null, "float32"), [1, 5, 5, 1]);
    const out = arr(new CenterCrop(2, 3).apply(x)) as number[][][][];
    expect(out[0].map((r) => r.map((c) => c[0]))).toEqual([[6, 7, 8], [11, 12, 13]]);
    const cf = arr(new CenterCrop(2, 2, { dataFormat: "channels_first" }).apply(ops.reshape(x, [1, 1, 5, 5]))) as number[][][][];
    expect(cf[0][0]).toEqual([[6, 7], [11, 12]]);
  });

  it("a smaller image is resized like Resizing(cropToAspectRatio) (Keras's smart_resize)", () => {
    const x = randomTensor([2, 3, 4, 2], 11);
    const crop = new CenterCrop(5, 5, { dtype: "float64" }).apply(x);
    const resize = new Resizing(5, 5, { cropToAspectRatio: true, dtype: "float64" }).apply(x);
    close(crop, arr(resize), 12);
    checkLayerGradients(new CenterCrop(5, 5, { dtype: "float64" }), x);
    checkLayerGradients(new CenterCrop(2, 3, { dtype: "float64" }), x);
  });

  it("config and errors", () => {
    const layer = new CenterCrop(3, 4);
    expect(layer.getConfig()).toMatchObject({ height: 3, width: 4, data_format: "channels_last" });
    expect(CenterCrop.fromConfig(layer.getConfig()).getConfig()).toEqual(layer.getConfig());
    expect(() => new CenterCrop(3, -1)).toThrow(/`width` must be a positive integer/);
    expect(() => layer.computeOutputShape([2, 3])).toThrow(/rank 4/);
  });
});

describe("CategoryEncoding", () => {
  it("one_hot, multi_hot and count by hand", () => {
    close(new CategoryEncoding(4, { outputMode: "one_hot" }).apply(t([3, 0], "int32")), [[0, 0, 0, 1], [1, 0, 0, 0]]);
    close(new CategoryEncoding(4, { outputMode: "one_hot" }).apply(t([[3], [1]], "int32")), [[0, 0, 0, 1], [0, 1, 0, 0]]);
    close(new CategoryEncoding(4).apply(t([[0, 1, 1], [3, 3, 2]], "int32")), [[1, 1, 0, 0], [0, 0, 1, 1]]);
    close(new CategoryEncoding(4, { outputMode: "binary" }).apply(t([1, 1, 3], "int32")), [0, 1, 0, 1]);
    close(new CategoryEncoding(4, { outputMode: "count" }).apply(t([[0, 1, 1], [3, 3, 2]], "int32")), [[1, 2, 0, 0], [0, 0, 1, 2]]);
    close(new CategoryEncoding(3, { outputMode: "count" }).apply(t(2, "int32")), [0, 0, 1]);
    const weighted = new CategoryEncoding(4, { outputMode: "count" }).apply(t([[0, 1, 1]], "int32"), { countWeights: t([[0.5, 2, 3]]) });
    close(weighted, [[0.5, 5, 0, 0]]);
  });

  it("symbolic shapes follow Keras's compute_output_shape", () => {
    const layer = new CategoryEncoding(6, { outputMode: "one_hot" });
    expect(layer.computeOutputShape([null, 3])).toEqual([null, 3, 6]);
    expect(layer.computeOutputShape([null, 1])).toEqual([null, 6]);
    expect(layer.computeOutputShape([4])).toEqual([4, 6]);
    expect(new CategoryEncoding(6).computeOutputShape([null, 3])).toEqual([null, 6]);
    const y = new CategoryEncoding(6).apply(Input({ shape: [3], dtype: "int32" })) as unknown as { shape: unknown; dtype: string };
    expect(y.shape).toEqual([null, 6]);
    expect(y.dtype).toBe("float32");
  });

  it("Keras's errors", () => {
    expect(() => new CategoryEncoding(null)).toThrow(/num_tokens must be set/);
    expect(() => new CategoryEncoding(0)).toThrow(/`num_tokens` must be >= 1/);
    expect(() => new CategoryEncoding(3, { outputMode: "tf_idf" })).toThrow(/Unknown arg for output_mode/);
    expect(() => new CategoryEncoding(3).apply(t([[1]], "int32"), { countWeights: t([[1]]) })).toThrow(/count_weights/);
    expect(() => new CategoryEncoding(3, { sparse: true })).toThrow(/sparse/);
  });
});

describe("Discretization", () => {
  it("bucket ids: boundaries belong to the upper bin, NaN to the last", () => {
    const layer = new Discretization({ binBoundaries: [0, 1, 2] });
    const out = layer.apply(t([[-1, 0, 0.5, 1, 2, 5, NaN]])) as Tensor;
    expect(out.dtype).toBe("int32");
    expect(arr(out)).toEqual([[0, 1, 1, 2, 3, 3, 3]]);
    // float64 comparison, as numpy does: the float32 nearest to 0.7 is below 0.7.
    expect(arr(new Discretization({ binBoundaries: [0.7] }).apply(t([0.7])))).toEqual([0]);
    expect(arr(new Discretization({ binBoundaries: [] }).apply(t([-5, 5])))).toEqual([0, 0]);
  });

  it("encodes the ids in the other output modes", () => {
    const x = t([[-1, 0.5], [3, 3]]);
    close(new Discretization({ binBoundaries: [0, 1], outputMode: "one_hot" }).apply(x), [[[1, 0, 0], [0, 1, 0]], [[0, 0, 1], [0, 0, 1]]]);
    close(new Discretization({ binBoundaries: [0, 1], outputMode: "multi_hot" }).apply(x), [[1, 1, 0], [0, 0, 1]]);
    close(new Discretization({ binBoundaries: [0, 1], outputMode: "count" }).apply(x), [[1, 1, 0], [0, 0, 2]]);
  });

  it("adapt learns quantile boundaries (Keras's docstring example)", () => {
    const input = [[-1.5, 1.0, 3.4, 0.5], [0.0, 3.0, 1.3, 0.0]];
    const layer = new Discretization({ numBins: 4, epsilon: 0.01 });
    layer.adapt(input);
    close(t(layer.binBoundaries!), [0, 0.5, 1.3]);
    expect(arr(layer.apply(t(input)))).toEqual([[0, 2, 3, 2], [1, 3, 3, 1]]);
    // Adapted configs hold both num_bins and the learned boundaries.
    const config = layer.getConfig();
    expect(config.num_bins).toBe(4);
    expect((Discretization.fromConfig(config) as Discretization).binBoundaries).toEqual(layer.binBoundaries);
    // Many uniform values: boundaries near the true quartiles.
    const many = new Discretization({ numBins: 4 });
    many.adapt([ops.arange(0, 500, 1, "float32"), ops.arange(500, 1000, 1, "float32")]);
    many.binBoundaries!.forEach((b, i) => expect(Math.abs(b - 250 * (i + 1))).toBeLessThan(15));
  });

  it("config matches Keras (float dtype reported for the default int policy) and round-trips", () => {
    const layer = new Discretization({ binBoundaries: [-0.5, 0, 0.5] });
    expect(layer.getConfig()).toEqual({
      bin_boundaries: [-0.5, 0, 0.5], num_bins: null, epsilon: 0.01, output_mode: "int", sparse: false, name: layer.name, dtype: "float32",
    });
    const back = layers.deserialize(layers.serialize(layer) as never) as Discretization;
    expect(back.getConfig()).toEqual(layer.getConfig());
    expect((back.apply(t([0.1])) as Tensor).dtype).toBe("int32");
  });

  it("Keras's errors", () => {
    expect(() => new Discretization()).toThrow(/either `num_bins` or `bin_boundaries`/);
    expect(() => new Discretization({ binBoundaries: [0], numBins: 2 })).toThrow(/should not be set/);
    expect(() => new Discretization({ numBins: -1 })).toThrow(/greater than or equal to 0/);
    expect(() => new Discretization({ binBoundaries: [0], outputMode: "tf_idf" })).toThrow(/output_mode/);
    expect(() => new Discretization({ binBoundaries: [0], sparse: true })).toThrow(/`sparse=True` may only be used/);
    expect(() => new Discretization({ binBoundaries: [1, 0] })).toThrow(/sorted/);
    expect(() => new Discretization({ binBoundaries: [0] }).adapt([1, 2])).toThrow(/Cannot adapt/);
    expect(() => new Discretization({ numBins: 3 }).apply(t([1]))).toThrow(/call `adapt\(dataset\)`/);
  });
});
