import { describe, expect, it } from "vitest";
import { ops, valueAndGrad } from "../../src/index.js";
import { checkGradients, randomTensor } from "../utils/gradcheck.js";

const t = (v: unknown, dtype = "float32") => ops.convertToTensor(v as never, dtype);

describe("divideNoNan", () => {
  it("divides, giving 0 wherever the divisor is 0 (also 0/0 and inf/0)", () => {
    expect(ops.divideNoNan(t([6, 1, 0, Infinity, -3]), t([3, 0, 0, 0, 2])).toArray()).toEqual([2, 0, 0, 0, -1.5]);
    // broadcasting, JS scalars, int inputs give floats
    expect(ops.divideNoNan(t([[2], [4]]), t([0, 2])).toArray()).toEqual([[0, 1], [0, 2]]);
    expect(ops.divideNoNan(3, t([0, 6])).toArray()).toEqual([0, 0.5]);
    expect(ops.divideNoNan(t([1, 2]), 0).toArray()).toEqual([0, 0]);
    const i = ops.divideNoNan(ops.convertToTensor([7, 7]), ops.convertToTensor([2, 0]));
    expect(i.dtype).toBe("float32");
    expect(i.toArray()).toEqual([3.5, 0]);
    expect(ops.divideNoNan(t([1], "float64"), t([4])).dtype).toBe("float64");
  });

  it("gradients are finite and zero where the divisor is 0", () => {
    const x = t([1, 2, 3], "float64");
    const y = t([2, 0, -1], "float64");
    const { grads } = valueAndGrad(() => ops.sum(ops.divideNoNan(x, y)), [x, y]);
    expect(grads[0].toArray()).toEqual([0.5, 0, -1]);
    expect(grads[1].toArray()).toEqual([-0.25, 0, -3]);
    checkGradients((a, b) => ops.divideNoNan(a, b), [randomTensor([2, 3], 1), randomTensor([2, 3], 2, 0.5, 2)]);
    checkGradients((a, b) => ops.divideNoNan(a, b), [randomTensor([2, 1], 3), randomTensor([1, 3], 4, 0.5, 2)]);
    checkGradients((a, b) => ops.divideNoNan(a, ops.multiply(b, t([0, 1, 1], "float64"))), [randomTensor([3], 5), randomTensor([3], 6, 0.5, 2)]);
    checkGradients((a, b) => ops.divideNoNan(a, b), [randomTensor([0, 2], 7), randomTensor([2], 8, 0.5, 2)]);
  });
});

describe("isclose", () => {
  it("is numpy's asymmetric test, equal infinities close, NaN only with equalNan", () => {
    expect(ops.isclose(t([1, 1e-9, Infinity, NaN, -Infinity]), t([1.000001, 0, Infinity, NaN, Infinity])).toArray()).toEqual([true, true, true, false, false]);
    expect(ops.isclose(t([NaN, 1]), t([NaN, NaN]), { equalNan: true }).toArray()).toEqual([true, false]);
    // rtol scales |x2|: 100 vs 101 is close with rtol 0.01 (1 <= 1.01) but not with x1/x2 swapped at rtol 0.0099.
    expect(ops.isclose(t([100]), t([101]), 0.01, 0).toArray()).toEqual([true]);
    expect(ops.isclose(t([101]), t([100]), 0.0099, 0).toArray()).toEqual([false]);
    expect(ops.isclose(t([1, 2]), 1.05, { atol: 0.1 }).toArray()).toEqual([true, false]);
    expect(ops.isclose(ops.convertToTensor([1, 2]), ops.convertToTensor([1, 3])).toArray()).toEqual([true, false]);
    expect(ops.isclose(t([[1], [2]]), t([1, 2])).shape).toEqual([2, 2]);
  });
});

describe("nanToNum", () => {
  it("replaces NaN and infinities (defaults: 0 and the dtype's finite extremes)", () => {
    expect(ops.nanToNum(t([NaN, Infinity, -Infinity, 1.5])).toArray()).toEqual([0, 3.4028234663852886e38, -3.4028234663852886e38, 1.5]);
    expect(ops.nanToNum(t([NaN, Infinity, -Infinity], "float64")).toArray()).toEqual([0, Number.MAX_VALUE, -Number.MAX_VALUE]);
    expect(ops.nanToNum(t([NaN, Infinity, -Infinity]), 9, 8, -7).toArray()).toEqual([9, 8, -7]);
    expect(ops.nanToNum(t([NaN, Infinity]), { posinf: 1 }).toArray()).toEqual([0, 1]);
    const i = ops.convertToTensor([1, 2]);
    expect(ops.nanToNum(i).toArray()).toEqual([1, 2]);
    expect(ops.nanToNum(i).dtype).toBe("int32");
  });

  it("passes the gradient through finite entries only", () => {
    const x = t([NaN, 2, Infinity], "float64");
    expect(valueAndGrad(() => ops.sum(ops.nanToNum(x)), [x]).grads[0].toArray()).toEqual([0, 1, 0]);
    checkGradients((a) => ops.nanToNum(a), [randomTensor([2, 3], 9)]);
  });
});

