/**
 * `keras.utils.clearSession()` drops Keras's global state, and with it the
 * counters behind every default name: layers, KerasTensors, Variables and
 * SeedGenerators all start again from their first name.
 */
import { expect, it } from "vitest";
import * as keras from "../../src/index.js";

it("layers and their variable paths restart: a new Dense is 'dense' again", () => {
  keras.utils.clearSession();
  const first = new keras.Sequential([keras.Input({ shape: [2] }), new keras.layers.Dense(1)]);
  const second = new keras.Sequential([keras.Input({ shape: [2] }), new keras.layers.Dense(1)]);
  expect(second.weights.map((w) => w.path)).toEqual(["sequential_1/dense_1/kernel", "sequential_1/dense_1/bias"]);
  keras.utils.clearSession();
  const third = new keras.Sequential([keras.Input({ shape: [2] }), new keras.layers.Dense(1)]);
  expect(third.name).toBe("sequential");
  expect(third.weights.map((w) => w.path)).toEqual(["sequential/dense/kernel", "sequential/dense/bias"]);
  expect(first.weights.map((w) => w.path)).toEqual(third.weights.map((w) => w.path));
});

it("unnamed Variables restart at 'variable'", () => {
  keras.utils.clearSession();
  const names = [new keras.Variable(1), new keras.Variable(2), new keras.Variable(3, { name: "named" }), new keras.Variable(4)].map((v) => v.name);
  expect(names).toEqual(["variable", "variable_1", "named", "variable_2"]);
  keras.utils.clearSession();
  expect(new keras.Variable(5).name).toBe("variable");
  expect(new keras.Variable(6).path).toBe("variable_1");
});

it("unnamed SeedGenerators restart at 'seed_generator' (and so do their state paths)", () => {
  keras.utils.clearSession();
  const a = new keras.random.SeedGenerator(1);
  const b = new keras.random.SeedGenerator(2);
  expect([a.name, b.name]).toEqual(["seed_generator", "seed_generator_1"]);
  expect(b.state.path).toBe("seed_generator_1/seed_generator_state");
  keras.utils.clearSession();
  const c = new keras.random.SeedGenerator(3);
  expect(c.name).toBe("seed_generator");
  expect(c.state.path).toBe("seed_generator/seed_generator_state");
});

it("a Dropout layer's generator is named afresh after clearSession", () => {
  keras.utils.clearSession();
  const before = new keras.layers.Dropout(0.5, { seed: 1 });
  keras.utils.clearSession();
  const after = new keras.layers.Dropout(0.5, { seed: 1 });
  expect(after.name).toBe(before.name);
  const gen = (l: keras.layers.Layer) => l.variables.map((v) => v.path);
  expect(gen(before)).toEqual(["seed_generator/seed_generator_state"]);
  expect(gen(after)).toEqual(gen(before));
});
