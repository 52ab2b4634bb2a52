/**
 * Recurrent layers in use: models built from keras.Input (mask propagation,
 * padding invariance), stateful RNNs, initial states, dropout, user-written
 * cells, Bidirectional's composition, symbolic shapes, and errors.
 */
import { describe, expect, it } from "vitest";
import { Input, Layer, Model, Tensor, layers, ops, saving } from "../../../src/index.js";
import type { CallKwargs } from "../../../src/layers/layer.js";
import { expectClose, randomTensor } from "../../utils/gradcheck.js";

const { Embedding, Dense, LSTM, GRU, SimpleRNN, RNN, LSTMCell, Bidirectional } = layers;

function ids(rows: number[][]): Tensor {
  return new Tensor(Int32Array.from(rows.flat()), [rows.length, rows[0].length], "int32");
}

function row(t: Tensor, i: number): number[] {
  const n = t.size / t.shape[0];
  return Array.from(t.data.slice(i * n, (i + 1) * n));
}

function float32(shape: number[], seed: number): Tensor {
  return ops.cast(randomTensor(shape, seed), "float32");
}

describe("models from keras.Input", () => {
  it("Embedding(maskZero) -> LSTM -> Dense: padded steps change nothing", () => {
    const tokens = Input({ shape: [null], dtype: "int32", name: "tokens" });
    const hidden = new LSTM(4).apply(new Embedding(10, 3, { maskZero: true }).apply(tokens));
    const model = new Model({ inputs: tokens, outputs: new Dense(2).apply(hidden) });
    expect(model.outputShape).toEqual([null, 2]);
    const padded = model.predict(ids([[3, 5, 2, 0, 0], [0, 0, 4, 1, 7]])) as Tensor;
    const a = model.predict(ids([[3, 5, 2]])) as Tensor;
    const b = model.predict(ids([[4, 1, 7]])) as Tensor;
    expectClose(row(padded, 0), a.data, 1e-6, 1e-7);
    expectClose(row(padded, 1), b.data, 1e-6, 1e-7);
    // Without the mask the padding would matter.
    const noMask = new Model({ inputs: tokens, outputs: hidden });
    expect(noMask.layers.length).toBeGreaterThan(0);
  });

  it("Bidirectional(LSTM(returnSequences)) -> GRU -> Dense: masks flow through, padding changes nothing", () => {
    const tokens = Input({ shape: [null], dtype: "int32" });
    const embedded = new Embedding(12, 4, { maskZero: true }).apply(tokens);
    const bi = new Bidirectional(new LSTM(3, { returnSequences: true })).apply(embedded);
    expect(bi.shape).toEqual([null, null, 6]);
    expect(bi.kerasMask?.shape).toEqual([null, null]);
    const gru = new GRU(5).apply(bi);
    expect(gru.kerasMask ?? null).toBeNull();
    const model = new Model({ inputs: tokens, outputs: new Dense(1).apply(gru) });
    const padded = model.predict(ids([[7, 2, 9, 0], [0, 11, 3, 5]])) as Tensor;
    expectClose(row(padded, 0), (model.predict(ids([[7, 2, 9]])) as Tensor).data, 1e-6, 1e-7);
    expectClose(row(padded, 1), (model.predict(ids([[11, 3, 5]])) as Tensor).data, 1e-6, 1e-7);
    // The model's graph is Keras's: it serializes and comes back with the same predictions.
    const restored = saving.deserializeKerasObject(saving.serializeKerasObject(model)) as Model;
    restored.setWeights(model.getWeights());
    expectClose(restored.predict(ids([[7, 2, 9, 0]])) as Tensor, row(padded, 0), 1e-6, 1e-7);
  });

  it("symbolic shapes and masks: returnSequences keeps the mask, returnState adds state shapes", () => {
    const x = Input({ shape: [7, 3] });
    const [seq, h, c] = new LSTM(4, { returnSequences: true, returnState: true }).apply(x) as any[];
    expect([seq.shape, h.shape, c.shape]).toEqual([[null, 7, 4], [null, 4], [null, 4]]);
    const stacked = new RNN([new LSTMCell(2), new layers.GRUCell(5)], { returnState: true }).apply(x) as any[];
    // Keras nests the states per cell: [output, [h1, c1], h2].
    expect(stacked.length).toBe(3);
    expect([stacked[0], ...stacked[1], stacked[2]].map((t: any) => t.shape)).toEqual([[null, 5], [null, 2], [null, 2], [null, 5]]);
    const none = new Bidirectional(new SimpleRNN(2, { returnSequences: true }), { mergeMode: null }).apply(x) as any[];
    expect(none.map((t: any) => t.shape)).toEqual([[null, 7, 2], [null, 7, 2]]);
  });

  it("initial states from keras.Input tensors", () => {
    const x = Input({ shape: [4, 3] });
    const h = Input({ shape: [2] });
    const c = Input({ shape: [2] });
    const lstm = new LSTM(2);
    const model = new Model({ inputs: [x, h, c], outputs: lstm.apply(x, { initialState: [h, c] }) });
    const xs = float32([2, 4, 3], 1);
    const hs = float32([2, 2], 2);
    const cs = float32([2, 2], 3);
    expectClose(model.predict([xs, hs, cs]) as Tensor, (lstm.apply(xs, { initialState: [hs, cs] }) as Tensor).data, 1e-6, 1e-7);
  });
});