describe("average, amax, amin", () => {
  it("average: plain mean, 1-D weights along an axis, full-shape weights, int promotion", () => {
    const x = t([[1, 2], [3, 4]]);
    expect(ops.average(x).item()).toBe(2.5);
    expect(ops.average(x, 0).toArray()).toEqual([2, 3]);
    expect(ops.average(x, -1, t([1, 3])).toArray()).toEqual([1.75, 3.75]);
    expect(ops.average(x, { axis: 0, weights: t([3, 1]) }).toArray()).toEqual([1.5, 2.5]);
    expect(ops.average(x, null, t([[1, 0], [0, 1]])).item()).toBe(2.5);
    expect(ops.average(ops.convertToTensor([1, 2])).dtype).toBe("float32");
    expect(() => ops.average(x, null, t([1, 2]))).toThrow(/axis must be specified when shapes of x and weights differ/);
    expect(() => ops.average(x, 0, t([1, 2, 3]))).toThrow(/1-D weights must have the length of x along axis 0/);
  });

  it("average gradients in x and weights", () => {
    checkGradients((a, w) => ops.average(a, 1, w), [randomTensor([2, 3], 1), randomTensor([3], 2, 0.5, 2)]);
    checkGradients((a, w) => ops.average(a, null, w), [randomTensor([2, 2], 3), randomTensor([2, 2], 4, 0.5, 2)]);
    checkGradients((a) => ops.average(a, -2), [randomTensor([3, 2], 5)]);
  });

  it("amax / amin are max / min under their numpy names", () => {
    const x = t([[1, 5], [3, 4]]);
    expect(ops.amax(x, 0).toArray()).toEqual([3, 5]);
    expect(ops.amin(x, { axis: 1, keepdims: true }).toArray()).toEqual([[1], [3]]);
    expect(ops.amax(x).item()).toBe(5);
    expect(() => ops.amax(x, { initial: 1 } as never)).toThrow(/unknown option "initial"/);
    checkGradients((a) => ops.amin(a, -1), [randomTensor([3, 4], 6)]);
  });
});

describe("trace, select, cross", () => {
  it("trace sums a diagonal (offsets, other axes; bool counts as int32)", () => {
    const m = ops.reshape(ops.arange(9), [3, 3]);
    expect(ops.trace(m).item()).toBe(12);
    expect(ops.trace(m, 1).item()).toBe(1 + 5);
    expect(ops.trace(m, { offset: -1 }).item()).toBe(3 + 7);
    const cube = ops.reshape(ops.arange(8), [2, 2, 2]);
    expect(ops.trace(cube, 0, 1, 2).toArray()).toEqual([0 + 3, 4 + 7]);
    expect(ops.trace(ops.convertToTensor([[true, false], [true, true]])).toArray()).toBe(2);
    checkGradients((a) => ops.trace(a, 0, -1, -2), [randomTensor([2, 3, 3], 7)]);
  });

  it("select takes the first choice whose condition holds, else the default", () => {
    const x = ops.arange(6);
    const out = ops.select([ops.less(x, 3), ops.greater(x, 4)], [x, ops.multiply(x, x)], 42);
    expect(out.toArray()).toEqual([0, 1, 2, 42, 42, 25]);
    expect(ops.select([ops.convertToTensor([true, false])], [1], { default: 7 }).toArray()).toEqual([1, 7]);
    expect(() => ops.select([ops.convertToTensor([true])], [1, 2])).toThrow(/condlist and choicelist must have the same length/);
    expect(() => ops.select([t([1])], [1])).toThrow(/must be a bool tensor/);
    const c1 = ops.convertToTensor([true, false, false]);
    const c2 = ops.convertToTensor([true, true, false]);
    checkGradients((a, b, d) => ops.select([c1, c2], [a, b], d), [randomTensor([3], 8), randomTensor([3], 9), randomTensor([3], 10)]);
  });

  it("cross: 3-vectors, 2-vectors (z only), mixed, other axes, broadcasting", () => {
    expect(ops.cross(t([1, 0, 0]), t([0, 1, 0])).toArray()).toEqual([0, 0, 1]);
    expect(ops.cross(t([1, 2, 3]), t([4, 5, 6])).toArray()).toEqual([-3, 6, -3]);
    expect(ops.cross(t([1, 2]), t([3, 4])).toArray()).toBe(-2);
    expect(ops.cross(t([1, 2]), t([3, 4, 5])).toArray()).toEqual([10, -5, -2]);
    expect(ops.cross(t([3, 4, 5]), t([1, 2])).toArray()).toEqual([-10, 5, 2]);
    // vectors along axis 0, result along axis 0
    expect(ops.cross(t([[1, 0], [2, 1], [3, 0]]), t([[4, 0], [5, 0], [6, 1]]), { axis: 0 }).toArray()).toEqual([[-3, 1], [6, 0], [-3, 0]]);
    expect(ops.cross(t([[1, 2, 3], [1, 0, 0]]), t([0, 1, 0])).toArray()).toEqual([[-3, 0, 1], [0, 0, 1]]);
    expect(() => ops.cross(t([1, 2, 3, 4]), t([1, 2, 3]))).toThrow(/dimension must be 2 or 3/);
    checkGradients((a, b) => ops.cross(a, b), [randomTensor([2, 3], 11), randomTensor([3], 12)]);
    checkGradients((a, b) => ops.cross(a, b, { axisa: 0, axisc: 0 }), [randomTensor([2, 4], 13), randomTensor([4, 3], 14)]);
  });
});
