/**
 * ConvLSTM1D / 2D / 3D: the Keras 3.15.1 fixtures (configs, weights, outputs
 * within 1e-5, gradients within 1e-4), the layer contract harness, a
 * plain-loop float64 reference of the recurrence (strides, "same"/"valid",
 * dilation, no bias, goBackwards), identities (channels_first = transposed
 * channels_last; a 1x1x1 ConvLSTM3D = an LSTM per voxel; a depth-1
 * ConvLSTM3D with a (1, k, k) kernel = ConvLSTM2D), float64 finite
 * differences, stateful / initialState / masks / dropout, configs and errors.
 */
import { describe, expect, it } from "vitest";
import { Input, Model, Tensor, layers, ops } from "../../../src/index.js";
import { runLayerFixture } from "../../utils/layer-fixture.js";
import { runLayerTest } from "../../utils/layer-test.js";
import { expectClose, randomTensor } from "../../utils/gradcheck.js";
import { checkLayerGradients } from "../layer-gradcheck.js";

const { ConvLSTM1D, ConvLSTM2D, ConvLSTM3D, LSTM } = layers;

/** Sets every weight to seeded uniform values in [-0.6, 0.6]. */
function randomizeWeights(layer: layers.Layer, seed = 100): void {
  layer.weights.forEach((w, i) => w.assign(ops.cast(randomTensor(w.shape.slice(), seed + i, -0.6, 0.6), w.dtype)));
}

// ------------------------------------------------------------ plain-loop reference (channels_last, 2-D)

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

interface Ref2DArgs {
  strides: [number, number];
  padding: "valid" | "same";
  dilation: [number, number];
  goBackwards: boolean;
}

/** Padding before and output length of one dim, XLA's rules (the smaller half of "same" padding goes first). */
function dimRule(n: number, k: number, s: number, d: number, padding: "valid" | "same"): [number, number] {
  const keff = (k - 1) * d + 1;
  if (padding === "valid") return [0, Math.floor((n - keff) / s) + 1];
  const out = Math.ceil(n / s);
  return [Math.floor(Math.max((out - 1) * s + keff - n, 0) / 2), out];
}

/**
 * conv of x (B, H, W, C) with w (KH, KW, C, O), as nested loops: out[b, i, j, o] = sum over
 * (p, q, c) of x[b, i*s0 - pad0 + p*d0, j*s1 - pad1 + q*d1, c] * w[p, q, c, o] (zero outside x).
 */
function conv2dRef(x: Float64Array, [B, H, W, C]: readonly number[], w: Float64Array, [KH, KW, , O]: readonly number[], s: readonly number[], d: readonly number[], padding: "valid" | "same") {
  const [p0, OH] = dimRule(H, KH, s[0], d[0], padding);
  const [p1, OW] = dimRule(W, KW, s[1], d[1], padding);
  const out = new Float64Array(B * OH * OW * O);
  for (let b = 0; b < B; b++)
    for (let i = 0; i < OH; i++)
      for (let j = 0; j < OW; j++)
        for (let o = 0; o < O; o++) {
          let acc = 0;
          for (let p = 0; p < KH; p++) {
            const r = i * s[0] - p0 + p * d[0];
            if (r < 0 || r >= H) continue;
            for (let q = 0; q < KW; q++) {
              const cc = j * s[1] - p1 + q * d[1];
              if (cc < 0 || cc >= W) continue;
              for (let c = 0; c < C; c++) acc += x[((b * H + r) * W + cc) * C + c] * w[((p * KW + q) * C + c) * O + o];
            }
          }
          out[((b * OH + i) * OW + j) * O + o] = acc;
        }
  return { out, shape: [B, OH, OW, O] };
}

