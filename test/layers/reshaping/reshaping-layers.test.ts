/**
 * Permute, RepeatVector, Cropping*D, UpSampling*D and ZeroPadding*D: the
 * contract harness for several configurations, hand-computed values,
 * Cropping as the inverse of ZeroPadding, symbolic shapes with unknown sizes,
 * float64 finite-difference gradients, configs, and Keras's errors.
 */
import { describe, expect, it } from "vitest";
import { Input, layers, ops, Tensor, valueAndGrad } from "../../../src/index.js";
import { runLayerTest } from "../../utils/layer-test.js";
import { randomTensor } from "../../utils/gradcheck.js";
import { checkLayerGradients } from "../layer-gradcheck.js";

const {
  Permute, RepeatVector, Cropping1D, Cropping2D, Cropping3D, UpSampling1D, UpSampling2D, UpSampling3D,
  ZeroPadding1D, ZeroPadding2D, ZeroPadding3D,
} = layers;

/** 0, 1, 2, ... in the given shape (float32). */
function iota(shape: number[]): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return new Tensor(Float32Array.from({ length: size }, (_, i) => i), shape, "float32");
}

const values = (t: Tensor) => Array.from(t.data as Float32Array, Number);

describe("contract harness", () => {
  const cases: [string, Parameters<typeof runLayerTest>[0]][] = [
    ["Permute", { layerCls: Permute, initArgs: [[2, 3, 1]], inputShape: [2, 3, 4, 5], expectedOutputShape: [2, 4, 5, 3] }],
    ["RepeatVector", { layerCls: RepeatVector, initArgs: [3], inputShape: [2, 4], expectedOutputShape: [2, 3, 4] }],
    ["Cropping1D", { layerCls: Cropping1D, initKwargs: { cropping: [1, 2] }, inputShape: [2, 6, 3], expectedOutputShape: [2, 3, 3] }],
    ["Cropping1D int", { layerCls: Cropping1D, initKwargs: { cropping: 2 }, inputShape: [2, 6, 3], expectedOutputShape: [2, 2, 3] }],
    ["Cropping2D", { layerCls: Cropping2D, initKwargs: { cropping: [[1, 0], [2, 1]] }, inputShape: [2, 5, 6, 3], expectedOutputShape: [2, 4, 3, 3] }],
    ["Cropping2D channels_first", {
      layerCls: Cropping2D, initKwargs: { cropping: 1, dataFormat: "channels_first" }, inputShape: [2, 3, 5, 6], expectedOutputShape: [2, 3, 3, 4],
    }],
    ["Cropping3D", { layerCls: Cropping3D, initKwargs: {}, inputShape: [2, 4, 5, 6, 2], expectedOutputShape: [2, 2, 3, 4, 2] }],
    ["Cropping3D channels_first", {
      layerCls: Cropping3D, initKwargs: { cropping: [1, 0, 2], dataFormat: "channels_first" }, inputShape: [2, 2, 4, 5, 6], expectedOutputShape: [2, 2, 2, 5, 2],
    }],
    ["UpSampling1D", { layerCls: UpSampling1D, initKwargs: { size: 3 }, inputShape: [2, 4, 3], expectedOutputShape: [2, 12, 3] }],
    ["UpSampling2D nearest", { layerCls: UpSampling2D, initKwargs: { size: [2, 3] }, inputShape: [2, 2, 3, 4], expectedOutputShape: [2, 4, 9, 4] }],
    ["UpSampling2D bilinear channels_first", {
      layerCls: UpSampling2D, initKwargs: { size: 2, interpolation: "bilinear", dataFormat: "channels_first" }, inputShape: [2, 3, 2, 4],
      expectedOutputShape: [2, 3, 4, 8],
    }],
    ["UpSampling3D", { layerCls: UpSampling3D, initKwargs: { size: [1, 2, 3] }, inputShape: [1, 2, 2, 2, 2], expectedOutputShape: [1, 2, 4, 6, 2] }],
    ["ZeroPadding1D", { layerCls: ZeroPadding1D, initKwargs: { padding: [0, 2] }, inputShape: [2, 3, 4], expectedOutputShape: [2, 5, 4] }],
    ["ZeroPadding1D channels_first", {
      layerCls: ZeroPadding1D, initKwargs: { padding: 1, dataFormat: "channels_first" }, inputShape: [2, 3, 4], expectedOutputShape: [2, 3, 6],
    }],
    ["ZeroPadding2D", { layerCls: ZeroPadding2D, initKwargs: { padding: [[1, 0], [2, 1]] }, inputShape: [2, 2, 3, 4], expectedOutputShape: [2, 3, 6, 4] }],
    ["ZeroPadding3D channels_first", {
      layerCls: ZeroPadding3D, initKwargs: { padding: 2, dataFormat: "channels_first" }, inputShape: [1, 2, 1, 2, 3], expectedOutputShape: [1, 2, 5, 6, 7],
    }],
  ];
  for (const [name, opts] of cases) {
    it(name, () => {
      runLayerTest({
        expectedNumTrainableWeights: 0, expectedNumNonTrainableWeights: 0, expectedNumSeedGenerators: 0, expectedNumLosses: 0,
        ...opts,
      });
    });
  }
});

