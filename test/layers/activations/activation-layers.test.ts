/** ReLU, LeakyReLU, ELU, Softmax, PReLU: contract, hand-computed values, masks, Keras 2 configs, errors, float64 gradients. */
import { describe, expect, it } from "vitest";
import { Tensor, layers } from "../../../src/index.js";
import { runLayerTest } from "../../utils/layer-test.js";
import { randomTensor } from "../../utils/gradcheck.js";
import { checkLayerGradients } from "../layer-gradcheck.js";

const { ReLU, LeakyReLU, ELU, Softmax, PReLU } = layers;
const t32 = (data: number[], shape = [data.length]) => new Tensor(Float32Array.from(data), shape, "float32");
function expectNumbers(actual: Tensor, expected: number[], tol = 1e-6): void {
  expect(actual.size).toBe(expected.length);
  expected.forEach((e, i) => expect(Math.abs(Number(actual.data[i]) - e), `index ${i}: ${actual.data[i]} vs ${e}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(e))));
}
// Values that avoid the kinks at 0, threshold and max_value (finite differences need smooth points).
const smooth = (shape: number[], seed: number) => {
  const x = randomTensor(shape, seed, -3, 3);
  const d = x.data as Float64Array;
  for (let i = 0; i < d.length; i++) for (const kink of [0, 0.5, 2]) if (Math.abs(d[i] - kink) < 1e-3) d[i] += 0.01;
  return x;
};

describe("ReLU", () => {
  it("contract", () => {
    runLayerTest({ layerCls: ReLU, initKwargs: { maxValue: 2, negativeSlope: 0.1, threshold: 0.5 }, inputShape: [2, 3], expectedOutputShape: [2, 3], expectedNumTrainableWeights: 0, supportsMasking: true, assertBuiltAfterInstantiation: true });
  });
  it("hand-computed values: default, max value, negative slope and threshold", () => {
    expectNumbers(new ReLU().apply(t32([-2, -0.5, 0, 1.5, 10])) as Tensor, [0, 0, 0, 1.5, 10]);
    expectNumbers(new ReLU({ maxValue: 1 }).apply(t32([-2, 0.5, 3])) as Tensor, [0, 0.5, 1]);
    // Keras's example: max 10, slope 0.5: [-10, -5, 0, 5, 10] -> [-5, -2.5, 0, 5, 10].
    expectNumbers(new ReLU({ maxValue: 10, negativeSlope: 0.5 }).apply(t32([-10, -5, 0, 5, 10])) as Tensor, [-5, -2.5, 0, 5, 10]);
    // threshold 1, slope 0.1: below 1 -> 0.1 * (x - 1).
    expectNumbers(new ReLU({ negativeSlope: 0.1, threshold: 1 }).apply(t32([0, 0.5, 2])) as Tensor, [-0.1, -0.05, 2]);
  });
  it("rejects negative arguments; config", () => {
    expect(() => new ReLU({ maxValue: -1 })).toThrow("max_value of a ReLU layer cannot be a negative value. Received: max_value=-1");
    expect(() => new ReLU({ negativeSlope: -0.1 })).toThrow("negative_slope of a ReLU layer cannot be a negative value. Received: negative_slope=-0.1");
    expect(() => new ReLU({ threshold: -1 })).toThrow(/threshold of a ReLU layer cannot be a negative value/);
    expect(new ReLU().getConfig()).toMatchObject({ max_value: null, negative_slope: 0, threshold: 0 });
  });
  it("float64 gradients", () => {
    checkLayerGradients(new ReLU({ maxValue: 2, negativeSlope: 0.1, threshold: 0.5, dtype: "float64" }), smooth([3, 4], 1));
  });
});

describe("LeakyReLU", () => {
  it("contract", () => {
    runLayerTest({ layerCls: LeakyReLU, initKwargs: { negativeSlope: 0.2 }, inputShape: [2, 3], expectedOutputShape: [2, 3], supportsMasking: true, assertBuiltAfterInstantiation: true });
  });
  it("default slope 0.3 (the layer's, not the function's 0.2)", () => {
    expectNumbers(new LeakyReLU().apply(t32([-10, -1, 2])) as Tensor, [-3, -0.3, 2]);
    expect(new LeakyReLU().getConfig().negative_slope).toBe(0.3);
  });
  it("Keras 2's `alpha` is accepted (with Keras's deprecation warning) and saved as negative_slope", () => {
    const warn = console.warn;
    const messages: string[] = [];
    console.warn = (m: string) => void messages.push(m);
    try {
      const l = LeakyReLU.fromConfig({ name: "leaky", trainable: true, dtype: "float32", alpha: 0.1 });
      expectNumbers(l.apply(t32([-1, 1])) as Tensor, [-0.1, 1]);
      expect(l.getConfig().negative_slope).toBe(0.1);
      expect("alpha" in l.getConfig()).toBe(false);
    } finally {
      console.warn = warn;
    }
    expect(messages).toEqual(["Argument `alpha` is deprecated. Use `negative_slope` instead."]);
  });
  it("rejects a negative slope; float64 gradients", () => {
    expect(() => new LeakyReLU({ negativeSlope: -1 })).toThrow(/cannot be None or negative value. Expected a float. Received: negative_slope=-1/);
    checkLayerGradients(new LeakyReLU({ negativeSlope: 0.2, dtype: "float64" }), smooth([2, 5], 2));
  });
});

describe("ELU", () => {
  it("contract, values, config order", () => {
    runLayerTest({ layerCls: ELU, initKwargs: { alpha: 0.5 }, inputShape: [2, 3], expectedOutputShape: [2, 3], supportsMasking: true, assertBuiltAfterInstantiation: true });
    expectNumbers(new ELU({ alpha: 0.5 }).apply(t32([-1, 0, 2])) as Tensor, [0.5 * (Math.exp(-1) - 1), 0, 2]);
    expectNumbers(new ELU().apply(t32([-2])) as Tensor, [Math.exp(-2) - 1]);
    expect(Object.keys(new ELU({ name: "e" }).getConfig())).toEqual(["name", "alpha", "trainable", "dtype"]);
  });
  it("float64 gradients", () => {
    checkLayerGradients(new ELU({ alpha: 0.7, dtype: "float64" }), smooth([3, 3], 3));
  });
});

describe("Softmax", () => {
  it("contract", () => {
    runLayerTest({ layerCls: Softmax, initKwargs: { axis: 1 }, inputShape: [2, 3, 4], expectedOutputShape: [2, 3, 4], supportsMasking: true, assertBuiltAfterInstantiation: true });
    runLayerTest({ layerCls: Softmax, initKwargs: { axis: [1, 2] }, inputShape: [2, 3, 4], expectedOutputShape: [2, 3, 4] });
  });
  it("values over the last axis and over a list of axes", () => {
    const e = [Math.exp(1), Math.exp(2), Math.exp(1)];
    const s = e[0] + e[1] + e[2];
    expectNumbers(new Softmax().apply(t32([1, 2, 1], [1, 3])) as Tensor, e.map((v) => v / s));
    // Over both axes of a (1, 2, 2) input: one distribution over 4 entries.
    const y = new Softmax({ axis: [1, 2] }).apply(t32([0, 1, 2, 3], [1, 2, 2])) as Tensor;
    const z = [0, 1, 2, 3].map(Math.exp);
    const zs = z.reduce((a, b) => a + b);
    expectNumbers(y, z.map((v) => v / zs));
  });
  it("mask: masked entries get probability 0, a fully masked row is all zeros, a float mask means > 0.5", () => {
    const x = t32([1, 2, 3, 4, 5, 6], [2, 3]);
    const mask = new Tensor(Uint8Array.from([1, 0, 1, 0, 0, 0]), [2, 3], "bool");
    const y = new Softmax().apply(x, { mask }) as Tensor;
    const a = Math.exp(1) / (Math.exp(1) + Math.exp(3));
    expectNumbers(y, [a, 0, 1 - a, 0, 0, 0]);
    const floatMask = t32([0.9, 0.1, 0.6, 0, 0.2, 0.4], [2, 3]);
    expectNumbers(new Softmax().apply(x, { mask: floatMask }) as Tensor, [a, 0, 1 - a, 0, 0, 0]);
  });
  it("a Keras mask on the input is used automatically", () => {
    const x = t32([1, 2, 3], [1, 3]);
    x.kerasMask = new Tensor(Uint8Array.from([1, 1, 0]), [1, 3], "bool") as never;
    const y = new Softmax().apply(x) as Tensor;
    const a = Math.exp(1) / (Math.exp(1) + Math.exp(2));
    expectNumbers(y, [a, 1 - a, 0]);
  });
  it("rejects a bad axis; float64 gradients with and without a mask", () => {
    expect(() => new Softmax({ axis: "x" as never })).toThrow(/`axis` must be an integer or a list of integers/);
    checkLayerGradients(new Softmax({ dtype: "float64" }), randomTensor([2, 4], 4, -2, 2));
    checkLayerGradients(new Softmax({ axis: [0, 1], dtype: "float64" }), randomTensor([2, 3], 5, -2, 2));
    const mask = new Tensor(Uint8Array.from([1, 0, 1, 1, 1, 0]), [2, 3], "bool");
    checkLayerGradients(new Softmax({ dtype: "float64" }), randomTensor([2, 3], 6, -2, 2), { mask });
  });
});

describe("PReLU", () => {
  it("contract: alpha of input_shape[1:], shared axes set to 1", () => {
    const { layer } = runLayerTest({ layerCls: PReLU, initKwargs: {}, inputShape: [2, 3, 4], expectedOutputShape: [2, 3, 4], expectedNumTrainableWeights: 1, supportsMasking: true })!;
    expect(layer.weights[0].shape).toEqual([3, 4]);
    const shared = runLayerTest({ layerCls: PReLU, initKwargs: { sharedAxes: [1, 2] }, inputShape: [2, 3, 2, 4], expectedOutputShape: [2, 3, 2, 4], expectedNumTrainableWeights: 1 })!;
    expect(shared.layer.weights[0].shape).toEqual([1, 1, 4]);
    const single = new PReLU({ sharedAxes: 1 });
    single.build([null, 5, 2]);
    expect(single.weights[0].shape).toEqual([1, 2]);
    expect(single.getConfig().shared_axes).toEqual([1]);
  });
  it("values: x for x >= 0, alpha * x otherwise; alpha starts at zero", () => {
    const p = new PReLU();
    expectNumbers(p.apply(t32([-1, 2], [1, 2])) as Tensor, [0, 2]);
    p.setWeights([[0.25, 3]]);
    expectNumbers(p.apply(t32([-4, -1, 2, 5], [2, 2])) as Tensor, [-1, -3, 2, 5]);
  });
  it("the input spec pins the non-shared axes; bad shared axes are rejected", () => {
    const p = new PReLU({ sharedAxes: [1] });
    p.apply(t32(new Array(6).fill(1), [1, 3, 2]));
    p.apply(t32(new Array(8).fill(1), [1, 4, 2]));
    expect(() => p.apply(t32(new Array(9).fill(1), [1, 3, 3]))).toThrow(/expected axis 2 of input shape to have value 2/);
    expect(() => new PReLU({ sharedAxes: [3] }).build([null, 2, 2])).toThrow(/`shared_axes` entries must be axes of the input/);
  });
  it("float64 gradients (input and alpha)", () => {
    const p = new PReLU({ dtype: "float64" });
    p.build([null, 3, 2]);
    p.setWeights([randomTensor([3, 2], 8, 0.1, 0.9)]);
    checkLayerGradients(p, smooth([2, 3, 2], 9));
    const q = new PReLU({ sharedAxes: [1], dtype: "float64" });
    q.build([null, 4, 2]);
    q.setWeights([randomTensor([1, 2], 10, 0.1, 0.9)]);
    checkLayerGradients(q, smooth([3, 4, 2], 11));
  });
});
