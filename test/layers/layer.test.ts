/** The Layer base class: naming, weights, tracking, losses, build, the apply algorithm, config. */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Input, Layer, Sequential, Tensor, Variable, layers, ops, regularizers, utils } from "../../src/index.js";
import { expectAllClose } from "./helpers.js";

beforeEach(() => utils.clearSession());
afterEach(() => vi.restoreAllMocks());

const t = (v: number[][]) => new Tensor(Float32Array.from(v.flat()), [v.length, v[0].length], "float32");

class Scale extends Layer {
  declare w: Variable;
  constructor(options: Record<string, unknown> = {}) {
    super(options);
  }
  override build(inputShape: (number | null)[]) {
    this.w = this.addWeight({ name: "w", shape: [inputShape[inputShape.length - 1]!], initializer: "ones" });
  }
  override call(x: Tensor) {
    return ops.multiply(x, this.w.value);
  }
}

describe("construction and naming", () => {
  it("default names are snake_case(class) made unique; clearSession resets them", () => {
    expect(new layers.Dense(2).name).toBe("dense");
    expect(new layers.Dense(2).name).toBe("dense_1");
    expect(new Scale().name).toBe("scale");
    class MyFancyLayer extends Layer {}
    expect(new MyFancyLayer().name).toBe("my_fancy_layer");
    utils.clearSession();
    expect(new layers.Dense(2).name).toBe("dense");
  });

  it("rejects names with '/' and unknown options, with Keras's messages", () => {
    expect(() => new layers.Dense(2, { name: "a/b" })).toThrow(
      "Argument `name` must be a string and cannot contain character `/`. Received: name=a/b (of type string)",
    );
    expect(() => new layers.Dense(2, { foo: 1, bar: "x" } as never)).toThrow(
      "Unrecognized keyword arguments passed to Dense: {'foo': 1, 'bar': 'x'}",
    );
    expect(() => new Scale({ trainable: "yes" })).toThrow("Expected `trainable` to be a boolean. Received: trainable='yes' (of type string)");
    expect(() => new layers.Dense(0)).toThrow("Received an invalid value for `units`, expected a positive integer. Received: units=0");
  });

  it("toString shows name and built state", () => {
    const d = new layers.Dense(2);
    expect(String(d)).toBe("<Dense name=dense, built=False>");
    d.build([null, 3]);
    expect(String(d)).toBe("<Dense name=dense, built=True>");
  });

  it("dtype policy: dtype, computeDtype, variableDtype", () => {
    const d = new layers.Dense(2, { dtype: "float64" });
    expect([d.dtype, d.computeDtype, d.variableDtype, d.inputDtype]).toEqual(["float64", "float64", "float64", "float64"]);
    d.build([null, 3]);
    expect(d.weights.map((w) => w.dtype)).toEqual(["float64", "float64"]);
    expect(d.getConfig().dtype).toEqual({ module: "keras", class_name: "DTypePolicy", config: { name: "float64" }, registered_name: null });
  });
});

