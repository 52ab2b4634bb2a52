/**
 * The approximate-quantile summaries behind `Discretization.adapt`, as in
 * Keras (keras/src/layers/preprocessing/discretization.py): a summary is a
 * pair of rows [values, weights]; each batch is summarised by sampling
 * about 1 / epsilon of its sorted values, summaries are merged and then
 * compressed by interpolating the cumulative weight fractions. This is
 * host-side statistics over plain numbers, run once by `adapt`, never part of
 * a forward pass.
 */

export interface QuantileSummary {
  values: number[];
  weights: number[];
}

export function emptySummary(): QuantileSummary {
  return { values: [], weights: [] };
}

/** numpy's `interp(x, xp, fp)` for increasing xp: clamped at both ends. */
function interp(x: number, xp: readonly number[], fp: readonly number[]): number {
  const n = xp.length;
  if (x >= xp[n - 1]) return fp[n - 1];
  if (x < xp[0]) return fp[0];
  // The largest j with xp[j] <= x (so xp[j] <= x < xp[j + 1]).
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xp[mid] <= x) lo = mid;
    else hi = mid;
  }
  if (xp[lo] === x) return fp[lo];
  const slope = (fp[lo + 1] - fp[lo]) / (xp[lo + 1] - xp[lo]);
  return slope * (x - xp[lo]) + fp[lo];
}

/** Summarises one batch: every step-th sorted value, each weighing `step`. */
export function summarize(data: ArrayLike<number>, epsilon: number): QuantileSummary {
  const sorted = Float32Array.from(data).sort();
  const elements = sorted.length;
  const increment = elements / (1 / epsilon);
  const step = Math.max(increment, 1);
  const stride = Math.trunc(step);
  const values: number[] = [];
  for (let i = Math.trunc(increment); i < elements; i += stride) values.push(sorted[i]);
  return { values, weights: values.map(() => step) };
}

/** Keeps the summary within `epsilon` accuracy (values interpolated at the 1 / epsilon quantiles). */
export function compressSummary(summary: QuantileSummary, epsilon: number): QuantileSummary {
  const n = summary.values.length;
  if (n * epsilon < 1) return summary;
  const percents: number[] = [];
  // numpy: epsilon + arange(0.0, 1.0, epsilon), with arange's length ceil(1 / epsilon).
  const count = Math.ceil(1 / epsilon);
  for (let i = 0; i < count; i++) percents.push(epsilon + i * epsilon);
  const cum: number[] = [];
  let acc = 0;
  for (const w of summary.weights) cum.push((acc += w));
  const fractions = cum.map((c) => c / acc);
  const newValues = percents.map((p) => Math.fround(interp(p, fractions, summary.values)));
  const newCum = percents.map((p) => interp(p, fractions, cum));
  const newWeights = newCum.map((c, i) => Math.fround(c - (i === 0 ? 0 : newCum[i - 1])));
  return { values: newValues, weights: newWeights };
}

/** Merges two summaries (sorted by value) and compresses the result. */
export function mergeSummaries(a: QuantileSummary, b: QuantileSummary, epsilon: number): QuantileSummary {
  const pairs = [...a.values.map((v, i) => [v, a.weights[i]]), ...b.values.map((v, i) => [v, b.weights[i]])];
  pairs.sort((p, q) => p[0] - q[0]);
  return compressSummary({ values: pairs.map((p) => p[0]), weights: pairs.map((p) => p[1]) }, epsilon);
}

/** The `numBins - 1` inner bin boundaries of a summary. */
export function binBoundaries(summary: QuantileSummary, numBins: number): number[] {
  return compressSummary(summary, 1 / numBins).values.slice(0, -1);
}
