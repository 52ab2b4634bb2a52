/**
 * keras.losses beyond the fixtures: hand-computed values and identities for
 * every loss function, CTC against brute-force path enumeration, float64
 * finite-difference gradients over several shapes (size-1 dims, rank
 * alignment, negative axes, empty batches), errors, and get / serialize /
 * deserialize with custom losses.
 */
import { describe, expect, it } from "vitest";
import { losses, ops, Tensor } from "../../src/index.js";
import { customObjectScope, registerKerasSerializable } from "../../src/saving/object-registration.js";
import { checkGradients, expectClose, randomTensor } from "../utils/gradcheck.js";

const f64 = (v: number[], shape = [v.length]) => new Tensor(Float64Array.from(v), shape, "float64");
const EPS = 1e-7;

describe("loss functions: hand-computed values", () => {
  it("regression losses", () => {
    const t = f64([1, 2, 3, 4], [2, 2]);
    const p = f64([1, 1, 1, 1], [2, 2]);
    expectClose(losses.meanSquaredError(t, p), [0.5, 6.5], 1e-12);
    expectClose(losses.meanAbsoluteError(t, p), [0.5, 2.5], 1e-12);
    expectClose(losses.meanAbsolutePercentageError(t, p), [100 * (0 + 0.5) / 2, 100 * (2 / 3 + 3 / 4) / 2], 1e-12);
    const sq = (x: number) => x * x;
    expectClose(losses.meanSquaredLogarithmicError(t, p), [sq(Math.log(2) - Math.log(3)) / 2, (sq(Math.log(2) - Math.log(4)) + sq(Math.log(2) - Math.log(5))) / 2], 1e-12);
    // Huber, delta 1: errors [0.5, -2] -> [0.125, 1.5].
    expectClose(losses.huber(f64([0, 0]), f64([0.5, -2])), [(0.125 + 1.5) / 2], 1e-12);
    expectClose(losses.huber(f64([0, 0]), f64([0.5, -2]), { delta: 3 }), [(0.125 + 2) / 2], 1e-12);
    // log_cosh is log(cosh(e)) without overflow.
    expectClose(losses.logCosh(f64([0, 0, 0]), f64([0.3, -2, 50])), [(Math.log(Math.cosh(0.3)) + Math.log(Math.cosh(2)) + (50 - Math.log(2))) / 3], 1e-12);
  });

  it("cosine similarity is -1 for parallel, 0 for orthogonal or zero vectors", () => {
    const t = f64([1, 2, 1, 0, 3, 4], [3, 2]);
    const p = f64([2, 4, 0, 5, 0, 0], [3, 2]);
    expectClose(losses.cosineSimilarity(t, p), [-1, 0, 0], 1e-7, 1e-12);
    // Along axis 0.
    expectClose(losses.cosineSimilarity(f64([1, 0, 0, 1], [2, 2]), f64([2, 5, 0, 0], [2, 2]), 0), [-1, 0], 1e-12);
  });

  it("hinge losses (0/1 labels become -1/1)", () => {
    const p = f64([0.3, 0.8]);
    expectClose(losses.hinge(f64([0, 1]), p), [(1.3 + 0.2) / 2], 1e-12);
    expectClose(losses.hinge(f64([-1, 1]), p), [(1.3 + 0.2) / 2], 1e-12);
    expectClose(losses.squaredHinge(f64([0, 1]), p), [(1.69 + 0.04) / 2], 1e-12);
    // Labels that are not all 0/1 are used as given.
    expectClose(losses.hinge(f64([0, 0.5]), p), [(1 + 0.6) / 2], 1e-12);
    expectClose(losses.categoricalHinge(f64([0, 1, 0, 1, 0, 0], [2, 3]), f64([0.3, 0.5, 0.2, 0.1, 0.7, 0.2], [2, 3])), [0.8, 1.6], 1e-12);
  });

  it("KL divergence and Poisson", () => {
    expectClose(losses.klDivergence(f64([0.2, 0.8]), f64([0.5, 0.5])), [0.2 * Math.log(0.4) + 0.8 * Math.log(1.6)], 1e-12);
    // y_true = 0 contributes eps * log(eps / p) (clipped), not NaN.
    expectClose(losses.klDivergence(f64([0, 1]), f64([0.5, 0.5])), [EPS * Math.log(EPS / 0.5) + Math.log(2)], 1e-9);
    expectClose(losses.poisson(f64([1, 2]), f64([0.5, 3])), [(0.5 - Math.log(0.5 + EPS) + 3 - 2 * Math.log(3 + EPS)) / 2], 1e-12);
  });

  it("binary crossentropies", () => {
    const t = f64([1, 0, 1]);
    const p = f64([0.9, 0.2, 0.4]);
    const bce = (y: number, q: number) => -(y * Math.log(q) + (1 - y) * Math.log(1 - q));
    expectClose(losses.binaryCrossentropy(t, p), [(bce(1, 0.9) + bce(0, 0.2) + bce(1, 0.4)) / 3], 1e-12);
    // Smoothing 0.2 squeezes labels to 0.9 / 0.1.
    expectClose(losses.binaryCrossentropy(t, p, { labelSmoothing: 0.2 }), [(bce(0.9, 0.9) + bce(0.1, 0.2) + bce(0.9, 0.4)) / 3], 1e-12);
    const logits = f64([2, -1, 0.5]);
    const sig = (x: number) => 1 / (1 + Math.exp(-x));
    expectClose(losses.binaryCrossentropy(t, logits, true), [(bce(1, sig(2)) + bce(0, sig(-1)) + bce(1, sig(0.5))) / 3], 1e-12);
    // Focal with gamma 0 is plain crossentropy; with gamma it scales by (1 - p_t)^gamma.
    expectClose(losses.binaryFocalCrossentropy(t, p, { gamma: 0 }), losses.binaryCrossentropy(t, p).data as Float64Array, 1e-12);
    const focal = (y: number, q: number, g: number) => Math.pow(1 - (y ? q : 1 - q), g) * bce(y, q);
    expectClose(losses.binaryFocalCrossentropy(t, p, { gamma: 2 }), [(focal(1, 0.9, 2) + focal(0, 0.2, 2) + focal(1, 0.4, 2)) / 3], 1e-12);
    expectClose(
      losses.binaryFocalCrossentropy(t, p, { gamma: 2, applyClassBalancing: true, alpha: 0.3 }),
      [(0.3 * focal(1, 0.9, 2) + 0.7 * focal(0, 0.2, 2) + 0.3 * focal(1, 0.4, 2)) / 3],
      1e-12,
    );
    // Probabilities at 0 and 1 are clipped to [eps, 1 - eps].
    expectClose(losses.binaryCrossentropy(f64([1]), f64([0])), [-Math.log(EPS)], 1e-6);
  });

  it("categorical crossentropies", () => {
    const t = f64([0, 1, 0, 0, 0, 1], [2, 3]);
    const p = f64([0.2, 0.7, 0.1, 0.3, 0.3, 0.4], [2, 3]);
    expectClose(losses.categoricalCrossentropy(t, p), [-Math.log(0.7), -Math.log(0.4)], 1e-12);
    // Predictions are rescaled to sum to 1 first.
    expectClose(losses.categoricalCrossentropy(t, ops.multiply(p, 2)), [-Math.log(0.7), -Math.log(0.4)], 1e-12);
    // Smoothing 0.3 over 3 classes: labels [0.1, 0.8, 0.1].
    const smooth = -(0.1 * Math.log(0.2) + 0.8 * Math.log(0.7) + 0.1 * Math.log(0.1));
    expectClose(ops.slice(losses.categoricalCrossentropy(t, p, { labelSmoothing: 0.3 }), [0], [1]), [smooth], 1e-12);
    // Logits: the same as the crossentropy of their softmax.
    const logits = f64([1, 2, -1, 0.5, 0, 3], [2, 3]);
    expectClose(losses.categoricalCrossentropy(t, logits, true), losses.categoricalCrossentropy(t, ops.softmax(logits)).data as Float64Array, 1e-12);
    // Class axis 0 (negative axis -2).
    expectClose(losses.categoricalCrossentropy(ops.transpose(t), ops.transpose(p), { axis: -2 }), [-Math.log(0.7), -Math.log(0.4)], 1e-12);
    // Sparse labels give the same values.
    expectClose(losses.sparseCategoricalCrossentropy([1, 2], p), [-Math.log(0.7), -Math.log(0.4)], 1e-12);
    expectClose(losses.sparseCategoricalCrossentropy([[1], [2]], logits, true), losses.categoricalCrossentropy(t, logits, true).data as Float64Array, 1e-12);
    // Focal: alpha (1 - p)^gamma * CE; gamma 0 and alpha 1 give plain CE.
    expectClose(losses.categoricalFocalCrossentropy(t, p, { alpha: 1, gamma: 0 }), [-Math.log(0.7), -Math.log(0.4)], 1e-12);
    expectClose(losses.categoricalFocalCrossentropy(t, p), [0.25 * 0.09 * -Math.log(0.7), 0.25 * 0.36 * -Math.log(0.4)], 1e-12);
    // Per-class alpha.
    expectClose(losses.categoricalFocalCrossentropy(t, p, { alpha: [1, 2, 3], gamma: 1 }), [2 * 0.3 * -Math.log(0.7), 3 * 0.6 * -Math.log(0.4)], 1e-12);
    // Generalized crossentropy (1 - p^q) / q.
    expectClose(losses.categoricalGeneralizedCrossEntropy([1, 2], p, { q: 0.5 }), [(1 - Math.sqrt(0.7)) / 0.5, (1 - Math.sqrt(0.4)) / 0.5], 1e-12);
  });

  it("dice and tversky", () => {
    const t = f64([1, 0, 1, 1]);
    const p = f64([0.9, 0.2, 0.6, 0.3]);
    const inter = 0.9 + 0.6 + 0.3;
    expectClose(losses.dice(t, p), [1 - (2 * inter) / (3 + 2 + EPS)], 1e-12);
    const fp = 3 - inter; // y_true (1 - y_pred)
    const fn = 2 - inter; // y_pred (1 - y_true)
    expectClose(losses.tversky(t, p, { alpha: 0.3, beta: 0.7 }), [1 - inter / (inter + 0.3 * fp + 0.7 * fn + EPS)], 1e-12);
    // alpha = beta = 0.5 is Dice (up to where epsilon enters).
    expectClose(losses.tversky(t, p), losses.dice(t, p).data as Float64Array, 1e-6);
    // Per-sample over axes [1, 2].
    const t3 = f64([1, 0, 1, 1, 0, 0, 1, 1], [2, 2, 2]);
    const p3 = f64([0.5, 0.5, 0.5, 0.5, 0.1, 0.2, 0.3, 0.4], [2, 2, 2]);
    expectClose(losses.dice(t3, p3, [1, 2]), [1 - (2 * 1.5) / (3 + 2 + EPS), 1 - (2 * 0.7) / (2 + 1 + EPS)], 1e-12);
  });

  it("circle loss matches a direct evaluation of its formula", () => {
    const labels = [0, 1, 0, 1, 2];
    const raw = randomTensor([5, 3], 11);
    const emb = ops.normalize(raw);
    const gamma = 10;
    const margin = 0.3;
    const e = emb.toArray() as number[][];
    const expected = labels.map((li, i) => {
      let pos = 0;
      let neg = 0;
      labels.forEach((lj, j) => {
        const d = Math.max(1 - e[i].reduce((s, x, k) => s + x * e[j][k], 0), 0);
        if (li === lj && i !== j) pos += Math.exp(-gamma * Math.max(margin + d, 0) * (margin - d));
        if (li !== lj) neg += Math.exp(gamma * Math.max(1 + margin - d, 0) * (1 - margin - d));
      });
      return Math.log1p(Math.exp(Math.log(pos) + Math.log(neg)));
    });
    const out = losses.circle(labels, emb, { gamma, margin });
    // The sample with no positive pair gets log(0) = -inf inside, hence a loss of 0, masked.
    expectClose(out, expected.map((x) => (Number.isFinite(x) ? x : 0)), 1e-9, 1e-12);
    expect(out.kerasMask!.toArray()).toEqual([true, true, true, true, false]);
    // The reduction averages over the 4 unmasked samples only.
    expectClose(new losses.Circle({ gamma, margin, dtype: "float64" }).apply(labels, emb), [expected.slice(0, 4).reduce((a, b) => a + b) / 4], 1e-9);
  });
});