describe("hand-computed values", () => {
  it("Permute reorders the non-batch axes (1-indexed)", () => {
    const x = iota([1, 2, 3]);
    const y = new Permute([2, 1]).apply(x) as Tensor;
    expect(y.shape).toEqual([1, 3, 2]);
    expect(values(y)).toEqual([0, 3, 1, 4, 2, 5]);
  });

  it("RepeatVector repeats each sample's vector", () => {
    const y = new RepeatVector(2).apply(iota([2, 3])) as Tensor;
    expect(y.toArray()).toEqual([[[0, 1, 2], [0, 1, 2]], [[3, 4, 5], [3, 4, 5]]]);
  });

  it("Cropping1D trims steps from both ends", () => {
    const y = new Cropping1D({ cropping: [1, 2] }).apply(iota([1, 5, 1])) as Tensor;
    expect(values(y)).toEqual([1, 2]);
  });

  it("Cropping2D channels_last and channels_first pick the same window", () => {
    const x = iota([1, 4, 5, 1]);
    const y = new Cropping2D({ cropping: [[1, 2], [0, 3]] }).apply(x) as Tensor;
    expect(y.toArray()).toEqual([[[[5], [6]]]]);
    const xf = ops.transpose(x, [0, 3, 1, 2]);
    const yf = new Cropping2D({ cropping: [[1, 2], [0, 3]], dataFormat: "channels_first" }).apply(xf) as Tensor;
    expect(values(yf)).toEqual([5, 6]);
  });

  it("ZeroPadding2D surrounds the image with zeros", () => {
    const y = new ZeroPadding2D({ padding: [[1, 0], [0, 1]] }).apply(new Tensor(Float32Array.from([1, 2, 3, 4]), [1, 2, 2, 1])) as Tensor;
    expect(values(y)).toEqual([0, 0, 0, 1, 2, 0, 3, 4, 0]);
  });

  it("ZeroPadding1D pads the steps axis, or the last axis with channels_first", () => {
    const x = new Tensor(Float32Array.from([1, 2]), [1, 2, 1]);
    expect(values(new ZeroPadding1D({ padding: [2, 1] }).apply(x) as Tensor)).toEqual([0, 0, 1, 2, 0]);
    const y = new ZeroPadding1D({ padding: [1, 0], dataFormat: "channels_first" }).apply(x) as Tensor;
    expect(y.toArray()).toEqual([[[0, 1], [0, 2]]]);
  });

  it("UpSampling nearest repeats entries", () => {
    expect(values(new UpSampling1D({ size: 2 }).apply(iota([1, 2, 1])) as Tensor)).toEqual([0, 0, 1, 1]);
    const y = new UpSampling2D({ size: [1, 2] }).apply(iota([1, 2, 2, 1])) as Tensor;
    expect(values(y)).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
    const z = new UpSampling3D({ size: [2, 1, 1] }).apply(iota([1, 2, 1, 1, 1])) as Tensor;
    expect(values(z)).toEqual([0, 0, 1, 1]);
  });

  it("UpSampling2D bilinear: half-pixel centres, edge pixels copied at the borders", () => {
    // One row [0, 10, 20], width x2: samples at -0.25, 0.25, 0.75, 1.25, 1.75, 2.25.
    const x = new Tensor(Float32Array.from([0, 10, 20]), [1, 1, 3, 1]);
    const y = new UpSampling2D({ size: [1, 2], interpolation: "bilinear" }).apply(x) as Tensor;
    expect(values(y)).toEqual([0, 2.5, 7.5, 12.5, 17.5, 20]);
    // Width x3 on [0, 3]: samples at -1/3, 0, 1/3, 2/3, 1, 4/3.
    const x3 = new Tensor(Float32Array.from([0, 3]), [1, 1, 2, 1]);
    const y3 = new UpSampling2D({ size: [1, 3], interpolation: "BILINEAR" }).apply(x3) as Tensor;
    const got = values(y3);
    [0, 0, 1, 2, 3, 3].forEach((e, i) => expect(got[i]).toBeCloseTo(e, 5));
  });

  it("UpSampling2D bilinear on a 2x2 image by 2 (separable weights 1, 3/4, 1/4)", () => {
    const x = new Tensor(Float32Array.from([0, 4, 8, 12]), [1, 2, 2, 1]);
    const y = new UpSampling2D({ interpolation: "bilinear" }).apply(x) as Tensor;
    // Each axis: taps [a, a, b, b] with weights [1, 3/4|1/4, 1/4|3/4, 1] -> row [a, .75a+.25b, .25a+.75b, b].
    const axis = (a: number, b: number) => [a, 0.75 * a + 0.25 * b, 0.25 * a + 0.75 * b, b];
    const rows = [axis(0, 4), axis(8, 12)];
    const expected: number[] = [];
    for (let c = 0; c < 4; c++) {
      const col = axis(rows[0][c], rows[1][c]);
      col.forEach((v, r) => (expected[r * 4 + c] = v));
    }
    expect(values(y)).toEqual(expected);
  });

  it("UpSampling2D bilinear of a constant image is constant, also with size 1 axes", () => {
    const x = ops.full([2, 1, 3, 2], 1.5, "float32") as Tensor;
    const y = new UpSampling2D({ size: [3, 1], interpolation: "bilinear" }).apply(x) as Tensor;
    expect(y.shape).toEqual([2, 3, 3, 2]);
    expect(values(y).every((v) => v === 1.5)).toBe(true);
  });

  it("integer inputs keep their dtype (Keras autocasts floating inputs only)", () => {
    const x = new Tensor(Int32Array.from([1, 2, 3, 4]), [1, 2, 2], "int32");
    const y = new Cropping1D({ cropping: [1, 0] }).apply(x) as Tensor;
    expect(y.dtype).toBe("int32");
    expect(Array.from(y.data)).toEqual([3, 4]);
  });
});

