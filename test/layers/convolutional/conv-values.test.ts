/**
 * Convolution layers on hand-computed cases and identities: 1-D values and
 * causality, "same" padding with strides, groups as independent
 * convolutions, depthwise = grouped convolution, separable = depthwise then
 * 1x1, transposed convolution as the adjoint of the convolution,
 * channels_first = transposed channels_last, and LoRA.
 */
import { describe, expect, it } from "vitest";
import { layers, ops, Tensor } from "../../../src/index.js";
import { expectClose, randomTensor } from "../../utils/gradcheck.js";

const { Conv1D, Conv2D, Conv3D, Conv1DTranspose, Conv2DTranspose, Conv3DTranspose, DepthwiseConv1D, DepthwiseConv2D, SeparableConv1D, SeparableConv2D } =
  layers;

const f32 = (values: number[], shape: number[]) => new Tensor(Float32Array.from(values), shape, "float32");
const values = (t: Tensor) => Array.from(t.data as ArrayLike<number>, Number);
const call = (layer: layers.Layer, x: Tensor) => layer.apply(x) as Tensor;
const toFirst = (t: Tensor) => ops.moveaxis(t, -1, 1);

describe("Conv1D: hand-computed values", () => {
  const x = f32([1, 2, 3, 4, 5], [1, 5, 1]);

  it("valid: y[t] = x[t] + 2 x[t+1] + 3 x[t+2] + 0.5", () => {
    const layer = new Conv1D(1, 3);
    layer.build([null, 5, 1]);
    layer.setWeights([[[[1]], [[2]], [[3]]], [0.5]]);
    expect(values(call(layer, x))).toEqual([14.5, 20.5, 26.5]);
  });

  it("causal with dilation 2: y[t] = x[t-4] + 2 x[t-2] + 3 x[t], zeros before the start", () => {
    const layer = new Conv1D(1, 3, { padding: "causal", dilationRate: 2, useBias: false });
    layer.build([null, 5, 1]);
    layer.setWeights([[[[1]], [[2]], [[3]]]]);
    expect(values(call(layer, x))).toEqual([3, 6, 11, 16, 22]);
  });

  it("causal outputs never read later steps", () => {
    const layer = new Conv1D(3, 4, { padding: "causal", strides: 1 });
    const a = randomTensor([2, 9, 2], 3);
    const changed = Float64Array.from(a.data as Float64Array);
    for (let i = 6 * 2; i < 9 * 2; i++) changed[i] += 10; // steps 6..8 of batch 0
    const ya = call(layer, ops.cast(a, "float32"));
    const yb = call(layer, ops.cast(new Tensor(changed, a.shape, "float64"), "float32"));
    expect(values(ya).slice(0, 6 * 3)).toEqual(values(yb).slice(0, 6 * 3));
    expect(values(ya).slice(6 * 3, 9 * 3)).not.toEqual(values(yb).slice(6 * 3, 9 * 3));
  });

  it("causal with strides: ceil(n / s) outputs, the same as padding by hand then 'valid'", () => {
    const layer = new Conv1D(2, 3, { padding: "causal", strides: 2 });
    const xin = ops.cast(randomTensor([1, 7, 2], 4), "float32");
    const y = call(layer, xin);
    expect(y.shape).toEqual([1, 4, 2]);
    const manual = ops.conv(ops.pad(xin, [[0, 0], [2, 0], [0, 0]]), layer.weights[0].value, { strides: 2, padding: "valid" });
    expectClose(y, values(ops.add(manual, layer.weights[1].value)), 1e-6, 1e-6);
  });
});