describe("stateful", () => {
  it("continues from the last state; resetStates starts over; states are not weights", () => {
    const x = float32([2, 6, 3], 4);
    const [x1, x2] = ops.split(x, 2, 1);
    const stateful = new LSTM(4, { stateful: true });
    const full = new LSTM(4, { returnState: true });
    stateful.apply(x1);
    full.build([2, 6, 3]);
    full.setWeights(stateful.getWeights());
    expect(stateful.weights.length).toBe(3);
    const second = stateful.apply(x2) as Tensor;
    const [last, h, c] = full.apply(x) as Tensor[];
    expectClose(second, last.data, 1e-6, 1e-7);
    const states = stateful.states as unknown as { value: Tensor }[];
    expectClose(states[0].value, h.data, 1e-6, 1e-7);
    expectClose(states[1].value, c.data, 1e-6, 1e-7);
    stateful.resetStates();
    expect(Array.from(states[0].value.data).every((v) => v === 0)).toBe(true);
    expectClose(stateful.apply(x2) as Tensor, (full.apply(x2) as Tensor[])[0].data, 1e-6, 1e-7);
    stateful.resetStates([h, c]);
    expectClose(states[1].value, c.data, 0, 0);
  });

  it("needs a fixed batch size", () => {
    const x = Input({ shape: [5, 3] });
    expect(() => new GRU(2, { stateful: true }).apply(x)).toThrow(/batch size must be static/);
    const fixed = Input({ shape: [5, 3], batchSize: 4 });
    expect((new GRU(2, { stateful: true }).apply(fixed) as any).shape).toEqual([4, 2]);
  });
});

describe("initial states", () => {
  for (const [name, make, numStates] of [
    ["LSTM", () => new LSTM(3, { returnState: true, returnSequences: true }), 2],
    ["GRU", () => new GRU(3, { returnState: true, returnSequences: true }), 1],
    ["SimpleRNN", () => new SimpleRNN(3, { returnState: true, returnSequences: true }), 1],
  ] as const) {
    it(`${name}: running two halves, the second from the first's final states, is running the whole`, () => {
      const layer = make();
      const x = float32([2, 6, 4], 7);
      const [whole, ...finalStates] = layer.apply(x) as Tensor[];
      const [a, b] = ops.split(x, 2, 1);
      const [outA, ...statesA] = layer.apply(a) as Tensor[];
      expect(statesA.length).toBe(numStates);
      const [outB, ...statesB] = layer.apply(b, { initialState: statesA }) as Tensor[];
      expectClose(ops.concatenate([outA, outB], 1), whole.data, 1e-6, 1e-7);
      statesB.forEach((s, i) => expectClose(s, finalStates[i].data, 1e-6, 1e-7));
    });
  }

  it("Bidirectional splits initialState in halves: forward states, then backward states", () => {
    const bi = new Bidirectional(new LSTM(2, { returnSequences: true }));
    const x = float32([3, 4, 2], 8);
    const states = [0, 1, 2, 3].map((i) => float32([3, 2], 20 + i));
    const y = bi.apply(x, { initialState: states }) as Tensor;
    const fw = bi.forwardLayer.apply(x, { initialState: states.slice(0, 2) }) as Tensor;
    const bw = bi.backwardLayer.apply(x, { initialState: states.slice(2) }) as Tensor;
    expectClose(y, ops.concatenate([fw, ops.flip(bw, 1)], -1).data, 1e-6, 1e-7);
  });
});

