/**
 * Pooling layers: the layer contract for every class, hand-computed values
 * (valid / same windows, edge counts of "same" average pooling, masked
 * global mean, the uneven windows of adaptive pooling), data formats,
 * aliases, errors and float64 finite-difference gradients.
 */
import { describe, expect, it } from "vitest";
import { Input, Model, layers, ops, Tensor } from "../../../src/index.js";
import { runLayerTest } from "../../utils/layer-test.js";
import { expectClose, randomTensor } from "../../utils/gradcheck.js";
import { checkLayerGradients } from "../layer-gradcheck.js";

const L = layers;
const f32 = (values: number[], shape: number[]) => new Tensor(Float32Array.from(values), shape, "float32");
const values = (t: Tensor) => Array.from(t.data as ArrayLike<number>, Number);
const call = (layer: layers.Layer, x: Tensor, kwargs: Record<string, unknown> = {}) => layer.apply(x, kwargs) as Tensor;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe("pooling layers: the layer contract", () => {
  const stateless: [string, any, Record<string, unknown>, number[], number[]][] = [
    // valid: floor((n - p) / s) + 1; same: ceil(n / s).
    ["MaxPooling1D", L.MaxPooling1D, {}, [2, 7, 3], [2, 3, 3]],
    ["MaxPooling1D same, strides 1", L.MaxPooling1D, { poolSize: 3, strides: 1, padding: "same" }, [2, 7, 3], [2, 7, 3]],
    ["MaxPooling2D", L.MaxPooling2D, { poolSize: [2, 3], strides: [1, 2] }, [2, 5, 7, 3], [2, 4, 3, 3]],
    ["MaxPooling2D channels_first", L.MaxPooling2D, { dataFormat: "channels_first", padding: "same" }, [2, 3, 5, 5], [2, 3, 3, 3]],
    ["MaxPooling3D", L.MaxPooling3D, {}, [1, 4, 5, 4, 2], [1, 2, 2, 2, 2]],
    ["AveragePooling1D same", L.AveragePooling1D, { poolSize: 2, padding: "same" }, [2, 7, 3], [2, 4, 3]],
    ["AveragePooling2D", L.AveragePooling2D, { poolSize: 3, strides: 2 }, [2, 7, 7, 1], [2, 3, 3, 1]],
    ["AveragePooling3D channels_first", L.AveragePooling3D, { poolSize: [2, 2, 1], dataFormat: "channels_first" }, [1, 2, 4, 4, 3], [1, 2, 2, 2, 3]],
    ["GlobalAveragePooling1D", L.GlobalAveragePooling1D, {}, [2, 5, 3], [2, 3]],
    ["GlobalAveragePooling2D keepdims", L.GlobalAveragePooling2D, { keepdims: true }, [2, 4, 5, 3], [2, 1, 1, 3]],
    ["GlobalAveragePooling3D channels_first", L.GlobalAveragePooling3D, { dataFormat: "channels_first" }, [2, 3, 2, 2, 2], [2, 3]],
    ["GlobalMaxPooling1D keepdims, channels_first", L.GlobalMaxPooling1D, { keepdims: true, dataFormat: "channels_first" }, [2, 3, 5], [2, 3, 1]],
    ["GlobalMaxPooling2D", L.GlobalMaxPooling2D, {}, [2, 4, 5, 3], [2, 3]],
    ["GlobalMaxPooling3D keepdims", L.GlobalMaxPooling3D, { keepdims: true }, [2, 2, 3, 2, 4], [2, 1, 1, 1, 4]],
  ];
  for (const [name, cls, kwargs, input, output] of stateless) {
    it(name, () => {
      runLayerTest({
        layerCls: cls, initKwargs: kwargs, inputShape: input, expectedOutputShape: output,
        expectedNumTrainableWeights: 0, expectedNumNonTrainableWeights: 0, expectedNumLosses: 0,
        assertBuiltAfterInstantiation: true, supportsMasking: name.startsWith("GlobalAveragePooling1D"),
      });
    });
  }

  const adaptive: [string, any, unknown, Record<string, unknown>, number[], number[]][] = [
    ["AdaptiveAveragePooling1D", L.AdaptiveAveragePooling1D, 3, {}, [2, 7, 2], [2, 3, 2]],
    ["AdaptiveMaxPooling1D channels_first", L.AdaptiveMaxPooling1D, [4], { dataFormat: "channels_first" }, [2, 2, 9], [2, 2, 4]],
    ["AdaptiveAveragePooling2D", L.AdaptiveAveragePooling2D, [2, 3], {}, [2, 5, 7, 2], [2, 2, 3, 2]],
    ["AdaptiveMaxPooling2D", L.AdaptiveMaxPooling2D, 2, {}, [2, 4, 5, 1], [2, 2, 2, 1]],
    ["AdaptiveAveragePooling3D channels_first", L.AdaptiveAveragePooling3D, [1, 2, 3], { dataFormat: "channels_first" }, [1, 2, 3, 4, 5], [1, 2, 1, 2, 3]],
    ["AdaptiveMaxPooling3D", L.AdaptiveMaxPooling3D, 2, {}, [1, 3, 4, 5, 2], [1, 2, 2, 2, 2]],
  ];
  for (const [name, cls, size, kwargs, input, output] of adaptive) {
    it(name, () => {
      runLayerTest({
        layerCls: cls, initArgs: [size], initKwargs: kwargs, inputShape: input, expectedOutputShape: output,
        expectedNumTrainableWeights: 0, expectedNumNonTrainableWeights: 0, supportsMasking: false,
      });
    });
  }

  it("symbolic shapes with unknown spatial dims", () => {
    const x = Input({ shape: [null, 3] });
    expect(new L.MaxPooling1D({ poolSize: 3 }).apply(x).shape).toEqual([null, null, 3]);
    expect(new L.GlobalAveragePooling1D({ keepdims: true }).apply(x).shape).toEqual([null, 1, 3]);
    expect(new L.AdaptiveMaxPooling1D(4).apply(x).shape).toEqual([null, 4, 3]);
  });

  it("aliases", () => {
    expect(L.MaxPool1D).toBe(L.MaxPooling1D);
    expect(L.MaxPool2D).toBe(L.MaxPooling2D);
    expect(L.MaxPool3D).toBe(L.MaxPooling3D);
    expect(L.AvgPool1D).toBe(L.AveragePooling1D);
    expect(L.AvgPool2D).toBe(L.AveragePooling2D);
    expect(L.AvgPool3D).toBe(L.AveragePooling3D);
    expect(L.GlobalAvgPool2D).toBe(L.GlobalAveragePooling2D);
    expect(L.GlobalMaxPool3D).toBe(L.GlobalMaxPooling3D);
    const revived = L.deserialize({ class_name: "MaxPool2D", config: new L.MaxPooling2D().getConfig() });
    expect(revived).toBeInstanceOf(L.MaxPooling2D);
    expect(L.serialize(revived).class_name).toBe("MaxPooling2D");
    expect(L.deserialize({ class_name: "GlobalAvgPool1D", config: new L.GlobalAveragePooling1D().getConfig() })).toBeInstanceOf(L.GlobalAveragePooling1D);
  });
});

