/**
 * keras.ops conv, depthwiseConv, separableConv, convTranspose: hand-computed
 * values, the Keras layer fixtures (forward and gradients, with bias and
 * activation applied by hand since layers are built on top of these ops),
 * float64 finite-difference gradients of first and second order,
 * identities, and argument errors.
 */
import { describe, expect, it } from "vitest";
import { GradientTape, Tensor, config, ops } from "../../src/index.js";
import { checkGradients, expectClose, randomTensor } from "../utils/gradcheck.js";
import { FixtureArray, fixtureTensor, loadFixture } from "../utils/fixtures.js";

const t64 = (values: number[], shape: number[]) => new Tensor(Float64Array.from(values), shape, "float64");
const values = (t: Tensor) => Array.from(t.data);

describe("conv: hand-computed values", () => {
  const x = t64([1, 2, 3, 4, 5], [1, 5, 1]);

  it("valid 1-D correlation (no kernel flip)", () => {
    expect(values(ops.conv(x, t64([1, 0, -1], [3, 1, 1])))).toEqual([-2, -2, -2]);
  });

  it('"same" puts the smaller half of the padding first', () => {
    const y = ops.conv(t64([1, 2, 3, 4], [1, 4, 1]), t64([1, 10], [2, 1, 1]), { padding: "same" });
    expect(values(y)).toEqual([21, 32, 43, 4]);
    // n = 5, k = 3, s = 2: three outputs, one zero on each side.
    expect(values(ops.conv(x, t64([1, 1, 1], [3, 1, 1]), 2, "same"))).toEqual([3, 9, 9]);
  });

  it('"causal" pads (k - 1) * d on the left only', () => {
    const k = t64([1, 10], [2, 1, 1]);
    expect(values(ops.conv(t64([1, 2, 3, 4], [1, 4, 1]), k, { padding: "causal" }))).toEqual([10, 21, 32, 43]);
    expect(values(ops.conv(t64([1, 2, 3, 4], [1, 4, 1]), k, { padding: "causal", dilationRate: 2 }))).toEqual([10, 20, 31, 42]);
  });

  it("strides and dilation", () => {
    const k = t64([1, 1], [2, 1, 1]);
    expect(values(ops.conv(x, k, 2))).toEqual([3, 7]);
    expect(values(ops.conv(x, k, 1, "valid", null, 3))).toEqual([5, 7]);
  });

  it("sums over input channels and produces every output channel (channels_last)", () => {
    // x (1, 2, 2): positions [1, 2] and [3, 4]; kernel (1, 2, 2) = [[1, 0], [0, 1]] is the identity, then doubled.
    const xc = t64([1, 2, 3, 4], [1, 2, 2]);
    expect(values(ops.conv(xc, t64([1, 0, 0, 1], [1, 2, 2])))).toEqual([1, 2, 3, 4]);
    expect(values(ops.conv(xc, t64([1, 1], [1, 2, 1])))).toEqual([3, 7]);
  });

  it("groups are implied by the kernel's input channels", () => {
    // 4 channels, kernel in-channels 2: group 0 reads channels 0-1 -> out 0, group 1 reads channels 2-3 -> out 1.
    const xc = t64([1, 2, 3, 4], [1, 1, 4]);
    const k = t64([1, 10, 100, 1000], [1, 2, 2]); // k[0, ci, co]
    // out0 = x0 * k[0,0,0] + x1 * k[0,1,0] = 1 * 1 + 2 * 100; out1 = x2 * k[0,0,1] + x3 * k[0,1,1] = 3 * 10 + 4 * 1000.
    expect(values(ops.conv(xc, k))).toEqual([201, 4030]);
  });

  it("2-D with channels_first", () => {
    // One 3x3 image, 2x2 all-ones kernel: sums of each 2x2 block.
    const img = t64([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 1, 3, 3]);
    const y = ops.conv(img, t64([1, 1, 1, 1], [2, 2, 1, 1]), { dataFormat: "channels_first" });
    expect(y.shape).toEqual([1, 1, 2, 2]);
    expect(values(y)).toEqual([12, 16, 24, 28]);
  });

  it("transposed conv scatters each input through the kernel", () => {
    // y[j] = sum_i x[i] * k[j - 2i]
    const y = ops.convTranspose(t64([1, 2], [1, 2, 1]), t64([1, 10, 100], [3, 1, 1]), 2);
    expect(values(y)).toEqual([1, 10, 102, 20, 200]);
    // "same" with stride 2 gives n * s = 4 outputs.
    expect(ops.convTranspose(t64([1, 2], [1, 2, 1]), t64([1, 10, 100], [3, 1, 1]), 2, "same").shape).toEqual([1, 4, 1]);
  });

  it("depthwise: output channel c * multiplier + m reads input channel c", () => {
    const xc = t64([1, 2, 3, 4], [1, 2, 2]); // positions [1, 2], [3, 4]
    const k = t64([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]); // k[tap, c, m]
    // out[c=0,m=0] = 1*1 + 3*5 = 16; [0,1] = 1*2 + 3*6 = 20; [1,0] = 2*3 + 4*7 = 34; [1,1] = 2*4 + 4*8 = 40.
    expect(values(ops.depthwiseConv(xc, k))).toEqual([16, 20, 34, 40]);
  });

  it("int inputs compute in floatx; float64 stays float64", () => {
    const xi = ops.convertToTensor([[[1], [2], [3]]]);
    const ki = ops.convertToTensor([[[1]], [[1]]]);
    const y = ops.conv(xi, ki);
    expect(y.dtype).toBe("float32");
    expect(values(y)).toEqual([3, 5]);
    expect(ops.conv(x, t64([1], [1, 1, 1])).dtype).toBe("float64");
  });

  it("positional arguments and one options object agree", () => {
    const xi = randomTensor([2, 9, 3], 1);
    const k = randomTensor([3, 3, 2], 2);
    expect(values(ops.conv(xi, k, 2, "same", "channels_last", 1))).toEqual(
      values(ops.conv(xi, k, { strides: 2, padding: "SAME", dilationRate: 1 })),
    );
  });

  it("dataFormat null follows keras.config.imageDataFormat()", () => {
    const img = t64([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 1, 3, 3]);
    const k = t64([1, 1, 1, 1], [2, 2, 1, 1]);
    config.setImageDataFormat("channels_first");
    try {
      expect(values(ops.conv(img, k))).toEqual([12, 16, 24, 28]);
      expect(values(ops.maxPool(img, 2, 1))).toEqual([5, 6, 8, 9]);
    } finally {
      config.setImageDataFormat("channels_last");
    }
    // Back to the default: the same numbers laid out channels_last.
    expect(values(ops.conv(ops.transpose(img, [0, 2, 3, 1]), k, 1, "valid", null))).toEqual([12, 16, 24, 28]);
  });

  it("empty batch", () => {
    const y = ops.conv(randomTensor([0, 5, 5, 2], 1), randomTensor([3, 3, 2, 4], 2), 1, "same");
    expect(y.shape).toEqual([0, 5, 5, 4]);
  });
});

