/** Attention (dot / concat) and AdditiveAttention: hand-computed scores, masks, causal masks, dropout, configs, float64 gradients, errors. */
import { describe, expect, it } from "vitest";
import { Input, Model, Tensor, layers, ops } from "../../../src/index.js";
import { runLayerTest } from "../../utils/layer-test.js";
import { randomTensor } from "../../utils/gradcheck.js";
import { expectNestedClose } from "./reference-attention.js";
import { checkAttentionGradients } from "./attention-gradcheck.js";

const { Attention, AdditiveAttention } = layers;
const t32 = (values: number[], shape: number[]) => new Tensor(Float32Array.from(values), shape, "float32");
const bool = (values: number[], shape: number[]) => new Tensor(Uint8Array.from(values), shape, "bool");
const E = Math.E;

// One query [1, 0] against two keys / values [1, 0] and [0, 1].
const q = t32([1, 0], [1, 1, 2]);
const v = t32([1, 0, 0, 1], [1, 2, 2]);

describe("Attention", () => {
  it("contract: dot with scale, concat, three inputs, returned scores", () => {
    runLayerTest({
      layerCls: Attention, initKwargs: { useScale: true }, inputShape: [[2, 3, 4], [2, 5, 4]],
      expectedOutputShape: [2, 3, 4], expectedNumTrainableWeights: 1, supportsMasking: true,
    });
    runLayerTest({
      layerCls: Attention, initKwargs: { scoreMode: "concat" }, inputShape: [[2, 3, 4], [2, 5, 4], [2, 5, 4]],
      expectedOutputShape: [2, 3, 4], expectedNumTrainableWeights: 1,
    });
    runLayerTest({
      layerCls: Attention, initKwargs: {}, inputShape: [[2, 3, 4], [2, 5, 4]], callKwargs: { returnAttentionScores: true },
      expectedOutputShape: [[2, 3, 4], [2, 3, 5]], expectedNumTrainableWeights: 0,
    });
  });

  it("dot scores: softmax(q . k) @ v, times `scale` when use_scale (hand-computed)", () => {
    const [out, w] = new Attention().apply([q, v], { returnAttentionScores: true }) as Tensor[];
    expectNestedClose(w, [E / (E + 1), 1 / (E + 1)]);
    expectNestedClose(out, [E / (E + 1), 1 / (E + 1)]);

    const scaled = new Attention({ useScale: true });
    scaled.build([[null, 1, 2], [null, 2, 2]]);
    expect(scaled.weights.map((x) => [x.name, x.shape])).toEqual([["scale", []]]);
    scaled.setWeights([2]);
    expectNestedClose(scaled.apply([q, v]) as Tensor, [E * E / (E * E + 1), 1 / (E * E + 1)]);
  });

  it("concat scores: concat_score_weight * sum(tanh(scale * (q + k)))", () => {
    const layer = new Attention({ scoreMode: "concat", useScale: true });
    layer.build([[null, 1, 2], [null, 2, 2]]);
    expect(layer.weights.map((x) => x.name)).toEqual(["scale", "concat_score_weight"]);
    layer.setWeights([0.5, 3]);
    // q + k0 = [2, 0], q + k1 = [1, 1].
    const s0 = 3 * Math.tanh(1);
    const s1 = 3 * 2 * Math.tanh(0.5);
    const z = Math.exp(s0) + Math.exp(s1);
    const [, w] = layer.apply([q, v], { returnAttentionScores: true }) as Tensor[];
    expectNestedClose(w, [Math.exp(s0) / z, Math.exp(s1) / z]);
  });

  it("a separate key: scores from the key, values from the value", () => {
    const key = t32([0, 0, 1, 0], [1, 2, 2]); // now the second position matches the query
    const [out, w] = new Attention().apply([q, v, key], { returnAttentionScores: true }) as Tensor[];
    expectNestedClose(w, [1 / (E + 1), E / (E + 1)]);
    expectNestedClose(out, [1 / (E + 1), E / (E + 1)]);
  });

  it("masks: masked values get 1e9 subtracted, masked queries output zeros, the query mask is the output mask", () => {
    const layer = new Attention();
    const out = layer.apply([q, v], { mask: [null, bool([0, 1], [1, 2])] }) as Tensor;
    expectNestedClose(out, [0, 1]);
    const queries = t32([1, 0, 0, 1], [1, 2, 2]);
    const qMask = bool([1, 0], [1, 2]);
    const y = layer.apply([queries, v], { mask: [qMask, null] }) as Tensor;
    expectNestedClose(y, [E / (E + 1), 1 / (E + 1), 0, 0]);
    expect((layer.computeMask([queries, v], [qMask, null]) as Tensor).toArray()).toEqual([[true, false]]);
    expect(layer.computeMask([queries, v], [null, null])).toBeNull();

    // Keras masks from an Embedding reach the layer through the list input.
    const ids = Input({ shape: [3], dtype: "int32" });
    const e = new layers.Embedding(5, 2, { maskZero: true }).apply(ids);
    const att = new Attention().apply([e, e]);
    expect(att.kerasMask.shape).toEqual([null, 3]);
    const model = new Model({ inputs: ids, outputs: att });
    const yIds = model.apply(new Tensor(Int32Array.from([1, 2, 0]), [1, 3], "int32")) as Tensor;
    expect(yIds.kerasMask!.toArray()).toEqual([[true, true, false]]);
    expect(Array.from(yIds.data.slice(4), (x) => x + 0)).toEqual([0, 0]); // -0 reads as 0
  });

  it("value masks apply per batch entry, also when batch == Tq", () => {
    const queries = randomTensor([2, 2, 3], 1);
    const values = randomTensor([2, 3, 3], 2);
    const vMask = bool([1, 0, 1, 0, 1, 1], [2, 3]);
    const layer = new Attention();
    const both = layer.apply([queries, values], { mask: [null, vMask] }) as Tensor;
    for (let b = 0; b < 2; b++) {
      const one = layer.apply([ops.take(queries, [b], 0), ops.take(values, [b], 0)], { mask: [null, ops.take(vMask, [b], 0)] }) as Tensor;
      expectNestedClose(ops.take(both, [b], 0) as Tensor, Array.from(one.data), 1e-6, 1e-7, `batch ${b}`);
    }
  });

  it("causal mask: position i attends only to j <= i", () => {
    const x = randomTensor([1, 3, 2], 3);
    const [, w] = new Attention().apply([x, x], { useCausalMask: true, returnAttentionScores: true }) as Tensor[];
    const s = w.toArray() as number[][][];
    expect(s[0][0][1]).toBe(0);
    expect(s[0][0][2]).toBe(0);
    expect(s[0][1][2]).toBe(0);
    expect(s[0][0][0]).toBeCloseTo(1, 6);
  });

  it("dropout on the weights only in training, with a seeded generator", () => {
    const x = randomTensor([2, 4, 3], 4);
    const layer = new Attention({ dropout: 0.5, seed: 1 });
    const plain = new Attention().apply([x, x]) as Tensor;
    expectNestedClose(layer.apply([x, x]) as Tensor, Array.from(plain.data), 0, 0, "inference");
    const [trained] = layer.apply([x, x], { training: true, returnAttentionScores: true }) as Tensor[];
    expect(Array.from(trained.data).some((val, i) => Math.abs(val - Number(plain.data[i])) > 1e-4)).toBe(true);
  });

  it("config, output spec, errors", () => {
    expect(new Attention({ name: "att" }).getConfig()).toEqual({
      name: "att", trainable: true, dtype: { module: "keras", class_name: "DTypePolicy", config: { name: "float32" }, registered_name: null },
      use_scale: false, score_mode: "dot", dropout: 0, seed: null,
    });
    const [y, s] = new Attention().apply([Input({ shape: [3, 4] }), Input({ shape: [5, 2] })], { returnAttentionScores: true });
    expect(y.shape).toEqual([null, 3, 2]);
    expect(s.shape).toEqual([null, 3, 5]);
    expect(() => new Attention({ scoreMode: "add" as never })).toThrow(
      "Invalid value for argument score_mode. Expected one of {'dot', 'concat'}. Received: score_mode=add",
    );
    const layer = new Attention();
    expect(() => layer.apply(q)).toThrow(/Attention layer must be called on a list of inputs, namely \[query, value\] or \[query, value, key\]/);
    expect(() => layer.apply([q])).toThrow("Attention layer accepts inputs list of length 2 or 3, namely [query, value] or [query, value, key]. Received length: 1.");
    expect(() => layer.apply([q, v], { mask: [null] })).toThrow(/Attention layer accepts mask list of length 2 or 3/);
  });

  it("float64 gradients: dot with scale, concat with scale, masks and causal mask", () => {
    const a = ops.cast(randomTensor([2, 3, 4], 5), "float64") as Tensor;
    const b = ops.cast(randomTensor([2, 4, 4], 6), "float64") as Tensor;
    const k = ops.cast(randomTensor([2, 4, 4], 7), "float64") as Tensor;
    const dot = new Attention({ useScale: true, dtype: "float64" });
    dot.build([[null, 3, 4], [null, 4, 4]]);
    dot.setWeights([1.3]);
    checkAttentionGradients(dot, [a, b], { mask: [bool([1, 1, 0, 0, 1, 1], [2, 3]), bool([1, 0, 1, 1, 1, 1, 1, 0], [2, 4])] }, { listInput: true });
    const concat = new Attention({ scoreMode: "concat", useScale: true, dtype: "float64" });
    concat.build([[null, 3, 4], [null, 4, 4], [null, 4, 4]]);
    concat.setWeights([0.7, 1.2]);
    checkAttentionGradients(concat, [a, b, k], {}, { listInput: true });
    const x = ops.cast(randomTensor([2, 4, 4], 8), "float64") as Tensor;
    checkAttentionGradients(new Attention({ dtype: "float64" }), [x, x], { useCausalMask: true, returnAttentionScores: true }, { listInput: true });
  });
});

