import { describe, expect, it } from "vitest";
import { Tensor, ops } from "../../src/index.js";
import { checkGradients, expectClose, randomTensor } from "../utils/gradcheck.js";

const LARGE_NEGATIVE = -0.7 * 3.38953e38;

/**
 * Attention by plain loops over (B, T, N, H) / (B, S, K, H) arrays: an
 * independent reference. mask(b, n, t, s) and bias(b, n, t, s) are callbacks.
 */
function reference(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  opts: { scale?: number; bias?: (b: number, n: number, t: number, s: number) => number; mask?: (b: number, n: number, t: number, s: number) => boolean; causal?: boolean } = {},
): number[] {
  const [B, T, N, H] = q.shape;
  const [, S, K] = k.shape;
  const Hv = v.shape[3];
  const G = N / K;
  const scale = opts.scale ?? 1 / Math.sqrt(H);
  const at = (x: Tensor, i: number, j: number, l: number, m: number) => x.data[((i * x.shape[1] + j) * x.shape[2] + l) * x.shape[3] + m];
  const out = new Array<number>(B * T * N * Hv).fill(0);
  for (let b = 0; b < B; b++) {
    for (let n = 0; n < N; n++) {
      const kv = Math.floor(n / G);
      for (let t = 0; t < T; t++) {
        const logits: number[] = [];
        for (let s = 0; s < S; s++) {
          let dot = 0;
          for (let h = 0; h < H; h++) dot += at(q, b, t, n, h) * at(k, b, s, kv, h);
          let l = dot * scale + (opts.bias ? opts.bias(b, n, t, s) : 0);
          const allowed = (opts.mask ? opts.mask(b, n, t, s) : true) && (!opts.causal || s <= t);
          if (!allowed) l = LARGE_NEGATIVE;
          logits.push(l);
        }
        const m = Math.max(...logits);
        const e = logits.map((l) => Math.exp(l - m));
        const z = e.reduce((a, c) => a + c, 0);
        for (let h = 0; h < Hv; h++) {
          let acc = 0;
          for (let s = 0; s < S; s++) acc += (e[s] / z) * at(v, b, s, kv, h);
          out[((b * T + t) * N + n) * Hv + h] = acc;
        }
      }
    }
  }
  return out;
}

