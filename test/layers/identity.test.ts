/** keras.layers.Identity: contract, Keras fixture, dtypes, structures and masks pass through. */
import { describe, expect, it } from "vitest";
import { Input, layers, Tensor } from "../../src/index.js";
import { checkGradients, randomTensor } from "../utils/gradcheck.js";
import { runLayerFixture } from "../utils/layer-fixture.js";
import { runLayerTest } from "../utils/layer-test.js";

const { Identity } = layers;

describe("Identity: layer contract", () => {
  it("float input", () => {
    const x = new Tensor(Float32Array.from([1, -2, 3, 0.5, 0, 7]), [2, 3], "float32");
    runLayerTest({
      layerCls: Identity, inputData: x, expectedOutput: [[1, -2, 3], [0.5, 0, 7]], expectedNumTrainableWeights: 0,
      expectedNumNonTrainableWeights: 0, expectedNumSeedGenerators: 0, supportsMasking: true, assertBuiltAfterInstantiation: true,
    });
  });
  it("integer input keeps its dtype, symbolically and eagerly", () => {
    runLayerTest({ layerCls: Identity, inputShape: [2, 3], inputDtype: "int32", expectedOutputShape: [2, 3], expectedOutputDtype: "int32" });
  });
  it("a list of inputs comes back as a list", () => {
    runLayerTest({ layerCls: Identity, inputShape: [[2, 3], [2, 5]], expectedOutputShape: [[2, 3], [2, 5]] });
  });
});

describe("Identity: Keras fixture", () => {
  it("identity", () => {
    runLayerFixture("identity");
  });
});

describe("Identity: behaviour", () => {
  it("returns the input tensor itself and keeps its mask", () => {
    const x = new Tensor(Float32Array.from([1, 2, 3, 4]), [2, 2], "float32");
    const mask = new Tensor(Uint8Array.from([1, 0, 1, 1]), [2, 2], "bool");
    x.kerasMask = mask;
    const y = new Identity().apply(x);
    expect(y).toBe(x);
    expect(y.kerasMask).toBe(mask);
  });
  it("passes an explicit mask to its output", () => {
    const x = new Tensor(Float32Array.from([1, 2, 3, 4]), [2, 2], "float32");
    const mask = new Tensor(Uint8Array.from([1, 0, 1, 1]), [2, 2], "bool");
    const y = new Identity().apply(x, { mask });
    expect((y.kerasMask as Tensor).toArray()).toEqual([[true, false], [true, true]]);
  });
  it("symbolic mask propagates", () => {
    const ids = Input({ shape: [4], dtype: "int32" });
    const emb = new layers.Embedding(5, 2, { maskZero: true }).apply(ids);
    const out = new Identity().apply(emb);
    expect(out.shape).toEqual([null, 4, 2]);
    expect(out.kerasMask?.shape).toEqual([null, 4]);
  });
  it("config is the base layer config only", () => {
    expect(Object.keys(new Identity({ name: "id" }).getConfig()).sort()).toEqual(["dtype", "name", "trainable"]);
  });
  it("gradient is the upstream gradient (float64 finite differences)", () => {
    const layer = new Identity({ dtype: "float64" });
    checkGradients((x) => layer.apply(x), [randomTensor([3, 2], 2)]);
    checkGradients((x) => layer.apply(x), [randomTensor([4], 3)]);
  });
});
