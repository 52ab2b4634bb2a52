import { describe, expect, it } from "vitest";
import { random, config } from "../../src/index.js";
import { statsOf } from "./stats.js";

const { uniform, normal, truncatedNormal, randint, gamma, beta, binomial, categorical } = random;

describe("uniform", () => {
  it("has the moments and range of U(minval, maxval)", () => {
    const t = uniform([400, 250], { minval: -1, maxval: 3, seed: 1 });
    expect(t.dtype).toBe("float32");
    expect(t.shape).toEqual([400, 250]);
    const s = statsOf(t);
    expect(s.min).toBeGreaterThanOrEqual(-1);
    expect(s.max).toBeLessThan(3);
    expect(s.min).toBeLessThan(-0.999);
    expect(s.max).toBeGreaterThan(2.999);
    expect(Math.abs(s.mean - 1)).toBeLessThan(0.015); // 5 standard errors: 5 * 1.155 / sqrt(1e5)
    expect(Math.abs(s.std - 4 / Math.sqrt(12))).toBeLessThan(0.01);
  });

  it("accepts positional optional arguments and float64", () => {
    const a = uniform([3], 0, 1, "float64", 7);
    expect(a.dtype).toBe("float64");
    expect(a.toArray()).toEqual(uniform([3], { dtype: "float64", seed: 7 }).toArray());
  });

  it("defaults to floatx", () => {
    config.setFloatx("float64");
    try {
      expect(uniform([2], { seed: 1 }).dtype).toBe("float64");
    } finally {
      config.setFloatx("float32");
    }
  });

  it("never returns maxval, even when float32 rounding would reach it", () => {
    const hi = 1 + 2 ** -23; // the float32 right after 1: every draw rounds to 1 or to hi
    const t = uniform([10000], { minval: 1, maxval: hi, seed: 3 });
    expect(statsOf(t).max).toBeLessThan(hi);
  });

  it("handles empty shapes and scalars", () => {
    expect(uniform([0, 3], { seed: 1 }).shape).toEqual([0, 3]);
    expect(uniform([], { seed: 1 }).shape).toEqual([]);
  });

  it("rejects bad arguments", () => {
    expect(() => uniform([2], { dtype: "int32" })).toThrow(/floating point/);
    expect(() => uniform([-1])).toThrow(/non-negative/);
    expect(() => uniform([2], { minval: NaN })).toThrow(/minval/);
    expect(() => uniform([2], { nope: 1 } as never)).toThrow(/unknown option "nope"/);
  });
});

describe("normal and truncatedNormal", () => {
  it("normal has the requested mean and stddev", () => {
    const s = statsOf(normal([100000], { mean: 0.5, stddev: 2, seed: 2 }));
    expect(Math.abs(s.mean - 0.5)).toBeLessThan(0.03);
    expect(Math.abs(s.std - 2)).toBeLessThan(0.03);
  });

  it("truncatedNormal stays within two stddev and has the truncated stddev", () => {
    const t = truncatedNormal([100000], { mean: 1, stddev: 0.5, seed: 3, dtype: "float64" });
    const s = statsOf(t);
    expect(s.min).toBeGreaterThanOrEqual(0);
    expect(s.max).toBeLessThanOrEqual(2);
    expect(s.min).toBeLessThan(0.01);
    expect(s.max).toBeGreaterThan(1.99);
    expect(Math.abs(s.mean - 1)).toBeLessThan(0.006);
    // The stddev of N(0, 1) truncated to [-2, 2] is 0.87962566103423978.
    expect(Math.abs(s.std - 0.5 * 0.87962566103423978)).toBeLessThan(0.005);
  });
});

describe("randint", () => {
  it("draws every integer of [minval, maxval) about equally often", () => {
    const t = randint([60000], -2, 4, { seed: 4 });
    expect(t.dtype).toBe("int32");
    const counts = new Map<number, number>();
    for (const v of t.data) counts.set(v, (counts.get(v) ?? 0) + 1);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([-2, -1, 0, 1, 2, 3]);
    for (const c of counts.values()) expect(Math.abs(c - 10000)).toBeLessThan(500);
  });

  it("validates its bounds", () => {
    expect(() => randint([2], 3, 3)).toThrow(/greater than/);
    expect(() => randint([2], 0.5, 3)).toThrow(/integers/);
    expect(() => randint([2], 0, 3, { dtype: "bool" })).toThrow(/bool/);
  });
});