/** -log of the total probability of all length-T paths that collapse to `label` (brute force). */
function bruteForceCtc(logits: number[][], label: number[]): number {
  const T = logits.length;
  const K = logits[0].length;
  const probs = logits.map((row) => {
    const m = Math.max(...row);
    const ex = row.map((x) => Math.exp(x - m));
    const s = ex.reduce((a, b) => a + b);
    return ex.map((x) => x / s);
  });
  let total = 0;
  const path = new Array(T).fill(0);
  const visit = (t: number, p: number) => {
    if (t === T) {
      const collapsed: number[] = [];
      path.forEach((c, i) => {
        if (c !== 0 && (i === 0 || c !== path[i - 1])) collapsed.push(c);
      });
      if (collapsed.length === label.length && collapsed.every((c, i) => c === label[i])) total += p;
      return;
    }
    for (let k = 0; k < K; k++) {
      path[t] = k;
      visit(t + 1, p * probs[t][k]);
    }
  };
  visit(0, 1);
  return -Math.log(total);
}

describe("CTC", () => {
  it("equals brute-force enumeration of alignments (repeats need a blank; 0 pads the labels)", () => {
    const logits = randomTensor([3, 5, 4], 3, -2, 2);
    const labels = [[1, 2, 0], [3, 3, 0], [2, 1, 3]];
    const out = losses.ctc(labels, logits);
    const rows = logits.toArray() as number[][][];
    expectClose(out, labels.map((l, b) => bruteForceCtc(rows[b], l.filter((c) => c !== 0))), 1e-9);
  });

  it("ctcLoss honours shorter output lengths", () => {
    const logits = randomTensor([1, 5, 3], 9, -1, 1);
    const out = losses.ctcLoss([[1, 2]], logits, [2], [3]);
    const rows = (logits.toArray() as number[][][])[0].slice(0, 3);
    expectClose(out, [bruteForceCtc(rows, [1, 2])], 1e-9);
  });

  it("rejects badly shaped inputs with Keras's messages", () => {
    expect(() => losses.ctc([1, 2], randomTensor([1, 4, 3]))).toThrow(/`y_true` are expected to be a tensor of shape `\(batch_size, max_length\)`/);
    expect(() => losses.ctc([[1, 2]], randomTensor([4, 3]))).toThrow(/`y_pred` are expected to be a tensor of shape `\(batch_size, max_length, num_classes\)`/);
  });
});