describe("Cropping is the inverse of ZeroPadding", () => {
  const x4 = randomTensor([2, 3, 4, 2], 3);
  const x5 = randomTensor([1, 2, 3, 2, 2], 4);
  it("1D", () => {
    const x = randomTensor([2, 4, 3], 2);
    const p = new ZeroPadding1D({ padding: [2, 3], dtype: "float64" }).apply(x);
    expect((new Cropping1D({ cropping: [2, 3], dtype: "float64" }).apply(p) as Tensor).toArray()).toEqual(x.toArray());
  });
  for (const dataFormat of ["channels_last", "channels_first"]) {
    it(`2D ${dataFormat}`, () => {
      const pads = [[1, 2], [0, 3]];
      const p = new ZeroPadding2D({ padding: pads, dataFormat, dtype: "float64" }).apply(x4) as Tensor;
      expect(ops.sum(ops.abs(p)).item()).toBeCloseTo(ops.sum(ops.abs(x4)).item(), 12);
      const back = new Cropping2D({ cropping: pads, dataFormat, dtype: "float64" }).apply(p) as Tensor;
      expect(back.toArray()).toEqual(x4.toArray());
    });
    it(`3D ${dataFormat}`, () => {
      const pads = [[1, 0], [2, 2], [0, 1]];
      const p = new ZeroPadding3D({ padding: pads, dataFormat, dtype: "float64" }).apply(x5);
      const back = new Cropping3D({ cropping: pads, dataFormat, dtype: "float64" }).apply(p) as Tensor;
      expect(back.toArray()).toEqual(x5.toArray());
    });
  }
});

describe("symbolic shapes with unknown sizes", () => {
  it("unknown spatial sizes stay unknown", () => {
    const x = Input({ shape: [null, 5, 3] });
    expect((new Cropping2D({ cropping: [[1, 1], [2, 0]] }).apply(x) as any).shape).toEqual([null, null, 3, 3]);
    expect((new ZeroPadding2D().apply(x) as any).shape).toEqual([null, null, 7, 3]);
    expect((new UpSampling2D({ size: [2, 3] }).apply(x) as any).shape).toEqual([null, null, 15, 3]);
    const seq = Input({ shape: [null, 4] });
    expect((new Cropping1D().apply(seq) as any).shape).toEqual([null, null, 4]);
    expect((new UpSampling1D().apply(seq) as any).shape).toEqual([null, null, 4]);
    expect((new Permute([2, 1]).apply(seq) as any).shape).toEqual([null, 4, null]);
  });

  it("Permute keeps an integer input dtype symbolically", () => {
    const x = Input({ shape: [2, 3], dtype: "int32" });
    expect((new Permute([2, 1]).apply(x) as any).dtype).toBe("int32");
  });
});

