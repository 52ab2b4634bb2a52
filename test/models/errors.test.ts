/** Error paths of layers and models not covered elsewhere, each with its message. */
import { beforeEach, describe, expect, it } from "vitest";
import { Input, KerasTensor, Layer, Model, Sequential, Tensor, layers, models, ops, utils } from "../../src/index.js";

beforeEach(() => utils.clearSession());

const t = (v: number[][]) => new Tensor(Float32Array.from(v.flat()), [v.length, v[0].length], "float32");

describe("layer errors", () => {
  it("shape inference failures name the layer and suggest computeOutputShape", () => {
    class Broken extends Layer {
      override call(x: Tensor) {
        return ops.reshape(x, [7, 7, 7]);
      }
    }
    expect(() => new Broken({ name: "broken" }).apply(Input({ shape: [3] }))).toThrow(
      "Could not automatically infer the output shape / dtype of 'broken' (of type Broken). Either the `Broken.call()` method is incorrect, " +
        "or you need to implement the `Broken.computeOutputSpec() / computeOutputShape()` method. Error encountered:",
    );
  });

  it("computeOutputShape must return shapes", () => {
    class BadShape extends Layer {
      override call(x: Tensor) {
        return x;
      }
      override computeOutputShape() {
        return "nope";
      }
    }
    expect(() => new BadShape().apply(Input({ shape: [3] }))).toThrow(
      "Method `compute_output_shape()` of layer BadShape is returning a type that cannot be interpreted as a shape. It should return a shape tuple. Received: 'nope'",
    );
  });

  it("Dense: undefined last dimension, quantization, LoRA twice", () => {
    expect(() => new layers.Dense(2).apply(Input({ shape: [null] }))).toThrow(
      "The last dimension of the inputs to a Dense layer should be defined. Found None.",
    );
    expect(() => new layers.Dense(2, { quantizationConfig: {} as never })).toThrow("Dense: quantization is not supported by keras-ts; `quantizationConfig` must be null.");
    const d = new layers.Dense(2);
    expect(() => d.enableLora(2)).toThrow("Cannot enable lora on a layer that isn't yet built.");
    d.build([null, 3]);
    d.enableLora(2);
    expect(() => d.enableLora(2)).toThrow("lora is already enabled. This can only be done once per layer.");
  });

  it("InputLayer: input_tensor type and batch size", () => {
    expect(() => new layers.InputLayer({ inputTensor: t([[1]]) as never })).toThrow("Argument `input_tensor` must be a KerasTensor.");
    expect(() => Input({ tensor: new KerasTensor([2, 3]), batchSize: 4 })).toThrow(
      "When providing the `input_tensor` argument, you cannot provide an incompatible `batch_size` argument.",
    );
    expect(() => new layers.InputLayer({ shape: [2], bogus: 1 } as never)).toThrow("Unrecognized keyword arguments passed to InputLayer: {'bogus': 1}");
  });
});

describe("model errors", () => {
  it("functional construction", () => {
    const x = Input({ shape: [2] });
    expect(() => new Model({ inputs: [], outputs: x })).toThrow("`inputs` argument cannot be empty.");
    expect(() => new Model({ inputs: x, outputs: [] })).toThrow("`outputs` argument cannot be empty.");
    class Half extends Model {}
    expect(() => new Half({ inputs: x })).toThrow("A functional model needs both `inputs` and `outputs`.");
  });

  it("non-functional models have no inputs; a subclass must implement call", () => {
    class NoCall extends Model {}
    const m = new NoCall({ name: "nocall" });
    expect(() => m.inputs).toThrow("Model nocall has no defined inputs: it is not a functional model.");
    expect(() => m.apply(t([[1]]))).toThrow("Model NoCall does not have a `call` method implemented.");
  });

  it("optional inputs may be null, others may not", () => {
    const a = Input({ shape: [2], name: "a" });
    const b = Input({ shape: [2], name: "b" });
    const model = new Model({ inputs: [a, b], outputs: ops.add(a, b) });
    expect(() => model.apply([t([[1, 2]]), null])).toThrow("The input 'b' is not optional, but None was passed. Please provide a valid tensor.");
  });

  it("predict: inconsistent batch sizes and empty inputs", () => {
    const a = Input({ shape: [1], name: "a" });
    const b = Input({ shape: [1], name: "b" });
    const model = new Model({ inputs: [a, b], outputs: ops.add(a, b) });
    expect(() => model.predict([t([[1], [2]]), t([[1]])])).toThrow(
      "Data cardinality is ambiguous. Make sure all arrays contain the same number of samples.'x' sizes: 2, 1",
    );
    expect(() => model.predict([null, null])).toThrow("Expected `x` to contain at least one array or tensor.");
  });

  it("functional configs: unknown layer references, nodes that never appear, non-operations", () => {
    const input = { module: "keras.layers", class_name: "InputLayer", config: { batch_shape: [null, 2], dtype: "float32", sparse: false, ragged: false, name: "x", optional: false }, registered_name: null, name: "x", inbound_nodes: [] };
    const kt = (name: string, node: number) => ({ class_name: "__keras_tensor__", config: { shape: [null, 2], dtype: "float32", keras_history: [name, node, 0] } });
    const dense = (nodes: unknown[]) => ({
      module: "keras.layers",
      class_name: "Dense",
      config: new layers.Dense(2, { name: "d" }).getConfig(),
      registered_name: null,
      name: "d",
      inbound_nodes: nodes,
    });
    const base = { name: "m", trainable: true, input_layers: ["x", 0, 0], output_layers: ["d", 0, 0] };
    expect(() => Model.fromConfig({ ...base, layers: [input, dense([{ args: [kt("ghost", 0)], kwargs: {} }])] })).toThrow("Unknown layer: ghost");
    expect(() => Model.fromConfig({ ...base, layers: [input, dense([{ args: [kt("x", 3)], kwargs: {} }])] })).toThrow(
      "Cannot rebuild the functional model 'm': the inbound nodes of 'd' refer to nodes that never get created.",
    );
    const initializer = { module: "keras.initializers", class_name: "Zeros", config: {}, registered_name: null, name: "z", inbound_nodes: [] };
    expect(() => Model.fromConfig({ ...base, layers: [input, initializer] })).toThrow("Unexpected object from deserialization, expected a layer or operation");
  });

  it("modelFromJson: invalid JSON, or JSON of something else", () => {
    expect(() => models.modelFromJson("{not json")).toThrow("modelFromJson: invalid JSON");
    expect(() => models.modelFromJson(JSON.stringify(layers.serialize(new layers.Dense(1))))).toThrow(
      "modelFromJson: the JSON does not describe a model (class_name Dense).",
    );
  });

  it("summary layerRange must match layer names", () => {
    const model = new Sequential([Input({ shape: [2] }), new layers.Dense(1, { name: "d" })]);
    expect(() => model.summary({ layerRange: ["zzz", "d"], printFn: () => {} })).toThrow(
      'Passed layer_names do not match the layer names in the model. Received: ["zzz","d"]',
    );
  });

  it("build of a subclassed model reports layers that cannot run symbolically", () => {
    class Eager extends Model {
      inner = new layers.Dense(2);
      override call(x: Tensor) {
        return this.inner.apply(ops.reshape(x, [5, 5, 5]));
      }
    }
    expect(() => new Eager().build([null, 3])).toThrow("You cannot build your model by calling `build` if your layers do not support symbolic tensors.");
  });
});
