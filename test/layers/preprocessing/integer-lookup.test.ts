/**
 * IntegerLookup: Keras's documented examples, OOV bucketing (floormod and
 * farmhash), Tensor inputs, symbolic use in a functional model, saving an
 * adapted vocabulary and tf_idf weights in a `.keras` file, configs, errors.
 */
import { describe, expect, it } from "vitest";
import { Input, layers, Model, ops, saving, Tensor } from "../../../src/index.js";
import { IntegerLookup } from "../../../src/layers/preprocessing/index.js";
import { runLayerTest } from "../../utils/layer-test.js";

const t = (v: unknown, dtype = "int32") => ops.convertToTensor(v as never, dtype);
const arr = (x: unknown) => (x as Tensor).toArray();
const close = (x: unknown, expected: number[][]) => {
  const a = arr(x) as number[][];
  expect(a.length).toBe(expected.length);
  a.forEach((row, i) => row.forEach((v, j) => expect(v, `[${i}][${j}]`).toBeCloseTo(expected[i][j], 5)));
};
const VOCAB = [12, 36, 1138, 42];

describe("IntegerLookup: Keras's documented examples", () => {
  it("looks up a known vocabulary, from a Tensor or an array", () => {
    const layer = new IntegerLookup({ vocabulary: VOCAB });
    expect(arr(layer.apply(t([[12, 1138, 42], [42, 1000, 36]])))).toEqual([[1, 3, 4], [4, 0, 2]]);
    expect(arr(layer.apply([[12, 1138, 42], [42, 1000, 36]]))).toEqual([[1, 3, 4], [4, 0, 2]]);
  });

  it("adapts: OOV token -1 first, then by count, ties largest first", () => {
    const layer = new IntegerLookup();
    layer.adapt(t([[12, 1138, 42], [42, 1000, 36]]));
    expect(layer.getVocabulary()).toEqual([-1, 42, 1138, 1000, 36, 12]);
    expect(arr(layer.apply(t([[12, 1138, 42], [42, 1000, 36]])))).toEqual([[5, 2, 1], [1, 3, 4]]);
  });

  it("several OOV indices use floormod by default", () => {
    const layer = new IntegerLookup({ vocabulary: VOCAB, numOovIndices: 2 });
    expect(arr(layer.apply([[12, 1138, 42], [37, 1000, 36]]))).toEqual([[2, 4, 5], [1, 0, 3]]);
    // Python's floor modulo: -1 % 3 == 2.
    const three = new IntegerLookup({ vocabulary: [5], numOovIndices: 3 });
    expect(arr(three.apply([-1, 7, 5, -6]))).toEqual([2, 1, 3, 0]);
  });

  it("one_hot, multi_hot, count and tf_idf outputs", () => {
    expect(arr(new IntegerLookup({ vocabulary: VOCAB, outputMode: "one_hot" }).apply([12, 36, 1138, 42, 7]))).toEqual([
      [0, 1, 0, 0, 0], [0, 0, 1, 0, 0], [0, 0, 0, 1, 0], [0, 0, 0, 0, 1], [1, 0, 0, 0, 0],
    ]);
    const data = [[12, 1138, 42, 42], [42, 7, 36, 7]];
    expect(arr(new IntegerLookup({ vocabulary: VOCAB, outputMode: "multi_hot" }).apply(data))).toEqual([[0, 1, 0, 1, 1], [1, 0, 1, 0, 1]]);
    expect(arr(new IntegerLookup({ vocabulary: VOCAB, outputMode: "count" }).apply(data))).toEqual([[0, 1, 0, 1, 2], [2, 0, 1, 0, 1]]);
    const tfidf = new IntegerLookup({ outputMode: "tf_idf", vocabulary: VOCAB, idfWeights: [0.25, 0.75, 0.6, 0.4] });
    close(tfidf.apply(data), [[0, 0.25, 0, 0.6, 0.8], [1.0, 0, 0.75, 0, 0.4]]);
    const tfidfOov = new IntegerLookup({ outputMode: "tf_idf", vocabulary: [-1, ...VOCAB], idfWeights: [0.9, 0.25, 0.75, 0.6, 0.4] });
    close(tfidfOov.apply(data), [[0, 0.25, 0, 0.6, 0.8], [1.8, 0, 0.75, 0, 0.4]]);
  });

  it("inverts indices to an int32 Tensor of terms", () => {
    const inverse = new IntegerLookup({ vocabulary: VOCAB, invert: true });
    const out = inverse.apply(t([[1, 3, 4], [4, 0, 2]])) as Tensor;
    expect(out.dtype).toBe("int32");
    expect(arr(out)).toEqual([[12, 1138, 42], [42, -1, 36]]);
    const forward = new IntegerLookup({ vocabulary: VOCAB });
    const pair = new IntegerLookup({ vocabulary: forward.getVocabulary() as number[], invert: true });
    expect(arr(pair.apply(forward.apply([[12, 1138, 42], [42, 1000, 36]])))).toEqual([[12, 1138, 42], [42, -1, 36]]);
  });
});

