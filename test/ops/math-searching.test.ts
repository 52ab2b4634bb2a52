import { describe, expect, it } from "vitest";
import { ops } from "../../src/index.js";
import { checkGradients, randomTensor, rng } from "../utils/gradcheck.js";

const t = (v: unknown, dtype = "float32") => ops.convertToTensor(v as never, dtype);

/** Insertion point by a linear scan: the definition. */
function scan(seq: number[], v: number, side: "left" | "right"): number {
  let i = 0;
  while (i < seq.length && (side === "left" ? seq[i] < v : seq[i] <= v)) i++;
  return i;
}

describe("searchsorted", () => {
  it("left and right insertion points, N-D values, int32 output", () => {
    const seq = t([1, 2, 2, 3]);
    const out = ops.searchsorted(seq, t([0, 2, 2.5, 3, 4]));
    expect(out.dtype).toBe("int32");
    expect(out.toArray()).toEqual([0, 1, 3, 3, 4]);
    expect(ops.searchsorted(seq, t([[0, 2], [2.5, 3]]), "right").toArray()).toEqual([[0, 3], [3, 4]]);
    expect(ops.searchsorted(seq, t([2, 2]), { side: "right" }).toArray()).toEqual([3, 3]);
    expect(ops.searchsorted(ops.convertToTensor([1, 5, 9]), 5).toArray()).toBe(1);
    expect(ops.searchsorted(t([]), t([1, 2])).toArray()).toEqual([0, 0]);
  });

  it("agrees with a linear scan on random data with many ties", () => {
    const r = rng(5);
    const seq = Array.from({ length: 40 }, () => Math.floor(r() * 10)).sort((a, b) => a - b);
    const values = Array.from({ length: 60 }, () => Math.floor(r() * 12) - 1);
    for (const side of ["left", "right"] as const) {
      expect(ops.searchsorted(ops.convertToTensor(seq), ops.convertToTensor(values), side).toArray()).toEqual(values.map((v) => scan(seq, v, side)));
    }
  });

  it("places NaN last, as numpy", () => {
    expect(ops.searchsorted(t([1, 2, NaN]), t([NaN, 3])).toArray()).toEqual([2, 2]);
    expect(ops.searchsorted(t([1, 2, NaN]), t([NaN]), "right").toArray()).toEqual([3]);
  });

  it("rejects N-D sequences and a bad side", () => {
    expect(() => ops.searchsorted(t([[1, 2]]), t([1]))).toThrow(/`searchsorted` only supports 1-D sorted sequences/);
    expect(() => ops.searchsorted(t([1, 2]), t([1]), "middle" as never)).toThrow(/`side` must be either 'left' or 'right'/);
  });
});

describe("digitize", () => {
  it("bins increasing and decreasing edges like numpy (right=False)", () => {
    const x = t([0.2, 6.4, 3.0, 1.6]);
    expect(ops.digitize(x, t([0.0, 1.0, 2.5, 4.0, 10.0])).toArray()).toEqual([1, 4, 3, 2]);
    expect(ops.digitize(x, t([10.0, 4.0, 2.5, 1.0, 0.0])).toArray()).toEqual([4, 1, 2, 3]);
    // Values equal to an edge go to the bin on its right (increasing) / left (decreasing).
    expect(ops.digitize(t([1, 2, 3]), t([1, 2, 3])).toArray()).toEqual([1, 2, 3]);
    expect(ops.digitize(t([1, 2, 3]), t([3, 2, 1])).toArray()).toEqual([2, 1, 0]);
    expect(ops.digitize(t([[-1, 5]]), t([0])).toArray()).toEqual([[0, 1]]);
    expect(ops.digitize(t([1]), t([0])).dtype).toBe("int32");
  });

  it("rejects non-monotonic or non-1-D bins", () => {
    expect(() => ops.digitize(t([1]), t([1, 3, 2]))).toThrow(/bins must be monotonically increasing or decreasing/);
    expect(() => ops.digitize(t([1]), t([[1, 2]]))).toThrow(/`bins` must be 1-D/);
  });
});

describe("bincount", () => {
  it("counts occurrences, with minlength, weights and 2-D rows", () => {
    const c = ops.bincount(ops.convertToTensor([0, 1, 1, 3, 2, 1, 7]));
    expect(c.dtype).toBe("int32");
    expect(c.toArray()).toEqual([1, 3, 1, 1, 0, 0, 0, 1]);
    expect(ops.bincount(ops.convertToTensor([1, 1]), { minlength: 4 }).toArray()).toEqual([0, 2, 0, 0]);
    const w = ops.bincount(ops.convertToTensor([0, 1, 1, 2]), t([0.5, 1, 2, 4]));
    expect(w.dtype).toBe("float32");
    expect(w.toArray()).toEqual([0.5, 3, 4]);
    expect(ops.bincount(ops.convertToTensor([[0, 1], [2, 2]]), null, 4).toArray()).toEqual([[1, 1, 0, 0], [0, 0, 2, 0]]);
    expect(ops.bincount(ops.convertToTensor([], "int32")).toArray()).toEqual([]);
  });

  it("rejects negative values, bad ranks, mismatched weights and sparse", () => {
    expect(() => ops.bincount(ops.convertToTensor([1, -1]))).toThrow(/must have no negative elements/);
    expect(() => ops.bincount(ops.zeros([1, 1, 1], "int32"))).toThrow(/must be 1-D or 2-D/);
    expect(() => ops.bincount(ops.convertToTensor([1, 2]), t([1]))).toThrow(/weights must have the shape of x/);
    expect(() => ops.bincount(t([0.5]))).toThrow(/must hold integers/);
    expect(() => ops.bincount(ops.convertToTensor([1]), { sparse: true })).toThrow(/sparse=true is not supported/);
  });

  it("is differentiable in the weights", () => {
    const ids = ops.convertToTensor([[0, 2, 2], [1, 1, 0]]);
    checkGradients((w) => ops.bincount(ids, w), [randomTensor([2, 3], 9)]);
  });
});
