/**
 * Threshold metrics against counts made by plain loops in the test: arbitrary
 * and evenly spaced thresholds (Keras's bucketed path), sample weights,
 * top-k, class ids, multi-label AUC with label weights, and the AUC
 * summation methods.
 */
import { describe, expect, it } from "vitest";
import { metrics, Tensor } from "../../src/index.js";
import { expectClose, rng } from "../utils/gradcheck.js";

/** Weighted counts of (label, p > t) for each threshold, by loops. */
function counts(labels: number[], preds: number[], thresholds: number[], weights?: number[]) {
  return thresholds.map((t) => {
    const c = { tp: 0, fp: 0, tn: 0, fn: 0 };
    labels.forEach((l, i) => {
      const w = weights ? weights[i] : 1;
      const pos = preds[i] > Math.fround(t);
      if (l && pos) c.tp += w;
      else if (!l && pos) c.fp += w;
      else if (!l && !pos) c.tn += w;
      else c.fn += w;
    });
    return c;
  });
}

function randomData(n: number, seed: number) {
  const r = rng(seed);
  const labels = Array.from({ length: n }, () => (r() < 0.4 ? 1 : 0));
  // float32 values, as the metric sees them.
  const preds = Array.from({ length: n }, () => Math.fround(r()));
  const weights = Array.from({ length: n }, () => Math.fround(0.5 + r()));
  return { labels, preds, weights };
}

const f32 = (v: number[], shape = [v.length]) => new Tensor(Float32Array.from(v), shape, "float32");

describe("confusion counts", () => {
  const { labels, preds, weights } = randomData(200, 3);

  it("TruePositives & co at arbitrary thresholds, weighted", () => {
    const thresholds = [0.1, 0.35, 0.5, 0.9];
    const ref = counts(labels, preds, thresholds, weights);
    const cases: [metrics.Metric, "tp" | "fp" | "tn" | "fn"][] = [
      [new metrics.TruePositives({ thresholds }), "tp"],
      [new metrics.FalsePositives({ thresholds }), "fp"],
      [new metrics.TrueNegatives({ thresholds }), "tn"],
      [new metrics.FalseNegatives({ thresholds }), "fn"],
    ];
    for (const [m, key] of cases) {
      m.updateState(f32(labels, [200, 1]), f32(preds, [200, 1]), f32(weights));
      expectClose(m.result(), ref.map((c) => c[key]), 1e-5);
    }
  });

  it("evenly spaced thresholds take Keras's bucketed path and agree with the loops", () => {
    const thresholds = Array.from({ length: 11 }, (_, i) => i / 10);
    expect(metrics.isEvenlyDistributedThresholds(thresholds)).toBe(true);
    expect(metrics.isEvenlyDistributedThresholds([0, 0.3, 1])).toBe(false);
    const ref = counts(labels, preds, thresholds, weights);
    const tp = new metrics.TruePositives({ thresholds });
    const fn = new metrics.FalseNegatives({ thresholds });
    tp.updateState(labels, preds, weights);
    fn.updateState(labels, preds, weights);
    expectClose(tp.result(), ref.map((c) => c.tp), 1e-5);
    // fn = total positives - tp in float32 (as Keras computes it): rounding of order 1e-5 on totals near 100.
    expectClose(fn.result(), ref.map((c) => c.fn), 1e-5, 1e-4);
  });

  it("Precision and Recall over two batches equal the pooled counts", () => {
    const p = new metrics.Precision({ thresholds: [0.3, 0.6] });
    const r = new metrics.Recall({ thresholds: [0.3, 0.6] });
    for (const m of [p, r]) {
      m.updateState(labels.slice(0, 100), preds.slice(0, 100));
      m.updateState(labels.slice(100), preds.slice(100));
    }
    const ref = counts(labels, preds, [0.3, 0.6]);
    expectClose(p.result(), ref.map((c) => c.tp / (c.tp + c.fp)), 1e-6);
    expectClose(r.result(), ref.map((c) => c.tp / (c.tp + c.fn)), 1e-6);
  });

  it("top_k keeps each row's k largest predictions; class_id looks at one column", () => {
    const yTrue = [[1, 0, 1, 0], [0, 1, 0, 0], [0, 0, 1, 1]];
    const yPred = [[0.9, 0.8, 0.1, 0.3], [0.6, 0.5, 0.4, 0.2], [0.1, 0.2, 0.7, 0.6]];
    // Top 2 of each row: {0,1}, {0,1}, {2,3}: tp = 1 + 1 + 2, predicted 6.
    expectClose(new metrics.Precision({ topK: 2 }).apply(yTrue, yPred), [4 / 6], 1e-6);
    expectClose(new metrics.Recall({ topK: 2 }).apply(yTrue, yPred), [4 / 5], 1e-6);
    // Class 2 at 0.5: predictions [0.1, 0.4, 0.7] -> one positive, and it is right; labels [1, 0, 1].
    expectClose(new metrics.Precision({ classId: 2 }).apply(yTrue, yPred), [1], 1e-6);
    expectClose(new metrics.Recall({ classId: 2 }).apply(yTrue, yPred), [0.5], 1e-6);
    // top_k and class_id together: class 1 is in the top 2 of rows 0 and 1; only row 1 has label 1.
    expectClose(new metrics.Precision({ topK: 2, classId: 1 }).apply(yTrue, yPred), [0.5], 1e-6);
  });
});

