import { describe, expect, it } from "vitest";
import { ops, valueAndGrad } from "../../src/index.js";
import { checkGradients, randomTensor } from "../utils/gradcheck.js";

const t = (v: unknown, dtype = "float32") => ops.convertToTensor(v as never, dtype);
const ids = (v: number[]) => ops.convertToTensor(v, "int32");

describe("segmentSum", () => {
  it("sums rows into segments; numSegments defaults to max(id) + 1", () => {
    const data = t([1, 2, 3, 4, 5]);
    expect(ops.segmentSum(data, ids([0, 0, 1, 2, 2])).toArray()).toEqual([3, 3, 9]);
    expect(ops.segmentSum(data, ids([2, 0, 2, 0, 1]), 4).toArray()).toEqual([6, 5, 4, 0]);
    expect(ops.segmentSum(data, ids([2, 0, 2, 0, 1]), { numSegments: 3, sorted: false }).toArray()).toEqual([6, 5, 4]);
    expect(ops.segmentSum(data, ids([0, 0, 1, 1, 1]), null, true).toArray()).toEqual([3, 12]);
  });

  it("keeps trailing dims, takes N-D segment ids and keeps the dtype", () => {
    const data = t([[1, 2], [3, 4], [5, 6]]);
    expect(ops.segmentSum(data, ids([1, 0, 1])).toArray()).toEqual([[3, 4], [6, 8]]);
    // ids of shape (2, 2) over data (2, 2, 3): each (i, j) row of 3 goes to ids[i, j].
    const d3 = ops.reshape(ops.arange(12), [2, 2, 3]);
    const out = ops.segmentSum(d3, ops.convertToTensor([[0, 1], [1, 0]], "int32"));
    expect(out.dtype).toBe("int32");
    expect(out.toArray()).toEqual([[0 + 9, 1 + 10, 2 + 11], [3 + 6, 4 + 7, 5 + 8]]);
    expect(ops.segmentSum(ops.convertToTensor([true, true, false]), ids([0, 0, 0])).toArray()).toEqual([2]);
  });

  it("drops negative ids and handles empty inputs", () => {
    expect(ops.segmentSum(t([1, 2, 3]), ids([-1, 1, -1])).toArray()).toEqual([0, 2]);
    expect(ops.segmentSum(t([1, 2]), ids([-1, -1]), 2).toArray()).toEqual([0, 0]);
    expect(ops.segmentSum(ops.zeros([0, 2]), ids([]), 3).toArray()).toEqual([[0, 0], [0, 0], [0, 0]]);
    expect(ops.segmentSum(ops.zeros([0]), ids([])).shape).toEqual([0]);
  });

  it("rejects ids past numSegments, mismatched shapes and non-integer ids", () => {
    expect(() => ops.segmentSum(t([1, 2]), ids([0, 2]), 2)).toThrow(/ops\.segmentSum: segment id 2 is out of range for num_segments=2/);
    expect(() => ops.segmentSum(t([1, 2]), ids([0, 1, 1]))).toThrow(/must be a prefix of the shape of `data`/);
    expect(() => ops.segmentSum(t([1, 2]), t(0))).toThrow(/at least 1-D/);
    expect(() => ops.segmentSum(t([1, 2]), t([0, 0.5]))).toThrow(/must be integers/);
    expect(() => ops.segmentSum(t([1, 2]), ids([0, 0]), -1)).toThrow(/num_segments` must be a non-negative integer/);
  });

  it("gradient: each row gets its segment's output gradient (dropped rows get 0)", () => {
    checkGradients((x) => ops.segmentSum(x, ids([0, 2, 0, 1])), [randomTensor([4], 31)]);
    checkGradients((x) => ops.segmentSum(x, ids([1, -1, 1]), 3), [randomTensor([3, 2], 32)]);
    checkGradients((x) => ops.segmentSum(x, ops.convertToTensor([[0, 1], [1, 1]], "int32")), [randomTensor([2, 2, 1], 33)]);
    const x = t([1, 2, 3], "float64");
    const { grads } = valueAndGrad(() => ops.sum(ops.multiply(ops.segmentSum(x, ids([1, -1, 0])), t([10, 20], "float64"))), [x]);
    expect(grads[0].toArray()).toEqual([20, 0, 10]);
  });
});

describe("segmentMax", () => {
  it("takes the max of each segment; empty segments hold -inf (int32: its minimum)", () => {
    const data = t([1, 7, 3, -4, 5]);
    expect(ops.segmentMax(data, ids([0, 0, 1, 1, 3])).toArray()).toEqual([7, 3, -Infinity, 5]);
    expect(ops.segmentMax(data, ids([0, -1, 1, 1, 0]), 2).toArray()).toEqual([5, 3]);
    const i = ops.segmentMax(ops.convertToTensor([4, 9]), ids([1, 1]), 2);
    expect(i.dtype).toBe("int32");
    expect(i.toArray()).toEqual([-2147483648, 9]);
    expect(ops.segmentMax(t([[1, 8], [5, 2], [0, 0]]), ids([0, 0, 1])).toArray()).toEqual([[5, 8], [0, 0]]);
    expect(ops.segmentMax(t([1, NaN, 2]), ids([0, 0, 1])).toArray()).toEqual([NaN, 2]);
  });

  it("rejects ids past numSegments", () => {
    expect(() => ops.segmentMax(t([1, 2]), ids([0, 5]), 3)).toThrow(/ops\.segmentMax: segment id 5 is out of range for num_segments=3/);
  });

  it("gradient goes to the maximum of each segment, split evenly among ties", () => {
    checkGradients((x) => ops.segmentMax(x, ids([0, 1, 0, 1, 2])), [randomTensor([5], 41)]);
    checkGradients((x) => ops.segmentMax(x, ids([1, -1, 1, 0]), 2), [randomTensor([4, 3], 42)]);
    checkGradients((x) => ops.segmentMax(x, ops.convertToTensor([[0, 0], [1, 0]], "int32")), [randomTensor([2, 2, 2], 43)]);
    const x = t([3, 1, 3, 2], "float64");
    const { grads } = valueAndGrad(() => ops.sum(ops.multiply(ops.segmentMax(x, ids([0, 0, 0, 1])), t([10, 20], "float64"))), [x]);
    expect(grads[0].toArray()).toEqual([5, 0, 5, 20]);
  });
});