/** ConvLSTM2D (channels_last) by hand: returns every output (B, T, OH, OW, F) in processing order, and the last h and c. */
function convLstm2dRef(x: Tensor, kernel: Tensor, recurrent: Tensor, bias: Tensor | null, a: Ref2DArgs) {
  const [B, T, H, W, C] = x.shape;
  const [KH, KW, , F4] = kernel.shape;
  const F = F4 / 4;
  const xd = Float64Array.from(x.data as ArrayLike<number>);
  const frame = H * W * C;
  const [, OH] = dimRule(H, KH, a.strides[0], a.dilation[0], a.padding);
  const [, OW] = dimRule(W, KW, a.strides[1], a.dilation[1], a.padding);
  const n = B * OH * OW * F;
  let h = new Float64Array(n);
  let c = new Float64Array(n);
  const outputs: Float64Array[] = [];
  const kd = Float64Array.from(kernel.data as ArrayLike<number>);
  const rd = Float64Array.from(recurrent.data as ArrayLike<number>);
  for (let s = 0; s < T; s++) {
    const t = a.goBackwards ? T - 1 - s : s;
    const step = new Float64Array(B * frame);
    for (let b = 0; b < B; b++) step.set(xd.subarray((b * T + t) * frame, (b * T + t + 1) * frame), b * frame);
    const zx = conv2dRef(step, [B, H, W, C], kd, kernel.shape, a.strides, a.dilation, a.padding).out;
    const zh = conv2dRef(h, [B, OH, OW, F], rd, recurrent.shape, [1, 1], [1, 1], "same").out;
    const hn = new Float64Array(n);
    const cn = new Float64Array(n);
    for (let p = 0; p < B * OH * OW; p++) {
      for (let u = 0; u < F; u++) {
        const z = (g: number) => zx[p * F4 + g * F + u] + zh[p * F4 + g * F + u] + (bias ? Number(bias.data[g * F + u]) : 0);
        const cv = sigmoid(z(1)) * c[p * F + u] + sigmoid(z(0)) * Math.tanh(z(2));
        cn[p * F + u] = cv;
        hn[p * F + u] = sigmoid(z(3)) * Math.tanh(cv);
      }
    }
    h = hn;
    c = cn;
    outputs.push(hn);
  }
  const all = new Float64Array(B * T * OH * OW * F);
  const per = OH * OW * F;
  outputs.forEach((o, s) => {
    for (let b = 0; b < B; b++) all.set(o.subarray(b * per, (b + 1) * per), (b * T + s) * per);
  });
  return { outputs: all, h, c, stateShape: [B, OH, OW, F] };
}

// ------------------------------------------------------------ fixtures

describe("Keras 3.15.1 fixtures", () => {
  // Both pass at the default tolerances (outputs 1e-5, gradients 1e-4 relative): the sequences are 3 steps long.
  it("conv_lstm1d: ConvLSTM1D(2, 3, padding='same', return_sequences=True)", () => {
    const { layer } = runLayerFixture("conv_lstm1d");
    expect(layer.weights.map((w) => w.path)).toEqual(["conv_lstm1d/conv_lstm_cell/kernel", "conv_lstm1d/conv_lstm_cell/recurrent_kernel", "conv_lstm1d/conv_lstm_cell/bias"]);
  });
  it("conv_lstm2d: ConvLSTM2D(2, (2, 2)), last output", () => {
    const { outputs } = runLayerFixture("conv_lstm2d");
    expect(outputs[0].shape).toEqual([2, 3, 3, 2]);
  });
});

// ------------------------------------------------------------ contract harness

