/**
 * StringLookup: Keras's documented examples (outputs printed by Keras 3),
 * hand-computed vocabularies and encodings, adapt ordering, masks, OOV
 * indices, tf_idf weights, config round trips and errors.
 */
import { describe, expect, it } from "vitest";
import { layers, Tensor } from "../../../src/index.js";
import { StringLookup } from "../../../src/layers/preprocessing/index.js";

const arr = (x: unknown) => (x as Tensor).toArray();
const close = (x: unknown, expected: number[][]) => {
  const a = arr(x) as number[][];
  expect(a.length).toBe(expected.length);
  a.forEach((row, i) => row.forEach((v, j) => expect(v, `[${i}][${j}]`).toBeCloseTo(expected[i][j], 5)));
};
const VOCAB = ["a", "b", "c", "d"];

describe("StringLookup: Keras's documented examples", () => {
  it("looks up a known vocabulary (OOV -> 0)", () => {
    const layer = new StringLookup({ vocabulary: VOCAB });
    const out = layer.apply([["a", "c", "d"], ["d", "z", "b"]]) as Tensor;
    expect(out.dtype).toBe("int32");
    expect(arr(out)).toEqual([[1, 3, 4], [4, 0, 2]]);
  });

  it("adapts a vocabulary sorted by count, ties largest first", () => {
    const layer = new StringLookup();
    layer.adapt([["a", "c", "d"], ["d", "z", "b"]]);
    expect(layer.getVocabulary()).toEqual(["[UNK]", "d", "z", "c", "b", "a"]);
    expect(arr(layer.apply([["a", "c", "d"], ["d", "z", "b"]]))).toEqual([[5, 3, 1], [1, 2, 4]]);
  });

  it("hashes OOV terms into several OOV indices (FarmHash)", () => {
    const layer = new StringLookup({ vocabulary: VOCAB, numOovIndices: 2 });
    expect(arr(layer.apply([["a", "c", "d"], ["m", "z", "b"]]))).toEqual([[2, 4, 5], [0, 1, 3]]);
  });

  it("one_hot, multi_hot and count outputs", () => {
    const oneHot = new StringLookup({ vocabulary: VOCAB, outputMode: "one_hot" });
    const out = oneHot.apply(["a", "b", "c", "d", "z"]) as Tensor;
    expect(out.dtype).toBe("float32");
    expect(arr(out)).toEqual([[0, 1, 0, 0, 0], [0, 0, 1, 0, 0], [0, 0, 0, 1, 0], [0, 0, 0, 0, 1], [1, 0, 0, 0, 0]]);
    const data = [["a", "c", "d", "d"], ["d", "z", "b", "z"]];
    expect(arr(new StringLookup({ vocabulary: VOCAB, outputMode: "multi_hot" }).apply(data))).toEqual([[0, 1, 0, 1, 1], [1, 0, 1, 0, 1]]);
    expect(arr(new StringLookup({ vocabulary: VOCAB, outputMode: "count" }).apply(data))).toEqual([[0, 1, 0, 1, 2], [2, 0, 1, 0, 1]]);
  });

  it("tf_idf: OOV weight is the mean of the given weights unless the vocabulary starts with the OOV token", () => {
    const data = [["a", "c", "d", "d"], ["d", "z", "b", "z"]];
    const layer = new StringLookup({ outputMode: "tf_idf" });
    layer.setVocabulary(VOCAB, [0.25, 0.75, 0.6, 0.4]);
    close(layer.apply(data), [[0, 0.25, 0, 0.6, 0.8], [1.0, 0, 0.75, 0, 0.4]]);
    const withOov = new StringLookup({ outputMode: "tf_idf" });
    withOov.setVocabulary(["[UNK]", ...VOCAB], [0.9, 0.25, 0.75, 0.6, 0.4]);
    close(withOov.apply(data), [[0, 0.25, 0, 0.6, 0.8], [1.8, 0, 0.75, 0, 0.4]]);
  });

  it("inverts indices to terms as nested JS string arrays", () => {
    const inverse = new StringLookup({ vocabulary: VOCAB, invert: true });
    expect(inverse.apply([[1, 3, 4], [4, 0, 2]])).toEqual([["a", "c", "d"], ["d", "[UNK]", "b"]]);
    const forward = new StringLookup({ vocabulary: VOCAB });
    expect(inverse.apply(forward.apply([["a", "c", "d"], ["d", "z", "b"]]))).toEqual([["a", "c", "d"], ["d", "[UNK]", "b"]]);
    expect(inverse.apply(7)).toBe("[UNK]");
    expect(inverse.apply(2)).toBe("b");
  });
});

