import { describe, expect, it } from "vitest";
import { ops } from "../../src/index.js";

describe("floor division kernel", () => {
  it("matches Python's // near exact multiples (quotient from the fmod remainder)", () => {
    const a = ops.convertToTensor([1.0, -1.0, 7, -7, 5.5, 0.3], "float64");
    const b = ops.convertToTensor([0.1, 0.1, 2, 2, -2, 0.1], "float64");
    // Python: 1.0 // 0.1 == 9.0, -1.0 // 0.1 == -10.0, 5.5 // -2 == -3.0, 0.3 // 0.1 == 2.0
    expect(ops.floorDivide(a, b).toArray()).toEqual([9, -10, 3, -4, -3, 2]);
  });

  it("keeps a == b * (a // b) + a % b", () => {
    const a = ops.convertToTensor([1.0, -1.0, 2.5, -3.75, 10], "float64");
    const b = ops.convertToTensor([0.1, 0.3, -0.7, 0.25, 3], "float64");
    const back = ops.add(ops.multiply(b, ops.floorDivide(a, b)), ops.mod(a, b)).dataSync();
    const av = a.dataSync();
    for (let i = 0; i < av.length; i++) expect(Math.abs(back[i] - av[i])).toBeLessThan(1e-12);
  });
});
