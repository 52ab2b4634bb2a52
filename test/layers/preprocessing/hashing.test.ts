/**
 * Hashing and HashedCrossing: the outputs printed in Keras's documentation
 * (FarmHash64, SipHash with salts, masks, crosses), the identities behind
 * them (integers hash as their decimal strings), output modes, symbolic
 * shapes, configs and errors.
 */
import { describe, expect, it } from "vitest";
import { Input, layers, ops, Tensor } from "../../../src/index.js";
import { HashedCrossing, Hashing } from "../../../src/layers/preprocessing/index.js";

const t = (v: unknown, dtype = "int32") => ops.convertToTensor(v as never, dtype);
const arr = (x: unknown) => (x as Tensor).toArray();
const LETTERS = [["A"], ["B"], ["C"], ["D"], ["E"]];

describe("Hashing: Keras's documented examples", () => {
  it("FarmHash64", () => {
    const out = new Hashing(3).apply(LETTERS) as Tensor;
    expect(out.dtype).toBe("int32");
    expect(out.shape).toEqual([5, 1]);
    expect(arr(out)).toEqual([[1], [0], [1], [1], [2]]);
  });

  it("FarmHash64 with a mask value: bin 0 is the mask, the rest hash into 1..numBins-1", () => {
    expect(arr(new Hashing(3, { maskValue: "" }).apply([["A"], ["B"], [""], ["C"], ["D"]]))).toEqual([[1], [1], [0], [2], [2]]);
  });

  it("SipHash64 with a pair of salts and with one salt (same as [salt, salt])", () => {
    expect(arr(new Hashing(3, { salt: [133, 137] }).apply(LETTERS))).toEqual([[1], [2], [1], [0], [2]]);
    expect(arr(new Hashing(3, { salt: 133 }).apply(LETTERS))).toEqual([[0], [0], [2], [1], [0]]);
    expect(arr(new Hashing(3, { salt: [133, 133] }).apply(LETTERS))).toEqual([[0], [0], [2], [1], [0]]);
  });
});

describe("Hashing: behaviour", () => {
  it("hashes integers as their decimal strings; floats are truncated first", () => {
    const layer = new Hashing(97);
    const fromInts = arr(layer.apply(t([[1, -12, 305]]))) as number[][];
    expect(arr(layer.apply([["1", "-12", "305"]]))).toEqual(fromInts);
    expect(arr(layer.apply(t([[1.9, -12.5, 305.01]], "float32")))).toEqual(fromInts);
    expect(arr(layer.apply([[1, -12, 305]]))).toEqual(fromInts);
  });

  it("an integer mask value reserves bin 0 for it", () => {
    const out = arr(new Hashing(4, { maskValue: 0 }).apply(t([0, 1, 2, 3, 4, 0, 5]))) as number[];
    expect([out[0], out[5]]).toEqual([0, 0]);
    expect([1, 2, 3, 4, 6].every((i) => out[i] >= 1 && out[i] <= 3)).toBe(true);
  });

  it("stays in range and spreads values over the bins", () => {
    const values = Array.from({ length: 2000 }, (_, i) => `user-${i}`);
    const out = arr(new Hashing(8).apply(values)) as number[];
    const bins = new Array(8).fill(0);
    for (const b of out) bins[b]++;
    for (const n of bins) expect(Math.abs(n - 250)).toBeLessThan(4 * Math.sqrt(2000 * (1 / 8) * (7 / 8)));
  });

  it("one_hot, multi_hot and count encode the bins (floatx)", () => {
    const bins = arr(new Hashing(3).apply(LETTERS)) as number[][]; // [1, 0, 1, 1, 2]
    const oneHot = new Hashing(3, { outputMode: "one_hot" }).apply(LETTERS) as Tensor;
    expect(oneHot.dtype).toBe("float32");
    expect(arr(oneHot)).toEqual(bins.map(([b]) => [0, 1, 2].map((i) => (i === b ? 1 : 0))));
    expect(arr(new Hashing(3, { outputMode: "multi_hot" }).apply(["A", "B", "C", "D", "E"]))).toEqual([1, 1, 1]);
    expect(arr(new Hashing(3, { outputMode: "count" }).apply([["A", "B", "C"], ["D", "E", "E"]]))).toEqual([[1, 2, 0], [0, 1, 2]]);
  });

  it("symbolic shapes follow the output mode", () => {
    const x = Input({ shape: [4], dtype: "int32" });
    expect(new Hashing(5).apply(x).shape).toEqual([null, 4]);
    expect(new Hashing(5, { outputMode: "count" }).apply(x).shape).toEqual([null, 5]);
    expect(new Hashing(5, { outputMode: "one_hot" }).apply(Input({ shape: [1], dtype: "int32" })).shape).toEqual([null, 5]);
    expect(new Hashing(5, { outputMode: "one_hot" }).apply(x).shape).toEqual([null, 4, 5]);
  });

  it("config: Keras's keys, the int64 policy for int output, salts as pairs", () => {
    const layer = new Hashing(10, { salt: 3, maskValue: "", name: "h" });
    const config = layer.getConfig();
    expect(config).toEqual({
      name: "h", trainable: true, dtype: { module: "keras", class_name: "DTypePolicy", config: { name: "int64" }, registered_name: null },
      num_bins: 10, salt: [3, 3], mask_value: "", output_mode: "int", sparse: false,
    });
    const copy = layers.deserialize(layers.serialize(layer)) as Hashing;
    expect(arr(copy.apply(LETTERS))).toEqual(arr(layer.apply(LETTERS)));
    expect(new Hashing(4, { outputMode: "count" }).getConfig().dtype.config.name).toBe("float32");
  });

  it("errors", () => {
    expect(() => new Hashing(0)).toThrow(/`num_bins` for `Hashing` cannot be `None` or non-positive values. Received: num_bins=0/);
    expect(() => new Hashing(null as never)).toThrow(/cannot be `None`/);
    expect(() => new Hashing(3, { dtype: "float32" })).toThrow(/When `output_mode="int"`, `dtype` should be an integer type/);
    expect(() => new Hashing(3, { outputMode: "tf_idf" })).toThrow(/Invalid value for argument `output_mode`/);
    expect(() => new Hashing(3, { sparse: true })).toThrow(/`sparse` may only be true if `output_mode` is/);
    expect(() => new Hashing(3, { outputMode: "count", sparse: true })).toThrow(/no sparse tensors/);
    expect(() => new Hashing(3, { salt: "x" as never })).toThrow(/The `salt` argument for `Hashing`/);
    expect(() => new Hashing(3).apply([["a"], ["b", "c"]])).toThrow(/Hashing: ragged nested array/);
    expect(() => new Hashing(3, { outputMode: "count" }).apply([[["a"]]])).toThrow(/Hashing: output_mode='count' takes a 1D/);
  });
});

