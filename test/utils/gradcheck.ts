/**
 * Finite-difference gradient checking in float64, used by every op's tests.
 *
 * `checkGradients(f, inputs)` computes L = sum(f(inputs) * w) for a fixed
 * random cotangent w, gets dL/dinput from the tape, and compares each entry
 * with the central difference (L(x + h) - L(x - h)) / 2h.
 */
import { expect } from "vitest";
import { GradientTape, Tensor, ops } from "../../src/index.js";

/** Deterministic pseudo-random numbers for tests (mulberry32). */
export function rng(seed = 1): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A float64 tensor of `shape` with uniform values in [lo, hi). */
export function randomTensor(shape: number[], seed = 1, lo = -1, hi = 1): Tensor {
  const r = rng(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(size);
  for (let i = 0; i < size; i++) data[i] = lo + (hi - lo) * r();
  return new Tensor(data, shape, "float64");
}

export interface GradCheckOptions {
  /** Finite-difference step. */
  h?: number;
  /** Max allowed |analytic - numeric| / max(1, |numeric|). */
  tol?: number;
  /** Check at most this many entries per input (spread over the tensor). */
  maxEntries?: number;
  seed?: number;
}

function weightedSum(y: Tensor, w: Tensor): number {
  let s = 0;
  for (let i = 0; i < y.size; i++) s += y.data[i] * w.data[i];
  return s;
}

export function checkGradients(f: (...xs: Tensor[]) => Tensor, inputs: Tensor[], options: GradCheckOptions = {}): void {
  const h = options.h ?? 1e-6;
  const tol = options.tol ?? 1e-6;
  const maxEntries = options.maxEntries ?? 40;
  const y0 = f(...inputs);
  const w = randomTensor(y0.shape.slice(), options.seed ?? 7, 0.5, 1.5);
  const tape = new GradientTape();
  tape.watch(inputs);
  const loss = tape.record(() => ops.sum(ops.multiply(f(...inputs), w)));
  const grads = tape.gradient(loss, inputs);
  expect(Math.abs(loss.item() - weightedSum(y0, w))).toBeLessThan(1e-9 * Math.max(1, Math.abs(loss.item())));
  inputs.forEach((x, k) => {
    const g = grads[k]!;
    expect(g.shape).toEqual(x.shape);
    const stride = Math.max(1, Math.floor(x.size / maxEntries));
    for (let i = 0; i < x.size; i += stride) {
      const plus = x.data.slice() as Float64Array;
      const minus = x.data.slice() as Float64Array;
      plus[i] += h;
      minus[i] -= h;
      const args = (d: Float64Array) => inputs.map((t, j) => (j === k ? new Tensor(d, t.shape, "float64") : t));
      const numeric = (weightedSum(f(...args(plus)), w) - weightedSum(f(...args(minus)), w)) / (2 * h);
      const analytic = g.data[i];
      const err = Math.abs(analytic - numeric) / Math.max(1, Math.abs(numeric));
      if (!(err <= tol)) {
        throw new Error(`gradient mismatch for input ${k} at flat index ${i}: analytic ${analytic}, numeric ${numeric} (rel err ${err})`);
      }
    }
  });
}

/** Elementwise closeness: |a - b| <= atol + rtol * |b|. */
export function expectClose(actual: Tensor | ArrayLike<number>, expected: ArrayLike<number>, rtol = 1e-5, atol = 1e-6): void {
  const a = actual instanceof Tensor ? actual.data : actual;
  expect(a.length).toBe(expected.length);
  for (let i = 0; i < a.length; i++) {
    const e = expected[i];
    const v = a[i];
    if (Number.isNaN(e)) {
      expect(Number.isNaN(v), `index ${i}: expected NaN, got ${v}`).toBe(true);
      continue;
    }
    if (!(Math.abs(v - e) <= atol + rtol * Math.abs(e))) {
      throw new Error(`value mismatch at flat index ${i}: got ${v}, expected ${e}`);
    }
  }
}
