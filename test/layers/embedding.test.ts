/**
 * keras.layers.Embedding: contract, Keras fixtures (plain and mask_zero), hand
 * lookups, ids as floats, `weights`, masks reaching the following layers
 * (eagerly, symbolically and through models), deprecated `inputLength`, LoRA,
 * gradients (a scatter-add of the upstream rows) and errors.
 */
import { describe, expect, it, vi } from "vitest";
import { GradientTape, Input, Layer, layers, Model, ops, Sequential, Tensor } from "../../src/index.js";
import { expectClose } from "../utils/gradcheck.js";
import { runLayerFixture } from "../utils/layer-fixture.js";
import { runLayerTest } from "../utils/layer-test.js";

const { Embedding } = layers;
/** A 4 x 2 table with row i = [10 i, 10 i + 1]. */
const TABLE = [[0, 1], [10, 11], [20, 21], [30, 31]];
const ids = (rows: number[][]) => new Tensor(Int32Array.from(rows.flat()), [rows.length, rows[0].length], "int32");

/** Sums its input over the last axis where the Keras mask is true (so it proves the mask arrived in `call`); consumes the mask. */
class MaskedRowSum extends Layer {
  constructor() {
    super();
    this.supportsMasking = true;
  }
  override computeMask(): null {
    return null;
  }
  override call(inputs: Tensor, { mask }: { mask?: Tensor | null } = {}): Tensor {
    const summed = ops.sum(inputs, -1);
    return mask ? ops.multiply(summed, ops.cast(mask, summed.dtype)) : summed;
  }
  override computeOutputShape(shape: (number | null)[]): (number | null)[] {
    return shape.slice(0, -1);
  }
}

describe("Embedding: layer contract", () => {
  it("plain", () => {
    runLayerTest({
      layerCls: Embedding, initArgs: [10, 4], inputShape: [2, 3], inputDtype: "int32", expectedOutputShape: [2, 3, 4],
      expectedOutputDtype: "float32", expectedNumTrainableWeights: 1, expectedNumNonTrainableWeights: 0, expectedNumSeedGenerators: 0,
      expectedNumLosses: 0, supportsMasking: false,
    });
  });
  it("mask_zero: mask of the ids' shape", () => {
    runLayerTest({
      layerCls: Embedding, initArgs: [5, 2], initKwargs: { maskZero: true }, inputShape: [3, 4, 2], inputDtype: "int32",
      expectedOutputShape: [3, 4, 2, 2], supportsMasking: true, expectedMaskShape: [3, 4, 2],
    });
  });
  it("hand lookups with given weights; float ids are cast, not rounded up", () => {
    runLayerTest({ layerCls: Embedding, initArgs: [4, 2], initKwargs: { weights: TABLE }, inputData: ids([[3, 0], [1, 1]]), expectedOutput: [[[30, 31], [0, 1]], [[10, 11], [10, 11]]] });
    const layer = new Embedding(4, 2, { weights: TABLE });
    const floatIds = new Tensor(Float32Array.from([2, 1.7]), [1, 2], "float32");
    expect(layer.apply(floatIds).toArray()).toEqual([[[20, 21], [10, 11]]]);
  });
  it("regularized embeddings and an activity regularizer give two losses", () => {
    runLayerTest({
      layerCls: Embedding, initArgs: [6, 3], initKwargs: { embeddingsRegularizer: "l2", activityRegularizer: "l1" },
      inputShape: [2, 2], inputDtype: "int32", expectedOutputShape: [2, 2, 3], expectedNumLosses: 2,
    });
  });
  it("LoRA", () => {
    runLayerTest({ layerCls: Embedding, initArgs: [6, 3], initKwargs: { loraRank: 2 }, inputShape: [2, 2], inputDtype: "int32", expectedOutputShape: [2, 2, 3], expectedNumTrainableWeights: 2, expectedNumNonTrainableWeights: 1 });
  });
});

describe("Embedding: Keras fixtures", () => {
  it.each(["embedding_plain", "embedding_mask_zero"])("%s", (name) => {
    runLayerFixture(name);
  });
});