describe("StringLookup: vocabulary", () => {
  it("mask token takes index 0 in int mode; OOV indices follow", () => {
    const layer = new StringLookup({ vocabulary: ["a", "b"], maskToken: "", numOovIndices: 2 });
    expect(layer.getVocabulary()).toEqual(["", "[UNK]", "[UNK]", "a", "b"]);
    expect(layer.getVocabulary(false)).toEqual(["a", "b"]);
    expect(layer.vocabularySize()).toBe(5);
    expect(arr(layer.apply(["b", "", "a"]))).toEqual([4, 0, 3]);
    const inverse = new StringLookup({ vocabulary: ["a", "b"], maskToken: "", invert: true });
    expect(inverse.apply([0, 1, 2, 3, 9])).toEqual(["", "[UNK]", "a", "b", "[UNK]"]);
  });

  it("outside int mode the mask has no index and mask tokens are dropped", () => {
    const layer = new StringLookup({ vocabulary: ["a", "b"], maskToken: "", outputMode: "multi_hot" });
    expect(layer.getVocabulary()).toEqual(["[UNK]", "a", "b"]);
    expect(arr(layer.apply([["a", "", "a"], ["", "", ""]]))).toEqual([[0, 1, 0], [0, 0, 0]]);
    const count = new StringLookup({ vocabulary: ["a", "b"], maskToken: "", outputMode: "count" });
    expect(arr(count.apply([["a", "", "z"]]))).toEqual([[1, 1, 0]]);
  });

  it("a vocabulary may start with the special tokens in index order", () => {
    const plain = new StringLookup({ vocabulary: ["a", "b"], maskToken: "[MASK]" });
    const explicit = new StringLookup({ vocabulary: ["[MASK]", "[UNK]", "a", "b"], maskToken: "[MASK]" });
    expect(explicit.getVocabulary()).toEqual(plain.getVocabulary());
    expect(arr(explicit.apply(["b", "x", "[MASK]"]))).toEqual([3, 1, 0]);
  });

  it("num_oov_indices=0 maps known terms from 0 and refuses unknown ones", () => {
    const layer = new StringLookup({ vocabulary: ["a", "b"], numOovIndices: 0 });
    expect(arr(layer.apply(["b", "a"]))).toEqual([1, 0]);
    expect(() => layer.apply(["a", "q"])).toThrow(/num_oov_indices=0.*found OOV values \['q'\]/);
  });

  it("adapt caps the vocabulary at maxTokens (special indices included)", () => {
    const layer = new StringLookup({ maxTokens: 3 });
    layer.adapt(["x", "y", "y", "z", "z", "z"]);
    expect(layer.getVocabulary()).toEqual(["[UNK]", "z", "y"]);
    expect(arr(layer.apply(["x", "y", "z"]))).toEqual([0, 2, 1]);
  });

  it("adapt drops the mask and OOV tokens and orders ties by code point, largest first", () => {
    const layer = new StringLookup({ maskToken: "" });
    layer.adapt(["é", "", "z", "\u{1F600}", "[UNK]", "\uFFFD", ""]);
    expect(layer.getVocabulary()).toEqual(["", "[UNK]", "\u{1F600}", "\uFFFD", "é", "z"]);
  });

  it("adapt takes an iterable of batches; a 1-D batch is one document for tf_idf", () => {
    const fromArray = new StringLookup({ outputMode: "tf_idf" });
    fromArray.adapt([["a", "b"], ["a", "c"]]);
    const fromBatches = new StringLookup({ outputMode: "tf_idf" });
    fromBatches.adapt((function* () {
      yield ["a", "b"];
      yield ["a", "c"];
    })());
    // Two documents: idf(a) = log(1 + 2/3), idf(b) = idf(c) = log(2); OOV gets their mean.
    const idfA = Math.log(1 + 2 / 3);
    const mean = (idfA + 2 * Math.LN2) / 3;
    expect(fromArray.getVocabulary()).toEqual(["[UNK]", "a", "c", "b"]);
    for (const layer of [fromArray, fromBatches]) {
      close(layer.apply([["a", "a", "z", "b"]]), [[mean, 2 * idfA, 0, Math.LN2]]);
    }
    // A 1-D array passed directly is as many one-term documents: 3 documents, a in 2.
    const perTerm = new StringLookup({ outputMode: "tf_idf" });
    perTerm.adapt(["a", "a", "b"]);
    close(perTerm.apply([["a", "b"]]), [[0, Math.log(1 + 3 / 3), Math.log(1 + 3 / 2)]]);
  });

  it("pads the encoded outputs to maxTokens with padToMaxTokens", () => {
    const layer = new StringLookup({ vocabulary: ["a", "b"], maxTokens: 6, padToMaxTokens: true, outputMode: "multi_hot" });
    expect(arr(layer.apply([["b", "q"]]))).toEqual([[1, 0, 1, 0, 0, 0]]);
    const tfidf = new StringLookup({ vocabulary: ["a", "b"], idfWeights: [1, 3], maxTokens: 5, padToMaxTokens: true, outputMode: "tf_idf" });
    close(tfidf.apply([["a", "z", "z"]]), [[4, 1, 0, 0, 0]]);
  });

  it("setVocabulary replaces the vocabulary; vocabularySize follows it", () => {
    const layer = new StringLookup();
    expect(layer.vocabularySize()).toBe(1);
    expect(arr(layer.apply(["a"]))).toEqual([0]);
    layer.setVocabulary(["x", "y"]);
    expect(layer.vocabularySize()).toBe(3);
    expect(arr(layer.apply(["y", "x", "a"]))).toEqual([2, 1, 0]);
  });

  it("a scalar string gives a scalar index", () => {
    const out = new StringLookup({ vocabulary: VOCAB }).apply("c") as Tensor;
    expect(out.shape).toEqual([]);
    expect(out.item()).toBe(3);
  });
});

