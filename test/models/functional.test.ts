/** Functional models: graph construction and its errors, execution, structures, nesting, predict, config. */
import { beforeEach, describe, expect, it, vi } from "vitest";
import { Input, KerasTensor, Layer, Model, Sequential, Tensor, layers, models, ops, utils } from "../../src/index.js";
import { expectAllClose, expectSameConfig } from "../layers/helpers.js";

beforeEach(() => utils.clearSession());

const t = (v: number[][]) => new Tensor(Float32Array.from(v.flat()), [v.length, v[0].length], "float32");

function fixedDense(units: number, name: string, activation?: string) {
  return new layers.Dense(units, { name, activation, kernelInitializer: "ones", biasInitializer: "zeros" });
}

describe("graph construction", () => {
  it("orders operations by depth (inputs first) and keeps unused inputs", () => {
    const a = Input({ shape: [2], name: "a" });
    const b = Input({ shape: [2], name: "b" });
    const unused = Input({ shape: [2], name: "unused" });
    const h = fixedDense(2, "h").apply(a);
    const out = fixedDense(1, "out").apply(ops.add(h, b));
    const model = new Model({ inputs: [a, b, unused], outputs: out });
    // Depth: a 3, h and b 2, add 1, out and the unused input 0 (unused inputs sort first at their depth).
    expect(model.operations.map((o) => o.name)).toEqual(["a", "h", "b", "add", "unused", "out"]);
    expect(model.layers.map((l) => l.name)).toEqual(["a", "h", "b", "unused", "out"]);
    expect(model.name).toBe("functional");
    expect(model.outputNames).toEqual(["out"]);
    expect(model.inputShape).toEqual([[null, 2], [null, 2], [null, 2]]);
    expect(model.outputShape).toEqual([null, 1]);
  });

  it("errors: non-KerasTensor values, graph disconnected, duplicate names, intermediate inputs", () => {
    const a = Input({ shape: [2], name: "a" });
    const b = Input({ shape: [2], name: "b" });
    const y = fixedDense(1, "y").apply(ops.add(a, b));
    expect(() => new Model({ inputs: a, outputs: t([[1]]) as never })).toThrow("All `outputs` values must be KerasTensors.");
    expect(() => new Model({ inputs: [a, 3 as never], outputs: y })).toThrow("All `inputs` values must be KerasTensors.");
    const raw = new KerasTensor([null, 2], { name: "raw" });
    expect(() => new Model({ inputs: a, outputs: ops.add(a, raw) })).toThrow(
      "Graph disconnected: cannot find parent for tensor <KerasTensor shape=(None, 2), dtype=float32, sparse=False, ragged=False, name=raw> at operation '<Operation name=add_1>'. " +
        "The following previous operations were accessed without issue: ['add_1']",
    );
    // An Input missing from `inputs` is found by the graph walk (as in Keras); calling the model then fails.
    const missingB = new Model({ inputs: a, outputs: y });
    expect(() => missingB.apply(t([[1, 2]]))).toThrow("Could not compute output");
    const c = Input({ shape: [2], name: "c" });
    const twice = fixedDense(2, "same").apply(fixedDense(2, "same").apply(c));
    expect(() => new Model({ inputs: c, outputs: twice })).toThrow('The name "same" is used 2 times in the model. All operation names should be unique.');
  });

  it("intermediate tensors as inputs: the sub-graph is cloned behind a new Input named <name>CLONE", () => {
    const x = Input({ shape: [3], name: "x" });
    const hidden = fixedDense(2, "hidden").apply(x);
    const out = fixedDense(1, "top").apply(hidden);
    const full = new Model({ inputs: x, outputs: out, name: "full" });
    const head = new Model({ inputs: hidden, outputs: out, name: "head" });
    expect(head.layers.map((l) => l.name)).toEqual([`${hidden.name}CLONE`, "top"]);
    expect(head.inputs[0].name).toBe(`${hidden.name}CLONE`);
    expect(head.apply(t([[1, 2]])).toArray()).toEqual([[3]]);
    expect(full.apply(t([[1, 1, 1]])).toArray()).toEqual([[6]]);
    expect(head.weights[0]).toBe(full.weights[2]);
    const backbone = new Model({ inputs: x, outputs: hidden, name: "backbone" });
    expect(backbone.apply(t([[1, 1, 1]])).toArray()).toEqual([[3, 3]]);
  });

  it("new Model({inputs, outputs}) is a Functional; a subclass with inputs keeps its class", () => {
    const x = Input({ shape: [2] });
    const y = fixedDense(1, "d").apply(x);
    expect(new Model({ inputs: x, outputs: y }).constructor.name).toBe("Functional");
    class MyModel extends Model {}
    const m = new MyModel({ inputs: x, outputs: y, name: "mine" });
    expect(m).toBeInstanceOf(MyModel);
    expect(m.predict(t([[1, 2]])).toArray()).toEqual([[3]]);
  });
});

