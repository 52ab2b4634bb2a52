/**
 * MultiHeadAttention: against a plain-loop reference (both of Keras's paths),
 * masks (Keras masks, explicit masks, causal, sliding window, fully masked
 * rows), attention_axes, output_shape, use_gate, dropout, sublayer names and
 * weight order, configs and build configs, float64 gradients, errors.
 */
import { describe, expect, it } from "vitest";
import { Input, Model, Tensor, layers, ops } from "../../../src/index.js";
import { runLayerTest } from "../../utils/layer-test.js";
import { randomTensor } from "../../utils/gradcheck.js";
import { expectNestedClose, referenceAttention } from "./reference-attention.js";
import { checkAttentionGradients } from "./attention-gradcheck.js";

const { MultiHeadAttention } = layers;
type MHA = InstanceType<typeof MultiHeadAttention>;

/** An MHA built for these shapes, with seeded random weights (biases included). */
function seeded(layer: MHA, q: number[], v: number[], k?: number[], seed = 10): MHA {
  if (k) layer.build(q, v, k);
  else layer.build(q, v);
  layer.setWeights(layer.weights.map((w, i) => randomTensor(w.shape.slice(), seed + i, -0.8, 0.8).data));
  return layer;
}

function refWeights(layer: MHA) {
  const [wq, bq, wk, bk, wv, bv, wo, bo] = layer.getWeights();
  return { wq, bq, wk, bk, wv, bv, wo, bo };
}

const bool = (rows: number[][]) => new Tensor(Uint8Array.from(rows.flat()), [rows.length, rows[0].length], "bool");

