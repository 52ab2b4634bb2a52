import { describe, expect, it } from "vitest";
import { GradientTape, Tensor, ops } from "../../src/index.js";

const f64 = (v: number[], shape = [v.length]) => new Tensor(Float64Array.from(v), shape, "float64");
const i32 = (v: number[], shape = [v.length]) => new Tensor(Int32Array.from(v), shape, "int32");
const f32 = (v: number[], shape = [v.length]) => new Tensor(Float32Array.from(v), shape, "float32");

describe("comparisons", () => {
  it("compare elementwise with broadcasting, giving bool", () => {
    const a = i32([1, 2, 3, 4, 5, 6], [2, 3]);
    const b = i32([2, 2, 2]);
    expect(ops.equal(a, b).toArray()).toEqual([[false, true, false], [false, false, false]]);
    expect(ops.notEqual(a, b).toArray()).toEqual([[true, false, true], [true, true, true]]);
    expect(ops.greater(a, b).toArray()).toEqual([[false, false, true], [true, true, true]]);
    expect(ops.greaterEqual(a, b).toArray()).toEqual([[false, true, true], [true, true, true]]);
    expect(ops.less(a, b).toArray()).toEqual([[true, false, false], [false, false, false]]);
    expect(ops.lessEqual(a, b).toArray()).toEqual([[true, true, false], [false, false, false]]);
    const col = f64([1, 5], [2, 1]);
    expect(ops.less(col, f64([0, 2, 6])).toArray()).toEqual([[false, true, true], [false, false, true]]);
    for (const f of [ops.equal, ops.notEqual, ops.greater, ops.greaterEqual, ops.less, ops.lessEqual]) {
      expect(f(a, b).dtype, f.name).toBe("bool");
      expect(f(ops.zeros([0, 3]), b).shape, f.name).toEqual([0, 3]);
    }
  });

  it("compare mixed dtypes exactly and JS numbers like numpy's weak scalars", () => {
    // A float32 tensor against a JS number: the number is rounded to float32 first.
    expect(ops.equal(f32([0.1]), 0.1).toArray()).toEqual([true]);
    expect(ops.equal(0.1, f32([0.1])).toArray()).toEqual([true]);
    // A float64 tensor keeps the double.
    expect(ops.equal(f64([Math.fround(0.1)]), 0.1).toArray()).toEqual([false]);
    // Ints against a non-integer number: exact.
    expect(ops.less(i32([2, 3]), 2.5).toArray()).toEqual([true, false]);
    expect(ops.greater(i32([16777217]), 16777216).toArray()).toEqual([true]);
    // Int tensor against float tensor: exact (16777217 is not representable in float32).
    expect(ops.equal(i32([16777217]), f32([16777216])).toArray()).toEqual([false]);
    expect(ops.equal(ops.convertToTensor([true, false]), 1).toArray()).toEqual([true, false]);
    expect(ops.equal(ops.convertToTensor([true, false]), true).toArray()).toEqual([true, false]);
  });

  it("treat NaN as unordered", () => {
    const x = f64([NaN, 1]);
    expect(ops.equal(x, x).toArray()).toEqual([false, true]);
    expect(ops.notEqual(x, x).toArray()).toEqual([true, false]);
    expect(ops.greaterEqual(x, 0).toArray()).toEqual([false, true]);
    expect(ops.less(x, Infinity).toArray()).toEqual([false, true]);
  });

  it("carry no gradient", () => {
    const x = f64([-1, 2]);
    const tape = new GradientTape();
    tape.watch(x);
    const loss = tape.record(() => ops.sum(ops.cast(ops.greater(x, 0), "float64")));
    expect(tape.gradient(loss, [x])[0]!.toArray()).toEqual([0, 0]);
  });
});

describe("logical ops", () => {
  it("test truthiness of any dtype", () => {
    const a = ops.convertToTensor([true, true, false, false]);
    const b = ops.convertToTensor([true, false, true, false]);
    expect(ops.logicalAnd(a, b).toArray()).toEqual([true, false, false, false]);
    expect(ops.logicalOr(a, b).toArray()).toEqual([true, true, true, false]);
    expect(ops.logicalXor(a, b).toArray()).toEqual([false, true, true, false]);
    expect(ops.logicalNot(a).toArray()).toEqual([false, false, true, true]);
    // Non-zero is true; NaN is true, as in numpy.
    const x = f64([0, -2.5, NaN, 0]);
    const n = i32([3, 0, 0, 0]);
    expect(ops.logicalAnd(x, n).toArray()).toEqual([false, false, false, false]);
    expect(ops.logicalOr(x, n).toArray()).toEqual([true, true, true, false]);
    expect(ops.logicalXor(x, n).toArray()).toEqual([true, true, true, false]);
    expect(ops.logicalNot(x).toArray()).toEqual([true, false, false, true]);
    expect(ops.logicalNot(n).dtype).toBe("bool");
  });

  it("broadcast, and accept JS values", () => {
    const a = ops.convertToTensor([[true], [false]]);
    expect(ops.logicalAnd(a, ops.convertToTensor([true, false, true])).toArray()).toEqual([[true, false, true], [false, false, false]]);
    expect(ops.logicalOr(a, false).toArray()).toEqual([[true], [false]]);
    expect(ops.logicalXor(1, a).toArray()).toEqual([[false], [true]]);
    expect(ops.logicalNot(0).toArray()).toBe(true);
  });
});

describe("isnan, isinf, isfinite", () => {
  it("classify floats; ints are always finite", () => {
    const x = f32([NaN, Infinity, -Infinity, 0, -1.5, 3.4e38]);
    expect(ops.isnan(x).toArray()).toEqual([true, false, false, false, false, false]);
    expect(ops.isinf(x).toArray()).toEqual([false, true, true, false, false, false]);
    expect(ops.isfinite(x).toArray()).toEqual([false, false, false, true, true, true]);
    const n = i32([0, -5, 2147483647]);
    expect(ops.isnan(n).toArray()).toEqual([false, false, false]);
    expect(ops.isinf(n).toArray()).toEqual([false, false, false]);
    expect(ops.isfinite(n).toArray()).toEqual([true, true, true]);
    expect(ops.isnan(ops.divide(f64([0]), 0)).dtype).toBe("bool");
    expect(ops.isfinite(ops.zeros([0, 2])).shape).toEqual([0, 2]);
  });
});

describe("comparison errors", () => {
  it("name the op on incompatible broadcast shapes", () => {
    const a = ops.zeros([2, 3]);
    const b = ops.zeros([2]);
    for (const [name, f] of [
      ["equal", ops.equal], ["notEqual", ops.notEqual], ["greater", ops.greater], ["lessEqual", ops.lessEqual],
      ["logicalAnd", ops.logicalAnd], ["logicalXor", ops.logicalXor],
    ] as const) {
      expect(() => f(a, b)).toThrow(new RegExp(`ops\\.${name}: cannot broadcast shapes \\(2, 3\\) and \\(2,\\)`));
    }
  });

  it("reject values that are not tensors", () => {
    expect(() => ops.equal("x" as never, 1)).toThrow(/ops\.equal: cannot convert string x to a tensor/);
    expect(() => ops.logicalNot({} as never)).toThrow(/ops\.logicalNot: cannot convert an object of type Object/);
    expect(() => ops.isnan(undefined as never)).toThrow(/ops\.isnan: cannot convert undefined/);
    expect(() => ops.logicalOr(f64([1]), null as never)).toThrow(/ops\.logicalOr: cannot convert null/);
  });
});
