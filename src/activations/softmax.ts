/** Normalizing functions over an axis: softmax, logSoftmax, sparsemax. */
import type { Tensor } from "../engine/tensor.js";
import { readOptions } from "../ops/op.js";
import { nn, standardize } from "./nn-ops.js";

/** `keras.activations.softmax(x, axis=-1)`: exp(x) / sum(exp(x)) along `axis` (an integer or a list of axes). */
export function softmax(x: unknown, ...rest: unknown[]): Tensor {
  const o = readOptions<{ axis: number | number[] }>("activations.softmax", rest, ["axis"]);
  return nn.softmax(standardize(x), o.axis ?? -1);
}

/** `keras.activations.log_softmax(x, axis=-1)`: x - logsumexp(x) along `axis`. */
export function logSoftmax(x: unknown, ...rest: unknown[]): Tensor {
  const o = readOptions<{ axis: number | number[] }>("activations.logSoftmax", rest, ["axis"]);
  return nn.logSoftmax(standardize(x), o.axis ?? -1);
}

/** `keras.activations.sparsemax(x, axis=-1)`: the Euclidean projection of x onto the probability simplex. */
export function sparsemax(x: unknown, ...rest: unknown[]): Tensor {
  const o = readOptions<{ axis: number }>("activations.sparsemax", rest, ["axis"]);
  return nn.sparsemax(standardize(x), o.axis ?? -1);
}