describe("float64 finite-difference gradients of the loss functions", () => {
  const probs = (shape: number[], seed: number) => randomTensor(shape, seed, 0.05, 0.95);
  const oneHot = (shape: number[], seed: number) => {
    const ids = randomTensor(shape.slice(0, -1), seed, 0, shape[shape.length - 1]);
    return ops.cast(ops.oneHot(ops.cast(ops.floor(ids), "int32"), shape[shape.length - 1]), "float64");
  };
  const SHAPES = [[4, 3], [2, 3, 5], [1, 1], [3, 1]];

  const CASES: [string, (shape: number[]) => [Tensor, (p: Tensor) => Tensor, Tensor]][] = [
    ["mean_squared_error", (s) => [randomTensor(s, 1), (p) => losses.meanSquaredError(randomTensor(s, 1), p), randomTensor(s, 2)]],
    ["mean_absolute_error", (s) => [randomTensor(s, 1), (p) => losses.meanAbsoluteError(randomTensor(s, 1), p), randomTensor(s, 2)]],
    ["mean_absolute_percentage_error", (s) => [randomTensor(s, 1), (p) => losses.meanAbsolutePercentageError(randomTensor(s, 1, 0.5, 2), p), randomTensor(s, 2)]],
    ["mean_squared_logarithmic_error", (s) => [probs(s, 1), (p) => losses.meanSquaredLogarithmicError(probs(s, 1), p), probs(s, 2)]],
    ["cosine_similarity", (s) => [randomTensor(s, 1), (p) => losses.cosineSimilarity(randomTensor(s, 1), p), randomTensor(s, 2)]],
    ["huber", (s) => [randomTensor(s, 1), (p) => losses.huber(randomTensor(s, 1), p, 0.3), randomTensor(s, 2)]],
    ["log_cosh", (s) => [randomTensor(s, 1), (p) => losses.logCosh(randomTensor(s, 1), p), randomTensor(s, 2, -4, 4)]],
    ["hinge", (s) => [randomTensor(s, 1), (p) => losses.hinge(ops.cast(ops.greater(randomTensor(s, 1), 0), "float64"), p), randomTensor(s, 2, -0.9, 0.9)]],
    ["squared_hinge", (s) => [randomTensor(s, 1), (p) => losses.squaredHinge(ops.sign(randomTensor(s, 1)), p), randomTensor(s, 2, -0.9, 0.9)]],
    ["categorical_hinge", (s) => [randomTensor(s, 1), (p) => losses.categoricalHinge(oneHot(s, 1), p), randomTensor(s, 2)]],
    ["kl_divergence", (s) => [probs(s, 1), (p) => losses.klDivergence(probs(s, 1), p), probs(s, 2)]],
    ["poisson", (s) => [probs(s, 1), (p) => losses.poisson(probs(s, 1), p), probs(s, 2)]],
    ["binary_crossentropy", (s) => [probs(s, 1), (p) => losses.binaryCrossentropy(probs(s, 1), p, { labelSmoothing: 0.1 }), probs(s, 2)]],
    ["binary_crossentropy logits", (s) => [probs(s, 1), (p) => losses.binaryCrossentropy(probs(s, 1), p, true), randomTensor(s, 2, -3, 3)]],
    ["binary_focal_crossentropy", (s) => [probs(s, 1), (p) => losses.binaryFocalCrossentropy(probs(s, 1), p, { applyClassBalancing: true, gamma: 1.5 }), probs(s, 2)]],
    ["binary_focal_crossentropy logits", (s) => [probs(s, 1), (p) => losses.binaryFocalCrossentropy(probs(s, 1), p, { fromLogits: true }), randomTensor(s, 2, -3, 3)]],
    ["categorical_crossentropy", (s) => [probs(s, 1), (p) => losses.categoricalCrossentropy(oneHot(s, 1), p, { labelSmoothing: 0.2 }), probs(s, 2)]],
    ["categorical_crossentropy logits", (s) => [probs(s, 1), (p) => losses.categoricalCrossentropy(oneHot(s, 1), p, true), randomTensor(s, 2, -3, 3)]],
    ["categorical_focal_crossentropy", (s) => [probs(s, 1), (p) => losses.categoricalFocalCrossentropy(oneHot(s, 1), p), probs(s, 2)]],
    ["categorical_focal_crossentropy logits", (s) => [probs(s, 1), (p) => losses.categoricalFocalCrossentropy(oneHot(s, 1), p, { fromLogits: true, gamma: 1 }), randomTensor(s, 2, -3, 3)]],
    ["sparse_categorical_crossentropy", (s) => [probs(s, 1), (p) => losses.sparseCategoricalCrossentropy(ops.argmax(oneHot(s, 1), -1), p, true), randomTensor(s, 2, -3, 3)]],
    ["categorical_generalized_cross_entropy", (s) => [probs(s, 1), (p) => losses.categoricalGeneralizedCrossEntropy(ops.argmax(oneHot(s, 1), -1), p, 0.6), probs(s, 2)]],
    ["dice", (s) => [probs(s, 1), (p) => losses.dice(probs(s, 1), p), probs(s, 2)]],
    ["tversky", (s) => [probs(s, 1), (p) => losses.tversky(probs(s, 1), p, { alpha: 0.2, beta: 0.8, axis: [-1] }), probs(s, 2)]],
  ];

  for (const [name, make] of CASES) {
    it(name, () => {
      for (const shape of SHAPES) {
        const [, f, p] = make(shape);
        checkGradients(f, [p], { tol: 1e-6 });
      }
    });
  }

  it("ctc and circle", () => {
    checkGradients((p) => losses.ctc([[1, 2, 0], [2, 2, 1]], p), [randomTensor([2, 6, 3], 4, -2, 2)], { tol: 1e-6 });
    const labels = [0, 1, 0, 1, 1];
    checkGradients((p) => losses.circle(labels, ops.normalize(p), { gamma: 4, margin: 0.25 }), [randomTensor([5, 3], 5)], { tol: 1e-5 });
  });

  it("Loss classes: reductions and sample weights, rank alignment, negative axes, empty batches", () => {
    const sw = f64([0.5, 2, 1, 0]);
    for (const reduction of ["sum_over_batch_size", "sum", "mean_with_sample_weight", "none"] as const) {
      const mse = new losses.MeanSquaredError({ reduction, dtype: "float64" });
      checkGradients((p) => mse.apply(randomTensor([4, 3], 1), p, sw), [randomTensor([4, 3], 2)]);
    }
    // y_true (n,) against y_pred (n, 1): aligned by the wrapper.
    const mae = new losses.MeanAbsoluteError({ dtype: "float64" });
    checkGradients((p) => mae.apply(randomTensor([5], 1), p), [randomTensor([5, 1], 2)]);
    // Crossentropy over the class axis -2.
    const cce = new losses.CategoricalCrossentropy({ axis: -2, dtype: "float64" });
    checkGradients((p) => cce.apply(ops.transpose(oneHot([4, 3], 3)), p), [probs([3, 4], 2)]);
    // An empty batch: gradients of the right (empty) shape, value 0.
    const empty = new losses.MeanSquaredError({ dtype: "float64" });
    // Keras returns the (0,)-shaped per-sample values of an empty batch unreduced.
    expect(empty.apply(ops.zeros([0, 3], "float64"), ops.zeros([0, 3], "float64")).shape).toEqual([0]);
    checkGradients((p) => losses.meanSquaredError(ops.zeros([0, 3], "float64"), p), [ops.zeros([0, 3], "float64")]);
  });
});