describe("AUC", () => {
  const { labels, preds, weights } = randomData(300, 8);
  const n = 50;
  const thresholds = [-1e-7, ...Array.from({ length: n - 2 }, (_, i) => (i + 1) / (n - 1)), 1 + 1e-7];

  /** Riemann sums over the loop counts. */
  function reference(curve: "ROC" | "PR", method: "interpolation" | "minoring" | "majoring", w?: number[]) {
    const c = counts(labels, preds, thresholds, w);
    const div = (a: number, b: number) => (b === 0 ? 0 : a / b);
    const recall = c.map((x) => div(x.tp, x.tp + x.fn));
    const fpr = c.map((x) => div(x.fp, x.fp + x.tn));
    const precision = c.map((x) => div(x.tp, x.tp + x.fp));
    const [xs, ys] = curve === "ROC" ? [fpr, recall] : [recall, precision];
    let area = 0;
    for (let i = 0; i < n - 1; i++) {
      const h = method === "interpolation" ? (ys[i] + ys[i + 1]) / 2 : method === "minoring" ? Math.min(ys[i], ys[i + 1]) : Math.max(ys[i], ys[i + 1]);
      area += (xs[i] - xs[i + 1]) * h;
    }
    return area;
  }

  for (const method of ["interpolation", "minoring", "majoring"] as const) {
    it(`ROC, ${method}`, () => {
      const m = new metrics.AUC({ numThresholds: n, summationMethod: method });
      m.updateState(labels, preds, weights);
      expectClose(m.result(), [reference("ROC", method, weights)], 1e-5);
    });
  }

  it("PR with minoring and majoring bound the area", () => {
    const lo = new metrics.AUC({ numThresholds: n, curve: "PR", summationMethod: "minoring" });
    const hi = new metrics.AUC({ numThresholds: n, curve: "PR", summationMethod: "majoring" });
    const mid = new metrics.AUC({ numThresholds: n, curve: "PR" });
    for (const m of [lo, hi, mid]) m.updateState(labels, preds);
    expectClose(lo.result(), [reference("PR", "minoring")], 1e-5);
    expectClose(hi.result(), [reference("PR", "majoring")], 1e-5);
    const v = mid.result().item();
    expect(v).toBeGreaterThanOrEqual(lo.result().item() - 1e-6);
    expect(v).toBeLessThanOrEqual(hi.result().item() + 1e-6);
  });

  it("perfect and reversed rankings give 1 and 0", () => {
    const y = [0, 0, 1, 1];
    expectClose(new metrics.AUC().apply(y, [0.1, 0.2, 0.8, 0.9]), [1], 1e-6);
    expectClose(new metrics.AUC().apply(y, [0.9, 0.8, 0.2, 0.1]), [0], 1e-6);
  });

  it("multi-label: per-label areas averaged, weighted by label_weights; flattened with label weights otherwise", () => {
    const r = rng(5);
    const yTrue = Array.from({ length: 40 }, () => [r() < 0.5 ? 1 : 0, r() < 0.3 ? 1 : 0]);
    const yPred = Array.from({ length: 40 }, () => [Math.fround(r()), Math.fround(r())]);
    const perLabel = [0, 1].map((j) => {
      const m = new metrics.AUC({ numThresholds: 30 });
      m.updateState(yTrue.map((row) => row[j]), yPred.map((row) => row[j]));
      return m.result().item();
    });
    const multi = new metrics.AUC({ numThresholds: 30, multiLabel: true });
    multi.updateState(yTrue, yPred);
    expect(multi.variables[0].shape).toEqual([30, 2]);
    expectClose(multi.result(), [(perLabel[0] + perLabel[1]) / 2], 1e-6);
    const weighted = new metrics.AUC({ numThresholds: 30, multiLabel: true, numLabels: 2, labelWeights: [1, 3] });
    weighted.updateState(yTrue, yPred);
    expectClose(weighted.result(), [(perLabel[0] + 3 * perLabel[1]) / 4], 1e-6);
    // Without multi_label, label weights weigh each column's points in one flattened curve.
    const flat = new metrics.AUC({ numThresholds: 30, labelWeights: [1, 0] });
    flat.updateState(yTrue, yPred);
    expectClose(flat.result(), [perLabel[0]], 1e-6);
  });
});
