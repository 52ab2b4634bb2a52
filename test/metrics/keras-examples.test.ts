/**
 * The worked examples of Keras 3.15.1's metric docstrings (hand-checkable
 * values Keras documents), each run as: update (optionally weighted), result,
 * reset, update again with sample weights.
 */
import { describe, expect, it } from "vitest";
import { metrics, Tensor } from "../../src/index.js";
import { expectClose } from "../utils/gradcheck.js";

/** Float inputs, as the Keras examples intend ([[0, 1]] in JS is int32, and Keras's integer path differs: its epsilon becomes 0). */
function f32(v: number[][]): Tensor {
  return new Tensor(Float32Array.from(v.flat()), [v.length, v[0].length], "float32");
}

type Case = {
  name: string;
  make: () => metrics.Metric;
  yTrue: unknown;
  yPred: unknown;
  expected: number | number[];
  sampleWeight?: unknown;
  weighted?: number | number[];
  tol?: number;
};

const CASES: Case[] = [
  { name: "Accuracy", make: () => new metrics.Accuracy(), yTrue: [[1], [2], [3], [4]], yPred: [[0], [2], [3], [4]], expected: 0.75, sampleWeight: [1, 1, 0, 0], weighted: 0.5 },
  { name: "BinaryAccuracy", make: () => new metrics.BinaryAccuracy(), yTrue: [[1], [1], [0], [0]], yPred: [[0.98], [1], [0], [0.6]], expected: 0.75, sampleWeight: [1, 0, 0, 1], weighted: 0.5 },
  { name: "CategoricalAccuracy", make: () => new metrics.CategoricalAccuracy(), yTrue: [[0, 0, 1], [0, 1, 0]], yPred: [[0.1, 0.9, 0.8], [0.05, 0.95, 0]], expected: 0.5, sampleWeight: [0.7, 0.3], weighted: 0.3 },
  { name: "SparseCategoricalAccuracy", make: () => new metrics.SparseCategoricalAccuracy(), yTrue: [[2], [1]], yPred: [[0.1, 0.6, 0.3], [0.05, 0.95, 0]], expected: 0.5, sampleWeight: [0.7, 0.3], weighted: 0.3 },
  { name: "TopKCategoricalAccuracy(k=1)", make: () => new metrics.TopKCategoricalAccuracy({ k: 1 }), yTrue: [[0, 0, 1], [0, 1, 0]], yPred: [[0.1, 0.9, 0.8], [0.05, 0.95, 0]], expected: 0.5, sampleWeight: [0.7, 0.3], weighted: 0.3 },
  { name: "SparseTopKCategoricalAccuracy(k=1)", make: () => new metrics.SparseTopKCategoricalAccuracy({ k: 1 }), yTrue: [2, 1], yPred: [[0.1, 0.9, 0.8], [0.05, 0.95, 0]], expected: 0.5, sampleWeight: [0.7, 0.3], weighted: 0.3 },
  { name: "FalsePositives", make: () => new metrics.FalsePositives(), yTrue: [0, 1, 0, 0], yPred: [0, 0, 1, 1], expected: 2, sampleWeight: [0, 0, 1, 0], weighted: 1 },
  { name: "FalseNegatives", make: () => new metrics.FalseNegatives(), yTrue: [0, 1, 1, 1], yPred: [0, 1, 0, 0], expected: 2, sampleWeight: [0, 0, 1, 0], weighted: 1 },
  { name: "TrueNegatives", make: () => new metrics.TrueNegatives(), yTrue: [0, 1, 0, 0], yPred: [1, 1, 0, 0], expected: 2, sampleWeight: [0, 0, 1, 0], weighted: 1 },
  { name: "TruePositives", make: () => new metrics.TruePositives(), yTrue: [0, 1, 1, 1], yPred: [1, 0, 1, 1], expected: 2, sampleWeight: [0, 0, 1, 0], weighted: 1 },
  { name: "Precision", make: () => new metrics.Precision(), yTrue: [0, 1, 1, 1], yPred: [1, 0, 1, 1], expected: 2 / 3, sampleWeight: [0, 0, 1, 0], weighted: 1 },
  { name: "Precision(top_k=2)", make: () => new metrics.Precision({ topK: 2 }), yTrue: [0, 0, 1, 1], yPred: [1, 1, 1, 1], expected: 0 },
  { name: "Precision(top_k=4)", make: () => new metrics.Precision({ topK: 4 }), yTrue: [0, 0, 1, 1], yPred: [1, 1, 1, 1], expected: 0.5 },
  { name: "Recall", make: () => new metrics.Recall(), yTrue: [0, 1, 1, 1], yPred: [1, 0, 1, 1], expected: 2 / 3, sampleWeight: [0, 0, 1, 0], weighted: 1 },
  { name: "SensitivityAtSpecificity(0.5)", make: () => new metrics.SensitivityAtSpecificity(0.5), yTrue: [0, 0, 0, 1, 1], yPred: [0, 0.3, 0.8, 0.3, 0.8], expected: 0.5, sampleWeight: [1, 1, 2, 2, 1], weighted: 1 / 3 },
  { name: "SpecificityAtSensitivity(0.5)", make: () => new metrics.SpecificityAtSensitivity(0.5), yTrue: [0, 0, 0, 1, 1], yPred: [0, 0.3, 0.8, 0.3, 0.8], expected: 2 / 3, sampleWeight: [1, 1, 2, 2, 2], weighted: 0.5 },
  { name: "PrecisionAtRecall(0.5)", make: () => new metrics.PrecisionAtRecall(0.5), yTrue: [0, 0, 0, 1, 1], yPred: [0, 0.3, 0.8, 0.3, 0.8], expected: 0.5, sampleWeight: [2, 2, 2, 1, 1], weighted: 1 / 3 },
  { name: "RecallAtPrecision(0.8)", make: () => new metrics.RecallAtPrecision(0.8), yTrue: [0, 0, 1, 1], yPred: [0, 0.5, 0.3, 0.9], expected: 0.5, sampleWeight: [1, 0, 0, 1], weighted: 1 },
  { name: "AUC(num_thresholds=3)", make: () => new metrics.AUC({ numThresholds: 3 }), yTrue: [0, 0, 1, 1], yPred: [0, 0.5, 0.3, 0.9], expected: 0.75, sampleWeight: [1, 0, 0, 1], weighted: 1 },
  { name: "IoU(2, [0])", make: () => new metrics.IoU(2, [0]), yTrue: [0, 0, 1, 1], yPred: [0, 1, 0, 1], expected: 1 / 3 },
  { name: "IoU float32 weights", make: () => new metrics.IoU(2, [0], { dtype: "float32" }), yTrue: [0, 0, 1, 1], yPred: [0, 1, 0, 1], expected: 1 / 3, sampleWeight: [0.3, 0.3, 0.3, 0.1], weighted: 1 / 3 },
  { name: "BinaryIoU([0, 1], 0.3)", make: () => new metrics.BinaryIoU({ targetClassIds: [0, 1], threshold: 0.3, dtype: "float32" }), yTrue: [0, 1, 0, 1], yPred: [0.1, 0.2, 0.4, 0.7], expected: 1 / 3, sampleWeight: [0.2, 0.3, 0.4, 0.1], weighted: 0.17361112 },
  { name: "MeanIoU(2)", make: () => new metrics.MeanIoU(2, { dtype: "float32" }), yTrue: [0, 0, 1, 1], yPred: [0, 1, 0, 1], expected: 1 / 3, sampleWeight: [0.3, 0.3, 0.3, 0.1], weighted: 0.23809525 },
  { name: "F1Score(threshold=0.5)", make: () => new metrics.F1Score({ threshold: 0.5 }), yTrue: [[1, 1, 1], [1, 0, 0], [1, 1, 0]], yPred: [[0.2, 0.6, 0.7], [0.2, 0.6, 0.6], [0.6, 0.8, 0.0]], expected: [0.5, 0.8, 0.6666667] },
  { name: "FBetaScore(beta=2, threshold=0.5)", make: () => new metrics.FBetaScore({ beta: 2.0, threshold: 0.5 }), yTrue: [[1, 1, 1], [1, 0, 0], [1, 1, 0]], yPred: [[0.2, 0.6, 0.7], [0.2, 0.6, 0.6], [0.6, 0.8, 0.0]], expected: [0.3846154, 0.90909094, 0.8333334] },
  { name: "R2Score", make: () => new metrics.R2Score(), yTrue: [[1], [4], [3]], yPred: [[2], [4], [4]], expected: 0.57142854 },
  { name: "MeanSquaredError", make: () => new metrics.MeanSquaredError(), yTrue: [[0, 1], [0, 0]], yPred: [[1, 1], [0, 0]], expected: 0.25 },
  { name: "MeanAbsoluteError", make: () => new metrics.MeanAbsoluteError(), yTrue: [[0, 1], [0, 0]], yPred: [[1, 1], [0, 0]], expected: 0.25, sampleWeight: [1, 0], weighted: 0.5 },
  { name: "MeanAbsolutePercentageError", make: () => new metrics.MeanAbsolutePercentageError(), yTrue: f32([[0, 1], [0, 0]]), yPred: f32([[1, 1], [0, 0]]), expected: 250000000.0, sampleWeight: [1, 0], weighted: 500000000.0 },
  { name: "MeanSquaredLogarithmicError", make: () => new metrics.MeanSquaredLogarithmicError(), yTrue: [[0, 1], [0, 0]], yPred: [[1, 1], [0, 0]], expected: 0.12011322, sampleWeight: [1, 0], weighted: 0.24022643 },
  { name: "RootMeanSquaredError", make: () => new metrics.RootMeanSquaredError(), yTrue: [[0, 1], [0, 0]], yPred: [[1, 1], [0, 0]], expected: 0.5, sampleWeight: [1, 0], weighted: 0.70710677 },
  { name: "CosineSimilarity(axis=1)", make: () => new metrics.CosineSimilarity({ axis: 1 }), yTrue: [[0, 1], [1, 1]], yPred: [[1, 0], [1, 1]], expected: 0.49999997, sampleWeight: [0.3, 0.7], weighted: 0.6999999 },
  { name: "LogCoshError", make: () => new metrics.LogCoshError(), yTrue: f32([[0, 1], [0, 0]]), yPred: f32([[1, 1], [0, 0]]), expected: 0.10844523, sampleWeight: [1, 0], weighted: 0.21689045 },
  { name: "KLDivergence", make: () => new metrics.KLDivergence(), yTrue: [[0, 1], [0, 0]], yPred: [[0.6, 0.4], [0.4, 0.6]], expected: 0.45814306, sampleWeight: [1, 0], weighted: 0.9162892 },
  { name: "Poisson", make: () => new metrics.Poisson(), yTrue: [[0, 1], [0, 0]], yPred: [[1, 1], [0, 0]], expected: 0.49999997, sampleWeight: [1, 0], weighted: 0.99999994 },
  { name: "BinaryCrossentropy", make: () => new metrics.BinaryCrossentropy(), yTrue: [[0, 1], [0, 0]], yPred: [[0.6, 0.4], [0.4, 0.6]], expected: 0.81492424, sampleWeight: [1, 0], weighted: 0.9162905 },
  { name: "CategoricalCrossentropy", make: () => new metrics.CategoricalCrossentropy(), yTrue: [[0, 1, 0], [0, 0, 1]], yPred: [[0.05, 0.95, 0], [0.1, 0.8, 0.1]], expected: 1.1769392, sampleWeight: [0.3, 0.7], weighted: 1.6271976 },
  { name: "SparseCategoricalCrossentropy", make: () => new metrics.SparseCategoricalCrossentropy(), yTrue: [1, 2], yPred: [[0.05, 0.95, 0], [0.1, 0.8, 0.1]], expected: 1.1769392, sampleWeight: [0.3, 0.7], weighted: 1.6271976 },
  { name: "PearsonCorrelation", make: () => new metrics.PearsonCorrelation(), yTrue: [[0, 1, 0.5], [1, 1, 0.2]], yPred: [[0.1, 0.9, 0.5], [1, 0.9, 0.2]], expected: 0.9966996338993913 },
  { name: "ConcordanceCorrelation", make: () => new metrics.ConcordanceCorrelation(), yTrue: [[0, 1, 0.5], [1, 1, 0.2]], yPred: [[0.1, 0.9, 0.5], [1, 0.9, 0.2]], expected: 0.9816320385426076 },
];

