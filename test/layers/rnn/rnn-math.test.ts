/** The gate-loop exp / sigmoid / tanh of the cpu RNN kernels against Math's, over their whole range. */
import { describe, expect, it } from "vitest";
import { exp, sigmoid, tanh } from "../../../src/backend/cpu/rnn-math.js";
import { rng } from "../../utils/gradcheck.js";

function worstRelative(f: (x: number) => number, ref: (x: number) => number, scale: number, seed: number): number {
  const r = rng(seed);
  let worst = 0;
  for (let i = 0; i < 200_000; i++) {
    const x = (r() * 2 - 1) * scale;
    const e = ref(x);
    if (e !== 0 && Number.isFinite(e) && Math.abs(e) > 2.3e-308) worst = Math.max(worst, Math.abs(f(x) - e) / Math.abs(e));
  }
  return worst;
}

describe("rnn-math", () => {
  for (const scale of [0.02, 1, 30, 750]) {
    it(`agrees with Math to double precision on [-${scale}, ${scale}]`, () => {
      expect(worstRelative(exp, Math.exp, scale, 1)).toBeLessThan(1e-15);
      expect(worstRelative(sigmoid, (x) => 1 / (1 + Math.exp(-x)), scale, 2)).toBeLessThan(1e-15);
      expect(worstRelative(tanh, Math.tanh, scale, 3)).toBeLessThan(2e-14);
    });
  }

  it("keeps the edge cases of Math", () => {
    expect(exp(NaN)).toBeNaN();
    expect(tanh(NaN)).toBeNaN();
    expect(sigmoid(NaN)).toBeNaN();
    expect([exp(Infinity), exp(-Infinity), exp(710), exp(-745), exp(0)]).toEqual([Infinity, 0, Math.exp(710), Math.exp(-745), 1]);
    expect([tanh(800), tanh(-800), tanh(Infinity), tanh(-Infinity)]).toEqual([1, -1, 1, -1]);
    expect(Object.is(tanh(-0), -0)).toBe(true);
    expect(tanh(1e-300)).toBe(1e-300);
    expect([sigmoid(800), sigmoid(-800), sigmoid(0)]).toEqual([1, 0, 0.5]);
    // Just inside the fast range, next to the Math.exp fallback.
    for (const x of [707.9, -707.9, 707.999, -707.999]) expect(Math.abs(exp(x) - Math.exp(x)) / Math.exp(x)).toBeLessThan(1e-15);
  });
});
