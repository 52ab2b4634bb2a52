/**
 * TextVectorization: Keras's documented examples, each standardize / split /
 * ngrams option on hand-worked strings, sequence padding and truncation,
 * the encoding modes with hand-computed counts and IDF weights, configs
 * (registered functions included) and errors.
 */
import { describe, expect, it } from "vitest";
import { layers, saving, Tensor } from "../../../src/index.js";
import { TextVectorization } from "../../../src/layers/preprocessing/index.js";
import { ngramsOf, splitText, standardizeText } from "../../../src/layers/preprocessing/text-tokenize.js";

const arr = (x: unknown) => (x as Tensor).toArray();
const close = (x: unknown, expected: number[][]) => {
  const a = arr(x) as number[][];
  expect(a.length).toBe(expected.length);
  a.forEach((row, i) => row.forEach((v, j) => expect(v, `[${i}][${j}]`).toBeCloseTo(expected[i][j], 5)));
};

describe("TextVectorization: Keras's documented examples", () => {
  it("adapts, then maps to padded integer sequences", () => {
    const layer = new TextVectorization({ maxTokens: 5000, outputMode: "int", outputSequenceLength: 4 });
    layer.adapt(["foo bar", "bar baz", "baz bada boom"]);
    expect(layer.getVocabulary()).toEqual(["", "[UNK]", "baz", "bar", "foo", "boom", "bada"]);
    const out = layer.apply([["foo qux bar"], ["qux baz"]]) as Tensor;
    expect(out.dtype).toBe("int32");
    expect(arr(out)).toEqual([[4, 1, 3, 0], [1, 2, 0, 0]]);
  });

  it("takes a vocabulary: padding '' and OOV '[UNK]' come first", () => {
    const layer = new TextVectorization({ maxTokens: 5000, outputSequenceLength: 4, vocabulary: ["earth", "wind", "and", "fire"] });
    expect(layer.getVocabulary()).toEqual(["", "[UNK]", "earth", "wind", "and", "fire"]);
    expect(layer.getVocabulary(false)).toEqual(["earth", "wind", "and", "fire"]);
    expect(layer.vocabularySize()).toBe(6);
    // "&" is punctuation: stripped, so the sequence is padded.
    expect(arr(layer.apply(["Earth, wind & FIRE!"]))).toEqual([[2, 3, 5, 0]]);
    expect(arr(layer.apply(["earth and sky fire water"]))).toEqual([[2, 4, 1, 5]]);
  });
});

describe("TextVectorization: text steps", () => {
  it("standardize: ASCII lowercase (as tf.strings.lower) and string.punctuation stripping", () => {
    expect(standardizeText("Hello, World! It's 9:30.", "lower_and_strip_punctuation")).toBe("hello world its 930");
    expect(standardizeText("Hello, World!", "lower")).toBe("hello, world!");
    expect(standardizeText("Hello, World!", "strip_punctuation")).toBe("Hello World");
    expect(standardizeText("ÉCOLE Été", "lower")).toBe("École Été");
    expect(standardizeText("a«b»c–d", "strip_punctuation")).toBe("a«b»c–d");
    expect(standardizeText("A!", null)).toBe("A!");
    expect(standardizeText("abc", (s) => s.toUpperCase())).toBe("ABC");
  });

  it("split: whitespace runs (ends trimmed), code points, or a function", () => {
    expect(splitText("  the \t cat\n sat  ", "whitespace")).toEqual(["the", "cat", "sat"]);
    expect(splitText("", "whitespace")).toEqual([]);
    expect(splitText("añ\u{1F600}", "character")).toEqual(["a", "ñ", "\u{1F600}"]);
    expect(splitText("a-b-c", (s) => s.split("-"))).toEqual(["a", "b", "c"]);
  });

  it("ngrams: each width in order, windows joined by a space", () => {
    expect(ngramsOf(["a", "b", "c"], [1, 2])).toEqual(["a", "b", "c", "a b", "b c"]);
    expect(ngramsOf(["a", "b", "c"], [3, 1])).toEqual(["a b c", "a", "b", "c"]);
    expect(ngramsOf(["a"], [2])).toEqual([]);
  });

  it("ngrams in the layer: an integer n means widths 1..n, an array exactly those widths", () => {
    const bigrams = new TextVectorization({ ngrams: [2] });
    bigrams.adapt(["a b c", "b c"]);
    expect(bigrams.getVocabulary()).toEqual(["", "[UNK]", "b c", "a b"]);
    const upTo2 = new TextVectorization({ ngrams: 2, vocabulary: ["a", "b", "a b"] });
    expect(arr(upTo2.apply(["a b"]))).toEqual([[2, 3, 4]]);
  });

  it("character split with a fixed vocabulary", () => {
    const layer = new TextVectorization({ split: "character", standardize: null, vocabulary: ["a", "b"] });
    expect(arr(layer.apply(["abz", "ba"]))).toEqual([[2, 3, 1], [3, 2, 0]]);
  });

  it("split: null keeps each string whole (no padding needed)", () => {
    const layer = new TextVectorization({ split: null, vocabulary: ["new york", "paris"] });
    expect(arr(layer.apply([["New York"], ["PARIS!"], ["rome"]]))).toEqual([[2], [3], [1]]);
    expect((layer.apply("paris") as Tensor).item()).toBe(3);
  });

  it("pads to the longest sequence, or pads / truncates to outputSequenceLength", () => {
    const vocabulary = ["a", "b", "c"];
    expect(arr(new TextVectorization({ vocabulary }).apply(["a b c", "c", ""]))).toEqual([[2, 3, 4], [4, 0, 0], [0, 0, 0]]);
    expect(arr(new TextVectorization({ vocabulary, outputSequenceLength: 2 }).apply(["a b c", "c"]))).toEqual([[2, 3], [4, 0]]);
    expect(arr(new TextVectorization({ vocabulary, outputSequenceLength: 2 }).apply("c b a"))).toEqual([4, 3]);
  });
});

