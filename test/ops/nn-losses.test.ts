import { describe, expect, it } from "vitest";
import { GradientTape, Tensor, ops } from "../../src/index.js";
import { checkGradients, expectClose, randomTensor } from "../utils/gradcheck.js";
import { fixtureTensor, fixtureValues, loadFixture } from "../utils/fixtures.js";

const f64 = (values: number[], shape: number[]) => new Tensor(Float64Array.from(values), shape, "float64");
const toF64 = (t: Tensor) => (t.dtype === "float32" ? new Tensor(Float64Array.from(t.data), t.shape, "float64") : t);
const LOG_EPS = -Math.log(1e-7);

/** keras.losses per-sample values in terms of the ops (the loss classes add label smoothing, reductions, weights). */
const PER_SAMPLE: Record<string, (yTrue: Tensor, yPred: Tensor) => Tensor> = {
  loss_binary_crossentropy: (t, p) => ops.mean(ops.binaryCrossentropy(t, p), -1),
  loss_binary_crossentropy_logits: (t, p) => ops.mean(ops.binaryCrossentropy(t, p, true), -1),
  loss_categorical_crossentropy: (t, p) => ops.categoricalCrossentropy(t, p),
  loss_categorical_crossentropy_logits: (t, p) => ops.categoricalCrossentropy(t, p, { fromLogits: true }),
  loss_sparse_categorical_crossentropy: (t, p) => ops.sparseCategoricalCrossentropy(t, p),
  loss_sparse_categorical_crossentropy_logits: (t, p) => ops.sparseCategoricalCrossentropy(t, p, true, -1),
};

describe("crossentropies against the Keras 3.15.1 loss fixtures", () => {
  for (const [name, perSample] of Object.entries(PER_SAMPLE)) {
    it(`${name}: per-sample values (float32) and the gradient of their mean (float64)`, () => {
      const fx = loadFixture(name);
      const yTrue = fixtureTensor(fx.y_true);
      const yPred = fixtureTensor(fx.y_pred);
      const values = perSample(yTrue, yPred);
      expect(values.dtype).toBe("float32");
      expect(values.shape).toEqual(fx.results.reduction_none.shape);
      expectClose(values, fixtureValues(fx.results.reduction_none), 1e-5, 1e-6);
      expectClose(ops.mean(values), [fixtureValues(fx.results.default)[0]], 1e-5, 1e-6);
      const p = toF64(yPred);
      const tape = new GradientTape();
      tape.watch(p);
      const loss = tape.record(() => ops.mean(perSample(toF64(yTrue), p)));
      expectClose(tape.gradient(loss, [p])[0]!, fixtureValues(fx.grads.default), 1e-7, 1e-9);
    });
  }
});