describe("execution", () => {
  it("runs the graph; single-element output lists are unwrapped; dict inputs and outputs", () => {
    const a = Input({ shape: [2], name: "a" });
    const b = Input({ shape: [2], name: "b" });
    const sum = fixedDense(1, "sum").apply(a);
    const diff = ops.subtract(a, b);
    const model = new Model({ inputs: { a, b }, outputs: { sum, diff } });
    const out = model.apply({ b: t([[1, 1]]), a: t([[2, 3]]) });
    expect(out.sum.toArray()).toEqual([[5]]);
    expect(out.diff.toArray()).toEqual([[1, 2]]);
    const listed = new Model({ inputs: [a, b], outputs: [sum] });
    expect(listed.apply([t([[2, 3]]), t([[0, 0]])]).toArray()).toEqual([[5]]);
    expect(listed.apply({ a: t([[1, 1]]), b: t([[0, 0]]) }).toArray()).toEqual([[2]]);
    expect(() => listed.apply([t([[1, 1]])])).toThrow("The structure of `inputs` doesn't match the expected structure.");
  });

  it("converts inputs to each Input's dtype and fixes a trailing size-1 axis", () => {
    const ids = Input({ shape: [3], dtype: "int32", name: "ids" });
    const model = new Model({ inputs: ids, outputs: ops.add(ids, 1) });
    const y = model.apply([[1, 2, 3]]);
    expect(y.dtype).toBe("int32");
    expect(y.toArray()).toEqual([[2, 3, 4]]);
    expect(model.apply(new Tensor(Int32Array.from([1, 2, 3]), [1, 3, 1], "int32")).shape).toEqual([1, 3]);
    expect(() => model.apply(new Tensor(new Int32Array(6), [1, 3, 2], "int32"))).toThrow(
      "Invalid input shape for input Tensor(shape=(1, 3, 2), dtype=int32) with name 'ids' and path ''. Expected shape (None, 3), but input has incompatible shape (1, 3, 2)",
    );
    expect(() => model.apply(new Tensor(new Int32Array(4), [1, 4], "int32"))).toThrow(
      "Input 0 with name 'ids' of layer 'functional' is incompatible with the layer: expected shape=(None, 3), found shape=(1, 4)",
    );
  });

  it("propagates training to every layer of the graph", () => {
    const seen: unknown[] = [];
    class Probe extends Layer {
      override call(x: Tensor, { training }: { training?: boolean | null } = {}) {
        seen.push(training);
        return x;
      }
      override computeOutputShape(s: (number | null)[]) {
        return s;
      }
    }
    const x = Input({ shape: [1] });
    const model = new Model({ inputs: x, outputs: new Probe().apply(new Probe().apply(x)) });
    model.apply(t([[1]]), { training: true });
    model.predict(t([[1]]));
    expect(seen).toEqual([true, true, false, false]);
  });

  it("nested and shared models: a model used as a layer twice", () => {
    const inner = Input({ shape: [2], name: "inner_in" });
    const encoder = new Model({ inputs: inner, outputs: fixedDense(3, "enc").apply(inner), name: "encoder" });
    const a = Input({ shape: [2], name: "a" });
    const b = Input({ shape: [2], name: "b" });
    const ea = encoder.apply(a);
    const eb = encoder.apply(b);
    expect(ea.shape).toEqual([null, 3]);
    const outer = new Model({ inputs: [a, b], outputs: ops.add(ea, eb), name: "outer" });
    expect(outer.apply([t([[1, 2]]), t([[3, 4]])]).toArray()).toEqual([[10, 10, 10]]);
    expect(outer.weights.length).toBe(2);
    const config = outer.getConfig();
    const entry = config.layers.find((l: any) => l.name === "encoder");
    expect(entry.class_name).toBe("Functional");
    expect(entry.inbound_nodes.map((n: any) => n.args[0].config.keras_history)).toEqual([["a", 0, 0], ["b", 0, 0]]);
    expect(entry.inbound_nodes[0].kwargs).toEqual({ mask: null });
    const alsoOut = new Model({ inputs: a, outputs: ea, name: "passthrough" });
    // A nested Functional's output uses node_index + 1 in output_layers (Keras convention).
    expect(alsoOut.getConfig().output_layers).toEqual(["encoder", 1, 0]);
    const reloaded = Model.fromConfig(JSON.parse(JSON.stringify(alsoOut.getConfig())));
    reloaded.setWeights(alsoOut.getWeights());
    expect(reloaded.apply(t([[1, 1]])).toArray()).toEqual([[2, 2, 2]]);
    expectSameConfig(reloaded.getConfig(), JSON.parse(JSON.stringify(alsoOut.getConfig())));
  });

  it("predict batches along axis 0 and concatenates; multi-output gives a list", () => {
    const x = Input({ shape: [2] });
    const calls: number[] = [];
    class Count extends Layer {
      override call(v: Tensor) {
        calls.push(v.shape[0]);
        return v;
      }
      override computeOutputShape(s: (number | null)[]) {
        return s;
      }
    }
    const y = new Count().apply(fixedDense(1, "d").apply(x));
    const model = new Model({ inputs: x, outputs: [y, ops.multiply(y, 2)] });
    const data = Array.from({ length: 5 }, (_, i) => [i, 1]);
    const [p, q] = model.predict(data, { batchSize: 2 });
    expect(calls).toEqual([2, 2, 1]);
    expect(p.toArray()).toEqual([[1], [2], [3], [4], [5]]);
    expect(q.toArray()).toEqual([[2], [4], [6], [8], [10]]);
    expect(() => model.predict(data, { batchSize: 0 })).toThrow("Argument `batch_size` must be a positive integer or None. Received: batch_size=0");
  });

  it("getLayer by name or index, with Keras's errors", () => {
    const x = Input({ shape: [2], name: "x" });
    const model = new Model({ inputs: x, outputs: fixedDense(1, "d").apply(x) });
    expect(model.getLayer("d").name).toBe("d");
    expect(model.getLayer(0).name).toBe("x");
    expect(() => model.getLayer("nope")).toThrow("No such layer: nope. Existing layers are: ['x', 'd'].");
    expect(() => model.getLayer(5)).toThrow("Was asked to retrieve layer at index 5 but model only has 2 layers.");
    expect(() => model.getLayer({ name: "d", index: 1 })).toThrow("Provide only a layer name or a layer index. Received: index=1, name=d.");
    expect(() => model.getLayer()).toThrow("Provide either a layer name or layer index at `get_layer`.");
  });
});

