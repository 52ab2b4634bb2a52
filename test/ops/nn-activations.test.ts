import { describe, expect, it } from "vitest";
import { GradientTape, Tensor, ops } from "../../src/index.js";
import { checkGradients, expectClose, randomTensor } from "../utils/gradcheck.js";
import { fixtureTensor, fixtureValues, loadFixture } from "../utils/fixtures.js";

type Kwargs = Record<string, number | boolean | undefined>;
type Activation = (x: Tensor, kw: Kwargs) => Tensor;

/**
 * keras.activations.<name>(x, **kwargs) mapped onto keras.ops. Keras kwargs that
 * only the keras.activations wrappers have (relu's negative_slope / max_value /
 * threshold) are left to the activations module's tests.
 */
const FIXTURE_OPS: Record<string, { fn: Activation; supports?: (kw: Kwargs) => boolean }> = {
  celu: { fn: (x, kw) => ops.celu(x, kw.alpha as number) },
  elu: { fn: (x, kw) => ops.elu(x, kw.alpha as number) },
  // keras.activations.gelu defaults to the exact form; keras.ops.gelu to the tanh form.
  gelu: { fn: (x, kw) => ops.gelu(x, (kw.approximate as boolean) ?? false) },
  glu: { fn: (x, kw) => ops.glu(x, kw.axis as number) },
  hard_shrink: { fn: (x, kw) => ops.hardShrink(x, kw.threshold as number) },
  hard_sigmoid: { fn: (x) => ops.hardSigmoid(x) },
  hard_silu: { fn: (x) => ops.hardSilu(x) },
  hard_swish: { fn: (x) => ops.hardSwish(x) },
  hard_tanh: { fn: (x) => ops.hardTanh(x) },
  leaky_relu: { fn: (x, kw) => ops.leakyRelu(x, kw.negative_slope as number) },
  log_sigmoid: { fn: (x) => ops.logSigmoid(x) },
  log_softmax: { fn: (x, kw) => ops.logSoftmax(x, kw.axis as number) },
  mish: { fn: (x) => ops.mish(x) },
  relu: { fn: (x) => ops.relu(x), supports: (kw) => Object.keys(kw).length === 0 },
  relu6: { fn: (x) => ops.relu6(x) },
  selu: { fn: (x) => ops.selu(x) },
  sigmoid: { fn: (x) => ops.sigmoid(x) },
  silu: { fn: (x) => ops.silu(x) },
  soft_shrink: { fn: (x, kw) => ops.softShrink(x, kw.threshold as number) },
  softmax: { fn: (x, kw) => ops.softmax(x, kw.axis as number) },
  softplus: { fn: (x) => ops.softplus(x) },
  softsign: { fn: (x) => ops.softsign(x) },
  sparse_plus: { fn: (x) => ops.sparsePlus(x) },
  sparse_sigmoid: { fn: (x) => ops.sparseSigmoid(x) },
  sparsemax: { fn: (x, kw) => ops.sparsemax(x, kw.axis as number) },
  squareplus: { fn: (x, kw) => ops.squareplus(x, kw.b as number) },
  swish: { fn: (x) => ops.swish(x) },
  tanh_shrink: { fn: (x) => ops.tanhShrink(x) },
  threshold: { fn: (x, kw) => ops.threshold(x, kw.threshold as number, kw.default_value as number) },
};

function asFloat64(t: Tensor): Tensor {
  return new Tensor(Float64Array.from(t.data), t.shape, "float64");
}

function vjp(f: (x: Tensor) => Tensor, x: Tensor, upstream: Tensor): Tensor {
  const tape = new GradientTape();
  tape.watch(x);
  const loss = tape.record(() => ops.sum(ops.multiply(f(x), upstream)));
  return tape.gradient(loss, [x])[0]!;
}

