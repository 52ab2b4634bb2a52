/**
 * Legacy HDF5 files as Keras 2 (tf.keras) wrote them: full models
 * (`model_config` in Keras 2 form: `batch_input_shape`, plain-string dtypes,
 * initializers without `module`, list-style `inbound_nodes`; weights named
 * `dense/kernel:0`), weights-only files (`layer_names` at the root), loading
 * by name, and the training config. The files are built here with the exact
 * layout Keras 2 writes (the fixtures' `.h5` files, written by Keras 3's
 * legacy writer, are covered in keras-fixtures.test.ts).
 */
import { beforeEach, describe, expect, it } from "vitest";
import { Input, Model, Sequential, Tensor, layers, optimizers, saving, utils } from "../../src/index.js";
import { H5Writer } from "../../src/saving/h5-store.js";
import { fixtureBytes, fixtureTensor, loadFixture } from "./helpers.js";

beforeEach(() => utils.clearSession());

function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out[i] = s / 2147483648 - 0.5;
  }
  return out;
}

const GU = { class_name: "GlorotUniform", config: { seed: null } };
const Z = { class_name: "Zeros", config: {} };
const dense2 = (name: string, units: number, activation: string, extra: Record<string, unknown> = {}) => ({
  class_name: "Dense",
  config: {
    name, trainable: true, dtype: "float32", units, activation, use_bias: true, kernel_initializer: GU, bias_initializer: Z,
    kernel_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, bias_constraint: null, ...extra,
  },
});

/** A tf.keras 2.x Sequential: InputLayer, LSTM(3), Dense(2). */
const KERAS2_SEQUENTIAL = {
  class_name: "Sequential",
  config: {
    name: "sequential",
    layers: [
      { class_name: "InputLayer", config: { batch_input_shape: [null, 4, 3], dtype: "float32", sparse: false, ragged: false, name: "lstm_input" } },
      {
        class_name: "LSTM",
        config: {
          name: "lstm", trainable: true, dtype: "float32", return_sequences: false, return_state: false, go_backwards: false, stateful: false,
          unroll: false, units: 3, activation: "tanh", recurrent_activation: "sigmoid", use_bias: true,
          kernel_initializer: GU, recurrent_initializer: { class_name: "Orthogonal", config: { gain: 1.0, seed: null } }, bias_initializer: Z,
          unit_forget_bias: true, kernel_regularizer: null, recurrent_regularizer: null, bias_regularizer: null, activity_regularizer: null,
          kernel_constraint: null, recurrent_constraint: null, bias_constraint: null, dropout: 0.0, recurrent_dropout: 0.0, implementation: 2,
        },
      },
      dense2("dense", 2, "softmax"),
    ],
  },
};

/** Keras 2 weights: [layer name, [weight name, shape]...] in model.layers order. */
const KERAS2_WEIGHTS: [string, [string, number[]][]][] = [
  ["lstm", [["lstm/lstm_cell/kernel:0", [3, 12]], ["lstm/lstm_cell/recurrent_kernel:0", [3, 12]], ["lstm/lstm_cell/bias:0", [12]]]],
  ["dense", [["dense/kernel:0", [3, 2]], ["dense/bias:0", [2]]]],
];

/** The datasets of a Keras 2 weights group, written under `root` exactly as Keras 2's `save_weights_to_hdf5_group`. */
function writeKeras2Weights(w: H5Writer, root: string, weights: [string, [string, number[]][]][], extraLayers: string[] = []): Map<string, Tensor> {
  const tensors = new Map<string, Tensor>();
  const at = (p: string) => (root ? `${root}/${p}` : p);
  w.group(root);
  w.setStringListAttr(root, "layer_names", [...extraLayers, ...weights.map(([l]) => l)]);
  w.setStringAttr(root, "backend", "tensorflow", "ascii");
  w.setStringAttr(root, "keras_version", "2.15.0", "ascii");
  for (const l of extraLayers) w.setStringListAttr(at(l), "weight_names", []);
  let seed = 1;
  for (const [layer, list] of weights) {
    w.setStringListAttr(at(layer), "weight_names", list.map(([n]) => n));
    for (const [name, shape] of list) {
      const t = new Tensor(values(shape.reduce((a, b) => a * b, 1), seed++), shape, "float32");
      w.writeTensor(at(`${layer}/${name}`), t);
      tensors.set(name, t);
    }
  }
  return tensors;
}