describe("StringLookup: config", () => {
  it("writes Keras's keys; a given vocabulary is kept in the config", () => {
    const layer = new StringLookup({ vocabulary: ["a", "b"], maskToken: "", name: "lookup" });
    const config = layer.getConfig();
    expect(Object.keys(config)).toEqual([
      "name", "trainable", "dtype", "invert", "max_tokens", "num_oov_indices", "oov_token", "mask_token", "output_mode", "sparse",
      "pad_to_max_tokens", "idf_weights", "vocabulary", "vocabulary_size", "oov_method", "salt", "encoding",
    ]);
    expect(config).toMatchObject({
      name: "lookup", invert: false, max_tokens: null, num_oov_indices: 1, oov_token: "[UNK]", mask_token: "", output_mode: "int",
      sparse: false, pad_to_max_tokens: false, idf_weights: null, vocabulary: ["a", "b"], vocabulary_size: 4, encoding: "utf-8",
    });
    const back = StringLookup.fromConfig(config);
    expect(back.getVocabulary()).toEqual(layer.getVocabulary());
    expect(arr(back.apply(["b", "", "q"]))).toEqual([3, 0, 1]);
  });

  it("round-trips through keras.layers.serialize / deserialize, tf_idf weights included", () => {
    const layer = new StringLookup({ vocabulary: ["a", "b"], idfWeights: [0.5, 2], outputMode: "tf_idf" });
    const copy = layers.deserialize(JSON.parse(JSON.stringify(layers.serialize(layer)))) as StringLookup;
    expect(copy).toBeInstanceOf(StringLookup);
    close(copy.apply([["a", "b", "b", "q"]]), [[1.25, 0.5, 4]]);
  });

  it("an adapted layer's config has no vocabulary but records its size", () => {
    const layer = new StringLookup({ outputMode: "count" });
    layer.adapt(["p", "q"]);
    expect(layer.getConfig()).toMatchObject({ vocabulary: null, vocabulary_size: 3 });
  });
});

