/**
 * Keras's LoRA (`enable_lora`) pieces shared by Dense, EinsumDense, the
 * convolutions and Embedding: the two trainable low-rank factors of a frozen
 * weight W (A: W's shape with the last axis replaced by the rank, he_uniform;
 * B: (rank, W's last axis), zeros) and the effective weight W + (A @ B) * scale.
 */
import type { Tensor } from "../../engine/tensor.js";
import type { Variable } from "../../engine/variable.js";
import { add, multiply } from "../../ops/math/arithmetic.js";
import { matmul } from "../../ops/linalg/matmul.js";
import type { Layer } from "../layer.js";

export interface LoraFactorOptions {
  aInitializer?: unknown;
  bInitializer?: unknown;
}

/** Adds the factors named `names` (e.g. lora_kernel_a / lora_kernel_b) to a built (locked) layer, with W's regularizer. */
export function addLoraFactors(
  layer: Layer, base: Variable, rank: number, regularizer: unknown, names: readonly [string, string], options: LoraFactorOptions = {},
): [Variable, Variable] {
  const wasLocked = layer._locked;
  layer._locked = false;
  try {
    const a = layer.addWeight({ name: names[0], shape: [...base.shape.slice(0, -1), rank], initializer: options.aInitializer ?? "he_uniform", regularizer });
    const b = layer.addWeight({ name: names[1], shape: [rank, base.shape[base.shape.length - 1]], initializer: options.bInitializer ?? "zeros", regularizer });
    return [a, b];
  } finally {
    layer._locked = wasLocked;
  }
}

/** The effective weight: W plus the low-rank update A @ B scaled by `scale` (alpha / rank). */
export function withLoraUpdate(base: Tensor, a: Variable, b: Variable, scale: number): Tensor {
  return add(base, multiply(matmul(a.value, b.value), scale));
}
