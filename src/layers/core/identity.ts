/**
 * `keras.layers.Identity`: returns its input unchanged (any structure of
 * tensors), masks included. A placeholder where a layer is expected.
 */
import { registerBuiltin } from "../../saving/object-registration.js";
import { mapStructure } from "../../utils/tree.js";
import { KerasTensor, isKerasTensor } from "../keras-tensor.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";

export class Identity extends Layer {
  constructor(options: LayerOptions = {}) {
    super(options);
    this.supportsMasking = true;
    this.buildAtInit();
  }

  override call(inputs: any): any {
    return inputs;
  }

  override computeOutputShape(inputShape: any): any {
    return inputShape;
  }

  /** Same shapes and dtypes as the inputs (an integer input stays integer). */
  override computeOutputSpec(inputs: any): any {
    return mapStructure(
      (x: unknown) => (isKerasTensor(x) ? new KerasTensor(x.shape, { dtype: x.dtype, sparse: x.sparse }) : x),
      inputs,
    );
  }

  static override fromConfig(config: Record<string, any>): Identity {
    return new Identity(layerOptionsFromConfig(config));
  }
}

registerBuiltin("keras.layers", "Identity", Identity);
