/** `keras.layers.Average()`: the elementwise mean of a list of tensors (masks do not change the values). */
import type { Tensor } from "../../engine/tensor.js";
import { add, divide } from "../../ops/math/arithmetic.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { Merge } from "./base-merge.js";

export class Average extends Merge {
  protected override mergeFunction(inputs: Tensor[]): Tensor {
    return divide(inputs.slice(1).reduce((acc, x) => add(acc, x), inputs[0]), inputs.length);
  }
}

registerBuiltin("keras.layers", "Average", Average);
