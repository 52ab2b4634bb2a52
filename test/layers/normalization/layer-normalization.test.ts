/** LayerNormalization: contract, hand-computed values, axis lists, rms_scaling (Keras 3.15.1), config, gradients. */
import { describe, expect, it } from "vitest";
import { Tensor, layers } from "../../../src/index.js";
import { runLayerTest } from "../../utils/layer-test.js";
import { randomTensor } from "../../utils/gradcheck.js";
import { checkLayerGradients } from "../layer-gradcheck.js";

const { LayerNormalization } = layers;
const values = (t: Tensor) => Array.from(t.data as Float32Array);
function expectNumbers(actual: ArrayLike<number>, expected: number[], tol = 1e-6): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(Math.abs(Number(actual[i]) - e), `index ${i}: ${actual[i]} vs ${e}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(e))));
}

describe("LayerNormalization", () => {
  it("contract: default, axis lists, rms_scaling, no center/scale", () => {
    runLayerTest({ layerCls: LayerNormalization, initKwargs: {}, inputShape: [2, 3, 4], expectedOutputShape: [2, 3, 4], expectedNumTrainableWeights: 2, expectedNumNonTrainableWeights: 0, supportsMasking: true });
    runLayerTest({ layerCls: LayerNormalization, initKwargs: { axis: [-2, -1] }, inputShape: [2, 3, 4], expectedOutputShape: [2, 3, 4], expectedNumTrainableWeights: 2 });
    runLayerTest({ layerCls: LayerNormalization, initKwargs: { axis: 1 }, inputShape: [2, 3, 4], expectedOutputShape: [2, 3, 4], expectedNumTrainableWeights: 2 });
    runLayerTest({ layerCls: LayerNormalization, initKwargs: { rmsScaling: true }, inputShape: [2, 5], expectedOutputShape: [2, 5], expectedNumTrainableWeights: 1 });
    runLayerTest({ layerCls: LayerNormalization, initKwargs: { center: false, scale: false }, inputShape: [2, 5], expectedOutputShape: [2, 5], expectedNumTrainableWeights: 0 });
  });

  it("normalizes each row: x = [1, 2, 3, 4] has mean 2.5 and variance 1.25", () => {
    const ln = new LayerNormalization();
    const y = ln.apply(new Tensor(Float32Array.from([1, 2, 3, 4, 10, 10, 10, 10]), [2, 4], "float32")) as Tensor;
    const s = Math.sqrt(1.25 + 1e-3);
    expectNumbers(values(y), [-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s, 0, 0, 0, 0], 1e-6);
  });

  it("gamma and beta apply per feature", () => {
    const ln = new LayerNormalization({ epsilon: 0 });
    ln.build([null, 2]);
    ln.setWeights([[2, 3], [10, 20]]);
    // [1, 3]: mean 2, std 1 -> normalized [-1, 1].
    const y = ln.apply(new Tensor(Float32Array.from([1, 3]), [1, 2], "float32")) as Tensor;
    expectNumbers(values(y), [-2 + 10, 3 + 20]);
  });

  it("rms_scaling: x * rsqrt(centred variance + eps) * gamma, mean not subtracted, no beta", () => {
    const ln = new LayerNormalization({ rmsScaling: true, epsilon: 1e-3 });
    ln.build([null, 4]);
    expect(ln.weights.map((w) => w.name)).toEqual(["gamma"]);
    ln.setWeights([[1, 2, 1, 0.5]]);
    const y = ln.apply(new Tensor(Float32Array.from([1, 2, 3, 4]), [1, 4], "float32")) as Tensor;
    const inv = 1 / Math.sqrt(1.25 + 1e-3);
    expectNumbers(values(y), [1 * inv, 4 * inv, 3 * inv, 2 * inv], 1e-6);
  });

  it("axis [1, 2] normalizes over both axes with (d1, d2) parameters", () => {
    const ln = new LayerNormalization({ axis: [1, 2], epsilon: 0 });
    ln.build([null, 2, 2]);
    expect(ln.weights.map((w) => w.shape)).toEqual([[2, 2], [2, 2]]);
    ln.setWeights([[[1, 1], [1, 2]], [[0, 0], [0, 1]]]);
    // [[1, 3], [5, 7]]: mean 4, variance 5.
    const y = ln.apply(new Tensor(Float32Array.from([1, 3, 5, 7]), [1, 2, 2], "float32")) as Tensor;
    const s = Math.sqrt(5);
    expectNumbers(values(y), [-3 / s, -1 / s, 1 / s, (3 / s) * 2 + 1], 1e-6);
  });

  it("config: axis as given before build, a list after build (Keras's get_config)", () => {
    const ln = new LayerNormalization({ axis: -1 });
    expect(ln.getConfig().axis).toBe(-1);
    ln.build([null, 3]);
    expect(ln.getConfig().axis).toEqual([-1]);
    expect(ln.getConfig().rms_scaling).toBe(false);
  });

  it("errors: axis out of range, bad axis type", () => {
    expect(() => new LayerNormalization({ axis: "x" as never })).toThrow(/Expected an int or a list\/tuple of ints for the argument 'axis'/);
    const ln = new LayerNormalization({ axis: 3 });
    expect(() => ln.computeOutputShape([null, 4])).toThrow(/Axis 3 is out of bounds for input shape \(None, 4\)/);
    expect(() => ln.build([null, 4])).toThrow(/Axis 3 is out of bounds/);
  });

  it("float64 gradients: last axis, two axes, a middle axis, rms_scaling", () => {
    const set = (ln: InstanceType<typeof LayerNormalization>, shape: number[]) => {
      ln.build(shape);
      ln.setWeights(ln.weights.map((w, i) => randomTensor(w.shape.slice(), 11 + i, 0.5, 1.5)));
      return ln;
    };
    checkLayerGradients(set(new LayerNormalization({ dtype: "float64" }), [null as never, 3, 4]), randomTensor([2, 3, 4], 1, -2, 2));
    checkLayerGradients(set(new LayerNormalization({ axis: [-2, -1], dtype: "float64" }), [null as never, 3, 2]), randomTensor([2, 3, 2], 2, -2, 2));
    checkLayerGradients(set(new LayerNormalization({ axis: 1, dtype: "float64" }), [null as never, 3, 2]), randomTensor([2, 3, 2], 3, -2, 2));
    checkLayerGradients(set(new LayerNormalization({ rmsScaling: true, dtype: "float64" }), [null as never, 5]), randomTensor([3, 5], 4, -2, 2));
    checkLayerGradients(set(new LayerNormalization({ dtype: "float64" }), [null as never, 1, 3]), randomTensor([1, 1, 3], 5, -2, 2));
  });
});
