/** `keras.layers.Add()`: the elementwise sum of a list of tensors (masks do not change the values). */
import type { Tensor } from "../../engine/tensor.js";
import { add } from "../../ops/math/arithmetic.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { Merge } from "./base-merge.js";

export class Add extends Merge {
  protected override mergeFunction(inputs: Tensor[]): Tensor {
    return inputs.slice(1).reduce((acc, x) => add(acc, x), inputs[0]);
  }
}

registerBuiltin("keras.layers", "Add", Add);
