/**
 * The optimizer step of the Keras `train_*` fixtures: starting from the
 * model's initial weights (real Keras paths such as "mlp/dense/kernel"),
 * apply each step's gradients (cast to float32, as the fixture procedure
 * does) and compare the trainable weights and every optimizer variable.
 */
import { describe, expect, it } from "vitest";
import * as optimizers from "../../src/optimizers/index.js";
import { Variable, ops } from "../../src/index.js";
import { withNameScope } from "../../src/engine/variable.js";
import { FixtureArray, fixtureNames, fixtureTensor, fixtureValues, loadFixture } from "../utils/fixtures.js";

function expectAllClose(actual: ArrayLike<number>, expected: readonly number[], what: string, rtol = 1e-6, atol = 1e-7): void {
  expect(actual.length, `${what}: size`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const tol = atol + rtol * Math.abs(expected[i]);
    if (!(Math.abs(actual[i] - expected[i]) <= tol)) throw new Error(`${what}[${i}]: expected ${expected[i]}, received ${actual[i]}`);
  }
}

/** A Variable whose path is the fixture's path ("mlp/dense/kernel"). */
function variableAt(w: FixtureArray): Variable {
  const parts = (w.path as string).split("/");
  const make = (i: number): Variable =>
    i === parts.length - 1
      ? new Variable(fixtureTensor(w), { name: parts[i], trainable: w.trainable })
      : withNameScope(parts[i], () => make(i + 1));
  return make(0);
}

describe("optimizers on the Keras train_step fixtures", () => {
  const cases = fixtureNames("train_step");
  it("has cases", () => expect(cases.length).toBeGreaterThan(0));
  for (const name of cases) {
    it(name, () => {
      const fx = loadFixture(name);
      const optimizer = optimizers.deserialize(fx.optimizer);
      const weights = fx.initial_weights.map(variableAt);
      const byPath = new Map<string, Variable>(weights.map((w: Variable) => [w.path, w]));
      fx.steps.forEach((step: any, s: number) => {
        const pairs = step.grads.map((g: FixtureArray) => [ops.cast(fixtureTensor(g), "float32"), byPath.get(g.path as string)!] as const);
        optimizer.applyGradients(pairs);
        step.weights_after.forEach((expected: FixtureArray) => {
          if (!expected.trainable) return; // non-trainable state (e.g. BN statistics) comes from the forward pass
          expectAllClose(byPath.get(expected.path as string)!.value.data, fixtureValues(expected), `step ${s + 1} ${expected.path}`);
        });
        expect(optimizer.variables.map((v) => v.path)).toEqual(step.optimizer_variables_after.map((v: FixtureArray) => v.path));
        step.optimizer_variables_after.forEach((expected: FixtureArray, i: number) => {
          expectAllClose(optimizer.variables[i].value.data, fixtureValues(expected), `step ${s + 1} ${expected.path}`);
        });
      });
    });
  }
});