describe("contract harness", () => {
  // Output lengths: valid n - keff + 1 (floor((n - keff) / s) + 1 strided); same ceil(n / s).
  const cases: [string, () => layers.Layer, number[], unknown, number][] = [
    ["ConvLSTM1D valid: 6 - 3 + 1 = 4", () => new ConvLSTM1D(2, 3), [2, 3, 6, 2], [2, 4, 2], 3],
    ["ConvLSTM1D same strided 2, returnSequences: ceil(7 / 2) = 4", () => new ConvLSTM1D(3, 3, { padding: "same", strides: 2, returnSequences: true }), [2, 3, 7, 2], [2, 3, 4, 3], 3],
    ["ConvLSTM1D channels_first, no bias", () => new ConvLSTM1D(2, 2, { dataFormat: "channels_first", useBias: false }), [2, 3, 2, 5], [2, 2, 4], 2],
    ["ConvLSTM2D valid (5, 4) kernel (3, 2): (3, 3)", () => new ConvLSTM2D(2, [3, 2]), [2, 3, 5, 4, 1], [2, 3, 3, 2], 3],
    ["ConvLSTM2D same, returnState", () => new ConvLSTM2D(2, 3, { padding: "same", returnState: true }), [2, 2, 4, 4, 2], [[2, 4, 4, 2], [2, 4, 4, 2], [2, 4, 4, 2]], 3],
    ["ConvLSTM2D dilation 2 valid, goBackwards, returnSequences: 6 - 5 + 1 = 2", () => new ConvLSTM2D(2, 3, { dilationRate: 2, goBackwards: true, returnSequences: true }), [1, 3, 6, 6, 2], [1, 3, 2, 2, 2], 3],
    ["ConvLSTM2D channels_first, strides 2 same", () => new ConvLSTM2D(3, 2, { dataFormat: "channels_first", strides: 2, padding: "same" }), [2, 2, 2, 5, 4], [2, 3, 3, 2], 3],
    ["ConvLSTM3D valid", () => new ConvLSTM3D(2, 2), [1, 2, 3, 3, 3, 2], [1, 2, 2, 2, 2], 3],
    ["ConvLSTM3D same, returnSequences, returnState", () => new ConvLSTM3D(2, [1, 2, 3], { padding: "same", returnSequences: true, returnState: true }), [1, 2, 2, 3, 4, 1], [[1, 2, 2, 3, 4, 2], [1, 2, 3, 4, 2], [1, 2, 3, 4, 2]], 3],
  ];
  for (const [label, factory, inputShape, expectedOutputShape, trainable] of cases) {
    it(label, () => {
      runLayerTest({
        factory, inputShape, expectedOutputShape: expectedOutputShape as never,
        expectedNumTrainableWeights: trainable, expectedNumNonTrainableWeights: 0, expectedNumSeedGenerators: 1, supportsMasking: true,
      });
    });
  }
});

// ------------------------------------------------------------ values against the plain-loop reference

describe("values: ConvLSTM2D against nested loops (float64)", () => {
  const variants: [string, Record<string, unknown>, Ref2DArgs, number[]][] = [
    ["valid 3x2", { kernelSize: [3, 2] }, { strides: [1, 1], padding: "valid", dilation: [1, 1], goBackwards: false }, [2, 4, 5, 4, 2]],
    ["same, strides (2, 1), even kernel", { kernelSize: [2, 2], strides: [2, 1], padding: "same" }, { strides: [2, 1], padding: "same", dilation: [1, 1], goBackwards: false }, [2, 3, 5, 4, 2]],
    ["dilation 2, goBackwards, no bias", { kernelSize: 2, dilationRate: 2, goBackwards: true, useBias: false }, { strides: [1, 1], padding: "valid", dilation: [2, 2], goBackwards: true }, [1, 4, 5, 5, 3]],
    ["same 3x3, 3 filters", { kernelSize: 3, padding: "same", filters: 3 }, { strides: [1, 1], padding: "same", dilation: [1, 1], goBackwards: false }, [2, 3, 3, 4, 1]],
  ];
  for (const [label, opts, ref, shape] of variants) {
    it(label, () => {
      const { kernelSize, filters = 2, ...rest } = opts as { kernelSize: number | number[]; filters?: number };
      const layer = new ConvLSTM2D(filters, kernelSize, { ...rest, returnSequences: true, returnState: true, dtype: "float64" });
      const x = randomTensor(shape, 3, -1.5, 1.5);
      layer.build(shape);
      randomizeWeights(layer);
      const [seq, h, c] = layer.apply(x) as Tensor[];
      const cell = layer.cell;
      const expected = convLstm2dRef(x, cell.kernel!.value, cell.recurrentKernel!.value, cell.bias ? cell.bias.value : null, ref);
      expect(h.shape).toEqual(expected.stateShape);
      expectClose(seq, expected.outputs, 1e-12, 1e-12);
      expectClose(h, expected.h, 1e-12, 1e-12);
      expectClose(c, expected.c, 1e-12, 1e-12);
    });
  }
});

// ------------------------------------------------------------ identities

