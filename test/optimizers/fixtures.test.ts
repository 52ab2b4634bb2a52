/**
 * Every Keras optimizer fixture: three apply_gradients steps on two
 * variables, comparing the variables, every optimizer variable (path, shape,
 * dtype, values), `iterations` and `learning_rate` after each step, plus the
 * config and envelope round trips.
 */
import { describe, expect, it } from "vitest";
import * as optimizers from "../../src/optimizers/index.js";
import { Tensor, Variable } from "../../src/index.js";
import { FixtureArray, fixtureNames, fixtureTensor, fixtureValues, loadFixture } from "../utils/fixtures.js";

const CASES = fixtureNames("optimizer");

/** |a - e| <= atol + rtol |e| elementwise, with a message naming what differs. */
function expectAllClose(actual: ArrayLike<number>, expected: readonly number[], what: string, rtol = 1e-6, atol = 1e-7): void {
  expect(actual.length, `${what}: size`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const tol = atol + rtol * Math.abs(expected[i]);
    if (!(Math.abs(actual[i] - expected[i]) <= tol)) {
      throw new Error(`${what}[${i}]: expected ${expected[i]}, received ${actual[i]} (tolerance ${tol})`);
    }
  }
}

function scalarOf(x: Variable | Tensor): number {
  return (x instanceof Tensor ? x : x.value).data[0];
}

describe("optimizers: Keras fixtures", () => {
  it("covers the 28 optimizer cases", () => {
    expect(CASES.length).toBe(28);
  });

  for (const name of CASES) {
    it(name, () => {
      const fx = loadFixture(name);
      const optimizer = optimizers.deserialize(fx.serialized);
      expect(optimizer.constructor.name).toBe(fx.class_name);
      expect(optimizer.getConfig()).toEqual(fx.config);
      expect(optimizers.serialize(optimizer)).toEqual(fx.serialized);

      const variables = fx.variables.map((v: FixtureArray) => new Variable(fixtureTensor(v), { name: v.name }));
      variables.forEach((v: Variable, i: number) => expect(v.path).toBe(fx.variables[i].path));

      fx.steps.forEach((step: any, s: number) => {
        const grads = step.grads.map((g: FixtureArray) => fixtureTensor(g));
        optimizer.applyGradients(grads.map((g: Tensor, i: number) => [g, variables[i]] as const));

        step.variables_after.forEach((expected: FixtureArray, i: number) => {
          expectAllClose(variables[i].value.data, fixtureValues(expected), `step ${s + 1} ${variables[i].path}`);
        });
        const optVars = optimizer.variables;
        expect(optVars.map((v) => v.path), `step ${s + 1} optimizer variable paths`).toEqual(
          step.optimizer_variables_after.map((v: FixtureArray) => v.path),
        );
        step.optimizer_variables_after.forEach((expected: FixtureArray, i: number) => {
          const v = optVars[i];
          expect(v.name).toBe(expected.name);
          expect(v.shape).toEqual(expected.shape);
          expect(v.dtype).toBe(expected.dtype);
          // Keras creates every slot non-trainable, except Nadam's momentum-schedule product (a plain Variable).
          expect(v.trainable).toBe(expected.path === "nadam/variable");
          expectAllClose(v.value.data, fixtureValues(expected), `step ${s + 1} ${expected.path}`);
        });
        expect(scalarOf(optimizer.iterations), `step ${s + 1} iterations`).toBe(step.iterations_after);
        expectAllClose([scalarOf(optimizer.learningRate)], [step.learning_rate_after], `step ${s + 1} learning_rate`);
      });

      // The config survives training unchanged and rebuilds an identical optimizer.
      expect(optimizer.getConfig()).toEqual(fx.config);
      const Cls = optimizer.constructor as typeof optimizers.Optimizer;
      expect(Cls.fromConfig(optimizer.getConfig()).getConfig()).toEqual(fx.config);
    });
  }
});
