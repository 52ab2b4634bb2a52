/** Sequential models: building, add/pop, errors, config, and subclassed models. */
import { beforeEach, describe, expect, it } from "vitest";
import { Input, Layer, Model, Sequential, Tensor, Variable, layers, models, ops, saving, utils } from "../../src/index.js";
import { expectSameConfig } from "../layers/helpers.js";

beforeEach(() => utils.clearSession());

const t = (v: number[][]) => new Tensor(Float32Array.from(v.flat()), [v.length, v[0].length], "float32");
const ones = (units: number, name?: string) => new layers.Dense(units, { name, kernelInitializer: "ones", biasInitializer: "zeros" });

describe("Sequential", () => {
  it("an Input first builds the model as layers are added; layers hides the InputLayer", () => {
    const model = new Sequential([], { name: "s" });
    model.add(Input({ shape: [3] }));
    model.add(ones(2, "a"));
    expect(model.built).toBe(true);
    expect(model.weights.map((w) => w.path)).toEqual(["s/a/kernel", "s/a/bias"]);
    model.add(ones(1, "b"));
    expect(model.layers.map((l) => l.name)).toEqual(["a", "b"]);
    expect(model.inputShape).toEqual([null, 3]);
    expect(model.outputShape).toEqual([null, 1]);
    expect(model.apply(t([[1, 2, 3]])).toArray()).toEqual([[12]]);
    expect(model.pop().name).toBe("b");
    expect(model.outputShape).toEqual([null, 2]);
  });

  it("defers building without an input shape, then builds on build() or on the first call", () => {
    const model = new Sequential([ones(2, "a"), ones(1, "b")]);
    expect(model.built).toBe(false);
    expect(model.weights).toEqual([]);
    expect(() => model.inputShape).toThrow("Sequential model 'sequential' has no defined input shape yet.");
    model.build([null, 4]);
    expect(model.built).toBe(true);
    expect(model.inputShape).toEqual([null, 4]);
    expect(model.getConfig().build_input_shape).toEqual([null, 4]);

    const lazy = new Sequential([ones(2, "c")]);
    expect(lazy.apply([[1, 1, 1]]).toArray()).toEqual([[3, 3]]);
    expect(lazy.built).toBe(true);
    expect(lazy.apply(t([[1, 1, 1], [2, 2, 2]])).toArray()).toEqual([[3, 3], [6, 6]]);
  });

  it("a first layer given inputShape gets an InputLayer", () => {
    const model = new Sequential([new layers.Dense(4, { inputShape: [3] }), new layers.Dense(2)]);
    expect(model.built).toBe(true);
    expect(model.inputShape).toEqual([null, 3]);
    expect(model.countParams()).toBe(3 * 4 + 4 + 4 * 2 + 2);
  });

  it("errors use Keras's messages", () => {
    const model = new Sequential([Input({ shape: [3] }), ones(2, "a")], { name: "s" });
    expect(() => model.add(ones(1, "a"))).toThrow(
      "All layers added to a Sequential model should have unique names. Name 'a' is already the name of a layer in this model. Update the `name` argument to pass a unique name.",
    );
    expect(() => model.add(Input({ shape: [5] }))).toThrow(
      "Sequential model 's' has already been configured to use input shape (None, 3). You cannot add a different Input layer to it.",
    );
    expect(() => model.add(5 as never)).toThrow("Only instances of `keras.Layer` can be added to a Sequential model. Received: 5 (of type number)");
    expect(() => model.build([null, 4])).toThrow(
      "Sequential model 's' has already been configured to use input shape (None, 3). You cannot build it with input_shape (None, 4)",
    );
    expect(() => new Sequential([], { name: "e" }).build([null, 2])).toThrow(
      "Sequential model e cannot be built because it has no layers. Call `model.add(layer)`.",
    );
    expect(() => new Sequential().pop()).toThrow("There are no layers in the model.");
  });

  it("config: full layer envelopes, build_input_shape, and a round trip", () => {
    const model = new Sequential([Input({ shape: [6], name: "input" }), new layers.Dense(4, { activation: "relu" }), new layers.Dense(2)], { name: "seq" });
    const envelope = saving.serializeKerasObject(model) as Record<string, any>;
    expect(Object.keys(envelope)).toEqual(["module", "class_name", "config", "registered_name", "build_config", "compile_config"]);
    expect(envelope.module).toBe("keras");
    expect(envelope.build_config).toEqual({ input_shape: [null, 6] });
    expect(envelope.compile_config).toEqual({});
    expect(Object.keys(envelope.config)).toEqual(["name", "trainable", "dtype", "layers", "build_input_shape"]);
    expect(envelope.config.layers.map((l: any) => l.class_name)).toEqual(["InputLayer", "Dense", "Dense"]);
    const again = saving.deserializeKerasObject(JSON.parse(JSON.stringify(envelope))) as Sequential;
    expectSameConfig(saving.serializeKerasObject(again), JSON.parse(JSON.stringify(envelope)));
    again.setWeights(model.getWeights());
    const x = t([[1, 2, 3, 4, 5, 6]]);
    expect(again.predict(x).toArray()).toEqual(model.predict(x).toArray());
    const deferred = models.modelFromJson(new Sequential([ones(3, "z")]).toJson()) as Sequential;
    expect(deferred.built).toBe(false);
  });

  it("masks flow through a deferred Sequential", () => {
    class Masker extends Layer {
      override call(x: Tensor) {
        return x;
      }
      override computeMask(x: Tensor) {
        return ops.cast(x, "bool"); // runs on KerasTensors too when the model builds symbolically
      }
    }
    const model = new Sequential([new Masker(), ones(2, "d")]);
    const y = model.apply(t([[0, 1], [2, 3]]));
    expect(y.kerasMask?.toArray()).toEqual([[false, true], [true, true]]);
  });
});

