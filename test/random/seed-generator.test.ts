import { describe, expect, it } from "vitest";
import { random, Variable } from "../../src/index.js";
import { deserializeKerasObject, serializeKerasObject } from "../../src/saving/serialization-lib.js";
import { withNameScope } from "../../src/engine/variable.js";

const { SeedGenerator, setRandomSeed, uniform, normal } = random;

describe("SeedGenerator", () => {
  it("keeps its state in a non-trainable int32 Variable named seed_generator_state", () => {
    const g = new SeedGenerator(42);
    expect(g.state).toBeInstanceOf(Variable);
    expect(g.state.name).toBe("seed_generator_state");
    expect(g.state.dtype).toBe("int32");
    expect(g.state.shape).toEqual([2]);
    expect(g.state.trainable).toBe(false);
    expect(g.state.value.toArray()).toEqual([42, 0]);
  });

  it("returns the current state from next() and advances the counter", () => {
    const g = new SeedGenerator(7);
    expect(g.next()).toEqual([7, 0]);
    expect(g.next()).toEqual([7, 1]);
    expect(g.state.value.toArray()).toEqual([7, 2]);
  });

  it("nests its variable path under the name scope it is created in", () => {
    const g = withNameScope("dropout", () => new SeedGenerator(1, { name: "seed_generator" }));
    expect(g.state.path).toBe("dropout/seed_generator/seed_generator_state");
  });

  it("draws new values on each call and reproduces them from the same seed", () => {
    const g1 = new SeedGenerator(3);
    const a = uniform([5], { seed: g1 });
    const b = uniform([5], { seed: g1 });
    expect(a.toArray()).not.toEqual(b.toArray());
    const g2 = new SeedGenerator(3);
    expect(uniform([5], { seed: g2 }).toArray()).toEqual(a.toArray());
    expect(uniform([5], { seed: g2 }).toArray()).toEqual(b.toArray());
  });

  it("matches an integer seed on its first draw, as Keras's draw_seed([seed, 0]) does", () => {
    expect(normal([4], { seed: new SeedGenerator(11) }).toArray()).toEqual(normal([4], { seed: 11 }).toArray());
  });

  it("serializes as a keras.random envelope and rebuilds", () => {
    const g = new SeedGenerator(9);
    const env = serializeKerasObject(g) as Record<string, unknown>;
    expect(env).toEqual({ module: "keras.random", class_name: "SeedGenerator", config: { seed: 9 }, registered_name: null });
    const back = deserializeKerasObject(env);
    expect(back).toBeInstanceOf(SeedGenerator);
    expect(back.next()).toEqual([9, 0]);
  });

  it("rejects non-integer seeds", () => {
    expect(() => new SeedGenerator(1.5)).toThrow(/seed.*must be an integer/);
  });
});

describe("seed arguments", () => {
  it("an integer seed is stateless: same values on every call", () => {
    expect(uniform([10], { seed: 5 }).toArray()).toEqual(uniform([10], { seed: 5 }).toArray());
    expect(uniform([10], { seed: 5 }).toArray()).not.toEqual(uniform([10], { seed: 6 }).toArray());
  });

  it("a null seed draws from the global generator: consecutive calls differ", () => {
    expect(uniform([10]).toArray()).not.toEqual(uniform([10]).toArray());
  });

  it("setRandomSeed makes unseeded draws reproducible", () => {
    setRandomSeed(1234);
    const a = [uniform([6]).toArray(), normal([6]).toArray(), new SeedGenerator().next()];
    setRandomSeed(1234);
    const b = [uniform([6]).toArray(), normal([6]).toArray(), new SeedGenerator().next()];
    expect(b).toEqual(a);
    setRandomSeed(4321);
    expect(uniform([6]).toArray()).not.toEqual(a[0]);
  });

  it("rejects seeds that are neither integers nor SeedGenerators", () => {
    expect(() => uniform([2], { seed: 0.5 as unknown as number })).toThrow(/seed.*integer or an instance of `SeedGenerator`/);
    expect(() => uniform([2], { seed: "x" as unknown as number })).toThrow(/seed/);
    expect(() => setRandomSeed(1.5)).toThrow(/integer/);
  });
});