describe("gamma, beta, binomial", () => {
  it("gamma has mean and variance alpha (with the alpha < 1 boost too)", () => {
    for (const alpha of [0.5, 3]) {
      const s = statsOf(gamma([50000], alpha, { seed: 5, dtype: "float64" }));
      expect(s.min).toBeGreaterThan(0);
      expect(Math.abs(s.mean - alpha)).toBeLessThan(0.03 * Math.max(1, alpha));
      expect(Math.abs(s.std ** 2 - alpha)).toBeLessThan(0.05 * Math.max(1, alpha));
    }
    expect(() => gamma([2], 0)).toThrow(/positive/);
  });

  it("beta(2, 3) has mean 0.4 and variance 0.04", () => {
    const s = statsOf(beta([50000], 2, 3, { seed: 6, dtype: "float64" }));
    expect(s.min).toBeGreaterThan(0);
    expect(s.max).toBeLessThan(1);
    expect(Math.abs(s.mean - 0.4)).toBeLessThan(0.005);
    expect(Math.abs(s.std ** 2 - 0.04)).toBeLessThan(0.002);
  });

  it("binomial has mean np and variance np(1-p), for small and large n", () => {
    const small = statsOf(binomial([50000], 10, 0.3, { seed: 7 }));
    expect(Math.abs(small.mean - 3)).toBeLessThan(0.03);
    expect(Math.abs(small.std ** 2 - 2.1)).toBeLessThan(0.06);
    expect(small.min).toBeGreaterThanOrEqual(0);
    expect(small.max).toBeLessThanOrEqual(10);
    const large = statsOf(binomial([5000], 1000, 0.7, { seed: 8 }));
    expect(Math.abs(large.mean - 700)).toBeLessThan(1); // 5 standard errors: 5 * sqrt(210 / 5000)
    expect(Math.abs(large.std ** 2 - 210)).toBeLessThan(21);
  });

  it("binomial takes per-element parameters that broadcast to the shape", () => {
    const t = binomial([2, 3], [[0], [5]], [0, 0.5, 1], { seed: 9 });
    const v = t.toArray() as number[][];
    expect(v[0]).toEqual([0, 0, 0]);
    expect(v[1][0]).toBe(0);
    expect(v[1][2]).toBe(5);
    expect(() => binomial([2], 3, 1.5)).toThrow(/probabilities/);
    expect(() => binomial([2], 2.5, 0.5)).toThrow(/counts/);
  });
});

describe("categorical", () => {
  it("samples classes with softmax(logits) frequencies", () => {
    const logits = [[Math.log(0.2), Math.log(0.3), Math.log(0.5)], [0, -Infinity, 0]];
    const t = categorical(logits, 30000, { seed: 10 });
    expect(t.shape).toEqual([2, 30000]);
    expect(t.dtype).toBe("int32");
    const rows = t.toArray() as number[][];
    const freq = (row: number[], c: number) => row.filter((v) => v === c).length / row.length;
    expect(Math.abs(freq(rows[0], 0) - 0.2)).toBeLessThan(0.015);
    expect(Math.abs(freq(rows[0], 1) - 0.3)).toBeLessThan(0.015);
    expect(Math.abs(freq(rows[0], 2) - 0.5)).toBeLessThan(0.015);
    expect(freq(rows[1], 1)).toBe(0);
    expect(Math.abs(freq(rows[1], 0) - 0.5)).toBeLessThan(0.015);
  });

  it("is invariant to shifting the logits and rejects non-2D logits", () => {
    const a = categorical([[1, 2, 3]], 50, { seed: 11 });
    const b = categorical([[1001, 1002, 1003]], 50, { seed: 11 });
    expect(b.toArray()).toEqual(a.toArray());
    expect(() => categorical([1, 2], 3)).toThrow(/2-D/);
  });
});
