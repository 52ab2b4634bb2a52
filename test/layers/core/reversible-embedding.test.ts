/**
 * keras.layers.ReversibleEmbedding: the layer contract both ways (lookup and
 * reverse projection), Keras's own correctness values, tied and untied
 * reverse projection = x @ E^T / x @ R, the soft cap, reverse_dtype, masks,
 * gradients (finite differences in float64 and hand-computed table
 * gradients), config keys, .keras round trip and errors.
 */
import { describe, expect, it } from "vitest";
import { GradientTape, Input, layers, models, ops, saving, Sequential, Tensor } from "../../../src/index.js";
import { checkGradients, expectClose, randomTensor } from "../../utils/gradcheck.js";
import { runLayerTest } from "../../utils/layer-test.js";

const { ReversibleEmbedding } = layers;
const ids = (rows: number[][]) => new Tensor(Int32Array.from(rows.flat()), [rows.length, rows[0].length], "int32");
const f32 = (rows: number[][]) => new Tensor(Float32Array.from(rows.flat()), [rows.length, rows[0].length], "float32");
/** Keras's test table: rows [0, 0], [2, 2], [3, 3]. */
const TABLE = [[0, 0], [2, 2], [3, 3]];

describe("ReversibleEmbedding: layer contract", () => {
  it.each([true, false])("lookup, tieWeights=%s (Keras's basics test)", (tieWeights) => {
    runLayerTest({
      layerCls: ReversibleEmbedding, initArgs: [100, 32],
      initKwargs: { tieWeights, embeddingsInitializer: "HeNormal", logitSoftCap: 50 },
      inputShape: [4, 10], inputDtype: "int32", expectedOutputShape: [4, 10, 32], expectedOutputDtype: "float32",
      expectedNumTrainableWeights: tieWeights ? 1 : 2, expectedNumNonTrainableWeights: 0, expectedNumLosses: 0,
      supportsMasking: false,
    });
  });

  it.each([true, false])("reverse projection, tieWeights=%s", (tieWeights) => {
    runLayerTest({
      layerCls: ReversibleEmbedding, initArgs: [7, 4], initKwargs: { tieWeights, logitSoftCap: 3 },
      inputShape: [2, 3, 4], callKwargs: { reverse: true }, expectedOutputShape: [2, 3, 7], expectedOutputDtype: "float32",
      expectedNumTrainableWeights: tieWeights ? 1 : 2,
    });
  });

  it("maskZero: the lookup carries the ids' mask", () => {
    runLayerTest({
      layerCls: ReversibleEmbedding, initArgs: [5, 2], initKwargs: { maskZero: true },
      inputShape: [3, 4], inputDtype: "int32", expectedOutputShape: [3, 4, 2], supportsMasking: true,
    });
  });
});

