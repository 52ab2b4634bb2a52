/** Shrinkage functions: softShrink, hardShrink, tanhShrink. */
import type { Tensor } from "../engine/tensor.js";
import { readOptions } from "../ops/op.js";
import { nn, standardize } from "./nn-ops.js";

/** `keras.activations.soft_shrink(x, threshold=0.5)`: x - threshold above it, x + threshold below -threshold, else 0. */
export function softShrink(x: unknown, ...rest: unknown[]): Tensor {
  const o = readOptions<{ threshold: number }>("activations.softShrink", rest, ["threshold"]);
  return nn.softShrink(standardize(x), o.threshold ?? 0.5);
}

/** `keras.activations.hard_shrink(x, threshold=0.5)`: x where |x| > threshold, else 0. */
export function hardShrink(x: unknown, ...rest: unknown[]): Tensor {
  const o = readOptions<{ threshold: number }>("activations.hardShrink", rest, ["threshold"]);
  return nn.hardShrink(standardize(x), o.threshold ?? 0.5);
}

/** `keras.activations.tanh_shrink(x)`: x - tanh(x). */
export function tanhShrink(x: unknown): Tensor {
  return nn.tanhShrink(standardize(x));
}