describe("subclassed models", () => {
  class TwoLayer extends Model {
    hidden = new layers.Dense(4, { activation: "relu", name: "hidden" });
    out = new layers.Dense(1, { name: "out" });
    override call(x: Tensor, { training }: { training?: boolean | null } = {}) {
      void training;
      return this.out.apply(this.hidden.apply(x));
    }
  }

  it("track their layers and weights, predict, and build by tracing", () => {
    const model = new TwoLayer({ name: "two" });
    expect(model.layers.map((l) => l.name)).toEqual(["hidden", "out"]);
    expect(model.weights).toEqual([]);
    model.build([null, 3]);
    expect(model.weights.map((w) => w.path)).toEqual(["two/hidden/kernel", "two/hidden/bias", "two/out/kernel", "two/out/bias"]);
    const y = model.predict([[1, 2, 3], [4, 5, 6], [7, 8, 9]], { batchSize: 2 });
    expect(y.shape).toEqual([3, 1]);
    expect(model.getConfig()).toEqual({
      name: "two",
      trainable: true,
      dtype: { module: "keras", class_name: "DTypePolicy", config: { name: "float32" }, registered_name: null },
    });
  });

  it("call runs inside the model's name scope, so lazily built sublayers get model paths", () => {
    const model = new TwoLayer({ name: "lazy" });
    model.apply(t([[1, 2]]));
    expect(model.weights.map((w) => w.path)).toEqual(["lazy/hidden/kernel", "lazy/hidden/bias", "lazy/out/kernel", "lazy/out/bias"]);
    expect(model.countParams()).toBe(2 * 4 + 4 + 4 + 1);
  });

  it("can be used on KerasTensors inside a functional model", () => {
    const inner = new TwoLayer({ name: "inner" });
    const x = Input({ shape: [2] });
    const y = inner.apply(x);
    expect(y.shape).toEqual([null, 1]);
    const outer = new Model({ inputs: x, outputs: ops.multiply(y, 2) });
    expect(outer.weights.length).toBe(4);
    const direct = inner.apply(t([[1, 2]]));
    expect(outer.apply(t([[1, 2]])).toArray()).toEqual([[(direct.toArray() as number[][])[0][0] * 2]]);
  });

  it("Variables held directly by a model are tracked", () => {
    class Scaled extends Model {
      factor = new Variable(new Float32Array([3]), { name: "factor" });
      override call(x: Tensor) {
        return ops.multiply(x, this.factor.value);
      }
    }
    const m = new Scaled();
    expect(m.weights.map((w) => w.name)).toEqual(["factor"]);
    expect(m.apply(t([[2]])).toArray()).toEqual([[6]]);
  });
});
