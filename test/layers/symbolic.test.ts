/** KerasTensor, Node, InputSpec, InputLayer / Input, raw ops on KerasTensors, and the tf.keras node accessors. */
import { beforeEach, describe, expect, it } from "vitest";
import { Input, InputSpec, KerasTensor, Model, Tensor, layers, ops, saving, utils } from "../../src/index.js";
import { assertInputCompatibility } from "../../src/layers/input-spec.js";

beforeEach(() => utils.clearSession());

describe("KerasTensor", () => {
  it("auto names, repr and rank", () => {
    const a = new KerasTensor([null, 3]);
    const b = new KerasTensor([5], { dtype: "int32", name: "ids" });
    expect(a.name).toBe("keras_tensor");
    expect(new KerasTensor([1]).name).toBe("keras_tensor_1");
    expect(String(a)).toBe("<KerasTensor shape=(None, 3), dtype=float32, sparse=False, ragged=False, name=keras_tensor>");
    expect(String(b)).toBe("<KerasTensor shape=(5,), dtype=int32, sparse=False, ragged=False, name=ids>");
    expect(a.ndim).toBe(2);
    expect(() => new KerasTensor([2, -1])).toThrow("Cannot convert '(2, -1)' to a shape. Found invalid dimension '-1'.");
  });

  it("serializes as __keras_tensor__ with its history", () => {
    const x = Input({ shape: [3], name: "x" });
    expect(saving.serializeKerasObject(x)).toEqual({
      class_name: "__keras_tensor__",
      config: { shape: [null, 3], dtype: "float32", keras_history: ["x", 0, 0] },
    });
    const revived = saving.deserializeKerasObject(saving.serializeKerasObject(x) as object) as KerasTensor;
    expect(revived).toBeInstanceOf(KerasTensor);
    expect(revived.shape).toEqual([null, 3]);
  });
});

describe("Input / InputLayer", () => {
  it("Input makes a KerasTensor from an InputLayer's root node", () => {
    const x = Input({ shape: [4], batchSize: 2, dtype: "int32", name: "ids" });
    expect(x.shape).toEqual([2, 4]);
    expect(x.dtype).toBe("int32");
    const layer = x.kerasHistory!.operation as layers.InputLayer;
    expect(layer).toBeInstanceOf(layers.InputLayer);
    expect(layer.name).toBe("ids");
    expect(layer.inboundNodes[0].isInput).toBe(true);
    expect(layer.getConfig()).toEqual({ batch_shape: [2, 4], dtype: "int32", sparse: false, ragged: false, name: "ids", optional: false });
    const unnamed = Input({ shape: [2] });
    expect((unnamed.kerasHistory!.operation as layers.Layer).name).toBe("input_layer");
    expect(unnamed.name).toBe("keras_tensor");
  });

  it("accepts batchShape, sparse (stored dense), optional, an existing tensor, and legacy configs", () => {
    const x = Input({ batchShape: [null, 2, 3], sparse: true, optional: true, name: "s" });
    const layer = x.kerasHistory!.operation as layers.InputLayer;
    expect(layer.getConfig()).toEqual({ batch_shape: [null, 2, 3], dtype: "float32", sparse: true, ragged: false, name: "s", optional: true });
    const kt = new KerasTensor([null, 7], { name: "given" });
    expect(Input({ tensor: kt })).toBe(kt);
    const legacy = layers.InputLayer.fromConfig({ batch_input_shape: [null, 5], dtype: "float32", sparse: false, ragged: false, name: "input_1" });
    expect(legacy.batchShape).toEqual([null, 5]);
    expect(legacy.name).toBe("input_1");
  });

  it("argument errors use Keras's messages", () => {
    expect(() => Input({})).toThrow("You must pass a `shape` argument.");
    expect(() => Input({ shape: [2], batchShape: [null, 2] })).toThrow("You cannot pass both `shape` and `batch_shape` at the same time.");
    expect(() => Input({ batchSize: 3, batchShape: [null, 2] })).toThrow("You cannot pass both `batch_size` and `batch_shape` at the same time.");
    const kt = new KerasTensor([null, 7]);
    expect(() => Input({ tensor: kt, shape: [8] })).toThrow("When providing the `input_tensor` argument, you cannot provide an incompatible `shape` argument.");
    expect(() => Input({ tensor: kt, dtype: "int32" })).toThrow("When providing the `input_tensor` argument, you cannot provide an incompatible `dtype` argument.");
  });
});

