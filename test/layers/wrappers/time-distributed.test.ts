/**
 * TimeDistributed and the Wrapper base: contract harness, per-step values
 * computed by hand, masks (passed through, and folded for an inner layer
 * that takes one), `training` reaching the inner layer, weights and paths,
 * symbolic shapes (including an inner layer without computeOutputShape),
 * configs with the inner layer's envelope, float64 gradients and errors.
 */
import { describe, expect, it } from "vitest";
import { Input, Layer, layers, Model, ops, Tensor } from "../../../src/index.js";
import { runLayerTest } from "../../utils/layer-test.js";
import { randomTensor } from "../../utils/gradcheck.js";
import { checkLayerGradients } from "../layer-gradcheck.js";

const { TimeDistributed, Wrapper, Dense, Conv2D, GlobalAveragePooling1D, Dropout } = layers;

const nums = (t: Tensor) => Array.from(t.data as ArrayLike<number>, Number);

/** A stateless layer without computeOutputShape: doubles its input and appends a column of ones. */
class DoubleAndPad extends Layer {
  override call(x: Tensor): Tensor {
    return ops.concatenate([ops.multiply(x, 2), ops.onesLike(ops.slice(x, [0, 0], [x.shape[0], 1]))], { axis: -1 });
  }
}

describe("contract harness", () => {
  it("TimeDistributed(Dense)", () => {
    runLayerTest({
      factory: () => new TimeDistributed(new Dense(3)),
      inputShape: [2, 4, 5], expectedOutputShape: [2, 4, 3],
      expectedNumTrainableWeights: 2, expectedNumNonTrainableWeights: 0, expectedNumSeedGenerators: 0, expectedNumLosses: 0,
      supportsMasking: true,
    });
  });
  it("TimeDistributed(Conv2D)", () => {
    runLayerTest({
      factory: () => new TimeDistributed(new Conv2D(2, 3, { padding: "same" })),
      inputShape: [1, 3, 4, 4, 2], expectedOutputShape: [1, 3, 4, 4, 2], expectedNumTrainableWeights: 2,
    });
  });
  it("TimeDistributed(Dropout) has the inner layer's seed generator", () => {
    runLayerTest({
      factory: () => new TimeDistributed(new Dropout(0.5, { seed: 1 })),
      inputShape: [2, 3, 4], expectedOutputShape: [2, 3, 4], expectedNumTrainableWeights: 0, expectedNumSeedGenerators: 1,
    });
  });
});

describe("values", () => {
  it("Dense applied to every step with the same weights (by hand)", () => {
    const dense = new Dense(2, { useBias: true });
    const layer = new TimeDistributed(dense);
    const x = new Tensor(Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]), [2, 3, 2]);
    layer.build([2, 3, 2]);
    dense.setWeights([new Tensor(Float32Array.from([1, -1, 0.5, 2]), [2, 2]), new Tensor(Float32Array.from([0.25, -0.5]), [2])]);
    const y = layer.apply(x) as Tensor;
    expect(y.shape).toEqual([2, 3, 2]);
    const expected: number[] = [];
    for (let s = 0; s < 6; s++) {
      const [u, v] = [s * 2 + 1, s * 2 + 2];
      expected.push(u * 1 + v * 0.5 + 0.25, u * -1 + v * 2 - 0.5);
    }
    expect(nums(y)).toEqual(expected);
    expect(layer.weights).toEqual(dense.weights);
  });

  it("Conv2D over time equals the convolution of each frame", () => {
    const conv = new Conv2D(3, 2, { padding: "same" });
    const layer = new TimeDistributed(conv);
    const x = ops.cast(randomTensor([2, 3, 4, 4, 2], 9), "float32") as Tensor;
    const y = layer.apply(x) as Tensor;
    expect(y.shape).toEqual([2, 3, 4, 4, 3]);
    for (let t = 0; t < 3; t++) {
      const frame = ops.reshape(ops.slice(x, [0, t, 0, 0, 0], [2, 1, 4, 4, 2]), [2, 4, 4, 2]);
      const expected = conv.apply(frame) as Tensor;
      const got = ops.reshape(ops.slice(y, [0, t, 0, 0, 0], [2, 1, 4, 4, 3]), [2, 4, 4, 3]) as Tensor;
      nums(got).forEach((v, i) => expect(v).toBeCloseTo(Number(expected.data[i]), 5));
    }
  });

  it("`training` reaches the inner layer", () => {
    const layer = new TimeDistributed(new Dropout(0.5, { seed: 3 }));
    const x = ops.ones([4, 5, 6]) as Tensor;
    expect(nums(layer.apply(x, { training: false }) as Tensor).every((v) => v === 1)).toBe(true);
    const dropped = nums(layer.apply(x, { training: true }) as Tensor);
    expect(dropped.every((v) => v === 0 || v === 2)).toBe(true);
    const zeros = dropped.filter((v) => v === 0).length;
    expect(zeros).toBeGreaterThan(30);
    expect(zeros).toBeLessThan(90);
  });
});