describe("StringLookup: errors", () => {
  it("refuses bad vocabularies with Keras's messages", () => {
    expect(() => new StringLookup({ vocabulary: ["a", "b", "a"] })).toThrow(/repeated term.*\['a'\]/);
    expect(() => new StringLookup({ vocabulary: [] })).toThrow(/Cannot set an empty vocabulary/);
    expect(() => new StringLookup({ vocabulary: ["a", ""], maskToken: "" })).toThrow(/reserved mask token at unexpected location/);
    expect(() => new StringLookup({ vocabulary: ["a", "[UNK]"], invert: true })).toThrow(/reserved OOV token/);
    expect(() => new StringLookup({ vocabulary: ["a", "b", "c"], maxTokens: 3 })).toThrow(/vocabulary size is 4; `max_tokens` is 3/);
    expect(() => new StringLookup({ vocabulary: ["a", 3 as never] })).toThrow(/StringLookup: received a mix of strings and numbers/);
    expect(() => new StringLookup({ vocabulary: [1, 2] as never })).toThrow(/StringLookup: `vocabulary` must hold strings/);
    expect(() => new StringLookup({ vocabulary: "vocab.txt" })).toThrow(/file paths are not supported/);
  });

  it("refuses inconsistent arguments", () => {
    expect(() => new StringLookup({ maxTokens: 1 })).toThrow(/`max_tokens` must be greater than 1/);
    expect(() => new StringLookup({ padToMaxTokens: true })).toThrow(/must set `max_tokens`/);
    expect(() => new StringLookup({ numOovIndices: -1 })).toThrow(/`num_oov_indices` must be greater than or equal to 0/);
    expect(() => new StringLookup({ outputMode: "bag" })).toThrow(/Unknown value for `output_mode` argument of StringLookup/);
    expect(() => new StringLookup({ invert: true, outputMode: "count" })).toThrow(/`output_mode` must be `'int'` when `invert` is true/);
    expect(() => new StringLookup({ idfWeights: [1] })).toThrow(/`idf_weights` should only be set if `output_mode` is `'tf_idf'`/);
    expect(() => new StringLookup({ vocabulary: ["a"], outputMode: "tf_idf" })).toThrow(/`idf_weights` argument must also be provided/);
    expect(() => new StringLookup({ outputMode: "count", sparse: true })).toThrow(/TensorFlow backend/);
    expect(() => new StringLookup({ encoding: "latin-1" })).toThrow(/only the 'utf-8' encoding/);
    expect(() => new StringLookup({ units: 3 } as never)).toThrow(/Unrecognized keyword argument/);
  });

  it("refuses use before a vocabulary in the encoding modes, adapting a fixed vocabulary, and numbers", () => {
    expect(() => new StringLookup({ outputMode: "multi_hot" }).apply([["a"]])).toThrow(/you must set the layer's vocabulary before calling it/);
    expect(() => new StringLookup({ vocabulary: ["a"] }).adapt(["a"])).toThrow(/Cannot adapt layer '.*' after setting a static vocabulary/);
    expect(() => new StringLookup({ vocabulary: ["a"] }).apply([1, 2])).toThrow(/StringLookup: expected string inputs/);
    expect(() => new StringLookup({ vocabulary: ["a"] }).apply([["a"], ["b", "c"]])).toThrow(/ragged/);
    expect(() => new StringLookup({ vocabulary: ["a"], invert: true }).apply(["a"])).toThrow(/expected integer inputs/);
  });

  it("the encoded vocabulary size may not change once fixed", () => {
    const layer = new StringLookup({ vocabulary: ["a", "b"], outputMode: "count" });
    expect(() => layer.setVocabulary(["a", "b", "c"])).toThrow(/vocabulary size cannot be changed.*Old vocab size is 3, new vocab size is 4/);
  });
});
