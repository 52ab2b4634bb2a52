import { describe, expect, it } from "vitest";
import { activations, ops, Tensor } from "../../src/index.js";
import { customObjectScope, registerKerasSerializable } from "../../src/saving/object-registration.js";
import { checkGradients, expectClose, randomTensor } from "../utils/gradcheck.js";

const { relu, get, serialize, deserialize, linear } = activations;

describe("relu (Keras's general form)", () => {
  const x = ops.convertToTensor([-3, -1, -0.25, 0.25, 0.5, 1, 2.5, 8], "float64");

  it("matches hand-computed values for every argument combination", () => {
    expect(relu(x).toArray()).toEqual([0, 0, 0, 0.25, 0.5, 1, 2.5, 8]);
    expect(relu(x, 0.5).toArray()).toEqual([-1.5, -0.5, -0.125, 0.25, 0.5, 1, 2.5, 8]);
    expect(relu(x, { maxValue: 2 }).toArray()).toEqual([0, 0, 0, 0.25, 0.5, 1, 2, 2]);
    expect(relu(x, { maxValue: 6 }).toArray()).toEqual([0, 0, 0, 0.25, 0.5, 1, 2.5, 6]);
    // threshold: x kept only above it; below it slope * (x - threshold).
    expectClose(relu(x, { threshold: 0.5 }), [0, 0, 0, 0, 0, 1, 2.5, 8], 0, 0);
    expectClose(relu(x, 0.1, 2, 0.5), [-0.35, -0.15, -0.075, -0.025, 0, 1, 2, 2], 0, 1e-15);
  });

  it("takes positional or options arguments", () => {
    expect(relu(x, 0.1, null, 0).toArray()).toEqual(relu(x, { negativeSlope: 0.1 }).toArray());
    expect(() => relu(x, { slope: 1 } as never)).toThrow(/unknown option "slope"/);
    expect(() => relu(x, { negativeSlope: NaN })).toThrow(/negativeSlope/);
  });

  it("has float64 finite-difference gradients for each form", () => {
    const forms: [string, (t: Tensor) => Tensor][] = [
      ["plain", (t) => relu(t)],
      ["leaky", (t) => relu(t, 0.2)],
      ["max", (t) => relu(t, { maxValue: 0.6 })],
      ["threshold", (t) => relu(t, { threshold: 0.3 })],
      ["all", (t) => relu(t, 0.2, 0.7, 0.1)],
    ];
    for (const [, f] of forms) for (const shape of [[7], [2, 3, 4], [1, 1], [0, 2]]) checkGradients(f, [randomTensor(shape, 5)]);
  });
});

/** Every activation as (name, call) with the arguments it needs; glu needs an even axis. */
const CALLS: [string, (t: Tensor) => Tensor][] = [
  ["relu", (t) => activations.relu(t)], ["leaky_relu", (t) => activations.leakyRelu(t, 0.3)], ["relu6", (t) => activations.relu6(ops.multiply(t, 8))],
  ["elu", (t) => activations.elu(t, 0.7)], ["selu", (t) => activations.selu(t)], ["celu", (t) => activations.celu(t, 1.5)],
  ["threshold", (t) => activations.threshold(t, 0.1, -2)], ["sigmoid", (t) => activations.sigmoid(t)],
  ["hard_sigmoid", (t) => activations.hardSigmoid(ops.multiply(t, 4))], ["log_sigmoid", (t) => activations.logSigmoid(t)],
  ["sparse_sigmoid", (t) => activations.sparseSigmoid(ops.multiply(t, 2))], ["tanh", (t) => activations.tanh(t)],
  ["hard_tanh", (t) => activations.hardTanh(ops.multiply(t, 2))], ["softsign", (t) => activations.softsign(t)],
  ["exponential", (t) => activations.exponential(t)], ["softplus", (t) => activations.softplus(t)],
  ["sparse_plus", (t) => activations.sparsePlus(ops.multiply(t, 2))], ["squareplus", (t) => activations.squareplus(t, 2)],
  ["silu", (t) => activations.silu(t)], ["hard_silu", (t) => activations.hardSilu(ops.multiply(t, 4))],
  ["gelu", (t) => activations.gelu(t)], ["gelu_tanh", (t) => activations.gelu(t, true)], ["mish", (t) => activations.mish(t)],
  ["soft_shrink", (t) => activations.softShrink(t, 0.3)], ["hard_shrink", (t) => activations.hardShrink(t, 0.3)],
  ["tanh_shrink", (t) => activations.tanhShrink(t)], ["softmax", (t) => activations.softmax(t)],
  ["log_softmax", (t) => activations.logSoftmax(t, { axis: 0 })], ["linear", (t) => ops.multiply(activations.linear(t), 1)],
];

