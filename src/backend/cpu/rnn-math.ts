/**
 * exp, sigmoid and tanh for the recurrent gate loops, where they are most of
 * the non-matmul time. V8's Math.exp / Math.tanh are general library calls;
 * these inline into the loops and run about twice as fast at full double
 * accuracy (relative error ~2e-16 for exp and sigmoid, ~3e-15 for tanh; near 0
 * tanh uses its Taylor series, where the exp formula would cancel).
 *
 * exp(x) = 2^k · e^r with k = round(x / ln 2) and r = x - k ln 2 (Cody–Waite,
 * |r| <= 0.35), e^r by its Taylor polynomial of degree 13 (remainder < 1e-17),
 * 2^k built directly in the exponent bits. Outside (-708, 708), and for NaN,
 * Math.exp handles the overflow / subnormal cases.
 */
const bits = new Float64Array(1);
const words = new Int32Array(bits.buffer);
bits[0] = 2;
/** Index of the high (exponent) word of a double: 1 on little-endian machines. */
const HI = words[1] === 0x40000000 ? 1 : 0;
const LO = 1 - HI;

const LOG2E = 1.4426950408889634;
const LN2_HI = 0.6931471803691238; // ln 2 split so k * LN2_HI is exact
const LN2_LO = 1.9082149292705877e-10;

/** 1 / n! for n = 0..13. */
const C = Float64Array.from({ length: 14 }, (_, n) => {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return 1 / f;
});

export function exp(x: number): number {
  if (!(x < 708 && x > -708)) return Math.exp(x);
  const k = Math.round(x * LOG2E);
  const r = x - k * LN2_HI - k * LN2_LO;
  // Horner's rule for sum_{n<=13} r^n / n!
  let p = C[13];
  for (let n = 12; n >= 0; n--) p = p * r + C[n];
  words[LO] = 0;
  words[HI] = (k + 1023) << 20;
  return p * bits[0];
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
