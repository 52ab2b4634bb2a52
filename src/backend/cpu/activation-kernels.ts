/**
 * Fused activation kernels: one pass over memory instead of the 3 to 8 passes
 * the same formula costs as a chain of elementwise ops. Each derivative kernel
 * ("...Grad") is what the activation's backward pass multiplies the upstream
 * gradient by; the ops record a differentiable second derivative on top of it.
 * Everything is evaluated in double precision and rounded once on store.
 */
import type { TypedArray } from "../../engine/dtype.js";
import { erf, sigmoid, softplus } from "./special-functions.js";

type UnaryLoop = (x: TypedArray, o: TypedArray, n: number) => void;

const INV_SQRT2 = Math.SQRT1_2;
const INV_SQRT_2PI = 0.3989422804014327;
const SQRT_2_OVER_PI = 0.7978845608028654;
const GELU_CUBIC = 0.044715;
const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;

function hardSigmoid(v: number): number {
  const y = v / 6 + 0.5;
  return y <= 0 ? 0 : y >= 1 ? 1 : y;
}

export const ACTIVATIONS = {
  relu6: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.min(Math.max(x[i], 0), 6); },
  hardSigmoid: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = hardSigmoid(x[i]); },
  hardSilu: (x, o, n) => { for (let i = 0; i < n; i++) { const v = x[i]; o[i] = v * hardSigmoid(v); } },
  hardTanh: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.min(Math.max(x[i], -1), 1); },
  softsign: (x, o, n) => { for (let i = 0; i < n; i++) { const v = x[i]; o[i] = v / (1 + Math.abs(v)); } },
  logSigmoid: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = -softplus(-x[i]); },
  silu: (x, o, n) => { for (let i = 0; i < n; i++) { const v = x[i]; o[i] = v * sigmoid(v); } },
  siluGrad: (x, o, n) => {
    for (let i = 0; i < n; i++) { const v = x[i]; const s = sigmoid(v); o[i] = s * (1 + v * (1 - s)); }
  },
  gelu: (x, o, n) => { for (let i = 0; i < n; i++) { const v = x[i]; o[i] = 0.5 * v * (1 + erf(v * INV_SQRT2)); } },
  geluGrad: (x, o, n) => {
    // Phi(v) + v * phi(v)
    for (let i = 0; i < n; i++) {
      const v = x[i];
      o[i] = 0.5 * (1 + erf(v * INV_SQRT2)) + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v);
    }
  },
  geluTanh: (x, o, n) => {
    for (let i = 0; i < n; i++) {
      const v = x[i];
      o[i] = 0.5 * v * (1 + Math.tanh(SQRT_2_OVER_PI * (v + GELU_CUBIC * v * v * v)));
    }
  },
  geluTanhGrad: (x, o, n) => {
    for (let i = 0; i < n; i++) {
      const v = x[i];
      const t = Math.tanh(SQRT_2_OVER_PI * (v + GELU_CUBIC * v * v * v));
      o[i] = 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * SQRT_2_OVER_PI * (1 + 3 * GELU_CUBIC * v * v);
    }
  },
  mish: (x, o, n) => { for (let i = 0; i < n; i++) { const v = x[i]; o[i] = v * Math.tanh(softplus(v)); } },
  mishGrad: (x, o, n) => {
    for (let i = 0; i < n; i++) {
      const v = x[i];
      const t = Math.tanh(softplus(v));
      o[i] = t + v * sigmoid(v) * (1 - t * t);
    }
  },
  sparsePlus: (x, o, n) => {
    for (let i = 0; i < n; i++) { const v = x[i]; o[i] = v <= -1 ? 0 : v >= 1 ? v : 0.25 * (v + 1) * (v + 1); }
  },
  sparseSigmoid: (x, o, n) => {
    for (let i = 0; i < n; i++) { const v = x[i]; o[i] = v <= -1 ? 0 : v >= 1 ? 1 : 0.5 * (v + 1); }
  },
  tanhShrink: (x, o, n) => { for (let i = 0; i < n; i++) { const v = x[i]; o[i] = v - Math.tanh(v); } },
  elu: (x, o, n) => { for (let i = 0; i < n; i++) { const v = x[i]; o[i] = v >= 0 || v !== v ? v : Math.expm1(v); } },
  selu: (x, o, n) => {
    for (let i = 0; i < n; i++) { const v = x[i]; o[i] = v >= 0 || v !== v ? SELU_SCALE * v : SELU_SCALE * SELU_ALPHA * Math.expm1(v); }
  },
} satisfies Record<string, UnaryLoop>;
