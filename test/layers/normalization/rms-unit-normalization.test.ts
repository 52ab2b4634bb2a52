/** RMSNormalization and UnitNormalization: contract, hand-computed values, identities, config, gradients. */
import { describe, expect, it } from "vitest";
import { Tensor, layers, ops } from "../../../src/index.js";
import { runLayerTest } from "../../utils/layer-test.js";
import { randomTensor } from "../../utils/gradcheck.js";
import { checkLayerGradients } from "../layer-gradcheck.js";

const { RMSNormalization, UnitNormalization } = layers;
const values = (t: Tensor) => Array.from(t.data as ArrayLike<number>);
function expectNumbers(actual: ArrayLike<number>, expected: number[], tol = 1e-6): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(Math.abs(Number(actual[i]) - e), `index ${i}: ${actual[i]} vs ${e}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(e))));
}

describe("RMSNormalization", () => {
  it("contract", () => {
    runLayerTest({ layerCls: RMSNormalization, initKwargs: {}, inputShape: [2, 3, 4], expectedOutputShape: [2, 3, 4], expectedNumTrainableWeights: 1 });
    runLayerTest({ layerCls: RMSNormalization, initKwargs: { axis: [2, 1], epsilon: 1e-3 }, inputShape: [2, 3, 4], expectedOutputShape: [2, 3, 4], expectedNumTrainableWeights: 1 });
  });

  it("x * rsqrt(mean(x^2) + eps) * scale: [3, 4] has mean square 12.5", () => {
    const rms = new RMSNormalization({ epsilon: 0 });
    rms.build([null, 2]);
    rms.setWeights([[1, 2]]);
    const y = rms.apply(new Tensor(Float32Array.from([3, 4]), [1, 2], "float32")) as Tensor;
    const r = Math.sqrt(12.5);
    expectNumbers(values(y), [3 / r, 8 / r]);
  });

  it("a middle axis: scale is laid along it", () => {
    const rms = new RMSNormalization({ axis: 1, epsilon: 0 });
    rms.build([null, 2, 2]);
    expect(rms.scale!.shape).toEqual([2]);
    rms.setWeights([[1, 10]]);
    // Columns [3, 4] and [0, 2] are normalized separately.
    const y = rms.apply(new Tensor(Float32Array.from([3, 0, 4, 2]), [1, 2, 2], "float32")) as Tensor;
    const r0 = Math.sqrt(12.5);
    const r1 = Math.sqrt(2);
    expectNumbers(values(y), [3 / r0, 0, (4 / r0) * 10, (2 / r1) * 10]);
  });

  it("config: axis as given before build, a sorted list after", () => {
    const rms = new RMSNormalization({ axis: [2, 1] });
    expect(rms.getConfig()).toMatchObject({ axis: [2, 1], epsilon: 1e-6 });
    rms.build([null, 3, 4]);
    expect(rms.getConfig().axis).toEqual([1, 2]);
    expect(rms.scale!.shape).toEqual([3, 4]);
    expect(() => new RMSNormalization({ axis: 5 }).build([null, 3])).toThrow(/Axis 5 is out of bounds for input shape \(None, 3\)/);
  });

  it("float64 gradients", () => {
    const rms = new RMSNormalization({ dtype: "float64" });
    rms.build([null, 3, 4]);
    rms.setWeights([randomTensor([4], 3, 0.5, 1.5)]);
    checkLayerGradients(rms, randomTensor([2, 3, 4], 1, -2, 2));
    const rms2 = new RMSNormalization({ axis: [1, 2], dtype: "float64" });
    checkLayerGradients(rms2, randomTensor([2, 2, 3], 2, -2, 2));
  });
});

describe("UnitNormalization", () => {
  it("contract (stateless: built at construction)", () => {
    runLayerTest({ layerCls: UnitNormalization, initKwargs: {}, inputShape: [2, 3], expectedOutputShape: [2, 3], expectedNumTrainableWeights: 0, supportsMasking: true, assertBuiltAfterInstantiation: true });
    runLayerTest({ layerCls: UnitNormalization, initKwargs: { axis: [1, 2] }, inputShape: [2, 3, 2], expectedOutputShape: [2, 3, 2], assertBuiltAfterInstantiation: true });
  });

  it("[3, 4] -> [0.6, 0.8]; a zero row stays zero", () => {
    const y = new UnitNormalization().apply(new Tensor(Float32Array.from([3, 4, 0, 0]), [2, 2], "float32")) as Tensor;
    expectNumbers(values(y), [0.6, 0.8, 0, 0]);
  });

  it("every slice over the axes has L2 norm 1", () => {
    const x = ops.cast(randomTensor([3, 2, 4], 9, -2, 2), "float32");
    const y = new UnitNormalization({ axis: [1, 2] }).apply(x) as Tensor;
    const norms = ops.sqrt(ops.sum(ops.square(y), [1, 2]));
    expectNumbers(values(norms), [1, 1, 1], 1e-6);
  });

  it("rejects a non-integer axis; float64 gradients", () => {
    expect(() => new UnitNormalization({ axis: 1.5 })).toThrow(/Invalid value for `axis` argument: expected an int or a list\/tuple of ints. Received: axis=1.5/);
    checkLayerGradients(new UnitNormalization({ dtype: "float64" }), randomTensor([2, 5], 1, -2, 2));
    checkLayerGradients(new UnitNormalization({ axis: [0, 1], dtype: "float64" }), randomTensor([2, 3], 2, -2, 2));
  });
});