describe("TextVectorization: encoding modes", () => {
  it("multi_hot and count: one vector per string; no padding index", () => {
    const vocabulary = ["a", "b"];
    expect(new TextVectorization({ vocabulary, outputMode: "count" }).getVocabulary()).toEqual(["[UNK]", "a", "b"]);
    expect(arr(new TextVectorization({ vocabulary, outputMode: "count" }).apply(["a a b", "c", ""]))).toEqual([[0, 2, 1], [1, 0, 0], [0, 0, 0]]);
    expect(arr(new TextVectorization({ vocabulary, outputMode: "multi_hot" }).apply(["a a b", "c"]))).toEqual([[0, 1, 1], [1, 0, 0]]);
    const padded = new TextVectorization({ vocabulary, outputMode: "multi_hot", maxTokens: 5, padToMaxTokens: true });
    expect(arr(padded.apply(["b"]))).toEqual([[0, 0, 1, 0, 0]]);
  });

  it("one_hot on equal-length token lists", () => {
    const layer = new TextVectorization({ vocabulary: ["a", "b"], outputMode: "one_hot", split: null });
    expect(arr(layer.apply([["a"], ["q"]]))).toEqual([[0, 1, 0], [1, 0, 0]]);
    expect(() => new TextVectorization({ vocabulary: ["a"], outputMode: "one_hot" }).apply(["a a", "a"])).toThrow(/equal length/);
  });

  it("tf_idf: adapt learns IDF = log(1 + documents / (1 + document count))", () => {
    const layer = new TextVectorization({ outputMode: "tf_idf", ngrams: 2 });
    layer.adapt(["The cat sat.", "The dog!", "A cat, a dog"]);
    expect(layer.getVocabulary()).toEqual(["[UNK]", "the", "dog", "cat", "a", "the dog", "the cat", "sat", "cat sat", "cat a", "a dog", "a cat"]);
    const idf2 = Math.log(1 + 3 / 3); // in 2 of 3 documents
    const idf1 = Math.log(1 + 3 / 2); // in 1 document
    // "the", "dog" and "cat" are in 2 documents; "a" occurs twice but in 1 document, like the other 7 terms.
    const mean = (3 * idf2 + 8 * idf1) / 11;
    // "the cat the" also holds the unknown bigram "cat the".
    close(layer.apply(["the cat the", "zebra"]), [
      [mean, 2 * idf2, 0, idf2, 0, 0, idf1, 0, 0, 0, 0, 0],
      [mean, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    ]);
  });

  it("tf_idf with a given vocabulary needs idf_weights", () => {
    const layer = new TextVectorization({ outputMode: "tf_idf", vocabulary: ["a", "b"], idfWeights: [2, 4] });
    close(layer.apply(["b b q"]), [[3, 0, 8]]);
  });
});

describe("TextVectorization: adapt", () => {
  it("an iterable of batches learns what one array does", () => {
    const texts = ["x y", "y z z", "z"];
    const once = new TextVectorization();
    once.adapt(texts);
    const batched = new TextVectorization();
    batched.adapt((function* () {
      yield texts.slice(0, 2);
      yield texts.slice(2);
    })());
    expect(batched.getVocabulary()).toEqual(once.getVocabulary());
    expect(once.getVocabulary()).toEqual(["", "[UNK]", "z", "y", "x"]);
  });

  it("setVocabulary replaces the vocabulary", () => {
    const layer = new TextVectorization();
    expect(layer.vocabularySize()).toBe(2);
    layer.setVocabulary(["hi"]);
    expect(arr(layer.apply(["hi there"]))).toEqual([[2, 1]]);
  });
});

describe("TextVectorization: config", () => {
  it("writes Keras's keys, vocabulary_size included", () => {
    const layer = new TextVectorization({ maxTokens: 10, ngrams: [1, 3], outputSequenceLength: 5, vocabulary: ["a"], name: "tv" });
    const config = layer.getConfig();
    expect(Object.keys(config)).toEqual([
      "name", "trainable", "dtype", "max_tokens", "standardize", "split", "ngrams", "output_mode", "output_sequence_length",
      "pad_to_max_tokens", "sparse", "ragged", "vocabulary", "idf_weights", "encoding", "vocabulary_size",
    ]);
    expect(config).toMatchObject({
      name: "tv", max_tokens: 10, standardize: "lower_and_strip_punctuation", split: "whitespace", ngrams: [1, 3], output_mode: "int",
      output_sequence_length: 5, pad_to_max_tokens: false, sparse: false, ragged: false, vocabulary: ["a"], idf_weights: null,
      encoding: "utf-8", vocabulary_size: 3,
    });
    const copy = layers.deserialize(JSON.parse(JSON.stringify(layers.serialize(layer)))) as TextVectorization;
    expect(arr(copy.apply(["a b"]))).toEqual(arr(layer.apply(["a b"])));
  });

  it("registered standardize / split functions are named in the config and found again", () => {
    const dashes = saving.registerKerasSerializable({ package: "tvtest", name: "dashes" })((s: string) => s.split("-"));
    const layer = new TextVectorization({ standardize: null, split: dashes as (s: string) => string[], vocabulary: ["a", "b"] });
    const config = layer.getConfig();
    expect(config.split).toEqual({ module: null, class_name: "function", config: "tvtest>dashes", registered_name: "tvtest>dashes" });
    const copy = TextVectorization.fromConfig(config);
    expect(arr(copy.apply(["a-b-c"]))).toEqual([[2, 3, 1]]);
    const anonymous = new TextVectorization({ standardize: (s: string) => s });
    expect(() => anonymous.getConfig()).toThrow(/cannot serialize the `standardize` function/);
  });
});

describe("TextVectorization: assets", () => {
  it("an adapted vocabulary goes to vocabulary.txt and comes back into a layer rebuilt from the config", () => {
    const layer = new TextVectorization({ outputMode: "count" });
    layer.adapt(["b a b", "c"]);
    const files = new Map<string, Uint8Array>();
    layer.saveAssets(files);
    expect(new TextDecoder().decode(files.get("vocabulary.txt"))).toBe("[UNK]\nb\nc\na");
    const copy = TextVectorization.fromConfig(layer.getConfig());
    copy.loadAssets(files);
    expect(copy.getVocabulary()).toEqual(layer.getVocabulary());
    expect(arr(copy.apply(["a b z"]))).toEqual([[1, 1, 0, 1]]);
  });
});

describe("TextVectorization: errors", () => {
  it("refuses bad arguments with Keras's messages", () => {
    expect(() => new TextVectorization({ standardize: "upper" as never })).toThrow(/Unknown value for `standardize` argument of TextVectorization/);
    expect(() => new TextVectorization({ split: "comma" as never })).toThrow(/Unknown value for `split` argument/);
    expect(() => new TextVectorization({ outputMode: "words" })).toThrow(/Unknown value for `output_mode`/);
    expect(() => new TextVectorization({ ngrams: "2" as never })).toThrow(/`ngrams` must be None, an integer, or a tuple of integers/);
    expect(() => new TextVectorization({ outputMode: "count", outputSequenceLength: 3 })).toThrow(/must not be set if `output_mode` is not 'int'/);
    expect(() => new TextVectorization({ outputSequenceLength: 2.5 })).toThrow(/must be either None or an integer/);
    expect(() => new TextVectorization({ ragged: true })).toThrow(/no ragged tensors/);
    expect(() => new TextVectorization({ sparse: true })).toThrow(/no sparse tensors/);
  });

  it("refuses numbers, and rank-2 strings whose last dimension is not 1", () => {
    const layer = new TextVectorization({ vocabulary: ["a"] });
    expect(() => layer.apply([1, 2])).toThrow(/TextVectorization: expected string inputs/);
    expect(() => layer.apply([["a", "b"]])).toThrow(/the input rank must be 1 or the last shape dimension must be 1/);
    expect(() => layer.adapt(["a"])).toThrow(/Cannot adapt layer/);
  });
});

describe("docs/layers.md: Strings example", () => {
  it("runs as documented", async () => {
    const keras = await import("../../../src/index.js");
    const vectorize = new keras.layers.TextVectorization({ outputSequenceLength: 4 });
    vectorize.adapt(["foo bar", "bar baz", "baz bada boom"]);
    expect(vectorize.getVocabulary()).toEqual(["", "[UNK]", "baz", "bar", "foo", "boom", "bada"]);
    expect(vectorize.apply(["foo qux bar", "qux baz"]).toArray()).toEqual([[4, 1, 3, 0], [1, 2, 0, 0]]);
    const lookup = new keras.layers.StringLookup({ vocabulary: ["a", "b", "c"] });
    const inverse = new keras.layers.StringLookup({ vocabulary: ["a", "b", "c"], invert: true });
    expect(inverse.apply(lookup.apply([["a", "z"]]))).toEqual([["a", "[UNK]"]]);
    expect(new keras.layers.Hashing(3).apply(["A", "B", "C"]).toArray()).toEqual([1, 0, 1]);
  });
});
