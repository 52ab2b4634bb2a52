/**
 * Recurrent layers: the layer contract harness, float64 finite-difference
 * gradients for every cell type (fused and generic paths, masks,
 * goBackwards, unroll), the fused path against the generic cell loop, and
 * weight creation (shapes, unit_forget_bias, orthogonal recurrent kernels,
 * regularizers).
 */
import { describe, expect, it } from "vitest";
import { Tensor, layers, ops } from "../../../src/index.js";
import { runLayerTest } from "../../utils/layer-test.js";
import { checkLayerGradients } from "../layer-gradcheck.js";
import { expectClose, randomTensor } from "../../utils/gradcheck.js";
import { vjp } from "../helpers.js";

const { LSTM, GRU, SimpleRNN, RNN, LSTMCell, GRUCell, SimpleRNNCell, StackedRNNCells, Bidirectional, Wrapper } = layers;

/** (batch, timesteps) mask with padding at the start, inside and at the end. */
function holeyMask(batch: number, timesteps: number): Tensor {
  const data = new Uint8Array(batch * timesteps);
  for (let b = 0; b < batch; b++) for (let t = 0; t < timesteps; t++) data[b * timesteps + t] = (b + 2 * t) % 3 === 1 ? 0 : 1;
  return new Tensor(data, [batch, timesteps], "bool");
}

/** Sets every weight of `layer` to seeded uniform values in [-0.6, 0.6] (as a float64 layer). */
function randomizeWeights(layer: layers.Layer, seed = 100): void {
  layer.weights.forEach((w, i) => w.assign(ops.cast(randomTensor(w.shape.slice(), seed + i, -0.6, 0.6), w.dtype)));
}

describe("contract harness", () => {
  const seq = [2, 4, 5];
  const cases: [string, () => layers.Layer, unknown, number][] = [
    ["SimpleRNN", () => new SimpleRNN(3), [2, 3], 3],
    ["SimpleRNN returnSequences goBackwards", () => new SimpleRNN(3, { returnSequences: true, goBackwards: true }), [2, 4, 3], 3],
    ["SimpleRNN returnState", () => new SimpleRNN(3, { returnState: true }), [[2, 3], [2, 3]], 3],
    ["LSTM", () => new LSTM(3), [2, 3], 3],
    ["LSTM returnSequences returnState", () => new LSTM(3, { returnSequences: true, returnState: true }), [[2, 4, 3], [2, 3], [2, 3]], 3],
    ["LSTM unroll", () => new LSTM(3, { unroll: true, useBias: false }), [2, 3], 2],
    ["GRU", () => new GRU(3), [2, 3], 3],
    ["GRU resetAfter=false returnState", () => new GRU(3, { resetAfter: false, returnState: true }), [[2, 3], [2, 3]], 3],
    ["RNN(LSTMCell)", () => new RNN(new LSTMCell(3)), [2, 3], 3],
    ["RNN(stacked cells) returnState", () => new RNN([new LSTMCell(3), new GRUCell(2), new SimpleRNNCell(4)], { returnState: true }), [[2, 4], [2, 3], [2, 3], [2, 2], [2, 4]], 9],
    ["Bidirectional(LSTM) concat", () => new Bidirectional(new LSTM(3, { returnSequences: true })), [2, 4, 6], 6],
    ["Bidirectional(GRU) sum", () => new Bidirectional(new GRU(3), { mergeMode: "sum" }), [2, 3], 6],
    ["Bidirectional(SimpleRNN) ave", () => new Bidirectional(new SimpleRNN(3), { mergeMode: "ave" }), [2, 3], 6],
    ["Bidirectional(LSTM) mul", () => new Bidirectional(new LSTM(3), { mergeMode: "mul" }), [2, 3], 6],
    ["Bidirectional(LSTM) null", () => new Bidirectional(new LSTM(3, { returnSequences: true }), { mergeMode: null }), [[2, 4, 3], [2, 4, 3]], 6],
    ["Bidirectional(LSTM) returnState", () => new Bidirectional(new LSTM(3, { returnState: true })), [[2, 6], [2, 3], [2, 3], [2, 3], [2, 3]], 6],
  ];
  for (const [label, factory, expectedOutputShape, trainable] of cases) {
    it(label, () => {
      runLayerTest({
        factory, inputShape: seq, expectedOutputShape: expectedOutputShape as never,
        expectedNumTrainableWeights: trainable, expectedNumNonTrainableWeights: 0, supportsMasking: true,
      });
    });
  }
});