describe("identities", () => {
  it("channels_first equals channels_last on transposed inputs (2-D, strided same, returnSequences)", () => {
    const x = randomTensor([2, 3, 5, 4, 2], 5); // (B, T, H, W, C)
    const last = new ConvLSTM2D(3, [3, 2], { strides: [2, 1], padding: "same", returnSequences: true, dtype: "float64" });
    const first = new ConvLSTM2D(3, [3, 2], { strides: [2, 1], padding: "same", returnSequences: true, dtype: "float64", dataFormat: "channels_first" });
    last.build(x.shape.slice());
    randomizeWeights(last);
    const xFirst = ops.transpose(x, [0, 1, 4, 2, 3]);
    first.build(xFirst.shape.slice());
    first.setWeights(last.getWeights());
    const yFirst = first.apply(xFirst) as Tensor;
    expect(yFirst.shape).toEqual([2, 3, 3, 3, 4]);
    expectClose(ops.transpose(yFirst, [0, 1, 3, 4, 2]), (last.apply(x) as Tensor).data, 1e-12, 1e-12);
  });

  it("a 1x1x1-kernel ConvLSTM3D is an LSTM applied to each voxel with the same weights", () => {
    const [B, T, D, H, W, C, F] = [2, 4, 2, 3, 2, 3, 2];
    const x = randomTensor([B, T, D, H, W, C], 7);
    const conv = new ConvLSTM3D(F, 1, { returnSequences: true, dtype: "float64" });
    conv.build(x.shape.slice());
    randomizeWeights(conv);
    const lstm = new LSTM(F, { returnSequences: true, dtype: "float64" });
    lstm.build([null, T, C]);
    const [k, r, b] = conv.getWeights();
    lstm.setWeights([ops.reshape(k, [C, 4 * F]), ops.reshape(r, [F, 4 * F]), b]);
    // (B, T, D, H, W, C) -> (B, D, H, W, T, C) -> (B*D*H*W, T, C): one sequence per voxel.
    const perVoxel = ops.reshape(ops.transpose(x, [0, 2, 3, 4, 1, 5]), [B * D * H * W, T, C]);
    const expected = ops.transpose(ops.reshape(lstm.apply(perVoxel) as Tensor, [B, D, H, W, T, F]), [0, 4, 1, 2, 3, 5]);
    const y = conv.apply(x) as Tensor;
    expect(y.shape).toEqual([B, T, D, H, W, F]);
    expectClose(y, expected.data, 1e-12, 1e-12);
  });

  it("a depth-1 ConvLSTM3D with a (1, k, k) kernel is a ConvLSTM2D", () => {
    const x = randomTensor([2, 3, 4, 5, 2], 9);
    const conv2 = new ConvLSTM2D(2, 3, { padding: "same", returnState: true, dtype: "float64" });
    conv2.build(x.shape.slice());
    randomizeWeights(conv2);
    const conv3 = new ConvLSTM3D(2, [1, 3, 3], { padding: "same", returnState: true, dtype: "float64" });
    const x3 = ops.expandDims(x, 2);
    conv3.build(x3.shape.slice());
    conv3.setWeights(conv2.getWeights().map((w, i) => (i < 2 ? ops.expandDims(w, 0) : w)));
    const out2 = conv2.apply(x) as Tensor[];
    const out3 = conv3.apply(x3) as Tensor[];
    out3.forEach((t, i) => expectClose(ops.squeeze(t, 1), out2[i].data, 1e-12, 1e-12));
  });

  it("ConvLSTM1D equals ConvLSTM2D on a width-1 image with a (k, 1) kernel", () => {
    const x = randomTensor([2, 3, 6, 2], 11);
    const c1 = new ConvLSTM1D(3, 3, { strides: 2, padding: "same", returnSequences: true, dtype: "float64" });
    c1.build(x.shape.slice());
    randomizeWeights(c1);
    const c2 = new ConvLSTM2D(3, [3, 1], { strides: [2, 1], padding: "same", returnSequences: true, dtype: "float64" });
    const x2 = ops.expandDims(x, 3);
    c2.build(x2.shape.slice());
    c2.setWeights(c1.getWeights().map((w, i) => (i < 2 ? ops.expandDims(w, 1) : w)));
    expectClose(ops.squeeze(c2.apply(x2) as Tensor, 3), (c1.apply(x) as Tensor).data, 1e-12, 1e-12);
  });
});

// ------------------------------------------------------------ gradients