describe("loss errors", () => {
  it("name the loss when y_true and y_pred cannot broadcast", () => {
    expect(() => new losses.MeanSquaredError().apply([[1, 2, 3]], [[1, 2]])).toThrow(
      /MeanSquaredError "mean_squared_error".*y_true.shape=\[1, 3\], y_pred.shape=\[1, 2\].*mean_squared_error: y_true and y_pred have incompatible shapes/,
    );
    expect(() => new losses.BinaryCrossentropy().apply([[1, 0]], [[0.5, 0.5, 0.5]])).toThrow(/BinaryCrossentropy "binary_crossentropy".*must have the same shape/);
    expect(() => new losses.SparseCategoricalCrossentropy().apply([1, 0, 2], [[0.5, 0.5]])).toThrow(/SparseCategoricalCrossentropy/);
    expect(() => losses.huber([[1, 2]], [[1, 2, 3]])).toThrow(/keras\.losses\.huber: y_true and y_pred have incompatible shapes/);
    expect(() => new losses.MeanSquaredError().apply([[1, 2], [3, 4]], [[1, 2], [3, 4]], [1, 2, 3])).toThrow(/MeanSquaredError "mean_squared_error"/);
  });

  it("reject bad options", () => {
    expect(() => new losses.CategoricalGeneralizedCrossEntropy({ q: 1.5 })).toThrow(/q must be in the interval \(0, 1\)/);
    expect(() => new losses.MeanSquaredError({ fromLogits: true } as never)).toThrow(/MeanSquaredError: unexpected option "fromLogits"/);
    expect(() => losses.binaryCrossentropy([1], [0.5], { from_logits: true } as never)).toThrow(/unknown option "from_logits"/);
    expect(() => losses.categoricalCrossentropy([[1, 0]], [[0.5, 0.5]], { axis: true as never })).toThrow(/`axis` must be of type `int`/);
    expect(() => new losses.Loss().apply([1], [1])).toThrow(/must override call/);
  });
});

