/** The examples of docs/layers.md, verbatim (each must run and give the values the docs state). */
import { beforeEach, describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";

beforeEach(() => keras.utils.clearSession());

describe("docs/layers.md examples", () => {
  it("getWeights / setWeights", () => {
    const dense = new keras.layers.Dense(2);
    dense.build([null, 3]);
    dense.setWeights([[[1, 0], [0, 1], [1, 1]], [0.5, -0.5]]);
    const [kernel, bias] = dense.getWeights();
    expect(kernel.shape).toEqual([3, 2]);
    expect(bias.toArray()).toEqual([0.5, -0.5]);
    expect(dense.apply([[1, 2, 3]]).toArray()).toEqual([[4.5, 4.5]]);
    expect(dense.weights.map((w) => w.path)).toEqual(["dense/kernel", "dense/bias"]);
    expect(dense.countParams()).toBe(8);
  });

  it("getConfig / fromConfig", () => {
    const layer = new keras.layers.Dense(4, { activation: "relu", name: "hidden" });
    const config = layer.getConfig();
    expect(config.units).toBe(4);
    expect(config.activation).toBe("relu");
    expect(config.kernel_initializer.class_name).toBe("GlorotUniform");
    const copy = keras.layers.Dense.fromConfig(config);
    expect(copy.getConfig()).toEqual(config);
    expect(copy.built).toBe(false);
    const envelope = keras.layers.serialize(layer);
    expect([envelope.module, envelope.class_name]).toEqual(["keras.layers", "Dense"]);
    expect(keras.layers.deserialize(envelope).name).toBe("hidden");
  });

  it("input and output shapes", () => {
    const inputs = keras.Input({ shape: [16] });
    const hidden = new keras.layers.Dense(8);
    const outputs = hidden.apply(inputs);
    expect(outputs.shape).toEqual([null, 8]);
    expect(hidden.inputShape).toEqual([null, 16]);
    expect(hidden.outputShape).toEqual([null, 8]);
    expect(hidden.input === inputs).toBe(true);
  });

  it("a shared layer", () => {
    const a = keras.Input({ shape: [4], name: "a" });
    const b = keras.Input({ shape: [4], name: "b" });
    const shared = new keras.layers.Dense(3, { name: "shared" });
    const ya = shared.apply(a);
    const yb = shared.apply(b);
    expect(shared.getInputAt(0) === a).toBe(true);
    expect(shared.getInputAt(1) === b).toBe(true);
    expect(shared.getOutputAt(1) === yb).toBe(true);
    expect(shared.getOutputShapeAt(0)).toEqual([null, 3]);
    const model = new keras.Model({ inputs: [a, b], outputs: keras.ops.add(ya, yb) });
    expect(model.predict([[[1, 2, 3, 4]], [[4, 3, 2, 1]]]).shape).toEqual([1, 3]);
  });

  it("writing a layer", () => {
    class MyLayer extends keras.Layer {
      units: number;
      declare w: keras.Variable;
      declare b: keras.Variable;

      constructor(units = 32, options: { name?: string } = {}) {
        super(options);
        this.units = units;
      }

      override build(inputShape: (number | null)[]) {
        this.w = this.addWeight({ name: "w", shape: [inputShape[inputShape.length - 1]!, this.units], initializer: "random_normal" });
        this.b = this.addWeight({ name: "b", shape: [this.units], initializer: "zeros" });
      }

      override call(inputs: keras.Tensor) {
        return keras.ops.add(keras.ops.matmul(inputs, this.w.value), this.b.value);
      }

      override computeOutputShape(inputShape: (number | null)[]) {
        return [...inputShape.slice(0, -1), this.units];
      }

      override getConfig() {
        return { ...super.getConfig(), units: this.units };
      }

      static override fromConfig(config: Record<string, any>) {
        return new MyLayer(config.units, { name: config.name });
      }
    }
    keras.saving.registerKerasSerializable({ package: "MyPackage" })(MyLayer);

    const x = keras.Input({ shape: [5] });
    const y = new MyLayer(3, { name: "mine" }).apply(x);
    const m = new keras.Model({ inputs: x, outputs: y });
    expect(m.predict([[1, 2, 3, 4, 5]]).shape).toEqual([1, 3]);
    expect(m.getLayer("mine").weights.map((w) => w.path)).toEqual(["mine/w", "mine/b"]);
    const restored = keras.models.modelFromJson(m.toJson());
    expect(restored.getLayer("mine")).toBeInstanceOf(MyLayer);
    const entry = m.getConfig().layers[1];
    expect([entry.module, entry.class_name, entry.registered_name]).toEqual([null, "MyLayer", "MyPackage>MyLayer"]);
    restored.setWeights(m.getWeights());
    expect(restored.predict([[1, 2, 3, 4, 5]]).toArray()).toEqual(m.predict([[1, 2, 3, 4, 5]]).toArray());
  });
});
