/** Lambda: calling functions with arguments / mask / training, output shapes, masks, serialization of registered functions, Python lambdas refused. */
import { describe, expect, it } from "vitest";
import { Input, Model, Tensor, layers, ops, saving } from "../../../src/index.js";
import { registerKerasSerializable } from "../../../src/saving/object-registration.js";
import { runLayerTest } from "../../utils/layer-test.js";

const { Lambda } = layers;
const t32 = (values: number[], shape: number[]) => new Tensor(Float32Array.from(values), shape, "float32");

/** A registered function, as a user would write it to be able to save the model. */
function scaleBy(x: Tensor, { factor = 1 }: { factor?: number } = {}): Tensor {
  return ops.multiply(x, factor) as Tensor;
}
registerKerasSerializable({ package: "LambdaTest" })(scaleBy);
function keepMask(_inputs: unknown, mask: unknown): unknown {
  return mask;
}
registerKerasSerializable({ package: "LambdaTest" })(keepMask);

describe("Lambda", () => {
  it("contract: a stateless wrapper with inferred output shape", () => {
    runLayerTest({
      factory: () => new Lambda(scaleBy, { arguments: { factor: 2 } }),
      layerCls: Lambda, inputShape: [2, 3], expectedOutputShape: [2, 3], expectedNumTrainableWeights: 0,
      assertBuiltAfterInstantiation: true,
    });
  });

  it("calls the function with `arguments`, and passes mask / training only when the function names them", () => {
    const x = t32([1, -2, 3], [1, 3]);
    expect(Array.from((new Lambda(scaleBy, { arguments: { factor: 3 } }).apply(x) as Tensor).data)).toEqual([3, -6, 9]);
    expect(Array.from((new Lambda((v: Tensor) => ops.abs(v)).apply(x) as Tensor).data)).toEqual([1, 2, 3]);

    const seen: unknown[] = [];
    const spy = new Lambda((v: Tensor, { training }: { training?: boolean | null } = {}) => {
      seen.push(training);
      return v;
    });
    spy.apply(x, { training: true });
    spy.apply(x);
    expect(seen).toEqual([true, null]);

    // An op with its own options object is not handed mask / training it does not know.
    const summed = new Lambda(ops.sum as never, { arguments: { axis: -1 } }).apply(x) as Tensor;
    expect(Array.from(summed.data)).toEqual([2]);
  });

  it("output shapes: inferred symbolically, given without the batch axis, or computed by a function", () => {
    const inp = Input({ shape: [4, 3] });
    expect(new Lambda((v: Tensor) => ops.sum(v, -1)).apply(inp).shape).toEqual([null, 4]);
    const given = new Lambda((v: Tensor) => ops.reshape(v, [-1, 12]), { outputShape: [12] });
    expect(given.apply(inp).shape).toEqual([null, 12]);
    expect(given.computeOutputShape([7, 4, 3])).toEqual([7, 12]);
    const fnShape = new Lambda((v: Tensor) => ops.concatenate([v, v], -1), { outputShape: (s: (number | null)[]) => [s[0], s[1], 6] });
    expect(fnShape.apply(inp).shape).toEqual([null, 4, 6]);
    expect(() => new Lambda((v: Tensor) => v, { outputShape: "x" as never })).toThrow(/`output_shape` must be a shape/);
  });

  it("masks: supports masking only with `mask`; a mask function receives (inputs, mask)", () => {
    expect(new Lambda(scaleBy).supportsMasking).toBe(false);
    const ids = Input({ shape: [3], dtype: "int32" });
    const emb = new layers.Embedding(5, 2, { maskZero: true }).apply(ids);
    const withMask = new Lambda(scaleBy, { mask: keepMask }).apply(emb);
    expect(withMask.kerasMask.shape).toEqual([null, 3]);
    const model = new Model({ inputs: ids, outputs: withMask });
    const out = model.apply(new Tensor(Int32Array.from([1, 0, 2]), [1, 3], "int32")) as Tensor;
    expect(out.kerasMask!.toArray()).toEqual([[true, false, true]]);
  });

  it("serializes registered functions as Keras writes them, and round-trips", () => {
    const layer = new Lambda(scaleBy, { arguments: { factor: 2 }, outputShape: [3], mask: keepMask, name: "scale" });
    const config = layer.getConfig();
    expect(config).toEqual({
      name: "scale", trainable: true, dtype: { module: "keras", class_name: "DTypePolicy", config: { name: "float32" }, registered_name: null },
      function: { module: null, class_name: "function", config: "LambdaTest>scaleBy", registered_name: "LambdaTest>scaleBy" },
      output_shape: [3],
      mask: { module: null, class_name: "function", config: "LambdaTest>keepMask", registered_name: "LambdaTest>keepMask" },
      arguments: { factor: 2 },
    });
    const back = layers.deserialize(JSON.parse(JSON.stringify(layers.serialize(layer)))) as InstanceType<typeof Lambda>;
    expect(back.function).toBe(scaleBy);
    expect(back.mask).toBe(keepMask);
    expect(back.getConfig()).toEqual(config);
    expect(Array.from((back.apply(t32([1, 2, 3], [1, 3])) as Tensor).data)).toEqual([2, 4, 6]);
  });

  it("an unregistered function cannot be serialized: a clear error", () => {
    const layer = new Lambda((v: Tensor) => ops.square(v), { name: "sq" });
    expect(() => layer.getConfig()).toThrow(/Lambda layer 'sq': cannot serialize its `function`.*registerKerasSerializable/);
  });

  it("a Python lambda config is refused in safe mode, and cannot run outside it", () => {
    const config = {
      module: "keras.layers", class_name: "Lambda", registered_name: null,
      config: {
        name: "lambda", trainable: true, dtype: "float32", arguments: {},
        function: { class_name: "__lambda__", config: { code: "4wEAAAAAAAAA", defaults: null, closure: null } },
      },
    };
    expect(() => layers.deserialize(config)).toThrow(
      "The `function` of this `Lambda` layer is a Python lambda. Deserializing it is unsafe. If you trust the source of the config " +
        "artifact, you can override this error by passing `safe_mode=False` to `from_config()`, or calling `keras.config.enable_unsafe_deserialization().",
    );
    expect(() => saving.deserializeKerasObject(config, { safeMode: false })).toThrow(/Python lambda \(Python bytecode\), which keras-ts cannot run/);

    // Inside a model config, the caller's safe mode reaches the nested Lambda.
    const modelConfig = {
      module: "keras.src.models.functional", class_name: "Functional", registered_name: "Functional",
      config: {
        name: "m", trainable: true,
        layers: [
          { module: "keras.layers", class_name: "InputLayer", registered_name: null, name: "x", inbound_nodes: [],
            config: { batch_shape: [null, 2], dtype: "float32", sparse: false, ragged: false, name: "x" } },
          { ...config, name: "lambda", inbound_nodes: [{ args: [{ class_name: "__keras_tensor__", config: { shape: [null, 2], dtype: "float32", keras_history: ["x", 0, 0] } }], kwargs: {} }] },
        ],
        input_layers: [["x", 0, 0]], output_layers: [["lambda", 0, 0]],
      },
    };
    expect(() => saving.deserializeKerasObject(modelConfig)).toThrow(/Deserializing it is unsafe/);
    expect(() => saving.deserializeKerasObject(modelConfig, { safeMode: false })).toThrow(/keras-ts cannot run/);
  });
});
