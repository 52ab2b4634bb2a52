/**
 * `keras.layers.Reshape(targetShape)`: (batch, ...) -> (batch, ...targetShape).
 * The batch axis is kept; one entry of `targetShape` may be -1 and is inferred
 * from the size of the other axes (null in symbolic shapes when an input axis
 * is unknown).
 */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import { reshape } from "../../ops/shape/reshape.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { KerasTensor } from "../keras-tensor.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { pyShape } from "../py-format.js";

type Shape = readonly (number | null)[];

/**
 * Keras's `compute_reshape_output_shape`: resolves the -1 of `newShape`
 * against `inputShape` (both without the batch axis), with Keras's errors.
 */
export function resolveReshapeTarget(inputShape: Shape, newShape: readonly number[], argName: string): (number | null)[] {
  const unknownCount = newShape.filter((d) => d === -1).length;
  if (unknownCount > 1) {
    throw new ValueError(`There must be at most one unknown dimension (-1) in ${argName}. Received: ${argName}=${pyShape(newShape)}.`);
  }
  if (inputShape.some((d) => d === null)) return newShape.map((d) => (d === -1 ? null : d));
  const inputSize = (inputShape as number[]).reduce((a, b) => a * b, 1);
  if (unknownCount === 0) {
    const size = newShape.reduce((a, b) => a * b, 1);
    if (size !== inputSize) {
      throw new ValueError(
        `The total size of the tensor must be unchanged. Received: input_shape=${pyShape(inputShape)}, ${argName}=${pyShape(newShape)}`,
      );
    }
    return newShape.slice();
  }
  const known = newShape.reduce((a, d) => (d === -1 ? a : a * d), 1);
  if (known === 0 || inputSize % known !== 0) {
    throw new ValueError(
      "The total size of the tensor must be unchanged, however, the input size cannot by divided by the specified dimensions in " +
        `${argName}. Received: input_shape=${pyShape(inputShape)}, ${argName}=${pyShape(newShape)}`,
    );
  }
  return newShape.map((d) => (d === -1 ? inputSize / known : d));
}

export class Reshape extends Layer {
  declare targetShape: number[];

  constructor(targetShape: readonly number[], options: LayerOptions = {}) {
    super(options);
    if (!Array.isArray(targetShape) || targetShape.some((d) => typeof d !== "number" || !Number.isInteger(d) || (d < 0 && d !== -1))) {
      throw new ValueError(
        `Reshape: \`target_shape\` must be an array of non-negative integers, with at most one -1. Received: target_shape=${JSON.stringify(targetShape)}`,
      );
    }
    if (targetShape.filter((d) => d === -1).length > 1) {
      throw new ValueError(
        `The \`target_shape\` argument must not contain more than one \`-1\` value. Received: target_shape=${pyShape(targetShape)}`,
      );
    }
    this.targetShape = targetShape.slice();
    // As in Keras, Reshape has no state and counts as built from the start (so it has no build config).
    this.built = true;
  }

  override call(inputs: Tensor): Tensor {
    if (inputs.rank === 0) {
      throw new ValueError(`Layer '${this.name}' (Reshape) expects inputs with a batch axis (rank >= 1), received a scalar.`);
    }
    const target = resolveReshapeTarget(inputs.shape.slice(1), this.targetShape, "target_shape") as number[];
    return reshape(inputs, [inputs.shape[0], ...target]);
  }

  override computeOutputShape(inputShape: Shape): (number | null)[] {
    return [inputShape[0], ...resolveReshapeTarget(inputShape.slice(1), this.targetShape, "target_shape")];
  }

  override computeOutputSpec(inputs: KerasTensor): KerasTensor {
    return new KerasTensor(this.computeOutputShape(inputs.shape), { dtype: inputs.dtype, sparse: inputs.sparse });
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), target_shape: this.targetShape.slice() };
  }

  static override fromConfig(config: Record<string, any>): Reshape {
    const { targetShape, ...options } = layerOptionsFromConfig(config);
    return new Reshape(targetShape, options);
  }
}

registerBuiltin("keras.layers", "Reshape", Reshape);
