import { describe, expect, it } from "vitest";
import { Tensor, ops, valueAndGrad } from "../../src/index.js";
import { checkGradients, randomTensor } from "../utils/gradcheck.js";

const x234 = () => ops.reshape(ops.convertToTensor([3, 7, 1, 9, 4, 4, 0, 2, 8, 5, 6, 1, 2, 11, 3, 3, 10, 0, 7, 7, 5, 1, 9, 6], "float32"), [2, 3, 4]);

describe("max / min values", () => {
  it("reduces over all axes, one axis, several axes, negative axes, with keepdims", () => {
    const x = x234();
    expect(ops.max(x).item()).toBe(11);
    expect(ops.min(x).item()).toBe(0);
    expect(ops.max(x, 0).toArray()).toEqual([[3, 11, 3, 9], [10, 4, 7, 7], [8, 5, 9, 6]]);
    expect(ops.min(x, -1).toArray()).toEqual([[1, 0, 1], [2, 0, 1]]);
    expect(ops.max(x, [0, 2]).toArray()).toEqual([11, 10, 9]);
    expect(ops.min(x, [-1, 0], true).shape).toEqual([1, 3, 1]);
    expect(ops.min(x, [-1, 0], true).toArray()).toEqual([[[1], [0], [1]]]);
    expect(ops.max(x, { axis: 1, keepdims: true }).shape).toEqual([2, 1, 4]);
    expect(ops.max(x, null, true).shape).toEqual([1, 1, 1]);
  });

  it("keeps the input dtype (int32, bool)", () => {
    const i = ops.convertToTensor([[1, -5], [3, 2]]);
    expect(ops.max(i, 1).dtype).toBe("int32");
    expect(ops.max(i, 1).toArray()).toEqual([1, 3]);
    expect(ops.min(i).item()).toBe(-5);
    const b = ops.convertToTensor([[true, false], [false, false]]);
    expect(ops.max(b, 1).dtype).toBe("bool");
    expect(ops.max(b, 1).toArray()).toEqual([true, false]);
    expect(ops.min(b).toArray()).toBe(false);
  });

  it("propagates NaN like numpy", () => {
    const x = ops.convertToTensor([[1, NaN, 3], [4, 5, 6]], "float32");
    expect(ops.max(x, 1).toArray()).toEqual([NaN, 6]);
    expect(ops.min(x, 1).toArray()).toEqual([NaN, 4]);
  });

  it("applies `initial` as a bound and as the value of an empty reduction", () => {
    const x = ops.convertToTensor([[1, 8], [3, 2]], "float32");
    expect(ops.max(x, 1, false, 5).toArray()).toEqual([8, 5]);
    expect(ops.min(x, { axis: 0, initial: 2 }).toArray()).toEqual([1, 2]);
    const empty = ops.zeros([2, 0]);
    expect(ops.max(empty, 1, false, -3).toArray()).toEqual([-3, -3]);
    expect(ops.min(ops.zeros([0], "int32"), { initial: 7 }).toArray()).toBe(7);
    // Reducing a non-empty axis of a tensor with another empty axis is fine (empty result).
    expect(ops.max(empty, 0).shape).toEqual([0]);
  });

  it("refuses empty reductions without initial, as numpy", () => {
    expect(() => ops.max(ops.zeros([2, 0]), 1)).toThrow(/ops\.max: zero-size array to reduction operation maximum which has no identity/);
    expect(() => ops.min(ops.zeros([0]))).toThrow(/ops\.min: zero-size array to reduction operation minimum which has no identity/);
  });

  it("rejects bad axes and options", () => {
    expect(() => ops.max(x234(), 3)).toThrow(/ops\.max: axis 3 is out of bounds for a tensor of rank 3/);
    expect(() => ops.min(x234(), [1, -2])).toThrow(/repeated axis/);
    expect(() => ops.max(x234(), { axes: 1 } as never)).toThrow(/unknown option "axes"/);
  });
});