describe("float64 finite-difference gradients", () => {
  const x = randomTensor([3, 5, 2], 1, -1.5, 1.5);
  const mask = holeyMask(3, 5);
  type Make = (o: Record<string, unknown>) => layers.Layer;
  const layerKinds: [string, Make][] = [
    ["LSTM (fused)", (o) => new LSTM(3, o)],
    ["RNN(LSTMCell) (generic)", (o) => new RNN(new LSTMCell(3, { dtype: "float64" }), o)],
    ["GRU (fused)", (o) => new GRU(3, o)],
    ["GRU resetAfter=false (fused)", (o) => new GRU(3, { ...o, resetAfter: false })],
    ["RNN(GRUCell) (generic)", (o) => new RNN(new GRUCell(3, { dtype: "float64" }), o)],
    ["RNN(GRUCell resetAfter=false) (generic)", (o) => new RNN(new GRUCell(3, { dtype: "float64", resetAfter: false }), o)],
    ["SimpleRNN", (o) => new SimpleRNN(3, o)],
    // The stack is a layer too: it casts its inputs to its own compute dtype, so it is made float64 as well.
    ["RNN(stacked LSTM, GRU) (generic)", (o) => new RNN(new StackedRNNCells([new LSTMCell(2, { dtype: "float64" }), new GRUCell(3, { dtype: "float64" })], { dtype: "float64" }), o)],
  ];
  const variants: [string, Record<string, unknown>, boolean][] = [
    ["returnSequences", { returnSequences: true }, false],
    ["mask, goBackwards, returnSequences", { returnSequences: true, goBackwards: true }, true],
    ["mask, last output", {}, true],
    ["mask, zeroOutputForMask", { returnSequences: true, zeroOutputForMask: true }, true],
    ["mask, unroll, goBackwards", { returnSequences: true, unroll: true, goBackwards: true }, true],
  ];
  for (const [kind, make] of layerKinds) {
    for (const [variant, options, masked] of variants) {
      it(`${kind}: ${variant}`, () => {
        const layer = make({ ...options, dtype: "float64" });
        layer.build(x.shape.slice());
        randomizeWeights(layer);
        checkLayerGradients(layer, x, masked ? { mask } : {}, { tol: 1e-6 });
      });
    }
  }

  it("Bidirectional(LSTM) with a mask", () => {
    const layer = new Bidirectional(new LSTM(2, { returnSequences: true, dtype: "float64" }), { dtype: "float64" });
    layer.build(x.shape.slice());
    randomizeWeights(layer);
    checkLayerGradients(layer, x, { mask }, { tol: 1e-6 });
  });
});