describe("Conv2D: same padding with strides", () => {
  it("a 3x3 box filter on ones, stride 2: the extra padding row/column goes after (9, 6, 6, 4)", () => {
    const layer = new Conv2D(1, 3, { strides: 2, padding: "same", useBias: false, kernelInitializer: "ones" });
    const y = call(layer, ops.ones([1, 4, 4, 1]));
    expect(y.shape).toEqual([1, 2, 2, 1]);
    expect(values(y)).toEqual([9, 6, 6, 4]);
  });

  it("groups: each half of the channels convolved with its own half of the filters", () => {
    const grouped = new Conv2D(4, 3, { groups: 2, padding: "same" });
    const x = ops.cast(randomTensor([2, 5, 4, 6], 5), "float32");
    const y = call(grouped, x);
    const [kernel, bias] = grouped.getWeights(); // kernel (3, 3, 3, 4)
    for (let g = 0; g < 2; g++) {
      const part = new Conv2D(2, 3, { padding: "same" });
      part.build([null, 5, 4, 3]);
      part.setWeights([ops.slice(kernel, [0, 0, 0, 2 * g], [3, 3, 3, 2]), ops.slice(bias, [2 * g], [2])]);
      const expected = call(part, ops.slice(x, [0, 0, 0, 3 * g], [2, 5, 4, 3]));
      expectClose(ops.slice(y, [0, 0, 0, 2 * g], [2, 5, 4, 2]), values(expected), 1e-5, 1e-6);
    }
  });
});

describe("depthwise and separable convolutions", () => {
  it("DepthwiseConv2D equals Conv2D with groups = channels on the kernel reshaped to (*k, 1, C * multiplier)", () => {
    const dw = new DepthwiseConv2D(3, { depthMultiplier: 2, strides: 2, padding: "same" });
    const x = ops.cast(randomTensor([2, 7, 6, 3], 6), "float32");
    const y = call(dw, x);
    expect(dw.weights.map((w) => [w.name, w.shape])).toEqual([["kernel", [3, 3, 3, 2]], ["bias", [6]]]);
    const grouped = new Conv2D(6, 3, { groups: 3, strides: 2, padding: "same" });
    grouped.build([null, 7, 6, 3]);
    grouped.setWeights([ops.reshape(dw.getWeights()[0], [3, 3, 1, 6]), dw.getWeights()[1]]);
    expectClose(y, values(call(grouped, x)), 1e-5, 1e-6);
  });

  it("DepthwiseConv1D by hand: output channel c * m + j reads only channel c", () => {
    const dw = new DepthwiseConv1D(2, { depthMultiplier: 2, useBias: false });
    dw.build([null, 3, 2]);
    // kernel (2, 2, 2): [tap][channel][multiplier]
    dw.setWeights([[[[1, 10], [100, 1000]], [[2, 20], [200, 2000]]]]);
    const x = f32([1, 3, 2, 5, 4, 7], [1, 3, 2]); // channel 0: 1, 2, 4; channel 1: 3, 5, 7
    // t=0: ch0 taps 1*1 + 2*2 = 5 -> (5, 50); ch1 3*100 + 5*200 = 1300 -> (1300, 13000)
    // t=1: ch0 2*1 + 4*2 = 10 -> (10, 100); ch1 5*100 + 7*200 = 1900 -> (1900, 19000)
    expect(values(call(dw, x))).toEqual([5, 50, 1300, 13000, 10, 100, 1900, 19000]);
  });

  it("SeparableConv2D equals DepthwiseConv2D followed by a 1x1 Conv2D", () => {
    const sep = new SeparableConv2D(4, 3, { depthMultiplier: 2, dilationRate: 2, activation: "relu" });
    const x = ops.cast(randomTensor([1, 8, 8, 2], 7), "float32");
    const y = call(sep, x);
    const [dk, pk, b] = sep.getWeights();
    expect(dk.shape).toEqual([3, 3, 2, 2]);
    expect(pk.shape).toEqual([1, 1, 4, 4]);
    const dw = new DepthwiseConv2D(3, { depthMultiplier: 2, dilationRate: 2, useBias: false });
    dw.build([null, 8, 8, 2]);
    dw.setWeights([dk]);
    const pw = new Conv2D(4, 1, { activation: "relu" });
    pw.build([null, 4, 4, 4]);
    pw.setWeights([pk, b]);
    expectClose(y, values(call(pw, call(dw, x))), 1e-5, 1e-6);
  });

  it("SeparableConv1D weight names and shapes", () => {
    const sep = new SeparableConv1D(3, 2, { depthMultiplier: 3 });
    sep.build([null, 6, 2]);
    expect(sep.weights.map((w) => [w.name, w.shape])).toEqual([["depthwise_kernel", [2, 2, 3]], ["pointwise_kernel", [1, 6, 3]], ["bias", [3]]]);
  });
});