describe("weights", () => {
  it("addWeight defaults: scalar shape, layer dtype, glorot for floats, zeros otherwise; path under the name scope", () => {
    class Holder extends Layer {
      declare a: Variable;
      declare b: Variable;
      declare c: Variable;
      constructor() {
        super();
        this.a = this.addWeight({ name: "a" });
        this.b = this.addWeight({ name: "b", shape: [2, 3], dtype: "int32", trainable: false });
        this.c = this.addWeight([4], "ones");
      }
    }
    const h = new Holder();
    expect(h.a.shape).toEqual([]);
    expect(h.a.dtype).toBe("float32");
    expect(h.a.path).toBe("holder/a");
    expect(h.b.value.toArray()).toEqual([[0, 0, 0], [0, 0, 0]]);
    expect(h.c.value.toArray()).toEqual([1, 1, 1, 1]);
    expect(h.weights.map((w) => w.name)).toEqual(["a", h.c.name, "b"]);
    expect(h.trainableWeights.length).toBe(2);
    expect(h.nonTrainableWeights).toEqual([h.b]);
    expect(() => (h as any).addWeight("kernel")).toThrow(
      "`name` must be passed as a keyword argument. Received: addWeight('kernel', ...). Use: addWeight({ shape: ..., name: 'kernel' }).",
    );
  });

  it("glorot_uniform default initializer stays within the Glorot limit", () => {
    const d = new layers.Dense(50);
    d.build([null, 30]);
    const limit = Math.sqrt(6 / (30 + 50));
    const k = (d.weights[0].value.toArray() as number[][]).flat();
    expect(Math.max(...k.map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(Math.max(...k.map(Math.abs))).toBeGreaterThan(limit * 0.9);
  });

  it("tracks sublayers, arrays and dicts of layers and Variables assigned as properties, in order, once", () => {
    class Block extends Layer {
      first = new layers.Dense(2, { name: "first" });
      stack = [new layers.Dense(3, { name: "s0" }), new layers.Dense(4, { name: "s1" })];
      heads = { out: new layers.Dense(1, { name: "out" }) };
      again = this.first;
      extra = new Variable(new Float32Array([1, 2]), { name: "extra" });
      override call(x: Tensor) {
        return this.heads.out.apply(this.stack[1].apply(this.stack[0].apply(this.first.apply(x))));
      }
    }
    const block = new Block();
    block.apply(t([[1, 2, 3]]));
    expect(block._trackedLayers().map((l) => l.name)).toEqual(["first", "s0", "s1", "out"]);
    expect(block.weights.map((w) => w.path)).toEqual([
      "extra",
      "block/first/kernel", "block/first/bias", "block/s0/kernel", "block/s0/bias",
      "block/s1/kernel", "block/s1/bias", "block/out/kernel", "block/out/bias",
    ]);
    expect(block.countParams()).toBe(2 + (3 * 2 + 2) + (2 * 3 + 3) + (3 * 4 + 4) + (4 + 1));
  });

  it("trainable is recursive and flips the variables' flags", () => {
    const inner = new layers.Dense(2);
    const model = new Sequential([Input({ shape: [3] }), inner]);
    expect(model.trainableWeights.length).toBe(2);
    model.trainable = false;
    expect(inner.trainable).toBe(false);
    expect(model.trainableWeights).toEqual([]);
    expect(model.nonTrainableWeights.length).toBe(2);
    expect(inner.weights.every((w) => !w.trainable)).toBe(true);
    model.trainable = true;
    expect(inner.weights.every((w) => w.trainable)).toBe(true);
  });

  it("getWeights / setWeights with tensors, nested arrays and typed arrays; Keras's errors", () => {
    const d = new layers.Dense(2, { name: "dense" });
    d.build([null, 3]);
    d.setWeights([[[1, 2], [3, 4], [5, 6]], new Float32Array([0.5, -0.5])]);
    expect(d.getWeights().map((w) => w.toArray())).toEqual([[[1, 2], [3, 4], [5, 6]], [0.5, -0.5]]);
    d.setWeights([new Float32Array([1, 0, 0, 1, 0, 0]), new Tensor(Float32Array.from([0, 0]), [2], "float32")]);
    expect(d.getWeights()[0].toArray()).toEqual([[1, 0], [0, 1], [0, 0]]);
    expect(() => d.setWeights([[1]])).toThrow(
      "You called `set_weights(weights)` on layer 'dense' with a weight list of length 1, but the layer was expecting 2 weights.",
    );
    expect(() => d.setWeights([[[1, 2, 3]], [0, 0]])).toThrow(
      "Layer dense weight shape (3, 2) is not compatible with provided weight shape (1, 3).",
    );
  });

  it("countParams needs a built layer", () => {
    const d = new layers.Dense(4, { name: "dense" });
    expect(() => d.countParams()).toThrow(
      "You tried to call `count_params` on layer 'dense', but the layer isn't built. You can build it manually via: `layer.build(input_shape)`.",
    );
    d.build([null, 3]);
    expect(d.countParams()).toBe(16);
  });

  it("refuses new weights once built, as Keras locks state", () => {
    const s = new Scale();
    s.build([null, 2]);
    expect(() => s.addWeight({ name: "late" })).toThrow(
      "You cannot add new elements of state (variables or sub-layers) to a layer that is already built.",
    );
  });
});

describe("losses", () => {
  it("addLoss values are cleared at each outermost call and collected from sublayers", () => {
    class Penalized extends Layer {
      override call(x: Tensor) {
        this.addLoss(ops.sum(x));
        return x;
      }
    }
    class Outer extends Layer {
      inner = new Penalized();
      override call(x: Tensor) {
        return this.inner.apply(this.inner.apply(x));
      }
    }
    const outer = new Outer();
    outer.apply(t([[1, 2]]));
    expect(outer.losses.map((l) => l.item())).toEqual([3, 3]);
    outer.apply(t([[1, 1]]));
    expect(outer.losses.map((l) => l.item())).toEqual([2, 2]);
    expect(() => outer.addLoss(3 as never)).toThrow("`add_loss()` can only be called from inside `build()` or `call()`, on a tensor input. Received invalid value: 3");
  });

  it("activity regularizer: penalty of the output divided by the batch size", () => {
    const d = new layers.Dense(2, { activityRegularizer: new regularizers.L2(0.5), kernelInitializer: "ones", biasInitializer: "zeros" });
    d.apply(t([[1, 2], [3, 4]]));
    // outputs [[3,3],[7,7]]: 0.5 * (9+9+49+49) / 2
    expect(d.losses.length).toBe(1);
    expect(d.losses[0].item()).toBeCloseTo(29, 5);
    expect(d.getConfig().activity_regularizer).toEqual({ module: "keras.regularizers", class_name: "L2", config: { l2: 0.5 }, registered_name: null });
  });

  it("weight regularization penalties appear in losses", () => {
    const d = new layers.Dense(2, { kernelRegularizer: new regularizers.L1(0.1), kernelInitializer: "ones" });
    d.build([null, 3]);
    expect(d.losses.map((l) => l.item())).toEqual([expect.closeTo(0.6, 6)]);
  });
});

describe("build", () => {
  it("records the build shape, path and config; buildFromConfig rebuilds", () => {
    const s = new Scale({ name: "scale" });
    expect(s.getBuildConfig()).toBeNull();
    s.apply(t([[1, 2, 3]]));
    expect(s.built).toBe(true);
    expect(s.path).toBe("scale");
    expect(s.getBuildConfig()).toEqual({ input_shape: [1, 3] });
    const s2 = new Scale();
    s2.buildFromConfig({ input_shape: [null, 3] });
    expect(s2.weights[0].shape).toEqual([3]);
  });

  it("a layer without build is built on its first call with the first input's shape", () => {
    class Plain extends Layer {
      override call(x: Tensor) {
        return ops.negative(x);
      }
    }
    const p = new Plain();
    expect(p.built).toBe(false);
    p.apply(t([[1]]));
    expect(p.built).toBe(true);
    expect(p.getBuildConfig()).toEqual({ input_shape: [1, 1] });
  });
});

describe("apply", () => {
  it("converts nested arrays, autocasts floats to the compute dtype (ints untouched)", () => {
    const s = new Scale();
    const y = s.apply([[1.5, 2.5]]);
    expect(y.dtype).toBe("float32");
    const x64 = new Tensor(Float64Array.from([1, 2]), [1, 2], "float64");
    expect(s.apply(x64).dtype).toBe("float32");
    const noCast = new Scale({ autocast: false });
    noCast.build([null, 2]);
    expect(noCast.apply(x64).dtype).toBe("float64");
  });

  it("only tensors may be positional", () => {
    const s = new Scale();
    expect(() => s.apply(t([[1]]), 3 as never)).toThrow(
      "Only input tensors may be passed as positional arguments. The following argument value should be passed as a keyword argument: 3 (of type number)",
    );
  });

  it("training: explicit value, else the enclosing call's, else none", () => {
    const seen: unknown[] = [];
    class Probe extends Layer {
      override call(x: Tensor, { training }: { training?: boolean | null } = {}) {
        seen.push(training);
        return x;
      }
    }
    class Outer extends Layer {
      probe = new Probe();
      override call(x: Tensor) {
        this.probe.apply(x);
        return this.probe.apply(x, { training: false });
      }
    }
    const outer = new Outer();
    outer.apply(t([[1]]), { training: true });
    outer.apply(t([[1]]));
    expect(seen).toEqual([true, false, undefined, false]);
  });

  it("masks: filled from the input's mask, propagated by masking layers, dropped with a warning otherwise", () => {
    const received: unknown[] = [];
    class MakeMask extends Layer {
      override call(x: Tensor) {
        return x;
      }
      override computeMask(x: Tensor) {
        return ops.greater(x, 0);
      }
    }
    class Reader extends Layer {
      override call(x: Tensor, { mask }: { mask?: Tensor | null } = {}) {
        received.push(mask);
        return ops.multiply(x, 2);
      }
    }
    const maker = new MakeMask();
    expect(maker.supportsMasking).toBe(true);
    const y = maker.apply(t([[1, -1, 2]]));
    expect(y.kerasMask?.toArray()).toEqual([[true, false, true]]);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const z = new Reader().apply(y);
    expect((received[0] as Tensor).toArray()).toEqual([[true, false, true]]);
    expect(z.kerasMask).toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toContain("was passed an input with a mask attached to it. However, this layer does not support masking");
    const dense = new layers.Dense(1);
    expect(dense.supportsMasking).toBe(true);
    expect(dense.apply(y).kerasMask?.toArray()).toEqual([[true, false, true]]);
  });

  it("checks the input spec with Keras's messages", () => {
    const d = new layers.Dense(2, { name: "dense" });
    expect(() => d.apply(new Tensor(Float32Array.from([1, 2, 3]), [3], "float32"))).toThrow(
      "Input 0 with name 'None' of layer 'dense' is incompatible with the layer: expected min_ndim=2, found ndim=1. Full shape received: (3,)",
    );
    d.apply(t([[1, 2, 3]]));
    expect(() => d.apply(t([[1, 2, 3, 4]]))).toThrow(
      "Input 0 with name 'None' of layer 'dense' is incompatible with the layer: expected axis -1 of input shape to have value 3, but received input with shape (1, 4)",
    );
  });

  it("a symbolic call records a Node and infers shapes by running call on dummy values", () => {
    class Pairs extends Layer {
      override call(x: Tensor) {
        return ops.reshape(x, [-1, 2]);
      }
    }
    const x = Input({ shape: [3, 4] });
    const layer = new Pairs();
    const y = layer.apply(x);
    expect(y.shape).toEqual([null, 2]);
    expect(y.kerasHistory).toEqual({ operation: layer, nodeIndex: 0, tensorIndex: 0 });
    expect(layer.inboundNodes[0].callArgs[0]).toBe(x);
    expect(layer.inboundNodes[0].callKwargs).toEqual({});
    const z = layer.apply(x, { training: true });
    expect(layer.inboundNodes[1].callKwargs).toEqual({ training: true });
    expect(z.kerasHistory?.nodeIndex).toBe(1);
  });

  it("records `mask: null` for layers whose call declares mask, as Keras does", () => {
    class WithMask extends Layer {
      override call(x: Tensor, { mask }: { mask?: Tensor | null } = {}) {
        void mask;
        return x;
      }
    }
    const x = Input({ shape: [2] });
    const layer = new WithMask();
    layer.apply(x);
    expect(layer.inboundNodes[0].callKwargs).toEqual({ mask: null });
  });
});

describe("config", () => {
  it("base config: name, trainable, dtype envelope; fromConfig round trip", () => {
    const s = new Scale({ name: "sc", trainable: false });
    expect(s.getConfig()).toEqual({
      name: "sc",
      trainable: false,
      dtype: { module: "keras", class_name: "DTypePolicy", config: { name: "float32" }, registered_name: null },
    });
    const again = Scale.fromConfig(s.getConfig());
    expect(again).toBeInstanceOf(Scale);
    expect(again.getConfig()).toEqual(s.getConfig());
  });

  it("keras.layers.deserialize refuses configs that are not layers", () => {
    expect(() => layers.deserialize({ module: "keras.initializers", class_name: "Zeros", config: {}, registered_name: null })).toThrow(
      "`keras.layers.deserialize` was passed a `config` object that is not a `keras.layers.Layer`.",
    );
    expect(() => layers.deserialize({ module: "keras.layers", class_name: "NoSuchLayer", config: {}, registered_name: null })).toThrow(
      "Could not locate class 'NoSuchLayer'. Make sure custom classes and functions are registered",
    );
  });

  it("Dense keeps lora keys only when LoRA is set, and LoRA computes kernel + (a @ b) * alpha / rank", () => {
    const d = new layers.Dense(3, { loraRank: 2, loraAlpha: 4, kernelInitializer: "ones" });
    d.build([null, 2]);
    const cfg = d.getConfig();
    expect([cfg.lora_rank, cfg.lora_alpha]).toEqual([2, 4]);
    expect("lora_rank" in new layers.Dense(3).getConfig()).toBe(false);
    expect(d.weights.map((w) => [w.name, w.trainable])).toEqual([["kernel", false], ["bias", true], ["lora_kernel_a", true], ["lora_kernel_b", true]]);
    d.weights[2].assign([[1, 0], [0, 1]]);
    d.weights[3].assign([[1, 1, 1], [0, 0, 0]]);
    // kernel = ones + 2 * [[1,1,1],[0,0,0]]
    expectAllClose(d.apply(t([[1, 1]])), t([[4, 4, 4]]));
  });

  it("Dense contracts the last axis of rank > 2 inputs", () => {
    const d = new layers.Dense(2, { kernelInitializer: "ones", biasInitializer: "ones" });
    const x = new Tensor(Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]), [2, 2, 3], "float32");
    const y = d.apply(x);
    expect(y.shape).toEqual([2, 2, 2]);
    expect(y.toArray()).toEqual([[[7, 7], [16, 16]], [[25, 25], [34, 34]]]);
    expect(d.computeOutputShape([null, 5, 3])).toEqual([null, 5, 2]);
  });
});

describe("tracking cycles", () => {
  it("layers that reference each other are visited once", () => {
    class Child extends Layer {
      parent: Layer | null = null;
      w = new Variable(new Float32Array([1]), { name: "cw" });
    }
    class Parent extends Layer {
      child = new Child();
      w = new Variable(new Float32Array([2]), { name: "pw" });
    }
    const p = new Parent();
    p.child.parent = p;
    expect(p.weights.map((w) => w.name)).toEqual(["pw", "cw"]);
    expect(p.child.weights.map((w) => w.name)).toEqual(["cw", "pw"]);
    p.trainable = false;
    expect(p.child.trainable).toBe(false);
    expect(p.losses).toEqual([]);
  });
});
