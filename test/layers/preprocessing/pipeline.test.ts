/**
 * Pipeline: layers applied in order to unconverted inputs (string arrays
 * included), `training` defaulting to true, masks handed from layer to
 * layer, tracked weights, configs and errors.
 */
import { describe, expect, it } from "vitest";
import { layers, ops, Tensor } from "../../../src/index.js";
import { CategoryEncoding, Pipeline, StringLookup } from "../../../src/layers/preprocessing/index.js";

const arr = (x: unknown) => (x as Tensor).toArray();

describe("Pipeline", () => {
  it("chains a string lookup and a category encoding on JS string arrays", () => {
    const pipeline = new Pipeline([new StringLookup({ vocabulary: ["a", "b", "c"] }), new CategoryEncoding(4, { outputMode: "count" })]);
    // lookup: [[1, 2, 2], [0, 3, 1]] -> counts per row
    expect(arr(pipeline.apply([["a", "b", "b"], ["z", "c", "a"]]))).toEqual([[0, 1, 2, 0], [1, 1, 0, 1]]);
    expect(pipeline.layers.length).toBe(2);
  });

  it("runs its layers in training mode unless told otherwise", () => {
    const pipeline = new Pipeline([new layers.Dropout(0.5, { seed: 3 })]);
    const x = ops.ones([200]);
    const trained = arr(pipeline.apply(x)) as number[];
    expect(new Set(trained)).toEqual(new Set([0, 2]));
    expect(arr(pipeline.apply(x, { training: false }))).toEqual(new Array(200).fill(1));
  });

  it("hands each layer's output mask to the next layer", () => {
    const embedding = new layers.Embedding(5, 2, { maskZero: true });
    const pipeline = new Pipeline([embedding, new layers.GlobalAveragePooling1D()]);
    const out = arr(pipeline.apply(ops.convertToTensor([[3, 0, 0]], "int32"))) as number[][];
    const row3 = (embedding.getWeights()[0].toArray() as number[][])[3];
    out[0].forEach((v, i) => expect(v).toBeCloseTo(row3[i], 6));
    expect(pipeline.weights.length).toBe(1);
  });

  it("config lists the serialized layers and round-trips", () => {
    const pipeline = new Pipeline([new StringLookup({ vocabulary: ["x"] }), new CategoryEncoding(2)], { name: "prep" });
    const config = pipeline.getConfig();
    expect(Object.keys(config)).toEqual(["layers", "name"]);
    expect(config.name).toBe("prep");
    expect(config.layers.map((l: { class_name: string }) => l.class_name)).toEqual(["StringLookup", "CategoryEncoding"]);
    const copy = layers.deserialize(JSON.parse(JSON.stringify(layers.serialize(pipeline)))) as Pipeline;
    expect(copy).toBeInstanceOf(Pipeline);
    expect(arr(copy.apply([["x", "y"]]))).toEqual([[1, 1]]);
  });

  it("errors", () => {
    expect(() => Pipeline.fromConfig({ name: "p" })).toThrow(/`Pipeline` config must contain a `layers` key/);
    expect(() => new Pipeline(["dense"] as never)).toThrow(/`layers` must be a list of layers/);
  });
});