describe("Keras docstring examples", () => {
  for (const c of CASES) {
    it(c.name, () => {
      const m = c.make();
      const tol = c.tol ?? 2e-6;
      expectClose(m.apply(c.yTrue, c.yPred), ([] as number[]).concat(c.expected), tol, 1e-7);
      if (c.sampleWeight !== undefined) {
        m.resetState();
        m.updateState(c.yTrue, c.yPred, c.sampleWeight);
        expectClose(m.result(), ([] as number[]).concat(c.weighted!), tol, 1e-7);
      }
    });
  }

  it("OneHotIoU and OneHotMeanIoU on Keras's weighted one-hot example", () => {
    const yTrue = [[0, 0, 1], [1, 0, 0], [0, 1, 0], [1, 0, 0]];
    const yPred = [[0.2, 0.3, 0.5], [0.1, 0.2, 0.7], [0.5, 0.3, 0.1], [0.1, 0.4, 0.5]];
    const sw = [0.1, 0.2, 0.3, 0.4];
    const iou = new metrics.OneHotIoU(3, [0, 2], { dtype: "float32" });
    iou.updateState(yTrue, yPred, sw);
    // cm = [[0, 0, 0.6], [0.3, 0, 0], [0, 0, 0.1]]: (0 / 0.9 + 0.1 / 0.7) / 2
    expectClose(iou.result(), [(0 + 0.1 / 0.7) / 2], 1e-6);
    const mean = new metrics.OneHotMeanIoU(3, { dtype: "float32" });
    mean.updateState(yTrue, yPred, sw);
    expectClose(mean.result(), [0.1 / 0.7 / 3], 1e-6);
  });

  it("integer IoU (the default dtype) truncates fractional weights as Keras 3.15.1 does", () => {
    const m = new metrics.IoU(2, [0]);
    m.updateState([0, 0, 1, 1], [0, 1, 0, 1], [0.3, 1.7, 2.2, 1]);
    expect(m.variables[0].dtype).toBe("int32");
    expect(m.variables[0].value.toArray()).toEqual([[0, 1], [2, 1]]);
    // class 0: tp 0 over (2 + 1 - 0) -> 0
    expect(m.result().item()).toBe(0);
    expect(m.result().dtype).toBe("float32");
  });

  it("integer inputs follow Keras's integer arithmetic (epsilon and log 2 cast to int32 become 0)", () => {
    // log_cosh: x + softplus(-2x) - 0 with x = [[1, 0], [0, 0]]: sample means (1.1269 + 0.6931) / 2 and 0.6931.
    const sp = (x: number) => Math.log1p(Math.exp(x));
    expectClose(new metrics.LogCoshError().apply([[0, 1], [0, 0]], [[1, 1], [0, 0]]), [((1 + sp(-2) + sp(0)) / 2 + sp(0)) / 2], 1e-6);
    expect(Number.isNaN(new metrics.MeanAbsolutePercentageError().apply([[0, 1], [0, 0]], [[1, 1], [0, 0]]).item())).toBe(true);
  });

  it("scalar results are scalars and per-threshold results vectors", () => {
    const p = new metrics.Precision({ thresholds: [0.2, 0.5, 0.8] });
    const r = p.apply([0, 1, 1, 1], [0.3, 0.9, 0.6, 0.1]);
    expect(r.shape).toEqual([3]);
    // > 0.2: preds 1,1,1,0 -> tp 2 fp 1; > 0.5: 0,1,1,0 -> 2/2; > 0.8: 0,1,0,0 -> 1/1
    expectClose(r, [2 / 3, 1, 1], 1e-6);
    expect(new metrics.Recall().apply([1, 0], [0.7, 0.2]).shape).toEqual([]);
    expect(r).toBeInstanceOf(Tensor);
  });
});