describe("transposed convolutions", () => {
  it("Conv1DTranspose by hand: x = [1, 2], kernel [1, 1, 1], stride 2 -> [1, 1, 3, 2, 2]", () => {
    const layer = new Conv1DTranspose(1, 3, { strides: 2, useBias: false, kernelInitializer: "ones" });
    expect(values(call(layer, f32([1, 2], [1, 2, 1])))).toEqual([1, 1, 3, 2, 2]);
  });

  it("kernel (*k, filters, in) and the adjoint identity <convT(x), y> = <x, conv(y)> with the same kernel", () => {
    for (const [rank, Cls, T] of [[1, Conv1D, Conv1DTranspose], [2, Conv2D, Conv2DTranspose], [3, Conv3D, Conv3DTranspose]] as const) {
      const spatial = [3, 4, 2].slice(0, rank);
      const t = new (T as any)(3, 2, { strides: 2, useBias: false });
      const x = randomTensor([2, ...spatial, 4], 8);
      t.build([null, ...spatial, 4]);
      expect(t.weights[0].shape).toEqual([...new Array(rank).fill(2), 3, 4]);
      const ktensor = ops.cast(t.getWeights()[0], "float64");
      const tx = ops.convTranspose(x, ktensor, { strides: 2 });
      expect(tx.shape).toEqual([2, ...spatial.map((n) => 2 * n), 3]);
      const y = randomTensor(tx.shape.slice(), 9);
      const c = new (Cls as any)(4, 2, { strides: 2, useBias: false, dtype: "float64" });
      c.build([null, ...tx.shape.slice(1, -1), 3]);
      c.setWeights([ktensor]);
      const lhs = ops.sum(ops.multiply(tx, y)).item();
      const rhs = ops.sum(ops.multiply(x, c.apply(y))).item();
      expect(Math.abs(lhs - rhs)).toBeLessThan(1e-9 * Math.max(1, Math.abs(lhs)));
    }
  });

  it("output lengths follow Keras's rule for every padding / output_padding combination", () => {
    const lengths = (kwargs: Record<string, unknown>, n: number, k: number) =>
      (call(new Conv1DTranspose(1, k, kwargs), ops.ones([1, n, 1])).shape[1]);
    expect(lengths({ strides: 3 }, 4, 2)).toBe(12); // valid, k < s: n * s
    expect(lengths({ strides: 2 }, 4, 5)).toBe(11); // valid, k > s: n * s + k - s
    expect(lengths({ strides: 3, padding: "same" }, 4, 5)).toBe(12); // same: n * s
    // With output_padding p: (n - 1) * s + k - 2 * pad + p, pad = k // 2 for "same", 0 for "valid".
    expect(lengths({ strides: 3, padding: "same", outputPadding: 1 }, 4, 5)).toBe(11); // 9 + 5 - 4 + 1
    expect(lengths({ strides: 3, padding: "same", outputPadding: 0 }, 4, 5)).toBe(10); // 9 + 5 - 4 + 0
    expect(lengths({ strides: 2, outputPadding: 1 }, 4, 3)).toBe(10); // 6 + 3 - 0 + 1
    expect(lengths({ dilationRate: 2 }, 4, 3)).toBe(8); // valid, keff 5, s 1: 4 + 4
  });

  it("channels_first output is the transposed channels_last output", () => {
    const last = new Conv2DTranspose(3, [3, 2], { strides: [2, 3], outputPadding: [1, 2] });
    const x = ops.cast(randomTensor([2, 3, 4, 2], 10), "float32");
    const y = call(last, x);
    const first = new Conv2DTranspose(3, [3, 2], { strides: [2, 3], outputPadding: [1, 2], dataFormat: "channels_first" });
    first.build([null, 2, 3, 4]);
    first.setWeights(last.getWeights());
    expectClose(call(first, toFirst(x)), values(toFirst(y)), 1e-5, 1e-6);
  });
});

