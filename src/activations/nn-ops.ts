/**
 * The `keras.ops` functions the activations are built on, gathered in one
 * place. Inputs are tensors or KerasTensors; the ops route symbolic calls.
 */
import * as nnModule from "../ops/nn/activations.js";
import type { Tensor } from "../engine/tensor.js";
import { toTensor } from "../engine/convert.js";
import { isSymbolic } from "../ops/op.js";

export { add, subtract, multiply } from "../ops/math/arithmetic.js";
export { negative, exp, tanh } from "../ops/math/unary.js";
export { greater } from "../ops/math/comparison.js";
export { clip } from "../ops/math/select.js";
export { cast } from "../ops/core/cast.js";

/** What an activation receives and returns: an eager Tensor, or a KerasTensor in a functional model. */
export type ActivationInput = Tensor | { readonly isKerasTensor: true; readonly dtype: string } | unknown;

/** Eager inputs become tensors (so their dtype is known); KerasTensors pass through to the ops. */
export function standardize(x: unknown): Tensor {
  return (isSymbolic(x) ? x : toTensor(x, undefined, "activation")) as Tensor;
}

/** `keras.ops.nn` activation functions (src/ops/nn/activations.ts). */
export const nn = nnModule;
