/**
 * Functional and Sequential models against the Keras 3.15.1 fixtures:
 * exact configs where every layer involved is implemented here, outputs and
 * gradients where other layers are replaced by the equivalent raw ops.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { Input, Layer, Model, Sequential, layers, models, ops, saving, utils, Tensor } from "../../src/index.js";
import { fixtureTensor, loadFixture } from "../utils/fixtures.js";
import { expectAllClose, expectSameConfig, loadFixtureWeights, vjp } from "../layers/helpers.js";

beforeEach(() => utils.clearSession());

describe("serial_nested_model (Functional calling a Sequential)", () => {
  const fx = loadFixture("serial_nested_model");
  const build = () => {
    const x = Input({ shape: [5], name: "x" });
    const encoder = new Sequential([Input({ shape: [5], name: "enc_in" }), new layers.Dense(4, { activation: "relu", name: "enc_dense" })], { name: "encoder" });
    const head = new layers.Dense(2, { name: "head" });
    return new Model({ inputs: x, outputs: head.apply(encoder.apply(x)), name: "outer" });
  };

  it("getConfig, serialize and toJson equal Keras's", () => {
    const model = build();
    expectSameConfig(model.getConfig(), fx.get_config);
    expectSameConfig(saving.serializeKerasObject(model), fx.serialize_keras_object);
    expectSameConfig(JSON.parse(model.toJson()), JSON.parse(fx.to_json));
  });

  it("weight paths and per-layer weights equal Keras's", () => {
    const model = build();
    expect(model.weights.map((w) => w.path)).toEqual(fx.weights.map((w: { path: string }) => w.path));
    const perLayer = model.layers.map((l) => ({ name: l.name, class_name: l.constructor.name, weight_paths: l.weights.map((w) => w.path) }));
    expect(perLayer).toEqual(fx.layers);
  });

  it("reloads from Keras's config and serializes back identically", () => {
    const model = saving.deserializeKerasObject(fx.serialize_keras_object) as Model;
    expect(model.constructor.name).toBe("Functional");
    expectSameConfig(saving.serializeKerasObject(model), fx.serialize_keras_object);
    const again = models.modelFromJson(fx.to_json);
    expectSameConfig(again.getConfig(), fx.get_config);
    expect(again.layers.map((l) => l.name)).toEqual(["x", "encoder", "head"]);
  });
});

describe("serial_sequential (Dense with regularizer and constraint, Dropout, BatchNormalization)", () => {
  const fx = loadFixture("serial_sequential");
  it("reloads from Keras's config and serializes back identically", () => {
    const model = saving.deserializeKerasObject(fx.serialize_keras_object) as Sequential;
    expect(model).toBeInstanceOf(Sequential);
    expectSameConfig(saving.serializeKerasObject(model), fx.serialize_keras_object);
    expectSameConfig(JSON.parse(model.toJson()), JSON.parse(fx.to_json));
    expect(model.layers.map((l) => l.name)).toEqual(["dense", "dropout", "bn", "out"]);
  });

  it("built in code, it has Keras's config and weight paths", () => {
    const inner = fx.get_config.layers as any[];
    const model = new Sequential(
      [Input({ shape: [6], name: "input" }), ...inner.slice(1).map((l) => layers.deserialize({ ...l, build_config: undefined }))],
      { name: "seq_model" },
    );
    expectSameConfig(model.getConfig(), fx.get_config);
    expect(model.weights.map((w) => w.path)).toEqual(fx.weights.map((w: any) => w.path));
    expect(model.layers.map((l) => ({ name: l.name, class_name: l.constructor.name, weight_paths: l.weights.map((w) => w.path) }))).toEqual(fx.layers);
  });
});

describe("serial_functional_shared_layer: a Dense called three times", () => {
  const fx = loadFixture("serial_functional_shared_layer");
  it("records node indices 0..2 exactly as Keras", () => {
    const a = Input({ shape: [4], name: "a" });
    const b = Input({ shape: [4], name: "b" });
    const shared = new layers.Dense(3, { activation: "relu", name: "shared" });
    const ya = shared.apply(a);
    const yb = shared.apply(b);
    const s = ops.add(a, b); // an op node named "add", as Keras's Add layer is
    const yc = shared.apply(s);
    const out = new layers.Dense(2, { name: "head" }).apply(ops.concatenate([ya, yb, yc], { axis: -1 }));
    const model = new Model({ inputs: [a, b], outputs: out, name: "shared_layer_model" });
    const config = model.getConfig();
    const byName = (cfg: any, name: string) => cfg.layers.find((l: any) => l.name === name);
    for (const name of ["a", "b", "shared"]) expectSameConfig(byName(config, name), byName(fx.get_config, name));
    expect(config.input_layers).toEqual(fx.get_config.input_layers);
    expect(config.layers.map((l: any) => l.name)).toEqual(["a", "b", "add", "shared", "concatenate", "head"]);
    expect(shared.inboundNodes.length).toBe(3);
    expect(shared.getOutputAt(2)).toBe(yc);
  });
});

function checkNumbers(fx: any, model: Model, inputs: Tensor[]) {
  loadFixtureWeights(model.weights, fx.weights);
  const y = model.predict(inputs.length === 1 ? inputs[0] : inputs);
  const ys = Array.isArray(y) ? y : [y];
  ys.forEach((t: Tensor, i: number) => expectAllClose(t, fixtureTensor(fx.outputs[i]), 1e-5, 1e-6));
  const g = vjp((xs) => model.apply(xs.length === 1 ? xs[0] : xs), inputs, model.trainableWeights, fx.grads.upstream.map(fixtureTensor));
  fx.grads.inputs.forEach((gi: any, i: number) => {
    if (gi) expectAllClose(g.inputs[i], fixtureTensor(gi), 1e-4, 1e-5);
  });
  g.weights.forEach((gw, i) => expectAllClose(gw, fixtureTensor(fx.grads.weights[i]), 1e-4, 1e-5));
}

describe("model fixtures: outputs and gradients", () => {
  it("functional_shared_dense", () => {
    const fx = loadFixture("functional_shared_dense");
    const a = Input({ shape: [4], name: "a" });
    const b = Input({ shape: [4], name: "b" });
    const shared = new layers.Dense(3, { activation: "relu", name: "shared" });
    const merged = ops.concatenate([shared.apply(a), shared.apply(b)], { axis: -1 });
    const model = new Model({ inputs: [a, b], outputs: new layers.Dense(2, { name: "head" }).apply(merged), name: "functional_shared_dense" });
    expect(model.weights.map((w) => w.path)).toEqual(fx.weights.map((w: any) => w.path));
    checkNumbers(fx, model, fx.inputs.map(fixtureTensor));
  });

  it("functional_nested_model (a Sequential shared by two inputs)", () => {
    const fx = loadFixture("functional_nested_model");
    const a = Input({ shape: [4], name: "a" });
    const b = Input({ shape: [4], name: "b" });
    const encoder = new Sequential(
      [Input({ shape: [4], name: "inner_input" }), new layers.Dense(3, { activation: "tanh", name: "inner_dense" }), new layers.Dense(2, { name: "inner_out" })],
      { name: "encoder" },
    );
    const diff = ops.subtract(encoder.apply(a), encoder.apply(b));
    const model = new Model({ inputs: [a, b], outputs: new layers.Dense(1, { activation: "sigmoid", name: "head" }).apply(diff), name: "siamese" });
    expect(model.weights.map((w) => w.path)).toEqual(fx.weights.map((w: any) => w.path));
    const encoderEntry = model.getConfig().layers.find((l: any) => l.name === "encoder");
    expectSameConfig(encoderEntry, fx.model.config.layers.find((l: any) => l.name === "encoder"));
    checkNumbers(fx, model, fx.inputs.map(fixtureTensor));
  });

  it("sequential_mlp (Dropout is the identity at inference, so it is left out)", () => {
    const fx = loadFixture("sequential_mlp");
    const model = new Sequential(
      [Input({ shape: [8], name: "input" }), new layers.Dense(6, { activation: "tanh" }), new layers.Dense(3, { activation: "softmax" })],
      { name: "sequential_mlp" },
    );
    expect(model.weights.map((w) => w.path)).toEqual(fx.weights.map((w: any) => w.path));
    checkNumbers(fx, model, fx.inputs.map(fixtureTensor));
  });

  it("sequential_mlp loaded from Keras's own config (with Dropout)", () => {
    const fx = loadFixture("sequential_mlp");
    const model = saving.deserializeKerasObject(fx.model) as Sequential;
    expectSameConfig(saving.serializeKerasObject(model), fx.model);
    expect(model.layers.map((l) => l.constructor.name)).toEqual(["Dense", "Dropout", "Dense"]);
    checkNumbers(fx, model, fx.inputs.map(fixtureTensor));
  });

  it("functional_multi_io (Embedding and pooling written with raw ops in a test layer)", () => {
    const fx = loadFixture("functional_multi_io");
    class TakeRows extends Layer {
      declare embeddings: any;
      override build() {
        this.embeddings = this.addWeight({ name: "embeddings", shape: [9, 3] });
      }
      override call(ids: Tensor) {
        return ops.take(this.embeddings.value, ids, { axis: 0 });
      }
    }
    const ids = Input({ shape: [4], dtype: "int32", name: "ids" });
    const features = Input({ shape: [5], name: "features" });
    const emb = new TakeRows({ name: "embedding" }).apply(ids);
    const pooled = ops.mean(emb, { axis: 1 });
    const trunk = new layers.Dense(4, { activation: "relu", name: "trunk" }).apply(features);
    const concat = ops.concatenate([trunk, pooled], { axis: -1 });
    const regression = new layers.Dense(1, { name: "regression" }).apply(concat);
    const classes = new layers.Dense(3, { activation: "softmax", name: "classes" }).apply(concat);
    const model = new Model({ inputs: [features, ids], outputs: [regression, classes], name: "multi_io" });
    expect(model.weights.map((w) => w.path)).toEqual(fx.weights.map((w: any) => w.path));
    expect(model.layers.map((l) => l.name)).toEqual(fx.model.config.layers.filter((l: any) => !["pool", "concat"].includes(l.name)).map((l: any) => l.name));
    const inputs = fx.inputs.map(fixtureTensor);
    loadFixtureWeights(model.weights, fx.weights);
    const [r, c] = model.predict(inputs);
    expectAllClose(r, fixtureTensor(fx.outputs[0]));
    expectAllClose(c, fixtureTensor(fx.outputs[1]));
    const g = vjp((xs) => model.apply(xs), inputs, model.trainableWeights, fx.grads.upstream.map(fixtureTensor));
    expectAllClose(g.inputs[0], fixtureTensor(fx.grads.inputs[0]), 1e-4, 1e-5);
    g.weights.forEach((gw, i) => expectAllClose(gw, fixtureTensor(fx.grads.weights[i]), 1e-4, 1e-5));
  });
});

describe("every InputLayer and Dense envelope in the model fixtures round-trips", () => {
  const names = ["serial_sequential", "serial_nested_model", "serial_functional_dict_io", "serial_functional_shared_layer", "serial_compiled_model",
    "functional_shared_dense", "functional_nested_model", "functional_multi_io", "sequential_mlp", "sequential_cnn"];
  for (const name of names) {
    it(name, () => {
      const fx = loadFixture(name);
      const root = fx.serialize_keras_object ?? fx.model;
      const found: any[] = [];
      const walk = (x: any) => {
        if (Array.isArray(x)) x.forEach(walk);
        else if (x && typeof x === "object") {
          if ((x.class_name === "Dense" || x.class_name === "InputLayer") && x.module === "keras.layers") found.push(x);
          Object.values(x).forEach(walk);
        }
      };
      walk(root);
      expect(found.length).toBeGreaterThan(0);
      for (const envelope of found) {
        const { name: _n, inbound_nodes: _i, ...plain } = envelope;
        const layer = layers.deserialize(plain);
        expectSameConfig(layers.serialize(layer), plain);
      }
    });
  }
});

describe("serial_functional_dict_io (dict inputs/outputs, a mask from a NotEqual op node)", () => {
  // Bidirectional(GRU) and Concatenate are other modules' layers: simple stand-ins with the same
  // output shapes let the graph be rebuilt from Keras's config and compared node by node.
  class StandInBidirectional extends Layer {
    declare stored: Record<string, any>;
    constructor(config: Record<string, any>) {
      super({ name: config.name });
      this.stored = config;
    }
    // Never run: shapes come from computeOutputShape.
    override call(_x: Tensor, _kwargs: { mask?: unknown } = {}): Tensor {
      throw new Error("stand-in layer: shapes only");
    }
    override computeOutputShape(shape: (number | null)[]) {
      return [shape[0], 6];
    }
    override getConfig() {
      return this.stored;
    }
    static override fromConfig(config: Record<string, any>) {
      return new StandInBidirectional(config);
    }
  }
  class StandInConcatenate extends Layer {
    override call(xs: Tensor[]) {
      return ops.concatenate(xs, { axis: -1 });
    }
    static override fromConfig(config: Record<string, any>) {
      return new StandInConcatenate({ name: config.name });
    }
  }

  it("rebuilds the graph from Keras's config: same operations, inbound nodes, inputs and outputs", () => {
    const fx = loadFixture("serial_functional_dict_io");
    const expected = fx.get_config;
    const model = Model.fromConfig(JSON.parse(JSON.stringify(expected)), { Bidirectional: StandInBidirectional, Concatenate: StandInConcatenate });
    const config = JSON.parse(JSON.stringify(model.getConfig()));
    expect(config.layers.map((l: any) => l.name)).toEqual(expected.layers.map((l: any) => l.name));
    expect(config.input_layers).toEqual(expected.input_layers);
    expect(config.output_layers).toEqual(expected.output_layers);
    config.layers.forEach((entry: any, i: number) => {
      const want = expected.layers[i];
      if (["bidir", "concat"].includes(want.name)) expectSameConfig(entry.inbound_nodes, want.inbound_nodes);
      else expectSameConfig(entry, want);
    });
    expect(Object.keys(model.input)).toEqual(["tokens", "numbers"]);
    expect(model.outputNames).toEqual(["label", "score"]);
  });
});

