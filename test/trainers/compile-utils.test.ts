/**
 * compile with several outputs (lists and dicts keyed by output name), loss
 * weights, weighted metrics, string identifiers, and Keras's compile_config
 * (test/fixtures/keras/serial_compiled_model.json). Values are worked out by
 * hand from weights set so that every output is its bias.
 */
import { describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import { ops } from "../../src/index.js";
import { deserializeKerasObject } from "../../src/saving/serialization-lib.js";
import { CompileMetrics } from "../../src/trainers/compile-utils.js";
import { loadFixture } from "../utils/fixtures.js";

const { layers, metrics, losses } = keras;

/** The fixture's model: input a (4) -> dense (5, relu) -> {cls: Dense(3), reg: Dense(1)}. */
function compiledModelFixture(): keras.Model {
  const fx = loadFixture("serial_compiled_model");
  return keras.Model.fromConfig(fx.get_config);
}

/** Zero kernels: the hidden layer outputs 0, so each output equals its bias. */
function setBiases(model: keras.Model, biases: Record<string, number[]>): void {
  for (const layer of model.layers) {
    const ws = layer.getWeights();
    if (ws.length === 0) continue;
    layer.setWeights([ops.zeros(ws[0].shape), biases[layer.name] ?? ops.zeros(ws[1].shape)]);
  }
}

describe("compile_config", () => {
  it("matches Keras's for dict losses, loss weights, metrics and Adam with a schedule", () => {
    const fx = loadFixture("serial_compiled_model");
    const model = compiledModelFixture();
    model.compile({
      optimizer: new keras.optimizers.Adam({ learningRate: new keras.optimizers.schedules.ExponentialDecay(0.001, 100, 0.9) }),
      loss: { reg: "mse", cls: new losses.SparseCategoricalCrossentropy({ fromLogits: true }) },
      lossWeights: { reg: 0.5, cls: 1.0 },
      metrics: { reg: ["mae"], cls: ["sparse_categorical_accuracy"] },
    });
    expect(model.getCompileConfig()).toEqual(fx.compile_config);
  });

  it("compileFromConfig rebuilds the same compile config, and deserializing the envelope compiles the model", () => {
    const fx = loadFixture("serial_compiled_model");
    const model = compiledModelFixture();
    expect(model.getCompileConfig()).toEqual({});
    model.compileFromConfig({});
    expect(model.compiled).toBe(false);
    model.compileFromConfig(fx.compile_config);
    expect(model.compiled).toBe(true);
    expect(model.getCompileConfig()).toEqual(fx.compile_config);
    // The optimizer is built on the trainable variables, as in Keras.
    expect(model.optimizer!.variables.length).toBe(1 + 2 * model.trainableVariables.length);
    const revived = deserializeKerasObject(fx.serialize_keras_object) as keras.Model;
    expect(revived.getCompileConfig()).toEqual(fx.compile_config);
  });
});

describe("several outputs", () => {
  it("dict outputs: per-output losses and metrics named after the outputs, weighted total", () => {
    const model = compiledModelFixture();
    model.compileFromConfig(loadFixture("serial_compiled_model").compile_config);
    setBiases(model, { cls: [1, 0, 0], reg: [2] });
    const x = [[1, 2, 3, 4], [0, 0, 0, 0]];
    const y = { cls: [0, 1], reg: [[0], [4]] };
    const logs = model.evaluate(x, y, { verbose: 0, returnDict: true }) as Record<string, number>;
    expect(Object.keys(logs)).toEqual(["cls_loss", "cls_sparse_categorical_accuracy", "loss", "reg_loss", "reg_mae"]);
    // cls: logits [1, 0, 0]: cross-entropies log(e + 2) - 1 and log(e + 2); argmax 0 is right once.
    const cls = Math.log(Math.E + 2) - 0.5;
    expect(logs.cls_loss).toBeCloseTo(cls, 6);
    expect(logs.cls_sparse_categorical_accuracy).toBe(0.5);
    // reg: prediction 2 for targets 0 and 4.
    expect(logs.reg_loss).toBe(4);
    expect(logs.reg_mae).toBe(2);
    expect(logs.loss).toBeCloseTo(1.0 * cls + 0.5 * 4, 5);
    // As a list: loss, the per-output loss trackers, then the other keys sorted.
    const list = model.evaluate(x, y, { verbose: 0 }) as number[];
    expect(list.length).toBe(5);
    expect(list[0]).toBeCloseTo(logs.loss, 6);
    expect(list.slice(1)).toEqual([logs.cls_loss, logs.reg_loss, logs.cls_sparse_categorical_accuracy, logs.reg_mae]);
    expect(model.metricsNames).toEqual(["loss", "compile_metrics", "cls_loss", "reg_loss"]);
  });

  it("list outputs: losses, weights and metrics as lists; targets as a list or a dict by output name", async () => {
    const input = keras.Input({ shape: [2] });
    const a = new layers.Dense(1, { name: "out_a", kernelInitializer: "zeros", biasInitializer: "ones" }).apply(input);
    const b = new layers.Dense(1, { name: "out_b", kernelInitializer: "zeros", biasInitializer: "zeros" }).apply(input);
    const model = new keras.Model({ inputs: input, outputs: [a, b] });
    model.compile({ optimizer: "sgd", loss: ["mse", "mae"], lossWeights: [1, 2], metrics: [["mae"], ["mse", "mae"]] });
    const x = [[0, 0], [0, 0]];
    const ya = [[3], [1]];
    const yb = [[-2], [4]];
    const logs = model.evaluate(x, [ya, yb], { verbose: 0, returnDict: true }) as Record<string, number>;
    // out_a predicts 1: mse (4 + 0) / 2 = 2, mae 1. out_b predicts 0: mae 3, mse 10.
    expect(logs).toEqual({ loss: 2 + 2 * 3, out_a_loss: 2, out_a_mae: 1, out_b_loss: 3, out_b_mae: 3, out_b_mse: 10 });
    expect(model.evaluate(x, { out_a: ya, out_b: yb }, { verbose: 0, returnDict: true })).toEqual(logs);
    const history = await model.fit(x, [ya, yb], { epochs: 1, verbose: 0 });
    expect(Object.keys(history.history)).toEqual(["loss", "out_a_loss", "out_a_mae", "out_b_loss", "out_b_mae", "out_b_mse"]);
  });

  it("one loss for every output; a loss only for some outputs", () => {
    const input = keras.Input({ shape: [1] });
    const a = new layers.Dense(1, { name: "p", kernelInitializer: "zeros", biasInitializer: "ones" }).apply(input);
    const b = new layers.Dense(1, { name: "q", kernelInitializer: "zeros", biasInitializer: "zeros" }).apply(input);
    const model = new keras.Model({ inputs: input, outputs: [a, b] });
    model.compile({ optimizer: "sgd", loss: "mae" });
    expect(model.evaluate([[0]], [[[3]], [[5]]], { verbose: 0, returnDict: true })).toEqual({ loss: 2 + 5, p_loss: 2, q_loss: 5 });
    model.compile({ optimizer: "sgd", loss: [null, "mae"] });
    // Only q has a loss: a single loss has no per-output tracker; targets for the outputs with a loss suffice.
    expect(model.evaluate([[0]], [[[3]], [[5]]], { verbose: 0, returnDict: true })).toEqual({ loss: 5 });
    expect(model.evaluate([[0]], [ops.convertToTensor([[5]])], { verbose: 0, returnDict: true })).toEqual({ loss: 5 });
  });

  it("bad structures give Keras's errors", () => {
    const input = keras.Input({ shape: [1] });
    const model = new keras.Model({ inputs: input, outputs: [new layers.Dense(1, { name: "p" }).apply(input), new layers.Dense(1, { name: "q" }).apply(input)] });
    model.compile({ optimizer: "sgd", loss: ["mse", "mse", "mse"] });
    expect(() => model.evaluate([[0]], [[[1]], [[1]]], { verbose: 0 })).toThrow(
      "For a model with multiple outputs, when providing the `loss` argument as a list, it should have as many entries as the model has outputs.",
    );
    model.compile({ optimizer: "sgd", loss: { p: "mse", r: "mse" } });
    expect(() => model.evaluate([[0]], [[[1]], [[1]]], { verbose: 0 })).toThrow("Expected keys ['p', 'q'] in loss dict, but found loss.keys()=['p', 'r']");
    model.compile({ optimizer: "sgd", loss: "mse", metrics: { r: ["mae"] } });
    expect(() => model.evaluate([[0]], [[[1]], [[1]]], { verbose: 0 })).toThrow("In the dict argument `metrics`, key 'r' does not correspond to any model output.");
    model.compile({ optimizer: "sgd", loss: "mse" });
    const one = ops.convertToTensor([[1]]);
    expect(() => model.evaluate([[0]], [one, one, one], { verbose: 0 })).toThrow("y_true and y_pred have different structures.");
    expect(() => model.compile({ loss: "mse", lossWeights: "heavy" as never })).toThrow("Expected `loss_weights` argument to be a float");
    expect(() => model.compile({ loss: "mse", metrics: "mae" as never })).toThrow("Expected `metrics` argument to be a list, tuple, or dict.");
  });
});

describe("metric names and identifiers", () => {
  function oneOutput(units: number, bias: number[]): keras.Model {
    const model = new keras.Sequential([keras.Input({ shape: [1] }), new layers.Dense(units, { kernelInitializer: "zeros" })]);
    model.layers[0].setWeights([ops.zeros([1, units]), bias]);
    return model;
  }

  function compiled(model: keras.Model): keras.metrics.Metric[] {
    return (model.metrics.find((m) => m instanceof CompileMetrics) as CompileMetrics).metrics as never;
  }

  it('"accuracy" becomes binary, sparse categorical or categorical accuracy from the shapes', () => {
    const binary = oneOutput(1, [0.7]);
    binary.compile({ optimizer: "sgd", loss: "binary_crossentropy", metrics: ["accuracy"] });
    expect(binary.evaluate([[0], [0]], [[1], [0]], { verbose: 0, returnDict: true })).toMatchObject({ accuracy: 0.5 });
    expect(compiled(binary)[0]).toBeInstanceOf(metrics.BinaryAccuracy);

    const sparse = oneOutput(3, [0, 2, 1]);
    sparse.compile({ optimizer: "sgd", loss: "ce", metrics: ["acc"] });
    const logs = sparse.evaluate([[0], [0]], [1, 2], { verbose: 0, returnDict: true }) as Record<string, number>;
    expect(logs.acc).toBe(0.5);
    expect(compiled(sparse)[0]).toBeInstanceOf(metrics.SparseCategoricalAccuracy);
    // "ce" resolved to sparse categorical crossentropy on probabilities [0, 2, 1] (not from logits): clipped and normalised.
    const p = [0, 2, 1].map((v) => v / 3);
    expect(logs.loss).toBeCloseTo(-(Math.log(p[1]) + Math.log(p[2])) / 2, 5);

    const categorical = oneOutput(3, [0, 2, 1]);
    categorical.compile({ optimizer: "sgd", loss: "categorical_crossentropy", metrics: ["accuracy"] });
    expect(categorical.evaluate([[0]], [[0, 1, 0]], { verbose: 0, returnDict: true })).toMatchObject({ accuracy: 1 });
    expect(compiled(categorical)[0]).toBeInstanceOf(metrics.CategoricalAccuracy);
  });

  it("names: strings as given, instances by name, functions by Keras (or JS) name; weighted repeats get weighted_", () => {
    const model = oneOutput(1, [1]);
    function halfError(yTrue: keras.Tensor, yPred: keras.Tensor) {
      return ops.mean(ops.multiply(ops.abs(ops.subtract(yTrue, yPred)), 0.5), -1);
    }
    model.compile({
      optimizer: "sgd",
      loss: "mse",
      metrics: ["mae", new metrics.MeanSquaredError({ name: "my_mse" }), losses.meanAbsoluteError, halfError],
      weightedMetrics: ["mae"],
    });
    const logs = model.evaluate([[0], [0]], [[3], [1]], { sampleWeight: [1, 0], verbose: 0, returnDict: true }) as Record<string, number>;
    // Prediction 1: errors 2 and 0. Unweighted mae 1; weighted mae (1 * 2 + 0 * 0) / (1 + 0) = 2.
    expect(Object.keys(logs)).toEqual(["halfError", "loss", "mae", "mean_absolute_error", "my_mse", "weighted_mae"]);
    expect(logs.mae).toBe(1);
    expect(logs.weighted_mae).toBe(2);
    expect(logs.my_mse).toBe(2);
    expect(logs.mean_absolute_error).toBe(1);
    expect(logs.halfError).toBe(0.5);
    // The loss is weighted: (1 * 4 + 0 * 0) / 2 samples.
    expect(logs.loss).toBe(2);
  });
});