describe("float64 finite-difference gradients (input and every weight)", () => {
  const mask = new Tensor(Uint8Array.from([1, 0, 1, 1, 1, 0]), [2, 3], "bool");
  const cases: [string, () => layers.Layer, number[], Record<string, unknown>][] = [
    ["ConvLSTM1D same, returnSequences", () => new ConvLSTM1D(2, 3, { padding: "same", returnSequences: true, dtype: "float64" }), [2, 3, 4, 2], {}],
    ["ConvLSTM1D strided valid, channels_first", () => new ConvLSTM1D(2, 2, { strides: 2, dataFormat: "channels_first", dtype: "float64" }), [2, 3, 2, 5], {}],
    ["ConvLSTM2D valid, mask, goBackwards", () => new ConvLSTM2D(2, 2, { goBackwards: true, returnSequences: true, dtype: "float64" }), [2, 3, 3, 3, 1], { mask }],
    ["ConvLSTM2D dilated same, no bias", () => new ConvLSTM2D(2, 2, { dilationRate: 2, padding: "same", useBias: false, dtype: "float64" }), [1, 3, 4, 3, 2], {}],
    ["ConvLSTM3D same", () => new ConvLSTM3D(2, 2, { padding: "same", dtype: "float64" }), [1, 2, 2, 2, 3, 1], {}],
  ];
  for (const [label, make, shape, kwargs] of cases) {
    it(label, () => {
      const layer = make();
      layer.build(shape);
      randomizeWeights(layer);
      checkLayerGradients(layer, randomTensor(shape, 13, -1.5, 1.5), kwargs, { tol: 1e-6 });
    });
  }
});

// ------------------------------------------------------------ behaviour