describe("ReversibleEmbedding: values", () => {
  it("Keras's correctness test: lookup, reverse, soft cap", () => {
    const layer = new ReversibleEmbedding(3, 2, { weights: [TABLE] });
    expect(layer.apply(new Tensor(Int32Array.from([2, 1, 0]), [3], "int32")).toArray()).toEqual([[3, 3], [2, 2], [0, 0]]);
    expect(layer.apply(f32([[1, 1]]), { reverse: true }).toArray()).toEqual([[0, 4, 6]]);
    const capped = new ReversibleEmbedding(3, 2, { logitSoftCap: 5, weights: [TABLE] });
    // 5 tanh(4 / 5) and 5 tanh(6 / 5): Keras's expected [0, 3.320184, 4.168273].
    expectClose(capped.apply(f32([[1, 1]]), { reverse: true }) as Tensor, [0, 3.320184, 4.168273], 1e-6);
  });

  it("tied reverse = x @ embeddings^T; untied reverse = x @ reverse_embeddings (hand-computed)", () => {
    const x = f32([[1, 2], [-1, 0.5]]);
    const tied = new ReversibleEmbedding(3, 2, { weights: [[[1, 0], [0, 1], [2, -1]]] });
    // rows of E: [1,0], [0,1], [2,-1] -> x @ E^T
    expect(tied.apply(x, { reverse: true }).toArray()).toEqual([[1, 2, 0], [-1, 0.5, -2.5]]);
    const R = [[1, 2, 3], [0, -1, 1]];
    const untied = new ReversibleEmbedding(3, 2, { tieWeights: false, weights: [[[1, 0], [0, 1], [2, -1]], R] });
    expect(untied.getWeights().map((w) => w.shape)).toEqual([[3, 2], [2, 3]]);
    expect(untied.weights.map((w) => w.name)).toEqual(["embeddings", "reverse_embeddings"]);
    expect(untied.apply(x, { reverse: true }).toArray()).toEqual([[1, 0, 5], [-1, -2.5, -2.5]]);
    // A bare matrix is the embeddings, as in Embedding; a wrong count is refused.
    expect(new ReversibleEmbedding(3, 2, { weights: TABLE }).getWeights()[0].toArray()).toEqual(TABLE);
    expect(() => new ReversibleEmbedding(3, 2, { tieWeights: false, weights: [TABLE] })).toThrow(/weight/i);
    // The forward lookup is unaffected by the reverse matrix.
    expect(untied.apply(ids([[2, 0]])).toArray()).toEqual([[[2, -1], [1, 0]]]);
  });

  it("rank-3 hidden states: capped logits = cap * tanh(uncapped / cap), within [-cap, cap]", () => {
    const plain = new ReversibleEmbedding(6, 3, { dtype: "float64", embeddingsInitializer: { class_name: "RandomNormal", config: { stddev: 2, seed: 3 } } });
    plain.build();
    const capped = new ReversibleEmbedding(6, 3, { dtype: "float64", logitSoftCap: 2, weights: plain.getWeights() });
    const x = randomTensor([2, 4, 3], 5, -3, 3);
    const raw = plain.apply(x, { reverse: true }) as Tensor;
    const y = capped.apply(x, { reverse: true }) as Tensor;
    expect(y.shape).toEqual([2, 4, 6]);
    expect(Math.max(...Array.from(raw.data, Math.abs))).toBeGreaterThan(2);
    expectClose(y, Array.from(raw.data, (v) => 2 * Math.tanh(v / 2)), 1e-12, 1e-12);
    for (const v of y.data) expect(Math.abs(v)).toBeLessThanOrEqual(2);
  });

  it("reverseDtype float64: the projection runs (and returns) in float64", () => {
    const layer = new ReversibleEmbedding(3, 2, { reverseDtype: "float64", weights: [TABLE] });
    const y = layer.apply(f32([[0.1, 0.2]]), { reverse: true }) as Tensor;
    expect(y.dtype).toBe("float64");
    // float32(0.1) + float32(0.2), times 2 and 3, computed in float64.
    const s = Math.fround(0.1) + Math.fround(0.2);
    expect(Array.from(y.data)).toEqual([0, 2 * s, 3 * s]);
    const sym = layer.apply(Input({ shape: [2] }), { reverse: true });
    expect(sym.dtype).toBe("float64");
    expect(sym.shape).toEqual([null, 3]);
  });

  it("masks: the lookup gets ids != 0 (eager and symbolic), the reverse projection none", () => {
    const layer = new ReversibleEmbedding(3, 2, { maskZero: true, weights: [TABLE] });
    const out = layer.apply(ids([[1, 0, 2]])) as Tensor;
    expect(out.kerasMask!.toArray()).toEqual([[true, false, true]]);
    const sym = layer.apply(Input({ shape: [3], dtype: "int32" }));
    expect(sym.kerasMask.shape).toEqual([null, 3]);
    const rev = layer.apply(out, { reverse: true }) as Tensor;
    expect(rev.kerasMask ?? null).toBeNull();
    expect(rev.toArray()).toEqual([[[0, 8, 12], [0, 0, 0], [0, 12, 18]]]);
  });
});

describe("ReversibleEmbedding: gradients", () => {
  it.each([[[2, 3]], [[1, 3]], [[2, 1, 3]], [[0, 3]]])("float64 finite differences w.r.t. the hidden states, shape %j", (shape) => {
    for (const tieWeights of [true, false]) {
      const layer = new ReversibleEmbedding(4, 3, { dtype: "float64", tieWeights, logitSoftCap: 1.5 });
      layer.build();
      checkGradients((x) => layer.apply(x, { reverse: true }) as Tensor, [randomTensor(shape as number[], 11)]);
    }
  });

  it("d sum(x @ E^T) / dE = each row of E gets the column sums of x; the untied E gets none", () => {
    const x = f32([[1, 2], [3, -4]]);
    for (const tieWeights of [true, false]) {
      const layer = new ReversibleEmbedding(3, 2, { tieWeights });
      layer.build();
      const tape = new GradientTape();
      tape.watch(layer.trainableWeights);
      const loss = tape.record(() => ops.sum(layer.apply(x, { reverse: true })));
      const grads = tape.gradient(loss, layer.trainableWeights);
      if (tieWeights) {
        expect(grads[0]!.toArray()).toEqual([[4, -2], [4, -2], [4, -2]]);
      } else {
        // reverse_embeddings (2, 3): row k gets sum_b x[b, k]; embeddings is not on the path.
        expect(grads[1]!.toArray()).toEqual([[4, 4, 4], [-2, -2, -2]]);
        expect(grads[0] === null || grads[0] === undefined || Array.from(grads[0].data).every((v) => v === 0)).toBe(true);
      }
    }
  });
});