describe("the fused LSTM / GRU path equals the generic cell loop", () => {
  const B = 3;
  const T = 6;
  const x = randomTensor([B, T, 4], 11, -1.5, 1.5);
  const mask = holeyMask(B, T);
  const flagSets: Record<string, unknown>[] = [
    {},
    { returnSequences: true, goBackwards: true },
    { returnSequences: true, zeroOutputForMask: true },
    { returnSequences: true, unroll: true },
    { returnState: true, goBackwards: true, unroll: true },
    { returnState: true, returnSequences: true },
  ];
  const pairs: [string, (o: Record<string, unknown>) => layers.RNN, (o: Record<string, unknown>) => layers.RNN, number][] = [
    ["LSTM", (o) => new LSTM(3, { ...o, dtype: "float64" }), (o) => new RNN(new LSTMCell(3, { dtype: "float64" }), { ...o, dtype: "float64" }), 2],
    ["LSTM useBias=false", (o) => new LSTM(3, { ...o, useBias: false, dtype: "float64" }), (o) => new RNN(new LSTMCell(3, { useBias: false, dtype: "float64" }), { ...o, dtype: "float64" }), 2],
    ["GRU", (o) => new GRU(3, { ...o, dtype: "float64" }), (o) => new RNN(new GRUCell(3, { dtype: "float64" }), { ...o, dtype: "float64" }), 1],
    ["GRU resetAfter=false", (o) => new GRU(3, { ...o, resetAfter: false, dtype: "float64" }), (o) => new RNN(new GRUCell(3, { resetAfter: false, dtype: "float64" }), { ...o, dtype: "float64" }), 1],
    ["GRU useBias=false", (o) => new GRU(3, { ...o, useBias: false, dtype: "float64" }), (o) => new RNN(new GRUCell(3, { useBias: false, dtype: "float64" }), { ...o, dtype: "float64" }), 1],
  ];
  for (const [name, fused, generic, numStates] of pairs) {
    for (const flags of flagSets) {
      for (const withMask of [false, true]) {
        for (const withState of [false, true]) {
          it(`${name} ${JSON.stringify(flags)} mask=${withMask} initialState=${withState}`, () => {
            const a = fused(flags);
            const b = generic(flags);
            a.build(x.shape.slice());
            b.build(x.shape.slice());
            randomizeWeights(a, 200);
            b.setWeights(a.getWeights());
            const initialState = withState ? Array.from({ length: numStates }, (_, i) => randomTensor([B, 3], 40 + i)) : null;
            const kwargs = { mask: withMask ? mask : null, initialState };
            const outA = [a.apply(x, kwargs)].flat() as Tensor[];
            const outB = [b.apply(x, kwargs)].flat() as Tensor[];
            expect(outA.length).toBe(outB.length);
            outA.forEach((o, i) => expectClose(o, outB[i].data, 1e-12, 1e-12));
            const upstream = outA.map((o, i) => randomTensor(o.shape.slice(), 60 + i));
            const inputs = [x, ...(initialState ?? [])];
            const run = (layer: layers.RNN) => (xs: Tensor[]) => layer.apply(xs[0], { mask: kwargs.mask, initialState: initialState ? xs.slice(1) : null }) as Tensor | Tensor[];
            const ga = vjp(run(a), inputs, a.trainableWeights, upstream);
            const gb = vjp(run(b), inputs, b.trainableWeights, upstream);
            ga.inputs.forEach((g, i) => expectClose(g, gb.inputs[i].data, 1e-10, 1e-12));
            ga.weights.forEach((g, i) => expectClose(g, gb.weights[i].data, 1e-10, 1e-12));
          });
        }
      }
    }
  }
});

