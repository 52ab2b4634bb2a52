/** keras.layers.Activation: contract, all 31 Keras activation-layer fixtures, identifiers, masks, gradients. */
import { describe, expect, it } from "vitest";
import { activations, layers, ops, saving, Tensor } from "../../src/index.js";
import { checkGradients, randomTensor } from "../utils/gradcheck.js";
import { fixtureNames, loadFixture } from "../utils/fixtures.js";
import { runLayerFixture } from "../utils/layer-fixture.js";
import { runLayerTest } from "../utils/layer-test.js";

const { Activation } = layers;

describe("Activation: layer contract", () => {
  it("relu on hand values", () => {
    const x = new Tensor(Float32Array.from([-3, -1, 0, 2]), [1, 4], "float32");
    runLayerTest({
      layerCls: Activation, initArgs: ["relu"], inputData: x, expectedOutput: [[0, 0, 0, 2]], expectedNumTrainableWeights: 0,
      expectedNumNonTrainableWeights: 0, expectedNumSeedGenerators: 0, supportsMasking: true, assertBuiltAfterInstantiation: true,
    });
  });
  it("softmax over the last axis", () => {
    runLayerTest({ layerCls: Activation, initArgs: ["softmax"], inputShape: [2, 3, 4], expectedOutputShape: [2, 3, 4], expectedOutputDtype: "float32" });
  });
  it("glu halves the last axis, symbolically too (Keras's compute_output_shape says (2, 6))", () => {
    runLayerTest({ layerCls: Activation, initArgs: ["glu"], inputShape: [2, 6], expectedOutputShape: [2, 3] });
    expect(new Activation("glu").computeOutputShape([null, 8])).toEqual([null, 4]);
    expect(new Activation("relu").computeOutputShape([null, 3, 5])).toEqual([null, 3, 5]);
  });
  it("a function and null (linear)", () => {
    runLayerTest({ layerCls: Activation, initArgs: [activations.tanh], inputShape: [2, 3], expectedOutputShape: [2, 3] });
    const x = new Tensor(Float32Array.from([-1.5, 2]), [1, 2], "float32");
    runLayerTest({ layerCls: Activation, initArgs: [null], inputData: x, expectedOutput: [[-1.5, 2]] });
  });
  it("a registered custom function round-trips", () => {
    const double = (x: Tensor) => ops.multiply(x, 2);
    saving.registerKerasSerializable({ package: "layer_tests", name: "double" })(double);
    const x = new Tensor(Float32Array.from([1, -2]), [1, 2], "float32");
    runLayerTest({ layerCls: Activation, initArgs: [double], inputData: x, expectedOutput: [[2, -4]] });
    expect(new Activation(double).getConfig().activation).toEqual({ module: null, class_name: "function", config: "layer_tests>double", registered_name: "layer_tests>double" });
  });
});

describe("Activation: Keras fixtures", () => {
  const names = fixtureNames("layer", "activation_");
  it("covers the 31 activation-layer cases", () => expect(names.length).toBe(31));
  it.each(names)("%s", (name) => {
    // Keras's numpy backend returns float64 from sparsemax (its other backends keep float32, as keras-ts does).
    runLayerFixture(name, name === "activation_sparsemax" ? { outputDtypes: ["float32"] } : {});
  });
  it("aliases serialize under their canonical names, as in the fixtures", () => {
    expect(new Activation("swish").getConfig().activation).toBe(loadFixture("activation_swish").serialization.get_config.activation);
    expect(new Activation("hard_swish").getConfig().activation).toBe(loadFixture("activation_hard_swish").serialization.get_config.activation);
  });
});

describe("Activation: behaviour", () => {
  it("an unknown identifier fails with Keras's message", () => {
    expect(() => new Activation("nope")).toThrow("Could not interpret activation function identifier: nope");
  });
  it("passes the input mask through", () => {
    const x = new Tensor(Float32Array.from([-1, 1]), [1, 2], "float32");
    const mask = new Tensor(Uint8Array.from([1, 0]), [1, 2], "bool");
    const y = new Activation("relu").apply(x, { mask });
    expect((y.kerasMask as Tensor).toArray()).toEqual([[true, false]]);
  });
  it("deserialize from a Keras envelope", () => {
    const layer = saving.deserializeKerasObject({ module: "keras.layers", class_name: "Activation", config: { name: "a", trainable: true, dtype: "float32", activation: "elu" }, registered_name: null });
    expect(layer).toBeInstanceOf(Activation);
    expect((layer as InstanceType<typeof Activation>).apply(new Tensor(Float32Array.from([0, 1]), [2], "float32")).toArray()).toEqual([0, 1]);
  });
  it("gradients (float64 finite differences)", () => {
    for (const name of ["tanh", "softplus", "softmax", "elu", "gelu"]) {
      const layer = new Activation(name, { dtype: "float64" });
      checkGradients((x) => layer.apply(x), [randomTensor([2, 3, 4], 9)]);
      checkGradients((x) => layer.apply(x), [randomTensor([1, 1], 10)]);
    }
  });
});
