/** GroupQueryAttention: reference values with shared key/value heads, equivalence with MultiHeadAttention, masks, paths, config, gradients, errors. */
import { describe, expect, it } from "vitest";
import { Input, Tensor, layers, ops } from "../../../src/index.js";
import { runLayerTest } from "../../utils/layer-test.js";
import { randomTensor } from "../../utils/gradcheck.js";
import { expectNestedClose, referenceAttention } from "./reference-attention.js";
import { checkAttentionGradients } from "./attention-gradcheck.js";

const { GroupQueryAttention, GroupedQueryAttention, MultiHeadAttention } = layers;
type GQA = InstanceType<typeof GroupQueryAttention>;

function seeded(layer: GQA, q: number[], v: number[], seed = 30): GQA {
  layer.build(q, v);
  layer.setWeights(layer.weights.map((w, i) => randomTensor(w.shape.slice(), seed + i, -0.8, 0.8).data));
  return layer;
}

function refWeights(layer: GQA) {
  const [wq, bq, wk, bk, wv, bv, wo, bo] = layer.getWeights();
  return { wq, bq, wk, bk, wv, bv, wo, bo, kvRepeats: layer.numQueryHeads / layer.numKeyValueHeads };
}

describe("GroupQueryAttention", () => {
  it("contract, and the exported Python class name", () => {
    expect(GroupedQueryAttention).toBe(GroupQueryAttention);
    runLayerTest({
      layerCls: GroupQueryAttention, initArgs: [2, 4, 2], initKwargs: {}, inputShape: [[2, 3, 5], [2, 4, 5]], spreadInputs: true,
      expectedOutputShape: [2, 3, 5], expectedNumTrainableWeights: 8, supportsMasking: true,
    });
    runLayerTest({
      layerCls: GroupQueryAttention, initArgs: [2, 2, 1], initKwargs: { useBias: false }, inputShape: [[2, 4, 4], [2, 4, 4]], spreadInputs: true,
      callKwargs: { returnAttentionScores: true, useCausalMask: true }, expectedOutputShape: [[2, 4, 4], [2, 2, 4, 4]], expectedNumTrainableWeights: 4,
    });
  });

  it("weights: query (dim, query heads, head_dim), key/value (dim, kv heads, head_dim), output (query heads, head_dim, dim)", () => {
    const layer = new GroupQueryAttention(2, 4, 2);
    layer.build([null, 3, 5], [null, 4, 6]);
    expect(layer.weights.map((w) => [w.path, w.shape])).toEqual([
      ["query/kernel", [5, 4, 2]], ["query/bias", [4, 2]], ["key/kernel", [6, 2, 2]], ["key/bias", [2, 2]],
      ["value/kernel", [6, 2, 2]], ["value/bias", [2, 2]], ["attention_output/kernel", [4, 2, 5]], ["attention_output/bias", [5]],
    ].map(([p, s]) => [`${layer.name}/${p}`, s]));
  });

  it("each key/value head serves numQueryHeads / numKeyValueHeads query heads (reference, both paths)", () => {
    const q = randomTensor([2, 3, 5], 1);
    const v = randomTensor([2, 4, 5], 2);
    for (const kv of [1, 2, 4]) {
      const layer = seeded(new GroupQueryAttention(2, 4, kv), [2, 3, 5], [2, 4, 5]);
      const ref = referenceAttention(q, v, v, refWeights(layer), 2, null, "fused");
      expectNestedClose(layer.apply(q, v) as Tensor, ref.output, 1e-5, 1e-6, `kv=${kv}`);
      const [out, scores] = layer.apply(q, v, { returnAttentionScores: true }) as Tensor[];
      expectNestedClose(out, ref.output, 1e-5, 1e-6, `kv=${kv} explicit`);
      expectNestedClose(scores, ref.probs, 1e-5, 1e-6, `kv=${kv} scores`);
    }
  });

  it("with as many key/value heads as query heads it is MultiHeadAttention", () => {
    const q = randomTensor([2, 3, 4], 3);
    const v = randomTensor([2, 5, 4], 4);
    const gqa = seeded(new GroupQueryAttention(3, 2, 2), [2, 3, 4], [2, 5, 4]);
    const mha = new MultiHeadAttention(2, 3);
    mha.build([null, 3, 4], [null, 5, 4]);
    mha.setWeights(gqa.getWeights());
    expectNestedClose(gqa.apply(q, v) as Tensor, (mha.apply(q, v) as Tensor).toArray() as number[][][], 1e-5, 1e-6);
  });

  it("masks: causal scores; a fully masked row is uniform on the fused path and zero when dropout > 0 selects the explicit path", () => {
    const x = randomTensor([1, 4, 4], 5);
    const layer = seeded(new GroupQueryAttention(2, 2, 1), [1, 4, 4], [1, 4, 4]);
    const [, scores] = layer.apply(x, x, { useCausalMask: true, returnAttentionScores: true }) as Tensor[];
    const s = scores.toArray() as number[][][][];
    for (const head of s[0]) head.forEach((row, t) => row.forEach((p, j) => (j > t ? expect(p).toBe(0) : expect(p).toBeGreaterThan(0))));

    const valueMask = new Tensor(Uint8Array.from([0, 0, 0, 0]), [1, 4], "bool");
    const mask = [[0, 1, 2, 3].map(() => [false, false, false, false])];
    const fused = referenceAttention(x, x, x, refWeights(layer), 2, mask, "fused");
    expectNestedClose(layer.apply(x, x, { valueMask }) as Tensor, fused.output, 1e-5, 1e-6, "uniform");
    const withDropout = new GroupQueryAttention(2, 2, 1, { dropout: 0.25 });
    withDropout.build([1, 4, 4], [1, 4, 4]);
    withDropout.setWeights(layer.getWeights());
    const explicit = referenceAttention(x, x, x, refWeights(layer), 2, mask, "explicit");
    expectNestedClose(withDropout.apply(x, x, { valueMask }) as Tensor, explicit.output, 1e-5, 1e-6, "zeros");
  });

  it("config (Keras 3.15.1 keys), build config, symbolic scores shape", () => {
    const layer = new GroupQueryAttention(2, 4, 2, { name: "gqa" });
    expect(Object.keys(layer.getConfig())).toEqual([
      "name", "trainable", "dtype", "head_dim", "num_query_heads", "num_key_value_heads", "use_bias", "use_gate", "sliding_window", "dropout",
      "kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint",
      "bias_constraint", "seed",
    ]);
    const [y, s] = layer.apply(Input({ shape: [3, 5] }), Input({ shape: [7, 5] }), { returnAttentionScores: true });
    expect(y.shape).toEqual([null, 3, 5]);
    expect(s.shape).toEqual([null, 4, 3, 7]);
    expect(layer.getBuildConfig()).toEqual({ shapes_dict: { query_shape: [null, 3, 5], value_shape: [null, 7, 5] } });
    const revived = GroupQueryAttention.fromConfig(layer.getConfig());
    expect(revived.getConfig()).toEqual(layer.getConfig());
  });

  it("float64 gradients on both paths", () => {
    const make = () => seeded(new GroupQueryAttention(2, 4, 2, { dtype: "float64" }), [2, 3, 4], [2, 3, 4]);
    const q = ops.cast(randomTensor([2, 3, 4], 6), "float64") as Tensor;
    const v = ops.cast(randomTensor([2, 3, 4], 7), "float64") as Tensor;
    checkAttentionGradients(make(), [q, v], {});
    checkAttentionGradients(make(), [q, v], { useCausalMask: true, returnAttentionScores: true });
  });

  it("errors", () => {
    expect(() => new GroupQueryAttention(2, 4, 3)).toThrow("`num_query_heads` must be divisible by `num_key_value_heads`.");
    expect(() => new GroupQueryAttention(0, 4, 2)).toThrow(/`head_dim` must be a positive integer/);
    const layer = new GroupQueryAttention(2, 2, 1);
    expect(() => layer.computeOutputShape([null, 3, 4], [null, 3, 5])).toThrow(
      "The last dimension of `query_shape` and `value_shape` must be equal, but are 4, 5. Received: query_shape=(None, 3, 4), value_shape=(None, 3, 5)",
    );
  });
});