describe("dropout", () => {
  it("inputs: one mask per call, the same at every step, only in training", () => {
    // A linear SimpleRNN with identity kernel and no recurrence outputs the (dropped-out) input at each step.
    const rnn = new SimpleRNN(3, { activation: "linear", dropout: 0.5, seed: 3, returnSequences: true });
    rnn.build([2, 5, 3]);
    rnn.setWeights([ops.eye(3), ops.zeros([3, 3]), ops.zeros([3])]);
    const x = ops.ones([2, 5, 3]);
    const y = rnn.apply(x, { training: true }) as Tensor;
    const first = ops.take(y, 0, 1);
    for (let t = 1; t < 5; t++) expect(Array.from(ops.take(y, t, 1).data)).toEqual(Array.from(first.data));
    expect(Array.from(first.data).every((v) => v === 0 || v === 2)).toBe(true);
    expect(Array.from(first.data)).toContain(0);
    expect(Array.from((rnn.apply(x) as Tensor).data).every((v) => v === 1)).toBe(true);
    expect(rnn.cell._dropoutMask).toBeNull();
  });

  it("masks are drawn once per call (8 draws for LSTM with recurrent dropout: one per gate), none in inference", () => {
    const cell = new LSTMCell(3, { dropout: 0.2, recurrentDropout: 0.3, seed: 1 });
    const rnn = new RNN(cell);
    const x = float32([2, 7, 4], 9);
    const counter = () => cell.seedGenerator.state.value.data[1];
    rnn.apply(x);
    expect(counter()).toBe(0);
    rnn.apply(x, { training: true });
    expect(counter()).toBe(8);
    rnn.apply(x, { training: true });
    expect(counter()).toBe(16);
  });

  it("the fused LSTM / GRU paths draw the same input mask as the cell loop", () => {
    for (const [fused, generic] of [
      [new LSTM(3, { dropout: 0.4, seed: 11, returnSequences: true }), new RNN(new LSTMCell(3, { dropout: 0.4, seed: 11 }), { returnSequences: true })],
      [new GRU(3, { dropout: 0.4, seed: 12, returnSequences: true }), new RNN(new layers.GRUCell(3, { dropout: 0.4, seed: 12 }), { returnSequences: true })],
    ] as const) {
      const x = float32([2, 5, 4], 10);
      fused.build(x.shape.slice());
      generic.build(x.shape.slice());
      generic.setWeights(fused.getWeights());
      const a = fused.apply(x, { training: true }) as Tensor;
      const b = generic.apply(x, { training: true }) as Tensor;
      expectClose(a, b.data, 1e-6, 1e-7);
      expect(Array.from(a.data)).not.toEqual(Array.from((fused.apply(x) as Tensor).data));
    }
  });
});

describe("user-written cells", () => {
  /** Keras's documentation example: output = x·W + h·U. */
  class MinimalRNNCell extends Layer {
    declare units: number;
    declare stateSize: number;
    declare kernel: any;
    declare recurrentKernel: any;

    constructor(units: number, options: Record<string, unknown> = {}) {
      super(options);
      this.units = units;
      this.stateSize = units;
    }

    override build(inputShape: (number | null)[]): void {
      this.kernel = this.addWeight({ shape: [inputShape[inputShape.length - 1] as number, this.units], initializer: "uniform", name: "kernel" });
      this.recurrentKernel = this.addWeight({ shape: [this.units, this.units], initializer: "uniform", name: "recurrent_kernel" });
    }

    override call(inputs: Tensor, states: Tensor[], _kwargs: CallKwargs = {}): [Tensor, Tensor[]] {
      const output = ops.add(ops.matmul(inputs, this.kernel.value), ops.matmul(states[0], this.recurrentKernel.value));
      return [output, [output]];
    }

    override getConfig(): Record<string, any> {
      return { ...super.getConfig(), units: this.units };
    }

    static override fromConfig(config: Record<string, any>): MinimalRNNCell {
      const { units, ...rest } = config;
      return new MinimalRNNCell(units, { name: rest.name });
    }
  }

  it("runs in RNN as the explicit loop says, with masks, stacked, and symbolically", () => {
    const cell = new MinimalRNNCell(3);
    const rnn = new RNN(cell, { returnSequences: true });
    const x = float32([2, 4, 5], 12);
    const y = rnn.apply(x) as Tensor;
    let h = ops.zeros([2, 3]);
    for (let t = 0; t < 4; t++) {
      h = ops.add(ops.matmul(ops.take(x, t, 1), cell.kernel.value), ops.matmul(h, cell.recurrentKernel.value));
      expectClose(ops.take(y, t, 1), h.data, 1e-5, 1e-6);
    }
    // Masked last step of sample 1: its output repeats step 2's.
    const mask = new Tensor(Uint8Array.from([1, 1, 1, 1, 1, 1, 1, 0]), [2, 4], "bool");
    const ym = rnn.apply(x, { mask }) as Tensor;
    expect(row(ops.take(ym, 3, 1), 1)).toEqual(row(ops.take(ym, 2, 1), 1));

    const inp = Input({ shape: [null, 5] });
    const out = new RNN([new MinimalRNNCell(3), new MinimalRNNCell(4)]).apply(inp) as any;
    expect(out.shape).toEqual([null, 4]);
  });

  it("serializes through RNN's config when registered", () => {
    saving.registerKerasSerializable({ package: "RnnTest" })(MinimalRNNCell as never);
    const rnn = new RNN(new MinimalRNNCell(2), { goBackwards: true });
    rnn.build([null, 3, 4]);
    const config = JSON.parse(JSON.stringify(rnn.getConfig()));
    expect(config.cell.registered_name).toBe("RnnTest>MinimalRNNCell");
    const copy = RNN.fromConfig(config);
    expect((copy.cell as MinimalRNNCell).units).toBe(2);
    expect(copy.goBackwards).toBe(true);
  });
});