// ---------------------------------------------------------------- Keras fixtures

type Activation = "linear" | "relu" | "tanh";

function activate(z: number, a: Activation): number {
  return a === "relu" ? Math.max(0, z) : a === "tanh" ? Math.tanh(z) : z;
}
function activationSlope(z: number, a: Activation): number {
  if (a === "relu") return z > 0 ? 1 : 0;
  if (a === "tanh") return 1 - Math.tanh(z) ** 2;
  return 1;
}

/** The layer's pre-activation output (op + bias), written against keras.ops only. */
function layerPreActivation(cls: string, cfg: any, x: Tensor, w: Tensor[]): Tensor {
  const dataFormat = cfg.data_format;
  const common = { strides: cfg.strides, padding: cfg.padding, dataFormat, dilationRate: cfg.dilation_rate };
  let y: Tensor;
  let bias: Tensor;
  if (/^Conv\dD$/.test(cls)) {
    y = ops.conv(x, w[0], common);
    bias = w[1];
  } else if (/^Conv\dDTranspose$/.test(cls)) {
    y = ops.convTranspose(x, w[0], cfg.strides, {
      padding: cfg.padding, outputPadding: cfg.output_padding, dataFormat, dilationRate: cfg.dilation_rate,
    });
    bias = w[1];
  } else if (/^DepthwiseConv\dD$/.test(cls)) {
    y = ops.depthwiseConv(x, w[0], common);
    bias = w[1];
  } else if (/^SeparableConv\dD$/.test(cls)) {
    y = ops.separableConv(x, w[0], w[1], common);
    bias = w[2];
  } else {
    throw new Error(`no op for ${cls}`);
  }
  if (dataFormat === "channels_first") bias = ops.reshape(bias, [bias.shape[0], ...new Array(y.rank - 2).fill(1)]);
  return ops.add(y, bias);
}

