/**
 * The cpu `select` kernel (out = cond ? a : b, broadcast) against a reference
 * written here element by element: every output index is mapped back to each
 * operand's index by numpy's broadcasting rule, with no collapsing of dims.
 */
import { describe, expect, it } from "vitest";
import { select } from "../../src/backend/cpu/elementwise.js";
import { rng } from "../utils/gradcheck.js";

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((p, d) => p * d, 1);
}

/** Flat index into an operand of shape `s` (right-aligned, size-1 dims broadcast) for the output multi-index `idx`. */
function operandIndex(idx: readonly number[], s: readonly number[]): number {
  let f = 0;
  const offset = idx.length - s.length;
  for (let i = 0; i < s.length; i++) f = f * s[i] + (s[i] === 1 ? 0 : idx[offset + i]);
  return f;
}

function reference(cond: ArrayLike<number>, cs: number[], a: ArrayLike<number>, as: number[], b: ArrayLike<number>, bs: number[], out: number[]): number[] {
  const res: number[] = [];
  const idx = new Array<number>(out.length).fill(0);
  for (let k = 0; k < sizeOf(out); k++) {
    let rem = k;
    for (let d = out.length - 1; d >= 0; d--) {
      idx[d] = rem % out[d];
      rem = Math.floor(rem / out[d]);
    }
    res.push(cond[operandIndex(idx, cs)] !== 0 ? a[operandIndex(idx, as)] : b[operandIndex(idx, bs)]);
  }
  return res;
}

function randomOperand(shape: number[], seed: number, kind: "cond" | "value"): Float64Array | Uint8Array {
  const r = rng(seed);
  const n = sizeOf(shape);
  if (kind === "cond") return Uint8Array.from({ length: n }, () => (r() < 0.5 ? 1 : 0));
  return Float64Array.from({ length: n }, () => Math.round(r() * 1000) / 10);
}

describe("cpu select kernel", () => {
  // [cond, a, b, out] shapes: same shapes, scalars, short broadcast last dims, rank 4 with broadcasts in every operand.
  const cases: [number[], number[], number[], number[]][] = [
    [[6], [6], [6], [6]],
    [[2, 3], [], [2, 3], [2, 3]],
    [[2, 3], [2, 3], [], [2, 3]],
    [[5, 1], [1, 2], [5, 2], [5, 2]],
    [[7, 2], [2], [7, 1], [7, 2]],
    [[3, 1, 2], [1, 4, 1], [3, 4, 2], [3, 4, 2]],
    [[2, 3, 1, 2], [1, 3, 4, 1], [2, 1, 4, 2], [2, 3, 4, 2]],
    [[1, 1, 1], [4, 1, 3], [1, 5, 1], [4, 5, 3]],
    [[2, 1, 3, 1, 2], [1, 2, 1, 2, 1], [2], [2, 2, 3, 2, 2]],
  ];
  cases.forEach(([cs, as, bs, out], k) => {
    it(`broadcasts cond ${JSON.stringify(cs)}, a ${JSON.stringify(as)}, b ${JSON.stringify(bs)} to ${JSON.stringify(out)}`, () => {
      const cond = randomOperand(cs, 10 + k, "cond");
      const a = randomOperand(as, 20 + k, "value");
      const b = randomOperand(bs, 30 + k, "value").map((v) => -v - 1); // b's values differ from a's in sign
      const got = select(cond, cs, a, as, b, bs, out, "float64");
      expect(Array.from(got)).toEqual(reference(cond, cs, a, as, b, bs, out));
    });
  });

  it("takes a from cond values that are nonzero, whatever their sign or NaN", () => {
    const cond = new Float64Array([0, -0, 2, -1, NaN]);
    const got = select(cond, [5], new Float64Array([1]), [], new Float64Array([9]), [], [5], "float32");
    expect(Array.from(got)).toEqual([9, 9, 1, 1, 1]);
  });

  it("writes its output in the requested dtype and handles empty shapes", () => {
    const got = select(new Uint8Array([1, 0]), [2], new Float64Array([1.5]), [], new Int32Array([7, 8]), [2], [2], "int32");
    expect(got).toBeInstanceOf(Int32Array);
    expect(Array.from(got)).toEqual([1, 8]);
    expect(select(new Uint8Array(0), [0, 3], new Float64Array([1]), [], new Float64Array([2]), [3], [0, 3], "float64").length).toBe(0);
  });
});
