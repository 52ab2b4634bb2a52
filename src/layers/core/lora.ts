/**
 * Keras's LoRA (`enable_lora`) pieces shared by Dense, EinsumDense, the
 * convolutions and Embedding: the two trainable low-rank factors of a frozen
 * weight W (A: W's shape with the last axis replaced by the rank, he_uniform;
 * B: (rank, W's last axis), zeros) and the effective weight W + (A @ B) * scale.
 */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import type { Variable } from "../../engine/variable.js";
import { add, multiply } from "../../ops/math/arithmetic.js";
import { matmul } from "../../ops/linalg/matmul.js";
import type { Layer } from "../layer.js";

export interface LoraFactorOptions {
  aInitializer?: unknown;
  bInitializer?: unknown;
}

/** Keras's checks before `enable_lora`, in its order: no constraint on the weight (`constraintArg`), built, not enabled yet. */
export function checkLoraCanEnable(constraint: unknown, built: boolean, enabled: boolean, constraintArg = "kernel_constraint"): void {
  if (constraint) {
    const what = constraintArg === "kernel_constraint" ? "kernel" : "embedding";
    throw new ValueError(
      `Lora is incompatible with ${what} constraints. In order to enable lora on this layer, remove the \`${constraintArg}\` argument.`,
    );
  }
  if (!built) throw new ValueError("Cannot enable lora on a layer that isn't yet built.");
  if (enabled) throw new ValueError("lora is already enabled. This can only be done once per layer.");
}

/** What `enableKernelLora` reads and sets on Dense, EinsumDense and the convolutions. */
export interface KernelLoraLayer extends Layer {
  _kernel: Variable | null;
  kernelConstraint: unknown;
  kernelRegularizer: unknown;
  loraEnabled: boolean;
  loraRank: number | null;
  loraAlpha: number | null;
  loraKernelA: Variable | null;
  loraKernelB: Variable | null;
}

/**
 * Keras's `enable_lora(rank, lora_alpha)` for a layer with a `kernel`:
 * checks, adds `lora_kernel_a` / `lora_kernel_b`, freezes the kernel.
 */
export function enableKernelLora(layer: KernelLoraLayer, rank: number, alpha: number | null | undefined, options: LoraFactorOptions = {}): void {
  checkLoraCanEnable(layer.kernelConstraint, layer._kernel !== null, layer.loraEnabled);
  const kernel = layer._kernel!;
  [layer.loraKernelA, layer.loraKernelB] = addLoraFactors(layer, kernel, rank, layer.kernelRegularizer, ["lora_kernel_a", "lora_kernel_b"], options);
  kernel.trainable = false;
  layer.loraEnabled = true;
  layer.loraRank = rank;
  layer.loraAlpha = alpha ?? rank;
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
