import { describe, expect, it } from "vitest";
import { GradientTape, Tensor, ops } from "../../src/index.js";
import { checkGradients, expectClose, randomTensor } from "../utils/gradcheck.js";
import { fixtureTensor, fixtureValues, loadFixture } from "../utils/fixtures.js";

const f64 = (values: number[], shape: number[]) => new Tensor(Float64Array.from(values), shape, "float64");
const toF64 = (t: Tensor) => new Tensor(Float64Array.from(t.data), t.shape, "float64");

describe("moments", () => {
  it("matches Keras's docstring example and hand values", () => {
    const [m, v] = ops.moments([0, 1, 2, 3, 100], [0]);
    expect(m.shape).toEqual([]);
    expectClose(m, [21.2]);
    expectClose(v, [1553.36]);
    const x = f64([1, 2, 3, 4, 5, 6], [2, 3]);
    const [m1, v1] = ops.moments(x, 1);
    expectClose(m1, [2, 5], 1e-12, 0);
    expectClose(v1, [2 / 3, 2 / 3], 1e-12, 0);
    const [m0, v0] = ops.moments(x, [0], { keepdims: true });
    expect(m0.shape).toEqual([1, 3]);
    expect(v0.shape).toEqual([1, 3]);
    expectClose(v0, [2.25, 2.25, 2.25], 1e-12, 0);
    const [mAll, vAll] = ops.moments(x, [-1, 0], true, false);
    expect(mAll.shape).toEqual([1, 1]);
    expectClose(mAll, [3.5], 1e-12, 0);
    expectClose(vAll, [35 / 12], 1e-12, 0);
  });

  it("stays accurate for data with a large mean (no E[x^2] - E[x]^2 cancellation)", () => {
    const x = new Tensor(Float32Array.of(10000.5, 10001.5, 10002.5, 10003.5), [4], "float32");
    const [, v] = ops.moments(x, [0]);
    expectClose(v, [1.25], 1e-6, 0);
  });

  it("int inputs give float32; axes is required", () => {
    const [m] = ops.moments(new Tensor(Int32Array.of(1, 2), [2], "int32"), [0]);
    expect(m.dtype).toBe("float32");
    expect(() => ops.moments([1, 2], undefined as unknown as number)).toThrow(/ops\.moments: `axes` is required/);
    expect(() => ops.moments([1, 2], [1])).toThrow(/ops\.moments/);
  });

  it("gradients of mean and variance", () => {
    for (const [shape, axes] of [[[5], [0]], [[3, 4], [1]], [[2, 3, 4], [0, 2]], [[3, 1, 2], [-2, -1]]] as [number[], number[]][]) {
      const x = randomTensor(shape, 3, -2, 2);
      checkGradients((t) => ops.moments(t, axes)[0], [x]);
      checkGradients((t) => ops.moments(t, axes)[1], [x]);
      checkGradients((t) => ops.moments(t, axes, true)[1], [x]);
    }
  });
});

