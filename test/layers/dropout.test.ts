/**
 * keras.layers.Dropout: contract, Keras fixture (inference), inverted-dropout
 * values and statistics in training, noise_shape broadcasting, the layer's
 * SeedGenerator (successive masks differ; setRandomSeed reproduces a
 * program; an integer seed reproduces a layer), gradients and Keras's errors.
 */
import { describe, expect, it } from "vitest";
import { GradientTape, layers, ops, random, Tensor, utils } from "../../src/index.js";
import { runLayerFixture } from "../utils/layer-fixture.js";
import { runLayerTest } from "../utils/layer-test.js";

const { Dropout } = layers;
const full = (shape: number[], value: number) => new Tensor(new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(value), shape, "float32");
const values = (t: Tensor) => Array.from(t.data as Float32Array);

describe("Dropout: layer contract", () => {
  it("rate 0.5", () => {
    runLayerTest({
      layerCls: Dropout, initArgs: [0.5], inputShape: [2, 3, 4], expectedOutputShape: [2, 3, 4], expectedNumTrainableWeights: 0,
      expectedNumNonTrainableWeights: 0, expectedNumNonTrainableVariables: 1, expectedNumSeedGenerators: 1, expectedNumLosses: 0,
      supportsMasking: true, assertBuiltAfterInstantiation: true,
    });
  });
  it("rate 0 owns no seed generator", () => {
    runLayerTest({ layerCls: Dropout, initArgs: [0], inputShape: [2, 3], expectedOutputShape: [2, 3], expectedNumSeedGenerators: 0, expectedNumNonTrainableVariables: 0 });
  });
  it("noise_shape and seed options, training call", () => {
    runLayerTest({ layerCls: Dropout, initArgs: [0.3], initKwargs: { noiseShape: [null, 1, 4], seed: 1337 }, inputShape: [2, 3, 4], callKwargs: { training: true }, expectedOutputShape: [2, 3, 4] });
  });
  it("inference returns the input values", () => {
    const x = new Tensor(Float32Array.from([1, -2, 3, 4]), [2, 2], "float32");
    runLayerTest({ layerCls: Dropout, initArgs: [0.9], inputData: x, expectedOutput: [[1, -2], [3, 4]] });
  });
});

describe("Dropout: Keras fixture", () => {
  it("dropout_inference", () => {
    runLayerFixture("dropout_inference");
  });
});

describe("Dropout: training", () => {
  it("keeps about 1 - rate of the entries and scales them by 1 / (1 - rate)", () => {
    const rate = 0.3;
    const n = 20000;
    const y = new Dropout(rate, { seed: 5 }).apply(full([n], 2), { training: true });
    const v = values(y);
    const kept = v.filter((e) => e !== 0);
    for (const e of kept) expect(e).toBeCloseTo(2 / 0.7, 5);
    // Binomial(n, 0.7): standard deviation sqrt(n * 0.3 * 0.7) ~ 65; allow 5 of them.
    expect(Math.abs(kept.length - n * 0.7)).toBeLessThan(5 * Math.sqrt(n * rate * (1 - rate)));
  });
  it("training defaults to false; rate 0 and inference are the identity", () => {
    const x = full([3, 4], 1.5);
    expect(values(new Dropout(0.5).apply(x))).toEqual(values(x));
    expect(values(new Dropout(0.5).apply(x, { training: false }))).toEqual(values(x));
    expect(values(new Dropout(0).apply(x, { training: true }))).toEqual(values(x));
  });
  it("rate 1 drops everything", () => {
    expect(values(new Dropout(1).apply(full([2, 5], 3), { training: true }))).toEqual(new Array(10).fill(0));
  });
  it("noise_shape broadcasts the mask (null takes the input's size)", () => {
    const y = new Dropout(0.5, { noiseShape: [null, 1, 6], seed: 3 }).apply(full([4, 5, 6], 1), { training: true }).toArray() as number[][][];
    for (const sample of y) for (const row of sample) expect(row).toEqual(sample[0]);
    // Different samples draw different masks (4 x 6 independent entries).
    expect(new Set(y.map((s) => JSON.stringify(s[0]))).size).toBeGreaterThan(1);
  });
  it("the training flag of an enclosing call reaches the layer", () => {
    const model = new (class extends layers.Layer {
      drop = new Dropout(0.5, { seed: 2 });
      override call(x: Tensor) {
        return this.drop.apply(x);
      }
    })();
    const x = full([1, 200], 1);
    expect(values(model.apply(x, { training: true }) as Tensor).some((e) => e === 0)).toBe(true);
    expect(values(model.apply(x, { training: false }) as Tensor).every((e) => e === 1)).toBe(true);
  });
});

