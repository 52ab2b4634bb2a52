/**
 * `keras.layers.Activation(activation)`: applies a `keras.activations`
 * function (a name such as "relu", a function, or null for linear) to its input.
 */
import * as activations from "../../activations/index.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { KerasTensor } from "../keras-tensor.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { inferOutputSpec } from "../output-spec.js";

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

  /**
   * Traced through the activation rather than "same as the input" (Keras's
   * shortcut, wrong for activations that change the shape such as glu).
   */
  override computeOutputSpec(inputs: any): any {
    return inferOutputSpec((a) => this.call(a[0]), [inputs], this.variables);
  }

  override computeOutputShape(inputShape: (number | null)[]): (number | null)[] {
    return (this.computeOutputSpec(new KerasTensor(inputShape, { dtype: this.computeDtype })) as KerasTensor).shape.slice();
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