async function keras2ModelFile(trainingConfig?: unknown): Promise<{ bytes: Uint8Array; tensors: Map<string, Tensor> }> {
  const w = await H5Writer.create();
  w.setStringAttr("", "keras_version", "2.15.0", "ascii");
  w.setStringAttr("", "backend", "tensorflow", "ascii");
  w.setStringAttr("", "model_config", JSON.stringify(KERAS2_SEQUENTIAL), "ascii");
  if (trainingConfig) w.setStringAttr("", "training_config", JSON.stringify(trainingConfig), "ascii");
  const tensors = writeKeras2Weights(w, "model_weights", KERAS2_WEIGHTS, ["lstm_input"]);
  return { bytes: w.finish(), tensors };
}

const seqInput = new Tensor(values(2 * 4 * 3, 77), [2, 4, 3], "float32");

describe("Keras 2 full-model .h5", () => {
  it("loads the Keras 2 config and the weights by order, ':0' names and nested cell groups included", async () => {
    const { bytes, tensors } = await keras2ModelFile();
    const model = await saving.loadModel(bytes);
    expect(model).toBeInstanceOf(Sequential);
    expect(model.layers.map((l) => l.name)).toEqual(["lstm", "dense"]);
    const expected = KERAS2_WEIGHTS.flatMap(([, list]) => list.map(([n]) => tensors.get(n)!));
    model.getWeights().forEach((w, i) => expect(Array.from(w.data)).toEqual(Array.from(expected[i].data)));
    // Same predictions as the architecture built in code with those weights.
    const built = new Sequential([Input({ shape: [4, 3] }), new layers.LSTM(3), new layers.Dense(2, { activation: "softmax" })]);
    built.setWeights(expected);
    expect(Array.from((model.predict(seqInput) as Tensor).data)).toEqual(Array.from((built.predict(seqInput) as Tensor).data));
  });

  it("compiles from the training_config and restores the optimizer weights when present", async () => {
    const trainingConfig = {
      loss: "categorical_crossentropy", metrics: ["accuracy"], weighted_metrics: null, loss_weights: null,
      optimizer_config: { class_name: "Adam", config: { name: "Adam", learning_rate: 0.002, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, amsgrad: false } },
    };
    const { bytes } = await keras2ModelFile(trainingConfig);
    const model = await saving.loadModel(bytes);
    expect(model.compiled).toBe(true);
    const opt = (model as any).optimizer as optimizers.Optimizer;
    expect(opt).toBeInstanceOf(optimizers.Adam);
    expect(opt.getConfig().learning_rate).toBeCloseTo(0.002, 7);
    const uncompiled = await saving.loadModel(bytes, { compile: false });
    expect(uncompiled.compiled).toBe(false);
  });

  it("the Keras 3 legacy loader's file: model_config with a training config written by Keras 3.15.1 (serial_compiled_model)", async () => {
    const fx = loadFixture("serial_compiled_model");
    const w = await H5Writer.create();
    w.setStringAttr("", "backend", "numpy");
    w.setStringAttr("", "keras_version", "3.15.1");
    w.setStringAttr("", "model_config", JSON.stringify(fx.keras_zip.legacy_h5_model_config), "ascii");
    w.setStringAttr("", "training_config", JSON.stringify(fx.keras_zip.legacy_h5_training_config), "ascii");
    const layers3 = [["dense", [4, 5], [5]], ["cls", [5, 3], [3]], ["reg", [5, 1], [1]]] as const;
    w.setStringListAttr("model_weights", "layer_names", ["a", ...layers3.map(([n]) => n)]);
    w.setStringListAttr("model_weights/a", "weight_names", []);
    let seed = 10;
    for (const [name, k, b] of layers3) {
      w.setStringListAttr(`model_weights/${name}`, "weight_names", [`${name}/kernel`, `${name}/bias`]);
      w.writeTensor(`model_weights/${name}/${name}/kernel`, new Tensor(values(k[0] * k[1], seed++), [...k], "float32"));
      w.writeTensor(`model_weights/${name}/${name}/bias`, new Tensor(values(b[0], seed++), [...b], "float32"));
    }
    w.setStringListAttr("model_weights/top_level_model_weights", "weight_names", []);
    w.setStringListAttr("optimizer_weights", "weight_names", ["adam/iteration"]);
    w.writeTensor("optimizer_weights/adam/iteration", new Tensor(new Int32Array([0]), [], "int32"));
    const model = await saving.loadModel(w.finish());
    expect(model.name).toBe("compiled_model");
    expect(model.compiled).toBe(true);
    expect(Array.from(model.getLayer("reg").getWeights()[1].data)).toEqual(Array.from(values(1, 15)));
  });

  it("a file without model_config is refused with Keras's message", async () => {
    const w = await H5Writer.create();
    writeKeras2Weights(w, "", KERAS2_WEIGHTS);
    await expect(saving.loadModel(w.finish())).rejects.toThrow(/No model config found in the file at the given bytes: it holds weights only/);
  });
});