describe("IntegerLookup: behaviour", () => {
  it("oovMethod 'farmhash' spreads all-even ids over both buckets, where floormod puts them all in one", () => {
    const evens = Array.from({ length: 64 }, (_, i) => 1000 + 2 * i);
    const floormod = arr(new IntegerLookup({ vocabulary: [1], numOovIndices: 2 }).apply(evens)) as number[];
    const farmhash = arr(new IntegerLookup({ vocabulary: [1], numOovIndices: 2, oovMethod: "farmhash" }).apply(evens)) as number[];
    expect(new Set(floormod)).toEqual(new Set([0]));
    expect(new Set(farmhash)).toEqual(new Set([0, 1]));
    expect(farmhash.filter((b) => b === 0).length).toBeGreaterThan(16);
    expect(farmhash.filter((b) => b === 0).length).toBeLessThan(48);
  });

  it("a salt switches OOV hashing to the keyed hash: deterministic, in range, different assignment", () => {
    const ids = Array.from({ length: 64 }, (_, i) => 5000 + i);
    const plain = new IntegerLookup({ vocabulary: [1], numOovIndices: 4, oovMethod: "farmhash" });
    const salted = new IntegerLookup({ vocabulary: [1], numOovIndices: 4, oovMethod: "farmhash", salt: [7, 9] });
    const a = arr(salted.apply(ids)) as number[];
    expect(arr(salted.apply(ids))).toEqual(a);
    expect(a.every((b) => b >= 0 && b < 4)).toBe(true);
    expect(a).not.toEqual(arr(plain.apply(ids)));
  });

  it("mask token: index 0 in int mode, dropped from encodings", () => {
    const layer = new IntegerLookup({ vocabulary: [3, 4], maskToken: 0 });
    expect(layer.getVocabulary()).toEqual([0, -1, 3, 4]);
    expect(arr(layer.apply([[0, 3, 9]]))).toEqual([[0, 2, 1]]);
    const counts = new IntegerLookup({ vocabulary: [3, 4], maskToken: 0, outputMode: "count" });
    expect(arr(counts.apply([[0, 0, 4, 9]]))).toEqual([[1, 0, 1]]);
  });

  it("a float Tensor is truncated to integers (Keras casts it)", () => {
    const layer = new IntegerLookup({ vocabulary: VOCAB });
    expect(arr(layer.apply(t([12.7, 36.2], "float32")))).toEqual([1, 2]);
    expect(() => layer.apply([12.5])).toThrow(/expected integer inputs/);
  });

  it("works on symbolic inputs inside a functional model", () => {
    const x = Input({ shape: [3], dtype: "int32" });
    const lookup = new IntegerLookup({ vocabulary: VOCAB, outputMode: "multi_hot" });
    const y = lookup.apply(x);
    expect(y.shape).toEqual([null, 5]);
    expect(y.dtype).toBe("float32");
    const model = new Model({ inputs: x, outputs: y });
    expect(arr(model.predict(t([[12, 12, 7], [42, 36, 1138]]), { verbose: 0 }))).toEqual([[1, 1, 0, 0, 0], [0, 0, 1, 1, 1]]);
  });

  it("passes the layer contract harness", () => {
    runLayerTest({
      layerCls: IntegerLookup, initKwargs: { vocabulary: [0, 1, 2] }, inputShape: [2, 3], inputDtype: "int32",
      expectedOutputShape: [2, 3], expectedOutputDtype: "int32", expectedNumTrainableWeights: 0, expectedNumNonTrainableWeights: 0,
      runTrainingCheck: false,
    });
    runLayerTest({
      layerCls: IntegerLookup, initKwargs: { vocabulary: [0, 1, 2], outputMode: "count" }, inputShape: [2, 3], inputDtype: "int32",
      expectedOutputShape: [2, 4], expectedOutputDtype: "float32", runTrainingCheck: false,
    });
  });
});