describe("nn.dotProductAttention", () => {
  it("matches the definition for self- and cross-attention, default and explicit scale", () => {
    const q = randomTensor([2, 3, 2, 4], 1);
    const k = randomTensor([2, 5, 2, 4], 2);
    const v = randomTensor([2, 5, 2, 3], 3);
    const out = ops.nn.dotProductAttention(q, k, v);
    expect(out.shape).toEqual([2, 3, 2, 3]);
    expect(out.dtype).toBe("float64");
    expectClose(out, reference(q, k, v), 1e-12, 1e-12);
    expectClose(ops.dotProductAttention(q, k, v, { scale: 0.3 }), reference(q, k, v, { scale: 0.3 }), 1e-12, 1e-12);
    expectClose(ops.dotProductAttention(q, k, v, null, null, 2), reference(q, k, v, { scale: 2 }), 1e-12, 1e-12);
  });

  it("uniform attention when all keys are equal: the mean of the values", () => {
    const q = randomTensor([1, 2, 1, 3], 4);
    const k = ops.ones([1, 4, 1, 3], "float64");
    const v = ops.reshape(ops.arange(4, { dtype: "float64" }), [1, 4, 1, 1]);
    expectClose(ops.nn.dotProductAttention(q, k, v), [1.5, 1.5], 1e-12, 1e-12);
  });

  it("applies bias, boolean masks (broadcast) and the causal mask", () => {
    const q = randomTensor([1, 3, 2, 2], 5);
    const k = randomTensor([1, 3, 2, 2], 6);
    const v = randomTensor([1, 3, 2, 2], 7);
    const biasT = randomTensor([1, 1, 3, 3], 8);
    expectClose(ops.nn.dotProductAttention(q, k, v, { bias: biasT }), reference(q, k, v, { bias: (_b, _n, t, s) => biasT.data[t * 3 + s] }), 1e-12, 1e-12);
    // mask (T, S) broadcast over batch and heads: key 1 hidden from every query.
    const maskT = ops.convertToTensor([[true, false, true], [true, false, true], [true, false, true]]);
    expectClose(ops.nn.dotProductAttention(q, k, v, { mask: maskT }), reference(q, k, v, { mask: (_b, _n, _t, s) => s !== 1 }), 1e-12, 1e-12);
    const causal = ops.nn.dotProductAttention(q, k, v, { isCausal: true });
    expectClose(causal, reference(q, k, v, { causal: true }), 1e-12, 1e-12);
    // The first query only sees the first key: its output is exactly value row 0.
    expectClose(ops.slice(causal, [0, 0, 0, 0], [1, 1, 2, 2]), ops.slice(v, [0, 0, 0, 0], [1, 1, 2, 2]).data as Float64Array, 1e-12, 1e-12);
    const both = ops.nn.dotProductAttention(q, k, v, { mask: maskT, isCausal: true, bias: biasT });
    expectClose(both, reference(q, k, v, { causal: true, mask: (_b, _n, _t, s) => s !== 1, bias: (_b, _n, t, s) => biasT.data[t * 3 + s] }), 1e-12, 1e-12);
  });

  it("fully masked rows attend uniformly (Keras fills with a large finite negative)", () => {
    const q = randomTensor([1, 1, 1, 2], 9);
    const k = randomTensor([1, 2, 1, 2], 10);
    const v = ops.reshape(ops.convertToTensor([2, 4], "float64"), [1, 2, 1, 1]);
    expectClose(ops.nn.dotProductAttention(q, k, v, { mask: ops.convertToTensor([false, false]) }), [3], 1e-12, 1e-12);
  });

  it("grouped-query attention: query head n reads key/value head floor(n / (N / K))", () => {
    const q = randomTensor([2, 3, 4, 2], 11);
    const k = randomTensor([2, 4, 2, 2], 12);
    const v = randomTensor([2, 4, 2, 3], 13);
    expectClose(ops.nn.dotProductAttention(q, k, v, { isCausal: true }), reference(q, k, v, { causal: true }), 1e-12, 1e-12);
  });

  it("float32 inputs give float32; int inputs compute in floatx", () => {
    const q = ops.cast(randomTensor([1, 2, 1, 2], 14), "float32");
    const out = ops.nn.dotProductAttention(q, q, q);
    expect(out.dtype).toBe("float32");
    expectClose(out, reference(ops.cast(q, "float64"), ops.cast(q, "float64"), ops.cast(q, "float64")), 1e-5, 1e-6);
    const i = ops.ones([1, 1, 1, 2], "int32");
    expect(ops.nn.dotProductAttention(i, i, i).dtype).toBe("float32");
  });

  it("rejects non-4D inputs, mismatched shapes, bad head counts and flash attention", () => {
    const x = randomTensor([1, 2, 2, 2], 15);
    expect(() => ops.nn.dotProductAttention(randomTensor([2, 2, 2], 1), x, x)).toThrow(/`dot_product_attention` only supports 4D inputs/);
    expect(() => ops.nn.dotProductAttention(x, randomTensor([1, 2, 2, 3], 1), x)).toThrow(/matching B, S, K, H/);
    expect(() => ops.nn.dotProductAttention(randomTensor([1, 2, 3, 2], 1), x, x)).toThrow(/must be a multiple of the number of key\/value heads/);
    expect(() => ops.nn.dotProductAttention(x, x, x, { flashAttention: true })).toThrow(/flash attention is not supported/);
    expect(() => ops.nn.dotProductAttention(x, x, x, { causal: true } as never)).toThrow(/unknown option "causal"/);
  });

  it("float64 gradients for query, key, value and bias (with masks and groups)", () => {
    const q = randomTensor([1, 3, 2, 2], 21);
    const k = randomTensor([1, 4, 2, 2], 22);
    const v = randomTensor([1, 4, 2, 3], 23);
    checkGradients((a, b, c) => ops.nn.dotProductAttention(a, b, c), [q, k, v]);
    const mask = ops.convertToTensor([[true, true, false, true]]);
    checkGradients((a, b, c, d) => ops.nn.dotProductAttention(a, b, c, { bias: d, mask, isCausal: true }), [q, k, v, randomTensor([1, 2, 3, 4], 24)]);
    checkGradients((a, b, c) => ops.nn.dotProductAttention(a, b, c, { scale: 0.7 }), [randomTensor([2, 2, 4, 2], 25), randomTensor([2, 3, 1, 2], 26), randomTensor([2, 3, 1, 1], 27)]);
  });
});