const convFixtures = [
  "conv1d_causal_dilated", "conv1d_same_channels_first", "conv1d_valid_strided",
  "conv2d_channels_first", "conv2d_groups_same", "conv2d_same_strided", "conv2d_valid_dilated", "conv3d",
  "conv1d_transpose", "conv1d_transpose_same_output_padding",
  "conv2d_transpose_channels_first", "conv2d_transpose_output_padding", "conv2d_transpose_same", "conv3d_transpose",
  "depthwise_conv1d", "depthwise_conv2d", "separable_conv1d", "separable_conv2d",
];

const to64 = (a: FixtureArray) => ops.cast(fixtureTensor(a), "float64");

describe("Keras fixtures: conv layers rebuilt from ops", () => {
  for (const name of convFixtures) {
    it(name, () => {
      const f = loadFixture(name);
      const cls: string = f.layer.class_name;
      const cfg = f.layer.config;
      const act = cfg.activation as Activation;
      expect(["linear", "relu", "tanh"]).toContain(act);

      // float32 forward against Keras's float32 outputs.
      const x = fixtureTensor(f.inputs[0]);
      const w = f.weights.map((a: FixtureArray) => fixtureTensor(a));
      const z = layerPreActivation(cls, cfg, x, w);
      expect(z.dtype).toBe("float32");
      expect(z.shape).toEqual(f.outputs[0].shape);
      const y = Array.from(z.data, (v) => Math.fround(activate(v, act)));
      expectClose(y, fixtureTensor(f.outputs[0]).data, 1e-5, 1e-6);

      // float64 forward and gradients against PyTorch's float64 reference.
      const x64 = to64(f.inputs[0]);
      const w64 = f.weights.map(to64);
      const z64 = layerPreActivation(cls, cfg, x64, w64);
      expectClose(Array.from(z64.data, (v) => activate(v, act)), fixtureTensor(f.grads.forward_float64[0]).data, 1e-9, 1e-9);
      const up = fixtureTensor(f.grads.upstream[0]);
      const seed = new Tensor(Float64Array.from(z64.data, (v, i) => up.data[i] * activationSlope(v, act)), z64.shape, "float64");
      const tape = new GradientTape();
      tape.watch([x64, ...w64]);
      const zt = tape.record(() => layerPreActivation(cls, cfg, x64, w64));
      const grads = tape.gradient(zt, [x64, ...w64], { outputGradients: seed });
      expectClose(grads[0]!, fixtureTensor(f.grads.inputs[0]).data, 1e-4, 1e-7);
      expect(f.grads.weights.length).toBe(w64.length);
      f.grads.weights.forEach((g: FixtureArray, i: number) => {
        expect(grads[i + 1]!.shape).toEqual(g.shape);
        expectClose(grads[i + 1]!, fixtureTensor(g).data, 1e-4, 1e-7);
      });
    });
  }
});

// ---------------------------------------------------------------- finite differences

