/**
 * The test harnesses must be able to fail: runLayerTest and runLayerFixture
 * are run on deliberately broken layers and corrupted fixtures, and the
 * fixture runner's graph replay is checked on a Functional wrapper built from
 * a Keras fixture (two inputs, a shared layer, a layer listed before its input).
 */
import { describe, expect, it } from "vitest";
import { Layer, layers, ops, Tensor } from "../../src/index.js";
import { firstDifference } from "../utils/deep-diff.js";
import { loadFixture } from "../utils/fixtures.js";
import { runLayerFixture } from "../utils/layer-fixture.js";
import { runLayerTest } from "../utils/layer-test.js";

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));

/** Writes `factor` in its config but its fromConfig drops it. */
class ForgetfulScale extends Layer {
  factor: number;
  constructor(options: { factor?: number; name?: string } = {}) {
    const { factor, ...base } = options;
    super(base);
    this.factor = factor ?? 1;
  }
  override call(x: Tensor): Tensor {
    return ops.multiply(x, this.factor);
  }
  override computeOutputShape(s: (number | null)[]) {
    return s;
  }
  override getConfig() {
    return { ...super.getConfig(), factor: this.factor };
  }
  static override fromConfig(config: Record<string, any>): ForgetfulScale {
    return new ForgetfulScale({ name: config.name });
  }
}

/** Claims its output has the input's shape but doubles the last axis. */
class LyingShape extends Layer {
  override call(x: Tensor): Tensor {
    return ops.concatenate([x, x], -1);
  }
  override computeOutputShape(s: (number | null)[]) {
    return s;
  }
}