describe("float64 finite-difference gradients", () => {
  const f64 = { dtype: "float64" };
  const cases: [string, () => any, number[]][] = [
    ["Permute", () => new Permute([3, 1, 2], f64), [2, 2, 3, 4]],
    ["RepeatVector", () => new RepeatVector(3, f64), [2, 4]],
    ["Cropping1D", () => new Cropping1D({ cropping: [1, 1], ...f64 }), [2, 5, 2]],
    ["Cropping2D channels_first", () => new Cropping2D({ cropping: [[1, 0], [0, 2]], dataFormat: "channels_first", ...f64 }), [1, 2, 3, 4]],
    ["Cropping3D", () => new Cropping3D({ cropping: [[1, 0], [0, 1], [1, 1]], ...f64 }), [1, 3, 3, 4, 2]],
    ["UpSampling1D", () => new UpSampling1D({ size: 3, ...f64 }), [2, 3, 2]],
    ["UpSampling2D nearest", () => new UpSampling2D({ size: [2, 1], ...f64 }), [1, 2, 3, 2]],
    ["UpSampling2D bilinear", () => new UpSampling2D({ size: [3, 2], interpolation: "bilinear", ...f64 }), [1, 2, 3, 2]],
    ["UpSampling2D bilinear channels_first, size-1 axis", () => new UpSampling2D({ interpolation: "bilinear", dataFormat: "channels_first", ...f64 }), [1, 2, 1, 3]],
    ["UpSampling3D", () => new UpSampling3D({ size: [2, 1, 2], ...f64 }), [1, 2, 2, 2, 1]],
    ["ZeroPadding1D", () => new ZeroPadding1D({ padding: [1, 2], ...f64 }), [2, 3, 2]],
    ["ZeroPadding2D channels_first", () => new ZeroPadding2D({ padding: [[1, 0], [2, 1]], dataFormat: "channels_first", ...f64 }), [1, 2, 2, 3]],
    ["ZeroPadding3D", () => new ZeroPadding3D({ padding: 1, ...f64 }), [1, 2, 1, 2, 2]],
  ];
  for (const [name, make, shape] of cases) {
    it(name, () => checkLayerGradients(make(), randomTensor(shape, 11)));
  }

  it("bilinear upsampling's input gradient: each input collects its output weights", () => {
    // Width 2 -> 4: weights per output [1|0, 3/4|1/4, 1/4|3/4, 0|1]; summing outputs gives 2 per input.
    const layer = new UpSampling2D({ size: [1, 2], interpolation: "bilinear", dtype: "float64" });
    const x = randomTensor([1, 1, 2, 1], 5);
    const { grads } = valueAndGrad(() => ops.sum(layer.apply(x) as Tensor), [x]);
    expect(Array.from(grads[0].data)).toEqual([2, 2]);
  });
});

describe("configs", () => {
  it("match Keras's keys and forms", () => {
    const base = (name: string) => ({ name, trainable: true, dtype: new Permute([1]).getConfig().dtype });
    expect(new Permute([2, 1], { name: "p" }).getConfig()).toEqual({ ...base("p"), dims: [2, 1] });
    expect(new RepeatVector(4, { name: "r" }).getConfig()).toEqual({ ...base("r"), n: 4 });
    expect(new Cropping1D({ name: "c" }).getConfig()).toEqual({ ...base("c"), cropping: [1, 1] });
    expect(new Cropping2D({ name: "c", cropping: [2, 3] }).getConfig()).toEqual({
      ...base("c"), cropping: [[2, 2], [3, 3]], data_format: "channels_last",
    });
    expect(new Cropping3D({ name: "c" }).getConfig().cropping).toEqual([[1, 1], [1, 1], [1, 1]]);
    expect(new ZeroPadding1D({ name: "z" }).getConfig()).toEqual({ ...base("z"), padding: [1, 1], data_format: "channels_last" });
    expect(new ZeroPadding2D({ name: "z" }).getConfig().padding).toEqual([[1, 1], [1, 1]]);
    expect(new ZeroPadding3D({ name: "z", padding: [1, 2, 3] }).getConfig().padding).toEqual([[1, 1], [2, 2], [3, 3]]);
    expect(new UpSampling1D({ name: "u" }).getConfig()).toEqual({ ...base("u"), size: 2 });
    expect(new UpSampling2D({ name: "u", size: 3 }).getConfig()).toEqual({
      ...base("u"), size: [3, 3], data_format: "channels_last", interpolation: "nearest",
    });
    expect(new UpSampling3D({ name: "u" }).getConfig()).toEqual({ ...base("u"), size: [2, 2, 2], data_format: "channels_last" });
  });

  it("round-trip through keras.layers.serialize / deserialize", () => {
    for (const layer of [new Cropping3D({ cropping: [[1, 0], [0, 2], [3, 1]], dataFormat: "channels_first" }), new UpSampling2D({ interpolation: "bilinear" })]) {
      const copy = layers.deserialize(JSON.parse(JSON.stringify(layers.serialize(layer))));
      expect(copy.constructor).toBe(layer.constructor);
      expect(copy.getConfig()).toEqual(layer.getConfig());
    }
  });
});