describe("InputSpec", () => {
  const x = (shape: number[], dtype: Tensor["dtype"] = "float32") =>
    new Tensor(dtype === "int32" ? new Int32Array(shape.reduce((a, b) => a * b, 1)) : new Float32Array(shape.reduce((a, b) => a * b, 1)), shape, dtype);

  it("repr and config", () => {
    const spec = new InputSpec({ dtype: "float32", shape: [null, 3], axes: { [-1]: 3 } });
    expect(String(spec)).toBe("InputSpec(dtype=float32, shape=(None, 3), ndim=2, axes={-1: 3})");
    expect(spec.getConfig()).toEqual({ dtype: "float32", shape: [null, 3], ndim: 2, max_ndim: null, min_ndim: null, axes: { "-1": 3 }, optional: false });
    expect(() => new InputSpec({ ndim: 2, axes: { 3: 1 } })).toThrow("Axis 3 is greater than the maximum allowed value: 1");
  });

  it("each check's message", () => {
    const name = "Input 0 with name 'None' of layer 'l' is incompatible with the layer: ";
    expect(() => assertInputCompatibility(new InputSpec({ ndim: 3 }), x([2, 4]), "l")).toThrow(`${name}expected ndim=3, found ndim=2. Full shape received: (2, 4)`);
    expect(() => assertInputCompatibility(new InputSpec({ maxNdim: 1 }), x([2, 4]), "l")).toThrow(`${name}expected max_ndim=1, found ndim=2`);
    expect(() => assertInputCompatibility(new InputSpec({ minNdim: 3 }), x([2, 4]), "l")).toThrow(`${name}expected min_ndim=3, found ndim=2. Full shape received: (2, 4)`);
    expect(() => assertInputCompatibility(new InputSpec({ dtype: "int32" }), x([2]), "l")).toThrow(`${name}expected dtype=int32, found dtype=float32`);
    expect(() => assertInputCompatibility(new InputSpec({ axes: { [-1]: 3 } }), x([2, 4]), "l")).toThrow(
      `${name}expected axis -1 of input shape to have value 3, but received input with shape (2, 4)`,
    );
    expect(() => assertInputCompatibility(new InputSpec({ axes: { 2: 3 } }), x([2, 4]), "l")).toThrow(
      `${name}axis 2 is out of bounds for an input with ndim=2. Full shape received: (2, 4)`,
    );
    expect(() => assertInputCompatibility(new InputSpec({ shape: [null, 5] }), x([2, 4]), "l")).toThrow(`${name}expected shape=(None, 5), found shape=(2, 4)`);
    expect(() => assertInputCompatibility([new InputSpec(), new InputSpec()], [x([1])], "l")).toThrow(
      'Layer "l" expects 2 input(s), but it received 1 input tensors.',
    );
    expect(() => assertInputCompatibility(new InputSpec(), 5, "l")).toThrow("Inputs to a layer should be tensors. Got '5' (of type number) as input for layer 'l'.");
  });

  it("passes compatible inputs, unknown dims, squeezable last axes and optional None", () => {
    assertInputCompatibility(new InputSpec({ shape: [null, 3], allowLastAxisSqueeze: true }), x([2, 3, 1]), "l");
    assertInputCompatibility(new InputSpec({ shape: [null, 3] }), new KerasTensor([null, 3]), "l");
    assertInputCompatibility(new InputSpec({ optional: true }), null, "l");
    assertInputCompatibility(
      [new InputSpec({ name: "a", shape: [null, 1] }), new InputSpec({ name: "b", dtype: "int32" })],
      { b: x([2], "int32"), a: x([2, 1]) },
      "l",
    );
    expect(() => assertInputCompatibility([new InputSpec({ name: "a" }), new InputSpec({ name: "b" })], { a: x([1]) }, "l")).toThrow(
      `Missing data for input "b". You passed a data dictionary with keys ['a']. Expected the following keys: ['a', 'b']`,
    );
  });
});