describe("pooling layers: hand-computed values", () => {
  it("MaxPooling1D(2, strides 1) on [1, 3, 2, 5, 4] -> [3, 3, 5, 5]", () => {
    expect(values(call(new L.MaxPooling1D({ poolSize: 2, strides: 1 }), f32([1, 3, 2, 5, 4], [1, 5, 1])))).toEqual([3, 3, 5, 5]);
  });

  it("AveragePooling1D(2, same) on [1..5] divides the last window by its one real element: [1.5, 3.5, 5]", () => {
    expect(values(call(new L.AveragePooling1D({ poolSize: 2, padding: "same" }), f32([1, 2, 3, 4, 5], [1, 5, 1])))).toEqual([1.5, 3.5, 5]);
  });

  it("MaxPooling2D(3, strides 2, same) on a 5x5 ramp: windows rows/cols [0,1], [1,3], [3,4]", () => {
    const y = call(new L.MaxPooling2D({ poolSize: 3, strides: 2, padding: "same" }), f32(range(25), [1, 5, 5, 1]));
    expect(values(y)).toEqual([6, 8, 9, 16, 18, 19, 21, 23, 24]);
  });

  it("AveragePooling2D(2, same) on a 3x3 ramp: edge windows average 2 or 1 real elements", () => {
    // windows: rows [0,1],[2]; cols [0,1],[2]. (0+1+3+4)/4 = 2, (2+5)/2 = 3.5, (6+7)/2 = 6.5, 8.
    const y = call(new L.AveragePooling2D({ padding: "same" }), f32(range(9), [1, 3, 3, 1]));
    expect(values(y)).toEqual([2, 3.5, 6.5, 8]);
  });

  it("channels_first pooling is the transposed channels_last pooling", () => {
    const x = ops.cast(randomTensor([2, 5, 6, 3], 3), "float32");
    for (const Cls of [L.MaxPooling2D, L.AveragePooling2D]) {
      const last = call(new Cls({ poolSize: [2, 3], strides: [2, 1], padding: "same" }), x);
      const first = call(new Cls({ poolSize: [2, 3], strides: [2, 1], padding: "same", dataFormat: "channels_first" }), ops.moveaxis(x, -1, 1));
      expect(values(first)).toEqual(values(ops.moveaxis(last, -1, 1)));
    }
  });

  it("global pooling: per-channel mean and max over all spatial dims", () => {
    const x = f32([1, -1, 4, 0, 2, 5, 3, 7], [1, 2, 2, 2]); // channel 0: 1, 4, 2, 3; channel 1: -1, 0, 5, 7
    expect(values(call(new L.GlobalAveragePooling2D(), x))).toEqual([2.5, 2.75]);
    expect(values(call(new L.GlobalMaxPooling2D(), x))).toEqual([4, 7]);
    const cf = call(new L.GlobalMaxPooling2D({ dataFormat: "channels_first", keepdims: true }), x); // channels are axis 1 now
    expect(cf.shape).toEqual([1, 2, 1, 1]);
    expect(values(cf)).toEqual([4, 7]);
  });

  it("GlobalAveragePooling1D with a mask: the mean of the unmasked steps, and no output mask", () => {
    const x = f32([1, 10, 2, 20, 3, 30, 10, 100], [1, 4, 2]);
    const mask = new Tensor(Uint8Array.from([1, 1, 0, 1]), [1, 4], "bool");
    const layer = new L.GlobalAveragePooling1D();
    const y = call(layer, x, { mask });
    expectClose(y, [13 / 3, 130 / 3], 1e-6, 1e-6);
    expect(layer.computeMask(x, mask)).toBeNull();
    const kept = call(new L.GlobalAveragePooling1D({ keepdims: true }), x, { mask });
    expect(kept.shape).toEqual([1, 1, 2]);
    // channels_first: steps are the last axis.
    const cf = call(new L.GlobalAveragePooling1D({ dataFormat: "channels_first" }), ops.moveaxis(x, -1, 1), { mask });
    expectClose(cf, [13 / 3, 130 / 3], 1e-6, 1e-6);
  });

  it("a mask from Embedding(maskZero) reaches GlobalAveragePooling1D in a functional model and stops there", () => {
    const ids = Input({ shape: [4], dtype: "int32" });
    const emb = new L.Embedding(5, 1, { maskZero: true, embeddingsInitializer: "ones" });
    const out = new L.GlobalAveragePooling1D().apply(emb.apply(ids));
    const model = new Model({ inputs: ids, outputs: out });
    emb.setWeights([[[0], [1], [2], [3], [4]]]);
    const y = model.apply(new Tensor(Int32Array.from([1, 0, 3, 0, 0, 0, 0, 4]), [2, 4], "int32")) as Tensor;
    expect(values(y)).toEqual([2, 4]); // (1 + 3) / 2 and 4 / 1: padding zeros are not averaged in
    expect(y.kerasMask ?? null).toBeNull();
  });
});