describe("Bidirectional", () => {
  it("re-creates forward_/backward_ layers from the given layer's config; outputs merge the two", () => {
    const inner = new GRU(3, { name: "enc", returnSequences: true });
    const bi = new Bidirectional(inner, { mergeMode: "sum" });
    expect([bi.forwardLayer.name, bi.backwardLayer.name]).toEqual(["forward_enc", "backward_enc"]);
    expect([bi.forwardLayer.goBackwards, bi.backwardLayer.goBackwards]).toEqual([false, true]);
    expect((bi.forwardLayer as any).zeroOutputForMask).toBe(true);
    expect(bi.forwardLayer).not.toBe(inner);
    const x = float32([2, 5, 4], 13);
    const y = bi.apply(x) as Tensor;
    const fw = bi.forwardLayer.apply(x) as Tensor;
    const bw = bi.backwardLayer.apply(x) as Tensor;
    expectClose(y, ops.add(fw, ops.flip(bw, 1)).data, 1e-6, 1e-7);
    expect(bi.weights.map((w) => w.path)).toEqual([
      `${bi.name}/forward_enc/gru_cell/kernel`, `${bi.name}/forward_enc/gru_cell/recurrent_kernel`, `${bi.name}/forward_enc/gru_cell/bias`,
      `${bi.name}/backward_enc/gru_cell/kernel`, `${bi.name}/backward_enc/gru_cell/recurrent_kernel`, `${bi.name}/backward_enc/gru_cell/bias`,
    ]);
  });

  it("takes a custom backward layer, and initial weights", () => {
    const backward = new LSTM(2, { goBackwards: true, activation: "relu", name: "rev" });
    const w = [float32([3, 8], 1), float32([2, 8], 2), float32([8], 3), float32([3, 8], 4), float32([2, 8], 5), float32([8], 6)];
    const bi = new Bidirectional(new LSTM(2), { backwardLayer: backward, weights: w });
    bi.build([1, 4, 3]);
    expect(bi.backwardLayer).toBe(backward);
    bi.getWeights().forEach((v, i) => expect(Array.from(v.data)).toEqual(Array.from(w[i].data)));
    const config = bi.getConfig();
    expect(config.backward_layer.config.activation).toBe("relu");
    const copy = Bidirectional.fromConfig(JSON.parse(JSON.stringify(config)));
    expect(copy.backwardLayer.name).toBe("rev");
  });

  it("checks its arguments", () => {
    expect(() => new Bidirectional(new LSTM(2), { mergeMode: "max" as never })).toThrow(/Invalid merge mode/);
    expect(() => new Bidirectional({} as never)).toThrow(/Layer` instance/);
    expect(() => new Bidirectional(new LSTM(2), { backwardLayer: new LSTM(2) })).toThrow(/different `go_backwards`/);
    expect(() => new Bidirectional(new LSTM(2), { backwardLayer: new LSTM(2, { goBackwards: true, returnSequences: true }) })).toThrow(/return_sequences/);
    expect(() => new Bidirectional(new LSTM(2)).resetStates()).toThrow(/must be stateful/);
  });
});

describe("errors", () => {
  it("rejects bad arguments with Keras's messages", () => {
    expect(() => new LSTM(0)).toThrow(/positive integer, got 0/);
    expect(() => new GRU(2, { foo: 1 } as never)).toThrow(/Unrecognized keyword arguments passed to GRU/);
    expect(() => new LSTM(2, { useCudnn: "yes" as never })).toThrow(/use_cudnn/);
    expect(() => new RNN({} as never)).toThrow(/should have a `call` method/);
    expect(() => new RNN({ call: () => null } as never)).toThrow(/stateSize/);
    expect(() => new LSTM(2).apply(ops.zeros([2, 3]))).toThrow(/expected ndim=3/);
    expect(() => new LSTM(2).apply(ops.zeros([2, 0, 3]))).toThrow(/0 timesteps/);
  });

  it("unrolls a graph built with an unknown number of steps once real data fixes it (as Keras's shape inference does)", () => {
    const x = Input({ shape: [null, 3] });
    const rnn = new SimpleRNN(2, { unroll: true, returnSequences: true });
    const y = new Model({ inputs: x, outputs: rnn.apply(x) }).predict(ops.ones([1, 4, 3])) as Tensor;
    expect(y.shape).toEqual([1, 4, 2]);
  });
});
