/**
 * `model.predict` prints Keras's progress bar by default (`verbose: "auto"`
 * is 1 in Keras 3's predict, as in fit and evaluate), one summary line with
 * `verbose: 2`, and nothing with `verbose: 0`; the predictions are the same
 * whichever is chosen. The model is y = 2 x + 1, so the outputs are known.
 */
import { describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import { captureStdout } from "../utils/capture-stdout.js";

const { layers, callbacks } = keras;

function affine(): keras.Model {
  const model = new keras.Sequential([keras.Input({ shape: [1] }), new layers.Dense(1)]);
  model.setWeights([[[2]], [1]]);
  return model;
}

const X = [[0], [1], [2], [3], [4]];
const EXPECTED = [[1], [3], [5], [7], [9]];
// The final line of a bar over 3 steps (non-terminal output): "3/3", a full green bar, elapsed time, time per step.
const FINAL_BAR = /\n\x1b\[1m3\/3\x1b\[0m \x1b\[32m━{20}\x1b\[0m\x1b\[37m\x1b\[0m \x1b\[1m\d+s\x1b\[0m \d+(us|ms|s)\/step *\n$/;

const stdout = captureStdout();

describe("predict verbosity (Keras: verbose='auto' means 1)", () => {
  it("prints a progress bar by default and with verbose 'auto' or 1", () => {
    for (const options of [{}, { verbose: "auto" as const }, { verbose: 1 as const }]) {
      stdout.length = 0;
      const y = affine().predict(X, { batchSize: 2, ...options });
      expect(y.toArray()).toEqual(EXPECTED);
      const text = stdout.join("");
      expect(text, JSON.stringify(options)).toMatch(FINAL_BAR);
      // Predictions are not metrics: the bar carries no " - name: value" entries.
      expect(text).not.toContain(" - ");
    }
  });

  it("prints nothing with verbose 0, and gives the same predictions", () => {
    const y = affine().predict(X, { batchSize: 2, verbose: 0 });
    expect(y.toArray()).toEqual(EXPECTED);
    expect(stdout).toEqual([]);
  });

  it("prints one line at the end with verbose 2", () => {
    const y = affine().predict(X, { batchSize: 2, verbose: 2 });
    expect(y.toArray()).toEqual(EXPECTED);
    expect(stdout.join("")).toMatch(/^3\/3 - \d+s - \d+(us|ms|s)\/step\n$/);
  });

  it("shows the bar next to user callbacks unless verbose is 0", () => {
    const seen: number[] = [];
    const counter = new callbacks.LambdaCallback({ onPredictBatchEnd: (batch) => void seen.push(batch) });
    affine().predict(X, { batchSize: 2, callbacks: [counter] });
    expect(seen).toEqual([0, 1, 2]);
    expect(stdout.join("")).toMatch(FINAL_BAR);

    stdout.length = 0;
    seen.length = 0;
    const y = affine().predict(X, { batchSize: 2, callbacks: [counter], verbose: 0 });
    expect(y.toArray()).toEqual(EXPECTED);
    expect(seen).toEqual([0, 1, 2]);
    expect(stdout).toEqual([]);
  });

  it("one bar step per batch: a single batch is 1/1", () => {
    affine().predict(X);
    expect(stdout.join("")).toMatch(/\n\x1b\[1m1\/1\x1b\[0m \x1b\[32m━{20}\x1b\[0m\x1b\[37m\x1b\[0m \x1b\[1m\d+s\x1b\[0m \d+(us|ms|s)\/step *\n$/);
  });

  it("rejects a bad verbose or batchSize whatever the path, with Keras's wording", () => {
    expect(() => affine().predict(X, { verbose: 3 as never })).toThrow('predict: `verbose` must be "auto", 0, 1 or 2. Received: verbose=3');
    for (const verbose of [0, 1] as const) {
      expect(() => affine().predict(X, { batchSize: 0, verbose })).toThrow("Argument `batch_size` must be a positive integer or None. Received: batch_size=0");
    }
    expect(stdout).toEqual([]);
  });
});