describe("adaptive pooling: uneven windows [floor(i L / O), ceil((i + 1) L / O))", () => {
  const pool1d = (Cls: any, n: number, out: number) => values(call(new Cls(out), f32(range(n), [1, n, 1])));
  it("L = 7, O = 3: windows [0, 3), [2, 5), [4, 7) overlap", () => {
    expect(pool1d(L.AdaptiveAveragePooling1D, 7, 3)).toEqual([1, 3, 5]);
    expect(pool1d(L.AdaptiveMaxPooling1D, 7, 3)).toEqual([2, 4, 6]);
  });
  it("L = 5, O = 3: windows [0, 2), [1, 4), [3, 5)", () => {
    expect(pool1d(L.AdaptiveAveragePooling1D, 5, 3)).toEqual([0.5, 2, 3.5]);
    expect(pool1d(L.AdaptiveMaxPooling1D, 5, 3)).toEqual([1, 3, 4]);
  });
  it("L = 6, O = 3: even windows of 2", () => {
    expect(pool1d(L.AdaptiveAveragePooling1D, 6, 3)).toEqual([0.5, 2.5, 4.5]);
    expect(pool1d(L.AdaptiveMaxPooling1D, 6, 3)).toEqual([1, 3, 5]);
  });
  it("O > L: L = 2, O = 3 repeats elements: windows [0, 1), [0, 2), [1, 2)", () => {
    expect(pool1d(L.AdaptiveAveragePooling1D, 2, 3)).toEqual([0, 0.5, 1]);
    expect(pool1d(L.AdaptiveMaxPooling1D, 2, 3)).toEqual([0, 1, 1]);
  });
  it("2-D on a 3x5 ramp to (2, 2): rows [0, 2), [1, 3); cols [0, 3), [2, 5)", () => {
    const x = f32(range(15), [1, 3, 5, 1]);
    // box means: rows {0,1} cols {0,1,2}: (0+1+2+5+6+7)/6 = 3.5; rows {0,1} cols {2,3,4}: (2+3+4+7+8+9)/6 = 5.5;
    // rows {1,2} cols {0,1,2}: (5+6+7+10+11+12)/6 = 8.5; rows {1,2} cols {2,3,4}: 10.5.
    expect(values(call(new L.AdaptiveAveragePooling2D(2), x))).toEqual([3.5, 5.5, 8.5, 10.5]);
    expect(values(call(new L.AdaptiveMaxPooling2D(2), x))).toEqual([7, 9, 12, 14]);
  });
  it("channels_first equals transposed channels_last", () => {
    const x = ops.cast(randomTensor([2, 5, 7, 3], 4), "float32");
    for (const Cls of [L.AdaptiveAveragePooling2D, L.AdaptiveMaxPooling2D]) {
      const last = call(new Cls([3, 4]), x);
      const first = call(new Cls([3, 4], { dataFormat: "channels_first" }), ops.moveaxis(x, -1, 1));
      expectClose(first, values(ops.moveaxis(last, -1, 1)), 1e-6, 1e-6);
    }
  });
});

