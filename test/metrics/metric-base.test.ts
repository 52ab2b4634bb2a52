/**
 * The Metric base class, Mean / Sum / MeanMetricWrapper reductions (weights of
 * several ranks, Keras masks), the stateless API, get / serialize /
 * deserialize, custom metrics, and error messages.
 */
import { describe, expect, it } from "vitest";
import { losses, metrics, ops, Tensor, utils } from "../../src/index.js";
import { customObjectScope, registerKerasSerializable } from "../../src/saving/object-registration.js";
import { expectClose } from "../utils/gradcheck.js";

const f32 = (v: number[], shape = [v.length]) => new Tensor(Float32Array.from(v), shape, "float32");

describe("Mean and Sum", () => {
  it("match Keras's examples", () => {
    const m = new metrics.Mean();
    m.updateState([1, 3, 5, 7]);
    expect(m.result().item()).toBe(4);
    m.resetState();
    m.updateState([1, 3, 5, 7], [1, 1, 0, 0]);
    expect(m.result().item()).toBe(2);
    const s = new metrics.Sum();
    s.updateState([1, 3, 5, 7]);
    expect(s.result().item()).toBe(16);
    s.resetState();
    s.updateState([1, 3, 5, 7], [1, 1, 0, 0]);
    expect(s.result().item()).toBe(4);
  });

  it("reduce rank-2 values per sample before weighting", () => {
    // Mean: per-sample means [1.5, 3.5] weighted [1, 3] -> (1.5 + 10.5) / 4.
    const m = new metrics.Mean();
    m.updateState(f32([1, 2, 3, 4], [2, 2]), [1, 3]);
    expectClose(m.result(), [3], 1e-7);
    expectClose(m.count.value, [4], 0);
    // Weights of the values' shape: sum(v * w) / sum of per-sample mean weights.
    const m2 = new metrics.Mean();
    m2.updateState(f32([1, 2, 3, 4], [2, 2]), f32([1, 0, 1, 1], [2, 2]));
    // values*w = [1, 0, 3, 4] -> per-sample means [0.5, 3.5]; weights per-sample means [0.5, 1].
    expectClose(m2.result(), [4 / 1.5], 1e-6);
    // Sum sums per sample.
    const s = new metrics.Sum();
    s.updateState(f32([1, 2, 3, 4], [2, 2]), [2, 0]);
    expectClose(s.result(), [6], 0);
    // A scalar value with a numeric weight (Keras's fast path).
    const m3 = new metrics.Mean();
    m3.updateState(f32([2], []), 3);
    m3.updateState(f32([4], []), 1);
    expectClose(m3.result(), [10 / 4], 1e-7);
  });

  it("an empty mean is 0, not NaN", () => {
    expect(new metrics.Mean().result().item()).toBe(0);
  });

  it("creates Keras's variables (non-trainable, named by the metric)", () => {
    utils.clearSession();
    const m = new metrics.Mean({ name: "loss_tracker" });
    expect(m.variables.map((v) => v.path)).toEqual(["loss_tracker/total", "loss_tracker/count"]);
    expect(m.variables.every((v) => !v.trainable)).toBe(true);
    expect(new metrics.Sum({ dtype: "float64" }).variables[0].dtype).toBe("float64");
    expect(new metrics.Mean({ name: null }).name).toBe("mean");
    expect(new metrics.Mean({ name: null }).name).toBe("mean_1");
  });
});

