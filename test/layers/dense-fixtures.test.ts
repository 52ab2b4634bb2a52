/** Dense against the Keras 3.15.1 fixtures: configs, outputs, gradients. */
import { describe, expect, it } from "vitest";
import { layers, saving, Sequential } from "../../src/index.js";
import { fixtureNames, fixtureTensor, loadFixture } from "../utils/fixtures.js";
import { expectAllClose, expectFixtureSerialization, expectSameConfig, loadFixtureWeights, vjp } from "./helpers.js";

const cases = fixtureNames(undefined, "dense_").filter((n) => loadFixture(n).kind === "layer");

describe("Dense fixtures", () => {
  it("has the expected number of cases", () => {
    expect(cases.length).toBe(34);
  });

  for (const name of cases) {
    describe(name, () => {
      const fx = loadFixture(name);

      it("config round trip matches Keras (get_config, before_build, after_build)", () => {
        expectFixtureSerialization(fx, layers.Dense);
      });

      it("weight paths follow the model's name scope", () => {
        const inputCfg = fx.model.config.layers[0].config;
        const model = new Sequential([layers.Input({ shape: inputCfg.batch_shape.slice(1), name: "input" }), layers.Dense.fromConfig(fx.serialization.get_config)], {
          name: fx.model.config.name,
        });
        expect(model.weights.map((w) => w.path)).toEqual(fx.weights.map((w: { path: string }) => w.path));
      });

      it("outputs and gradients match the fixture", () => {
        const model = saving.deserializeKerasObject(fx.model) as Sequential;
        expect(model).toBeInstanceOf(Sequential);
        expectSameConfig(saving.serializeKerasObject(model), fx.model);
        loadFixtureWeights(model.weights, fx.weights);
        const x = fixtureTensor(fx.inputs[0]);
        const y = model.predict(x);
        expectAllClose(y, fixtureTensor(fx.outputs[0]), 1e-5, 1e-6);

        const g = vjp((xs) => model.apply(xs[0]), [x], model.trainableWeights, fx.grads.upstream.map(fixtureTensor));
        expectAllClose(g.inputs[0], fixtureTensor(fx.grads.inputs[0]), 1e-4, 1e-5);
        g.weights.forEach((gw, i) => expectAllClose(gw, fixtureTensor(fx.grads.weights[i]), 1e-4, 1e-5));
      });
    });
  }
});