describe("conv gradients (float64 finite differences)", () => {
  const cases: [string, number[], number[], Record<string, unknown>][] = [
    ["1-D valid", [2, 7, 3], [3, 3, 2], {}],
    ["1-D causal dilated", [2, 6, 2], [2, 2, 3], { padding: "causal", dilationRate: 2 }],
    ["1-D same, even kernel, strided", [1, 7, 2], [4, 2, 2], { padding: "same", strides: 2 }],
    ["1-D length 1, same", [2, 1, 2], [3, 2, 2], { padding: "same" }],
    ["2-D same strided", [2, 5, 6, 3], [3, 2, 3, 4], { padding: "same", strides: [2, 1] }],
    ["2-D valid dilated", [1, 7, 7, 2], [3, 3, 2, 2], { dilationRate: 2 }],
    ["2-D strided and dilated", [1, 9, 8, 2], [2, 3, 2, 2], { strides: 2, dilationRate: [2, 1], padding: "same" }],
    ["2-D groups", [1, 5, 5, 4], [3, 3, 2, 6], { padding: "same" }],
    ["2-D depthwise-shaped groups", [1, 4, 4, 3], [2, 2, 1, 6], { padding: "same" }],
    ["2-D channels_first", [2, 3, 5, 4], [2, 3, 3, 2], { padding: "same", dataFormat: "channels_first" }],
    ["2-D 1x1", [2, 3, 3, 4], [1, 1, 4, 3], {}],
    ["2-D size-1 spatial", [1, 1, 1, 2], [1, 1, 2, 3], { padding: "same" }],
    ["3-D", [1, 4, 4, 3, 2], [2, 2, 2, 2, 3], { padding: "same", strides: [1, 2, 1] }],
    ["3-D channels_first groups", [1, 4, 3, 3, 2], [2, 2, 1, 2, 4], { dataFormat: "channels_first" }],
  ];
  for (const [name, xs, ks, opts] of cases) {
    it(name, () => {
      checkGradients((x, k) => ops.conv(x, k, opts), [randomTensor(xs, 11), randomTensor(ks, 12)]);
    });
  }

  const transposeCases: [string, number[], number[], number | number[], Record<string, unknown>][] = [
    ["1-D valid strided", [2, 4, 2], [3, 3, 2], 2, {}],
    ["1-D same with output padding", [2, 3, 2], [4, 2, 2], 3, { padding: "same", outputPadding: 1 }],
    ["2-D same strided", [1, 3, 2, 2], [3, 3, 3, 2], 2, { padding: "same" }],
    ["2-D valid with output padding", [1, 2, 3, 2], [3, 3, 2, 2], [2, 3], { outputPadding: [1, 2] }],
    ["2-D channels_first", [2, 2, 3, 2], [3, 3, 2, 2], 2, { padding: "same", dataFormat: "channels_first" }],
    ["2-D dilated", [1, 3, 3, 2], [2, 2, 2, 2], 1, { padding: "same", dilationRate: 2 }],
    ["3-D", [1, 2, 2, 2, 2], [2, 2, 2, 2, 2], [2, 1, 2], {}],
  ];
  for (const [name, xs, ks, strides, opts] of transposeCases) {
    it(`convTranspose ${name}`, () => {
      checkGradients((x, k) => ops.convTranspose(x, k, strides, opts), [randomTensor(xs, 13), randomTensor(ks, 14)]);
    });
  }

  it("depthwiseConv 1-D same, multiplier 2", () => {
    checkGradients((x, k) => ops.depthwiseConv(x, k, 1, "same"), [randomTensor([2, 5, 3], 15), randomTensor([3, 3, 2], 16)]);
  });
  it("depthwiseConv 2-D valid strided", () => {
    checkGradients((x, k) => ops.depthwiseConv(x, k, 2), [randomTensor([2, 5, 5, 2], 17), randomTensor([2, 2, 2, 1], 18)]);
  });
  it("depthwiseConv 2-D dilated channels_first", () => {
    checkGradients(
      (x, k) => ops.depthwiseConv(x, k, { dilationRate: 2, padding: "same", dataFormat: "channels_first" }),
      [randomTensor([1, 2, 5, 5], 19), randomTensor([2, 2, 2, 3], 20)],
    );
  });
  it("separableConv 1-D valid", () => {
    checkGradients(
      (x, d, p) => ops.separableConv(x, d, p),
      [randomTensor([2, 6, 2], 21), randomTensor([3, 2, 2], 22), randomTensor([1, 4, 3], 23)],
    );
  });
  it("separableConv 2-D same strided", () => {
    checkGradients(
      (x, d, p) => ops.separableConv(x, d, p, 2, "same"),
      [randomTensor([1, 5, 4, 2], 24), randomTensor([3, 3, 2, 2], 25), randomTensor([1, 1, 4, 3], 26)],
    );
  });
});