describe("MeanMetricWrapper", () => {
  it("averages a function's per-sample values, with its options", () => {
    const m = new metrics.MeanMetricWrapper(metrics.binaryAccuracy, { threshold: 0.7 });
    expect(m.name).toMatch(/^mean_metric_wrapper/);
    m.updateState([[1], [1], [0]], [[0.8], [0.6], [0.2]]);
    expectClose(m.result(), [2 / 3], 1e-6);
    expect(m.getConfig()).toEqual({
      name: m.name,
      dtype: "float32",
      fn: { module: "builtins", class_name: "function", config: "binary_accuracy", registered_name: "function" },
      threshold: 0.7,
    });
    const back = metrics.deserialize(metrics.serialize(m)) as metrics.MeanMetricWrapper;
    expect(back.fn).toBe(metrics.binaryAccuracy);
    expect(back.getConfig()).toEqual(m.getConfig());
  });

  it("weights by a Keras mask on y_pred, and by the values' own mask only with sample weights", () => {
    const m = new metrics.MeanMetricWrapper(losses.meanAbsoluteError);
    const pred = f32([1, 5, 0, 0], [2, 2]);
    pred.kerasMask = new Tensor(Uint8Array.from([1, 0]), [2], "bool");
    m.updateState(f32([0, 0, 0, 0], [2, 2]), pred);
    // Only sample 0 counts: mean(|[1, 5]|) = 3.
    expectClose(m.result(), [3], 1e-7);
    // SparseCategoricalCrossentropy(ignore_class) masks its values; with weights the mask applies.
    const s = new metrics.SparseCategoricalCrossentropy({ ignoreClass: 2 });
    s.updateState([0, 2], [[0.5, 0.25, 0.25], [0.2, 0.3, 0.5]], [1, 1]);
    expectClose(s.result(), [-Math.log(0.5)], 1e-6);
  });

  it("stateless updates leave the metric untouched", () => {
    const m = new metrics.Mean();
    m.updateState([2, 4]);
    const start = m.variables.map((v) => v.value);
    const next = m.statelessUpdateState(start, [6]);
    expectClose(next[0], [12], 0);
    expectClose(next[1], [3], 0);
    expectClose(m.result(), [3], 0);
    expectClose(m.statelessResult(next), [4], 0);
    expect(m.statelessResetState().map((t) => t.item())).toEqual([0, 0]);
    expectClose(m.result(), [3], 0);
    expect(() => m.statelessResult([start[0]])).toThrow(/corresponding 1:1 to Mean\(\)\.variables/);
  });
});

describe("keras.metrics.get / serialize / deserialize", () => {
  it("resolves names, aliases and classes to new metrics", () => {
    expect(metrics.get("accuracy")).toBeInstanceOf(metrics.Accuracy);
    expect(metrics.get("mae")).toBeInstanceOf(metrics.MeanAbsoluteError);
    expect(metrics.get("MSE")).toBeInstanceOf(metrics.MeanSquaredError);
    expect(metrics.get("bce")).toBeInstanceOf(metrics.BinaryCrossentropy);
    expect(metrics.get("AUC")).toBeInstanceOf(metrics.AUC);
    expect(metrics.get("auc")).toBeInstanceOf(metrics.AUC);
    expect(metrics.get("sparse_categorical_accuracy")).toBeInstanceOf(metrics.SparseCategoricalAccuracy);
    expect(metrics.get("f1_score")).toBeInstanceOf(metrics.F1Score);
    expect(metrics.get(metrics.Precision)).toBeInstanceOf(metrics.Precision);
    expect(metrics.get(null)).toBeNull();
    const fn = (a: Tensor, b: Tensor) => ops.abs(ops.subtract(a, b));
    expect(metrics.get(fn)).toBe(fn);
    const auc = new metrics.AUC();
    expect(metrics.get(auc)).toBe(auc);
    expect(() => metrics.get("not_a_metric")).toThrow(/Could not interpret metric identifier: not_a_metric/);
  });

  it("round-trips configs, including positional constructor arguments", () => {
    const cases: metrics.Metric[] = [
      new metrics.AUC({ curve: "PR", thresholds: [0.7, 0.1, 0.4], name: "pr" }),
      new metrics.SensitivityAtSpecificity(0.3, { numThresholds: 10, classId: 1 }),
      new metrics.IoU(4, [1, 3], { ignoreClass: 0 }),
      new metrics.MeanIoU(3, { sparseYPred: false }),
      new metrics.OneHotIoU(3, [2]),
      new metrics.BinaryIoU({ targetClassIds: [1], threshold: 0.25 }),
      new metrics.FBetaScore({ average: "micro", beta: 0.5 }),
      new metrics.R2Score({ classAggregation: null, numRegressors: 2 }),
      new metrics.TopKCategoricalAccuracy({ k: 3 }),
    ];
    for (const m of cases) {
      const env = metrics.serialize(m) as Record<string, unknown>;
      expect(env.module).toBe("keras.metrics");
      const back = metrics.deserialize(env) as metrics.Metric;
      expect(back.constructor).toBe(m.constructor);
      expect(back.getConfig()).toEqual(m.getConfig());
    }
    expect((new metrics.AUC({ thresholds: [0.7, 0.1, 0.4] }).getConfig() as { thresholds: number[] }).thresholds).toEqual([0.1, 0.4, 0.7]);
  });

  it("deserializes custom metrics registered or passed in", () => {
    class PeakValue extends metrics.Metric {
      best = this.addVariable({ shape: [], name: "best", initializer: "zeros" });
      override updateState(_t: unknown, yPred: Tensor) {
        this.best.assign(ops.maximum(this.best.value, ops.max(yPred)));
      }
      override result() {
        return this.best.value;
      }
    }
    const m = new PeakValue({ name: "peak" });
    m.updateState(null, f32([0.2, 0.9, 0.4]));
    expectClose(m.result(), [0.9], 1e-7);
    const env = metrics.serialize(m) as Record<string, unknown>;
    expect(env).toEqual({ module: null, class_name: "PeakValue", config: { name: "peak", dtype: "float32" }, registered_name: "PeakValue" });
    expect(() => metrics.deserialize(env)).toThrow(/Could not locate class 'PeakValue'/);
    const back = customObjectScope({ PeakValue }, () => metrics.deserialize(env)) as PeakValue;
    expect(back).toBeInstanceOf(PeakValue);
    registerKerasSerializable({ package: "Test" })(PeakValue);
    const registered = metrics.serialize(new PeakValue()) as Record<string, unknown>;
    expect(registered.registered_name).toBe("Test>PeakValue");
    expect(metrics.deserialize(registered)).toBeInstanceOf(PeakValue);
  });
});

