/**
 * `keras.random` samplers: uniform, normal, truncatedNormal, randint, gamma,
 * beta, binomial and categorical. Each draws one key from its `seed` argument
 * (see seed-generator.ts) and fills a typed array from the Philox stream of
 * that key, computing in float64 and storing in the requested dtype.
 */
import { DType, TypedArray, allocate, isFloat, standardizeDType } from "../engine/dtype.js";
import { ValueError } from "../engine/errors.js";
import { checkShape, formatShape, sizeOf } from "../engine/shape.js";
import { Tensor } from "../engine/tensor.js";
import { toTensor } from "../engine/convert.js";
import { floatx } from "../config/settings.js";
import { readOptions } from "../ops/op.js";
import { broadcastTo } from "../ops/shape/broadcast-to.js";
import { PhiloxStream } from "./prng.js";
import { SeedLike, streamFor } from "./seed-generator.js";

type ShapeArg = readonly number[] | number;

function resolveShape(shape: ShapeArg, context: string): number[] {
  return checkShape(typeof shape === "number" ? [shape] : shape, context);
}

function floatDType(dtype: unknown, context: string): DType {
  const dt = dtype === null || dtype === undefined ? floatx() : standardizeDType(dtype, context);
  if (!isFloat(dt)) throw new ValueError(`${context}: \`dtype\` must be a floating point type, received ${String(dtype)}.`);
  return dt;
}

function checkFinite(value: unknown, argName: string, context: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new ValueError(`${context}: argument \`${argName}\` must be a finite number, received ${String(value)}.`);
  }
  return value;
}

/**
 * Stores float64 samples into a float32 array without ever producing `upper`:
 * rounding to float32 can land on an excluded upper bound, so such values step
 * down to the next float32 below it.
 */
