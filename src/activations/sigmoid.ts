/** Squashing functions: sigmoid, hardSigmoid, logSigmoid, sparseSigmoid, tanh, hardTanh, softsign, exponential. */
import type { Tensor } from "../engine/tensor.js";
import { exp, nn, standardize, tanh as opsTanh } from "./nn-ops.js";

/** `keras.activations.sigmoid(x)`: 1 / (1 + exp(-x)). */
export function sigmoid(x: unknown): Tensor {
  return nn.sigmoid(standardize(x));
}

/** `keras.activations.hard_sigmoid(x)`: relu6(x + 3) / 6, a piecewise-linear sigmoid. */
export function hardSigmoid(x: unknown): Tensor {
  return nn.hardSigmoid(standardize(x));
}

/** `keras.activations.log_sigmoid(x)`: log(sigmoid(x)), computed stably. */
export function logSigmoid(x: unknown): Tensor {
  return nn.logSigmoid(standardize(x));
}

/** `keras.activations.sparse_sigmoid(x)`: 0 below -1, 1 above 1, (x + 1) / 2 between. */
export function sparseSigmoid(x: unknown): Tensor {
  return nn.sparseSigmoid(standardize(x));
}

/** `keras.activations.tanh(x)`. */
export function tanh(x: unknown): Tensor {
  return opsTanh(standardize(x));
}

/** `keras.activations.hard_tanh(x)`: clip(x, -1, 1). */
export function hardTanh(x: unknown): Tensor {
  return nn.hardTanh(standardize(x));
}

/** `keras.activations.softsign(x)`: x / (|x| + 1). */
export function softsign(x: unknown): Tensor {
  return nn.softsign(standardize(x));
}

/** `keras.activations.exponential(x)`: exp(x). */
export function exponential(x: unknown): Tensor {
  return exp(standardize(x));
}