describe("activations against the Keras 3.15.1 fixtures", () => {
  for (const [name, { fn, supports }] of Object.entries(FIXTURE_OPS)) {
    const fixture = loadFixture(`activation_fn_${name}`);
    for (const call of fixture.calls as any[]) {
      const kw = call.kwargs as Kwargs;
      if (supports && !supports(kw)) continue;
      it(`${name}(${JSON.stringify(kw)}): forward in float32 and gradient in float64`, () => {
        const x = fixtureTensor(call.x);
        const y = fn(x, kw);
        expect(y.dtype).toBe("float32");
        expect(y.shape).toEqual(call.y.shape);
        expectClose(y, fixtureValues(call.y), 1e-5, 1e-6);
        const g = vjp((t) => fn(t, kw), asFloat64(x), fixtureTensor(call.grads.upstream));
        expect(g.dtype).toBe("float64");
        expectClose(g, fixtureValues(call.grads.x), 1e-7, 1e-7);
      });
    }
  }

  it("covers every fixture except the ones owned by other modules", () => {
    const owned = new Set(Object.keys(FIXTURE_OPS));
    const others = ["exponential", "linear", "tanh"];
    for (const n of others) expect(owned.has(n)).toBe(false);
    expect(owned.size + others.length).toBe(32);
  });
});

// Independent scalar references for hand-checked values.
const sig = (v: number) => 1 / (1 + Math.exp(-v));
const softplusRef = (v: number) => Math.log1p(Math.exp(v));
const geluTanhRef = (v: number) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)));