describe("masks", () => {
  it("the input mask passes through to the output", () => {
    const x = ops.ones([2, 3, 4]) as Tensor;
    const mask = new Tensor(Uint8Array.from([1, 0, 1, 1, 1, 0]), [2, 3], "bool");
    const y = new TimeDistributed(new Dense(2)).apply(x, { mask }) as Tensor;
    expect(nums(y.kerasMask as Tensor)).toEqual([1, 0, 1, 1, 1, 0]);
  });

  it("an inner layer taking a mask gets it folded like the input: masked means per step", () => {
    // (batch 1, time 2, steps 3, features 1); the inner GlobalAveragePooling1D averages over the unmasked steps.
    const x = new Tensor(Float32Array.from([1, 2, 3, 10, 20, 30]), [1, 2, 3, 1]);
    const mask = new Tensor(Uint8Array.from([1, 1, 0, 0, 1, 1]), [1, 2, 3], "bool");
    const y = new TimeDistributed(new GlobalAveragePooling1D()).apply(x, { mask }) as Tensor;
    expect(y.shape).toEqual([1, 2, 1]);
    expect(nums(y)).toEqual([1.5, 25]);
  });

  it("in a functional model, an Embedding mask reaches the output", () => {
    const ids = Input({ shape: [3], dtype: "int32" });
    const emb = new layers.Embedding(4, 2, { maskZero: true }).apply(ids) as any;
    const out = new TimeDistributed(new Dense(1)).apply(emb) as any;
    expect(out.kerasMask.shape).toEqual([null, 3]);
    const model = new Model({ inputs: ids, outputs: out.kerasMask });
    expect(nums(model.apply(new Tensor(Int32Array.from([2, 0, 1]), [1, 3], "int32")) as Tensor)).toEqual([1, 0, 1]);
  });
});

describe("shapes, weights and configs", () => {
  it("symbolic shapes keep an unknown time axis", () => {
    const y = new TimeDistributed(new Dense(4)).apply(Input({ shape: [null, 3] })) as any;
    expect(y.shape).toEqual([null, null, 4]);
  });

  it("an inner layer without computeOutputShape is traced symbolically", () => {
    const layer = new TimeDistributed(new DoubleAndPad());
    expect((layer.apply(Input({ shape: [5, 2] })) as any).shape).toEqual([null, 5, 3]);
    const y = layer.apply(new Tensor(Float32Array.from([1, 2, 3, 4]), [1, 2, 2])) as Tensor;
    expect(y.toArray()).toEqual([[[2, 4, 1], [6, 8, 1]]]);
  });

  it("weights are the inner layer's, under the wrapper's name scope", () => {
    const layer = new TimeDistributed(new Dense(3, { name: "dense" }), { name: "time_distributed" });
    layer.apply(Input({ shape: [4, 2] }));
    expect(layer.weights.map((w) => w.path)).toEqual(["time_distributed/dense/kernel", "time_distributed/dense/bias"]);
    expect(layer.layer.built).toBe(true);
    expect(layer.getBuildConfig()).toEqual({ input_shape: [null, 4, 2] });
    expect(layer.layer.getBuildConfig()).toEqual({ input_shape: [null, 2] });
  });

  it("config holds the inner layer's full envelope and round-trips", () => {
    const layer = new TimeDistributed(new Dense(3, { activation: "tanh", name: "d" }), { name: "td" });
    const cfg = layer.getConfig();
    expect(cfg.layer.class_name).toBe("Dense");
    expect(cfg.layer.module).toBe("keras.layers");
    expect(cfg.layer.config.activation).toBe("tanh");
    const copy = layers.deserialize(JSON.parse(JSON.stringify(layers.serialize(layer)))) as InstanceType<typeof TimeDistributed>;
    expect(copy).toBeInstanceOf(TimeDistributed);
    expect(copy.layer).toBeInstanceOf(Dense);
    expect(copy.getConfig()).toEqual(cfg);
  });

  it("a custom inner layer deserializes with customObjects", () => {
    const layer = new TimeDistributed(new DoubleAndPad({ name: "dp" }));
    const env = JSON.parse(JSON.stringify(layers.serialize(layer)));
    expect(() => layers.deserialize(env)).toThrow(/Could not locate class 'DoubleAndPad'/);
    const copy = layers.deserialize(env, { DoubleAndPad: DoubleAndPad as never }) as InstanceType<typeof TimeDistributed>;
    expect(copy.layer).toBeInstanceOf(DoubleAndPad);
  });
});

describe("float64 finite-difference gradients", () => {
  it("TimeDistributed(Dense) w.r.t. input and kernel", () => {
    const layer = new TimeDistributed(new Dense(3, { dtype: "float64", biasInitializer: "random_uniform" }), { dtype: "float64" });
    checkLayerGradients(layer, randomTensor([2, 4, 5], 3));
  });
  it("TimeDistributed(Conv2D) with a size-1 time axis", () => {
    const layer = new TimeDistributed(new Conv2D(2, 2, { dtype: "float64" }), { dtype: "float64" });
    checkLayerGradients(layer, randomTensor([2, 1, 3, 3, 2], 4));
  });
});

describe("errors", () => {
  it("the wrapped object must be a layer", () => {
    expect(() => new TimeDistributed({} as never)).toThrow(/Please initialize `TimeDistributed` layer with a `keras.layers.Layer` instance/);
    expect(() => new Wrapper(3 as never)).toThrow(/Layer 3 supplied to Wrapper isn't a supported layer type/);
  });
  it("inputs need a time axis", () => {
    expect(() => new TimeDistributed(new Dense(2)).apply(Input({ shape: [3] }))).toThrow(
      "`TimeDistributed` Layer should be passed an `input_shape` with at least 3 dimensions, received: (None, 3)",
    );
    expect(() => new TimeDistributed(new Dense(2)).apply(ops.ones([2, 3]))).toThrow(/at least 3 dimensions, received: \(2, 3\)/);
  });
  it("the mask must be (batch, time, ...)", () => {
    const mask = new Tensor(Uint8Array.from([1, 0, 1, 1]), [2, 2], "bool");
    expect(() => new TimeDistributed(new Dense(2)).apply(ops.ones([2, 3, 4]), { mask })).toThrow(
      "`TimeDistributed` Layer should be passed a `mask` of shape (2, 3, ...), received: mask.shape=(2, 2)",
    );
  });
});
