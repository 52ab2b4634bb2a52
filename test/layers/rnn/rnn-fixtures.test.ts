/**
 * Recurrent layers against the Keras 3.15.1 fixtures: configs (get_config,
 * serialization before / after build, the wrapper model's config), weight
 * paths, outputs (1e-5), output masks, and vector-Jacobian products with
 * respect to the inputs and every trainable weight (1e-4 relative).
 */
import { describe, expect, it } from "vitest";
import { Sequential, Tensor, layers, ops, saving } from "../../../src/index.js";
import { fixtureTensor, loadFixture } from "../../utils/fixtures.js";
import { expectAllClose, expectFixtureSerialization, expectSameConfig, loadFixtureWeights, vjp } from "../helpers.js";
import { runLayerFixture } from "../../utils/layer-fixture.js";

const LAYER_CASES = [
  "lstm", "lstm_seq", "lstm_return_state", "lstm_unroll_backwards",
  "gru", "gru_reset_before_seq", "gru_return_state", "gru_unroll",
  "simple_rnn", "simple_rnn_seq_backwards", "simple_rnn_unroll",
  "rnn_stacked_cells",
  "bidirectional_gru_last", "bidirectional_lstm_ave", "bidirectional_lstm_concat", "bidirectional_lstm_mul",
  "bidirectional_lstm_none", "bidirectional_lstm_sum", "bidirectional_return_state",
];
const MODEL_CASES = ["lstm_masked_seq", "gru_masked_backwards", "sequential_embedding_lstm_masked"];

const CLASSES: Record<string, { fromConfig(c: any): layers.Layer }> = {
  LSTM: layers.LSTM, GRU: layers.GRU, SimpleRNN: layers.SimpleRNN, RNN: layers.RNN, Bidirectional: layers.Bidirectional,
};

/** A copy of a config without any `build_config` (so nothing is built while deserializing). */
function withoutBuildConfigs(x: any): any {
  if (Array.isArray(x)) return x.map(withoutBuildConfigs);
  if (x && typeof x === "object") return Object.fromEntries(Object.entries(x).filter(([k]) => k !== "build_config").map(([k, v]) => [k, withoutBuildConfigs(v)]));
  return x;
}

function asList<T>(x: T | T[]): T[] {
  return Array.isArray(x) ? x : [x];
}

function checkOutputsAndGradients(fx: any): void {
  const model = saving.deserializeKerasObject(fx.model) as layers.Layer & { predict(x: unknown): any };
  expectSameConfig(saving.serializeKerasObject(model), fx.model);
  loadFixtureWeights(model.weights, fx.weights);
  const inputs = fx.inputs.map(fixtureTensor) as Tensor[];
  const predicted = asList(model.predict(inputs.length === 1 ? inputs[0] : inputs)) as Tensor[];
  expect(predicted.length).toBe(fx.outputs.length);
  predicted.forEach((y, i) => expectAllClose(y, fixtureTensor(fx.outputs[i]), 1e-5, 1e-6));

  if (!fx.grads) return;
  const upstream = fx.grads.upstream.map(fixtureTensor) as Tensor[];
  const g = vjp((xs) => model.apply(xs.length === 1 ? xs[0] : xs) as Tensor | Tensor[], inputs, model.trainableWeights, upstream);
  fx.grads.inputs.forEach((expected: any, i: number) => {
    if (expected) expectAllClose(g.inputs[i], fixtureTensor(expected), 1e-4, 1e-5);
  });
  expect(g.weights.length).toBe(fx.grads.weights.length);
  g.weights.forEach((gw, i) => expectAllClose(gw, fixtureTensor(fx.grads.weights[i]), 1e-4, 1e-5));
}

describe("recurrent layer fixtures", () => {
  for (const name of LAYER_CASES) {
    describe(name, () => {
      const fx = loadFixture(name);
      const cls = CLASSES[fx.layer.class_name];

      it("config round trip matches Keras (get_config, before_build, after_build)", () => {
        expectFixtureSerialization(fx, cls);
      });

      it("weight paths and shapes follow Keras", () => {
        // A Sequential wrapper is rebuilt the way Keras built it (Input, then the layer), so the model's name scope applies.
        const inputCfg = fx.model.config.layers[0].config;
        // Nested build configs are dropped so nested layers build inside their parents' scopes, as when Keras built them.
        const model =
          fx.model.class_name === "Sequential"
            ? new Sequential([layers.Input({ shape: inputCfg.batch_shape.slice(1), name: inputCfg.name }), cls.fromConfig(withoutBuildConfigs(fx.serialization.get_config))], { name: fx.model.config.name })
            : (saving.deserializeKerasObject(withoutBuildConfigs(fx.model)) as layers.Layer);
        expect(model.weights.map((w) => w.path)).toEqual(fx.weights.map((w: { path: string }) => w.path));
        expect(model.weights.map((w) => w.shape)).toEqual(fx.weights.map((w: { shape: number[] }) => w.shape));
      });

      it("outputs and gradients match the fixture", () => {
        checkOutputsAndGradients(fx);
      });

      it("passes the team's layer-fixture harness (symbolic build config, replayed wrapper graph)", () => {
        runLayerFixture(name);
      });
    });
  }

  for (const name of MODEL_CASES) {
    it(`${name}: model outputs and gradients match the fixture`, () => {
      checkOutputsAndGradients(loadFixture(name));
    });
  }

  // Masking -> RNN, with the mask Masking would compute (any feature != 0) passed explicitly.
  for (const name of ["lstm_masked_seq", "gru_masked_backwards"]) {
    it(`${name}: the recurrent layer with Masking's mask matches the fixture`, () => {
      const fx = loadFixture(name);
      const rnnConfig = fx.model.config.layers.find((l: { class_name: string }) => l.class_name in CLASSES);
      const layer = CLASSES[rnnConfig.class_name].fromConfig(rnnConfig.config);
      const x = fixtureTensor(fx.inputs[0]);
      const mask = ops.any(ops.notEqual(x, 0), -1);
      expect(mask.toArray()).toContainEqual(expect.arrayContaining([false]));
      layer.apply(x, { mask });
      loadFixtureWeights(layer.weights, fx.weights);
      expectAllClose(layer.apply(x, { mask }) as Tensor, fixtureTensor(fx.outputs[0]), 1e-5, 1e-6);
      const upstream = fx.grads.upstream.map(fixtureTensor) as Tensor[];
      const g = vjp((xs) => layer.apply(xs[0], { mask }) as Tensor, [x], layer.trainableWeights, upstream);
      expectAllClose(g.inputs[0], fixtureTensor(fx.grads.inputs[0]), 1e-4, 1e-5);
      g.weights.forEach((gw, i) => expectAllClose(gw, fixtureTensor(fx.grads.weights[i]), 1e-4, 1e-5));
    });
  }
});
