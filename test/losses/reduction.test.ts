/**
 * Keras's loss reduction rules: rank alignment, the five reductions, sample
 * weights of several shapes, and Keras masks (on y_pred or on the values).
 */
import { describe, expect, it } from "vitest";
import { losses, Tensor, ops } from "../../src/index.js";
import { expectClose } from "../utils/gradcheck.js";

const f32 = (v: number[], shape = [v.length]) => new Tensor(Float32Array.from(v), shape, "float32");
const { reduceValues, reduceWeightedValues, squeezeOrExpandToSameRank, applyMask } = losses;

describe("squeezeOrExpandToSameRank", () => {
  it("squeezes a trailing 1 or expands a rank-1 partner, as Keras does", () => {
    const shapes = (a: number[], b: number[], expand = true) =>
      squeezeOrExpandToSameRank(ops.zeros(a), ops.zeros(b), expand).map((t) => t.shape);
    expect(shapes([4, 1], [4])).toEqual([[4, 1], [4, 1]]);
    expect(shapes([4], [4, 1])).toEqual([[4, 1], [4, 1]]);
    expect(shapes([4, 1], [4], false)).toEqual([[4], [4]]);
    expect(shapes([2, 3, 1], [2, 3])).toEqual([[2, 3], [2, 3]]);
    expect(shapes([2, 3], [2, 3, 1])).toEqual([[2, 3], [2, 3]]);
    // Differences other than one trailing size-1 dimension are left alone.
    expect(shapes([4, 3], [4])).toEqual([[4, 3], [4]]);
    expect(shapes([4, 1, 1], [4])).toEqual([[4, 1, 1], [4]]);
  });
});

describe("reduceValues", () => {
  const v = f32([1, 2, 3, 6]);
  it("implements each reduction", () => {
    expect(reduceValues(v, null, "sum").item()).toBe(12);
    expect(reduceValues(v, null, "sum_over_batch_size").item()).toBe(3);
    expect(reduceValues(v, null, "mean").item()).toBe(3);
    expect(reduceValues(v, null, "none")).toBe(v);
    expect(reduceValues(v, null, null)).toBe(v);
    // mean_with_sample_weight divides by the weights' sum (and by the count without weights).
    expect(reduceValues(v, f32([1, 1, 2, 0]), "mean_with_sample_weight").item()).toBe(3);
    expect(reduceValues(v, null, "mean_with_sample_weight").item()).toBe(3);
    expect(reduceValues(v, f32([0, 0, 0, 0]), "mean_with_sample_weight").item()).toBe(0);
  });

  it("passes scalars and (0,) through; other empty tensors reduce to 0", () => {
    const s = f32([5], []);
    expect(reduceValues(s, null, "sum")).toBe(s);
    const e = ops.zeros([0]);
    expect(reduceValues(e, null, "sum")).toBe(e);
    expect(reduceValues(ops.zeros([0, 3]), null, "sum_over_batch_size").item()).toBe(0);
  });

  it("rejects unknown reductions with Keras's message", () => {
    expect(() => losses.standardizeReduction("avg")).toThrow(/Invalid value for argument `reduction`.*Received: reduction="avg"/);
    expect(() => new losses.MeanSquaredError({ reduction: "auto" as never })).toThrow(/Invalid value for argument `reduction`/);
  });
});

describe("reduceWeightedValues and masks", () => {
  it("weights, then divides by the number of values (not the weights' sum)", () => {
    const values = f32([1, 2, 3, 4]);
    expectClose(reduceWeightedValues(values, f32([1, 0, 0.5, 2])), [(1 + 1.5 + 8) / 4], 1e-7);
    // Weights of shape (n, 1) against values (n,) are squeezed to match.
    expectClose(reduceWeightedValues(values, f32([1, 0, 0.5, 2], [4, 1])), [(1 + 1.5 + 8) / 4], 1e-7);
    // Scalar weight.
    expectClose(reduceWeightedValues(values, f32([2], []), null, "sum"), [20], 0);
  });

  it("a mask keeps the mean over the valid entries", () => {
    const values = f32([1, 2, 3, 4]);
    const mask = new Tensor(Uint8Array.from([1, 1, 0, 1]), [4], "bool");
    expectClose(reduceWeightedValues(values, null, mask), [(1 + 2 + 4) / 3], 1e-7);
    expectClose(reduceWeightedValues(values, null, mask, "sum"), [7], 0);
    // With weights: sum(v * w * mask * total/valid) / total.
    expectClose(reduceWeightedValues(values, f32([2, 1, 1, 1]), mask), [(2 + 2 + 4) / 3], 1e-7);
    // An all-masked batch gives 0, not NaN.
    const none = new Tensor(Uint8Array.from([0, 0, 0, 0]), [4], "bool");
    expect(reduceWeightedValues(values, null, none).item()).toBe(0);
    expect(applyMask(null, null, "float32", "sum")).toBeNull();
  });

  it("Loss.apply uses a Keras mask on y_pred", () => {
    const pred = f32([1, 1, 5, 5, 0, 0], [3, 2]);
    pred.kerasMask = new Tensor(Uint8Array.from([1, 0, 1]), [3], "bool");
    const mse = new losses.MeanSquaredError();
    // per-sample: [1, 25, 0]; valid mean over samples 0 and 2 = 0.5.
    expectClose(mse.apply(ops.zeros([3, 2]), pred), [0.5], 1e-7);
    expectClose(new losses.MeanSquaredError({ reduction: "sum" }).apply(ops.zeros([3, 2]), pred), [1], 1e-7);
  });

  it("a loss's own mask (ignore_class) is combined with the reductions", () => {
    const scce = new losses.SparseCategoricalCrossentropy({ ignoreClass: -1 });
    const yPred = f32([0.5, 0.5, 0.9, 0.1, 0.2, 0.8], [3, 2]);
    const expected = (-Math.log(0.5) - Math.log(0.8)) / 2;
    expectClose(scce.apply([0, -1, 1], yPred), [expected], 1e-6);
    const none = new losses.SparseCategoricalCrossentropy({ ignoreClass: -1, reduction: "none" }).apply([0, -1, 1], yPred);
    expectClose(none, [-Math.log(0.5), 0, -Math.log(0.8)], 1e-6);
    // The function form carries the mask on its values.
    const values = losses.sparseCategoricalCrossentropy([0, -1, 1], yPred, { ignoreClass: -1 });
    expect(values.kerasMask!.toArray()).toEqual([true, false, true]);
  });
});