describe("Keras 2 weights-only .h5 (save_weights)", () => {
  const build = (names = ["lstm", "dense"]) =>
    new Sequential([Input({ shape: [4, 3] }), new layers.LSTM(3, { name: names[0] }), new layers.Dense(2, { activation: "softmax", name: names[1] })]);

  it("loads by order (layer_names at the root)", async () => {
    const w = await H5Writer.create();
    const tensors = writeKeras2Weights(w, "", KERAS2_WEIGHTS);
    const model = build(["first", "second"]);
    await model.loadWeights(w.finish());
    const expected = KERAS2_WEIGHTS.flatMap(([, list]) => list.map(([n]) => tensors.get(n)!));
    model.getWeights().forEach((t, i) => expect(Array.from(t.data)).toEqual(Array.from(expected[i].data)));
  });

  it("byName matches layers by name and leaves the others alone", async () => {
    const w = await H5Writer.create();
    const tensors = writeKeras2Weights(w, "", [KERAS2_WEIGHTS[1]]);
    const model = new Sequential([Input({ shape: [3] }), new layers.Dense(5, { name: "other" }), new layers.Dense(2, { name: "dense" })]);
    const before = Array.from(model.getLayer("other").getWeights()[0].data);
    const bytes = w.finish();
    await expect(model.loadWeights(bytes)).rejects.toThrow(/Layer count mismatch when loading weights from file. Model expected 2 layers, found 1 saved layers/);
    const small = new Sequential([Input({ shape: [3] }), new layers.Dense(2, { name: "dense" })]);
    await small.loadWeights(bytes, { byName: true });
    expect(Array.from(small.getLayer("dense").getWeights()[0].data)).toEqual(Array.from(tensors.get("dense/kernel:0")!.data));
    expect(Array.from(model.getLayer("other").getWeights()[0].data)).toEqual(before);
  });

  it("weight count and shape mismatches give Keras's legacy messages", async () => {
    const w = await H5Writer.create();
    writeKeras2Weights(w, "", KERAS2_WEIGHTS);
    const bytes = w.finish();
    const noBias = new Sequential([Input({ shape: [4, 3] }), new layers.LSTM(3), new layers.Dense(2, { useBias: false })]);
    await expect(noBias.loadWeights(bytes)).rejects.toThrow(/Weight count mismatch for layer #1 \(named dense in the current model, dense in the save file\)/);
    const wide = new Sequential([Input({ shape: [4, 3] }), new layers.LSTM(4), new layers.Dense(2)]);
    await expect(wide.loadWeights(bytes)).rejects.toThrow(/Shape mismatch in layer #0 \(named lstm(_\d+)?\) for weight .*kernel. Weight expects shape \(3, 16\). Received saved weight with shape \(3, 12\)/);
  });
});

describe("Keras 3.15.1 legacy .h5 fixtures", () => {
  it("the weights of functional_nested_model (a Sequential inside) load by order into a model built from its config", async () => {
    const fx = loadFixture("functional_nested_model");
    const model = saving.deserializeKerasObject(fx.model) as Model;
    await model.loadWeights(fixtureBytes("functional_nested_model.h5"));
    model.weights.forEach((w, i) => expect(Array.from(w.value.data)).toEqual(Array.from(fixtureTensor(fx.weights[i]).data)));
  });
});
