/**
 * keras.ops maxPool and averagePool: hand-computed values (padding never
 * counts), the Keras pooling fixtures (outputs and gradients), float64
 * finite-difference gradients, second order for average pooling, errors.
 */
import { describe, expect, it } from "vitest";
import { GradientTape, Tensor, ops } from "../../src/index.js";
import { checkGradients, expectClose, randomTensor } from "../utils/gradcheck.js";
import { FixtureArray, fixtureTensor, loadFixture } from "../utils/fixtures.js";

const t64 = (v: number[], shape: number[]) => new Tensor(Float64Array.from(v), shape, "float64");
const values = (t: Tensor) => Array.from(t.data);

describe("pooling: hand-computed values", () => {
  const x = t64([1, 3, 2, 5, 4], [1, 5, 1]);

  it("max pooling, valid and same", () => {
    expect(values(ops.maxPool(x, 2))).toEqual([3, 5]);
    expect(values(ops.maxPool(x, 2, null, "same"))).toEqual([3, 5, 4]);
    expect(values(ops.maxPool(x, 2, 1))).toEqual([3, 3, 5, 5]);
  });

  it('average pooling divides by the real elements of a "same" window', () => {
    expect(values(ops.averagePool(x, 2))).toEqual([2, 3.5]);
    expect(values(ops.averagePool(x, 2, null, "same"))).toEqual([2, 3.5, 4]);
    // 3x3 image, 2x2 windows with stride 2: the right and bottom windows hold 2 and 1 real elements.
    const img = t64([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
    expect(values(ops.averagePool(img, 2, 2, "same"))).toEqual([3, 4.5, 7.5, 9]);
    // Window 3 stride 1 "same" on 1-D: the edge windows have 2 real elements.
    expect(values(ops.averagePool(x, 3, 1, "same"))).toEqual([2, 2, 10 / 3, 11 / 3, 4.5]);
  });

  it("max pooling over negative values ignores the padding", () => {
    const neg = t64([-5, -3, -4], [1, 3, 1]);
    expect(values(ops.maxPool(neg, 2, 2, "same"))).toEqual([-3, -4]);
  });

  it("2-D and 3-D windows, per channel", () => {
    const img = t64([1, 10, 2, 20, 3, 30, 4, 40], [1, 2, 2, 2]); // two channels interleaved
    expect(values(ops.maxPool(img, 2))).toEqual([4, 40]);
    expect(values(ops.averagePool(img, [2, 2]))).toEqual([2.5, 25]);
    const vol = t64([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 2, 2, 1]);
    expect(values(ops.maxPool(vol, 2))).toEqual([8]);
    expect(values(ops.averagePool(vol, [2, 2, 2]))).toEqual([4.5]);
  });

  it("channels_first", () => {
    const img = t64([1, 2, 3, 4, 10, 20, 30, 40], [1, 2, 2, 2]); // (batch, C, H, W)
    const y = ops.maxPool(img, 2, null, "valid", "channels_first");
    expect(y.shape).toEqual([1, 2, 1, 1]);
    expect(values(y)).toEqual([4, 40]);
  });

  it("dtypes: max keeps ints, average of ints is floatx", () => {
    const xi = ops.convertToTensor([[[1], [4], [2], [3]]]);
    const m = ops.maxPool(xi, 2);
    expect(m.dtype).toBe("int32");
    expect(values(m)).toEqual([4, 3]);
    const a = ops.averagePool(xi, 2);
    expect(a.dtype).toBe("float32");
    expect(values(a)).toEqual([2.5, 2.5]);
    expect(ops.maxPool(x, 2).dtype).toBe("float64");
  });

  it("positional arguments and one options object agree; empty batch", () => {
    const r = randomTensor([2, 6, 5, 3], 1);
    expect(values(ops.maxPool(r, [3, 2], [2, 1], "same"))).toEqual(values(ops.maxPool(r, [3, 2], { strides: [2, 1], padding: "SAME" })));
    expect(ops.averagePool(randomTensor([0, 4, 4, 2], 1), 2).shape).toEqual([0, 2, 2, 2]);
  });

  it("max pooling's gradient goes to the first maximum of a window", () => {
    const xt = t64([2, 2, 1, 7, 7, 0], [1, 6, 1]);
    const tape = new GradientTape();
    tape.watch(xt);
    const y = tape.record(() => ops.maxPool(xt, 3, 3));
    const [g] = tape.gradient(y, [xt], { outputGradients: t64([1, 2], [1, 2, 1]) });
    expect(values(g!)).toEqual([1, 0, 0, 2, 0, 0]);
  });
});

// ---------------------------------------------------------------- Keras fixtures

const poolFixtures = [
  "maxpool1d", "maxpool2d_channels_first", "maxpool2d_same_strided", "maxpool2d_valid", "maxpool3d",
  "avgpool1d", "avgpool2d_same", "avgpool2d_valid_strided", "avgpool3d",
];

function layerCall(cls: string, cfg: any, x: Tensor): Tensor {
  const opts = { strides: cfg.strides, padding: cfg.padding, dataFormat: cfg.data_format };
  if (/^MaxPooling\dD$/.test(cls)) return ops.maxPool(x, cfg.pool_size, opts);
  if (/^AveragePooling\dD$/.test(cls)) return ops.averagePool(x, cfg.pool_size, opts);
  throw new Error(`no op for ${cls}`);
}

describe("Keras fixtures: pooling layers rebuilt from ops", () => {
  for (const name of poolFixtures) {
    it(name, () => {
      const f = loadFixture(name);
      const cls: string = f.layer.class_name;
      const cfg = f.layer.config;
      const y = layerCall(cls, cfg, fixtureTensor(f.inputs[0]));
      expect(y.dtype).toBe("float32");
      expect(y.shape).toEqual(f.outputs[0].shape);
      expectClose(y, fixtureTensor(f.outputs[0]).data, 1e-5, 1e-6);

      const x64 = ops.cast(fixtureTensor(f.inputs[0]), "float64");
      const tape = new GradientTape();
      tape.watch(x64);
      const y64 = tape.record(() => layerCall(cls, cfg, x64));
      expectClose(y64, fixtureTensor(f.grads.forward_float64[0]).data, 1e-12, 1e-12);
      const [g] = tape.gradient(y64, [x64], { outputGradients: fixtureTensor(f.grads.upstream[0] as FixtureArray) });
      expectClose(g!, fixtureTensor(f.grads.inputs[0]).data, 1e-4, 1e-7);
    });
  }
});

// ---------------------------------------------------------------- finite differences

describe("pooling gradients (float64 finite differences)", () => {
  const cases: [string, number[], number | number[], Record<string, unknown>][] = [
    ["1-D valid overlapping", [2, 7, 3], 3, { strides: 1 }],
    ["1-D same", [2, 5, 2], 2, { padding: "same" }],
    ["2-D same strided", [2, 5, 5, 2], 3, { strides: 2, padding: "same" }],
    ["2-D valid rectangular", [1, 4, 5, 2], [3, 2], { strides: [1, 2] }],
    ["2-D channels_first", [2, 2, 4, 3], [2, 1], { dataFormat: "channels_first" }],
    ["2-D size-1 window and dims", [1, 1, 3, 1], 1, {}],
    ["3-D same", [1, 3, 3, 2, 2], 2, { padding: "same" }],
  ];
  for (const [name, xs, size, opts] of cases) {
    it(`maxPool ${name}`, () => {
      checkGradients((x) => ops.maxPool(x, size, opts), [randomTensor(xs, 61)]);
    });
    it(`averagePool ${name}`, () => {
      checkGradients((x) => ops.averagePool(x, size, opts), [randomTensor(xs, 62)]);
    });
  }

  it("average pooling, second order: gradient w.r.t. the upstream", () => {
    const x = randomTensor([1, 5, 4, 2], 63);
    const f = (w: Tensor) => {
      const inner = new GradientTape();
      inner.watch(x);
      const loss = inner.record(() => ops.sum(ops.multiply(ops.averagePool(x, 2, 1, "same"), w)));
      return inner.gradient(loss, [x])[0]!;
    };
    checkGradients(f, [randomTensor([1, 5, 4, 2], 64)]);
  });

  it("max pooling, second order: raises instead of a silent zero", () => {
    const x = randomTensor([1, 4, 4, 1], 65);
    const w = randomTensor([1, 2, 2, 1], 66);
    const outer = new GradientTape();
    outer.watch(w);
    const total = outer.record(() => {
      const inner = new GradientTape();
      inner.watch(x);
      const loss = inner.record(() => ops.sum(ops.multiply(ops.maxPool(x, 2), w)));
      return ops.sum(inner.gradient(loss, [x])[0]!);
    });
    expect(() => outer.gradient(total, [w])).toThrow(/maxPool.*order two/);
  });
});

describe("pooling argument errors", () => {
  const x = randomTensor([1, 4, 4, 2], 1);
  it("names the op and the problem", () => {
    expect(() => ops.maxPool(x, 2, null, "causal")).toThrow(/ops\.maxPool.*padding/);
    expect(() => ops.averagePool(x, 5)).toThrow(/Computed output size would be zero or negative/);
    expect(() => ops.maxPool(x, [2, 2, 2])).toThrow(/`pool_size` argument must be a tuple of 2 integers/);
    expect(() => ops.maxPool(x, 0)).toThrow(/pool_size/);
    expect(() => ops.averagePool(randomTensor([4, 4], 1), 2)).toThrow(/rank 3, 4 or 5/);
    expect(() => ops.maxPool(x, 2, { pad: "same" })).toThrow(/unknown option "pad"/);
    expect(() => ops.maxPool(x, 2, 2, "valid", "NCHW")).toThrow(/data_format/);
  });
});