describe("serialization", () => {
  it("dict inputs/outputs: input_layers and output_layers mirror the structures; JSON round trip", () => {
    const a = Input({ shape: [2], name: "a" });
    const b = Input({ shape: [2], name: "b" });
    const model = new Model({ inputs: { a, b }, outputs: { out: fixedDense(1, "out").apply(ops.add(a, b)) }, name: "dict_model" });
    const config = model.getConfig();
    expect(config.input_layers).toEqual({ a: ["a", 0, 0], b: ["b", 0, 0] });
    expect(config.output_layers).toEqual({ out: ["out", 0, 0] });
    const json = model.toJson();
    expect(json.startsWith('{"module": "keras.src.models.functional", "class_name": "Functional", "config": {"name": "dict_model"')).toBe(true);
    const again = models.modelFromJson(json);
    expect(Object.keys(again.input)).toEqual(["a", "b"]);
    again.setWeights(model.getWeights());
    expect(again.apply({ a: t([[1, 2]]), b: t([[3, 4]]) }).out.toArray()).toEqual([[10]]);
  });

  it("loads Keras 2 configs (nested-list inbound_nodes, batch_input_shape, no module keys)", () => {
    const keras2 = {
      class_name: "Functional",
      config: {
        name: "model",
        layers: [
          { class_name: "InputLayer", config: { batch_input_shape: [null, 3], dtype: "float32", sparse: false, ragged: false, name: "input_1" }, name: "input_1", inbound_nodes: [] },
          {
            class_name: "Dense",
            config: {
              name: "dense", trainable: true, dtype: "float32", units: 2, activation: "relu", use_bias: true,
              kernel_initializer: { class_name: "GlorotUniform", config: { seed: null } }, bias_initializer: { class_name: "Zeros", config: {} },
              kernel_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, bias_constraint: null,
            },
            name: "dense",
            inbound_nodes: [[["input_1", 0, 0, {}]]],
          },
          {
            class_name: "Dense",
            config: { name: "dense_1", trainable: true, dtype: "float32", units: 1, activation: "linear", use_bias: true },
            name: "dense_1",
            inbound_nodes: [[["dense", 0, 0, {}]]],
          },
        ],
        input_layers: [["input_1", 0, 0]],
        output_layers: [["dense_1", 0, 0]],
      },
      keras_version: "2.13.1",
      backend: "tensorflow",
    };
    const model = models.modelFromJson(JSON.stringify(keras2));
    expect(model.layers.map((l) => l.name)).toEqual(["input_1", "dense", "dense_1"]);
    expect(model.getConfig().input_layers).toEqual([["input_1", 0, 0]]);
    expect(model.predict(t([[1, 2, 3]])).shape).toEqual([1, 1]);
    expect((model.getLayer("dense") as layers.Dense).getConfig().dtype.config.name).toBe("float32");
  });

  it("unknown classes ask to be registered", () => {
    const config = { module: "keras.layers", class_name: "Mystery", config: {}, registered_name: null, name: "m", inbound_nodes: [] };
    expect(() => Model.fromConfig({ name: "x", trainable: true, layers: [config], input_layers: [], output_layers: [] })).toThrow(
      "Could not locate class 'Mystery'. Make sure custom classes and functions are registered: decorate or call keras.saving.registerKerasSerializable",
    );
  });
});

describe("KerasTensor inputs of raw ops build a model too", () => {
  it("ops-only models", () => {
    const x = Input({ shape: [3] });
    const model = new Model({ inputs: x, outputs: (ops.sum as unknown as (...a: unknown[]) => KerasTensor)(ops.square(x), { axis: -1 }) });
    expect(model.apply(t([[1, 2, 3]])).toArray()).toEqual([14]);
    expect(model.outputShape).toEqual([null]);
    expect(model.output).toBeInstanceOf(KerasTensor);
    void vi;
    void Sequential;
  });
});
