/**
 * compile / fit / evaluate / predict / *OnBatch on small problems whose
 * results are computed by hand: a linear model y = w x + b with zero initial
 * weights and plain SGD, where one full-batch step has a closed form.
 */
import { describe, expect, it, vi } from "vitest";
import * as keras from "../../src/index.js";
import { Layer, Tensor } from "../../src/index.js";

const { layers } = keras;

function linearModel(options: { units?: number; inputs?: number; useBias?: boolean; name?: string } = {}): keras.Model {
  const { units = 1, inputs = 1, useBias = true } = options;
  return new keras.Sequential([
    keras.Input({ shape: [inputs] }),
    new layers.Dense(units, { kernelInitializer: "zeros", biasInitializer: "zeros", useBias, name: options.name }),
  ]);
}

const X = [[1], [2], [3], [4]];
const Y = [[2], [4], [6], [8]];

function weightsOf(model: keras.Model): number[] {
  return model.weights.flatMap((w) => Array.from(w.value.data as Float32Array));
}

describe("fit", () => {
  it("one full-batch SGD step on MSE matches the closed form", async () => {
    const model = linearModel();
    model.compile({ optimizer: new keras.optimizers.SGD({ learningRate: 0.1 }), loss: "mse" });
    const history = await model.fit(X, Y, { batchSize: 4, epochs: 1, verbose: 0, shuffle: false });
    // pred = 0: loss = mean(y^2) = 30; dL/dw = mean(-2 y x) = -30; dL/db = mean(-2 y) = -10.
    expect(history.history.loss).toEqual([30]);
    expect(weightsOf(model)).toEqual([3, 1]);
    expect(history.epoch).toEqual([0]);
    expect(model.history).toBe(history);
  });

  it("batches of 2 in order: two steps per epoch, the epoch loss is the sample-weighted mean of the step losses", async () => {
    const model = linearModel({ useBias: false });
    model.compile({ optimizer: new keras.optimizers.SGD({ learningRate: 0.05 }), loss: "mse" });
    const seen: number[] = [];
    const cb = new keras.callbacks.LambdaCallback({ onTrainBatchEnd: (_b, logs) => void seen.push(logs!.loss) });
    const history = await model.fit(X, Y, { batchSize: 2, epochs: 1, verbose: 0, shuffle: false, callbacks: [cb] });
    // Step 1 on x = 1, 2: loss = (4 + 16) / 2 = 10, dw = -2 (2 + 8) / 2 = -10 -> w = 0.5.
    // Step 2 on x = 3, 4: pred = 1.5, 2; errors -4.5, -6: loss = (20.25 + 36) / 2 = 28.125.
    expect(seen[0]).toBeCloseTo(10, 6);
    expect(seen[1]).toBeCloseTo((10 + 28.125) / 2, 5);
    expect(history.history.loss[0]).toBeCloseTo(19.0625, 5);
    // dw = -2 (3 * 4.5 + 4 * 6) / 2 = -37.5 -> w = 0.5 + 1.875.
    expect(weightsOf(model)[0]).toBeCloseTo(2.375, 5);
  });

  it("History holds Keras's keys: loss, metric names, then val_ ones", async () => {
    const model = linearModel({ units: 3, inputs: 2 });
    model.compile({ optimizer: "sgd", loss: new keras.losses.SparseCategoricalCrossentropy({ fromLogits: true }), metrics: ["accuracy", "sparse_top_k_categorical_accuracy"] });
    const x = [[1, 0], [0, 1], [1, 1], [0, 0]];
    const y = [0, 1, 2, 0];
    const history = await model.fit(x, y, { epochs: 2, verbose: 0, validationData: [x, y] });
    expect(Object.keys(history.history)).toEqual([
      "accuracy", "loss", "sparse_top_k_categorical_accuracy", "val_accuracy", "val_loss", "val_sparse_top_k_categorical_accuracy",
    ]);
    // Zero weights: uniform logits, loss ln 3 on the first epoch; argmax picks class 0 (2 of 4 right).
    expect(history.history.loss[0]).toBeCloseTo(Math.log(3), 5);
    expect(history.history.accuracy[0]).toBeCloseTo(0.5, 6);
    expect(model.metricsNames).toEqual(["loss", "compile_metrics"]);
  });

  it("validationSplit holds out the last fraction, taken before shuffling", async () => {
    const model = linearModel();
    model.compile({ optimizer: new keras.optimizers.SGD({ learningRate: 0 }), loss: "mae" });
    const x = [[1], [1], [1], [1], [1], [1], [1], [1], [1], [1]];
    const y = [[1], [1], [1], [1], [1], [1], [1], [1], [5], [7]];
    const history = await model.fit(x, y, { validationSplit: 0.2, epochs: 1, verbose: 0, shuffle: true, batchSize: 3 });
    // Training on the first 8 (targets 1), validation on the last 2 (targets 5, 7); prediction stays 0.
    expect(history.history.loss).toEqual([1]);
    expect(history.history.val_loss).toEqual([6]);
    await expect(model.fit([[1], [2]], [[1], [2]], { validationSplit: 0.6, verbose: 0 })).rejects.toThrow(
      "Training data contains 2 samples, which is not sufficient to split it into a validation and training set as specified by `validation_split=0.6`",
    );
  });

  it("sampleWeight and classWeight weight the loss (sum over batch size)", async () => {
    const model = linearModel();
    model.compile({ optimizer: new keras.optimizers.SGD({ learningRate: 0 }), loss: "mse" });
    const h1 = await model.fit(X, Y, { sampleWeight: [1, 0, 0, 2], batchSize: 4, verbose: 0 });
    // (1 * 4 + 2 * 64) / 4 samples
    expect(h1.history.loss).toEqual([33]);
    const labels = [[0], [1], [1], [2]];
    const h2 = await model.fit(X, labels, { classWeight: { 1: 3, 2: 0.5 }, batchSize: 4, verbose: 0 });
    // errors^2 = 0, 1, 1, 4, weights 1, 3, 3, 0.5
    expect(h2.history.loss).toEqual([2]);
    await expect(model.fit(X, labels, { classWeight: { 1: 3 }, sampleWeight: [1, 1, 1, 1], verbose: 0 })).rejects.toThrow(
      "You cannot `class_weight` and `sample_weight` at the same time.",
    );
  });

  it("regularization penalties and addLoss losses join the loss", async () => {
    class AddsLoss extends Layer {
      override call(x: Tensor): Tensor {
        this.addLoss(keras.ops.multiply(keras.ops.sum(x), 0.5));
        return x;
      }
    }
    const model = new keras.Sequential([
      keras.Input({ shape: [1] }),
      new layers.Dense(1, { kernelInitializer: "ones", biasInitializer: "zeros", kernelRegularizer: new keras.regularizers.L2(0.25) }),
      new AddsLoss(),
    ]);
    model.compile({ optimizer: new keras.optimizers.SGD({ learningRate: 0 }), loss: "mse" });
    const history = await model.fit(X, Y, { batchSize: 4, verbose: 0 });
    // pred = x: mse = mean(x^2) = 7.5; L2 = 0.25 * 1; addLoss = 0.5 * (1 + 2 + 3 + 4) = 5.
    expect(history.history.loss[0]).toBeCloseTo(12.75, 5);
  });

  it("`training: true` reaches the layers during fit only", async () => {
    const seen: unknown[] = [];
    class Probe extends Layer {
      override call(x: Tensor, kwargs: { training?: boolean | null } = {}): Tensor {
        seen.push(kwargs.training ?? null);
        return x;
      }
    }
    const model = new keras.Sequential([keras.Input({ shape: [1] }), new Probe(), new layers.Dense(1)]);
    model.compile({ optimizer: "sgd", loss: "mse" });
    seen.length = 0; // building the Sequential traced `call` symbolically
    await model.fit(X, Y, { batchSize: 4, epochs: 1, verbose: 0, validationData: [X, Y] });
    expect(seen).toEqual([true, false]);
    seen.length = 0;
    model.evaluate(X, Y, { verbose: 0 });
    model.predict(X);
    model.trainOnBatch(X, Y);
    model.testOnBatch(X, Y);
    model.predictOnBatch(X);
    expect(seen).toEqual([false, false, true, false, false]);
  });

  it("Dropout is active in fit and off in evaluate", async () => {
    const model = new keras.Sequential([
      keras.Input({ shape: [4] }),
      new layers.Dropout(0.5, { seed: 3 }),
      new layers.Dense(1, { kernelInitializer: "ones", useBias: false, trainable: false }),
    ]);
    model.compile({ optimizer: new keras.optimizers.SGD({ learningRate: 0 }), loss: "mae" });
    const x = Array.from({ length: 64 }, () => [1, 1, 1, 1]);
    const y = Array.from({ length: 64 }, () => [4]);
    // Inference: the sum of the inputs is exactly 4.
    expect(model.evaluate(x, y, { verbose: 0 })).toBe(0);
    // Training: kept inputs are scaled by 2, so the sum is 0, 2, ..., 8 and the error is non-zero.
    const history = await model.fit(x, y, { epochs: 1, verbose: 0, batchSize: 64 });
    expect(history.history.loss[0]).toBeGreaterThan(0.5);
  });

  it("BatchNormalization updates its moving statistics in fit, not in evaluate or predict", async () => {
    const bn = new layers.BatchNormalization({ momentum: 0.5 });
    const model = new keras.Sequential([keras.Input({ shape: [1] }), bn]);
    model.compile({ optimizer: new keras.optimizers.SGD({ learningRate: 0 }), loss: "mse" });
    const movingMean = () => bn.weights.find((v) => v.name === "moving_mean")!.value.data[0];
    model.evaluate(X, Y, { verbose: 0 });
    model.predict(X);
    expect(movingMean()).toBe(0);
    await model.fit(X, Y, { batchSize: 4, epochs: 1, verbose: 0 });
    // One training batch with mean 2.5: moving = 0 * 0.5 + 2.5 * 0.5.
    expect(movingMean()).toBeCloseTo(1.25, 6);
  });

  it("model.stopTraining set by a callback ends fit after the current batch", async () => {
    const model = linearModel();
    model.compile({ optimizer: "sgd", loss: "mse" });
    const batches: number[] = [];
    const stopper = new keras.callbacks.LambdaCallback({
      onTrainBatchEnd: (batch) => {
        batches.push(batch);
        if (batch === 1) model.stopTraining = true;
      },
    });
    const history = await model.fit(X, Y, { batchSize: 1, epochs: 5, verbose: 0, shuffle: false, callbacks: [stopper] });
    expect(batches).toEqual([0, 1]);
    expect(history.epoch).toEqual([0]);
  });

  it("initialEpoch, stepsPerEpoch and validationFreq", async () => {
    const model = linearModel();
    model.compile({ optimizer: "sgd", loss: "mse" });
    const events: string[] = [];
    const cb = new keras.callbacks.LambdaCallback({
      onEpochBegin: (e) => void events.push(`e${e}`),
      onTrainBatchBegin: (b) => void events.push(`b${b}`),
      onTestBegin: () => void events.push("val"),
    });
    const history = await model.fit(X, Y, {
      batchSize: 1, epochs: 4, initialEpoch: 1, stepsPerEpoch: 2, validationData: [X, Y], validationFreq: 2, verbose: 0, callbacks: [cb],
    });
    expect(events).toEqual(["e1", "b0", "b1", "val", "e2", "b0", "b1", "e3", "b0", "b1", "val"]);
    expect(history.epoch).toEqual([1, 2, 3]);
    expect(Object.keys(history.history)).toEqual(["loss", "val_loss"]);
    expect(history.history.val_loss.length).toBe(2);
  });

  it("datasets: sync and async iterables of [x, y] batches, and generator functions re-run each epoch", async () => {
    const model = linearModel();
    model.compile({ optimizer: new keras.optimizers.SGD({ learningRate: 0.1 }), loss: "mse" });
    const batches = [[[[1], [2]], [[2], [4]]], [[[3], [4]], [[6], [8]]]];
    const h1 = await model.fit(batches, null, { epochs: 1, verbose: 0 }).catch((e) => e);
    // A plain array is in-memory data, not a dataset: [x_batches, y_batches] has no y here.
    expect(h1).toBeInstanceOf(Error);

    const gen = function* () {
      yield* batches;
    };
    const ref = linearModel();
    ref.compile({ optimizer: new keras.optimizers.SGD({ learningRate: 0.1 }), loss: "mse" });
    await ref.fit(X, Y, { batchSize: 2, epochs: 2, shuffle: false, verbose: 0 });
    const h2 = await model.fit(gen, { epochs: 2, verbose: 0 });
    expect(h2.epoch).toEqual([0, 1]);
    expect(weightsOf(model)).toEqual(weightsOf(ref));

    const asyncModel = linearModel();
    asyncModel.compile({ optimizer: new keras.optimizers.SGD({ learningRate: 0.1 }), loss: "mse" });
    const asyncGen = async function* () {
      for (const b of batches) yield b;
    };
    await asyncModel.fit(asyncGen, { epochs: 2, verbose: 0 });
    expect(weightsOf(asyncModel)).toEqual(weightsOf(ref));
    const evaluated = asyncModel.evaluate(asyncGen(), { verbose: 0 });
    expect(evaluated).toBeInstanceOf(Promise);
    expect(await evaluated).toBeCloseTo(ref.evaluate(X, Y, { verbose: 0 }) as number, 5);
  });

  it("a one-shot iterator ends training with Keras's ran-out-of-data warning", async () => {
    const model = linearModel();
    model.compile({ optimizer: "sgd", loss: "mse" });
    const it = [[[[1]], [[2]]], [[[2]], [[4]]]][Symbol.iterator]();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const history = await model.fit(it, { epochs: 3, verbose: 0 });
      expect(history.epoch).toEqual([0]);
      expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([expect.stringContaining("Your input ran out of data; interrupting training.")]);
    } finally {
      warn.mockRestore();
    }
  });

  it("typed arrays take the model's input shape; { data, shape } objects carry their own", async () => {
    const model = linearModel({ inputs: 2 });
    model.compile({ optimizer: new keras.optimizers.SGD({ learningRate: 0 }), loss: "mae" });
    const flat = new Float32Array([1, 1, 2, 2, 3, 3]);
    expect(model.evaluate(flat, new Float32Array([1, 2, 3]), { verbose: 0 })).toBe(2);
    expect(model.evaluate({ data: flat, shape: [3, 2] }, { data: [1, 2, 3], shape: [3, 1] }, { verbose: 0 })).toBe(2);
    expect(() => model.evaluate({ data: flat, shape: [2, 2] }, [1, 2], { verbose: 0 })).toThrow("x: { data, shape } has 6 values but shape [2, 2] needs 4.");
  });
});

