/** `keras.layers.Subtract()`: `inputs[0] - inputs[1]`; exactly two inputs. */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import { subtract } from "../../ops/math/arithmetic.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { Merge, describeInputs, pyShapeList } from "./base-merge.js";

export class Subtract extends Merge {
  override build(inputShape: unknown): void {
    super.build(inputShape);
    if ((inputShape as unknown[]).length !== 2) {
      throw new ValueError(`A \`Subtract\` layer should be called on exactly 2 inputs. Received: input_shape=${pyShapeList(inputShape)}`);
    }
  }

  protected override mergeFunction(inputs: Tensor[]): Tensor {
    if (inputs.length !== 2) {
      throw new ValueError(`A \`Subtract\` layer should be called on exactly 2 inputs. Received: inputs=${describeInputs(inputs)}`);
    }
    return subtract(inputs[0], inputs[1]);
  }
}

registerBuiltin("keras.layers", "Subtract", Subtract);
