/**
 * The Keras files of the attention / EinsumDense / Masking fixtures: the
 * `.keras` archive and the legacy `.h5` file Keras wrote load into keras-ts
 * models that reproduce Keras's outputs; a model with MultiHeadAttention saved
 * by keras-ts loads back with the same outputs.
 */
import { describe, it } from "vitest";
import * as keras from "../../../src/index.js";
import { Model, Tensor, saving } from "../../../src/index.js";
import { fixturePath, fixtureTensor, loadFixture } from "../../utils/fixtures.js";
import { randomTensor } from "../../utils/gradcheck.js";
import { expectAllClose } from "../helpers.js";

const names = [
  "mha_self_causal", "mha_cross", "mha_key_value_scores", "mha_attention_axes", "mha_value_masked", "mha_self_masked_padded_queries",
  "gqa", "gqa_causal_scores", "attention_dot", "attention_concat_key", "attention_causal_scores", "additive_attention",
  "einsum_dense_ab_bc", "einsum_dense_abc_cde", "einsum_dense_abc_cd_abd", "masking", "functional_attention_block",
];

describe("Keras-written files with attention layers", () => {
  for (const name of names) {
    it(`${name}: .keras and legacy .h5 reproduce Keras's outputs`, async () => {
      const fx = loadFixture(name);
      const inputs = fx.inputs.map(fixtureTensor);
      for (const file of [fx.files.keras, fx.files.legacy_h5]) {
        const model = (await saving.loadModel(fixturePath(file))) as Model;
        const outputs = [model.apply(inputs.length === 1 ? inputs[0] : inputs)].flat() as Tensor[];
        outputs.forEach((o, i) => expectAllClose(o, fixtureTensor(fx.outputs[i]), 1e-5, 1e-6));
      }
    });
  }

  it("a keras-ts model with MultiHeadAttention and GroupQueryAttention saves and loads back", async () => {
    const q = keras.Input({ shape: [4, 6], name: "q" });
    const v = keras.Input({ shape: [5, 6], name: "v" });
    const a = new keras.layers.MultiHeadAttention(2, 3, { valueDim: 2 }).apply(q, v, { useCausalMask: false });
    const b = new keras.layers.GroupQueryAttention(2, 4, 2).apply(a, v);
    const model = new keras.Model({ inputs: [q, v], outputs: new keras.layers.EinsumDense("abc,cd->abd", [4, 3], { biasAxes: "d" }).apply(b) });
    const bytes = await saving.saveModel(model);
    const back = (await saving.loadModel(bytes)) as Model;
    const x = [randomTensor([2, 4, 6], 1), randomTensor([2, 5, 6], 2)];
    expectAllClose(back.apply(x) as Tensor, model.apply(x) as Tensor, 1e-6, 1e-7);
  });
});