describe("conv gradients of second order", () => {
  /** d/dx sum(conv(x, k) * w) computed on an inner tape: a function of (x, k, w) the outer check differentiates. */
  function inputGradient(x: Tensor, k: Tensor, w: Tensor, opts: Record<string, unknown>): Tensor {
    const inner = new GradientTape();
    inner.watch(x);
    const loss = inner.record(() => ops.sum(ops.multiply(ops.conv(x, k, opts), w)));
    return inner.gradient(loss, [x])[0]!;
  }
  function kernelGradient(x: Tensor, k: Tensor, w: Tensor, opts: Record<string, unknown>): Tensor {
    const inner = new GradientTape();
    inner.watch(k);
    const loss = inner.record(() => ops.sum(ops.multiply(ops.conv(x, k, opts), w)));
    return inner.gradient(loss, [k])[0]!;
  }
  const x = randomTensor([1, 6, 5, 2], 31);
  const k = randomTensor([3, 2, 2, 3], 32);
  const opts = { padding: "same", strides: [2, 1] };
  const w = randomTensor(ops.conv(x, k, opts).shape.slice(), 33);

  it("of the input gradient, w.r.t. the kernel and the upstream", () => {
    checkGradients((kk, ww) => inputGradient(x, kk, ww, opts), [k, w]);
  });
  it("of the kernel gradient, w.r.t. the input and the upstream", () => {
    checkGradients((xx, ww) => kernelGradient(xx, k, ww, opts), [x, w]);
  });
  it("of a transposed conv's gradient", () => {
    const xt = randomTensor([1, 3, 2, 2], 34);
    const kt = randomTensor([3, 3, 3, 2], 35);
    const f = (xx: Tensor, kk: Tensor) => {
      const inner = new GradientTape();
      inner.watch([xx, kk]);
      const loss = inner.record(() => ops.sum(ops.multiply(ops.convTranspose(xx, kk, 2, "same"), ops.convTranspose(xx, kk, 2, "same"))));
      return inner.gradient(loss, [kk])[0]!;
    };
    checkGradients(f, [xt, kt], { tol: 1e-5 });
  });
});

// ---------------------------------------------------------------- identities

describe("conv identities", () => {
  it("convTranspose is the input gradient of conv with the same kernel array", () => {
    for (const [xs, ks, strides, padding] of [
      [[2, 8, 8, 2], [3, 3, 2, 3], 2, "same"],
      [[2, 9, 6, 2], [3, 2, 2, 3], [2, 3], "valid"],
      [[1, 12, 3], [4, 3, 2], 3, "same"],
    ] as [number[], number[], number | number[], string][]) {
      const x = randomTensor(xs, 41);
      const k = randomTensor(ks, 42);
      const dy = randomTensor(ops.conv(x, k, strides, padding).shape.slice(), 43);
      const tape = new GradientTape();
      tape.watch(x);
      const y = tape.record(() => ops.conv(x, k, strides, padding));
      const dx = tape.gradient(y, [x], { outputGradients: dy })[0]!;
      const yt = ops.convTranspose(dy, k, strides, padding, null);
      expect(yt.shape).toEqual(x.shape);
      expectClose(yt, dx.data, 1e-12, 1e-12);
    }
  });

  it("a 1x1 conv is a matmul over the channels", () => {
    const x = randomTensor([2, 3, 4, 5], 44);
    const k = randomTensor([1, 1, 5, 6], 45);
    const viaMatmul = ops.matmul(ops.reshape(x, [24, 5]), ops.reshape(k, [5, 6]));
    expectClose(ops.conv(x, k), viaMatmul.data, 1e-12, 1e-12);
  });

  it("depthwise conv is the grouped conv with the kernel reshaped to (*k, 1, C * m)", () => {
    const x = randomTensor([2, 6, 5, 3], 46);
    const k = randomTensor([3, 2, 3, 2], 47);
    expectClose(ops.depthwiseConv(x, k, 1, "same"), ops.conv(x, ops.reshape(k, [3, 2, 1, 6]), 1, "same").data, 1e-12, 1e-12);
  });

  it("separable conv is depthwise conv then a 1x1 conv", () => {
    const x = randomTensor([2, 6, 5, 3], 48);
    const d = randomTensor([3, 3, 3, 2], 49);
    const p = randomTensor([1, 1, 6, 4], 50);
    const expected = ops.conv(ops.depthwiseConv(x, d, 2, "same"), p);
    expectClose(ops.separableConv(x, d, p, 2, "same"), expected.data, 1e-12, 1e-12);
  });

  it("channels_first equals transposing to channels_last and back", () => {
    const x = randomTensor([2, 3, 5, 6], 51);
    const k = randomTensor([2, 3, 3, 4], 52);
    const viaLast = ops.transpose(ops.conv(ops.transpose(x, [0, 2, 3, 1]), k, 2, "same"), [0, 3, 1, 2]);
    expectClose(ops.conv(x, k, 2, "same", "channels_first"), viaLast.data, 1e-12, 1e-12);
  });
});

