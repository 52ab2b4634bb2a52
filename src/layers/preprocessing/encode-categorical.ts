/**
 * Keras's `numerical_utils.encode_categorical_inputs`, shared by
 * CategoryEncoding and Discretization: integer ids -> "int" (a cast),
 * "one_hot" (a one-hot vector per id; a trailing axis of size 1 is replaced),
 * "multi_hot" (1 for each id present in a sample) or "count" (how often
 * each id occurs in a sample, optionally weighted). A rank-1 input is one
 * sample; a rank-2 input is a batch of samples (axis 1 is reduced).
 * Ids outside [0, depth) contribute nothing (all-zero one-hot rows).
 */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import type { DType } from "../../engine/dtype.js";
import { cast } from "../../ops/core/cast.js";
import { oneHot } from "../../ops/core/ranges.js";
import { multiply } from "../../ops/math/arithmetic.js";
import { max } from "../../ops/reduction/extrema.js";
import { sum } from "../../ops/reduction/sum.js";
import { expandDims, squeeze } from "../../ops/shape/dims.js";

export const ENCODING_MODES = ["int", "one_hot", "multi_hot", "count"] as const;
export type EncodingMode = (typeof ENCODING_MODES)[number];

export function encodeCategorical(
  inputs: Tensor,
  outputMode: EncodingMode,
  depth: number,
  dtype: DType,
  countWeights: Tensor | null = null,
  layer = "encode_categorical_inputs",
): Tensor {
  if (outputMode === "int") return cast(inputs, dtype);
  let x = inputs.rank === 0 ? expandDims(inputs, -1) : inputs;
  if (outputMode === "one_hot") {
    if (x.rank > 1 && x.shape[x.rank - 1] === 1) x = squeeze(x, -1);
    return oneHot(cast(x, "int32"), depth, { dtype });
  }
  if (x.rank > 2) {
    throw new ValueError(
      `${layer}: output_mode='${outputMode}' takes a 1D (one sample) or 2D (a batch of samples) input. Received input with shape [${x.shape}]`,
    );
  }
  const reductionAxis = x.rank > 1 ? 1 : 0;
  if (outputMode === "multi_hot") return max(oneHot(cast(x, "int32"), depth, { dtype }), reductionAxis);
  let hot = oneHot(cast(x, "int32"), depth, { dtype: countWeights ? countWeights.dtype : dtype });
  if (countWeights) {
    if (countWeights.shape.join() !== x.shape.join()) {
      throw new ValueError(`${layer}: \`count_weights\` must have the shape of the inputs [${x.shape}]. Received count_weights.shape=[${countWeights.shape}]`);
    }
    hot = multiply(hot, expandDims(countWeights, -1));
  }
  return sum(hot, reductionAxis);
}

/** The output shape of encodeCategorical for an input shape (Keras's compute_output_shape). */
export function encodedShape(inputShape: readonly (number | null)[], outputMode: EncodingMode, depth: number): (number | null)[] {
  if (outputMode === "int") return inputShape.slice();
  if (inputShape.length === 0) return [depth];
  if (outputMode === "one_hot") {
    if (inputShape[inputShape.length - 1] !== 1 || inputShape.length === 1) return [...inputShape, depth];
    return [...inputShape.slice(0, -1), depth];
  }
  return [...inputShape.slice(0, -1), depth];
}
