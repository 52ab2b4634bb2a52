import { describe, expect, it } from "vitest";
import { ops, valueAndGrad } from "../../src/index.js";
import { checkGradients, randomTensor } from "../utils/gradcheck.js";

const t = (v: unknown, dtype = "float32") => ops.convertToTensor(v as never, dtype);

describe("sort / argsort", () => {
  it("sorts along the last axis by default, other axes, negative axes and the flattened tensor", () => {
    const x = t([[3, 1, 2], [0, 5, -4]]);
    expect(ops.sort(x).toArray()).toEqual([[1, 2, 3], [-4, 0, 5]]);
    expect(ops.sort(x, 0).toArray()).toEqual([[0, 1, -4], [3, 5, 2]]);
    expect(ops.sort(x, -2).toArray()).toEqual([[0, 1, -4], [3, 5, 2]]);
    expect(ops.sort(x, { axis: null }).toArray()).toEqual([-4, 0, 1, 2, 3, 5]);
    expect(ops.argsort(x).toArray()).toEqual([[1, 2, 0], [2, 0, 1]]);
    expect(ops.argsort(x, 0).toArray()).toEqual([[1, 0, 1], [0, 1, 0]]);
    expect(ops.argsort(x, null).toArray()).toEqual([5, 3, 1, 2, 0, 4]);
    expect(ops.argsort(x).dtype).toBe("int32");
  });

  it("sorts a middle axis of a rank-3 tensor", () => {
    const x = ops.reshape(t([5, 1, 4, 2, 3, 0, 9, 7, 8, 6, 11, 10]), [2, 3, 2]);
    // x[0] = [[5,1],[4,2],[3,0]], x[1] = [[9,7],[8,6],[11,10]]
    expect(ops.sort(x, 1).toArray()).toEqual([[[3, 0], [4, 1], [5, 2]], [[8, 6], [9, 7], [11, 10]]]);
    expect(ops.argsort(x, 1).toArray()).toEqual([[[2, 2], [1, 0], [0, 1]], [[1, 1], [0, 0], [2, 2]]]);
  });

  it("keeps dtype, is stable on ties and puts NaN last (numpy)", () => {
    const i = ops.convertToTensor([3, -1, 3, 0]);
    expect(ops.sort(i).dtype).toBe("int32");
    expect(ops.sort(i).toArray()).toEqual([-1, 0, 3, 3]);
    expect(ops.argsort(i).toArray()).toEqual([1, 3, 0, 2]);
    const b = ops.convertToTensor([true, false, true]);
    expect(ops.sort(b).toArray()).toEqual([false, true, true]);
    const n = t([2, NaN, -1, Infinity, -Infinity]);
    expect(ops.sort(n).toArray()).toEqual([-Infinity, -1, 2, Infinity, NaN]);
    expect(ops.argsort(n).toArray()).toEqual([4, 2, 0, 3, 1]);
  });

  it("handles empty and size-1 axes", () => {
    expect(ops.sort(ops.zeros([2, 0])).shape).toEqual([2, 0]);
    expect(ops.argsort(ops.zeros([0, 3]), 0).shape).toEqual([0, 3]);
    expect(ops.sort(t([[4], [2]])).toArray()).toEqual([[4], [2]]);
  });

  it("rejects 0-d input, bad axes and options", () => {
    expect(() => ops.sort(t(3))).toThrow(/ops\.sort: cannot sort a 0-d tensor/);
    expect(() => ops.sort(t([1, 2]), 1)).toThrow(/ops\.sort: axis 1 is out of bounds/);
    expect(() => ops.argsort(t([1, 2]), { axes: 0 } as never)).toThrow(/unknown option "axes"/);
  });

  it("gradients route back to the original positions (float64 finite differences)", () => {
    // Distinct values, so the sort order is stable under the finite-difference step.
    checkGradients((x) => ops.sort(x), [randomTensor([3, 5], 11)]);
    checkGradients((x) => ops.sort(x, 0), [randomTensor([4, 2, 3], 12)]);
    checkGradients((x) => ops.sort(x, -2), [randomTensor([2, 4, 1], 13)]);
    checkGradients((x) => ops.sort(x, null), [randomTensor([2, 3], 14)]);
    checkGradients((x) => ops.sort(x), [randomTensor([2, 0], 15)]);
  });

  it("the gradient of sort is the permutation of the output gradient", () => {
    const x = t([3, 1, 2], "float64");
    const w = t([10, 20, 30], "float64");
    const { grads } = valueAndGrad(() => ops.sum(ops.multiply(ops.sort(x), w)), [x]);
    // sorted = [x1, x2, x0]: x1 gets w0, x2 gets w1, x0 gets w2.
    expect(grads[0].toArray()).toEqual([30, 10, 20]);
  });
});