describe("batchNormalization", () => {
  it("matches Keras's docstring example", () => {
    const x = [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6], [0.7, 0.8, 0.9]];
    const y = ops.batchNormalization(x, [0.4, 0.5, 0.6], [0.67, 0.67, 0.67], -1);
    const s = 0.3 / Math.sqrt(0.671);
    expectClose(y, [-s, -s, -s, 0, 0, 0, s, s, s], 1e-5, 1e-6);
  });

  it("applies offset and scale along any axis", () => {
    const x = randomTensor([2, 3, 4], 5);
    const mean = f64([0.1, -0.2, 0.3], [3]);
    const variance = f64([0.5, 1, 2], [3]);
    const offset = f64([1, 2, 3], [3]);
    const scale = f64([2, 0.5, -1], [3]);
    const y = ops.batchNormalization(x, mean, variance, 1, offset, scale, 0.01);
    const expected: number[] = [];
    for (let i = 0; i < 24; i++) {
      const c = Math.floor(i / 4) % 3;
      expected.push(((x.data[i] - mean.data[c]) / Math.sqrt(variance.data[c] + 0.01)) * scale.data[c] + offset.data[c]);
    }
    expectClose(y, expected, 1e-12, 1e-12);
    const opt = ops.batchNormalization(x, mean, variance, -2, { scale, offset, epsilon: 0.01 });
    expectClose(opt, expected, 1e-12, 1e-12);
  });

  it("checks the statistics' length", () => {
    expect(() => ops.batchNormalization([[1, 2, 3]], [0, 0], [1, 1, 1], -1)).toThrow(
      "ops.batchNormalization: Arguments `mean` must be a vector of length `x.shape[axis]`. Expected: `(3,)`. Received: `(2,)`.",
    );
    expect(() => ops.batchNormalization([[1, 2, 3]], [0, 0, 0], [1, 1, 1], -1, null, [1])).toThrow(/`scale`/);
    expect(() => ops.batchNormalization([[1, 2, 3]], [0, 0, 0], [1, 1, 1], 2)).toThrow(/ops\.batchNormalization/);
  });

  for (const name of ["batchnorm_inference", "batchnorm_inference_image", "batchnorm_axis1"]) {
    it(`reproduces the Keras fixture ${name} (inference with moving statistics)`, () => {
      const fx = loadFixture(name);
      const cfg = fx.serialization.get_config;
      const w = Object.fromEntries((fx.weights as any[]).map((v) => [v.name, fixtureTensor(v)]));
      const run = (x: Tensor, gamma: Tensor | null, beta: Tensor | null) =>
        ops.batchNormalization(x, toF64(w.moving_mean), toF64(w.moving_variance), cfg.axis, beta, gamma, cfg.epsilon);
      const x32 = fixtureTensor(fx.inputs[0]);
      const y = ops.batchNormalization(x32, w.moving_mean, w.moving_variance, cfg.axis, w.beta ?? null, w.gamma ?? null, cfg.epsilon);
      expectClose(y, fixtureValues(fx.outputs[0]), 1e-5, 1e-6);
      // Gradients w.r.t. the input and the trainable gamma/beta, in float64.
      const x = toF64(x32);
      const gamma = w.gamma ? toF64(w.gamma) : null;
      const beta = w.beta ? toF64(w.beta) : null;
      const sources = [x, ...(gamma ? [gamma] : []), ...(beta ? [beta] : [])];
      const tape = new GradientTape();
      tape.watch(sources);
      const loss = tape.record(() => ops.sum(ops.multiply(run(x, gamma, beta), fixtureTensor(fx.grads.upstream[0]))));
      const grads = tape.gradient(loss, sources);
      expectClose(grads[0]!, fixtureValues(fx.grads.inputs[0]), 1e-7, 1e-8);
      const trainable = (fx.grads.weights as any[]).map((v) => v.name);
      trainable.forEach((n, i) => expectClose(grads[1 + i]!, fixtureValues(fx.grads.weights[i]), 1e-7, 1e-8));
      expect(trainable).toEqual([...(gamma ? ["gamma"] : []), ...(beta ? ["beta"] : [])]);
    });
  }

  it("gradients w.r.t. x, mean, variance, offset and scale", () => {
    const x = randomTensor([3, 2, 4], 7);
    const mean = randomTensor([2], 8);
    const variance = randomTensor([2], 9, 0.5, 1.5);
    const offset = randomTensor([2], 10);
    const scale = randomTensor([2], 11);
    checkGradients((a, m, v, o, s) => ops.batchNormalization(a, m, v, 1, o, s, 0.1), [x, mean, variance, offset, scale]);
    const y = randomTensor([5, 1], 12);
    checkGradients((a, m, v) => ops.batchNormalization(a, m, v, -1), [y, randomTensor([1], 13), randomTensor([1], 14, 0.5, 1)]);
  });
});

