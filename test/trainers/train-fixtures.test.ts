/**
 * The Keras `train_step` fixtures end to end: the model and its compile
 * config come from Keras's JSON (so `compileFromConfig` builds the loss and
 * the optimizer), then three training steps. Each step's loss and gradients
 * (computed by the trainer's own `computeLoss` under the tape) must match
 * Keras / float64 PyTorch, and after `trainOnBatch` every model weight and
 * optimizer variable must match Keras, within 1e-5.
 */
import { describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import { valueAndGrad } from "../../src/index.js";
import { deserializeKerasObject } from "../../src/saving/serialization-lib.js";
import { FixtureArray, fixtureTensor, fixtureValues, loadFixture } from "../utils/fixtures.js";

function expectAllClose(actual: ArrayLike<number>, expected: readonly number[], what: string, rtol = 1e-5, atol = 1e-6): void {
  expect(actual.length, `${what}: size`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const tol = atol + rtol * Math.abs(expected[i]);
    if (!(Math.abs(actual[i] - expected[i]) <= tol)) throw new Error(`${what}[${i}]: expected ${expected[i]}, received ${actual[i]}`);
  }
}

/** The model path without Keras's model-name prefix ("mlp/dense/kernel" -> "dense/kernel"). */
function localPath(path: string): string {
  return path.split("/").slice(1).join("/");
}

const CASES = ["train_mlp_adam", "train_cnn_sgd_nesterov", "train_lstm_rmsprop"];

describe("Keras train_step fixtures through compile / trainOnBatch", () => {
  for (const name of CASES) {
    it(name, () => {
      const fx = loadFixture(name);
      const model = deserializeKerasObject(fx.model) as keras.Model;
      expect(model.compiled).toBe(true);
      expect(model.getCompileConfig()).toEqual(fx.compile_config);
      const weights = model.weights;
      expect(weights.map((w) => w.path)).toEqual(fx.initial_weights.map((w: FixtureArray) => localPath(w.path!)));
      model.setWeights(fx.initial_weights.map(fixtureTensor));
      const x = fixtureTensor(fx.x);
      const y = fixtureTensor(fx.y);
      fx.steps.forEach((step: any, s: number) => {
        const tag = `${name} step ${s + 1}`;
        // Loss and gradients of this step, from the trainer's loss computation.
        const trainable = model.trainableVariables;
        const { value, grads } = valueAndGrad(() => model.computeLoss({ x, y, yPred: model.apply(x, { training: true }), training: true }), trainable);
        expectAllClose([value.item() as number], [step.loss_keras_float32], `${tag} loss`);
        expect(trainable.map((v) => v.path)).toEqual(step.grads.map((g: FixtureArray) => localPath(g.path!)));
        step.grads.forEach((g: FixtureArray, i: number) => expectAllClose(grads[i].data, fixtureValues(g), `${tag} grad ${g.path}`, 1e-5, 1e-6));

        // The real step: returned loss, weights and optimizer state.
        model.resetMetrics();
        const logs = model.trainOnBatch(x, y, { returnDict: true }) as Record<string, number>;
        expectAllClose([logs.loss], [step.loss_keras_float32], `${tag} trainOnBatch loss`);
        step.weights_after.forEach((w: FixtureArray, i: number) => expectAllClose(weights[i].value.data, fixtureValues(w), `${tag} ${w.path}`));
        const optVars = model.optimizer!.variables;
        expect(optVars.length).toBe(step.optimizer_variables_after.length);
        step.optimizer_variables_after.forEach((v: FixtureArray, i: number) => expectAllClose(optVars[i].value.data, fixtureValues(v), `${tag} ${v.path}`));
      });
    });
  }
});
