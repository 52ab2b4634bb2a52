/** GroupNormalization: contract, hand-computed groups, identities with instance / layer normalization, errors, gradients. */
import { describe, expect, it } from "vitest";
import { Tensor, layers, ops } from "../../../src/index.js";
import { runLayerTest } from "../../utils/layer-test.js";
import { randomTensor } from "../../utils/gradcheck.js";
import { checkLayerGradients } from "../layer-gradcheck.js";

const { GroupNormalization, LayerNormalization } = layers;
const values = (t: Tensor) => Array.from(t.data as ArrayLike<number>);
function expectNumbers(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-6): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs(Number(actual[i]) - expected[i]), `index ${i}: ${actual[i]} vs ${expected[i]}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected[i])));
  }
}

describe("GroupNormalization", () => {
  it("contract: channels last and channels first", () => {
    runLayerTest({ layerCls: GroupNormalization, initKwargs: { groups: 2 }, inputShape: [2, 3, 4], expectedOutputShape: [2, 3, 4], expectedNumTrainableWeights: 2, supportsMasking: true });
    runLayerTest({ layerCls: GroupNormalization, initKwargs: { groups: 3, axis: 1 }, inputShape: [2, 6, 2, 2], expectedOutputShape: [2, 6, 2, 2], expectedNumTrainableWeights: 2 });
    runLayerTest({ layerCls: GroupNormalization, initKwargs: { groups: -1, center: false }, inputShape: [2, 4], expectedOutputShape: [2, 4], expectedNumTrainableWeights: 1 });
  });

  it("each group of channels is normalized over its channels (and the other non-batch axes)", () => {
    // One sample, 4 channels in 2 groups: [1, 3 | 10, 30].
    const gn = new GroupNormalization({ groups: 2, epsilon: 0 });
    const y = gn.apply(new Tensor(Float32Array.from([1, 3, 10, 30]), [1, 4], "float32")) as Tensor;
    expectNumbers(values(y), [-1, 1, -1, 1]);
    // With a spatial axis: (1, 2 positions, 2 channels, 1 group per channel) -> per-channel over positions.
    const inst = new GroupNormalization({ groups: 2, epsilon: 0 });
    const y2 = inst.apply(new Tensor(Float32Array.from([1, 10, 3, 30]), [1, 2, 2], "float32")) as Tensor;
    expectNumbers(values(y2), [-1, -1, 1, 1]);
  });

  it("groups = 1 equals LayerNormalization over every non-batch axis", () => {
    const x = ops.cast(randomTensor([3, 2, 4], 5, -2, 2), "float32");
    const gn = new GroupNormalization({ groups: 1 });
    const ln = new LayerNormalization({ axis: [1, 2] });
    expectNumbers(values(gn.apply(x) as Tensor), values(ln.apply(x) as Tensor), 1e-5);
  });

  it("groups = -1 becomes one group per channel at build, and the config says so", () => {
    const gn = new GroupNormalization({ groups: -1 });
    expect(gn.getConfig().groups).toBe(-1);
    gn.build([null, 5, 3]);
    expect(gn.getConfig().groups).toBe(3);
  });

  it("errors: groups that do not divide the channels, more groups than channels, undefined channel dim", () => {
    expect(() => new GroupNormalization({ groups: 4 }).build([null, 6])).toThrow("Number of groups (4) must be a multiple of the number of channels (6).");
    expect(() => new GroupNormalization({ groups: 8 }).build([null, 6])).toThrow("Number of groups (8) cannot be more than the number of channels (6).");
    expect(() => new GroupNormalization({ groups: 2 }).build([null, null])).toThrow(/Axis -1 of input tensor should have a defined dimension/);
    expect(() => new GroupNormalization({ groups: 0 })).toThrow(/`groups` must be a positive integer or -1/);
  });

  it("float64 gradients: channels last, channels first, gamma and beta", () => {
    const prepare = (gn: InstanceType<typeof GroupNormalization>, shape: (number | null)[]) => {
      gn.build(shape);
      gn.setWeights(gn.weights.map((w, i) => randomTensor(w.shape.slice(), 20 + i, 0.5, 1.5)));
      return gn;
    };
    checkLayerGradients(prepare(new GroupNormalization({ groups: 2, dtype: "float64" }), [null, 3, 4]), randomTensor([2, 3, 4], 1, -2, 2));
    checkLayerGradients(prepare(new GroupNormalization({ groups: 3, axis: 1, dtype: "float64" }), [null, 6, 2]), randomTensor([2, 6, 2], 2, -2, 2));
  });
});