describe("firstDifference", () => {
  it("names the first differing path", () => {
    expect(firstDifference({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBeNull();
    expect(firstDifference({ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] })).toBe("$.a[1].b: expected 3, received 2");
    expect(firstDifference({ a: 1 }, { a: 1, c: null })).toBe("$.c: missing (expected null)");
    expect(firstDifference({ a: 1, x: undefined }, { a: 1 })).toBe("$.x: unexpected key (received undefined)");
    expect(firstDifference([1, 2], [1, 2, 3])).toMatch(/^\$: expected an array of length 3/);
    expect(firstDifference({ a: null }, { a: {} })).toMatch(/^\$\.a: expected \{\} \(object\), received null \(null\)/);
  });
});

describe("runLayerTest catches broken layers", () => {
  it("a config that loses an argument", () => {
    expect(() => runLayerTest({ layerCls: ForgetfulScale as never, initKwargs: { factor: 3 }, inputShape: [2, 2], customObjects: { ForgetfulScale } })).toThrow(
      "getConfig -> fromConfig -> getConfig round trip differs at $.factor: expected 3, received 1",
    );
    // Unregistered classes need customObjects to deserialize, as in Keras.
    expect(() => runLayerTest({ layerCls: LyingShape as never })).toThrow("Could not locate class 'LyingShape'");
  });
  it("a wrong computeOutputShape", () => {
    const customObjects = { LyingShape };
    expect(() => runLayerTest({ layerCls: LyingShape as never, inputShape: [2, 3], expectedOutputShape: [2, 6], customObjects })).toThrow(/symbolic call: expected output shapes/);
    // Without an expected shape, the symbolic and eager shapes still have to agree.
    expect(() => runLayerTest({ layerCls: LyingShape as never, inputShape: [2, 3], customObjects })).toThrow(/symbolic shape \[2,3\] but eager shape \[2,6\]/);
  });
  it("wrong expected values, counts and masking", () => {
    const x = new Tensor(Float32Array.from([1, 2]), [1, 2], "float32");
    expect(() => runLayerTest({ layerCls: layers.Identity, inputData: x, expectedOutput: [[1, 2.001]] })).toThrow(/output 0: flat index 1/);
    expect(() => runLayerTest({ layerCls: layers.Dense, initArgs: [2], inputShape: [2, 3], expectedNumTrainableWeights: 1 })).toThrow(/number of trainableWeights/);
    expect(() => runLayerTest({ layerCls: layers.Flatten, inputShape: [2, 3], supportsMasking: true })).toThrow(/supportsMasking/);
    expect(() => runLayerTest({ layerCls: layers.Dropout, initArgs: [0.5], inputShape: [2, 3], expectedNumSeedGenerators: 0 })).toThrow(/seed generators/);
  });
  it("argument sanity", () => {
    expect(() => runLayerTest({ layerCls: layers.Identity, inputShape: [1], inputData: new Tensor(new Float32Array(1), [1], "float32") })).toThrow("inputShape and inputData");
    expect(() => runLayerTest({ layerCls: layers.Identity, inputShape: [1], expectedMaskShape: [1] })).toThrow("supportsMasking must be true");
  });
});

describe("runLayerFixture catches mismatches", () => {
  it("a config value", () => {
    const f = clone(loadFixture("dense_relu"));
    f.serialization.get_config.use_bias = false;
    expect(() => runLayerFixture(f)).toThrow("serialize(unbuilt layer) differs from serialization.before_build at $.config.use_bias: expected true, received false");
  });
  it("a build config", () => {
    const f = clone(loadFixture("dense_relu"));
    f.serialization.after_build.build_config.input_shape = [null, 5];
    expect(() => runLayerFixture(f)).toThrow("differs from serialization.after_build at $.build_config.input_shape[1]: expected 5, received 4");
    // A layer built from a wrong build config does not fit the fixture input.
    const g = clone(loadFixture("dense_relu"));
    g.layer.build_config.input_shape = [null, 5];
    expect(() => runLayerFixture(g, { checkConfig: false })).toThrow(/expected axis -1 of input shape to have value 5/);
  });
  it("an output value", () => {
    const f = clone(loadFixture("dense_relu"));
    f.outputs[0].value[1][2] += 1e-3;
    expect(() => runLayerFixture(f)).toThrow(/output 0: flat index 7/);
  });
  it("a weight gradient", () => {
    const f = clone(loadFixture("dense_relu"));
    f.grads.weights[1].value[0] *= 1.01;
    f.grads.weights[1].value[0] += 1e-3;
    expect(() => runLayerFixture(f)).toThrow(/gradient w\.r\.t\. sequential\/dense\/bias/);
  });
  it("a mask", () => {
    const f = clone(loadFixture("embedding_mask_zero"));
    f.output_mask.value[0][0] = !f.output_mask.value[0][0];
    expect(() => runLayerFixture(f)).toThrow(/output mask: flat index 0/);
    const g = clone(loadFixture("embedding_plain"));
    g.layer.config.mask_zero = true;
    expect(() => runLayerFixture(g, { checkConfig: false })).toThrow(/should carry no mask/);
  });
});

describe("runLayerFixture replays Functional wrappers", () => {
  /**
   * From dense_relu: inputs a and b (both the fixture input), the Dense shared
   * by both, an Identity on the second call listed before the Dense. Outputs
   * [dense(a), identity(dense(b))] are both the fixture output; the input
   * gradients are the fixture's, the weight gradients twice the fixture's.
   */
  function functionalFixture() {
    const f = clone(loadFixture("dense_relu"));
    const input = f.model.config.layers[0];
    const dense = f.model.config.layers[1];
    const ref = (name: string, node: number) => ({ class_name: "__keras_tensor__", config: { shape: [null, 4], dtype: "float32", keras_history: [name, node, 0] } });
    const inputLayer = (name: string) => ({ ...input, config: { ...input.config, name }, name, inbound_nodes: [] });
    f.model = {
      module: "keras.src.models.functional", class_name: "Functional", registered_name: "Functional",
      config: {
        name: "wrapper", trainable: true,
        layers: [
          inputLayer("a"), inputLayer("b"),
          { module: "keras.layers", class_name: "Identity", config: { name: "identity", trainable: true, dtype: dense.config.dtype }, registered_name: null, name: "identity", inbound_nodes: [{ args: [ref("dense", 1)], kwargs: {} }] },
          { ...dense, name: "dense", inbound_nodes: [{ args: [ref("a", 0)], kwargs: {} }, { args: [ref("b", 0)], kwargs: { training: false } }] },
        ],
        input_layers: [["a", 0, 0], ["b", 0, 0]],
        output_layers: [["dense", 0, 0], ["identity", 0, 0]],
      },
    };
    f.inputs = [{ ...f.inputs[0], name: "a" }, { ...f.inputs[0], name: "b" }];
    f.outputs = [f.outputs[0], f.outputs[0]];
    f.grads.upstream = [f.grads.upstream[0], f.grads.upstream[0]];
    f.grads.inputs = [f.grads.inputs[0], f.grads.inputs[0]];
    for (const w of f.grads.weights) w.value = JSON.parse(JSON.stringify(w.value), (_k, v) => (typeof v === "number" ? 2 * v : v));
    return f;
  }
  it("two inputs, a shared layer and out-of-order layers", () => {
    const { modelLayers, outputs } = runLayerFixture(functionalFixture());
    expect(modelLayers.map((l) => l.constructor.name)).toEqual(["Identity", "Dense"]);
    expect(outputs.map((o) => o.shape)).toEqual([[3, 5], [3, 5]]);
  });
  it("explicit call kwargs reach the tested layer", () => {
    // Dense.call ignores unknown kwargs; Dropout honours training=true, so outputs stop matching.
    const f = clone(loadFixture("dropout_inference"));
    runLayerFixture(f, { callKwargs: { training: false } });
    expect(() => runLayerFixture(f, { callKwargs: { training: true } })).toThrow(/output 0/);
  });
});