describe("recurrent behaviour", () => {
  const f32 = (shape: number[], seed: number) => ops.cast(randomTensor(shape, seed), "float32");

  it("the initial state is zeros of the input convolution's output shape, and initialState at call time replaces it", () => {
    const layer = new ConvLSTM2D(3, 2, { strides: 2, returnState: true });
    const x = f32([2, 3, 5, 5, 2], 1);
    const [y, h, c] = layer.apply(x) as Tensor[];
    expect([y.shape, h.shape, c.shape]).toEqual([[2, 2, 2, 3], [2, 2, 2, 3], [2, 2, 2, 3]]);
    const zeros = ops.zeros([2, 2, 2, 3]);
    expectClose((layer.apply(x, { initialState: [zeros, zeros] }) as Tensor[])[0], y.data, 0, 0);
    // Continuing from the returned state equals running the two halves of a longer sequence.
    const x2 = f32([2, 2, 5, 5, 2], 2);
    const whole = layer.apply(ops.concatenate([x, x2], 1)) as Tensor[];
    const cont = layer.apply(x2, { initialState: [h, c] }) as Tensor[];
    cont.forEach((t, i) => expectClose(t, whole[i].data, 1e-6, 1e-6));
  });

  it("stateful: the next call starts from the last state; resetStates starts over", () => {
    const stateful = new ConvLSTM1D(2, 3, { stateful: true, padding: "same" });
    const plain = new ConvLSTM1D(2, 3, { padding: "same" });
    const x1 = f32([2, 2, 4, 2], 3);
    const x2 = f32([2, 3, 4, 2], 4);
    stateful.apply(x1);
    plain.build(x1.shape.slice());
    plain.setWeights(stateful.getWeights());
    expect(stateful.weights.length).toBe(3);
    expectClose(stateful.apply(x2) as Tensor, (plain.apply(ops.concatenate([x1, x2], 1)) as Tensor).data, 1e-6, 1e-6);
    stateful.resetStates();
    expectClose(stateful.apply(x2) as Tensor, (plain.apply(x2) as Tensor).data, 1e-6, 1e-6);
    expect(() => new ConvLSTM1D(2, 3, { stateful: true }).apply(Input({ shape: [3, 4, 2] }))).toThrow(/batch size must be static/);
  });

  it("masks: a masked step keeps h and c and repeats the previous output; the mask passes with returnSequences", () => {
    const layer = new ConvLSTM1D(2, 2, { returnSequences: true, returnState: true });
    const x = f32([1, 3, 4, 2], 5);
    const mask = new Tensor(Uint8Array.from([1, 0, 1]), [1, 3], "bool");
    const [seq, h, c] = layer.apply(x, { mask }) as Tensor[];
    const steps = ops.unstack(seq, { axis: 1 });
    expectClose(steps[1], steps[0].data, 0, 0);
    // Dropping the masked step from the sequence gives the same final states.
    const kept = ops.stack([ops.unstack(x, { axis: 1 })[0], ops.unstack(x, { axis: 1 })[2]], 1);
    const [, h2, c2] = layer.apply(kept) as Tensor[];
    expectClose(h, h2.data, 1e-6, 1e-7);
    expectClose(c, c2.data, 1e-6, 1e-7);
    expect(layer.computeMask(x, mask)).toEqual([mask, null, null]);
    expect(new ConvLSTM1D(2, 2).computeMask(x, mask)).toBeNull();
  });

  it("dropout and recurrent dropout act only in training, with masks drawn once per call from the layer's seed", () => {
    const x = f32([2, 4, 5, 2], 6);
    for (const rates of [{ dropout: 0.5 }, { recurrentDropout: 0.5 }]) {
      const plain = new ConvLSTM1D(2, 3, { padding: "same", returnSequences: true });
      const dropped = new ConvLSTM1D(2, 3, { padding: "same", returnSequences: true, seed: 42, ...rates });
      plain.build(x.shape.slice());
      dropped.build(x.shape.slice());
      dropped.setWeights(plain.getWeights());
      const reference = plain.apply(x) as Tensor;
      expectClose(dropped.apply(x) as Tensor, reference.data, 0, 0);
      expectClose(dropped.apply(x, { training: false }) as Tensor, reference.data, 0, 0);
      const trained = dropped.apply(x, { training: true }) as Tensor;
      expect(trained.shape).toEqual(reference.shape);
      expect(Math.max(...Array.from(trained.data, (v, i) => Math.abs(v - reference.data[i])))).toBeGreaterThan(1e-3);
      // The cell's masks are forgotten at the end of each call: four per gate, of the step input / state shape.
      expect(dropped.cell._dropoutMask).toBeNull();
      expect(dropped.cell._recurrentDropoutMask).toBeNull();
      const masks = dropped.cell.getDropoutMask(ops.ones([2, 5, 2]));
      if ("dropout" in rates) expect((masks as Tensor[]).map((m) => m.shape)).toEqual([[2, 5, 2], [2, 5, 2], [2, 5, 2], [2, 5, 2]]);
      dropped.cell.resetDropoutMask();
    }
  });

  it("the per-gate path taken under dropout computes the same gates: a near-zero rate keeps every unit", () => {
    // Rate 1e-12 keeps all units (scaled by 1 / (1 - 1e-12)), so training must equal inference, channels_first included.
    for (const dataFormat of ["channels_last", "channels_first"]) {
      const x = randomTensor(dataFormat === "channels_last" ? [2, 3, 4, 5, 2] : [2, 3, 2, 4, 5], 12);
      for (const rates of [{ dropout: 1e-12 }, { recurrentDropout: 1e-12 }, { dropout: 1e-12, recurrentDropout: 1e-12 }]) {
        const layer = new ConvLSTM2D(2, [2, 3], { padding: "same", strides: [2, 1], returnSequences: true, dataFormat, dtype: "float64", ...rates });
        layer.build(x.shape.slice());
        randomizeWeights(layer);
        expectClose(layer.apply(x, { training: true }) as Tensor, (layer.apply(x) as Tensor).data, 1e-10, 1e-10);
      }
    }
  });

  it("Bidirectional(ConvLSTM2D): forward half is the layer, backward half the goBackwards copy flipped in time", () => {
    const x = randomTensor([2, 3, 4, 4, 1], 14);
    const bi = new layers.Bidirectional(new ConvLSTM2D(2, 3, { padding: "same", returnSequences: true, dtype: "float64" }), { dtype: "float64" });
    bi.build(x.shape.slice());
    randomizeWeights(bi);
    const y = bi.apply(x) as Tensor;
    expect(y.shape).toEqual([2, 3, 4, 4, 4]);
    expect(bi.countParams()).toBe(2 * (3 * 3 * 1 * 8 + 3 * 3 * 2 * 8 + 8));
    const [fw, bw] = ops.split(y, 2, { axis: -1 });
    expectClose(fw, (bi.forwardLayer.apply(x) as Tensor).data, 1e-12, 1e-12);
    expectClose(bw, (ops.flip(bi.backwardLayer.apply(x) as Tensor, 1)).data, 1e-12, 1e-12);
  });

  it("a functional model: symbolic shapes, predict, and a JSON round trip", () => {
    const inp = Input({ shape: [null, 6, 6, 1] });
    const layer = new ConvLSTM2D(2, 3, { returnSequences: true });
    const out = layer.apply(inp) as any;
    expect(out.shape).toEqual([null, null, 4, 4, 2]);
    const model = new Model({ inputs: inp, outputs: new ConvLSTM2D(1, 2, { padding: "same" }).apply(out) });
    expect(model.outputShape).toEqual([null, 4, 4, 1]);
    const x = f32([2, 3, 6, 6, 1], 8);
    const y = model.predict(x) as Tensor;
    expect(y.shape).toEqual([2, 4, 4, 1]);
    const restored = Model.fromConfig(JSON.parse(JSON.stringify(model.getConfig()))) as Model;
    restored.setWeights(model.getWeights());
    expectClose(restored.predict(x) as Tensor, y.data, 1e-6, 1e-7);
  });
});