describe("keras.losses.get / serialize / deserialize", () => {
  it("resolves names, aliases and classes like Keras", () => {
    expect(losses.get("mse")).toBe(losses.meanSquaredError);
    expect(losses.get("MAE")).toBe(losses.meanAbsoluteError);
    expect(losses.get("kld")).toBe(losses.klDivergence);
    expect(losses.get("sparse_categorical_crossentropy")).toBe(losses.sparseCategoricalCrossentropy);
    expect(losses.get("binary_crossentropy")).toBe(losses.binaryCrossentropy);
    expect(losses.get("CategoricalCrossentropy")).toBeInstanceOf(losses.CategoricalCrossentropy);
    expect(losses.get(losses.Huber)).toBeInstanceOf(losses.Huber);
    const loss = losses.get({ class_name: "CategoricalCrossentropy", config: { from_logits: true } }) as losses.CategoricalCrossentropy;
    expect(loss.fromLogits).toBe(true);
    expect(losses.get(null)).toBeNull();
    expect(() => losses.get("binary_accuracy")).toThrow(/Could not interpret loss identifier: binary_accuracy/);
  });

  it("serializes functions and wrappers as Keras does", () => {
    expect(losses.serialize(losses.meanSquaredError)).toEqual({ module: "builtins", class_name: "function", config: "mean_squared_error", registered_name: "function" });
    expect(losses.deserialize(losses.serialize(losses.huber))).toBe(losses.huber);
    const wrapper = new losses.LossFunctionWrapper(losses.huber, { delta: 0.4, name: "h" });
    expect(wrapper.getConfig()).toEqual({
      name: "h", reduction: "sum_over_batch_size",
      fn: { module: "builtins", class_name: "function", config: "huber", registered_name: "function" }, delta: 0.4,
    });
    const back = losses.deserialize(losses.serialize(wrapper)) as losses.LossFunctionWrapper;
    expect(back).toBeInstanceOf(losses.LossFunctionWrapper);
    expectClose(back.apply([[0, 0]], [[0.2, 1]]), wrapper.apply([[0, 0]], [[0.2, 1]]).data as Float32Array, 0);
    // Huber's delta is applied although Keras leaves it out of the config.
    expectClose(new losses.Huber({ delta: 0.4 }).apply([[0, 0]], [[0.2, 1]]), [(0.02 + 0.4 - 0.08) / 2], 1e-6);
  });

  it("custom losses: subclasses and registered functions", () => {
    class Quartic extends losses.Loss {
      override call(yTrue: Tensor, yPred: Tensor) {
        return ops.mean(ops.power(ops.subtract(yPred, yTrue), 4), -1);
      }
    }
    const q = new Quartic({ name: "quartic", reduction: "sum" });
    expectClose(q.apply([[0, 0]], [[1, 2]]), [8.5], 0);
    const env = losses.serialize(q) as Record<string, unknown>;
    expect(env).toEqual({ module: null, class_name: "Quartic", config: { name: "quartic", reduction: "sum" }, registered_name: "Quartic" });
    const back = customObjectScope({ Quartic }, () => losses.deserialize(env)) as Quartic;
    expect(back).toBeInstanceOf(Quartic);
    expect(back.reduction).toBe("sum");

    const cubic = (t: Tensor, p: Tensor) => ops.mean(ops.abs(ops.power(ops.subtract(p, t), 3)), -1);
    registerKerasSerializable({ package: "Test", name: "cubic" })(cubic);
    const wrapped = new losses.LossFunctionWrapper(cubic);
    // As in Keras, an unnamed wrapper is named after its class.
    expect(wrapped.name).toMatch(/^loss_function_wrapper(_\d+)?$/);
    const cfg = wrapped.getConfig();
    expect(cfg.fn).toEqual({ module: null, class_name: "function", config: "Test>cubic", registered_name: "Test>cubic" });
    const again = losses.LossFunctionWrapper.fromConfig(cfg) as losses.LossFunctionWrapper;
    expect(again.fn).toBe(cubic);
    expect(() => new losses.LossFunctionWrapper((t: Tensor) => t).getConfig()).toThrow(/Cannot serialize the function/);
  });

  it("computes in the loss dtype", () => {
    expect(new losses.MeanSquaredError().apply(f64([1, 2]), f64([0, 0])).dtype).toBe("float32");
    expect(new losses.MeanSquaredError({ dtype: "float64" }).apply([1, 2], [0, 0]).dtype).toBe("float64");
  });
});
