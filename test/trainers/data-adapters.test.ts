/**
 * The data side of the trainer: conversion of user data, batching and
 * shuffling, class weights, validation splits and EpochIterator's
 * stepsPerEpoch bookkeeping, on data whose batches can be listed by hand.
 */
import { describe, expect, it, vi } from "vitest";
import * as keras from "../../src/index.js";
import { Tensor } from "../../src/index.js";
import {
  ArrayDataAdapter, classWeightToSampleWeights, isDataset, standardizeData, trainValidationSplit, unpackXYSampleWeight,
} from "../../src/trainers/data-adapters.js";
import { EpochIterator } from "../../src/trainers/epoch-iterator.js";

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const column = (n: number) => new Tensor(Float32Array.from(range(n)), [n, 1], "float32");

function epochValues(iterator: EpochIterator): number[][] {
  return [...iterator.epoch()].map(([, [x]]) => Array.from((x as Tensor).data));
}

describe("standardizeData", () => {
  it("tensors, typed arrays, nested arrays, { data, shape }, lists and dicts", () => {
    expect(standardizeData([[1, 2], [3, 4]], "x").shape).toEqual([2, 2]);
    expect(standardizeData(new Float32Array([1, 2]), "x").shape).toEqual([2]);
    expect(standardizeData({ data: [1, 2, 3, 4, 5, 6], shape: [3, 2] }, "x").shape).toEqual([3, 2]);
    const dict = standardizeData({ a: [[1]], b: new Int32Array([3]) }, "x");
    expect(dict.a.shape).toEqual([1, 1]);
    expect(dict.b.dtype).toBe("int32");
    // With two model inputs, a list of two nested arrays is two arrays.
    const two = standardizeData([[[1], [2]], [[3], [4]]], "x", 2);
    expect(two.map((t: Tensor) => t.shape)).toEqual([[2, 1], [2, 1]]);
    expect(standardizeData([[[1], [2]], [[3], [4]]], "x").shape).toEqual([2, 2, 1]);
    // float64 data trains in floatx, as Keras converts it.
    expect(standardizeData(new Float64Array([1, 2]), "x").dtype).toBe("float32");
    expect(standardizeData(null, "y")).toBe(null);
  });

  it("unpacks x, [x], [x, y], [x, y, sampleWeight] and rejects longer lists", () => {
    expect(unpackXYSampleWeight("x")).toEqual(["x", null, null]);
    expect(unpackXYSampleWeight(["x"])).toEqual(["x", null, null]);
    expect(unpackXYSampleWeight(["x", "y"])).toEqual(["x", "y", null]);
    expect(unpackXYSampleWeight(["x", "y", "w"])).toEqual(["x", "y", "w"]);
    expect(() => unpackXYSampleWeight([1, 2, 3, 4])).toThrow("Data is expected to be in format `x`, `(x,)`, `(x, y)`, or `(x, y, sample_weight)`, found: [1, 2, 3, 4]");
  });

  it("tells datasets from in-memory data", () => {
    expect(isDataset([[1]])).toBe(false);
    expect(isDataset(new Float32Array(2))).toBe(false);
    expect(isDataset(column(2))).toBe(false);
    expect(isDataset({ a: [1] })).toBe(false);
    expect(isDataset(new Set([1]))).toBe(true);
    expect(isDataset(function* () {})).toBe(true);
    expect(isDataset((async function* () {})())).toBe(true);
  });
});