describe("pooling layers: errors", () => {
  it("argument errors", () => {
    expect(() => new L.MaxPooling2D({ poolSize: [2, 2, 2] })).toThrow("The `pool_size` argument must be a tuple of 2 integers. Received pool_size=[2, 2, 2]");
    expect(() => new L.AveragePooling1D({ padding: "full" })).toThrow("Argument `padding` must be either 'valid' or 'same'. Received: padding=full");
    expect(() => new L.MaxPooling1D({ strides: 0 })).toThrow("that do not satisfy `value > 0`");
    expect(() => new L.GlobalMaxPooling2D({ dataFormat: "nchw" })).toThrow("The `data_format` argument must be one of {'channels_first', 'channels_last'}");
    expect(() => new L.AdaptiveAveragePooling2D([2, 2, 2])).toThrow("`output_size` must be an integer or tuple of 2 integers. Received: output_size=[2, 2, 2]");
    expect(() => new L.AdaptiveMaxPooling1D(0)).toThrow("every entry must be a positive integer");
    expect(() => new L.AdaptiveMaxPooling1D("3" as never)).toThrow("`output_size` must be an integer or tuple of 1 integer.");
  });
  it("a valid window longer than the input", () => {
    // floor((3 - 5) / 1) + 1 = -1 rows.
    expect(() => new L.MaxPooling2D({ poolSize: [5, 2], strides: 1 }).apply(Input({ shape: [3, 8, 1] }))).toThrow(
      "Computed output size would be negative. Received: `inputs.shape=(None, 3, 8, 1)` and `pool_size=(5, 2)`.",
    );
    // Eagerly the op refuses an empty output as well.
    expect(() => new L.AveragePooling1D({ poolSize: 4 }).apply(ops.ones([1, 3, 1]))).toThrow("Computed output size would be zero or negative");
  });
  it("the input rank is fixed by the input spec", () => {
    expect(() => new L.MaxPooling2D().apply(ops.ones([1, 4, 4]))).toThrow(/expected ndim=4, found ndim=3/);
    expect(() => new L.GlobalAveragePooling1D().apply(ops.ones([1, 4, 4, 1]))).toThrow(/expected ndim=3, found ndim=4/);
    expect(() => new L.AdaptiveAveragePooling1D(2).apply(ops.ones([1, 0, 3]))).toThrow("cannot pool an empty spatial dimension");
  });
});