describe("HashedCrossing", () => {
  const feat1 = ["A", "B", "A", "B", "A"];
  const feat2 = [101, 101, 101, 102, 102];

  it("crosses two scalar features (Keras's example)", () => {
    const out = new HashedCrossing(5).apply([feat1, t(feat2)]) as Tensor;
    expect(out.dtype).toBe("int32");
    expect(arr(out)).toEqual([1, 4, 1, 1, 3]);
  });

  it("crosses and one-hots (Keras's example)", () => {
    const out = new HashedCrossing(5, { outputMode: "one_hot" }).apply([feat1, feat2]) as Tensor;
    expect(out.dtype).toBe("float32");
    expect(arr(out)).toEqual([[0, 1, 0, 0, 0], [0, 0, 0, 0, 1], [0, 1, 0, 0, 0], [0, 1, 0, 0, 0], [0, 0, 0, 1, 0]]);
  });

  it("keeps [batch, 1] and scalar shapes; one_hot replaces the trailing 1", () => {
    const col = (xs: unknown[]) => xs.map((x) => [x]);
    expect(arr(new HashedCrossing(5).apply([col(feat1), col(feat2)]))).toEqual([[1], [4], [1], [1], [3]]);
    expect((new HashedCrossing(5, { outputMode: "one_hot" }).apply([col(feat1), col(feat2)]) as Tensor).shape).toEqual([5, 5]);
    const scalar = new HashedCrossing(5).apply(["B", 102]) as Tensor;
    expect(scalar.shape).toEqual([]);
    expect(scalar.item()).toBe(1);
  });

  it("depends on the order of the features", () => {
    const ab = arr(new HashedCrossing(1000).apply([["x", "y"], ["y", "x"]])) as number[];
    expect(ab[0]).not.toBe(ab[1]);
  });

  it("symbolic shapes", () => {
    const a = Input({ shape: [1], dtype: "int32" });
    const b = Input({ shape: [1], dtype: "int32" });
    expect(new HashedCrossing(7).apply([a, b]).shape).toEqual([null, 1]);
    expect(new HashedCrossing(7, { outputMode: "one_hot" }).apply([a, b]).shape).toEqual([null, 7]);
  });

  it("config is Keras's five keys, dtype a plain name", () => {
    const layer = new HashedCrossing(5, { name: "cross" });
    expect(layer.getConfig()).toEqual({ num_bins: 5, output_mode: "int", sparse: false, name: "cross", dtype: "int64" });
    expect(new HashedCrossing(5, { outputMode: "one_hot" }).getConfig().dtype).toBe("float32");
    const copy = layers.deserialize(layers.serialize(layer)) as HashedCrossing;
    expect(arr(copy.apply([feat1, feat2]))).toEqual([1, 4, 1, 1, 3]);
  });

  it("errors", () => {
    expect(() => new HashedCrossing(5).apply("A")).toThrow(/should be called on a list or tuple of inputs/);
    expect(() => new HashedCrossing(5).apply([feat1] as never)).toThrow(/should be called on at least two inputs/);
    expect(() => new HashedCrossing(5).apply([[["a", "b"]], [[1, 2]]])).toThrow(/should have shape `\(\)`, `\(batch_size\)` or `\(batch_size, 1\)`/);
    expect(() => new HashedCrossing(5).apply([["a", "b"], [1, 2, 3]])).toThrow(/should have equal shape/);
    expect(() => new HashedCrossing(5).apply([["a"], t([1.5], "float32")])).toThrow(/should have an integer or string dtype/);
    expect(() => new HashedCrossing(5, { outputMode: "count" })).toThrow(/Unknown value for `output_mode` argument of HashedCrossing/);
    expect(() => new HashedCrossing(5, { sparse: true })).toThrow(/TensorFlow backend/);
  });
});
