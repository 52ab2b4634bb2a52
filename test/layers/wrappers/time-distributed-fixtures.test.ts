/**
 * TimeDistributed against the Keras 3.15.1 fixtures (Dense and Conv2D inside),
 * and the functional_shared_dense model (a Dense shared by two inputs, then
 * Concatenate and a Dense head) rebuilt from Keras's config.
 */
import { describe, expect, it } from "vitest";
import { Model, saving, Tensor } from "../../../src/index.js";
import { fixtureTensor, loadFixture } from "../../utils/fixtures.js";
import { runLayerFixture } from "../../utils/layer-fixture.js";
import { expectAllClose, expectSameConfig, vjp } from "../helpers.js";

describe("TimeDistributed fixtures", () => {
  it("time_distributed_dense", () => {
    runLayerFixture("time_distributed_dense");
  });
  it("time_distributed_conv2d", () => void runLayerFixture("time_distributed_conv2d"));
});

describe("functional_shared_dense model fixture", () => {
  it("rebuilds from Keras's config and matches outputs and gradients", () => {
    const fx = loadFixture("functional_shared_dense");
    const model = saving.deserializeKerasObject(fx.model) as Model;
    expectSameConfig(saving.serializeKerasObject(model), fx.model);
    expect(model.weights.map((w) => w.path)).toEqual(fx.weights.map((w: { path: string }) => w.path));
    model.setWeights(fx.weights.map(fixtureTensor));
    const inputs = fx.inputs.map(fixtureTensor) as Tensor[];
    const y = model.apply(inputs) as Tensor;
    expectAllClose(y, fixtureTensor(fx.outputs[0]), 1e-5, 1e-6);
    const g = vjp((xs) => model.apply(xs) as Tensor, inputs, model.trainableWeights, fx.grads.upstream.map(fixtureTensor));
    g.inputs.forEach((gi, i) => expectAllClose(gi, fixtureTensor(fx.grads.inputs[i]), 1e-4, 1e-5));
    expect(g.weights.length).toBe(fx.grads.weights.length);
    g.weights.forEach((gw, i) => expectAllClose(gw, fixtureTensor(fx.grads.weights[i]), 1e-4, 1e-5));
  });
});
