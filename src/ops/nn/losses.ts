/**
 * Crossentropy primitives of `keras.ops.nn` with Keras 3.15.1's numerics.
 * They return unreduced values (per element for binary, per sample for the
 * categorical ones); the `keras.losses` classes reduce them.
 *
 * Probabilities (fromLogits = false) are clipped to [epsilon, 1 - epsilon]
 * (categorical ones are first rescaled to sum to 1 along `axis`) before the
 * log; logits go through the stable log-softmax / softplus forms.
 */
import { Tensor } from "../../engine/tensor.js";
import { floatResult, isFloat } from "../../engine/dtype.js";
import { ValueError } from "../../engine/errors.js";
import { formatShape, normalizeAxis, shapesEqual } from "../../engine/shape.js";
import { epsilon } from "../../config/settings.js";
import { asTensor, backend, op, readOptions, TensorLike } from "../op.js";
import { cast } from "../core/cast.js";
import { oneHot } from "../core/ranges.js";
import { add, divide, multiply, subtract } from "../math/arithmetic.js";
import { log, negative } from "../math/unary.js";
import { clip } from "../math/select.js";
import { sum } from "../reduction/sum.js";
import { reshape } from "../shape/reshape.js";
import { logSoftmax, softplus } from "./activations.js";

function floatOutput(output: TensorLike, name: string): Tensor {
  const t = asTensor(output, name);
  return isFloat(t.dtype) ? t : cast(t, floatResult(t.dtype));
}

/** log(p) of probabilities clipped to [epsilon, 1 - epsilon], as every Keras backend does. */
function clippedLog(p: Tensor): Tensor {
  const eps = epsilon();
  return log(clip(p, eps, 1 - eps));
}

/** log-probabilities along `axis`: log-softmax of logits, or the log of rescaled, clipped probabilities. */
function logProbabilities(output: Tensor, fromLogits: boolean, axis: number): Tensor {
  if (fromLogits) return logSoftmax(output, axis);
  return clippedLog(divide(output, sum(output, axis, true)));
}

interface CrossentropyOptions {
  fromLogits?: boolean;
  axis?: number;
}

/**
 * Elementwise binary crossentropy -(t log p + (1 - t) log(1 - p)). With logits x
 * it is softplus(x) - t x, the stable form of the same quantity.
 */
export const binaryCrossentropy = op("binaryCrossentropy", (target: TensorLike, output: TensorLike, ...rest: [boolean?] | [{ fromLogits?: boolean }]): Tensor => {
  const { fromLogits = false } = readOptions<{ fromLogits: boolean }>("binaryCrossentropy", rest, ["fromLogits"]);
  const out = floatOutput(output, "binaryCrossentropy");
  const t = cast(asTensor(target, "binaryCrossentropy"), out.dtype);
  if (!shapesEqual(t.shape, out.shape)) {
    throw new ValueError(
      "ops.binaryCrossentropy: Arguments `target` and `output` must have the same shape. " +
        `Received: target.shape=${formatShape(t.shape)}, output.shape=${formatShape(out.shape)}`,
    );
  }
  if (fromLogits) return subtract(softplus(out), multiply(t, out));
  const eps = epsilon();
  const p = clip(out, eps, 1 - eps);
  // -(t log p + (1 - t) log(1 - p))
  return negative(add(multiply(t, log(p)), multiply(subtract(1, t), log(subtract(1, p)))));
}) as {
  (target: TensorLike, output: TensorLike, fromLogits?: boolean): Tensor;
  (target: TensorLike, output: TensorLike, options: { fromLogits?: boolean }): Tensor;
};