describe("AdditiveAttention", () => {
  it("contract: a (dim,) glorot_uniform scale", () => {
    runLayerTest({
      layerCls: AdditiveAttention, initKwargs: {}, inputShape: [[2, 3, 4], [2, 5, 4]], expectedOutputShape: [2, 3, 4],
      expectedNumTrainableWeights: 1, supportsMasking: true,
    });
    runLayerTest({ layerCls: AdditiveAttention, initKwargs: { useScale: false }, inputShape: [[2, 3, 4], [2, 5, 4]], expectedNumTrainableWeights: 0 });
  });

  it("scores sum(scale * tanh(q + k)) (hand-computed)", () => {
    const layer = new AdditiveAttention();
    layer.build([[null, 1, 2], [null, 2, 2]]);
    expect(layer.weights.map((x) => [x.name, x.shape])).toEqual([["scale", [2]]]);
    layer.setWeights([[2, -1]]);
    // q + k0 = [2, 0] -> 2 tanh(2); q + k1 = [1, 1] -> 2 tanh(1) - tanh(1) = tanh(1).
    const s0 = 2 * Math.tanh(2);
    const s1 = Math.tanh(1);
    const z = Math.exp(s0) + Math.exp(s1);
    const [out, w] = layer.apply([q, v], { returnAttentionScores: true }) as Tensor[];
    expectNestedClose(w, [Math.exp(s0) / z, Math.exp(s1) / z]);
    expectNestedClose(out, [Math.exp(s0) / z, Math.exp(s1) / z]);
    const unscaled = new AdditiveAttention({ useScale: false });
    const [, w2] = unscaled.apply([q, v], { returnAttentionScores: true }) as Tensor[];
    const z2 = Math.exp(Math.tanh(2)) + Math.exp(2 * Math.tanh(1));
    expectNestedClose(w2, [Math.exp(Math.tanh(2)) / z2, Math.exp(2 * Math.tanh(1)) / z2]);
  });

  it("config has no score_mode; round trip", () => {
    const config = new AdditiveAttention({ name: "add_att", dropout: 0.25, seed: 2 }).getConfig();
    expect(Object.keys(config)).toEqual(["name", "trainable", "dtype", "use_scale", "dropout", "seed"]);
    expect(config).toMatchObject({ use_scale: true, dropout: 0.25, seed: 2 });
    expect(AdditiveAttention.fromConfig(config).getConfig()).toEqual(config);
  });

  it("float64 gradients with a value mask", () => {
    const layer = new AdditiveAttention({ dtype: "float64" });
    layer.build([[null, 3, 4], [null, 4, 4]]);
    layer.setWeights([[0.5, -0.3, 0.8, 1.1]]);
    const a = ops.cast(randomTensor([2, 3, 4], 9), "float64") as Tensor;
    const b = ops.cast(randomTensor([2, 4, 4], 10), "float64") as Tensor;
    checkAttentionGradients(layer, [a, b], { mask: [null, bool([1, 1, 0, 1, 0, 1, 1, 1], [2, 4])] }, { listInput: true });
  });
});