describe("activation values", () => {
  it("matches Keras's docstring examples", () => {
    expectClose(ops.relu6([-3, -2, 0.1, 0.2, 6, 8]), [0, 0, 0.1, 0.2, 6, 6]);
    expectClose(ops.sigmoid([-6, 1, 0, 1, 6]), [0.00247262, 0.7310586, 0.5, 0.7310586, 0.9975274]);
    expectClose(ops.silu([-6, 1, 0, 1, 6]), [-0.0148357, 0.7310586, 0, 0.7310586, 5.9851646]);
    expectClose(ops.softplus([-0.555, 0, 0.555]), [0.45366603, 0.6931472, 1.008666]);
    expectClose(ops.softsign([-0.1, -10, 1, 0, 100]), [-0.09090909, -0.90909094, 0.5, 0, 0.990099]);
    expectClose(ops.logSigmoid([-0.541391, 0, 0.5, 5]), [-1.0000418, -0.6931472, -0.474077, -0.00671535]);
    expectClose(ops.leakyRelu([-1, 0, 1]), [-0.2, 0, 1]);
    expectClose(ops.hardSigmoid([-1, 0, 1]), [1 / 3, 0.5, 2 / 3]);
    expectClose(ops.hardSilu([-3, -1, 0, 1, 3]), [0, -1 / 3, 0, 2 / 3, 3]);
    expectClose(ops.elu([-1, 0, 1]), [-0.63212055, 0, 1]);
    expectClose(ops.selu([-1, 0, 1]), [-1.11133055, 0, 1.05070098]);
    expectClose(ops.celu([-1, 0, 1]), [-0.63212056, 0, 1]);
    expectClose(ops.glu([-1, 0, 1, 1]), [-0.73105858, 0]);
    expectClose(ops.tanhShrink([-1, 0, 1]), [-0.23840584, 0, 0.23840584]);
    expectClose(ops.hardTanh([-2, -1, 0, 1, 2]), [-1, -1, 0, 1, 1]);
    expectClose(ops.hardShrink([-0.5, 0, 1]), [0, 0, 1]);
    expectClose(ops.softShrink([-1, 0, 1]), [-0.5, 0, 0.5]);
    expectClose(ops.threshold([-1, 0, 1, 2], 1, 0), [0, 0, 0, 2]);
    expectClose(ops.sparsePlus([-1, 0, 1]), [0, 0.25, 1]);
    expectClose(ops.sparseSigmoid([-6, 1, 0, 1, 6]), [0, 1, 0.5, 1, 1]);
    expectClose(ops.squareplus([-1, 0, 1]), [0.618034, 1, 1.618034]);
    expectClose(ops.softmax([-1, 0, 1]), [0.09003057, 0.24472847, 0.66524096]);
    expectClose(ops.logSoftmax([-1, 0, 1]), [-2.40760596, -1.40760596, -0.40760596]);
    expectClose(ops.sparsemax([-1, 0, 1]), [0, 0, 1]);
  });

  it("gelu defaults to the tanh approximation; approximate=false is x * Phi(x)", () => {
    const xs = [-3, -1, -0.25, 0, 0.5, 2];
    expectClose(ops.gelu(new Tensor(Float64Array.from(xs), [6])), xs.map(geluTanhRef), 1e-12, 1e-14);
    expectClose(ops.gelu(new Tensor(Float64Array.from(xs), [6]), { approximate: true }), xs.map(geluTanhRef), 1e-12, 1e-14);
    // Phi(1) = 0.8413447460685429, Phi(-1) = 0.15865525393145707
    expectClose(ops.gelu([-1, 0, 1], false), [-0.15865525393145707, 0, 0.8413447460685429]);
  });

  it("mish is x * tanh(softplus(x)) and softplus/logSigmoid/sigmoid are exact in the tails", () => {
    const xs = [-4, -0.5, 0, 0.7, 3];
    expectClose(ops.mish(new Tensor(Float64Array.from(xs), [5])), xs.map((v) => v * Math.tanh(softplusRef(v))), 1e-12, 1e-14);
    expectClose(ops.softplus([1000, -1000]), [1000, 0]);
    expectClose(ops.logSigmoid([-1000, 1000]), [-1000, 0]);
    expectClose(ops.sigmoid([-1000, 1000]), [0, 1]);
    expectClose(ops.sigmoid(new Tensor(Float64Array.of(-30), [1])), [sig(-30)], 1e-12, 0);
  });

  it("softmax and logSoftmax subtract the max (no overflow) and sum to one along any axis", () => {
    expectClose(ops.softmax([1000, 0, -1000]), [1, 0, 0]);
    expectClose(ops.logSoftmax([1000, 999]), [-Math.log1p(Math.exp(-1)), -1 - Math.log1p(Math.exp(-1))]);
    const x = randomTensor([2, 3, 4], 3, -5, 5);
    for (const axis of [0, 1, 2, -1, -2]) {
      const s = ops.sum(ops.softmax(x, axis), axis);
      expectClose(s, new Array(s.size).fill(1), 1e-12, 1e-12);
      expectClose(ops.exp(ops.logSoftmax(x, { axis })), ops.softmax(x, axis).data, 1e-12, 1e-15);
    }
  });

  it("softmax over several axes equals softmax over the flattened axes", () => {
    const x = randomTensor([2, 3, 4], 5, -2, 2);
    const joint = ops.softmax(x, [1, 2]);
    const flat = ops.reshape(ops.softmax(ops.reshape(x, [2, 12]), -1), [2, 3, 4]);
    expectClose(joint, flat.data, 1e-12, 1e-15);
    expectClose(ops.logSoftmax(x, [0, 2]), ops.log(ops.softmax(x, [0, 2])).data, 1e-12, 1e-12);
    expectClose(ops.softmax(x, null), ops.reshape(ops.softmax(ops.reshape(x, [24])), [2, 3, 4]).data, 1e-12, 1e-15);
  });

  it("sparsemax uses Keras 3.15.1's threshold (sum of the supported cumulative sums)", () => {
    // z = [2, 1.5, -1]: support {2, 1.5} (k = 2), cumsums 2 and 3.5, tau = (2 + 3.5 - 1) / 2 = 2.25 -> all zero
    expectClose(ops.sparsemax([2, 1.5, -1]), [0, 0, 0]);
    // z = [0.1, 0, -3]: support k = 2 (0 > (0.1 - 1) / 2), cumsums 0.1, 0.1, tau = (0.2 - 1) / 2 = -0.4
    expectClose(ops.sparsemax([0.1, 0, -3]), [0.5, 0.4, 0], 1e-6, 1e-7);
    // Along axis 0, on a matrix (columns are independent)
    const m = ops.sparsemax(new Tensor(Float64Array.of(0.1, -1, 0, 1, -3, 1), [3, 2]), 0);
    // column 1 = [-1, 1, 1]: k = 2, tau = (1 + 2 - 1) / 2 = 1 -> all zero
    expectClose(m, [0.5, 0, 0.4, 0, 0, 0], 1e-12, 1e-12);
  });

  it("keeps integer dtypes for relu/relu6 and computes other activations of ints in float32", () => {
    const xi = new Tensor(Int32Array.of(-2, 0, 3, 9), [4], "int32");
    expect(ops.relu(xi).dtype).toBe("int32");
    expect(ops.relu(xi).toArray()).toEqual([0, 0, 3, 9]);
    expect(ops.relu6(xi).toArray()).toEqual([0, 0, 3, 6]);
    const s = ops.sigmoid(xi);
    expect(s.dtype).toBe("float32");
    expectClose(s, [-2, 0, 3, 9].map(sig));
    expect(ops.softmax(new Tensor(Float64Array.of(1, 2), [2])).dtype).toBe("float64");
  });

  it("propagates NaN", () => {
    for (const f of [ops.relu, ops.relu6, ops.sigmoid, ops.gelu, ops.silu, ops.mish, ops.hardSigmoid, ops.elu, ops.sparsePlus]) {
      expect(Number.isNaN((f as (x: unknown) => Tensor)([NaN]).data[0])).toBe(true);
    }
  });

  it("rejects bad arguments with errors that name the op", () => {
    expect(() => ops.glu([1, 2, 3])).toThrow(/ops\.glu: axis size must be divisible by 2.*x\.shape=\(3,\) with axis=-1/);
    expect(() => ops.softmax([1, 2], 1)).toThrow(/ops\.softmax.*axis 1 is out of bounds/);
    expect(() => ops.sparsemax([[1, 2]], -3)).toThrow(/ops\.sparsemax/);
    expect(() => ops.leakyRelu([1], "0.1" as unknown as number)).toThrow(/ops\.leakyRelu: negativeSlope must be a number/);
    expect(() => ops.elu([1], { alfa: 1 } as never)).toThrow(/ops\.elu: unknown option "alfa"/);
    expect(() => ops.celu([1], 0)).toThrow(/ops\.celu: alpha must be non-zero/);
    expect(() => ops.threshold([1], undefined as unknown as number, 0)).toThrow(/ops\.threshold: threshold must be a number/);
  });

  it("handles empty tensors", () => {
    const e = new Tensor(new Float64Array(0), [0, 3]);
    expect(ops.gelu(e).shape).toEqual([0, 3]);
    expect(ops.softmax(e).shape).toEqual([0, 3]);
    expect(ops.logSoftmax(e, 0).shape).toEqual([0, 3]);
    expect(ops.sparsemax(e).shape).toEqual([0, 3]);
    expect(ops.glu(new Tensor(new Float64Array(0), [0, 4])).shape).toEqual([0, 2]);
  });
});