describe("normalize", () => {
  it("matches Keras's docstring example (L2 along the last axis)", () => {
    const y = ops.normalize([[1, 2, 3], [4, 5, 6]]);
    expectClose(y, [0.26726124, 0.5345225, 0.8017837, 0.45584232, 0.5698029, 0.68376344]);
  });

  it("supports other orders, several axes, epsilon and scalars", () => {
    expectClose(ops.normalize(f64([1, -3], [2]), { order: 1 }), [0.25, -0.75], 1e-12, 0);
    expectClose(ops.normalize(f64([3, 0, 4, 0], [2, 2]), 0), [0.6, 0, 0.8, 0], 1e-12, 0);
    expectClose(ops.normalize(f64([1, 2, 2, 4], [2, 2]), [0, 1]), [0.2, 0.4, 0.4, 0.8], 1e-12, 0);
    const cube = 1 / Math.cbrt(1 + 8);
    expectClose(ops.normalize(f64([1, 2], [2]), -1, 3), [cube, 2 * cube], 1e-12, 0);
    // A zero vector stays zero; a tiny one is divided by epsilon instead of its norm.
    expectClose(ops.normalize(f64([0, 0], [2])), [0, 0]);
    expectClose(ops.normalize(f64([1e-9, 0], [2]), -1, 2, 1e-6), [1e-3, 0], 1e-9, 0);
    expectClose(ops.normalize(f64([1e-9, 0], [2]), -1, 1, 1e-6), [1e-3, 0], 1e-9, 0);
    const s = ops.normalize(f64([-2], []));
    expect(s.shape).toEqual([1]);
    expectClose(s, [-1], 1e-12, 0);
  });

  it("rejects orders that are not ints >= 1", () => {
    expect(() => ops.normalize([1, 2], -1, 0)).toThrow("ops.normalize: Argument `order` must be an int >= 1. Received: order=0");
    expect(() => ops.normalize([1, 2], -1, 1.5)).toThrow(/order=1.5/);
  });

  for (const name of ["unitnorm", "unitnorm_axes"]) {
    it(`reproduces the Keras UnitNormalization fixture ${name} (order 2, epsilon 1e-12)`, () => {
      const fx = loadFixture(name);
      const axis = fx.serialization.get_config.axis;
      const x32 = fixtureTensor(fx.inputs[0]);
      expectClose(ops.normalize(x32, axis, 2, 1e-12), fixtureValues(fx.outputs[0]), 1e-5, 1e-6);
      const x = toF64(x32);
      const tape = new GradientTape();
      tape.watch(x);
      const loss = tape.record(() => ops.sum(ops.multiply(ops.normalize(x, axis, 2, 1e-12), fixtureTensor(fx.grads.upstream[0]))));
      expectClose(tape.gradient(loss, [x])[0]!, fixtureValues(fx.grads.inputs[0]), 1e-7, 1e-8);
    });
  }

  it("gradients for orders 1, 2, 3 over several shapes and axes", () => {
    const cases: [number[], number | number[]][] = [[[5], -1], [[3, 4], 0], [[2, 3, 4], [1, 2]], [[2, 1, 3], -1]];
    for (const [shape, axis] of cases) {
      const x = randomTensor(shape, 17, 0.2, 1.5);
      for (const order of [1, 2, 3]) {
        if (order !== 2 && Array.isArray(axis)) continue;
        checkGradients((t) => ops.normalize(t, axis, order), [x]);
      }
    }
    checkGradients((t) => ops.normalize(t, [0, 1], 1), [randomTensor([3, 4], 18, 0.2, 1.5)]);
  });
});

describe("rmsNormalization", () => {
  it("is x * rsqrt(mean(x^2) + epsilon) * scale", () => {
    const y = ops.rmsNormalization(f64([3, 4, 0, 0], [2, 2]), 2, -1, 1e-3);
    const a = 2 / Math.sqrt(12.5 + 1e-3);
    const b = 2 / Math.sqrt(1e-3);
    expectClose(y, [3 * a, 4 * a, 0 * b, 0], 1e-12, 0);
    const z = ops.rmsNormalization(f64([1, 2, 3, 4], [2, 2]), { axis: [0, 1], scale: f64([1, -1], [2]) });
    const r = 1 / Math.sqrt(7.5 + 1e-7);
    expectClose(z, [r, -2 * r, 3 * r, -4 * r], 1e-9, 0);
  });

  it("reproduces the Keras RMSNormalization fixture", () => {
    const fx = loadFixture("rmsnorm");
    const cfg = fx.serialization.get_config;
    const scale32 = fixtureTensor(fx.weights[0]);
    const x32 = fixtureTensor(fx.inputs[0]);
    expectClose(ops.rmsNormalization(x32, scale32, cfg.axis, cfg.epsilon), fixtureValues(fx.outputs[0]), 1e-5, 1e-6);
    const x = toF64(x32);
    const scale = toF64(scale32);
    const tape = new GradientTape();
    tape.watch([x, scale]);
    const loss = tape.record(() => ops.sum(ops.multiply(ops.rmsNormalization(x, scale, cfg.axis, cfg.epsilon), fixtureTensor(fx.grads.upstream[0]))));
    const [gx, gs] = tape.gradient(loss, [x, scale]);
    expectClose(gx!, fixtureValues(fx.grads.inputs[0]), 1e-7, 1e-8);
    expectClose(gs!, fixtureValues(fx.grads.weights[0]), 1e-7, 1e-8);
  });

  it("gradients", () => {
    checkGradients((x, s) => ops.rmsNormalization(x, s, -1, 0.01), [randomTensor([3, 4], 19), randomTensor([4], 20)]);
    checkGradients((x) => ops.rmsNormalization(x, 1.5, [0, 2]), [randomTensor([2, 3, 2], 21)]);
  });
});