describe("Embedding: masks reach the following layers", () => {
  const table = { weights: TABLE, maskZero: true };
  const x = ids([[1, 0, 2], [0, 3, 3]]);
  const expectedMask = [[true, false, true], [false, true, true]];
  // Row sums of TABLE: id 1 -> 21, 2 -> 41, 3 -> 61; masked positions give 0.
  const expectedSums = [[21, 0, 41], [0, 61, 61]];

  it("eagerly, through layer.apply chains", () => {
    const emb = new Embedding(4, 2, table).apply(x);
    expect((emb.kerasMask as Tensor).toArray()).toEqual(expectedMask);
    const dropped = new layers.Dropout(0.5).apply(emb);
    expect((dropped.kerasMask as Tensor).toArray()).toEqual(expectedMask);
    const dense = new layers.Dense(3).apply(dropped);
    expect((dense.kerasMask as Tensor).toArray()).toEqual(expectedMask);
    expect(new MaskedRowSum().apply(emb).toArray()).toEqual(expectedSums);
  });
  it("symbolically and through a functional Model", () => {
    const input = Input({ shape: [3], dtype: "int32" });
    const emb = new Embedding(4, 2, table).apply(input);
    expect(emb.kerasMask?.shape).toEqual([null, 3]);
    expect(emb.kerasMask?.dtype).toBe("bool");
    const act = new layers.Activation("linear").apply(emb);
    expect(act.kerasMask?.shape).toEqual([null, 3]);
    const model = new Model({ inputs: input, outputs: new MaskedRowSum().apply(act) });
    expect((model.predict(x) as Tensor).toArray()).toEqual(expectedSums);
  });
  it("through a Sequential model", () => {
    const model = new Sequential([Input({ shape: [3], dtype: "int32" }), new Embedding(4, 2, table), new layers.Identity(), new MaskedRowSum()]);
    expect((model.predict(x) as Tensor).toArray()).toEqual(expectedSums);
  });
  it("without maskZero there is no mask", () => {
    const emb = new Embedding(4, 2, { weights: TABLE }).apply(x);
    expect(emb.kerasMask ?? null).toBeNull();
    expect(new Embedding(4, 2).computeMask(x)).toBeNull();
    expect(new MaskedRowSum().apply(emb).toArray()).toEqual([[21, 1, 41], [1, 61, 61]]);
  });
});

describe("Embedding: deprecated inputLength", () => {
  it("gives a first layer its input shape (Embedding -> Flatten -> Dense builds without an Input) and warns once", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const first = new Embedding(10, 3, { inputLength: 4 });
      new Embedding(10, 3, { inputLength: 5 });
      const inputLengthWarnings = warn.mock.calls.filter((c) => String(c[0]).includes("input_length"));
      expect(inputLengthWarnings.length).toBe(1);
      const model = new Sequential([first, new layers.Flatten(), new layers.Dense(2)]);
      expect(model.built).toBe(true);
      expect(model.outputShape).toEqual([null, 2]);
      expect(model.layers[1].outputShape).toEqual([null, 12]);
      const y = model.predict(ids([[1, 2, 3, 4], [0, 0, 0, 9]])) as Tensor;
      expect(y.shape).toEqual([2, 2]);
      // input_length is not part of the Keras 3 config.
      expect("input_length" in first.getConfig()).toBe(false);
    } finally {
      warn.mockRestore();
    }
  });
  it("Keras 2 configs carrying input_length load", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const layer = layers.deserialize({
        class_name: "Embedding",
        config: { name: "emb", trainable: true, dtype: "float32", batch_input_shape: [null, 7], input_dim: 20, output_dim: 4, input_length: 7, mask_zero: false, embeddings_initializer: { class_name: "RandomUniform", config: { minval: -0.05, maxval: 0.05, seed: null } } },
      }) as InstanceType<typeof Embedding>;
      expect(layer.inputDim).toBe(20);
      expect(layer._inputShapeArg).toEqual([7]);
    } finally {
      warn.mockRestore();
    }
  });
});

