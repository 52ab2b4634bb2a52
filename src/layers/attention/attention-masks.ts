/**
 * The attention-mask rules shared by MultiHeadAttention and
 * GroupQueryAttention (Keras's `_compute_attention_mask`): the Keras masks of
 * query (B, T), value and key (B, S) become (B, T, 1) and (B, 1, S); the
 * causal mask is a lower-triangular (1, T, S); a sliding window keeps the band
 * |i - j| < window; all of them and the explicit `attention_mask` are
 * combined with a logical AND. `null` means "attend everywhere".
 */
import type { Tensor } from "../../engine/tensor.js";
import { cast } from "../../ops/core/cast.js";
import { ones } from "../../ops/core/creation.js";
import { abs } from "../../ops/math/unary.js";
import { subtract } from "../../ops/math/arithmetic.js";
import { greaterEqual, less, logicalAnd } from "../../ops/math/comparison.js";
import { cumsum } from "../../ops/reduction/cumulative.js";
import { expandDims } from "../../ops/shape/dims.js";
import type { KerasTensor } from "../keras-tensor.js";

type T = Tensor | KerasTensor;

export interface AttentionMaskArgs {
  queryMask?: T | null;
  valueMask?: T | null;
  keyMask?: T | null;
  attentionMask?: T | null;
  useCausalMask?: boolean;
  slidingWindow?: number | null;
}

/** Row and column indices (1-based) of a (1, T, S) grid, via cumulative sums as Keras builds them. */
function gridIndices(tLen: number, sLen: number): [Tensor, Tensor] {
  const grid = ones([1, tLen, sLen], "int32");
  return [cumsum(grid, -2) as Tensor, cumsum(grid, -1) as Tensor];
}

/** (1, T, S): true where key position j <= query position i. */
export function causalMask(tLen: number, sLen: number): Tensor {
  const [row, col] = gridIndices(tLen, sLen);
  return greaterEqual(row, col) as Tensor;
}

/** (1, T, S): true where |i - j| < window (a symmetric band around the diagonal). */
export function slidingWindowMask(tLen: number, sLen: number, window: number): Tensor {
  const [row, col] = gridIndices(tLen, sLen);
  return less(abs(subtract(row, col)), window) as Tensor;
}

function and(a: T | null, b: T): T {
  return a === null ? b : (logicalAnd(a as Tensor, b as Tensor) as T);
}

/**
 * The combined boolean mask, broadcastable to (B, T, S), or null. `tLen` and
 * `sLen` are the query and value lengths along axis 1 (used by the causal and
 * sliding-window masks).
 */
export function computeAttentionMask(args: AttentionMaskArgs, tLen: number, sLen: number): T | null {
  let auto: T | null = null;
  if (args.queryMask) auto = expandDims(cast(args.queryMask as Tensor, "bool"), -1) as T;
  if (args.valueMask) auto = and(auto, expandDims(cast(args.valueMask as Tensor, "bool"), -2) as T);
  if (args.keyMask) auto = and(auto, expandDims(cast(args.keyMask as Tensor, "bool"), -2) as T);
  if (args.useCausalMask) auto = and(auto, causalMask(tLen, sLen));
  if (args.slidingWindow !== null && args.slidingWindow !== undefined) auto = and(auto, slidingWindowMask(tLen, sLen, args.slidingWindow));
  let mask: T | null = args.attentionMask ? (cast(args.attentionMask as Tensor, "bool") as T) : null;
  if (auto !== null) mask = mask === null ? auto : (logicalAnd(mask as Tensor, auto as Tensor) as T);
  return mask;
}
