/**
 * exp, sigmoid and tanh for the recurrent gate loops, where they are most of
 * the non-matmul time. V8's Math.exp / Math.tanh are general library calls;
 * these inline into the loops and run about twice as fast at full double
 * accuracy (relative error ~2e-16 for exp and sigmoid, ~3e-15 for tanh; near 0
 * tanh uses its Taylor series, where the exp formula would cancel).
 *
 * exp(x) = 2^n · 2^(j/64) · e^r with k = round(64 x / ln 2) = 64 n + j and
 * r = x - k ln2/64 (Cody–Waite, ln2/64 split so k · hi is exact; |r| <= 0.0055),
 * e^r by its Taylor polynomial of degree 5 (remainder < 4e-17), 2^(j/64) and
 * 2^n from tables. The function stays small enough for V8 to inline it.
 * Outside (-708, 708), and for NaN, Math.exp handles overflow and subnormals.
 */
const INV_LN2_64 = 92.33248261689366; // 64 / ln 2
const LN2_64_HI = 0.010830424696223417; // ln2/64 rounded to a multiple of 2^-42: k * hi is exact
const LN2_64_LO = 2.572804622327669e-14; // ln2/64 - hi
/** 2^(j/64) for j in [0, 64). */
const EXP2_FRACTION = Float64Array.from({ length: 64 }, (_, j) => Math.pow(2, j / 64));
/** 2^n for n in [-1022, 1023], at index n + 1022. */
const POW2 = Float64Array.from({ length: 2046 }, (_, i) => Math.pow(2, i - 1022));

export function exp(x: number): number {
  if (!(x < 708 && x > -708)) return Math.exp(x);
  const k = Math.round(x * INV_LN2_64);
  const r = x - k * LN2_64_HI - k * LN2_64_LO;
  const p = 1 + r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120)))));
  return p * EXP2_FRACTION[k & 63] * POW2[(k >> 6) + 1022];
}

export function sigmoid(x: number): number {
  return 1 / (1 + exp(-x));
}

export function tanh(x: number): number {
  const a = x < 0 ? -x : x;
  if (a < 0.03) {
    // 1 - 2 / (e^2x + 1) would cancel here; the series is exact to double precision (next term < 1e-18 relative).
    const x2 = x * x;
    return x * (1 - x2 * (1 / 3 - x2 * (2 / 15 - x2 * (17 / 315 - x2 * (62 / 2835)))));
  }
  const t = 1 - 2 / (exp(2 * a) + 1);
  return x < 0 ? -t : t;
}

/** a[i] = sigmoid(a[i]) for i in [from, to): a small loop, so exp inlines into it. */
export function sigmoidRange(a: Float64Array, from: number, to: number): void {
  for (let i = from; i < to; i++) a[i] = sigmoid(a[i]);
}

/** dst[dstFrom + i] = tanh(src[from + i]) for i < n (src and dst may be the same array). */
export function tanhRange(src: Float64Array, from: number, dst: Float64Array, dstFrom: number, n: number): void {
  for (let i = 0; i < n; i++) dst[dstFrom + i] = tanh(src[from + i]);
}
