/** keras.layers.Reshape: contract, Keras fixture, -1 inference, Keras's errors, symbolic shapes, gradients. */
import { describe, expect, it } from "vitest";
import { Input, layers, Tensor } from "../../src/index.js";
import { checkGradients, randomTensor } from "../utils/gradcheck.js";
import { runLayerFixture } from "../utils/layer-fixture.js";
import { runLayerTest } from "../utils/layer-test.js";

const { Reshape } = layers;
const iota = (shape: number[]) => new Tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i), shape, "float32");

describe("Reshape: layer contract", () => {
  it("fully specified target", () => {
    runLayerTest({
      layerCls: Reshape, initArgs: [[8, 1]], inputShape: [3, 2, 4], expectedOutputShape: [3, 8, 1],
      expectedNumTrainableWeights: 0, expectedNumNonTrainableWeights: 0, expectedNumSeedGenerators: 0, supportsMasking: false,
      assertBuiltAfterInstantiation: true,
    });
  });
  it("-1 entry", () => {
    runLayerTest({ layerCls: Reshape, initArgs: [[-1, 2]], inputShape: [3, 2, 4], expectedOutputShape: [3, 4, 2] });
    runLayerTest({ layerCls: Reshape, initArgs: [[2, -1, 1]], inputShape: [2, 6], expectedOutputShape: [2, 2, 3, 1] });
  });
  it("integer input keeps its dtype", () => {
    runLayerTest({ layerCls: Reshape, initArgs: [[6]], inputShape: [2, 3, 2], inputDtype: "int32", expectedOutputShape: [2, 6], expectedOutputDtype: "int32" });
  });
  it("values keep row-major order", () => {
    runLayerTest({ layerCls: Reshape, initArgs: [[3, 2]], inputData: iota([1, 6]), expectedOutput: [[[0, 1], [2, 3], [4, 5]]] });
  });
});

describe("Reshape: Keras fixture", () => {
  it("reshape", () => {
    runLayerFixture("reshape");
  });
});

describe("Reshape: shapes and errors", () => {
  it("symbolic: -1 against an unknown dim stays unknown; the batch axis is kept", () => {
    expect(new Reshape([-1, 2]).apply(Input({ shape: [null, 6] })).shape).toEqual([null, null, 2]);
    expect(new Reshape([-1, 2]).apply(Input({ shape: [3, 4] })).shape).toEqual([null, 6, 2]);
    expect(new Reshape([4, 3]).apply(Input({ shape: [null, 6], batchSize: 5 })).shape).toEqual([5, 4, 3]);
    // Eagerly the same layer resolves the -1 from the data.
    expect(new Reshape([-1, 2]).apply(iota([2, 3, 4])).shape).toEqual([2, 6, 2]);
  });
  it("works with a batch of 0", () => {
    expect(new Reshape([-1, 2]).apply(new Tensor(new Float32Array(0), [0, 4], "float32")).shape).toEqual([0, 2, 2]);
  });
  it("more than one -1 (Keras's message)", () => {
    expect(() => new Reshape([-1, 3, -1])).toThrow("The `target_shape` argument must not contain more than one `-1` value. Received: target_shape=(-1, 3, -1)");
  });
  it("size mismatch (Keras's message)", () => {
    expect(() => new Reshape([4]).apply(iota([2, 3]))).toThrow("The total size of the tensor must be unchanged. Received: input_shape=(3,), target_shape=(4,)");
    expect(() => new Reshape([5, 5]).apply(Input({ shape: [6] }))).toThrow("The total size of the tensor must be unchanged. Received: input_shape=(6,), target_shape=(5, 5)");
  });
  it("-1 that does not divide (Keras's message)", () => {
    expect(() => new Reshape([4, -1]).apply(iota([2, 6]))).toThrow(
      "The total size of the tensor must be unchanged, however, the input size cannot by divided by the specified dimensions in target_shape. Received: input_shape=(6,), target_shape=(4, -1)",
    );
  });
  it("a target_shape that is not a list of dims", () => {
    expect(() => new Reshape([2.5] as never)).toThrow(/target_shape/);
    expect(() => new Reshape(3 as never)).toThrow(/target_shape/);
    expect(() => new Reshape([-2, 3])).toThrow(/target_shape/);
  });
  it("config: target_shape as a list, no build config", () => {
    const layer = new Reshape([3, -1]);
    layer.apply(iota([2, 6]));
    const envelope = layers.serialize(layer);
    expect(envelope.config.target_shape).toEqual([3, -1]);
    expect(envelope.build_config).toBeUndefined();
  });
});

describe("Reshape: gradients (float64 finite differences)", () => {
  for (const [target, shape] of [
    [[-1], [2, 3, 4]],
    [[4, 3], [2, 12]],
    [[1, -1, 1], [3, 5]],
    [[2, 2], [1, 2, 2]],
  ] as const) {
    it(`${JSON.stringify(shape)} -> ${JSON.stringify(target)}`, () => {
      const layer = new Reshape(target.slice(), { dtype: "float64" });
      checkGradients((x) => layer.apply(x), [randomTensor(shape.slice(), 4)]);
    });
  }
});