describe("MultiHeadAttention", () => {
  it("contract: cross attention, attention scores, key input, output_shape", () => {
    runLayerTest({
      layerCls: MultiHeadAttention, initArgs: [2, 3], initKwargs: {}, inputShape: [[2, 4, 6], [2, 5, 6]], spreadInputs: true,
      expectedOutputShape: [2, 4, 6], expectedNumTrainableWeights: 8, expectedNumNonTrainableWeights: 0, supportsMasking: true,
    });
    runLayerTest({
      layerCls: MultiHeadAttention, initArgs: [2, 3], initKwargs: { valueDim: 4, outputShape: [2, 5] },
      inputShape: [[2, 4, 6], [2, 5, 6]], spreadInputs: true, callKwargs: { returnAttentionScores: true },
      expectedOutputShape: [[2, 4, 2, 5], [2, 2, 4, 5]], expectedNumTrainableWeights: 8,
    });
    runLayerTest({
      layerCls: MultiHeadAttention, initArgs: [1, 2], initKwargs: { useBias: false }, inputShape: [[2, 3, 4], [2, 3, 4]], spreadInputs: true,
      expectedOutputShape: [2, 3, 4], expectedNumTrainableWeights: 4,
    });
  });

  it("sublayers, weight names, paths and shapes in Keras's order", () => {
    const layer = new MultiHeadAttention(2, 3, { valueDim: 4 });
    layer.build([null, 4, 6], [null, 5, 7]);
    expect(layer.weights.map((w) => [w.path, w.shape])).toEqual([
      ["query/kernel", [6, 2, 3]], ["query/bias", [2, 3]], ["key/kernel", [7, 2, 3]], ["key/bias", [2, 3]],
      ["value/kernel", [7, 2, 4]], ["value/bias", [2, 4]], ["attention_output/kernel", [2, 4, 6]], ["attention_output/bias", [6]],
    ].map(([p, s]) => [`${layer.name}/${p}`, s]));
    expect([layer.queryDense.name, layer.keyDense.name, layer.valueDense.name, layer.outputDense.name]).toEqual([
      "query", "key", "value", "attention_output",
    ]);
    expect(layer.queryDense.equation).toBe("abc,cde->abde");
    expect(layer.outputDense.equation).toBe("abcd,cde->abe");
  });

  it("matches the reference on both paths: fused (no scores) and explicit (with scores)", () => {
    const q = randomTensor([2, 3, 4], 1);
    const v = randomTensor([2, 5, 4], 2);
    const k = randomTensor([2, 5, 3], 3);
    const layer = seeded(new MultiHeadAttention(2, 3, { valueDim: 2 }), [2, 3, 4], [2, 5, 4], [2, 5, 3]);
    const ref = referenceAttention(q, v, k, refWeights(layer), 3, null, "fused");
    expectNestedClose(layer.apply(q, v, { key: k }) as Tensor, ref.output, 1e-5, 1e-6, "fused output");
    const [out, scores] = layer.apply(q, v, { key: k, returnAttentionScores: true }) as Tensor[];
    expectNestedClose(out, ref.output, 1e-5, 1e-6, "explicit output");
    expect(scores.shape).toEqual([2, 2, 3, 5]);
    expectNestedClose(scores, ref.probs, 1e-5, 1e-6, "scores");
  });

  it("fully masked query rows: uniform weights without return_attention_scores, zeros with it (Keras's two paths)", () => {
    const x = randomTensor([2, 3, 4], 4);
    const layer = seeded(new MultiHeadAttention(2, 2), [2, 3, 4], [2, 3, 4]);
    // Batch 1 has every value masked, batch 0 only its last position.
    const valueMask = bool([[1, 1, 0], [0, 0, 0]]);
    const mask = [0, 1].map((b) => [0, 1, 2].map(() => [0, 1, 2].map((s) => Boolean((valueMask.toArray() as number[][])[b][s]))));
    const w = refWeights(layer);
    const fused = referenceAttention(x, x, x, w, 2, mask, "fused");
    const explicit = referenceAttention(x, x, x, w, 2, mask, "explicit");
    expectNestedClose(layer.apply(x, x, { valueMask }) as Tensor, fused.output, 1e-5, 1e-6, "fused");
    const [out, scores] = layer.apply(x, x, { valueMask, returnAttentionScores: true }) as Tensor[];
    expectNestedClose(out, explicit.output, 1e-5, 1e-6, "explicit");
    const s = scores.toArray() as number[][][][];
    expect(s[1].flat(2).every((p) => p === 0)).toBe(true);
    expect(s[0][0][0][2]).toBe(0);
    // The uniform row: every batch-1 output row is the same (the mean of the projected values, projected).
    const rows = (layer.apply(x, x, { valueMask }) as Tensor).toArray() as number[][][];
    rows[1].forEach((row) => row.forEach((val, e) => expect(val).toBeCloseTo(rows[1][0][e], 6)));
  });

  it("Keras masks: query mask from the query, value mask from the value; the output carries the query mask", () => {
    const ids = Input({ shape: [4], dtype: "int32", name: "ids" });
    const q = Input({ shape: [3, 4], name: "q" });
    const e = new layers.Embedding(6, 4, { maskZero: true }).apply(ids);
    const layer = new MultiHeadAttention(2, 2);
    const cross = new Model({ inputs: [q, ids], outputs: layer.apply(q, e) });
    const self = new Model({ inputs: ids, outputs: new MultiHeadAttention(2, 2).apply(e, e) });
    expect(self.outputs[0].kerasMask?.shape).toEqual([null, 4]);

    const idsValue = new Tensor(Int32Array.from([1, 2, 0, 0, 3, 0, 0, 0]), [2, 4], "int32");
    const qValue = randomTensor([2, 3, 4], 5);
    const emb = (cross.layers.find((l) => l instanceof layers.Embedding)!.apply(idsValue)) as Tensor;
    const mask = [0, 1].map((b) => [0, 1, 2].map(() => [0, 1, 2, 3].map((s) => (idsValue.toArray() as number[][])[b][s] !== 0)));
    const ref = referenceAttention(qValue, emb, emb, refWeights(layer), 2, mask, "fused");
    expectNestedClose(cross.apply([qValue, idsValue]) as Tensor, ref.output, 1e-5, 1e-6, "value-masked output");

    const y = self.apply(idsValue) as Tensor;
    expect(y.kerasMask!.toArray()).toEqual([[true, true, false, false], [true, false, false, false]]);
  });

  it("explicit attention_mask, causal mask and sliding window combine with AND", () => {
    const x = randomTensor([1, 4, 3], 6);
    const layer = seeded(new MultiHeadAttention(1, 2), [1, 4, 3], [1, 4, 3]);
    const [, causal] = layer.apply(x, x, { useCausalMask: true, returnAttentionScores: true }) as Tensor[];
    const c = causal.toArray() as number[][][][];
    for (let t = 0; t < 4; t++) {
      for (let s = 0; s < 4; s++) if (s > t) expect(c[0][0][t][s]).toBe(0);
      expect(c[0][0][t].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    }
    const attentionMask = new Tensor(Uint8Array.from([1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]), [1, 4, 4], "bool");
    const [, both] = layer.apply(x, x, { useCausalMask: true, attentionMask, returnAttentionScores: true }) as Tensor[];
    const bArr = both.toArray() as number[][][][];
    expect(bArr[0][0][1][0]).toBe(0);
    expect(bArr[0][0][1][1]).toBeCloseTo(1, 6);

    const windowed = seeded(new MultiHeadAttention(1, 2, { slidingWindow: 2 }), [1, 4, 3], [1, 4, 3]);
    const [, band] = windowed.apply(x, x, { returnAttentionScores: true }) as Tensor[];
    const w = band.toArray() as number[][][][];
    for (let t = 0; t < 4; t++) for (let s = 0; s < 4; s++) if (Math.abs(t - s) >= 2) expect(w[0][0][t][s]).toBe(0);
    const mask = [[0, 1, 2, 3].map((t) => [0, 1, 2, 3].map((s) => Math.abs(t - s) < 2))];
    const ref = referenceAttention(x, x, x, refWeights(windowed), 2, mask, "fused");
    expectNestedClose(windowed.apply(x, x) as Tensor, ref.output, 1e-5, 1e-6, "sliding window");
  });

  it("attention_axes=[2] on rank-4 inputs is attention per index of axis 1 (axis 1 acts as a batch axis)", () => {
    const x = randomTensor([2, 3, 4, 5], 7);
    const layer = seeded(new MultiHeadAttention(2, 3, { attentionAxes: [2] }), [2, 3, 4, 5], [2, 3, 4, 5]);
    expect(layer.attentionAxes).toEqual([2]);
    const out = layer.apply(x, x) as Tensor;
    const ref = new MultiHeadAttention(2, 3);
    ref.build([null, 4, 5], [null, 4, 5]);
    ref.setWeights(layer.getWeights());
    for (let i = 0; i < 3; i++) {
      const slice = ops.take(x, i, 1) as Tensor;
      const expected = ref.apply(slice, slice) as Tensor;
      const got = ops.take(out, i, 1) as Tensor;
      expectNestedClose(got, expected.toArray() as number[][][], 1e-5, 1e-6, `slice ${i}`);
    }
    // Negative axes count on the projected rank (Keras): -2 on a rank-4 input is axis 2.
    const neg = new MultiHeadAttention(2, 3, { attentionAxes: -2 });
    neg.build([null, 3, 4, 5], [null, 3, 4, 5]);
    expect(neg.attentionAxes).toEqual([2]);
    // Default: every axis between batch and features.
    const all = new MultiHeadAttention(1, 2);
    all.build([null, 3, 4, 5], [null, 3, 4, 5]);
    expect(all.attentionAxes).toEqual([1, 2]);
    const [y, s] = all.apply(x, x, { returnAttentionScores: true }) as Tensor[];
    expect(y.shape).toEqual([2, 3, 4, 5]);
    expect(s.shape).toEqual([2, 1, 3, 4, 3, 4]);
  });

  it("use_gate: a sigmoid 'gate' projection of the query multiplies the head outputs", () => {
    const q = randomTensor([2, 3, 4], 8);
    const v = randomTensor([2, 5, 4], 9);
    const gated = new MultiHeadAttention(2, 3, { useGate: true });
    gated.build([null, 3, 4], [null, 5, 4]);
    expect(gated.weights.map((w) => w.path)).toEqual([
      "multi_head_attention/query/kernel", "multi_head_attention/query/bias", "multi_head_attention/key/kernel", "multi_head_attention/key/bias",
      "multi_head_attention/value/kernel", "multi_head_attention/value/bias", "multi_head_attention/gate/kernel", "multi_head_attention/gate/bias",
      "multi_head_attention/attention_output/kernel", "multi_head_attention/attention_output/bias",
    ].map((p) => p.replace("multi_head_attention", gated.name)));
    const plain = seeded(new MultiHeadAttention(2, 3), [2, 3, 4], [2, 5, 4]);
    const w = plain.getWeights();
    // A zero gate kernel and bias gives sigmoid(0) = 1/2 on every head output.
    gated.setWeights([...w.slice(0, 6), ops.zeros([4, 2, 3]), ops.zeros([2, 3]), ...w.slice(6)]);
    const bias = w[7];
    const expected = ops.add(ops.multiply(ops.subtract(plain.apply(q, v) as Tensor, bias), 0.5), bias) as Tensor;
    expectNestedClose(gated.apply(q, v) as Tensor, expected.toArray() as number[][][], 1e-5, 1e-6, "gated");
    expect(gated.getConfig().use_gate).toBe(true);
  });

  it("dropout on the attention weights only in training, reproducible under a seed", () => {
    const x = randomTensor([2, 4, 3], 11);
    const layer = seeded(new MultiHeadAttention(2, 2, { dropout: 0.5, seed: 3 }), [2, 4, 3], [2, 4, 3]);
    const inference = layer.apply(x, x) as Tensor;
    const noDropout = seeded(new MultiHeadAttention(2, 2), [2, 4, 3], [2, 4, 3]);
    expectNestedClose(inference, (noDropout.apply(x, x) as Tensor).toArray() as number[][][], 1e-6, 1e-7, "inference");
    const [trainOut, trainScores] = layer.apply(x, x, { training: true, returnAttentionScores: true }) as Tensor[];
    expect(Array.from(trainOut.data).some((val, i) => Math.abs(val - Number(inference.data[i])) > 1e-4)).toBe(true);
    // The returned scores are the weights before dropout.
    (trainScores.toArray() as number[][][][]).flat(2).forEach((row) => expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5));
    const again = seeded(new MultiHeadAttention(2, 2, { dropout: 0.5, seed: 3 }), [2, 4, 3], [2, 4, 3]);
    expectNestedClose(again.apply(x, x, { training: true }) as Tensor, trainOut.toArray() as number[][][], 0, 0, "same seed");
  });

  it("config and build config as Keras 3.15.1 writes them", () => {
    const layer = new MultiHeadAttention(2, 3, { name: "mha" });
    const before = layer.getConfig();
    expect(Object.keys(before)).toEqual([
      "name", "trainable", "dtype", "num_heads", "key_dim", "value_dim", "dropout", "use_bias", "use_gate", "output_shape", "attention_axes",
      "sliding_window", "kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer", "activity_regularizer",
      "kernel_constraint", "bias_constraint", "seed",
    ]);
    expect(before).toMatchObject({ value_dim: 3, attention_axes: null, output_shape: null });
    const q = Input({ shape: [4, 6] });
    const v = Input({ shape: [5, 6] });
    const k = Input({ shape: [5, 2] });
    layer.apply(q, v, { key: k });
    expect(layer.getConfig().attention_axes).toEqual([1]);
    expect(layer.getBuildConfig()).toEqual({ shapes_dict: { query_shape: [null, 4, 6], value_shape: [null, 5, 6], key_shape: [null, 5, 2] } });
    const revived = layers.deserialize(JSON.parse(JSON.stringify(layers.serialize(layer)))) as MHA;
    expect(revived.built).toBe(true);
    expect(revived.weights.map((w) => w.shape)).toEqual(layer.weights.map((w) => w.shape));
    expect(new MultiHeadAttention(2, 3, { outputShape: 8 }).getConfig().output_shape).toEqual([8]);
    // The activity regularizer goes to the four projections (Keras passes it to the sublayers, not to the layer itself).
    const regularized = new MultiHeadAttention(2, 3, { activityRegularizer: "l2" });
    expect(regularized.getConfig().activity_regularizer).toMatchObject({ class_name: "L2" });
    const x = randomTensor([1, 2, 4], 3);
    regularized.apply(x, x);
    expect(regularized.losses.length).toBe(4);
    expect(regularized.activityRegularizer).toBeNull();
  });

  it("symbolic outputs: scores shape (batch, heads, T, S) with T != S", () => {
    const q = Input({ shape: [3, 4] });
    const v = Input({ shape: [7, 4] });
    const [y, s] = new MultiHeadAttention(2, 2).apply(q, v, { returnAttentionScores: true });
    expect(y.shape).toEqual([null, 3, 4]);
    expect(s.shape).toEqual([null, 2, 3, 7]);
  });

  it("float64 gradients on both paths, with a value mask and a causal mask", () => {
    const make = () => seeded(new MultiHeadAttention(2, 2, { valueDim: 3, dtype: "float64" }), [2, 3, 4], [2, 4, 4]);
    const q = ops.cast(randomTensor([2, 3, 4], 12), "float64") as Tensor;
    const v = ops.cast(randomTensor([2, 4, 4], 13), "float64") as Tensor;
    const valueMask = bool([[1, 1, 0, 1], [1, 0, 0, 0]]);
    checkAttentionGradients(make(), [q, v], { valueMask });
    checkAttentionGradients(make(), [q, v], { valueMask, returnAttentionScores: true });
    const x = ops.cast(randomTensor([2, 4, 4], 14), "float64") as Tensor;
    checkAttentionGradients(make(), [x, x], { useCausalMask: true });
  });

  it("errors: argument types, value/key shapes, flash attention constraints", () => {
    expect(() => new MultiHeadAttention(0, 2)).toThrow("MultiHeadAttention: `num_heads` must be a positive integer. Received: num_heads=0");
    expect(() => new MultiHeadAttention(2, 2, { attentionAxes: "x" as never })).toThrow(/`attention_axes` must be an int, list, or tuple/);
    expect(() => new MultiHeadAttention(2, 2, { outputShape: "x" as never })).toThrow(/Invalid `output_shape`/);
    expect(() => new MultiHeadAttention(2, 2, { dropout: 0.1, flashAttention: true })).toThrow(
      "Dropout is not supported when flash attention is enabled. Please set dropout to 0.0 to use flash attention.",
    );
    const layer = new MultiHeadAttention(2, 2);
    expect(() => layer.build([null, 3, 4], [null, 5, 4], [null, 6, 4])).toThrow(
      "All dimensions of `value` and `key`, except the last one, must be equal. Received: value_shape=(None, 5, 4) and key_shape=(None, 6, 4)",
    );
    const flash = new MultiHeadAttention(2, 2, { flashAttention: true });
    const x = randomTensor([1, 2, 4], 1);
    expect(() => flash.apply(x, x, { returnAttentionScores: true })).toThrow(/Returning attention scores is not supported when flash attention is enabled/);
    expect(() => new MultiHeadAttention(2, 2).apply(x)).toThrow();
  });
});