describe("evaluate, predict and the *OnBatch methods", () => {
  it("evaluate: the loss alone, [loss, ...metrics] in compile order, or a dict", () => {
    const model = linearModel();
    model.compile({ optimizer: "sgd", loss: "mse", metrics: ["mae", "mse"] });
    expect(model.evaluate(X, Y, { verbose: 0 })).toEqual([30, 5, 30]);
    expect(model.evaluate(X, Y, { verbose: 0, returnDict: true })).toEqual({ loss: 30, mae: 5, mse: 30 });
    const plain = linearModel();
    plain.compile({ optimizer: "sgd", loss: "mae" });
    expect(plain.evaluate(X, Y, { verbose: 0, batchSize: 3 })).toBe(5);
  });

  it("trainOnBatch / testOnBatch: metrics accumulate until resetMetrics", () => {
    const model = linearModel();
    model.compile({ optimizer: new keras.optimizers.SGD({ learningRate: 0.1 }), loss: "mse" });
    expect(model.testOnBatch(X, Y)).toBe(30);
    expect(model.trainOnBatch(X, Y, { returnDict: true })).toEqual({ loss: 30 });
    // After the step w = 3, b = 1: errors 2, 3, 4, 5 -> mse 13.5; the tracker averages it with the two 30s above.
    expect(model.testOnBatch(X, Y)).toBeCloseTo((30 + 30 + 13.5) / 3, 5);
    model.resetMetrics();
    expect(model.testOnBatch(X, Y)).toBeCloseTo(13.5, 5);
    expect(() => model.trainOnBatch(X, [[0], [1], [0], [1]], { sampleWeight: [1, 1, 1, 1], classWeight: { 0: 1 } })).toThrow(
      "Arguments `sample_weight` and `class_weight` cannot be specified at the same time.",
    );
  });

  it("predict stays synchronous and silent; predictOnBatch runs one batch", () => {
    const model = linearModel();
    model.setWeights([[[2]], [1]]);
    expect(model.predict(X).toArray()).toEqual([[3], [5], [7], [9]]);
    expect(model.predictOnBatch([[10]]).toArray()).toEqual([[21]]);
    const out = model.predict(function* () {
      yield [[[1]]];
      yield [[[2]], [[0]]];
    }, { batchSize: 1 });
    expect(out.toArray()).toEqual([[3], [5]]);
  });

  it("predict with callbacks calls the predict hooks, outputs per batch", () => {
    const model = linearModel();
    const events: string[] = [];
    const cb = new keras.callbacks.LambdaCallback({
      onPredictBegin: () => void events.push("begin"),
      onPredictBatchEnd: (b, logs) => void events.push(`${b}:${(logs!.outputs as Tensor).shape.join("x")}`),
      onPredictEnd: () => void events.push("end"),
    });
    expect(model.predict(X, { batchSize: 3, callbacks: [cb] }).shape).toEqual([4, 1]);
    expect(events).toEqual(["begin", "0:3x1", "1:1x1", "end"]);
  });
});