// ---------------------------------------------------------------------------
// Finite differences (float64)
// ---------------------------------------------------------------------------

const SHAPES = [[7], [3, 4], [2, 1, 5]];

const ELEMENTWISE: [string, (x: Tensor) => Tensor, number][] = [
  ["relu", (x) => ops.relu(x), 3],
  ["relu6", (x) => ops.relu6(x), 8],
  ["leakyRelu", (x) => ops.leakyRelu(x, 0.1), 3],
  ["leakyRelu slope 3", (x) => ops.leakyRelu(x, { negativeSlope: 3 }), 3],
  ["hardTanh", (x) => ops.hardTanh(x), 2],
  ["hardSigmoid", (x) => ops.hardSigmoid(x), 5],
  ["hardSilu", (x) => ops.hardSilu(x), 5],
  ["sparseSigmoid", (x) => ops.sparseSigmoid(x), 2],
  ["sparsePlus", (x) => ops.sparsePlus(x), 2],
  ["hardShrink", (x) => ops.hardShrink(x, 0.3), 2],
  ["softShrink", (x) => ops.softShrink(x, { threshold: 0.3 }), 2],
  ["threshold", (x) => ops.threshold(x, 0.2, -0.7), 2],
  ["sigmoid", (x) => ops.sigmoid(x), 6],
  ["softplus", (x) => ops.softplus(x), 6],
  ["logSigmoid", (x) => ops.logSigmoid(x), 6],
  ["softsign", (x) => ops.softsign(x), 4],
  ["tanhShrink", (x) => ops.tanhShrink(x), 3],
  ["squareplus", (x) => ops.squareplus(x), 4],
  ["squareplus b=0.5", (x) => ops.squareplus(x, 0.5), 4],
  ["silu", (x) => ops.silu(x), 6],
  ["gelu tanh", (x) => ops.gelu(x), 4],
  ["gelu exact", (x) => ops.gelu(x, false), 4],
  ["mish", (x) => ops.mish(x), 5],
  ["elu", (x) => ops.elu(x), 3],
  ["elu alpha 0.5", (x) => ops.elu(x, 0.5), 3],
  ["selu", (x) => ops.selu(x), 3],
  ["celu alpha 2", (x) => ops.celu(x, { alpha: 2 }), 3],
];