describe("crossentropy values", () => {
  it("matches Keras's docstring example and hand values", () => {
    const probs = [[0.9, 0.05, 0.05], [0.1, 0.8, 0.1], [0.2, 0.3, 0.5]];
    const expected = [0.10536056, 0.22314355, 0.6931472];
    expectClose(ops.sparseCategoricalCrossentropy([0, 1, 2], probs), expected);
    expectClose(ops.categoricalCrossentropy([[1, 0, 0], [0, 1, 0], [0, 0, 1]], probs), expected);
    expectClose(ops.binaryCrossentropy([0, 1, 1], [0.4, 0.7, 0.5]), [-Math.log(0.6), -Math.log(0.7), Math.LN2]);
  });

  it("rescales probabilities to sum to one and clips them to [1e-7, 1 - 1e-7]", () => {
    expectClose(ops.categoricalCrossentropy([[1, 0]], [[2, 2]]), [Math.LN2]);
    expectClose(ops.sparseCategoricalCrossentropy([1], [[3, 1]]), [Math.log(4)]);
    expectClose(ops.categoricalCrossentropy(f64([0, 1], [1, 2]), f64([1, 0], [1, 2])), [LOG_EPS], 1e-12, 0);
    expectClose(ops.binaryCrossentropy(f64([1, 0], [2]), f64([0, 1], [2])), [LOG_EPS, -Math.log(1e-7)], 1e-9, 0);
    // Soft targets weigh every class.
    const p = [0.2, 0.3, 0.5];
    expectClose(ops.categoricalCrossentropy(f64([0.5, 0.25, 0.25], [3]), f64(p, [3])), [-(0.5 * Math.log(0.2) + 0.25 * Math.log(0.3) + 0.25 * Math.log(0.5))], 1e-12, 0);
  });

  it("computes the logit forms stably", () => {
    const y = ops.binaryCrossentropy(f64([0, 1, 1, 0], [4]), f64([100, -100, 1e4, -30], [4]), true);
    expectClose(y, [100, 100, 0, Math.log1p(Math.exp(-30))], 1e-12, 1e-300);
    const c = ops.categoricalCrossentropy(f64([0, 1], [1, 2]), f64([1000, 0], [1, 2]), true);
    expectClose(c, [1000], 1e-12, 0);
    const s = ops.sparseCategoricalCrossentropy([0], f64([-500, 500, 0], [1, 3]), { fromLogits: true });
    expectClose(s, [1000], 1e-12, 0);
    // logits = log(probabilities) reproduce the probability form
    const probs = f64([0.2, 0.3, 0.5, 0.6, 0.1, 0.3], [2, 3]);
    expectClose(ops.sparseCategoricalCrossentropy([2, 0], ops.log(probs), true), ops.sparseCategoricalCrossentropy([2, 0], probs).data, 1e-12, 0);
    const sig = f64([0.3, 0.8], [2]);
    const logits = ops.log(ops.divide(sig, ops.subtract(1, sig)));
    expectClose(ops.binaryCrossentropy(f64([1, 0], [2]), logits, true), ops.binaryCrossentropy(f64([1, 0], [2]), sig).data, 1e-12, 0);
  });

  it("works along any axis and squeezes a trailing size-1 target axis", () => {
    const logits = randomTensor([2, 3, 4], 3, -2, 2);
    const labels = new Tensor(Int32Array.of(0, 2, 1, 1, 2, 0, 0, 1), [2, 4], "int32");
    const alongAxis1 = ops.sparseCategoricalCrossentropy(labels, logits, true, 1);
    const moved = ops.sparseCategoricalCrossentropy(labels, ops.transpose(logits, [0, 2, 1]), true);
    expect(alongAxis1.shape).toEqual([2, 4]);
    expectClose(alongAxis1, moved.data, 1e-12, 0);
    const hot = ops.oneHot(labels, 3, { axis: 1, dtype: "float64" });
    expectClose(ops.categoricalCrossentropy(hot, logits, true, 1), moved.data, 1e-12, 0);
    expectClose(ops.categoricalCrossentropy(hot, logits, { fromLogits: true, axis: -2 }), moved.data, 1e-12, 0);
    const column = ops.sparseCategoricalCrossentropy(new Tensor(Int32Array.of(1, 0), [2, 1], "int32"), [[0.5, 0.5], [0.25, 0.75]]);
    expect(column.shape).toEqual([2]);
    expectClose(column, [Math.LN2, Math.log(4)]);
    // float labels are cast to int32, as Keras does
    expectClose(ops.sparseCategoricalCrossentropy([1.0, 0.0], [[0.5, 0.5], [0.25, 0.75]]), [Math.LN2, Math.log(4)]);
  });

  it("rejects mismatched shapes and out-of-range labels", () => {
    expect(() => ops.binaryCrossentropy([[0, 1]], [0.5, 0.5])).toThrow(
      "ops.binaryCrossentropy: Arguments `target` and `output` must have the same shape. Received: target.shape=(1, 2), output.shape=(2,)",
    );
    expect(() => ops.categoricalCrossentropy([1, 0, 0], [0.5, 0.5])).toThrow(/must have the same shape. Received: target.shape=\(3,\), output.shape=\(2,\)/);
    expect(() => ops.categoricalCrossentropy(1, 0.5)).toThrow(/must be at least rank 1/);
    expect(() => ops.sparseCategoricalCrossentropy([0, 1, 1], [[0.5, 0.5], [0.5, 0.5]])).toThrow(
      /same shape up until the last dimension: target.shape=\(3,\), output.shape=\(2, 2\)/,
    );
    expect(() => ops.sparseCategoricalCrossentropy([0, 2], [[0.5, 0.5], [0.5, 0.5]])).toThrow(/labels must be integers in \[0, 2\).*from 0 to 2/);
    expect(() => ops.sparseCategoricalCrossentropy([-1, 0], [[0.5, 0.5], [0.5, 0.5]])).toThrow(/from -1 to 0/);
    expect(() => ops.binaryCrossentropy([1], [0.5], { logits: true } as never)).toThrow(/unknown option "logits"/);
  });

  it("handles empty batches", () => {
    const e = ops.categoricalCrossentropy(new Tensor(new Float32Array(0), [0, 3]), new Tensor(new Float32Array(0), [0, 3]));
    expect(e.shape).toEqual([0]);
    const s = ops.sparseCategoricalCrossentropy(new Tensor(new Int32Array(0), [0], "int32"), new Tensor(new Float32Array(0), [0, 3]), true);
    expect(s.shape).toEqual([0]);
  });
});