describe("bad input gives clear errors", () => {
  it("fit / evaluate / trainOnBatch before compile", async () => {
    const model = linearModel();
    await expect(model.fit(X, Y)).rejects.toThrow("You must call `compile()` before using the model.");
    expect(() => model.evaluate(X, Y)).toThrow("You must call `compile()` before using the model.");
    expect(() => model.trainOnBatch(X, Y)).toThrow("You must call `compile()` before using the model.");
  });

  it("mismatched sample counts between x and y", async () => {
    const model = linearModel();
    model.compile({ optimizer: "sgd", loss: "mse" });
    await expect(model.fit(X, [[1], [2], [3]], { verbose: 0 })).rejects.toThrow(
      "Data cardinality is ambiguous. Make sure all arrays contain the same number of samples.'x' sizes: 4\n'y' sizes: 3\n",
    );
    expect(() => model.evaluate(X, Y, { sampleWeight: [1, 2], verbose: 0 })).toThrow("'sample_weight' sizes: 2");
  });

  it("a loss that does not fit the output shape names the loss and both shapes", async () => {
    const model = linearModel({ units: 3, inputs: 1 });
    model.compile({ optimizer: "sgd", loss: "categorical_crossentropy" });
    await expect(model.fit(X, [0, 1, 2, 1], { verbose: 0 })).rejects.toThrow(
      /"categorical_crossentropy" failed on y_true.shape=\[4\], y_pred.shape=\[4, 3\]/,
    );
    model.compile({ optimizer: "sgd", loss: "mse" });
    await expect(model.fit(X, [[1, 2], [1, 2], [1, 2], [1, 2]], { verbose: 0 })).rejects.toThrow(
      "y_true and y_pred have incompatible shapes: y_true.shape=(4, 2), y_pred.shape=(4, 3)",
    );
  });

  it("missing targets, unknown options, bad arguments", async () => {
    const model = linearModel();
    model.compile({ optimizer: "sgd", loss: "mse" });
    await expect(model.fit(X, null, { verbose: 0 })).rejects.toThrow("The model was compiled with a loss, but no targets `y` were given");
    await expect(model.fit(X, Y, { epochz: 3 } as never)).rejects.toThrow('fit: unknown option "epochz"');
    await expect(model.fit(X, Y, { batchSize: 0 })).rejects.toThrow("Argument `batch_size` must be a positive integer or None. Received: batch_size=0");
    await expect(model.fit(X, Y, { validationSplit: 1.5 })).rejects.toThrow("Argument `validation_split` must be a float in [0, 1)");
    await expect(model.fit(X, Y, { verbose: 3 as never })).rejects.toThrow('fit: `verbose` must be "auto", 0, 1 or 2. Received: verbose=3');
    await expect(model.fit(function* () {}, { validationSplit: 0.5 })).rejects.toThrow("`validation_split` is only supported for Tensors");
    await expect(model.fit(function* () {}, Y)).rejects.toThrow("When providing `x` as a dataset");
    expect(() => model.compile({ optimizer: "adamm" })).toThrow("Could not interpret optimizer identifier: adamm");
    expect(() => model.compile({ loss: "msee" })).not.toThrow(); // resolved on the first batch, as in Keras
    await expect(model.fit(X, Y, { verbose: 0 })).rejects.toThrow("Could not interpret loss identifier: msee");
    model.compile({ loss: null });
    await expect(model.fit(X, Y, { verbose: 0 })).rejects.toThrow("No loss to compute. Provide a `loss` argument in `compile()`.");
    expect(() => model.evaluate("abc" as never, Y)).toThrow("Unrecognized data type: x='abc' (of type string)");
  });
});
