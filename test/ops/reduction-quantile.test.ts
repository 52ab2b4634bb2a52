import { describe, expect, it } from "vitest";
import { ops, valueAndGrad } from "../../src/index.js";
import { checkGradients, expectClose, randomTensor } from "../utils/gradcheck.js";

const t = (v: unknown, dtype = "float32") => ops.convertToTensor(v as never, dtype);
const m = () => t([[10, 7, 4], [3, 2, 1]]);

describe("quantile / median", () => {
  it("interpolates linearly over the flattened tensor or along axes (numpy's values)", () => {
    expect(ops.quantile(m(), 0.5).item()).toBe(3.5);
    expect(ops.quantile(m(), [0.5, 0.25], { axis: 0 }).toArray()).toEqual([[6.5, 4.5, 2.5], [4.75, 3.25, 1.75]]);
    expect(ops.quantile(m(), 0.5, -1).toArray()).toEqual([7, 2]);
    expect(ops.quantile(m(), 0.5, 1, "linear", true).toArray()).toEqual([[7], [2]]);
    expect(ops.quantile(m(), [0, 1], [0, 1]).toArray()).toEqual([1, 10]);
    expect(ops.quantile(ops.convertToTensor([1, 2, 3, 4]), 0.5).dtype).toBe("float32");
  });

  it("methods lower, higher, midpoint, nearest (round half to even)", () => {
    const x = t([1, 2, 3, 4, 5]); // positions q * 4
    expect(ops.quantile(x, [0.3, 0.375, 0.625], { method: "lower" }).toArray()).toEqual([2, 2, 3]);
    expect(ops.quantile(x, [0.3, 0.375, 0.625], { method: "higher" }).toArray()).toEqual([3, 3, 4]);
    expect(ops.quantile(x, [0.3, 0.5], { method: "midpoint" }).toArray()).toEqual([2.5, 3]);
    // pos 1.5 -> 2 (even), pos 2.5 -> 2 (even), pos 1.2 -> 1
    expect(ops.quantile(x, [0.375, 0.625, 0.3], { method: "nearest" }).toArray()).toEqual([3, 3, 2]);
  });

  it("median over axes with keepdims; NaN propagates per slice", () => {
    expect(ops.median(m()).item()).toBe(3.5);
    expect(ops.median(m(), 1, true).toArray()).toEqual([[7], [2]]);
    expect(ops.median(m(), { axis: 0 }).toArray()).toEqual([6.5, 4.5, 2.5]);
    expect(ops.median(t([[1, NaN, 3], [1, 2, 3]]), 1).toArray()).toEqual([NaN, 2]);
  });

  it("rejects q outside [0, 1], unknown methods and empty reductions", () => {
    expect(() => ops.quantile(m(), 1.5)).toThrow(/Quantiles must be in the range \[0, 1\]/);
    expect(() => ops.quantile(m(), 0.5, { method: "cubic" as never })).toThrow(/`method` must be one of/);
    expect(() => ops.quantile(ops.zeros([2, 0]), 0.5, 1)).toThrow(/empty reduction/);
  });

  it("float64 gradients go to the interpolated order statistics", () => {
    checkGradients((x) => ops.quantile(x, [0.3, 0.9], { axis: 1 }), [randomTensor([3, 5], 1)]);
    checkGradients((x) => ops.median(x, 0, true), [randomTensor([4, 2], 2)]);
    checkGradients((x) => ops.quantile(x, 0.4, { axis: [0, 2], method: "midpoint" }), [randomTensor([2, 3, 2], 3)]);
    const x = t([4, 1, 3, 2], "float64");
    // median of [1,2,3,4] = (2 + 3) / 2: half the gradient each to the entries holding 2 and 3.
    const { value, grads } = valueAndGrad(() => ops.median(x), [x]);
    expectClose(value, [2.5]);
    expect(grads[0].toArray()).toEqual([0, 0, 0.5, 0.5]);
  });
});