describe("metric argument errors", () => {
  it("reject bad constructor arguments with Keras's messages", () => {
    expect(() => new metrics.BinaryAccuracy({ threshold: 1.5 })).toThrow(/Expected a value in interval \(0, 1\)/);
    expect(() => new metrics.AUC({ numThresholds: 1 })).toThrow(/must be an integer > 1/);
    expect(() => new metrics.AUC({ curve: "XY" as never })).toThrow(/Invalid AUC curve value: "XY"/);
    expect(() => new metrics.AUC({ numLabels: 3 })).toThrow(/needed only when `multi_label` is True/);
    expect(() => new metrics.Precision({ thresholds: [0.5, 1.2] })).toThrow(/Threshold values must be in \[0, 1\]. Received: \[1.2\]/);
    expect(() => new metrics.SensitivityAtSpecificity(1.5)).toThrow(/`specificity` must be in the range \[0, 1\]/);
    expect(() => new metrics.IoU(3, [0, 3])).toThrow(/Target class id 3 is out of range/);
    expect(() => new metrics.FBetaScore({ average: "mean" as never })).toThrow(/Invalid `average` argument value/);
    expect(() => new metrics.FBetaScore({ beta: -1 })).toThrow(/It should be > 0/);
    expect(() => new metrics.R2Score({ classAggregation: "sum" as never })).toThrow(/class_aggregation/);
    expect(() => new metrics.Accuracy({ treshold: 0.5 } as never)).toThrow(/unexpected option "treshold"/);
  });

  it("reject bad inputs clearly", () => {
    expect(() => new metrics.F1Score().updateState([1, 0], [0.3, 0.2])).toThrow(/FBetaScore expects 2D inputs/);
    expect(() => new metrics.R2Score().updateState([1, 0], [0.3, 0.2])).toThrow(/R2Score expects 2D inputs/);
    expect(() => new metrics.Recall({ classId: 1 }).updateState([1, 0], [0.3, 0.2])).toThrow(/When class_id is provided, y_pred must be a 2D array/);
    expect(() => new metrics.AUC({ multiLabel: true }).updateState([1, 0], [0.3, 0.2])).toThrow(/must have rank 2 when `multi_label=True`/);
    expect(() => new metrics.MeanIoU(2).updateState([0, 2], [1, 1])).toThrow(/must be in \[0, 2\)/);
    expect(() => new metrics.Precision().updateState([[1, 0, 1]], [[0.3, 0.2]])).toThrow(/cannot broadcast|incompatible|broadcast/);
    expect(() => new metrics.MeanSquaredError().updateState([[1, 0, 1]], [[0.3, 0.2]])).toThrow(/mean_squared_error: y_true and y_pred have incompatible shapes/);
  });
});