describe("pooling layers: float64 finite-difference gradients", () => {
  const dt = { dtype: "float64" } as const;
  const cases: [string, () => layers.Layer, number[], Record<string, unknown>?][] = [
    ["AveragePooling2D same strided", () => new L.AveragePooling2D({ ...dt, poolSize: 3, strides: 2, padding: "same" }), [2, 5, 4, 2]],
    ["MaxPooling1D overlapping", () => new L.MaxPooling1D({ ...dt, poolSize: 3, strides: 1 }), [2, 6, 2]],
    ["MaxPooling3D channels_first", () => new L.MaxPooling3D({ ...dt, dataFormat: "channels_first" }), [1, 2, 4, 4, 2]],
    ["AveragePooling1D size-1 pool", () => new L.AveragePooling1D({ ...dt, poolSize: 1 }), [1, 3, 1]],
    ["GlobalAveragePooling2D", () => new L.GlobalAveragePooling2D(dt), [2, 3, 3, 2]],
    ["GlobalMaxPooling1D", () => new L.GlobalMaxPooling1D(dt), [2, 5, 3]],
    ["GlobalAveragePooling1D masked", () => new L.GlobalAveragePooling1D(dt), [2, 4, 3],
      { mask: new Tensor(Uint8Array.from([1, 0, 1, 1, 0, 1, 0, 0]), [2, 4], "bool") }],
    ["AdaptiveAveragePooling2D uneven", () => new L.AdaptiveAveragePooling2D([2, 3], dt), [1, 5, 7, 2]],
    ["AdaptiveMaxPooling1D uneven", () => new L.AdaptiveMaxPooling1D(3, dt), [2, 7, 2]],
    ["AdaptiveAveragePooling3D even", () => new L.AdaptiveAveragePooling3D([1, 2, 2], dt), [1, 2, 4, 2, 1]],
  ];
  cases.forEach(([name, make, shape, kwargs], i) => {
    it(name, () => checkLayerGradients(make(), randomTensor(shape, 40 + i), kwargs ?? {}, { tol: 1e-6 }));
  });
});
