/**
 * The einsum equations MultiHeadAttention builds from the input ranks
 * (Keras's `_build_proj_equation` / `_build_attention_equation`), and the
 * fused dot-product attention used when no attention scores are needed.
 * Letters are assigned from "a" on: free (batch and sequence) axes first,
 * then bound (contracted) axes, then output axes.
 */
import type { Tensor } from "../../engine/tensor.js";
import { multiply } from "../../ops/math/arithmetic.js";
import { where } from "../../ops/math/select.js";
import { einsum } from "../../ops/linalg/einsum.js";
import { softmax } from "../../ops/nn/activations.js";

const letter = (i: number): string => "abcdefghijklmnopqrstuvwxyz"[i];

/** A projection equation: `free + bound` input axes, `bound + output` kernel axes; the bias spans the output axes. */
export function buildProjEquation(freeDims: number, boundDims: number, outputDims: number): { equation: string; biasAxes: string; outputRank: number } {
  let input = "";
  let kernel = "";
  let output = "";
  let biasAxes = "";
  for (let i = 0; i < freeDims; i++) {
    input += letter(i);
    output += letter(i);
  }
  for (let i = 0; i < boundDims; i++) {
    const c = letter(freeDims + i);
    input += c;
    kernel += c;
  }
  for (let i = 0; i < outputDims; i++) {
    const c = letter(freeDims + boundDims + i);
    kernel += c;
    output += c;
    biasAxes += c;
  }
  return { equation: `${input},${kernel}->${output}`, biasAxes, outputRank: output.length };
}

/** `output_shape` for an EinsumDense of that output rank (batch excluded): unknown leading axes, then the known ones. */
export function projOutputShape(outputRank: number, knownLastDims: readonly (number | null)[]): (number | null)[] {
  return [...new Array(Math.max(0, outputRank - knownLastDims.length)).fill(null), ...knownLastDims];
}

/**
 * For projected tensors of rank `rank` (batch, ..., heads, channels) and the
 * attention axes: the query-key product "key,query->scores" (scores are
 * (batch dims incl. heads, query attention dims, key attention dims)) and the
 * combination "scores,value->output".
 */
export function buildAttentionEquation(rank: number, attnAxes: readonly number[]): { dotProduct: string; combine: string; scoresRank: number } {
  let target = "";
  for (let i = 0; i < rank; i++) target += letter(i);
  const batchDims: number[] = [];
  for (let i = 0; i < rank; i++) if (!attnAxes.includes(i) && i !== rank - 1) batchDims.push(i);
  let offset = rank;
  let source = "";
  for (let i = 0; i < rank; i++) {
    if (batchDims.includes(i) || i === rank - 1) source += target[i];
    else source += letter(offset++);
  }
  const product = [...batchDims.map((i) => target[i]), ...attnAxes.map((i) => target[i]), ...attnAxes.map((i) => source[i])].join("");
  return { dotProduct: `${source},${target}->${product}`, combine: `${product},${source}->${target}`, scoresRank: product.length };
}

/**
 * Keras's `ops.dot_product_attention` for (B, T, N, H) query and (B, S, N, H)
 * key/value: softmax(q k^T * scale) v. Masked logits become a very large
 * negative number (-0.7 * the dtype's max) before the softmax and nothing is
 * zeroed afterwards, so a query row whose keys are all masked attends
 * uniformly — Keras's behaviour on this path.
 */
export function fusedDotProductAttention(query: Tensor, key: Tensor, value: Tensor, mask: Tensor | null, scale: number): Tensor {
  let logits = multiply(einsum("BTNH,BSNH->BNTS", query, key), scale) as Tensor;
  if (mask) logits = where(mask, logits, largeNegative(logits.dtype)) as Tensor;
  const probs = softmax(logits, -1) as Tensor;
  return einsum("BNTS,BSNH->BTNH", probs, value) as Tensor;
}

function largeNegative(dtype: string): number {
  return dtype === "float64" ? -0.7 * Number.MAX_VALUE : -0.7 * 3.4028234663852886e38;
}