describe("ReversibleEmbedding: config and saving", () => {
  it("config: Embedding's keys plus tie_weights, reverse_dtype, logit_soft_cap; fromConfig of a Keras config", () => {
    const layer = new ReversibleEmbedding(10, 4, { tieWeights: false, reverseDtype: "float32", logitSoftCap: 30, name: "tok" });
    const config = layer.getConfig();
    expect(config).toMatchObject({ name: "tok", input_dim: 10, output_dim: 4, mask_zero: false, tie_weights: false, reverse_dtype: "float32", logit_soft_cap: 30 });
    expect(Object.keys(config).slice(-3)).toEqual(["tie_weights", "reverse_dtype", "logit_soft_cap"]);
    const defaults = new ReversibleEmbedding(10, 4).getConfig();
    expect([defaults.tie_weights, defaults.reverse_dtype, defaults.logit_soft_cap]).toEqual([true, null, null]);
    const serialized = layers.serialize(layer);
    expect(serialized.class_name).toBe("ReversibleEmbedding");
    expect(serialized.module).toBe("keras.layers");
    const back = layers.deserialize(JSON.parse(JSON.stringify(serialized))) as InstanceType<typeof ReversibleEmbedding>;
    expect(back).toBeInstanceOf(ReversibleEmbedding);
    expect(back.getConfig()).toEqual(config);
    // A config as Keras 3.15.1 writes it.
    const keras = ReversibleEmbedding.fromConfig({
      name: "reversible_embedding", trainable: true,
      dtype: { module: "keras", class_name: "DTypePolicy", config: { name: "float32" }, registered_name: null },
      input_dim: 100, output_dim: 32,
      embeddings_initializer: { module: "keras.initializers", class_name: "RandomUniform", config: { seed: null, minval: -0.05, maxval: 0.05 }, registered_name: null },
      embeddings_regularizer: null, activity_regularizer: null, embeddings_constraint: null, mask_zero: false,
      tie_weights: true, reverse_dtype: null, logit_soft_cap: 50,
    });
    expect([keras.inputDim, keras.outputDim, keras.tieWeights, keras.logitSoftCap]).toEqual([100, 32, true, 50]);
  });

  it.each([true, false])(".keras round trip gives the same lookups and reverse logits (tieWeights=%s)", async (tieWeights) => {
    const model = new Sequential([new ReversibleEmbedding(20, 6, { tieWeights, embeddingsInitializer: "glorot_uniform" })]);
    const x = ids([[1, 5, 19], [0, 2, 3]]);
    const y = model.predict(x, { verbose: 0 }) as Tensor;
    const loaded = await models.loadModel(await saving.saveModel(model));
    expect((loaded.predict(x, { verbose: 0 }) as Tensor).toArray()).toEqual(y.toArray());
    const hidden = ops.cast(randomTensor([2, 6], 4), "float32");
    const reverse = (m: typeof model) => (m.layers[0].apply(hidden, { reverse: true }) as Tensor).toArray();
    expect(reverse(loaded as typeof model)).toEqual(reverse(model));
  });
});

describe("ReversibleEmbedding: a tied language-model head in a functional model", () => {
  it("one layer used both ways; the reverse call is recorded with kwargs {reverse: true} and survives .keras", async () => {
    const tokens = Input({ shape: [5], dtype: "int32" });
    const embed = new ReversibleEmbedding(12, 4, { name: "tok" });
    const hidden = new layers.Dense(4, { name: "mix" }).apply(embed.apply(tokens));
    const logits = embed.apply(hidden, { reverse: true });
    expect(logits.shape).toEqual([null, 5, 12]);
    const model = new models.Model({ inputs: tokens, outputs: logits });
    expect(model.countParams()).toBe(12 * 4 + 4 * 4 + 4);
    const nodes = model.getConfig().layers.find((l: any) => l.name === "tok").inbound_nodes;
    expect(nodes.map((n: any) => n.kwargs)).toEqual([{}, { reverse: true }]);
    const x = ids([[1, 2, 3, 4, 11], [0, 5, 6, 7, 8]]);
    const y = model.predict(x, { verbose: 0 }) as Tensor;
    const loaded = await models.loadModel(await saving.saveModel(model));
    expect((loaded.predict(x, { verbose: 0 }) as Tensor).toArray()).toEqual(y.toArray());
  });
});

describe("ReversibleEmbedding: errors", () => {
  it("names the layer and the bad value", () => {
    const layer = new ReversibleEmbedding(5, 3, { name: "rev" });
    expect(() => layer.apply(f32([[1, 2]]), { reverse: true })).toThrow(/ReversibleEmbedding 'rev'.*output_dim=3.*\(1, 2\)/);
    expect(() => layer.apply(Input({ shape: [4] }), { reverse: true })).toThrow(/output_dim=3/);
    expect(() => new ReversibleEmbedding(5, 3, { logitSoftCap: -1 })).toThrow(/ReversibleEmbedding: `logit_soft_cap`/);
    expect(() => new ReversibleEmbedding(5, 3, { tieWeights: "yes" as never })).toThrow(/`tie_weights` must be a boolean/);
    expect(() => new ReversibleEmbedding(5, 3, { reverseDtype: "complex64" })).toThrow(/reverse_dtype/);
    expect(() => new ReversibleEmbedding(0, 3)).toThrow(/input_dim/);
  });
});