describe("max / min gradients", () => {
  it("match finite differences over several shapes and axes", () => {
    const a = randomTensor([2, 3, 4], 11);
    checkGradients((t) => ops.max(t), [a]);
    checkGradients((t) => ops.max(t, 1), [a]);
    checkGradients((t) => ops.min(t, [0, -1], true), [a]);
    checkGradients((t) => ops.min(t, -2), [a]);
    checkGradients((t) => ops.max(t, 0), [randomTensor([1, 5], 12)]);
    checkGradients((t) => ops.max(t, 1), [randomTensor([4, 1], 13)]);
    checkGradients((t) => ops.min(t), [randomTensor([], 14)]);
    checkGradients((t) => ops.max(t, 1, false, 0.2), [randomTensor([3, 4], 15)]);
    checkGradients((t) => ops.max(t, 1), [randomTensor([0, 3], 16)]);
    checkGradients((t) => ops.min(t, 1, false, 0), [randomTensor([2, 0], 17)]);
  });

  it("splits the gradient evenly among ties", () => {
    const x = ops.convertToTensor([[2, 5, 5, 1], [3, 3, 3, 0]], "float64");
    const { grads } = valueAndGrad(() => ops.sum(ops.multiply(ops.max(x, 1), ops.convertToTensor([1, 6], "float64"))), [x]);
    expect(grads[0].toArray()).toEqual([[0, 0.5, 0.5, 0], [2, 2, 2, 0]]);
    const all = valueAndGrad(() => ops.min(ops.convertToTensor([[4, 4], [4, 4]], "float64")), []);
    expect(all.value.item()).toBe(4);
    const y = ops.convertToTensor([[4, 4], [4, 9]], "float64");
    expect(valueAndGrad(() => ops.min(y), [y]).grads[0].toArray()).toEqual([[1 / 3, 1 / 3], [1 / 3, 0]]);
  });

  it("gives no gradient to x when `initial` wins", () => {
    const x = ops.convertToTensor([1, 2], "float64");
    const { value, grads } = valueAndGrad(() => ops.max(x, 0, false, 10), [x]);
    expect(value.item()).toBe(10);
    expect(grads[0].toArray()).toEqual([0, 0]);
  });

  it("supports second-order gradients (through the tie indicator, which is locally constant)", () => {
    const x = ops.convertToTensor([1, 3, 2], "float64");
    // d/dx of sum(x * dmax/dx) = 0 almost everywhere; the point is that it runs and is finite.
    const inner = (t: Tensor) => valueAndGrad(() => ops.max(ops.square(t)), [t]).grads[0];
    const { grads } = valueAndGrad(() => ops.sum(inner(x)), [x]);
    expect(grads[0].toArray()).toEqual([0, 2, 0]);
  });
});

describe("argmax / argmin", () => {
  it("indexes the flattened tensor when axis is null", () => {
    const x = ops.add(ops.reshape(ops.arange(6), [2, 3]), 10);
    expect(ops.argmax(x).toArray()).toBe(5);
    expect(ops.argmax(x).dtype).toBe("int32");
    expect(ops.argmax(x).shape).toEqual([]);
    expect(ops.argmin(x).toArray()).toBe(0);
    expect(ops.argmax(x, null, true).shape).toEqual([1, 1]);
    expect(ops.argmax(x, null, true).toArray()).toEqual([[5]]);
  });

  it("reduces one axis, negative axes and keepdims (Keras docstring example)", () => {
    const x = ops.add(ops.reshape(ops.arange(6), [2, 3]), 10);
    expect(ops.argmax(x, 0).toArray()).toEqual([1, 1, 1]);
    expect(ops.argmax(x, 1).toArray()).toEqual([2, 2]);
    const y = x234();
    expect(ops.argmax(y, -1).toArray()).toEqual([[3, 0, 0], [1, 0, 2]]);
    expect(ops.argmin(y, 1).toArray()).toEqual([[0, 1, 1, 2], [0, 1, 0, 0]]);
    expect(ops.argmin(y, { axis: 0, keepdims: true }).shape).toEqual([1, 3, 4]);
  });

  it("returns the first of tied values and treats NaN as the extreme", () => {
    expect(ops.argmax([1, 3, 3, 2]).toArray()).toBe(1);
    expect(ops.argmin([[2, 1, 1]], 1).toArray()).toEqual([1]);
    expect(ops.argmax(ops.convertToTensor([1, NaN, 5, NaN], "float32")).toArray()).toBe(1);
    expect(ops.argmin(ops.convertToTensor([1, NaN, -5], "float32")).toArray()).toBe(1);
  });

  it("ranks -0 below +0 as Keras does", () => {
    expect(ops.argmax(ops.convertToTensor([-0, 0], "float32")).toArray()).toBe(1);
    expect(ops.argmin(ops.convertToTensor([0, -0], "float32")).toArray()).toBe(1);
    expect(ops.argmax(ops.convertToTensor([0, -0], "float32")).toArray()).toBe(0);
  });

  it("works on ints, bools and scalars", () => {
    expect(ops.argmax([[1, 7], [9, 2]], 1).toArray()).toEqual([1, 0]);
    expect(ops.argmax([false, true, true]).toArray()).toBe(1);
    expect(ops.argmin(ops.convertToTensor(3.5)).toArray()).toBe(0);
  });

  it("refuses empty axes and non-integer axes", () => {
    expect(() => ops.argmax(ops.zeros([0]))).toThrow(/ops\.argmax: attempt to get argmax of an empty sequence/);
    expect(() => ops.argmin(ops.zeros([3, 0]), 1)).toThrow(/ops\.argmin: attempt to get argmin of an empty sequence/);
    expect(ops.argmin(ops.zeros([3, 0]), 0).shape).toEqual([0]);
    expect(() => ops.argmax(ops.zeros([2, 2]), [0, 1] as never)).toThrow(/axis must be an integer or null/);
    expect(() => ops.argmax(ops.zeros([2, 2]), 2)).toThrow(/axis 2 is out of bounds/);
  });

  it("has no gradient (integer output)", () => {
    const x = randomTensor([3], 3);
    const { grads } = valueAndGrad(() => ops.add(ops.sum(x), ops.cast(ops.argmax(x), "float64")), [x]);
    expect(Array.from(grads[0].data)).toEqual([1, 1, 1]);
  });
});
