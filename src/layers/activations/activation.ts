/**
 * `keras.layers.Activation(activation)`: applies a `keras.activations`
 * function (a name such as "relu", a function, or null for linear) to its input.
 */
import * as activations from "../../activations/index.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";

type Fn = (x: any) => any;

export class Activation extends Layer {
  declare activation: Fn;

  constructor(activation: unknown, options: LayerOptions = {}) {
    super(options);
    this.supportsMasking = true;
    this.activation = activations.get(activation as never) as Fn;
    this.buildAtInit();
  }

  override call(inputs: any): any {
    return this.activation(inputs);
  }

  override computeOutputShape(inputShape: any): any {
    return inputShape;
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), activation: activations.serialize(this.activation) };
  }

  static override fromConfig(config: Record<string, any>): Activation {
    const { activation, ...options } = layerOptionsFromConfig(config);
    return new Activation(activation, options);
  }
}

registerBuiltin("keras.layers", "Activation", Activation);