describe("topK", () => {
  it("returns the k largest values (largest first) and their int32 positions", () => {
    const x = t([[1, 9, 3, 7], [4, 4, 8, 0]]);
    const [values, indices] = ops.topK(x, 2);
    expect(values.toArray()).toEqual([[9, 7], [8, 4]]);
    expect(indices.toArray()).toEqual([[1, 3], [2, 0]]);
    expect(indices.dtype).toBe("int32");
    expect(values.dtype).toBe("float32");
    const [v3, i3] = ops.topK(x, 4, { sorted: true });
    expect(v3.toArray()).toEqual([[9, 7, 3, 1], [8, 4, 4, 0]]);
    // Ties: the lower index first (TensorFlow's rule).
    expect(i3.toArray()).toEqual([[1, 3, 2, 0], [2, 0, 1, 3]]);
    const [v0, i0] = ops.topK(x, 0);
    expect(v0.shape).toEqual([2, 0]);
    expect(i0.shape).toEqual([2, 0]);
  });

  it("works on 1-D, rank-3 and int32 inputs", () => {
    const [v, i] = ops.topK(ops.convertToTensor([5, -2, 11, 0]), 3, false);
    expect(v.toArray()).toEqual([11, 5, 0]);
    expect(v.dtype).toBe("int32");
    expect(i.toArray()).toEqual([2, 0, 3]);
    const x = ops.reshape(t([0, 5, 2, 9, 1, 3, 8, 4, 6, 7, 11, 10]), [2, 2, 3]);
    const [v3, i3] = ops.topK(x, 1);
    expect(v3.toArray()).toEqual([[[5], [9]], [[8], [11]]]);
    expect(i3.toArray()).toEqual([[[1], [0]], [[0], [1]]]);
  });

  it("rejects k out of range, scalars and bad options", () => {
    expect(() => ops.topK(t([1, 2, 3]), 4)).toThrow(/ops\.topK: input must have at least k=4 columns/);
    expect(() => ops.topK(t([1, 2, 3]), -1)).toThrow(/k must be a non-negative integer/);
    expect(() => ops.topK(t([1, 2, 3]), 1.5)).toThrow(/k must be a non-negative integer/);
    expect(() => ops.topK(t(1), 1)).toThrow(/at least 1-D/);
    expect(() => ops.topK(t([1, 2]), 1, { sort: true } as never)).toThrow(/unknown option "sort"/);
  });

  it("gradients go to the selected positions only", () => {
    checkGradients((x) => ops.topK(x, 2)[0], [randomTensor([3, 5], 21)]);
    checkGradients((x) => ops.topK(x, 3)[0], [randomTensor([2, 2, 3], 22)]);
    checkGradients((x) => ops.topK(x, 1)[0], [randomTensor([4], 23)]);
    checkGradients((x) => ops.topK(x, 1)[0], [randomTensor([3, 1], 24)]);
  });
});

describe("inTopK", () => {
  it("tells whether each target is among the k largest predictions", () => {
    const p = t([[0.1, 0.9, 0.8], [0.05, 0.95, 0], [0.3, 0.3, 0.4]]);
    expect(ops.inTopK(ops.convertToTensor([2, 0, 1]), p, 1).toArray()).toEqual([false, false, false]);
    expect(ops.inTopK(ops.convertToTensor([1, 1, 2]), p, 1).toArray()).toEqual([true, true, true]);
    expect(ops.inTopK(ops.convertToTensor([2, 0, 1]), p, 2).toArray()).toEqual([true, true, true]);
    expect(ops.inTopK(ops.convertToTensor([2, 2, 1]), p, 2).toArray()).toEqual([true, false, true]);
    expect(ops.inTopK(ops.convertToTensor([2, 0, 1]), p, 3).toArray()).toEqual([true, true, true]);
    expect(ops.inTopK(ops.convertToTensor([2, 0, 1]), p, 0).toArray()).toEqual([false, false, false]);
    expect(ops.inTopK(ops.convertToTensor([2, 0, 1]), p, 1).dtype).toBe("bool");
  });

  it("counts ties with the k-th value as hits and never ranks a NaN target high", () => {
    // Row [0.3, 0.3, 0.4]: class 0 and 1 tie for 2nd place, both are in the top 2.
    const p = t([[0.3, 0.3, 0.4], [NaN, 0.1, 0.2]]);
    expect(ops.inTopK(ops.convertToTensor([0, 0]), p, 2).toArray()).toEqual([true, false]);
    expect(ops.inTopK(ops.convertToTensor([1, 0]), p, 3).toArray()).toEqual([true, true]);
    // float targets holding integers are accepted
    expect(ops.inTopK(t([2, 2]), p, 1).toArray()).toEqual([true, true]);
  });

  it("rejects bad shapes and out-of-range or fractional targets", () => {
    const p = t([[0.1, 0.9], [0.5, 0.5]]);
    expect(() => ops.inTopK(ops.convertToTensor([0]), p, 1)).toThrow(/ops\.inTopK: expected targets of shape \(batch,\)/);
    expect(() => ops.inTopK(ops.convertToTensor([0, 2]), p, 1)).toThrow(/class indices in \[0, 2\)/);
    expect(() => ops.inTopK(ops.convertToTensor([0, -1]), p, 1)).toThrow(/class indices in \[0, 2\)/);
    expect(() => ops.inTopK(t([0, 0.5]), p, 1)).toThrow(/targets must be integer class indices/);
  });
});
