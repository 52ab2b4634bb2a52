/**
 * Benchmark harness: named cases, each with an `ours` (keras-ts) and a `tfjs`
 * implementation; the tfjs one runs once on the tfjs cpu backend and once on
 * the tfjs wasm backend.
 *
 * This machine's speed swings by up to 2x from one second to the next, so the
 * three implementations of a case are timed round-robin (ours, tfjs-cpu,
 * tfjs-wasm, then the next round starting one further along) and reported as
 * min and median over the rounds: the ratios then compare runs made under the
 * same conditions.
 */
import type * as TF from "@tensorflow/tfjs";
import { errors } from "../src/index.js";

export type Tf = typeof TF;

/** What one run produced, for the cross-check between implementations: one array per output. */
export type Outputs = ArrayLike<number>[];

export interface Impl {
  /** One timed run. Must leave the result fully computed (tfjs: dataSync) and return it. */
  run(): Outputs;
  /** Frees what setup allocated (tfjs tensors). */
  dispose?(): void;
}

export interface BenchCase {
  /** Family shown as a table section: "matmul", "conv", ... */
  group: string;
  name: string;
  /** Floating-point operations of one run, when GFLOP/s means something. */
  flops?: number;
  /** Builds inputs and returns the run; may throw NotImplementedError (reported as "not implemented yet"). */
  ours(): Impl;
  /** Builds inputs on the active tfjs backend and returns the run. */
  tfjs(tf: Tf): Impl;
  /** Largest accepted |ours - tfjs| / max|tfjs| in the cross-check (default 1e-4). */
  tolerance?: number;
}

export type ImplName = "ours" | "tfjs-cpu" | "tfjs-wasm";
export const IMPL_NAMES: ImplName[] = ["ours", "tfjs-cpu", "tfjs-wasm"];

/** Per implementation: timings, or why there are none. */
export type ImplResult =
  | { status: "ok"; samplesMs: number[]; minMs: number; medianMs: number }
  | { status: "not implemented yet" | "n/a" | "error"; reason: string };

export interface CaseResult {
  bench: BenchCase;
  results: Record<ImplName, ImplResult>;
  /** Largest relative difference of each tfjs implementation from ours, when both ran. */
  check: Partial<Record<"tfjs-cpu" | "tfjs-wasm", number>>;
  rounds: number;
  /** tfjs tensors created and not freed by the timed runs (should be 0). */
  leakedTensors: number;
}

export interface RunOptions {
  /** Target wall time of the timed rounds of one case, all implementations together. */
  budgetMs: number;
  minRounds: number;
  maxRounds: number;
  /** A sample repeats a fast run until it lasts at least this long, so timer resolution does not matter. */
  minSampleMs: number;
  /** Runs slower than this get a single warm-up run. */
  slowRunMs: number;
}

export const DEFAULT_OPTIONS: RunOptions = { budgetMs: 6000, minRounds: 3, maxRounds: 15, minSampleMs: 10, slowRunMs: 1000 };

type Active = { name: ImplName; impl: Impl; backend: "cpu" | "wasm" | null; warmMs: number; inner: number; samples: number[] };

