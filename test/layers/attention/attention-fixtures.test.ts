/** Attention layers, EinsumDense and Masking against their Keras 3.15.1 fixtures: configs, weights, outputs, masks, gradients. */
import { describe, expect, it } from "vitest";
import { fixtureNames } from "../../utils/fixtures.js";
import { runLayerFixture } from "../../utils/layer-fixture.js";

const prefixes = ["einsum_dense_", "mha_", "gqa", "attention_", "additive_attention", "masking"];
const cases = [...new Set(prefixes.flatMap((p) => fixtureNames("layer", p)))];

describe("attention / EinsumDense / Masking layer fixtures", () => {
  it("finds every case", () => {
    expect(cases.sort()).toEqual([
      "additive_attention", "attention_causal_scores", "attention_concat_key", "attention_dot",
      "einsum_dense_ab_bc", "einsum_dense_abc_cd_abd", "einsum_dense_abc_cde",
      "gqa", "gqa_causal_scores", "masking",
      "mha_attention_axes", "mha_cross", "mha_key_value_scores", "mha_self_causal", "mha_self_masked_padded_queries", "mha_value_masked",
    ]);
  });
  for (const name of cases) it(name, () => void runLayerFixture(name));
});