describe("IntegerLookup: saving", () => {
  it("config holds Keras's keys, with vocabulary_dtype", () => {
    const config = new IntegerLookup({ vocabulary: VOCAB, name: "ids" }).getConfig();
    expect(config).toMatchObject({
      name: "ids", invert: false, max_tokens: null, num_oov_indices: 1, oov_token: -1, mask_token: null, output_mode: "int",
      vocabulary_dtype: "int64", vocabulary: VOCAB, vocabulary_size: 5, oov_method: "floormod", salt: null, idf_weights: null,
    });
    const copy = layers.deserialize(layers.serialize(new IntegerLookup({ vocabulary: VOCAB, numOovIndices: 3, salt: 5 }))) as IntegerLookup;
    expect(copy.getConfig()).toMatchObject({ num_oov_indices: 3, salt: [5, 5] });
  });

  it("a .keras file keeps an adapted vocabulary (assets) and tf_idf weights (variables)", async () => {
    const x = Input({ shape: [4], dtype: "int32" });
    const ints = new IntegerLookup({ name: "ints" });
    ints.adapt(t([[5, 5, 9, 2], [9, 5, 7, 7]]));
    const tfidf = new IntegerLookup({ outputMode: "tf_idf", name: "tfidf" });
    tfidf.adapt(t([[5, 5, 9, 2], [9, 5, 7, 7]]));
    const model = new Model({ inputs: x, outputs: [ints.apply(x), tfidf.apply(x)] });
    const data = t([[5, 9, 2, 100], [7, 7, 5, 3]]);
    const before = (model.predict(data, { verbose: 0 }) as Tensor[]).map(arr);
    expect(before[0]).toEqual([[1, 2, 4, 0], [3, 3, 1, 0]]);
    const loaded = await saving.loadModel(await saving.saveModel(model));
    const lookup = loaded.getLayer("ints") as IntegerLookup;
    expect(lookup.getVocabulary()).toEqual([-1, 5, 9, 7, 2]);
    const after = (loaded.predict(data, { verbose: 0 }) as Tensor[]).map(arr);
    expect(after).toEqual(before);
  });
});

describe("IntegerLookup: errors", () => {
  it("uses Keras's IntegerLookup messages", () => {
    expect(() => new IntegerLookup({ maxTokens: 1 })).toThrow(/If `max_tokens` is set for `IntegerLookup`, it must be greater than 1/);
    expect(() => new IntegerLookup({ numOovIndices: -2 })).toThrow(/`num_oov_indices` argument for `IntegerLookup` must >= 0/);
    expect(() => new IntegerLookup({ vocabularyDtype: "int32" })).toThrow(/Only `vocabulary_dtype='int64'` is supported/);
    expect(() => new IntegerLookup({ oovMethod: "modulo" })).toThrow(/Unknown value for `oov_method` argument of IntegerLookup/);
    expect(() => new IntegerLookup({ vocabulary: ["a"] as never })).toThrow(/IntegerLookup: `vocabulary` must hold integers/);
    expect(() => new IntegerLookup({ vocabulary: [1] }).apply(["a"])).toThrow(/IntegerLookup: expected integer inputs. Received strings/);
  });

  it("refuses inverted terms that int32 tensors cannot hold", () => {
    const layer = new IntegerLookup({ vocabulary: [2 ** 40], invert: true });
    expect(() => layer.apply([1])).toThrow(/does not fit the int32 tensors/);
  });
});
