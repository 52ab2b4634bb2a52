/**
 * Attention inside models: the functional_attention_block Keras fixture
 * (x -> MHA(x, x) -> Add -> LayerNormalization -> Dense(gelu)), and a
 * transformer block built from keras.Input: summary, JSON round trip, and a
 * few training steps.
 */
import { describe, expect, it } from "vitest";
import * as keras from "../../../src/index.js";
import { Model, Tensor, saving } from "../../../src/index.js";
import { fixtureTensor, loadFixture } from "../../utils/fixtures.js";
import { randomTensor } from "../../utils/gradcheck.js";
import { expectAllClose, expectSameConfig, vjp } from "../helpers.js";

function transformerBlock(): Model {
  const x = keras.Input({ shape: [5, 8], name: "tokens" });
  const attn = new keras.layers.MultiHeadAttention(2, 4).apply(x, x, { useCausalMask: true });
  const h = new keras.layers.LayerNormalization().apply(new keras.layers.Add().apply([x, attn]));
  let ff = new keras.layers.Dense(16, { activation: "relu" }).apply(h);
  ff = new keras.layers.Dense(8).apply(ff);
  const out = new keras.layers.LayerNormalization().apply(new keras.layers.Add().apply([h, ff]));
  return new keras.Model({ inputs: x, outputs: out, name: "transformer_block" });
}

describe("attention in models", () => {
  it("functional_attention_block (Keras fixture): config, weights, outputs, gradients", () => {
    const fx = loadFixture("functional_attention_block");
    const model = saving.deserializeKerasObject(fx.model) as Model;
    expectSameConfig(saving.serializeKerasObject(model), fx.model);
    expect(model.weights.map((w) => w.path)).toEqual(fx.weights.map((w: { path: string }) => w.path));
    model.setWeights(fx.weights.map(fixtureTensor));
    const x = fixtureTensor(fx.inputs[0]);
    const y = model.apply(x) as Tensor;
    expectAllClose(y, fixtureTensor(fx.outputs[0]), 1e-5, 1e-6);
    const g = vjp((xs) => model.apply(xs[0]) as Tensor, [x], model.trainableWeights, fx.grads.upstream.map(fixtureTensor));
    expectAllClose(g.inputs[0], fixtureTensor(fx.grads.inputs[0]), 1e-4, 1e-5);
    expect(g.weights.length).toBe(fx.grads.weights.length);
    g.weights.forEach((gw, i) => expectAllClose(gw, fixtureTensor(fx.grads.weights[i]), 1e-4, 1e-5));
  });

  for (const name of ["mha_self_causal", "mha_key_value_scores", "gqa_causal_scores", "attention_causal_scores"]) {
    it(`${name}: Keras's wrapper model loads with its snake_case call keywords and serializes back unchanged`, () => {
      const fx = loadFixture(name);
      const model = saving.deserializeKerasObject(fx.model) as Model;
      expectSameConfig(saving.serializeKerasObject(model), fx.model);
      model.setWeights(fx.weights.map(fixtureTensor));
      const inputs = fx.inputs.map(fixtureTensor);
      const outputs = [model.apply(inputs.length === 1 ? inputs[0] : inputs)].flat() as Tensor[];
      expect(outputs.length).toBe(fx.outputs.length);
      outputs.forEach((o, i) => expectAllClose(o, fixtureTensor(fx.outputs[i]), 1e-5, 1e-6));
    });
  }

  it("a transformer block from keras.Input: summary with hand-counted parameters", () => {
    const model = transformerBlock();
    let text = "";
    model.summary({ printFn: (s: string) => (text = s) });
    // MHA: 3 projections of 8*2*4 + 2*4, output 2*4*8 + 8 = 288; LayerNorm 2*8; Dense 8*16+16 and 16*8+8.
    expect(text).toContain('Model: "transformer_block"');
    expect(text).toMatch(/│ multi_head_attentio │ \(None, 5, 8\)\s+│\s+288 │ tokens\[0\]\[0\],\s+│/);
    expect(text).toMatch(/│ dense \(Dense\)\s+│ \(None, 5, 16\)\s+│\s+144 │ layer_normalizati/);
    expect(text).toMatch(/│ dense_1 \(Dense\)\s+│ \(None, 5, 8\)\s+│\s+136 │ dense\[0\]\[0\]/);
    expect(text).toContain(" Total params: 600 (2.34 KB)");
    expect(text).toContain(" Trainable params: 600 (2.34 KB)");
    expect(model.countParams()).toBe(600);
  });

  it("round-trips its JSON config and computes the same outputs after reloading the weights", () => {
    const model = transformerBlock();
    const json = model.toJson();
    const config = JSON.parse(json);
    const mha = config.config.layers.find((l: { class_name: string }) => l.class_name === "MultiHeadAttention");
    expect(mha.inbound_nodes[0].kwargs).toEqual({ use_causal_mask: true });
    expect(mha.build_config).toEqual({ shapes_dict: { query_shape: [null, 5, 8], value_shape: [null, 5, 8] } });
    const back = keras.models.modelFromJson(json);
    expect(back.toJson()).toBe(json);
    back.setWeights(model.getWeights());
    const x = randomTensor([3, 5, 8], 1);
    expectAllClose(back.apply(x) as Tensor, model.apply(x) as Tensor, 1e-6, 1e-7);
    // Causal: changing the last token leaves the first positions' outputs unchanged.
    const x2 = keras.ops.concatenate([keras.ops.slice(x, [0, 0, 0], [3, 4, 8]), randomTensor([3, 1, 8], 2)], 1) as Tensor;
    const a = keras.ops.slice(model.apply(x) as Tensor, [0, 0, 0], [3, 4, 8]) as Tensor;
    const b = keras.ops.slice(model.apply(x2) as Tensor, [0, 0, 0], [3, 4, 8]) as Tensor;
    expectAllClose(b, a, 1e-5, 1e-6);
  });

  it("trains: Adam steps on a regression target lower the loss", () => {
    keras.utils.setRandomSeed(1);
    const model = transformerBlock();
    const optimizer = new keras.optimizers.Adam({ learningRate: 0.01 });
    const x = randomTensor([16, 5, 8], 3);
    const y = keras.ops.multiply(keras.ops.sin(x), 0.5) as Tensor;
    const weights = model.trainableWeights;
    const losses: number[] = [];
    for (let step = 0; step < 10; step++) {
      const { value, grads } = keras.valueAndGrad(
        () => keras.ops.mean(keras.ops.square(keras.ops.subtract(model.apply(x, { training: true }) as Tensor, y))) as Tensor,
        weights,
      );
      losses.push(value.item() as number);
      optimizer.applyGradients(grads.map((g, i) => [g, weights[i]]));
    }
    // Steps of 0.01 on a smooth loss: every step lowers it.
    losses.slice(1).forEach((l, i) => expect(l).toBeLessThan(losses[i]));
    expect(losses[9]).toBeLessThan(0.75 * losses[0]);
  });
});
