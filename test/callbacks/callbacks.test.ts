/**
 * keras.callbacks in real `fit` runs whose numbers are worked out by hand:
 * a one-weight model y = w x trained with SGD (x = 1), where each epoch is
 * one full-batch step w <- w - lr * 2 (w - target).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as keras from "../../src/index.js";

const { layers, callbacks } = keras;

function oneWeight(lr: number): keras.Model {
  const model = new keras.Sequential([keras.Input({ shape: [1] }), new layers.Dense(1, { useBias: false, kernelInitializer: "zeros" })]);
  model.compile({ optimizer: new keras.optimizers.SGD({ learningRate: lr }), loss: "mse" });
  return model;
}

const w = (model: keras.Model) => model.weights[0].value.data[0];
const ones = (n: number) => Array.from({ length: n }, () => [1]);

let stdout: string[];
let writeSpy: { mockRestore(): void };
beforeEach(() => {
  stdout = [];
  writeSpy = vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => {
    stdout.push(String(s));
    return true;
  });
});
afterEach(() => writeSpy.mockRestore());

describe("EarlyStopping", () => {
  // Training targets 4 (first 6 samples), validation targets 2.6 (last 2, from validationSplit 0.25).
  // lr 0.25: w <- 0.5 w + 2, so w = 2, 3, 3.5, 3.75, ... and val_loss = (w - 2.6)^2 = 0.36, 0.16, 0.81, 1.3225.
  const x = ones(8);
  const y = [...Array(6).fill([4]), [2.6], [2.6]];

  it("stops after `patience` epochs without improvement and restores the best weights", async () => {
    const model = oneWeight(0.25);
    const stop = new callbacks.EarlyStopping({ monitor: "val_loss", patience: 2, restoreBestWeights: true, verbose: 1 });
    const history = await model.fit(x, y, { validationSplit: 0.25, batchSize: 6, epochs: 20, verbose: 0, callbacks: [stop] });
    expect(history.epoch).toEqual([0, 1, 2, 3]);
    const val = history.history.val_loss;
    [0.36, 0.16, 0.81, 1.3225].forEach((v, i) => expect(val[i]).toBeCloseTo(v, 5));
    expect(stop.stoppedEpoch).toBe(3);
    expect(stop.bestEpoch).toBe(1);
    expect(stop.best).toBeCloseTo(0.16, 5);
    expect(model.stopTraining).toBe(true);
    // Weights at the end of epoch 1 (w = 3), not of the last epoch (3.75).
    expect(w(model)).toBe(3);
    expect(stdout.join("")).toBe("Epoch 4: early stopping\nRestoring model weights from the end of the best epoch: 2.\n");
  });

  it("without restoreBestWeights the last weights stay; minDelta and baseline count as Keras counts them", async () => {
    const model = oneWeight(0.25);
    const stop = new callbacks.EarlyStopping({ patience: 2 });
    await model.fit(x, y, { validationSplit: 0.25, batchSize: 6, epochs: 20, verbose: 0, callbacks: [stop] });
    expect(w(model)).toBe(3.75);

    // minDelta 0.25: epoch 1's 0.16 is not 0.25 better than 0.36, so epochs 1 and 2 both wait.
    const strict = oneWeight(0.25);
    const h = await strict.fit(x, y, { validationSplit: 0.25, batchSize: 6, epochs: 20, verbose: 0, callbacks: [new callbacks.EarlyStopping({ patience: 2, minDelta: 0.25 })] });
    expect(h.epoch).toEqual([0, 1, 2]);

    // A baseline never beaten: the wait is never reset, so training stops after `patience` epochs.
    const base = oneWeight(0.25);
    const hb = await base.fit(x, y, { validationSplit: 0.25, batchSize: 6, epochs: 20, verbose: 0, callbacks: [new callbacks.EarlyStopping({ patience: 3, baseline: 0.1 })] });
    expect(hb.epoch).toEqual([0, 1, 2]);
  });

  it("startFromEpoch, mode max / auto from the metric's direction, and the unknown-direction error", async () => {
    const model = oneWeight(0.25);
    const late = new callbacks.EarlyStopping({ patience: 0, startFromEpoch: 3 });
    const h = await model.fit(x, y, { validationSplit: 0.25, batchSize: 6, epochs: 6, verbose: 0, callbacks: [late] });
    // Epochs 0-2 are not watched; epoch 3 sets the best, epoch 4 is worse: stop.
    expect(h.epoch).toEqual([0, 1, 2, 3, 4]);

    const maxMode = oneWeight(0.25);
    const hm = await maxMode.fit(x, y, { validationSplit: 0.25, batchSize: 6, epochs: 10, verbose: 0, callbacks: [new callbacks.EarlyStopping({ mode: "max", patience: 0 })] });
    // In max mode val_loss improves at epochs 2, 3, ... but worsens at epoch 1: stop there.
    expect(hm.epoch).toEqual([0, 1]);

    const acc = new keras.Sequential([keras.Input({ shape: [1] }), new layers.Dense(2)]);
    acc.compile({ optimizer: "sgd", loss: new keras.losses.SparseCategoricalCrossentropy({ fromLogits: true }), metrics: ["accuracy"] });
    const auto = new callbacks.EarlyStopping({ monitor: "accuracy" });
    await acc.fit([[1], [2]], [0, 1], { epochs: 1, verbose: 0, callbacks: [auto] });
    expect(auto.monitorOp).toBe("greater");

    const unknown = new callbacks.EarlyStopping({ monitor: "val_thing" });
    await expect(acc.fit([[1], [2]], [0, 1], { epochs: 1, verbose: 0, callbacks: [unknown] })).rejects.toThrow(
      "EarlyStopping callback received monitor=val_thing but Keras isn't able to automatically determine whether that metric should be maximized or minimized.",
    );
  });

  it("warns when the monitored value is missing", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const model = oneWeight(0.1);
      await model.fit(ones(2), [[1], [1]], { epochs: 1, verbose: 0, callbacks: [new callbacks.EarlyStopping()] });
      expect(String(warn.mock.calls[0][0])).toBe("Early stopping conditioned on metric `val_loss` which is not available. Available metrics are: loss");
    } finally {
      warn.mockRestore();
    }
  });
});

describe("learning-rate callbacks", () => {
  it("ReduceLROnPlateau halves the rate after `patience` flat epochs and logs learning_rate", async () => {
    // Targets 0 and w = 0: the loss is 0 every epoch, so only epoch 0 improves.
    const model = oneWeight(0.5);
    const reduce = new callbacks.ReduceLROnPlateau({ monitor: "loss", factor: 0.5, patience: 1, minLr: 0.1, verbose: 1 });
    const h = await model.fit(ones(2), [[0], [0]], { epochs: 5, verbose: 0, callbacks: [reduce] });
    expect(h.history.learning_rate).toEqual([0.5, 0.5, 0.25, 0.125, 0.10000000149011612]);
    expect(stdout.join("")).toBe(
      "\nEpoch 2: ReduceLROnPlateau reducing learning rate to 0.25.\n" +
        "\nEpoch 3: ReduceLROnPlateau reducing learning rate to 0.125.\n" +
        "\nEpoch 4: ReduceLROnPlateau reducing learning rate to 0.1.\n",
    );
    expect(() => new callbacks.ReduceLROnPlateau({ factor: 1 })).toThrow("ReduceLROnPlateau does not support a factor >= 1.0. Received factor=1");
  });

  it("ReduceLROnPlateau cooldown skips epochs after a reduction", async () => {
    const model = oneWeight(1);
    const reduce = new callbacks.ReduceLROnPlateau({ monitor: "loss", factor: 0.5, patience: 1, cooldown: 2 });
    const h = await model.fit(ones(2), [[0], [0]], { epochs: 6, verbose: 0, callbacks: [reduce] });
    // Reduce at epoch 1 (counter 2); epoch 2 counts down to 1 and is skipped; epoch 3 counts down to 0,
    // so it is no longer in cooldown and reduces again (patience 1). The logged rate is the one before the epoch's reduction.
    expect(h.history.learning_rate).toEqual([1, 1, 0.5, 0.5, 0.25, 0.25]);
  });

  it("LearningRateScheduler sets the rate from (epoch, lr) before each epoch", async () => {
    const model = oneWeight(0.5);
    const sched = new callbacks.LearningRateScheduler((epoch, lr) => (epoch < 1 ? lr : lr * 0.5), { verbose: 1 });
    const h = await model.fit(ones(2), [[4], [4]], { epochs: 3, verbose: 0, callbacks: [sched] });
    expect(h.history.learning_rate).toEqual([0.5, 0.25, 0.125]);
    // w: 0 -> 0 + 0.5 * 8 = 4 -> stays 4 (zero gradient).
    expect(w(model)).toBe(4);
    expect(stdout.join("")).toContain("\nEpoch 2: LearningRateScheduler setting learning rate to 0.25.\n");
    const bad = new callbacks.LearningRateScheduler(() => "fast" as never);
    await expect(model.fit(ones(2), [[4], [4]], { epochs: 1, verbose: 0, callbacks: [bad] })).rejects.toThrow(
      "The output of the `schedule` function should be a float. Got: fast",
    );
  });
});

describe("TerminateOnNaN", () => {
  it("stops at the first batch with a NaN loss", async () => {
    const model = oneWeight(0.1);
    const seen: number[] = [];
    const counter = new callbacks.LambdaCallback({ onTrainBatchEnd: (b) => void seen.push(b) });
    const h = await model.fit(ones(4), [[1], [Number.NaN], [1], [1]], {
      batchSize: 1, epochs: 3, shuffle: false, verbose: 0, callbacks: [new callbacks.TerminateOnNaN(), counter],
    });
    expect(seen).toEqual([0, 1]);
    expect(h.epoch).toEqual([0]);
    expect(Number.isNaN(h.history.loss[0])).toBe(true);
    expect(stdout.join("")).toBe("Batch 1: Invalid loss, terminating training\n");
  });

  it("raiseError throws, and onTrainEnd of the other callbacks does not run", async () => {
    const model = oneWeight(0.1);
    let ended = false;
    const end = new callbacks.LambdaCallback({ onTrainEnd: () => void (ended = true) });
    await expect(
      model.fit(ones(2), [[Number.POSITIVE_INFINITY], [1]], { batchSize: 1, shuffle: false, verbose: 0, callbacks: [new callbacks.TerminateOnNaN({ raiseError: true }), end] }),
    ).rejects.toThrow("NaN or Inf loss encountered at batch 0. Loss value: inf. Terminating training immediately.");
    expect(ended).toBe(false);
  });
});

describe("CSVLogger", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "keras-ts-csv-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("writes one row per epoch, keys sorted, Python's float repr and CRLF line ends", async () => {
    const file = join(dir, "log.csv");
    const model = oneWeight(0.25);
    await model.fit(ones(2), [[4], [4]], { epochs: 2, verbose: 0, validationData: [ones(1), [[2]]], callbacks: [new callbacks.CSVLogger(file)] });
    // Epoch 0: loss 16, w -> 2, val (2 - 2)^2 = 0. Epoch 1: loss 4, w -> 3, val 1.
    expect(readFileSync(file, "utf8")).toBe("epoch,loss,val_loss\r\n0,16.0,0.0\r\n1,4.0,1.0\r\n");
  });

  it("append adds rows without a second header; separator", async () => {
    const file = join(dir, "log.csv");
    writeFileSync(file, "epoch;loss\r\n0;1.0\r\n");
    const model = oneWeight(0.25);
    await model.fit(ones(2), [[4], [4]], { epochs: 1, initialEpoch: 0, verbose: 0, callbacks: [new callbacks.CSVLogger(file, { separator: ";", append: true })] });
    expect(readFileSync(file, "utf8")).toBe("epoch;loss\r\n0;1.0\r\n0;16.0\r\n");
  });
});

describe("callback plumbing", () => {
  it("hooks run in Keras's order in fit (validation silent inside the epoch), evaluate and predict", async () => {
    const events: string[] = [];
    class Recorder extends callbacks.Callback {
      override onTrainBegin() { events.push("train_begin"); }
      override onTrainEnd() { events.push("train_end"); }
      override onEpochBegin(e: number) { events.push(`epoch_begin ${e}`); }
      override onEpochEnd(e: number, logs?: keras.callbacks.Logs) { events.push(`epoch_end ${e} ${Object.keys(logs!).join(",")}`); }
      override onBatchBegin(b: number) { events.push(`batch_begin ${b}`); }
      override onBatchEnd(b: number, logs?: keras.callbacks.Logs) { events.push(`batch_end ${b} ${Object.keys(logs!).join(",")}`); }
      override onTestBegin() { events.push("test_begin"); }
      override onTestEnd(logs?: keras.callbacks.Logs) { events.push(`test_end ${Object.keys(logs!).join(",")}`); }
      override onTestBatchBegin(b: number) { events.push(`test_batch_begin ${b}`); }
      override onTestBatchEnd(b: number) { events.push(`test_batch_end ${b}`); }
      override onPredictBegin() { events.push("predict_begin"); }
      override onPredictEnd() { events.push("predict_end"); }
      override onPredictBatchBegin(b: number) { events.push(`predict_batch_begin ${b}`); }
      override onPredictBatchEnd(b: number) { events.push(`predict_batch_end ${b}`); }
    }
    const rec = new Recorder();
    const model = oneWeight(0.1);
    model.compile({ optimizer: "sgd", loss: "mse", metrics: ["mae"] });
    await model.fit(ones(2), [[1], [1]], { batchSize: 1, epochs: 1, verbose: 0, validationData: [ones(1), [[1]]], callbacks: [rec] });
    expect(events).toEqual([
      "train_begin", "epoch_begin 0",
      "batch_begin 0", "batch_end 0 loss,mae", "batch_begin 1", "batch_end 1 loss,mae",
      "test_begin", "test_batch_begin 0", "test_batch_end 0", "test_end loss,mae",
      "epoch_end 0 loss,mae,val_loss,val_mae", "train_end",
    ]);
    expect(rec.params).toEqual({ verbose: 0, epochs: 1, steps: 2 });
    expect(rec.model).toBe(model);
    events.length = 0;
    model.evaluate(ones(3), [[1], [1], [1]], { batchSize: 2, callbacks: [rec], verbose: 0 });
    model.predict(ones(3), { batchSize: 2, callbacks: [rec] });
    expect(events).toEqual([
      "test_begin", "test_batch_begin 0", "test_batch_end 0", "test_batch_begin 1", "test_batch_end 1", "test_end loss,mae",
      "predict_begin", "predict_batch_begin 0", "predict_batch_end 0", "predict_batch_begin 1", "predict_batch_end 1", "predict_end",
    ]);
  });

  it("CallbackList adds History and ProgbarLogger once, rejects non-callbacks, and awaits async hooks in fit", async () => {
    const history = new callbacks.History();
    const list = new callbacks.CallbackList([history], { addHistory: true, addProgbar: true });
    expect(list.callbacks.map((c) => c.constructor.name)).toEqual(["History", "ProgbarLogger"]);
    expect(() => new callbacks.CallbackList([{} as never])).toThrow("Expected every entry of `callbacks` to be a keras.callbacks.Callback instance");

    const order: string[] = [];
    const slow = new callbacks.LambdaCallback({
      onEpochEnd: async (e) => {
        await new Promise((r) => setTimeout(r, 5));
        order.push(`slow ${e}`);
      },
      onEpochBegin: (e) => void order.push(`begin ${e}`),
    });
    const model = oneWeight(0.1);
    await model.fit(ones(1), [[1]], { epochs: 2, verbose: 0, callbacks: [slow] });
    expect(order).toEqual(["begin 0", "slow 0", "begin 1", "slow 1"]);
    expect(() => new callbacks.LambdaCallback({ onEpochFinish: () => {} } as never)).toThrow('LambdaCallback: unknown hook "onEpochFinish"');
  });

  it("History keeps one value per epoch for each key, across fits on the same model only through a shared History", async () => {
    const model = oneWeight(0.25);
    const h1 = await model.fit(ones(2), [[4], [4]], { epochs: 2, verbose: 0 });
    expect(h1.history).toEqual({ loss: [16, 4] });
    const h2 = await model.fit(ones(2), [[4], [4]], { epochs: 1, verbose: 0 });
    expect(h2).not.toBe(h1);
    expect(h2.history).toEqual({ loss: [1] });
  });

  it("the progress bar of fit: epoch headers, final lines with metrics sorted and val_ last; verbose 2 one line per epoch", async () => {
    const model = oneWeight(0.25);
    model.compile({ optimizer: new keras.optimizers.SGD({ learningRate: 0.25 }), loss: "mse", metrics: ["mae"] });
    await model.fit(ones(2), [[4], [4]], { epochs: 2, batchSize: 2, validationData: [ones(1), [[2]]] });
    const text = stdout.join("");
    expect(text.startsWith("Epoch 1/2\n")).toBe(true);
    expect(text).toContain("Epoch 2/2\n");
    // Non-terminal output: each update on its own line; the final one ends the epoch.
    expect(text).toMatch(/\n\x1b\[1m1\/1\x1b\[0m \x1b\[32m━{20}\x1b\[0m\x1b\[37m\x1b\[0m \x1b\[1m\d+s\x1b\[0m \d+(ms|us|s)\/step - loss: 16\.0000 - mae: 4\.0000 - val_loss: 0\.0000e\+00 - val_mae: 0\.0000e\+00\n/);
    expect(text).toContain(" - loss: 4.0000 - mae: 2.0000 - val_loss: 1.0000 - val_mae: 1.0000\n");

    stdout.length = 0;
    await model.fit(ones(2), [[4], [4]], { epochs: 1, batchSize: 1, verbose: 2 });
    expect(stdout.join("")).toMatch(/^2\/2 - \d+s - \d+(ms|us|s)\/step - loss: [\d.e+-]+ - mae: [\d.e+-]+\n$/);

    stdout.length = 0;
    model.evaluate(ones(2), [[4], [4]]);
    expect(stdout.join("")).toMatch(/\n\x1b\[1m1\/1\x1b\[0m .* - loss: [\d.e+-]+ - mae: [\d.e+-]+ *\n$/);
    stdout.length = 0;
    model.evaluate(ones(2), [[4], [4]], { verbose: 0 });
    model.predict(ones(2), { verbose: 0 });
    expect(stdout).toEqual([]);
  });
});
