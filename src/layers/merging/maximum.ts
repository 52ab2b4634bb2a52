/** `keras.layers.Maximum()`: the elementwise maximum of a list of tensors; masked entries never win. */
import type { Tensor } from "../../engine/tensor.js";
import { maximum } from "../../ops/math/arithmetic.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { Merge } from "./base-merge.js";

export class Maximum extends Merge {
  protected override mergeFunction(inputs: Tensor[], masks: (Tensor | null)[]): Tensor {
    return this.mergeWithMasks((a, b) => maximum(a, b), inputs, masks);
  }
}

registerBuiltin("keras.layers", "Maximum", Maximum);
