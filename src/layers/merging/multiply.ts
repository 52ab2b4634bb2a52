/**
 * `keras.layers.Multiply()`: the elementwise product of a list of tensors.
 * With masks (as in Keras): a masked entry counts as 1 in the product; when
 * every input has a mask, entries masked in all inputs are 0 and the output
 * carries the OR of the masks.
 */
import type { Tensor } from "../../engine/tensor.js";
import { multiply } from "../../ops/math/arithmetic.js";
import { logicalOr } from "../../ops/math/comparison.js";
import { where } from "../../ops/math/select.js";
import { any } from "../../ops/reduction/statistics.js";
import { broadcastTo } from "../../ops/shape/broadcast-to.js";
import { expandDims } from "../../ops/shape/dims.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { Merge } from "./base-merge.js";

export class Multiply extends Merge {
  protected override mergeFunction(inputs: Tensor[], masks: (Tensor | null)[]): Tensor {
    const allMasked = masks.every((m) => m !== null);
    let output: Tensor | null = null;
    let outputMask: Tensor | null = null;
    inputs.forEach((input, i) => {
      let x = input;
      if (masks[i]) {
        const mask = broadcastTo(expandDims(masks[i]!, -1), x.shape);
        x = where(mask, x, 1);
        if (allMasked) outputMask = outputMask ? logicalOr(outputMask, mask) : mask;
      }
      output = output ? multiply(output, x) : x;
    });
    if (!allMasked) return output!;
    const out = where(outputMask!, output!, 0);
    out.kerasMask = any(outputMask!, { axis: -1 }) as never;
    return out;
  }
}

registerBuiltin("keras.layers", "Multiply", Multiply);
