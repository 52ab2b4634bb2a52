/**
 * Keras's `keras.ops.nn.dot_product_attention`: softmax(q k^T * scale + bias,
 * masked) v over inputs laid out (batch, seq, heads, head_dim), computed as
 * Keras's XLA path does (two einsums around a softmax), so its gradient is the
 * composition of those ops' gradients.
 */
import { Tensor } from "../../engine/tensor.js";
import { DType, isFloat, promoteTypes } from "../../engine/dtype.js";
import { ValueError } from "../../engine/errors.js";
import { formatShape } from "../../engine/shape.js";
import { floatx } from "../../config/settings.js";
import { asTensor, op, readOptions, TensorLike } from "../op.js";
import { cast } from "../core/cast.js";
import { ones } from "../core/creation.js";
import { tril } from "../core/ranges.js";
import { add, divide, multiply } from "../math/arithmetic.js";
import { tanh } from "../math/unary.js";
import { logicalAnd } from "../math/comparison.js";
import { where } from "../math/select.js";
import { reshape } from "../shape/reshape.js";
import { einsum } from "../linalg/einsum.js";
import { softmax } from "./activations.js";

export interface DotProductAttentionOptions {
  bias?: TensorLike | null;
  mask?: TensorLike | null;
  scale?: number | null;
  isCausal?: boolean;
  flashAttention?: boolean | null;
  attnLogitsSoftCap?: number | null;
}

/** Keras's "large negative" fill for masked logits: -0.7 times (about) the float32 maximum. */
const LARGE_NEGATIVE = -0.7 * 3.38953e38;

/**
 * query (B, T, N, H), key and value (B, S, K, H) with N a multiple of K
 * (grouped-query attention: query head n reads key/value head floor(n / (N / K))).
 * bias: added to the logits, broadcastable to (B, N, T, S); mask: bool,
 * broadcastable to (B, N, T, S), true where a query may attend; isCausal adds
 * the lower-triangular (T, S) mask. scale defaults to 1 / sqrt(H). The softmax
 * runs in at least float32. Returns (B, T, N, H).
 */
export const dotProductAttention = op("dotProductAttention", (query: TensorLike, key: TensorLike, value: TensorLike, ...rest: unknown[]): Tensor => {
  const name = "dotProductAttention";
  const opts = readOptions<DotProductAttentionOptions & Record<string, unknown>>(name, rest, [
    "bias", "mask", "scale", "isCausal", "flashAttention", "attnLogitsSoftCap",
  ]);
  const { bias = null, mask = null, scale = null, isCausal = false, flashAttention = null, attnLogitsSoftCap = null } = opts;
  if (flashAttention) throw new ValueError("ops.dotProductAttention: flash attention is not supported by the keras-ts backends (received flashAttention=true).");
  let q = asTensor(query, name);
  let k = asTensor(key, name);
  let v = asTensor(value, name);
  if (q.rank !== 4 || k.rank !== 4 || v.rank !== 4) {
    throw new ValueError(
      `\`dot_product_attention\` only supports 4D inputs. Received: query.shape=${formatShape(q.shape)}, key.shape=${formatShape(k.shape)}, value.shape=${formatShape(v.shape)}.`,
    );
  }
  const [B, T, N, H] = q.shape;
  const [Bk, S, K, Hk] = k.shape;
  if (Bk !== B || Hk !== H || v.shape[0] !== B || v.shape[1] !== S || v.shape[2] !== K) {
    throw new ValueError(
      `ops.dotProductAttention: expected query (B, T, N, H), key (B, S, K, H) and value (B, S, K, H') with matching B, S, K, H. Received: query.shape=${formatShape(q.shape)}, key.shape=${formatShape(k.shape)}, value.shape=${formatShape(v.shape)}.`,
    );
  }
  if (K === 0 || N % K !== 0) {
    throw new ValueError(`ops.dotProductAttention: the number of query heads (${N}) must be a multiple of the number of key/value heads (${K}).`);
  }
  let dtype: DType = promoteTypes(promoteTypes(q.dtype, k.dtype), v.dtype);
  if (!isFloat(dtype)) dtype = floatx() as DType;
  q = cast(q, dtype);
  k = cast(k, dtype);
  v = cast(v, dtype);
  const G = N / K;
  const grouped = G > 1;
  // (B, N, T, S) logits; grouped heads are split as (K, G) so each group shares its key head.
  let logits = grouped
    ? reshape(einsum("BTKGH,BSKH->BKGTS", reshape(q, [B, T, K, G, H]), k), [B, N, T, S])
    : einsum("BTNH,BSNH->BNTS", q, k);
  logits = multiply(logits, scale === null ? 1 / Math.sqrt(H) : scale);
  if (bias !== null) logits = add(logits, cast(asTensor(bias, name), dtype));
  if (attnLogitsSoftCap !== null) logits = multiply(tanh(divide(logits, attnLogitsSoftCap)), attnLogitsSoftCap);
  let allowed: Tensor | null = mask === null ? null : cast(asTensor(mask, name), "bool");
  if (isCausal) {
    const causal = reshape(cast(tril(ones([T, S], "int32")), "bool"), [1, 1, T, S]);
    allowed = allowed === null ? causal : logicalAnd(allowed, causal);
  }
  if (allowed !== null) logits = where(allowed, logits, LARGE_NEGATIVE);
  const probs = softmax(dtype === "float64" ? logits : cast(logits, "float32"), -1);
  const p = cast(probs, dtype);
  if (!grouped) return einsum("BNTS,BSNH->BTNH", p, v);
  return reshape(einsum("BKGTS,BSKH->BTKGH", reshape(p, [B, K, G, T, S]), v), [B, T, N, v.shape[3]]);
});