describe("Embedding: gradients", () => {
  it("d sum(out * w) / d embeddings adds the upstream rows of every occurrence", () => {
    const layer = new Embedding(4, 2, { weights: TABLE });
    const x = ids([[1, 3, 1]]);
    const w = new Tensor(Float32Array.from([1, 2, 3, 4, 5, 6]), [1, 3, 2], "float32");
    const tape = new GradientTape();
    tape.watch(layer.trainableWeights);
    const loss = tape.record(() => ops.sum(ops.multiply(layer.apply(x), w)));
    const [g] = tape.gradient(loss, layer.trainableWeights);
    // Row 1 is used twice ([1, 2] + [5, 6]), row 3 once ([3, 4]), rows 0 and 2 never.
    expect(g!.toArray()).toEqual([[0, 0], [6, 8], [0, 0], [3, 4]]);
    expect(loss.item()).toBe(10 * 1 + 11 * 2 + 30 * 3 + 31 * 4 + 10 * 5 + 11 * 6);
  });
  it("LoRA: gradients reach only the low-rank factors; the output starts equal to the frozen table", () => {
    const layer = new Embedding(4, 2, { weights: TABLE });
    layer.enableLora(1);
    const x = ids([[2, 0]]);
    expect(layer.apply(x).toArray()).toEqual([[[20, 21], [0, 1]]]);
    expect(layer.trainableWeights.map((v) => v.name)).toEqual(["lora_embeddings_a", "lora_embeddings_b"]);
    const tape = new GradientTape();
    tape.watch(layer.trainableWeights);
    const loss = tape.record(() => ops.sum(layer.apply(x)));
    const [ga, gb] = tape.gradient(loss, layer.trainableWeights);
    // b = 0, so dL/da = 0 and dL/db = (a[2] + a[0]) * outputDim ones, times alpha / rank = 1.
    const a = layer.loraEmbeddingsA!.value.data;
    expectClose(ga!, [0, 0, 0, 0]);
    expectClose(gb!, [a[2] + a[0], a[2] + a[0]]);
    expect(layer.getConfig().lora_rank).toBe(1);
  });
});

describe("Embedding: errors and config", () => {
  it("rejects bad sizes and options", () => {
    expect(() => new Embedding(0, 3)).toThrow(/input_dim/);
    expect(() => new Embedding(3, 1.5)).toThrow(/output_dim/);
    expect(() => new Embedding(3, 2, { quantizationConfig: "int8" as never })).toThrow(/quantization/);
    expect(() => new Embedding(3, 2, { weights: [[1, 2, 3]] })).toThrow(/not compatible with provided weight shape \(1, 3\)/);
    // As in Keras, LoRA is enabled (and refused) when the layer builds.
    expect(() => new Embedding(3, 2, { embeddingsConstraint: "non_neg", loraRank: 2 }).build([1])).toThrow("Lora is incompatible with embedding constraints");
  });
  it("an id outside [-inputDim, inputDim) is an error, not a silent value", () => {
    expect(() => new Embedding(4, 2).apply(ids([[4]]))).toThrow();
  });
  it("`weights` accepts a matrix, a one-element list and a Tensor", () => {
    const t = new Tensor(Float32Array.from(TABLE.flat()), [4, 2], "float32");
    for (const weights of [TABLE, [TABLE], t, [t]]) {
      const layer = new Embedding(4, 2, { weights });
      expect(layer.getWeights()[0].toArray()).toEqual(TABLE);
      expect(layers.serialize(layer).build_config).toEqual({ shapes_dict: {} });
    }
  });
  it("config keys in Keras's order, activity_regularizer always present", () => {
    expect(Object.keys(new Embedding(3, 2).getConfig())).toEqual([
      "name", "trainable", "dtype", "input_dim", "output_dim", "embeddings_initializer", "embeddings_regularizer",
      "activity_regularizer", "embeddings_constraint", "mask_zero", "quantization_config",
    ]);
  });
});
