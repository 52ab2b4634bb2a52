/**
 * `keras.random.shuffle(x, axis=0, seed=null)`: a random permutation of the
 * slices of `x` along `axis` (Fisher-Yates over the Philox stream). The
 * gradient routes each slice back to where it came from.
 */
import { normalizeAxis } from "../engine/shape.js";
import { Tensor, fromData } from "../engine/tensor.js";
import { toTensor } from "../engine/convert.js";
import { recordGradient } from "../autodiff/tape.js";
import { backend, readOptions } from "../ops/op.js";
import { SeedLike, streamFor } from "./seed-generator.js";

/** Slices of `x` along `axis` reordered: output slice i is input slice perm[i]. */
function permuteAxis(x: Tensor, perm: Int32Array, axis: number): Tensor {
  const out = fromData(backend().gather(x.data, x.shape, axis, perm), x.shape, x.dtype);
  recordGradient([x], [out], ([g]) => {
    const inverse = new Int32Array(perm.length);
    for (let i = 0; i < perm.length; i++) inverse[perm[i]] = i;
    return [permuteAxis(g, inverse, axis)];
  });
  return out;
}

type ShuffleOptions = { axis: number; seed: SeedLike };

export function shuffle(x: unknown, ...rest: unknown[]): Tensor {
  const ctx = "random.shuffle";
  const o = readOptions<ShuffleOptions>(ctx, rest, ["axis", "seed"]);
  const t = toTensor(x, undefined, ctx);
  if (t.rank === 0) return t;
  const axis = normalizeAxis(o.axis ?? 0, t.rank, ctx);
  const n = t.shape[axis];
  const stream = streamFor(o.seed, ctx);
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = stream.nextBelow(i + 1);
    const tmp = perm[i];
    perm[i] = perm[j];
    perm[j] = tmp;
  }
  return permuteAxis(t, perm, axis);
}