describe("class weights", () => {
  it("by label, by one-hot argmax, with a trailing size-1 axis, rounded; unlisted classes weigh 1", () => {
    const cw = { 0: 0.5, 2: 4 };
    expect(Array.from(classWeightToSampleWeights(new Tensor(new Int32Array([0, 1, 2, 7]), [4], "int32"), cw).data)).toEqual([0.5, 1, 4, 1]);
    const oneHot = keras.ops.convertToTensor([[0, 0, 1], [1, 0, 0]], "float32");
    expect(Array.from(classWeightToSampleWeights(oneHot, cw).data)).toEqual([4, 0.5]);
    const column2 = keras.ops.convertToTensor([[2.2], [0.4]], "float32");
    expect(Array.from(classWeightToSampleWeights(column2, cw).data)).toEqual([4, 0.5]);
    expect(Array.from(classWeightToSampleWeights(new Tensor(new Int32Array([1, 2]), [2], "int32"), new Map([[1, 3]])).data)).toEqual([3, 1]);
    expect(() => classWeightToSampleWeights(column2, { "-1": 2 })).toThrow("`class_weight` must map non-negative integer class indices to numbers.");
  });

  it("are only for a single output", () => {
    expect(() => new ArrayDataAdapter(column(2), [column(2), column(2)], null, { classWeight: { 0: 1 }, outputCount: 2 })).toThrow(
      "`class_weight` is only supported for Models with a single output.",
    );
  });
});

describe("batching and shuffling", () => {
  it("in order: ceil(n / batchSize) batches, the last one partial", () => {
    const it = new EpochIterator({ x: column(5), batchSize: 2 });
    expect(it.numBatches).toBe(3);
    expect(epochValues(it)).toEqual([[0, 1], [2, 3], [4]]);
  });

  it("shuffle: a new permutation of all samples each epoch", () => {
    keras.utils.setRandomSeed(7);
    const it = new EpochIterator({ x: column(20), batchSize: 20, shuffle: true });
    const [a] = epochValues(it);
    const [b] = epochValues(it);
    expect(a.slice().sort((p, q) => p - q)).toEqual(range(20));
    expect(b.slice().sort((p, q) => p - q)).toEqual(range(20));
    expect(a).not.toEqual(b);
    expect(a).not.toEqual(range(20));
  });

  it('shuffle "batch": batches keep their samples, the full batches change order, the partial one stays last', () => {
    keras.utils.setRandomSeed(3);
    const it = new EpochIterator({ x: column(10), batchSize: 3, shuffle: "batch" });
    const batches = epochValues(it);
    expect(batches.length).toBe(4);
    expect(batches[3]).toEqual([9]);
    const groups = batches.slice(0, 3).map((b) => b.slice().sort((p, q) => p - q)).sort((p, q) => p[0] - q[0]);
    expect(groups).toEqual([[0, 1, 2], [3, 4, 5], [6, 7, 8]]);
  });

  it("stepsPerEpoch continues through the data across epochs and restarts at its end", () => {
    const it = new EpochIterator({ x: column(5), batchSize: 1, stepsPerEpoch: 2 });
    expect(epochValues(it)).toEqual([[0], [1]]);
    expect(epochValues(it)).toEqual([[2], [3]]);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      // One batch left: the epoch is cut short with Keras's warning, and the next epoch starts over.
      expect(epochValues(it)).toEqual([[4]]);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(epochValues(it)).toEqual([[0], [1]]);
    } finally {
      warn.mockRestore();
    }
  });

  it("an unknown-length dataset learns its length when it runs out", () => {
    const gen = function* () {
      for (let i = 0; i < 3; i++) yield [column(1)];
    };
    const it = new EpochIterator({ x: gen });
    expect(it.numBatches).toBe(null);
    expect([...it.epoch()].length).toBe(3);
    expect(it.numBatches).toBe(3);
    expect(() => new EpochIterator({ x: gen, stepsPerEpoch: 0 })).toThrow("Argument `steps_per_epoch` must be a positive integer or None.");
  });
});

describe("trainValidationSplit", () => {
  it("splits every array at floor(n * (1 - split)), keeping nulls", () => {
    // floor(10 * 0.75) = 7 training samples, the last 3 for validation.
    const [train, val] = trainValidationSplit([column(10), column(10), null], 0.25);
    expect(Array.from(train[0].data)).toEqual(range(7));
    expect(Array.from(val[1].data)).toEqual([7, 8, 9]);
    expect(train[2]).toBe(null);
    expect(() => trainValidationSplit([[1, 2] as never, null, null], 0.5)).toThrow("Argument `validation_split` is only supported for tensors or NumPy arrays.");
  });
});