describe("gradients of every activation (float64 finite differences)", () => {
  for (const [name, f] of CALLS) {
    it(name, () => {
      for (const shape of [[6], [2, 3, 4], [1, 1], [3, 0]]) checkGradients(f, [randomTensor(shape, 11)]);
    });
  }

  it("glu and softmax along other axes", () => {
    for (const axis of [-1, 0, 1]) {
      checkGradients((t) => activations.glu(t, { axis }), [randomTensor([4, 6, 2], 3)]);
      checkGradients((t) => activations.softmax(t, axis), [randomTensor([3, 4, 5], 3)]);
      checkGradients((t) => activations.logSoftmax(t, axis), [randomTensor([3, 4, 5], 3)]);
    }
  });

  it("sparsemax (away from the support boundaries)", () => {
    checkGradients((t) => activations.sparsemax(t), [randomTensor([3, 5], 21)]);
    checkGradients((t) => activations.sparsemax(t, 0), [randomTensor([4, 2], 22)]);
  });
});

describe("values", () => {
  it("softmax rows sum to one; sparsemax keeps a dominant entry alone", () => {
    const x = randomTensor([3, 7], 2, -3, 3);
    const s = ops.sum(activations.softmax(x), -1);
    expectClose(s, [1, 1, 1], 0, 1e-12);
    const sm = activations.sparsemax(ops.convertToTensor([[0.1, 2, 0.3]], "float64"));
    expectClose(sm, [0, 1, 0], 0, 1e-12);
  });

  it("linear returns its input unchanged and swish / hardSwish are the same functions as silu / hardSilu", () => {
    const x = ops.convertToTensor([1, 2]);
    expect(linear(x)).toBe(x);
    expect(activations.swish).toBe(activations.silu);
    expect(activations.hardSwish).toBe(activations.hardSilu);
  });

  it("accept nested arrays and keep float64", () => {
    expect(activations.sigmoid([0]).toArray()).toEqual([0.5]);
    expect(activations.tanh(randomTensor([2], 1)).dtype).toBe("float64");
  });
});

describe("get / serialize / deserialize", () => {
  it("gets built-ins by Keras name; null means linear", () => {
    expect(get("relu")).toBe(activations.relu);
    expect(get("leaky_relu")).toBe(activations.leakyRelu);
    expect(get("hard_swish")).toBe(activations.hardSilu);
    expect(get("swish")).toBe(activations.silu);
    expect(get(null)).toBe(linear);
    expect(get(undefined)).toBe(linear);
    expect(get(activations.tanh)).toBe(activations.tanh);
    expect(() => get("relux")).toThrow("Could not interpret activation function identifier: relux");
    expect(() => get(42 as never)).toThrow(/Could not interpret activation function identifier: 42/);
  });

  it("serializes built-ins as their Keras names", () => {
    expect(serialize(activations.relu)).toBe("relu");
    expect(serialize(linear)).toBe("linear");
    expect(serialize(null)).toBe("linear");
    expect(serialize(activations.logSoftmax)).toBe("log_softmax");
    expect(serialize(activations.hardSwish)).toBe("hard_silu");
    for (const [name, fn] of activations.allActivations()) {
      expect(get(serialize(fn) as string)).toBe(fn);
      expect(get(name)).toBe(fn);
    }
  });

  it("reads the function envelope, including Keras's own for built-ins", () => {
    expect(deserialize({ module: "keras.src.activations.activations", class_name: "function", config: "relu", registered_name: null })).toBe(activations.relu);
    expect(get({ class_name: "function", config: "softmax" })).toBe(activations.softmax);
  });

  it("serializes registered custom functions as the Keras function envelope and reads them back", () => {
    const scaledTanh = (x: Tensor) => ops.multiply(activations.tanh(x), 2);
    registerKerasSerializable({ package: "Test", name: "scaled_tanh" })(scaledTanh);
    const env = serialize(scaledTanh);
    expect(env).toEqual({ module: null, class_name: "function", config: "Test>scaled_tanh", registered_name: "Test>scaled_tanh" });
    expect(deserialize(env)).toBe(scaledTanh);
    expect(get("Test>scaled_tanh")).toBe(scaledTanh);
  });

  it("refuses to serialize unregistered functions, and finds scoped custom objects", () => {
    const mine = (x: Tensor) => x;
    expect(() => serialize(mine)).toThrow(/Unknown activation function 'mine' cannot be serialized/);
    expect(customObjectScope({ mine }, () => get("mine"))).toBe(mine);
    expect(deserialize("mine", { mine })).toBe(mine);
  });

  it("wraps activation objects (anything with apply) and serializes the object", () => {
    class Doubler {
      apply(x: Tensor) {
        return ops.multiply(x, 2);
      }
      getConfig() {
        return {};
      }
    }
    const f = get(new Doubler());
    expect(f(ops.convertToTensor([1, 2])).toArray()).toEqual([2, 4]);
    expect(serialize(f)).toMatchObject({ class_name: "Doubler", config: {} });
  });
});

describe("custom activation classes", () => {
  it("instantiates a class found by name and wraps it", () => {
    class Halver {
      apply(x: Tensor) {
        return ops.multiply(x, 0.5);
      }
      getConfig() {
        return {};
      }
    }
    const f = get("Halver", { Halver } as never);
    expect(f(ops.convertToTensor([2, 4], "float32")).toArray()).toEqual([1, 2]);
  });
});