describe("Dropout: seeds", () => {
  const x = full([8, 16], 1);
  it("successive calls draw different masks from the layer's SeedGenerator", () => {
    const layer = new Dropout(0.5, { seed: 11 });
    const a = values(layer.apply(x, { training: true }));
    const b = values(layer.apply(x, { training: true }));
    expect(a).not.toEqual(b);
    expect(Array.from(layer.seedGenerator!.state.value.data)).toEqual([11, 2]);
  });
  it("an integer seed reproduces the mask sequence across instances", () => {
    const l1 = new Dropout(0.4, { seed: 42 });
    const l2 = new Dropout(0.4, { seed: 42 });
    for (let i = 0; i < 3; i++) expect(values(l1.apply(x, { training: true }))).toEqual(values(l2.apply(x, { training: true })));
  });
  it("keras.utils.setRandomSeed reproduces unseeded layers", () => {
    utils.setRandomSeed(1234);
    const a = values(new Dropout(0.5).apply(x, { training: true }));
    utils.setRandomSeed(1234);
    const b = values(new Dropout(0.5).apply(x, { training: true }));
    expect(a).toEqual(b);
    random.setRandomSeed(99);
    const c = values(new Dropout(0.5).apply(x, { training: true }));
    expect(c).not.toEqual(a);
  });
});

describe("Dropout: gradients", () => {
  it("the gradient is the same scaled mask as the forward pass", () => {
    const layer = new Dropout(0.25, { seed: 8 });
    const x = new Tensor(Float32Array.from({ length: 40 }, (_, i) => 1 + i), [4, 10], "float32");
    const w = new Tensor(Float32Array.from({ length: 40 }, (_, i) => (i % 7) - 3), [4, 10], "float32");
    const tape = new GradientTape();
    tape.watch(x);
    let y!: Tensor;
    const loss = tape.record(() => {
      y = layer.apply(x, { training: true });
      return ops.sum(ops.multiply(y, w));
    });
    const [g] = tape.gradient(loss, [x]);
    const yv = values(y);
    const gv = values(g!);
    const xv = values(x);
    const wv = values(w);
    // y = x * m / (1 - rate), so dL/dx = w * m / (1 - rate) = w * y / x.
    gv.forEach((e, i) => expect(e).toBeCloseTo((wv[i] * yv[i]) / xv[i], 5));
    expect(yv.some((e) => e === 0)).toBe(true);
  });
});

describe("Dropout: errors and config", () => {
  it("rate outside [0, 1] (Keras's message)", () => {
    expect(() => new Dropout(1.5)).toThrow("Invalid value received for argument `rate`. Expected a float value between 0 and 1. Received: rate=1.5");
    expect(() => new Dropout(-0.1)).toThrow("Received: rate=-0.1");
    expect(() => new Dropout(Number.NaN)).toThrow("Received: rate=nan");
    expect(() => new Dropout("0.5" as never)).toThrow("Expected a float value between 0 and 1");
  });
  it("bad noise_shape (Keras's messages)", () => {
    expect(() => new Dropout(0.5, { noiseShape: "1,2" as never })).toThrow("Expected a tuple or list of integers. Received: noise_shape=1,2");
    expect(() => new Dropout(0.5, { noiseShape: 3 as never })).toThrow("Expected an iterable of integers");
    expect(() => new Dropout(0.5, { noiseShape: [2, 1.5] })).toThrow("Expected all elements to be integers or None. Received element at index 1: 1.5");
    expect(() => new Dropout(0.5, { noiseShape: [null, 0] })).toThrow("Expected all dimensions to be positive integers or None. Received negative or zero value at index 1: 0");
  });
  it("a noise_shape that does not broadcast fails when called", () => {
    expect(() => new Dropout(0.5, { noiseShape: [2, 3] }).apply(full([2, 4], 1), { training: true })).toThrow(/noiseShape/);
  });
  it("config", () => {
    const layer = new Dropout(0.2, { noiseShape: [null, 1], seed: 7, name: "d" });
    const cfg = layer.getConfig();
    expect(cfg).toMatchObject({ name: "d", rate: 0.2, seed: 7, noise_shape: [null, 1] });
    expect(Object.keys(cfg)).toEqual(["name", "trainable", "dtype", "rate", "seed", "noise_shape"]);
    expect(layers.serialize(layer).build_config).toBeUndefined();
  });
});