// ------------------------------------------------------------ weights, configs, errors

describe("weights and configs", () => {
  it("weights follow Keras: kernel (*k, in, 4f), recurrent_kernel (*k, f, 4f), bias (4f) with unit_forget_bias ones", () => {
    const layer = new ConvLSTM3D(2, [1, 2, 3], { name: "cl3" });
    layer.build([null, 4, 3, 4, 5, 3]);
    expect(layer.weights.map((w) => [w.path, w.shape])).toEqual([
      ["cl3/conv_lstm_cell/kernel", [1, 2, 3, 3, 8]],
      ["cl3/conv_lstm_cell/recurrent_kernel", [1, 2, 3, 2, 8]],
      ["cl3/conv_lstm_cell/bias", [8]],
    ]);
    expect(Array.from(layer.cell.bias!.value.data)).toEqual([0, 0, 1, 1, 0, 0, 0, 0]);
    const noForget = new ConvLSTM1D(2, 3, { unitForgetBias: false, biasInitializer: "ones" });
    noForget.build([null, 2, 5, 1]);
    expect(Array.from(noForget.cell.bias!.value.data)).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it("config: tuples from ints, Keras's keys and values; fromConfig reproduces it", () => {
    const layer = new ConvLSTM2D(4, 3, {
      strides: 2, padding: "SAME", dilationRate: 1, activation: "relu", recurrentActivation: "hard_sigmoid", dropout: 0.25,
      recurrentDropout: 2, seed: 7, returnState: true, kernelRegularizer: "l2", name: "c",
    });
    const config = layer.getConfig();
    expect(config).toMatchObject({
      name: "c", return_sequences: false, return_state: true, go_backwards: false, stateful: false, unroll: false, zero_output_for_mask: false,
      filters: 4, kernel_size: [3, 3], strides: [2, 2], padding: "same", data_format: "channels_last", dilation_rate: [1, 1],
      activation: "relu", recurrent_activation: "hard_sigmoid", use_bias: true, unit_forget_bias: true, dropout: 0.25, recurrent_dropout: 1, seed: 7,
      activity_regularizer: null, kernel_constraint: null,
    });
    expect(config.kernel_regularizer.class_name).toBe("L2");
    expect("cell" in config).toBe(false);
    expect(ConvLSTM2D.fromConfig(JSON.parse(JSON.stringify(config))).getConfig()).toEqual(config);
    expect(layers.deserialize(layers.serialize(layer) as never)).toBeInstanceOf(ConvLSTM2D);
  });
});

describe("errors", () => {
  it("unknown options, bad arguments and inputs name the problem", () => {
    expect(() => new ConvLSTM2D(2, 3, { units: 3 } as never)).toThrow(/Unrecognized keyword arguments passed to ConvLSTM2D/);
    expect(() => new ConvLSTM2D(0, 3)).toThrow(/filters/);
    expect(() => new ConvLSTM2D(2, [3, 3, 3])).toThrow(/kernel_size/);
    expect(() => new ConvLSTM1D(2, 3, { padding: "causal" })).toThrow(/padding/);
    expect(() => new ConvLSTM2D(2, 3, { dataFormat: "nhwc" })).toThrow(/data_format/);
    // Spatial dims must be known, and the rank must be rank + 3.
    expect(() => new ConvLSTM2D(2, 3).apply(Input({ shape: [4, null, 5, 1] }))).toThrow(/only support static input shapes for the spatial dimension/);
    expect(() => new ConvLSTM2D(2, 3).apply(ops.zeros([2, 3, 5, 1]))).toThrow(/expected ndim=5, found ndim=4/);
    // A "valid" window larger than the input.
    expect(() => new ConvLSTM1D(2, 5).apply(ops.zeros([1, 2, 3, 1]))).toThrow(/negative/);
  });
});