describe("raw ops on KerasTensors", () => {
  it("create op nodes with inferred shapes (unknown dims found by two dummy runs)", () => {
    const x = Input({ shape: [null, 3], name: "x" });
    const y = ops.transpose(x, [0, 2, 1]);
    expect(y.shape).toEqual([null, 3, null]);
    // ops whose optional arguments have several forms are typed for tensors only: call them loosely on KerasTensors.
    const s = (ops.sum as unknown as (...a: unknown[]) => KerasTensor)(y, { axis: 1 });
    expect(s.shape).toEqual([null, null]);
    const op = s.kerasHistory!.operation!;
    expect(op.constructor.name).toBe("Sum");
    expect(op.name).toBe("sum");
    expect(op.getConfig()).toEqual({ name: "sum", axis: 1 });
    expect(ops.matmul(Input({ shape: [4, 2] }), Input({ shape: [2, 5] })).shape).toEqual([null, 4, 5]);
    const c = ops.cast(Input({ shape: [2] }), "int32");
    expect(c.dtype).toBe("int32");
  });

  it("serialize in a functional model like Keras's op classes and round trip", () => {
    const a = Input({ shape: [3], name: "a" });
    const b = Input({ shape: [3], name: "b" });
    const y = new layers.Dense(2, { name: "d" }).apply(ops.add(a, ops.multiply(b, 2)));
    const model = new Model({ inputs: [a, b], outputs: y, name: "m" });
    const config = model.getConfig();
    const mul = config.layers.find((l: any) => l.name === "multiply");
    expect(mul).toEqual({
      module: "keras.src.ops.numpy",
      class_name: "Multiply",
      config: { name: "multiply" },
      registered_name: "Multiply",
      name: "multiply",
      inbound_nodes: [{ args: [{ class_name: "__keras_tensor__", config: { shape: [null, 3], dtype: "float32", keras_history: ["b", 0, 0] } }, 2], kwargs: {} }],
    });
    const reloaded = Model.fromConfig(JSON.parse(JSON.stringify(config)));
    reloaded.setWeights(model.getWeights());
    const xa = new Tensor(Float32Array.from([1, 2, 3]), [1, 3], "float32");
    const xb = new Tensor(Float32Array.from([-1, 0, 1]), [1, 3], "float32");
    expect(reloaded.predict([xa, xb]).toArray()).toEqual(model.predict([xa, xb]).toArray());
    expect(JSON.parse(JSON.stringify(reloaded.getConfig()))).toEqual(JSON.parse(JSON.stringify(config)));
  });
});

describe("tf.keras node accessors", () => {
  it("getInputAt / getOutputAt / shapes / masks per node; input and output are node 0", () => {
    const d = new layers.Dense(2, { name: "d" });
    const x1 = Input({ shape: [3] });
    const x2 = Input({ shape: [3], batchSize: 4 });
    const y1 = d.apply(x1);
    const y2 = d.apply(x2);
    expect(d.getInputAt(0)).toBe(x1);
    expect(d.getInputAt(1)).toBe(x2);
    expect(d.getOutputAt(1)).toBe(y2);
    expect(d.input).toBe(x1);
    expect(d.output).toBe(y1);
    expect(d.getInputShapeAt(1)).toEqual([4, 3]);
    expect(d.getOutputShapeAt(0)).toEqual([null, 2]);
    expect(d.getInputMaskAt(0)).toBeNull();
    expect(d.inputMask).toBeNull();
    expect(() => d.inputShape).toThrow(
      'The layer "d" has multiple inbound nodes, with different input shapes. Hence the notion of "input shape" is ill-defined for the layer. Use `get_input_shape_at(node_index)` instead.',
    );
    expect(() => d.getInputAt(2)).toThrow("Asked to get input at node 2, but the layer has only 2 inbound nodes.");
    expect(() => d.getOutputShapeAt(5)).toThrow("Asked to get output shape at node 5, but the layer has only 2 inbound nodes.");
  });

  it("same shapes on every node give the shape; never-called layers raise", () => {
    const d = new layers.Dense(2, { name: "d" });
    d.apply(Input({ shape: [3] }));
    d.apply(Input({ shape: [3] }));
    expect(d.inputShape).toEqual([null, 3]);
    expect(d.outputShape).toEqual([null, 2]);
    const fresh = new layers.Dense(2, { name: "fresh" });
    expect(() => fresh.input).toThrow("The layer fresh has never been called and thus has no defined input.");
    expect(() => fresh.output).toThrow("The layer fresh has never been called and thus has no defined output.");
    expect(() => fresh.getInputAt(0)).toThrow("The layer fresh has never been called and thus has no defined input.");
    expect(() => fresh.getOutputShapeAt(0)).toThrow("The layer fresh has never been called and thus has no defined output shape.");
    expect(() => fresh.inputShape).toThrow(
      'The layer "fresh" has never been called and thus has no defined input shape. Note that the `input_shape` property is only available for Functional and Sequential models.',
    );
    const il = Input({ shape: [3], name: "in" }).kerasHistory!.operation as layers.InputLayer;
    expect(il.inputShape).toEqual([[null, 3]]);
  });
});
