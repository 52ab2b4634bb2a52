/**
 * Dense through the generic harnesses: the layer contract (runLayerTest) over
 * ranks, options and regularizers, every Keras Dense fixture through
 * runLayerFixture, and float64 finite-difference gradients.
 * (dense-fixtures.test.ts checks the same fixtures through Sequential models.)
 */
import { describe, expect, it } from "vitest";
import { layers, Tensor } from "../../src/index.js";
import { checkGradients, randomTensor } from "../utils/gradcheck.js";
import { fixtureNames } from "../utils/fixtures.js";
import { runLayerFixture } from "../utils/layer-fixture.js";
import { runLayerTest } from "../utils/layer-test.js";

const { Dense } = layers;

describe("Dense: layer contract", () => {
  it("rank 2", () => {
    runLayerTest({
      layerCls: Dense, initArgs: [3], initKwargs: { activation: "relu" }, inputShape: [2, 4], expectedOutputShape: [2, 3],
      expectedNumTrainableWeights: 2, expectedNumNonTrainableWeights: 0, expectedNumSeedGenerators: 0, expectedNumLosses: 0, supportsMasking: true,
    });
  });
  it("rank 4, no bias", () => {
    runLayerTest({ layerCls: Dense, initArgs: [5], initKwargs: { useBias: false }, inputShape: [2, 3, 2, 4], expectedOutputShape: [2, 3, 2, 5], expectedNumTrainableWeights: 1 });
  });
  it("regularizers add one loss per regularized weight plus the activity loss", () => {
    runLayerTest({
      layerCls: Dense, initArgs: [2],
      initKwargs: { kernelRegularizer: "l2", biasRegularizer: "l1", activityRegularizer: "l2", kernelConstraint: "non_neg" },
      inputShape: [2, 3], expectedOutputShape: [2, 2], expectedNumLosses: 3,
    });
  });
  it("LoRA: frozen kernel, two trainable low-rank factors", () => {
    runLayerTest({ layerCls: Dense, initArgs: [4], initKwargs: { loraRank: 2 }, inputShape: [2, 3], expectedOutputShape: [2, 4], expectedNumTrainableWeights: 3, expectedNumNonTrainableWeights: 1 });
  });
  it("LoRA: Keras's checks in Keras's order (kernel constraint, built, already enabled)", () => {
    const constrained = new Dense(2, { kernelConstraint: "non_neg" });
    expect(() => constrained.enableLora(1)).toThrow(
      "Lora is incompatible with kernel constraints. In order to enable lora on this layer, remove the `kernel_constraint` argument.",
    );
    expect(() => new Dense(2, { loraRank: 1, kernelConstraint: "non_neg" }).build([null, 3])).toThrow("Lora is incompatible with kernel constraints");
    expect(() => new Dense(2).enableLora(1)).toThrow("Cannot enable lora on a layer that isn't yet built.");
    const d = new Dense(2);
    d.build([null, 3]);
    d.enableLora(1, { alpha: 3 });
    expect([d.loraRank, d.loraAlpha, d.trainableWeights.length, d.nonTrainableWeights.length]).toEqual([1, 3, 3, 1]);
    expect(() => d.enableLora(1)).toThrow("lora is already enabled. This can only be done once per layer.");
  });
  it("hand-computed values", () => {
    const layer = new Dense(2, { kernelInitializer: "ones", biasInitializer: { class_name: "Constant", config: { value: 0.5 } } });
    const x = new Tensor(Float32Array.from([1, 2, 3, -1, -2, -3]), [2, 3], "float32");
    runLayerTest({ factory: () => new Dense(2, { kernelInitializer: "ones", biasInitializer: "zeros" }), inputData: x, expectedOutput: [[6, 6], [-6, -6]] });
    expect(layer.apply(x).toArray()).toEqual([[6.5, 6.5], [-5.5, -5.5]]);
  });
});

describe("Dense: Keras fixtures (generic fixture runner)", () => {
  const names = fixtureNames("layer", "dense_");
  it("covers the 34 Dense cases", () => expect(names.length).toBe(34));
  it.each(names)("%s", (name) => {
    // Keras's numpy backend returns float64 from sparsemax (its other backends keep float32, as keras-ts does).
    if (name === "dense_act_sparsemax") runLayerFixture(name, { outputDtypes: ["float32"] });
    // Dense.computeOutputShape says (batch, units) whatever the activation does (as Keras's does);
    // glu halves the last axis, so the symbolic shape of this case does not fit its output.
    else if (name === "dense_act_glu") runLayerFixture(name, { checkSymbolic: false });
    else runLayerFixture(name);
  });
});

describe("Dense: gradients (float64 finite differences)", () => {
  for (const [shape, units, activation] of [
    [[3, 4], 2, "tanh"],
    [[2, 3, 4], 3, "linear"],
    [[1, 1], 1, "sigmoid"],
    [[2, 2, 1, 3], 2, "softplus"],
  ] as const) {
    it(`${JSON.stringify(shape)} -> ${units} (${activation})`, () => {
      const layer = new Dense(units, { activation, dtype: "float64" });
      const x = randomTensor(shape.slice(), 5);
      layer.apply(x);
      const [kernel, bias] = layer.getWeights();
      // Inputs, kernel and bias as one function so every argument is checked.
      checkGradients((xi, k, b) => {
        layer.setWeights([k, b]);
        return layer.apply(xi);
      }, [x, randomTensor(kernel.shape.slice(), 6), randomTensor(bias.shape.slice(), 7)]);
    });
  }
});