describe("crossentropy gradients (float64 finite differences)", () => {
  const probabilities = (shape: number[], seed: number) => randomTensor(shape, seed, 0.05, 0.95);
  for (const shape of [[5], [3, 4], [2, 1, 3]]) {
    it(`binaryCrossentropy ${JSON.stringify(shape)}: output and target, probabilities and logits`, () => {
      const target = randomTensor(shape, 1, 0, 1);
      checkGradients((t, p) => ops.binaryCrossentropy(t, p), [target, probabilities(shape, 2)]);
      checkGradients((t, x) => ops.binaryCrossentropy(t, x, true), [target, randomTensor(shape, 3, -4, 4)]);
    });
    it(`categoricalCrossentropy ${JSON.stringify(shape)}: output and target, probabilities and logits, every axis`, () => {
      const target = randomTensor(shape, 4, 0, 1);
      for (let axis = -shape.length; axis < shape.length; axis++) {
        checkGradients((t, p) => ops.categoricalCrossentropy(t, p, false, axis), [target, probabilities(shape, 5)]);
        checkGradients((t, x) => ops.categoricalCrossentropy(t, x, true, axis), [target, randomTensor(shape, 6, -3, 3)]);
      }
    });
  }

  it("sparseCategoricalCrossentropy w.r.t. the output, along the last and a middle axis", () => {
    const labels = new Tensor(Int32Array.of(0, 3, 1), [3], "int32");
    checkGradients((p) => ops.sparseCategoricalCrossentropy(labels, p), [probabilities([3, 4], 7)]);
    checkGradients((x) => ops.sparseCategoricalCrossentropy(labels, x, true), [randomTensor([3, 4], 8, -3, 3)]);
    const labels2 = new Tensor(Int32Array.of(0, 2, 1, 1), [2, 2], "int32");
    checkGradients((x) => ops.sparseCategoricalCrossentropy(labels2, x, true, 1), [randomTensor([2, 3, 2], 9, -3, 3)]);
    checkGradients((p) => ops.sparseCategoricalCrossentropy(labels2, p, false, 1), [probabilities([2, 3, 2], 10)]);
  });

  it("empty batches give empty gradients", () => {
    const e = randomTensor([0, 3], 30, 0.1, 0.9);
    checkGradients((t, p) => ops.categoricalCrossentropy(t, p), [e, e]);
    checkGradients((p) => ops.sparseCategoricalCrossentropy(new Tensor(new Int32Array(0), [0], "int32"), p, true), [e]);
    checkGradients((t, p) => ops.binaryCrossentropy(t, p), [e, e]);
  });

  it("the clipped region passes no gradient to the output", () => {
    const p = f64([1, 0], [2]);
    const tape = new GradientTape();
    tape.watch(p);
    const loss = tape.record(() => ops.sum(ops.binaryCrossentropy(f64([0.3, 0.6], [2]), p)));
    expectClose(tape.gradient(loss, [p])[0]!, [0, 0]);
  });
});
