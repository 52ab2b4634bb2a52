/** Smooth rectifiers and gated units: softplus, sparsePlus, squareplus, silu, hardSilu, gelu, mish, glu. */
import type { Tensor } from "../engine/tensor.js";
import { readOptions } from "../ops/op.js";
import { nn, standardize } from "./nn-ops.js";

/** `keras.activations.softplus(x)`: log(exp(x) + 1). */
export function softplus(x: unknown): Tensor {
  return nn.softplus(standardize(x));
}

/** `keras.activations.sparse_plus(x)`: 0 below -1, x above 1, (x + 1)^2 / 4 between. */
export function sparsePlus(x: unknown): Tensor {
  return nn.sparsePlus(standardize(x));
}

/** `keras.activations.squareplus(x, b=4)`: (x + sqrt(x^2 + b)) / 2. */
export function squareplus(x: unknown, ...rest: unknown[]): Tensor {
  const o = readOptions<{ b: number }>("activations.squareplus", rest, ["b"]);
  return nn.squareplus(standardize(x), o.b ?? 4);
}

/** `keras.activations.silu(x)` (also `swish`): x * sigmoid(x). */
export function silu(x: unknown): Tensor {
  return nn.silu(standardize(x));
}

/** `keras.activations.hard_silu(x)` (also `hard_swish`): x * relu6(x + 3) / 6. */
export function hardSilu(x: unknown): Tensor {
  return nn.hardSilu(standardize(x));
}

/**
 * `keras.activations.gelu(x, approximate=false)`: x * Phi(x), or its tanh
 * approximation. Note the default differs from `keras.ops.gelu` (approximate=true).
 */
export function gelu(x: unknown, ...rest: unknown[]): Tensor {
  const o = readOptions<{ approximate: boolean }>("activations.gelu", rest, ["approximate"]);
  return nn.gelu(standardize(x), o.approximate ?? false);
}

/** `keras.activations.mish(x)`: x * tanh(softplus(x)). */
export function mish(x: unknown): Tensor {
  return nn.mish(standardize(x));
}

/** `keras.activations.glu(x, axis=-1)`: splits `axis` in halves a, b and returns a * sigmoid(b). */
export function glu(x: unknown, ...rest: unknown[]): Tensor {
  const o = readOptions<{ axis: number }>("activations.glu", rest, ["axis"]);
  return nn.glu(standardize(x), o.axis ?? -1);
}