describe("Keras's errors", () => {
  it("Permute: dims must be a permutation of 1..n", () => {
    expect(() => new Permute([0, 1])).toThrow(/The set of indices in `dims` must be consecutive and start from 1. Received dims=\[0, 1\]/);
    expect(() => new Permute([1, 1])).toThrow(/Invalid permutation argument `dims`/);
    expect(() => new Permute([2, 1]).apply(iota([1, 2, 3, 4]))).toThrow(/expected ndim=3, found ndim=4/);
  });

  it("RepeatVector: n must be an integer; input must be rank 2", () => {
    expect(() => new RepeatVector(1.5)).toThrow(/Expected an integer value for `n`, got number/);
    expect(() => new RepeatVector(2).apply(iota([1, 2, 3]))).toThrow(/expected ndim=2, found ndim=3/);
  });

  it("cropping larger than the input", () => {
    expect(() => new Cropping1D({ cropping: [2, 3] }).apply(iota([1, 5, 1]))).toThrow(
      "`cropping` parameter of `Cropping1D` layer must be smaller than the input length. Received: inputs.shape=(1, 5, 1), cropping=(2, 3)",
    );
    expect(() => new Cropping2D({ cropping: [[1, 1], [2, 2]] }).apply(iota([1, 3, 4, 1]))).toThrow(
      "Values in `cropping` argument should be smaller than the corresponding spatial dimension of the input. " +
        "Received: inputs.shape=(1, 3, 4, 1), cropping=((1, 1), (2, 2))",
    );
    expect(() => new Cropping3D().apply(Input({ shape: [2, 5, 5, 1] }))).toThrow(/input_shape=\(None, 2, 5, 5, 1\)/);
  });

  it("malformed cropping / padding arguments", () => {
    expect(() => new Cropping2D({ cropping: -1 })).toThrow("`cropping` cannot be negative. Received: cropping=-1.");
    expect(() => new Cropping2D({ cropping: [1, 2, 3] as never })).toThrow("`cropping` should have two elements. Received: cropping=[1, 2, 3].");
    expect(() => new Cropping3D({ cropping: [1, 2] })).toThrow("`cropping` should have 3 elements. Received: cropping=[1, 2].");
    expect(() => new Cropping2D({ cropping: [[1, -1], 0] })).toThrow(/1st entry of cropping/);
    expect(() => new ZeroPadding2D({ padding: "same" as never })).toThrow(/`padding` should be either an int, a tuple of 2 ints/);
    expect(() => new ZeroPadding1D({ padding: [1, 2, 3] })).toThrow(/The `padding` argument must be a tuple of 2 integers/);
    expect(() => new Cropping1D({ cropping: -1 })).toThrow(/that do not satisfy `value >= 0`/);
  });

  it("UpSampling2D: unknown interpolation, and Keras methods keras-ts does not implement", () => {
    expect(() => new UpSampling2D({ interpolation: "cubic" })).toThrow(/Invalid value for argument `interpolation`: expected one of .*Received: interpolation=cubic/);
    expect(() => new UpSampling2D({ interpolation: "bicubic" })).toThrow(/interpolation='bicubic' is not supported by keras-ts/);
    expect(() => new UpSampling2D({ size: 0 })).toThrow(/The `size` argument must be a tuple of 2 integers/);
  });

  it("bad data_format and unknown options", () => {
    expect(() => new ZeroPadding2D({ dataFormat: "nhwc" })).toThrow(/The `data_format` argument must be one of/);
    expect(() => new Cropping2D({ croping: 1 } as never)).toThrow(/Unrecognized keyword arguments passed to Cropping2D/);
  });
});