describe("activation gradients (float64 finite differences)", () => {
  for (const [name, f, scale] of ELEMENTWISE) {
    it(name, () => {
      SHAPES.forEach((shape, i) => checkGradients(f, [randomTensor(shape, 11 + i, -scale, scale)]));
    });
  }

  it("softmax and logSoftmax along every axis, several axes, and size-1 axes", () => {
    const x = randomTensor([2, 3, 4], 21, -3, 3);
    for (const axis of [0, 1, 2, -1, -2, [0, 2], [1, 2]] as (number | number[])[]) {
      checkGradients((t) => ops.softmax(t, axis), [x]);
      checkGradients((t) => ops.logSoftmax(t, axis), [x]);
    }
    const y = randomTensor([3, 1], 22, -3, 3);
    checkGradients((t) => ops.softmax(t, -1), [y]);
    checkGradients((t) => ops.logSoftmax(t, 0), [y]);
  });

  it("sparsemax along each axis", () => {
    const x = randomTensor([3, 5], 23, -2, 2);
    checkGradients((t) => ops.sparsemax(t), [x]);
    checkGradients((t) => ops.sparsemax(t, 0), [x]);
    checkGradients((t) => ops.sparsemax(t, 1), [randomTensor([2, 6, 2], 24, -1, 1)]);
  });

  it("empty tensors get empty gradients", () => {
    const e = randomTensor([0, 3], 28);
    for (const f of [(t: Tensor) => ops.gelu(t), (t: Tensor) => ops.elu(t, 0.5), (t: Tensor) => ops.softmax(t), (t: Tensor) => ops.logSoftmax(t, 0), (t: Tensor) => ops.sparsemax(t)]) {
      checkGradients(f, [e]);
    }
  });

  it("glu along each axis", () => {
    checkGradients((t) => ops.glu(t), [randomTensor([3, 4], 25, -2, 2)]);
    checkGradients((t) => ops.glu(t, 0), [randomTensor([2, 3], 26, -2, 2)]);
    checkGradients((t) => ops.glu(t, -2), [randomTensor([2, 6, 1], 27, -2, 2)]);
  });
});

describe("second-order gradients", () => {
  /** x -> d/dx sum(f(x) * w), computed on an inner tape so an outer tape can differentiate it again. */
  function firstDerivative(f: (x: Tensor) => Tensor): (x: Tensor) => Tensor {
    return (x) => {
      const w = randomTensor(x.shape.slice(), 99, 0.5, 1.5);
      const tape = new GradientTape();
      tape.watch(x);
      const y = tape.record(() => ops.sum(ops.multiply(f(x), w)));
      return tape.gradient(y, [x])[0]!;
    };
  }
  const smooth: [string, (x: Tensor) => Tensor][] = [
    ["sigmoid", (x) => ops.sigmoid(x)],
    ["softplus", (x) => ops.softplus(x)],
    ["silu", (x) => ops.silu(x)],
    ["gelu tanh", (x) => ops.gelu(x)],
    ["gelu exact", (x) => ops.gelu(x, false)],
    ["mish", (x) => ops.mish(x)],
    ["elu", (x) => ops.elu(x, 0.7)],
    ["softsign", (x) => ops.softsign(x)],
    ["tanhShrink", (x) => ops.tanhShrink(x)],
    ["squareplus", (x) => ops.squareplus(x)],
    ["softmax", (x) => ops.softmax(x, 0)],
    ["logSoftmax", (x) => ops.logSoftmax(x)],
    ["logSigmoid", (x) => ops.logSigmoid(x)],
  ];
  for (const [name, f] of smooth) {
    it(name, () => checkGradients(firstDerivative(f), [randomTensor([3, 4], 31, -3, 3)], { tol: 1e-5 }));
  }
});
