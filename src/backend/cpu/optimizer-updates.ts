/**
 * Fused optimizer updates: one pass over a variable and its slots instead of
 * a dozen elementwise ops, each allocating a full-size temporary. Adam's
 * op-by-op update is about a fifth of an MLP training step; this is one loop.
 *
 * The float32 loop rounds after every operation (Math.fround), in the order
 * src/optimizers/adam.ts applies the ops, so the fused result is bit-for-bit
 * the op-by-op result (float64 arithmetic rounded to float32 after each +, -,
 * *, / or sqrt equals float32 arithmetic).
 */
import type { AdamCoefficients, AdamState } from "../backend.js";
import type { DType, TypedArray } from "../../engine/dtype.js";

export function adamUpdate(state: AdamState, gradient: TypedArray, coefficients: AdamCoefficients, dtype: DType): AdamState {
  const n = gradient.length;
  const Array_ = dtype === "float32" ? Float32Array : Float64Array;
  const out: AdamState = {
    variable: new Array_(n),
    momentum: new Array_(n),
    velocity: new Array_(n),
    velocityHat: state.velocityHat === null ? null : new Array_(n),
  };
  if (dtype === "float32") adamFloat32(state, gradient, coefficients, out);
  else adamFloat64(state, gradient, coefficients, out);
  return out;
}

function adamFloat32(state: AdamState, g: TypedArray, c: AdamCoefficients, out: AdamState): void {
  const f = Math.fround;
  const { variable: w, momentum: m, velocity: v, velocityHat: vHat } = state;
  const { variable: wOut, momentum: mOut, velocity: vOut, velocityHat: vHatOut } = out;
  const oneMinusBeta1 = f(1 - c.beta1);
  const oneMinusBeta2 = f(1 - c.beta2);
  const alpha = f(c.alpha);
  const epsilon = f(c.epsilon);
  for (let i = 0; i < g.length; i++) {
    const gi = g[i];
    const mi = f(m[i] + f(f(gi - m[i]) * oneMinusBeta1));
    let vi = f(v[i] + f(f(f(gi * gi) - v[i]) * oneMinusBeta2));
    mOut[i] = mi;
    vOut[i] = vi;
    if (vHat !== null) {
      vi = Math.max(vHat[i], vi);
      vHatOut![i] = vi;
    }
    wOut[i] = f(w[i] - f(f(mi * alpha) / f(f(Math.sqrt(vi)) + epsilon)));
  }
}

function adamFloat64(state: AdamState, g: TypedArray, c: AdamCoefficients, out: AdamState): void {
  const { variable: w, momentum: m, velocity: v, velocityHat: vHat } = state;
  const { variable: wOut, momentum: mOut, velocity: vOut, velocityHat: vHatOut } = out;
  const oneMinusBeta1 = 1 - c.beta1;
  const oneMinusBeta2 = 1 - c.beta2;
  const { alpha, epsilon } = c;
  for (let i = 0; i < g.length; i++) {
    const gi = g[i];
    const mi = m[i] + (gi - m[i]) * oneMinusBeta1;
    let vi = v[i] + (gi * gi - v[i]) * oneMinusBeta2;
    mOut[i] = mi;
    vOut[i] = vi;
    if (vHat !== null) {
      vi = Math.max(vHat[i], vi);
      vHatOut![i] = vi;
    }
    wOut[i] = w[i] - (mi * alpha) / (Math.sqrt(vi) + epsilon);
  }
}