describe("layerNormalization", () => {
  it("normalizes to zero mean and unit variance, then applies gamma and beta", () => {
    const y = ops.layerNormalization(f64([0, 1, 2, 3, 4], [5]), { epsilon: 0 });
    const s = Math.SQRT2;
    expectClose(y, [-s, -s / 2, 0, s / 2, s], 1e-12, 1e-12);
    const z = ops.layerNormalization(f64([1, 3, 10, 20], [2, 2]), f64([2, 3], [2]), f64([1, -1], [2]), -1, 0);
    expectClose(z, [-1, 2, -1, 2], 1e-12, 1e-12);
  });

  it("rmsScaling uses the centered variance without subtracting the mean", () => {
    const x = f64([1, 3], [2]);
    const y = ops.layerNormalization(x, { gamma: f64([2, 2], [2]), epsilon: 0, rmsScaling: true });
    expectClose(y, [2, 6], 1e-12, 0);
  });

  for (const name of ["layernorm", "layernorm_axes", "layernorm_rms_scaling"]) {
    it(`reproduces the Keras LayerNormalization fixture ${name}`, () => {
      const fx = loadFixture(name);
      const cfg = fx.serialization.get_config;
      const w = Object.fromEntries((fx.weights as any[]).map((v) => [v.name, fixtureTensor(v)]));
      const run = (x: Tensor, gamma: Tensor | null, beta: Tensor | null) =>
        ops.layerNormalization(x, { gamma, beta, axis: cfg.axis, epsilon: cfg.epsilon, rmsScaling: cfg.rms_scaling });
      const x32 = fixtureTensor(fx.inputs[0]);
      expectClose(run(x32, w.gamma ?? null, w.beta ?? null), fixtureValues(fx.outputs[0]), 1e-5, 1e-6);
      const x = toF64(x32);
      const gamma = w.gamma ? toF64(w.gamma) : null;
      const beta = w.beta ? toF64(w.beta) : null;
      const sources = [x, ...(gamma ? [gamma] : []), ...(beta ? [beta] : [])];
      const tape = new GradientTape();
      tape.watch(sources);
      const loss = tape.record(() => ops.sum(ops.multiply(run(x, gamma, beta), fixtureTensor(fx.grads.upstream[0]))));
      const grads = tape.gradient(loss, sources);
      expectClose(grads[0]!, fixtureValues(fx.grads.inputs[0]), 1e-7, 1e-8);
      (fx.grads.weights as any[]).forEach((wg, i) => expectClose(grads[1 + i]!, fixtureValues(wg), 1e-7, 1e-8));
    });
  }

  it("empty batches normalize to empty results with empty gradients", () => {
    const e = randomTensor([0, 4], 29);
    checkGradients((t) => ops.layerNormalization(t), [e]);
    checkGradients((t) => ops.rmsNormalization(t), [e]);
    checkGradients((t) => ops.normalize(t), [e]);
    checkGradients((t) => ops.batchNormalization(t, [0, 0, 0, 0], [1, 1, 1, 1], -1), [e]);
  });

  it("gradients over several axes", () => {
    const x = randomTensor([2, 3, 4], 23);
    checkGradients((t, g, b) => ops.layerNormalization(t, g, b, -1, 1e-3), [x, randomTensor([4], 24), randomTensor([4], 25)]);
    checkGradients((t, g, b) => ops.layerNormalization(t, g, b, [1, 2], 1e-3), [x, randomTensor([3, 4], 26), randomTensor([3, 4], 27)]);
    checkGradients((t, g) => ops.layerNormalization(t, g, null, 1, 1e-3, true), [x, randomTensor([3], 28)]);
  });
});
