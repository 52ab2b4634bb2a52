/**
 * A plain-loop reference of multi-head attention on rank-3 inputs, written
 * from the definition (not from the code under test), to check the layers'
 * numbers: projections, softmax(q k^T / sqrt(keyDim)) per head, masking,
 * combination and the output projection.
 */
import type { Tensor } from "../../../src/index.js";

export type Nested = number[] | Nested[];

/** Flat float64 values and shape of a tensor. */
export function flat(t: Tensor): { data: number[]; shape: number[] } {
  return { data: Array.from(t.data as ArrayLike<number>, Number), shape: t.shape.slice() as number[] };
}

export interface ReferenceWeights {
  wq: Tensor; bq: Tensor | null;
  wk: Tensor; bk: Tensor | null;
  wv: Tensor; bv: Tensor | null;
  wo: Tensor; bo: Tensor | null;
  /** Repeats of each key/value head (grouped-query attention); 1 for MHA. */
  kvRepeats?: number;
}

export interface ReferenceResult {
  output: number[][][];
  /** Attention weights [b][n][t][s]. */
  probs: number[][][][];
}

/**
 * `mask[b][t][s]` true = may attend. `masking`: "fused" sends masked logits to
 * -infinity-like values (a fully masked row is uniform), "explicit" uses -1e9
 * and then zeroes masked weights (a fully masked row is zero).
 */
export function referenceAttention(
  query: Tensor, value: Tensor, key: Tensor, w: ReferenceWeights, keyDim: number,
  mask: boolean[][][] | null, masking: "fused" | "explicit",
): ReferenceResult {
  const q = flat(query);
  const v = flat(value);
  const k = flat(key);
  const [B, T, Dq] = q.shape;
  const S = v.shape[1];
  const Dk = k.shape[2];
  const Dv = v.shape[2];
  const wq = flat(w.wq);
  const [, Nq, H] = wq.shape;
  const wk = flat(w.wk);
  const Nkv = wk.shape[1];
  const wv = flat(w.wv);
  const Hv = wv.shape[2];
  const wo = flat(w.wo);
  const E = wo.shape[2];
  const rep = w.kvRepeats ?? 1;
  const bias = (b: Tensor | null, i: number) => (b ? Number(b.data[i]) : 0);

  const proj = (x: { data: number[] }, D: number, len: number, wt: { data: number[] }, b: Tensor | null, N: number, Hd: number) => {
    const out: number[][][][] = [];
    for (let bi = 0; bi < B; bi++) {
      out.push([]);
      for (let t = 0; t < len; t++) {
        out[bi].push([]);
        for (let n = 0; n < N; n++) {
          out[bi][t].push([]);
          for (let h = 0; h < Hd; h++) {
            let s = bias(b, n * Hd + h);
            for (let d = 0; d < D; d++) s += x.data[(bi * len + t) * D + d] * wt.data[(d * N + n) * Hd + h];
            out[bi][t][n].push(s);
          }
        }
      }
    }
    return out;
  };
  const Q = proj(q, Dq, T, wq, w.bq, Nq, H);
  const K = proj(k, Dk, S, wk, w.bk, Nkv, H);
  const V = proj(v, Dv, S, wv, w.bv, Nkv, Hv);

  const probs: number[][][][] = [];
  const heads: number[][][][] = [];
  for (let bi = 0; bi < B; bi++) {
    probs.push([]);
    heads.push([]);
    for (let t = 0; t < T; t++) heads[bi].push(Array.from({ length: Nq }, () => new Array(Hv).fill(0)));
    for (let n = 0; n < Nq; n++) {
      const kv = Math.floor(n / rep);
      probs[bi].push([]);
      for (let t = 0; t < T; t++) {
        const logits: number[] = [];
        for (let s = 0; s < S; s++) {
          let dot = 0;
          for (let h = 0; h < H; h++) dot += Q[bi][t][n][h] * K[bi][s][kv][h];
          logits.push(dot / Math.sqrt(keyDim));
        }
        const keep = (s: number) => (mask ? mask[bi][t][s] : true);
        const anyKept = logits.some((_, s) => keep(s));
        let weights: number[];
        if (masking === "fused" && !anyKept) weights = logits.map(() => 1 / S);
        else {
          const adjusted = logits.map((l, s) => (keep(s) ? l : masking === "fused" ? -Infinity : l - 1e9));
          const m = Math.max(...adjusted);
          const e = adjusted.map((l) => Math.exp(l - m));
          const z = e.reduce((a, b) => a + b, 0);
          weights = e.map((x) => x / z);
          if (masking === "explicit") weights = weights.map((p, s) => (keep(s) ? p : 0));
        }
        probs[bi][n].push(weights);
        for (let h = 0; h < Hv; h++) {
          let acc = 0;
          for (let s = 0; s < S; s++) acc += weights[s] * V[bi][s][kv][h];
          heads[bi][t][n][h] = acc;
        }
      }
    }
  }
  const output: number[][][] = [];
  for (let bi = 0; bi < B; bi++) {
    output.push([]);
    for (let t = 0; t < T; t++) {
      const row: number[] = [];
      for (let e = 0; e < E; e++) {
        let s = bias(w.bo, e);
        for (let n = 0; n < Nq; n++) for (let h = 0; h < Hv; h++) s += heads[bi][t][n][h] * wo.data[(n * Hv + h) * E + e];
        row.push(s);
      }
      output[bi].push(row);
    }
  }
  return { output, probs };
}

/** |a - b| <= atol + rtol |b| elementwise over nested arrays. */
export function expectNestedClose(actual: Tensor, expected: Nested, rtol = 1e-5, atol = 1e-6, what = "values"): void {
  const e = (expected as unknown[]).flat(Infinity) as number[];
  const a = Array.from(actual.data as ArrayLike<number>, Number);
  if (a.length !== e.length) throw new Error(`${what}: ${a.length} values, expected ${e.length}`);
  a.forEach((x, i) => {
    if (!(Math.abs(x - e[i]) <= atol + rtol * Math.abs(e[i]))) throw new Error(`${what}: flat index ${i}: ${x} vs expected ${e[i]}`);
  });
}
