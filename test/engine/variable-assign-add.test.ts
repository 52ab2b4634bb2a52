/**
 * Variable.assignAdd / assignSub: the value is converted to the variable's
 * dtype first (ints truncate toward zero), a size-1 value of any shape is
 * broadcast, the result is rounded to the variable's dtype (float32 rounding,
 * int32 wrap-around), and a value of another shape is refused.
 */
import { describe, expect, it } from "vitest";
import { Tensor, Variable } from "../../src/index.js";

describe("Variable.assignAdd / assignSub", () => {
  it("adds and subtracts same-shape values elementwise", () => {
    const v = new Variable([[1, 2], [3, 4]], { dtype: "float64" });
    v.assignAdd([[10, 20], [30, 40]]);
    expect(v.toArray()).toEqual([[11, 22], [33, 44]]);
    v.assignSub(new Tensor(new Float64Array([1, 2, 3, 4]), [2, 2], "float64"));
    expect(v.toArray()).toEqual([[10, 20], [30, 40]]);
    expect(v.value.dtype).toBe("float64");
  });

  it("broadcasts a size-1 value of any shape", () => {
    const v = new Variable([1, 2, 3], { dtype: "float64" });
    v.assignAdd(0.5);
    expect(v.toArray()).toEqual([1.5, 2.5, 3.5]);
    v.assignSub([[0.25]]);
    expect(v.toArray()).toEqual([1.25, 2.25, 3.25]);
    expect(v.shape).toEqual([3]);
  });

  it("rounds to float32 once per element", () => {
    const v = new Variable([1], { dtype: "float32" });
    v.assignAdd(1e-8); // below float32's resolution at 1
    expect(v.toArray()).toEqual([1]);
    v.assignAdd(0.1);
    expect(v.toArray()).toEqual([Math.fround(1 + Math.fround(0.1))]);
    v.assignSub(0.1);
    expect(v.toArray()).toEqual([Math.fround(Math.fround(1 + Math.fround(0.1)) - Math.fround(0.1))]);
  });

  it("converts the value to an int variable's dtype first (truncation toward zero), and wraps like int32", () => {
    const v = new Variable([5, -5, 0], { dtype: "int32" });
    v.assignAdd([1.9, 1.9, -1.9]); // converted to [1, 1, -1] before adding
    expect(v.toArray()).toEqual([6, -4, -1]);
    v.assignSub(2.7); // converted to 2
    expect(v.toArray()).toEqual([4, -6, -3]);
    expect(v.value.dtype).toBe("int32");
    const big = new Variable([2147483647], { dtype: "int32" });
    big.assignAdd(1);
    expect(big.toArray()).toEqual([-2147483648]);
  });

  it("leaves the previous value tensor unchanged (tensors stay immutable)", () => {
    const v = new Variable([1, 2], { dtype: "float32" });
    const before = v.value;
    v.assignAdd([1, 1]);
    expect(before.toArray()).toEqual([1, 2]);
    expect(v.toArray()).toEqual([2, 3]);
  });

  it("handles empty variables", () => {
    const v = new Variable(new Tensor(new Float32Array(0), [0, 3], "float32"));
    v.assignAdd(1);
    expect(v.shape).toEqual([0, 3]);
    expect(v.value.size).toBe(0);
  });

  it("refuses a value of another shape, naming both shapes", () => {
    const v = new Variable([1, 2, 3], { dtype: "float32" });
    expect(() => v.assignAdd([1, 2])).toThrow(/Variable: cannot add a value of shape \(2,\) to a variable of shape \(3,\)/);
    expect(() => v.assignSub([[1, 2, 3]])).toThrow(/shape \(1, 3\) to a variable of shape \(3,\)/);
    expect(v.toArray()).toEqual([1, 2, 3]);
  });
});