function storeBelow(out: TypedArray, i: number, v: number, upper: number): void {
  out[i] = v;
  if (out[i] >= upper) out[i] = nextFloat32Below(upper);
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
/** The largest float32 strictly below `x`. */
function nextFloat32Below(x: number): number {
  f32[0] = x;
  if (f32[0] < x) return f32[0];
  if (f32[0] > 0) u32[0] -= 1; // one ulp toward -infinity: positive floats order like their bits
  else if (f32[0] === 0) return -1.401298464324817e-45;
  else u32[0] += 1;
  return f32[0];
}

type UniformOptions = { minval: number; maxval: number; dtype: DType | string | null; seed: SeedLike };

/** `keras.random.uniform(shape, minval=0, maxval=1, dtype=null, seed=null)`: values in [minval, maxval). */
export function uniform(shape: ShapeArg, ...rest: unknown[]): Tensor {
  const ctx = "random.uniform";
  const o = readOptions<UniformOptions>(ctx, rest, ["minval", "maxval", "dtype", "seed"]);
  const s = resolveShape(shape, ctx);
  const dtype = floatDType(o.dtype, ctx);
  const lo = checkFinite(o.minval ?? 0, "minval", ctx);
  const hi = checkFinite(o.maxval ?? 1, "maxval", ctx);
  const stream = streamFor(o.seed, ctx);
  const out = allocate(dtype, sizeOf(s));
  const width = hi - lo;
  if (dtype === "float32") {
    for (let i = 0; i < out.length; i++) storeBelow(out, i, lo + width * stream.nextFloat24(), hi > lo ? hi : Infinity);
  } else {
    for (let i = 0; i < out.length; i++) out[i] = lo + width * stream.nextFloat53();
  }
  return new Tensor(out, s, dtype);
}

type NormalOptions = { mean: number; stddev: number; dtype: DType | string | null; seed: SeedLike };

/** `keras.random.normal(shape, mean=0, stddev=1, dtype=null, seed=null)`. */
export function normal(shape: ShapeArg, ...rest: unknown[]): Tensor {
  const ctx = "random.normal";
  const o = readOptions<NormalOptions>(ctx, rest, ["mean", "stddev", "dtype", "seed"]);
  const s = resolveShape(shape, ctx);
  const dtype = floatDType(o.dtype, ctx);
  const mean = checkFinite(o.mean ?? 0, "mean", ctx);
  const stddev = checkFinite(o.stddev ?? 1, "stddev", ctx);
  const stream = streamFor(o.seed, ctx);
  const out = allocate(dtype, sizeOf(s));
  for (let i = 0; i < out.length; i++) out[i] = mean + stddev * stream.nextNormal();
  return new Tensor(out, s, dtype);
}

/**
 * `keras.random.truncatedNormal(shape, mean=0, stddev=1, dtype=null, seed=null)`:
 * normal values, with any value more than two standard deviations from the
 * mean discarded and drawn again.
 */
export function truncatedNormal(shape: ShapeArg, ...rest: unknown[]): Tensor {
  const ctx = "random.truncatedNormal";
  const o = readOptions<NormalOptions>(ctx, rest, ["mean", "stddev", "dtype", "seed"]);
  const s = resolveShape(shape, ctx);
  const dtype = floatDType(o.dtype, ctx);
  const mean = checkFinite(o.mean ?? 0, "mean", ctx);
  const stddev = checkFinite(o.stddev ?? 1, "stddev", ctx);
  const stream = streamFor(o.seed, ctx);
  const out = allocate(dtype, sizeOf(s));
  for (let i = 0; i < out.length; i++) {
    let z = stream.nextNormal();
    while (z < -2 || z > 2) z = stream.nextNormal(); // accepts ~95.4%: a few redraws at most
    out[i] = mean + stddev * z;
  }
  return new Tensor(out, s, dtype);
}

type RandintOptions = { dtype: DType | string; seed: SeedLike };

/** `keras.random.randint(shape, minval, maxval, dtype="int32", seed=null)`: integers in [minval, maxval). */
export function randint(shape: ShapeArg, minval: number, maxval: number, ...rest: unknown[]): Tensor {
  const ctx = "random.randint";
  const o = readOptions<RandintOptions>(ctx, rest, ["dtype", "seed"]);
  const s = resolveShape(shape, ctx);
  const dtype = standardizeDType(o.dtype ?? "int32", ctx);
  if (dtype === "bool") throw new ValueError(`${ctx}: \`dtype\` must be an integer or float type, received bool.`);
  if (!Number.isInteger(minval) || !Number.isInteger(maxval)) {
    throw new ValueError(`${ctx}: \`minval\` and \`maxval\` must be integers, received minval=${String(minval)}, maxval=${String(maxval)}.`);
  }
  if (maxval <= minval) throw new ValueError(`${ctx}: \`maxval\` must be greater than \`minval\`, received minval=${minval}, maxval=${maxval}.`);
  const range = maxval - minval;
  if (range > 4294967296) throw new ValueError(`${ctx}: the range maxval - minval must be at most 2^32, received ${range}.`);
  const stream = streamFor(o.seed, ctx);
  const out = allocate(dtype, sizeOf(s));
  for (let i = 0; i < out.length; i++) out[i] = minval + stream.nextBelow(range);
  return new Tensor(out, s, dtype);
}

/** A standard Gamma(alpha, 1) sample: Marsaglia & Tsang (2000), with the alpha < 1 boost u^(1/alpha). */
function sampleGamma(stream: PhiloxStream, alpha: number): number {
  const boost = alpha < 1;
  const a = boost ? alpha + 1 : alpha;
  const d = a - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  let v: number;
  for (;;) {
    let x: number;
    do {
      x = stream.nextNormal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - stream.nextFloat53();
    if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) break;
  }
  let g = d * v;
  if (boost) g *= Math.pow(1 - stream.nextFloat53(), 1 / alpha);
  return g;
}

/** Per-element parameter values: a number, or a tensor broadcast to `shape`. */
function parameterValues(value: unknown, shape: number[], argName: string, context: string): Float64Array {
  const n = sizeOf(shape);
  if (typeof value === "number") return new Float64Array(n).fill(value);
  const t = toTensor(value, "float64", context);
  let b: Tensor;
  try {
    b = broadcastTo(t, shape);
  } catch {
    throw new ValueError(`${context}: \`${argName}\` of shape ${formatShape(t.shape)} does not broadcast to shape ${formatShape(shape)}.`);
  }
  return Float64Array.from(b.data);
}

type GammaOptions = { dtype: DType | string | null; seed: SeedLike };

/** `keras.random.gamma(shape, alpha, dtype=null, seed=null)`: Gamma(alpha, scale 1) samples. */
export function gamma(shape: ShapeArg, alpha: unknown, ...rest: unknown[]): Tensor {
  const ctx = "random.gamma";
  const o = readOptions<GammaOptions>(ctx, rest, ["dtype", "seed"]);
  const s = resolveShape(shape, ctx);
  const dtype = floatDType(o.dtype, ctx);
  const alphas = parameterValues(alpha, s, "alpha", ctx);
  for (const a of alphas) if (!(a > 0)) throw new ValueError(`${ctx}: \`alpha\` must be positive, received ${a}.`);
  const stream = streamFor(o.seed, ctx);
  const out = allocate(dtype, alphas.length);
  for (let i = 0; i < out.length; i++) out[i] = sampleGamma(stream, alphas[i]);
  return new Tensor(out, s, dtype);
}

/** `keras.random.beta(shape, alpha, beta, dtype=null, seed=null)`: X / (X + Y) with X ~ Gamma(alpha), Y ~ Gamma(beta). */
export function beta(shape: ShapeArg, alpha: unknown, betaParam: unknown, ...rest: unknown[]): Tensor {
  const ctx = "random.beta";
  const o = readOptions<GammaOptions>(ctx, rest, ["dtype", "seed"]);
  const s = resolveShape(shape, ctx);
  const dtype = floatDType(o.dtype, ctx);
  const alphas = parameterValues(alpha, s, "alpha", ctx);
  const betas = parameterValues(betaParam, s, "beta", ctx);
  for (let i = 0; i < alphas.length; i++) {
    if (!(alphas[i] > 0) || !(betas[i] > 0)) throw new ValueError(`${ctx}: \`alpha\` and \`beta\` must be positive, received ${alphas[i]} and ${betas[i]}.`);
  }
  const stream = streamFor(o.seed, ctx);
  const out = allocate(dtype, alphas.length);
  for (let i = 0; i < out.length; i++) {
    const x = sampleGamma(stream, alphas[i]);
    const y = sampleGamma(stream, betas[i]);
    out[i] = x / (x + y);
  }
  return new Tensor(out, s, dtype);
}

/**
 * Binomial(n, p) by the waiting-time method: the number of geometric jumps
 * that fit into n trials (exact; expected O(n * min(p, 1 - p)) steps).
 */
function sampleBinomial(stream: PhiloxStream, n: number, p: number): number {
  if (n === 0 || p === 0) return 0;
  if (p === 1) return n;
  const flip = p > 0.5;
  const q = flip ? 1 - p : p;
  const logQ = Math.log1p(-q);
  let successes = 0;
  let trials = 0;
  for (;;) {
    trials += Math.floor(Math.log(1 - stream.nextFloat53()) / logQ) + 1;
    if (trials > n) break;
    successes++;
  }
  return flip ? n - successes : successes;
}

type BinomialOptions = { dtype: DType | string | null; seed: SeedLike };

/** `keras.random.binomial(shape, counts, probabilities, dtype=null, seed=null)`: float counts of successes. */
export function binomial(shape: ShapeArg, counts: unknown, probabilities: unknown, ...rest: unknown[]): Tensor {
  const ctx = "random.binomial";
  const o = readOptions<BinomialOptions>(ctx, rest, ["dtype", "seed"]);
  const s = resolveShape(shape, ctx);
  const dtype = floatDType(o.dtype, ctx);
  const ns = parameterValues(counts, s, "counts", ctx);
  const ps = parameterValues(probabilities, s, "probabilities", ctx);
  for (let i = 0; i < ns.length; i++) {
    if (!(Number.isInteger(ns[i]) && ns[i] >= 0)) throw new ValueError(`${ctx}: \`counts\` must be non-negative integers, received ${ns[i]}.`);
    if (!(ps[i] >= 0 && ps[i] <= 1)) throw new ValueError(`${ctx}: \`probabilities\` must lie in [0, 1], received ${ps[i]}.`);
  }
  const stream = streamFor(o.seed, ctx);
  const out = allocate(dtype, ns.length);
  for (let i = 0; i < out.length; i++) out[i] = sampleBinomial(stream, ns[i], ps[i]);
  return new Tensor(out, s, dtype);
}

type CategoricalOptions = { dtype: DType | string; seed: SeedLike };

/**
 * `keras.random.categorical(logits, numSamples, dtype="int32", seed=null)`:
 * for each row of the (batch, classes) `logits`, `numSamples` class indices
 * drawn with probabilities softmax(row). Output shape (batch, numSamples).
 */
export function categorical(logits: unknown, numSamples: number, ...rest: unknown[]): Tensor {
  const ctx = "random.categorical";
  const o = readOptions<CategoricalOptions>(ctx, rest, ["dtype", "seed"]);
  const t = toTensor(logits, undefined, ctx);
  if (t.rank !== 2) {
    throw new ValueError(`${ctx}: \`logits\` should be a 2-D tensor with shape [batch_size, num_classes]. Received: logits.shape=${formatShape(t.shape)}`);
  }
  if (!Number.isInteger(numSamples) || numSamples < 0) {
    throw new ValueError(`${ctx}: \`numSamples\` must be a non-negative integer, received ${String(numSamples)}.`);
  }
  const dtype = standardizeDType(o.dtype ?? "int32", ctx);
  const [batch, classes] = t.shape;
  if (classes === 0 && numSamples > 0) throw new ValueError(`${ctx}: \`logits\` has no classes to sample from.`);
  const stream = streamFor(o.seed, ctx);
  const out = allocate(dtype, batch * numSamples);
  const cdf = new Float64Array(classes);
  for (let b = 0; b < batch; b++) {
    // Cumulative unnormalised probabilities exp(logit - max): stable for any logit scale.
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, t.data[b * classes + c]);
    let total = 0;
    for (let c = 0; c < classes; c++) {
      total += max === -Infinity ? 0 : Math.exp(t.data[b * classes + c] - max);
      cdf[c] = total;
    }
    if (!(total > 0) || !Number.isFinite(total)) {
      throw new ValueError(`${ctx}: row ${b} of \`logits\` gives no valid probabilities (all -inf or NaN).`);
    }
    for (let k = 0; k < numSamples; k++) {
      const u = stream.nextFloat53() * total;
      let lo = 0;
      let hi = classes - 1; // binary search for the first cdf entry > u
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cdf[mid] > u) hi = mid;
        else lo = mid + 1;
      }
      out[b * numSamples + k] = lo;
    }
  }
  return new Tensor(out, [batch, numSamples], dtype);
}
