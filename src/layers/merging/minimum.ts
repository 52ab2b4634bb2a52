/** `keras.layers.Minimum()`: the elementwise minimum of a list of tensors; masked entries never win. */
import type { Tensor } from "../../engine/tensor.js";
import { minimum } from "../../ops/math/arithmetic.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { Merge } from "./base-merge.js";

export class Minimum extends Merge {
  protected override mergeFunction(inputs: Tensor[], masks: (Tensor | null)[]): Tensor {
    return this.mergeWithMasks((a, b) => minimum(a, b), inputs, masks);
  }
}

registerBuiltin("keras.layers", "Minimum", Minimum);