describe("channels_first agrees with channels_last", () => {
  const make = [
    () => [new Conv1D(3, 3, { padding: "causal", dilationRate: 2 }), [2, 7, 2]],
    () => [new Conv2D(4, [2, 3], { strides: [1, 2], groups: 2, padding: "same" }), [2, 5, 6, 4]],
    () => [new Conv3D(2, 2, { padding: "same" }), [1, 3, 4, 3, 2]],
    () => [new DepthwiseConv1D(3, { depthMultiplier: 2, padding: "same" }), [2, 6, 3]],
    () => [new SeparableConv1D(4, 2, { depthMultiplier: 2, strides: 2 }), [2, 7, 3]],
  ] as const;
  for (const m of make) {
    const [proto] = m();
    it(proto.constructor.name, () => {
      const [last, shape] = m() as [layers.Layer, number[]];
      const x = ops.cast(randomTensor(shape, 11), "float32");
      const y = call(last, x);
      const cfg = { ...last.getConfig(), data_format: "channels_first", name: undefined };
      delete cfg.name;
      const first = (last.constructor as any).fromConfig(cfg) as layers.Layer;
      first.build([shape[0], shape[shape.length - 1], ...shape.slice(1, -1)]);
      first.setWeights(last.getWeights());
      expectClose(call(first, toFirst(x)), values(toFirst(y)), 1e-5, 1e-6);
    });
  }
});

describe("LoRA on convolutions", () => {
  it("freezes the kernel, adds lora_kernel_a / lora_kernel_b, and adds alpha / rank * A @ B", () => {
    const layer = new Conv2D(4, 3, { loraRank: 2, loraAlpha: 4 });
    const x = ops.cast(randomTensor([1, 5, 5, 3], 12), "float32");
    const y0 = call(layer, x);
    expect(layer.weights.map((w) => [w.name, w.shape, w.trainable])).toEqual([
      ["kernel", [3, 3, 3, 4], false], ["bias", [4], true], ["lora_kernel_a", [3, 3, 3, 2], true], ["lora_kernel_b", [2, 4], true],
    ]);
    expect(layer.trainableWeights.map((w) => w.name)).toEqual(["bias", "lora_kernel_a", "lora_kernel_b"]);
    const plain = new Conv2D(4, 3);
    plain.build([null, 5, 5, 3]);
    const kernel = layer._kernel!.value;
    plain.setWeights([kernel, layer.bias!.value]);
    expectClose(y0, values(call(plain, x)), 1e-6, 1e-6); // B starts at zero
    layer.loraKernelB!.assign(ops.ones([2, 4]));
    const merged = ops.add(kernel, ops.multiply(ops.matmul(layer.loraKernelA!.value, ops.ones([2, 4])), 2));
    plain.setWeights([merged, layer.bias!.value]);
    expectClose(call(layer, x), values(call(plain, x)), 1e-5, 1e-5);
    expect(layer.getConfig()).toMatchObject({ lora_rank: 2, lora_alpha: 4 });
    const store: Record<string, Tensor> = {};
    layer.saveOwnVariables(store);
    expect(Object.keys(store)).toEqual(["0", "1"]);
    expectClose(store["0"], values(merged), 1e-6, 1e-6);
  });

  it("enableLora refuses kernel constraints, unbuilt layers and a second call", () => {
    expect(() => new Conv1D(2, 2).enableLora(2)).toThrow("Cannot enable lora on a layer that isn't yet built.");
    const c = new Conv1D(2, 2, { kernelConstraint: "non_neg" });
    c.build([null, 4, 1]);
    expect(() => c.enableLora(1)).toThrow("Lora is incompatible with kernel constraints");
    const d = new Conv1D(2, 2);
    d.build([null, 4, 1]);
    d.enableLora(1);
    expect(() => d.enableLora(1)).toThrow("lora is already enabled");
  });
});