/** Per-sample categorical crossentropy -sum(target * log p, axis). */
export const categoricalCrossentropy = op("categoricalCrossentropy", (target: TensorLike, output: TensorLike, ...rest: [boolean?, number?] | [CrossentropyOptions]): Tensor => {
  const { fromLogits = false, axis = -1 } = readOptions<CrossentropyOptions & Record<string, unknown>>("categoricalCrossentropy", rest, ["fromLogits", "axis"]);
  const out = floatOutput(output, "categoricalCrossentropy");
  const t = cast(asTensor(target, "categoricalCrossentropy"), out.dtype);
  if (!shapesEqual(t.shape, out.shape)) {
    throw new ValueError(
      "ops.categoricalCrossentropy: Arguments `target` and `output` must have the same shape. " +
        `Received: target.shape=${formatShape(t.shape)}, output.shape=${formatShape(out.shape)}`,
    );
  }
  if (out.rank < 1) {
    throw new ValueError(
      "ops.categoricalCrossentropy: Arguments `target` and `output` must be at least rank 1. " +
        `Received: target.shape=${formatShape(t.shape)}, output.shape=${formatShape(out.shape)}`,
    );
  }
  const ax = normalizeAxis(axis, out.rank, "ops.categoricalCrossentropy");
  return negative(sum(multiply(t, logProbabilities(out, fromLogits, ax)), ax));
}) as {
  (target: TensorLike, output: TensorLike, fromLogits?: boolean, axis?: number): Tensor;
  (target: TensorLike, output: TensorLike, options: CrossentropyOptions): Tensor;
};

/**
 * Per-sample crossentropy of integer class labels: -log p[target] along `axis`.
 * A trailing size-1 dimension of `target` is squeezed, as in Keras. Labels
 * outside [0, numClasses) are an error (Keras's numpy backend would either fail
 * or silently count them as zero loss, depending on the sign).
 */
export const sparseCategoricalCrossentropy = op("sparseCategoricalCrossentropy", (target: TensorLike, output: TensorLike, ...rest: [boolean?, number?] | [CrossentropyOptions]): Tensor => {
  const { fromLogits = false, axis = -1 } = readOptions<CrossentropyOptions & Record<string, unknown>>("sparseCategoricalCrossentropy", rest, ["fromLogits", "axis"]);
  const name = "sparseCategoricalCrossentropy";
  const out = floatOutput(output, name);
  let labels = asTensor(target, name);
  if (labels.dtype !== "int32") labels = cast(labels, "int32");
  if (labels.rank === out.rank && labels.rank > 0 && labels.shape[labels.rank - 1] === 1) {
    labels = reshape(labels, labels.shape.slice(0, -1));
  }
  if (out.rank < 1) {
    throw new ValueError(`ops.${name}: Argument \`output\` must be at least rank 1. Received: output.shape=${formatShape(out.shape)}`);
  }
  const ax = normalizeAxis(axis, out.rank, `ops.${name}`);
  const expected = out.shape.filter((_, i) => i !== ax);
  if (!shapesEqual(labels.shape, expected)) {
    throw new ValueError(
      `ops.${name}: Arguments \`target\` and \`output\` must have the same shape up until the last dimension: ` +
        `target.shape=${formatShape(labels.shape)}, output.shape=${formatShape(out.shape)}`,
    );
  }
  const numClasses = out.shape[ax];
  checkLabels(labels, numClasses, name);
  const hot = cast(oneHot(labels, numClasses, { axis: ax }), out.dtype);
  return negative(sum(multiply(hot, logProbabilities(out, fromLogits, ax)), ax));
}) as {
  (target: TensorLike, output: TensorLike, fromLogits?: boolean, axis?: number): Tensor;
  (target: TensorLike, output: TensorLike, options: CrossentropyOptions): Tensor;
};

function checkLabels(labels: Tensor, numClasses: number, name: string): void {
  if (labels.size === 0) return;
  const all = labels.shape.map((_, i) => i);
  const lo = backend().reduce("min", labels.data, labels.shape, all, "int32")[0];
  const hi = backend().reduce("max", labels.data, labels.shape, all, "int32")[0];
  if (lo < 0 || hi >= numClasses) {
    throw new ValueError(
      `ops.${name}: target labels must be integers in [0, ${numClasses}) for an output with ${numClasses} classes; ` +
        `received labels from ${lo} to ${hi}.`,
    );
  }
}
