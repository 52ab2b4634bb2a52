/**
 * Variable paths of built and reloaded models, as Keras 3.15.1 gives them.
 *
 * A variable's path is the name-scope path open when it is created, and a
 * layer's scope is fixed by where it is first built. Building a Sequential
 * builds its layers inside the model's scope ("seq/dense/kernel", the paths
 * in the fixtures' `weights`). `load_model` of a `.keras` file is different:
 * `deserialize_keras_object` builds each layer from its `build_config`
 * while deserializing the model's layer list, before the model exists and
 * outside any scope, so the reloaded Sequential's paths have no model
 * prefix ("dense/kernel"). The legacy `.h5` model_config has no
 * `build_config`, so there the layers are built by `Sequential.add` inside
 * the model's scope and keep the prefix.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import { fixturePath, loadFixture } from "../utils/fixtures.js";

const paths = (m: keras.Model) => m.weights.map((w) => w.path);

async function load(file: string): Promise<keras.Model> {
  keras.utils.clearSession();
  const warn = console.warn;
  console.warn = () => {};
  try {
    return await keras.saving.loadModel(new Uint8Array(readFileSync(fixturePath(file))));
  } finally {
    console.warn = warn;
  }
}

describe("a Sequential built directly: paths under the model's name (the fixtures' weights)", () => {
  it.each(["sequential_mlp", "sequential_cnn", "lstm_masked_seq", "serial_sequential"])("%s", (name) => {
    const fx = loadFixture(name);
    const config = fx.model ?? fx.serialize_keras_object;
    keras.utils.clearSession();
    // The layers as a user writes them: unbuilt (no build_config), built by the model.
    const layers = config.config.layers.map((l: Record<string, unknown>) => keras.layers.deserialize({ ...l, build_config: undefined } as never));
    const model = new keras.Sequential(layers, { name: config.config.name });
    expect(paths(model)).toEqual(fx.weights.map((w: { path: string }) => w.path));
  });
});

describe("reloaded models", () => {
  it("a Keras-written .keras Sequential: layers built from build_config before the model, so no model prefix", async () => {
    expect(paths(await load("sequential_mlp.keras"))).toEqual(["dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias"]);
    expect(paths(await load("lstm_masked_seq.keras"))).toEqual(["lstm/lstm_cell/kernel", "lstm/lstm_cell/recurrent_kernel", "lstm/lstm_cell/bias"]);
  });

  it("a Sequential nested in a Functional model: its layers lose the inner model's prefix as well", async () => {
    expect(paths(await load("functional_nested_model.keras"))).toEqual([
      "inner_dense/kernel",
      "inner_dense/bias",
      "inner_out/kernel",
      "inner_out/bias",
      "head/kernel",
      "head/bias",
    ]);
  });

  it("a Functional model's paths never had a prefix: built and reloaded agree", async () => {
    const fx = loadFixture("functional_multi_io");
    expect(paths(await load("functional_multi_io.keras"))).toEqual(fx.weights.map((w: { path: string }) => w.path));
  });

  it("a Keras-written legacy .h5 Sequential: built by the model, so with the prefix", async () => {
    for (const name of ["sequential_mlp", "lstm_masked_seq", "functional_nested_model"]) {
      const fx = loadFixture(name);
      expect(paths(await load(`${name}.h5`))).toEqual(fx.weights.map((w: { path: string }) => w.path));
    }
  });

  it("a model saved and reloaded by keras-ts follows the same rule", async () => {
    keras.utils.clearSession();
    const model = new keras.Sequential([keras.Input({ shape: [3] }), new keras.layers.Dense(2)]);
    expect(paths(model)).toEqual(["sequential/dense/kernel", "sequential/dense/bias"]);
    const bytes = await model.save();
    keras.utils.clearSession();
    expect(paths(await keras.saving.loadModel(bytes))).toEqual(["dense/kernel", "dense/bias"]);
  });
});
