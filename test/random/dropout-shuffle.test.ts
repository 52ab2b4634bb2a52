import { describe, expect, it } from "vitest";
import { random, ops, Tensor } from "../../src/index.js";
import { checkGradients, randomTensor } from "../utils/gradcheck.js";

const { dropout, shuffle, SeedGenerator } = random;

describe("dropout", () => {
  it("zeroes about `rate` of the entries and scales the rest by 1 / (1 - rate)", () => {
    const x = ops.full([200, 500], 2, "float32");
    const y = dropout(x, 0.3, { seed: 1 });
    expect(y.shape).toEqual([200, 500]);
    let zeros = 0;
    let other = 0;
    for (const v of y.data) {
      if (v === 0) zeros++;
      else if (Math.abs(v - 2 / 0.7) < 1e-6) other++;
    }
    expect(zeros + other).toBe(y.size);
    expect(Math.abs(zeros / y.size - 0.3)).toBeLessThan(0.006);
  });

  it("keeps the expected value", () => {
    const x = randomTensor([100000], 3, 0, 1);
    const y = dropout(x, 0.5, { seed: 2 });
    const mean = (t: Tensor) => Array.from(t.data).reduce((s, v) => s + v, 0) / t.size;
    expect(Math.abs(mean(y) - mean(x))).toBeLessThan(0.01);
  });

  it("broadcasts a noiseShape mask (null entries take the input dimension)", () => {
    const x = ops.ones([4, 50], "float32");
    const y = dropout(x, 0.5, { noiseShape: [1, null], seed: 3 }).toArray() as number[][];
    for (const row of y) expect(row).toEqual(y[0]);
    expect(y[0].some((v) => v === 0)).toBe(true);
    expect(y[0].some((v) => v === 2)).toBe(true);
    expect(() => dropout(x, 0.5, { noiseShape: [3, 50] })).toThrow(/noiseShape/);
  });

  it("rate 0 is the identity and rate 1 gives zeros", () => {
    const x = randomTensor([3, 4], 4);
    expect(dropout(x, 0, { seed: 1 }).toArray()).toEqual(x.toArray());
    expect([...dropout(x, 1, { seed: 1 }).data].every((v) => v === 0)).toBe(true);
    expect(() => dropout(x, 1.5)).toThrow(/rate/);
    expect(() => dropout(x, -0.1)).toThrow(/rate/);
  });

  it("is stateless with an integer seed and advances a SeedGenerator", () => {
    const x = ops.ones([64], "float32");
    expect(dropout(x, 0.5, { seed: 9 }).toArray()).toEqual(dropout(x, 0.5, { seed: 9 }).toArray());
    const g = new SeedGenerator(9);
    expect(dropout(x, 0.5, { seed: g }).toArray()).not.toEqual(dropout(x, 0.5, { seed: g }).toArray());
  });

  it("keeps float64 inputs in float64 and casts integer inputs to floatx", () => {
    expect(dropout(randomTensor([3], 1), 0.5, { seed: 1 }).dtype).toBe("float64");
    expect(dropout(ops.convertToTensor([1, 2, 3]), 0.5, { seed: 1 }).dtype).toBe("float32");
  });

  it("is differentiable in its inputs (float64 finite differences)", () => {
    for (const [shape, noise] of [[[5, 4], null], [[2, 3, 4], [2, 1, 4]], [[1, 6], [1, null]], [[0, 3], null]] as const) {
      checkGradients((x) => dropout(x, 0.4, { noiseShape: noise as never, seed: 5 }), [randomTensor(shape as unknown as number[], 2)]);
    }
  });
});

describe("shuffle", () => {
  it("permutes the slices along axis 0", () => {
    const x = ops.convertToTensor(Array.from({ length: 50 }, (_, i) => [i, 100 + i]));
    const y = shuffle(x, { seed: 1 }).toArray() as number[][];
    for (const row of y) expect(row[1]).toBe(row[0] + 100);
    expect(y.map((r) => r[0]).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(y.map((r) => r[0])).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it("permutes along another axis and keeps columns together", () => {
    const x = ops.convertToTensor([Array.from({ length: 20 }, (_, i) => i), Array.from({ length: 20 }, (_, i) => -i)]);
    const y = shuffle(x, 1, 3).toArray() as number[][];
    expect(y[1]).toEqual(y[0].map((v) => (v === 0 ? 0 : -v)));
    expect([...y[0]].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(shuffle(x, { axis: -1, seed: 3 }).toArray()).toEqual(y);
  });

  it("is reproducible with an integer seed and rejects bad axes", () => {
    const x = ops.convertToTensor(Array.from({ length: 30 }, (_, i) => i));
    expect(shuffle(x, { seed: 4 }).toArray()).toEqual(shuffle(x, { seed: 4 }).toArray());
    expect(() => shuffle(x, { axis: 1 })).toThrow(/out of bounds/);
  });

  it("routes gradients back to the original positions", () => {
    checkGradients((x) => shuffle(x, { seed: 6 }), [randomTensor([6, 3], 3)]);
    checkGradients((x) => shuffle(x, { axis: 2, seed: 7 }), [randomTensor([2, 3, 5], 4)]);
  });
});
