/**
 * Keras model fixtures built around the convolution and pooling layers:
 * sequential_cnn (Conv2D -> MaxPooling2D -> Flatten -> Dense),
 * sequential_conv1d_stack (Conv1D -> BatchNormalization -> ReLU ->
 * GlobalMaxPooling1D -> Dense) and global_avgpool1d_masked (Embedding with
 * mask_zero -> GlobalAveragePooling1D: the mean over unmasked steps only).
 * Each is rebuilt from its Keras config (which must serialize back unchanged),
 * given the fixture weights, and checked on outputs and on the VJP w.r.t. the
 * float inputs and every trainable weight.
 */
import { describe, expect, it } from "vitest";
import { Model, saving, Tensor } from "../../../src/index.js";
import { fixtureTensor, loadFixture } from "../../utils/fixtures.js";
import { expectAllClose, expectSameConfig, vjp } from "../helpers.js";

function runModelFixture(name: string): { model: Model; outputs: Tensor } {
  const fx = loadFixture(name);
  expect(fx.kind).toBe("model");
  const model = saving.deserializeKerasObject(fx.model) as Model;
  expectSameConfig(saving.serializeKerasObject(model), fx.model);
  expect(model.weights.map((w) => w.name)).toEqual(fx.weights.map((w: { name: string }) => w.name));
  model.setWeights(fx.weights.map(fixtureTensor));

  const x = fixtureTensor(fx.inputs[0]);
  const y = model.apply(x) as Tensor;
  expectAllClose(y, fixtureTensor(fx.outputs[0]), 1e-5, 1e-6);
  expect(y.kerasMask ?? null).toBeNull();

  const floatInput = x.dtype.startsWith("float");
  const g = vjp((xs) => model.apply(floatInput ? xs[0] : x) as Tensor, floatInput ? [x] : [], model.trainableWeights, fx.grads.upstream.map(fixtureTensor));
  if (floatInput) expectAllClose(g.inputs[0], fixtureTensor(fx.grads.inputs[0]), 1e-4, 1e-5);
  else expect(fx.grads.inputs[0]).toBeNull();
  expect(g.weights.length).toBe(fx.grads.weights.length);
  g.weights.forEach((gw, i) => expectAllClose(gw, fixtureTensor(fx.grads.weights[i]), 1e-4, 1e-5));
  return { model, outputs: y };
}

describe("model fixtures with convolution / pooling layers", () => {
  it("sequential_cnn", () => {
    runModelFixture("sequential_cnn");
  });
  it("sequential_conv1d_stack", () => {
    runModelFixture("sequential_conv1d_stack");
  });
  it("global_avgpool1d_masked: masked steps are left out of the mean", () => {
    const { model, outputs } = runModelFixture("global_avgpool1d_masked");
    // Row 2 of the input is [4, 0, 0, 0, 0]: only step 0 is unmasked, so the output is that step's embedding.
    const embedding = model.layers.find((l) => l.constructor.name === "Embedding")!.getWeights()[0];
    const row4 = Array.from(embedding.data.slice(4 * 3, 5 * 3));
    expect(Array.from(outputs.data.slice(6, 9))).toEqual(row4);
  });
});
