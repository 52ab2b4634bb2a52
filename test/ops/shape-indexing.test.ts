import { describe, expect, it } from "vitest";
import { Tensor, ops } from "../../src/index.js";
import { checkGradients, randomTensor } from "../utils/gradcheck.js";

const iota = (shape: number[], start = 0): Tensor =>
  ops.reshape(ops.cast(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => start + i), "float32"), shape);
const ints = (v: number[], shape = [v.length]): Tensor => new Tensor(Int32Array.from(v), shape, "int32");

describe("take", () => {
  it("takes slices along an axis; the axis becomes the indices' shape", () => {
    const x = iota([2, 3]);
    expect(ops.take(x, [2, 0], 1).toArray()).toEqual([[2, 0], [5, 3]]);
    expect(ops.take(x, [[0, -1]], 1).toArray()).toEqual([[[0, 2]], [[3, 5]]]);
    expect(ops.take(x, 1, 0).toArray()).toEqual([3, 4, 5]);
    expect(ops.take(x, ints([1, 1, 0]), { axis: -2 }).toArray()).toEqual([[3, 4, 5], [3, 4, 5], [0, 1, 2]]);
    expect(ops.take(x, ints([], [0]), 1).shape).toEqual([2, 0]);
  });

  it("axis null indexes the flattened tensor; negative indices wrap", () => {
    const x = iota([2, 3]);
    expect(ops.take(x, [5, -6, -1]).toArray()).toEqual([5, 0, 5]);
    expect(ops.take(x, [[1, 2], [3, 4]]).toArray()).toEqual([[1, 2], [3, 4]]);
    expect(ops.take(ops.convertToTensor([true, false]), [1, 0]).toArray()).toEqual([false, true]);
    expect(ops.take(ops.convertToTensor([7, 8, 9]), ops.convertToTensor([2, 0], "float32")).toArray()).toEqual([9, 7]);
  });

  it("errors on out-of-range and non-integer indices", () => {
    const x = iota([2, 3]);
    expect(() => ops.take(x, [3], 1)).toThrow(/ops\.take \(axis 1 of shape \(2, 3\)\): index 3 is out of bounds for an axis of size 3 \(valid indices are in \[-3, 2\]\)/);
    expect(() => ops.take(x, [-7])).toThrow(/index -7 is out of bounds for an axis of size 6/);
    expect(() => ops.take(x, [0.5])).toThrow(/indices must be integers, received 0\.5/);
    expect(() => ops.take(x, [0], 2)).toThrow(/out of bounds for a tensor of rank 2/);
  });
});

describe("takeAlongAxis", () => {
  it("picks one element per index along an axis (numpy)", () => {
    const x = ops.convertToTensor([[10, 30, 20], [60, 40, 50]], "float32");
    expect(ops.takeAlongAxis(x, ints([1, 0, 2, 2, 0, 1], [2, 3]), 1).toArray()).toEqual([[30, 10, 20], [50, 60, 40]]);
    expect(ops.takeAlongAxis(x, ints([0, -1], [2, 1]), -1).toArray()).toEqual([[10], [50]]);
    expect(ops.takeAlongAxis(x, ints([1, 0, 1], [1, 3]), 0).toArray()).toEqual([[60, 30, 50]]);
    expect(ops.takeAlongAxis(x, ints([5, 0])).toArray()).toEqual([50, 10]);
  });

  it("broadcasts x and indices against each other outside the axis", () => {
    const x = ops.convertToTensor([[1, 2, 3]], "float32"); // (1, 3)
    // indices (2, 2) against x (1, 3) on axis 1 -> output (2, 2)
    expect(ops.takeAlongAxis(x, ints([2, 0, 1, 1], [2, 2]), 1).toArray()).toEqual([[3, 1], [2, 2]]);
    const y = iota([2, 3]);
    // indices (1, 2) broadcast over the 2 rows of y
    expect(ops.takeAlongAxis(y, ints([2, 1], [1, 2]), 1).toArray()).toEqual([[2, 1], [5, 4]]);
  });

  it("errors on rank mismatch, broadcast failure and out-of-range indices", () => {
    const y = iota([2, 3]);
    expect(() => ops.takeAlongAxis(y, ints([0]), 1)).toThrow(/ops\.takeAlongAxis: `x` and `indices` must have the same \(non-zero\) rank, received shapes \(2, 3\) and \(1,\)/);
    expect(() => ops.takeAlongAxis(y, ints([0, 0, 0], [3, 1]), 1)).toThrow(/do not broadcast outside axis 1/);
    expect(() => ops.takeAlongAxis(y, ints([3, 0], [2, 1]), 1)).toThrow(/index 3 is out of bounds for an axis of size 3/);
    expect(() => ops.takeAlongAxis(y, ints([0, 1], [1, 2]))).toThrow(/with axis=None, `indices` must be 1-D/);
  });
});

describe("gradients", () => {
  it("match finite differences, with repeated indices accumulating", () => {
    const x = randomTensor([3, 4], 1);
    const x3 = randomTensor([2, 3, 4], 2);
    checkGradients((t) => ops.take(t, [0, 2, 2, -1], 1), [x]);
    checkGradients((t) => ops.take(t, ints([1, 1, 0, 2], [2, 2]), -2), [x3]);
    checkGradients((t) => ops.take(t, [11, 0, 11, 5]), [x]);
    checkGradients((t) => ops.take(t, ints([], [0]), 0), [x]);
    checkGradients((t) => ops.take(t, [0, 0], 1), [randomTensor([0, 2], 3)]);
    checkGradients((t) => ops.takeAlongAxis(t, ints([3, 0, 0, 1, 2, 3, 3, 3, 1], [3, 3]), -1), [x]);
    checkGradients((t) => ops.takeAlongAxis(t, ints([2, 0, 1, 1, 0, 2], [1, 3, 2]), 1), [randomTensor([2, 3, 2], 4)]);
    checkGradients((t) => ops.takeAlongAxis(t, ints([0, 5, 5, 11])), [x]);
  });
});