describe("weights", () => {
  it("LSTM: Keras's shapes, names and paths; unit_forget_bias; orthogonal recurrent kernel", () => {
    const lstm = new LSTM(4, { name: "enc" });
    lstm.build([null, 7, 3]);
    expect(lstm.weights.map((w) => [w.path, w.shape])).toEqual([
      ["enc/lstm_cell/kernel", [3, 16]],
      ["enc/lstm_cell/recurrent_kernel", [4, 16]],
      ["enc/lstm_cell/bias", [16]],
    ]);
    expect(Array.from(lstm.cell.bias!.value.data)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    // An orthogonal (4, 16) matrix has orthonormal rows: R Rᵀ = I.
    const R = lstm.cell.recurrentKernel!.value;
    expectClose(ops.matmul(R, ops.transpose(R)), ops.eye(4).data, 1e-5, 1e-5);
    // Glorot uniform: |W| <= sqrt(6 / (3 + 16)).
    expect(ops.max(ops.abs(lstm.cell.kernel!.value)).item()).toBeLessThanOrEqual(Math.sqrt(6 / 19));

    const plain = new LSTM(2, { unitForgetBias: false, biasInitializer: "ones" });
    plain.build([null, 3, 1]);
    expect(Array.from(plain.cell.bias!.value.data)).toEqual(new Array(8).fill(1));
    const forget = new LSTM(2, { biasInitializer: "ones" });
    forget.build([null, 3, 1]);
    expect(Array.from(forget.cell.bias!.value.data)).toEqual(new Array(8).fill(1));
  });

  it("GRU bias is (2, 3u) with resetAfter and (3u) without; SimpleRNN (u)", () => {
    const a = new GRU(5);
    a.build([null, 2, 3]);
    expect(a.weights.map((w) => w.shape)).toEqual([[3, 15], [5, 15], [2, 15]]);
    const b = new GRU(5, { resetAfter: false });
    b.build([null, 2, 3]);
    expect(b.weights.map((w) => w.shape)).toEqual([[3, 15], [5, 15], [15]]);
    const c = new SimpleRNN(5, { useBias: false });
    c.build([null, 2, 3]);
    expect(c.weights.map((w) => w.path)).toEqual(["simple_rnn/simple_rnn_cell/kernel", "simple_rnn/simple_rnn_cell/recurrent_kernel"].map((p) => p.replace("simple_rnn/", `${c.name}/`)));
  });

  it("regularizers add their penalties to layer.losses; constraints are attached to the variables", () => {
    const lstm = new LSTM(2, { kernelRegularizer: { class_name: "L2", config: { l2: 0.5 } }, recurrentConstraint: "non_neg" } as never);
    lstm.build([null, 3, 2]);
    const W = lstm.cell.kernel!.value;
    const losses = lstm.losses;
    expect(losses.length).toBe(1);
    expect(losses[0].item()).toBeCloseTo(0.5 * ops.sum(ops.square(W)).item(), 6);
    expect(lstm.cell.recurrentKernel!.constraint).not.toBeNull();
    expect(lstm.getConfig().recurrent_constraint.class_name).toBe("NonNeg");
  });

  it("the inner cell follows the layer's dtype and trainable flag", () => {
    const gru = new GRU(2, { dtype: "float64", trainable: false });
    gru.build([null, 3, 2]);
    expect(gru.cell.name).toBe("gru_cell");
    expect(gru.weights.every((w) => w.dtype === "float64")).toBe(true);
    expect(gru.trainableWeights.length).toBe(0);
    expect(gru.nonTrainableWeights.length).toBe(3);
  });
});

describe("Bidirectional is a Layer, not a Wrapper (keras/src/layers/rnn/bidirectional.py: class Bidirectional(Layer))", () => {
  it("weights and config are the forward and backward copies', in Keras 3.15.1's order", () => {
    const given = new LSTM(2, { name: "lstm" });
    const bi = new Bidirectional(given, { name: "bi" });
    expect(bi).not.toBeInstanceOf(Wrapper);
    bi.build([null, 4, 3]);
    expect(given.built).toBe(false);
    expect(bi.weights.map((w) => w.path)).toEqual([
      "bi/forward_lstm/lstm_cell/kernel", "bi/forward_lstm/lstm_cell/recurrent_kernel", "bi/forward_lstm/lstm_cell/bias",
      "bi/backward_lstm/lstm_cell/kernel", "bi/backward_lstm/lstm_cell/recurrent_kernel", "bi/backward_lstm/lstm_cell/bias",
    ]);
    const cfg = bi.getConfig();
    // Keras 3.15.1's key order (the fixtures' configs): merge_mode before layer.
    expect(Object.keys(cfg)).toEqual(["name", "trainable", "dtype", "merge_mode", "layer", "backward_layer"]);
    expect(cfg.layer.config.name).toBe("forward_lstm");
    expect(cfg.backward_layer.config.go_backwards).toBe(true);
    const revived = Bidirectional.fromConfig(JSON.parse(JSON.stringify(cfg)));
    expect(revived.getConfig()).toEqual(cfg);
  });
});