export async function runCase(tf: Tf, bench: BenchCase, options: RunOptions = DEFAULT_OPTIONS): Promise<CaseResult> {
  const results = {} as Record<ImplName, ImplResult>;
  const active: Active[] = [];
  const outputs: Partial<Record<ImplName, Outputs>> = {};

  // Set up and warm up each implementation; a failure only disables that column.
  for (const name of IMPL_NAMES) {
    const backend = name === "ours" ? null : name === "tfjs-cpu" ? "cpu" : "wasm";
    let impl: Impl | null = null;
    try {
      if (backend) await tf.setBackend(backend);
      impl = backend ? bench.tfjs(tf) : bench.ours();
      let t0 = performance.now();
      outputs[name] = impl.run(); // first run: compiles / warms caches, and is the cross-check output
      let warmMs = performance.now() - t0;
      if (warmMs < options.slowRunMs) {
        // A second warm-up gives the optimised speed; runs slower than slowRunMs skip it (tfjs-cpu at 1024 takes ~10 s).
        t0 = performance.now();
        impl.run();
        warmMs = performance.now() - t0;
      }
      const inner = Math.max(1, Math.ceil(options.minSampleMs / Math.max(warmMs, 1e-3)));
      active.push({ name, impl, backend, warmMs, inner, samples: [] });
    } catch (e) {
      impl?.dispose?.();
      results[name] = classifyFailure(e);
    }
  }

  // Leak check over the timed rounds only (a failed tfjs warm-up may leave tfjs's own tensors behind).
  const tensorsBefore = tf.memory().numTensors;
  // Rounds: as many as the budget allows, judged from the warm-up times.
  const perRound = active.reduce((s, a) => s + a.inner * a.warmMs, 0);
  const rounds = Math.max(options.minRounds, Math.min(options.maxRounds, Math.floor(options.budgetMs / Math.max(perRound, 1e-3))));
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < active.length; i++) {
      const a = active[(r + i) % active.length]; // rotate who goes first
      if (a.backend) await tf.setBackend(a.backend);
      const t0 = performance.now();
      for (let j = 0; j < a.inner; j++) a.impl.run();
      a.samples.push((performance.now() - t0) / a.inner);
    }
  }

  const leakedTensors = tf.memory().numTensors - tensorsBefore;
  for (const a of active) {
    if (a.backend) await tf.setBackend(a.backend);
    a.impl.dispose?.();
    const sorted = a.samples.slice().sort((x, y) => x - y);
    results[a.name] = { status: "ok", samplesMs: a.samples, minMs: sorted[0], medianMs: median(sorted) };
  }

  const check: CaseResult["check"] = {};
  for (const name of ["tfjs-cpu", "tfjs-wasm"] as const) {
    if (outputs.ours && outputs[name]) check[name] = relativeDifference(outputs.ours, outputs[name]!);
  }
  return { bench, results, check, rounds, leakedTensors };
}

function classifyFailure(e: unknown): ImplResult {
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof errors.NotImplementedError) return { status: "not implemented yet", reason: message };
  // tfjs-wasm has no kernel for some gradients (Conv2DBackpropFilter): "Kernel 'X' not registered for backend 'wasm'".
  if (/not registered for backend/.test(message)) return { status: "n/a", reason: message };
  return { status: "error", reason: message };
}

function median(sorted: number[]): number {
  const n = sorted.length;
  return n % 2 === 1 ? sorted[(n - 1) >> 1] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

/** max |a - b| / max |b| over all outputs (Infinity when shapes of the outputs differ). */
export function relativeDifference(a: Outputs, b: Outputs): number {
  if (a.length !== b.length) return Infinity;
  let diff = 0;
  let scale = 0;
  for (let o = 0; o < a.length; o++) {
    if (a[o].length !== b[o].length) return Infinity;
    for (let i = 0; i < a[o].length; i++) {
      diff = Math.max(diff, Math.abs(a[o][i] - b[o][i]));
      scale = Math.max(scale, Math.abs(b[o][i]));
    }
  }
  return Number.isNaN(diff) ? Infinity : diff / (scale || 1);
}

/**
 * A tfjs run: computes `fn` inside tf.tidy (so intermediates are freed),
 * downloads every output with dataSync (so the work really happened), then
 * disposes the outputs.
 */
export function tfjsRun(tf: Tf, fn: () => TF.Tensor | TF.Tensor[]): () => Outputs {
  return () => {
    const out = tf.tidy(fn);
    const list = Array.isArray(out) ? out : [out];
    const data = list.map((t) => t.dataSync() as Float32Array);
    tf.dispose(list);
    return data;
  };
}

/** Deterministic float32 test data in [-1, 1) (mulberry32), the same for ours and tfjs. */
export function randomData(size: number, seed: number): Float32Array {
  const out = new Float32Array(size);
  let s = seed >>> 0;
  for (let i = 0; i < size; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let z = Math.imul(s ^ (s >>> 15), s | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    out[i] = (((z ^ (z >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}
