/**
 * `keras.layers.Permute(dims)`: reorders the non-batch axes. `dims` is a
 * permutation of 1..rank-1 (1-indexed, batch excluded): `new Permute([2, 1])`
 * turns (batch, steps, features) into (batch, features, steps).
 */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import { transpose } from "../../ops/shape/transpose.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { InputSpec } from "../input-spec.js";
import { KerasTensor } from "../keras-tensor.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { pyRepr } from "../py-format.js";

type Shape = readonly (number | null)[];

export class Permute extends Layer {
  declare dims: number[];

  constructor(dims: readonly number[], options: LayerOptions = {}) {
    super(options);
    const valid =
      Array.isArray(dims) &&
      dims.every((d) => typeof d === "number" && Number.isInteger(d)) &&
      [...dims].sort((a, b) => a - b).every((d, i) => d === i + 1);
    if (!valid) {
      throw new ValueError(
        "Invalid permutation argument `dims` for Permute Layer. The set of indices in `dims` must be consecutive and start from 1. " +
          `Received dims=${pyRepr(dims)}`,
      );
    }
    this.dims = dims.slice();
    this.inputSpec = new InputSpec({ ndim: dims.length + 1 });
  }

  override call(inputs: Tensor): Tensor {
    return transpose(inputs, [0, ...this.dims]);
  }

  override computeOutputShape(inputShape: Shape): (number | null)[] {
    return [inputShape[0], ...this.dims.map((d) => inputShape[d])];
  }

  /** Keeps the input's dtype, as Keras's Permute does. */
  override computeOutputSpec(inputs: KerasTensor): KerasTensor {
    return new KerasTensor(this.computeOutputShape(inputs.shape), { dtype: inputs.dtype, sparse: inputs.sparse });
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), dims: this.dims.slice() };
  }

  static override fromConfig(config: Record<string, any>): Permute {
    const { dims, ...options } = layerOptionsFromConfig(config);
    return new Permute(dims, options);
  }
}

registerBuiltin("keras.layers", "Permute", Permute);