// ---------------------------------------------------------------- errors

describe("conv argument errors", () => {
  const x = randomTensor([1, 5, 5, 4], 1);
  const k = randomTensor([3, 3, 4, 2], 2);
  it("names the op and the problem", () => {
    expect(() => ops.conv(x, k, 1, "full")).toThrow(/ops\.conv.*padding.*full/);
    expect(() => ops.conv(randomTensor([5, 4], 1), randomTensor([4, 2], 1))).toThrow(/rank 3, 4 or 5/);
    expect(() => ops.conv(x, randomTensor([3, 4, 2], 1))).toThrow(/same length as input/);
    expect(() => ops.conv(x, randomTensor([3, 3, 3, 2], 1))).toThrow(/evenly divisible/);
    expect(() => ops.conv(x, randomTensor([3, 3, 2, 3], 1))).toThrow(/divisible by the number of groups/);
    expect(() => ops.conv(x, randomTensor([6, 6, 4, 2], 1))).toThrow(/Computed output size would be zero or negative/);
    expect(() => ops.conv(x, k, { padding: "causal" })).toThrow(/causal.*1-D/);
    expect(() => ops.conv(x, k, [1, 2, 3])).toThrow(/`strides` argument must be a tuple of 2 integers/);
    expect(() => ops.conv(x, k, 0)).toThrow(/value >= 1/);
    expect(() => ops.conv(x, k, { stride: 2 })).toThrow(/unknown option "stride"/);
    expect(() => ops.conv(x, k, { dataFormat: "NHWC" })).toThrow(/data_format/);
    expect(() => ops.depthwiseConv(x, randomTensor([3, 3, 2, 2], 1))).toThrow(/input channels must match/);
    expect(() => ops.depthwiseConv(x, k, { padding: "causal" })).toThrow(/padding/);
    expect(() => ops.separableConv(x, randomTensor([3, 3, 4, 1], 1), randomTensor([1, 1, 3, 2], 1))).toThrow(/4 input channels/);
    expect(() => ops.convTranspose(x, randomTensor([3, 3, 2, 3], 1), 1)).toThrow(/input channels must match/);
    expect(() => (ops.convTranspose as any)(x, randomTensor([3, 3, 2, 4], 1))).toThrow(/strides/);
    expect(() => ops.convTranspose(x, randomTensor([3, 3, 2, 4], 1), 2, { outputPadding: -1 })).toThrow(/output_padding/);
  });
  it("accepts strides inside the options object for convTranspose", () => {
    const kt = randomTensor([3, 3, 2, 4], 3);
    expect(ops.convTranspose(x, kt, { strides: 2, padding: "same" }).shape).toEqual([1, 10, 10, 2]);
    expect(values(ops.convTranspose(x, kt, { strides: 2, padding: "same" }))).toEqual(values(ops.convTranspose(x, kt, 2, "same")));
  });
});
