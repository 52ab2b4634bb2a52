/**
 * `keras.layers.RepeatVector(n)`: (batch, features) -> (batch, n, features),
 * each sample's vector repeated n times (e.g. to feed an encoder's summary
 * to every step of a decoder RNN).
 */
import { TypeError_ } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import { reshape } from "../../ops/shape/reshape.js";
import { repeat } from "../../ops/shape/slicing.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { InputSpec } from "../input-spec.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { typeName } from "../py-format.js";

type Shape = readonly (number | null)[];

export class RepeatVector extends Layer {
  declare n: number;

  constructor(n: number, options: LayerOptions = {}) {
    super(options);
    if (typeof n !== "number" || !Number.isInteger(n)) {
      throw new TypeError_(`Expected an integer value for \`n\`, got ${typeName(n)}.`);
    }
    this.n = n;
    this.inputSpec = new InputSpec({ ndim: 2 });
  }

  override call(inputs: Tensor): Tensor {
    const [batch, features] = inputs.shape;
    return repeat(reshape(inputs, [batch, 1, features]), this.n, { axis: 1 });
  }

  override computeOutputShape(inputShape: Shape): (number | null)[] {
    return [inputShape[0], this.n, inputShape[1]];
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), n: this.n };
  }

  static override fromConfig(config: Record<string, any>): RepeatVector {
    const { n, ...options } = layerOptionsFromConfig(config);
    return new RepeatVector(n, options);
  }
}

registerBuiltin("keras.layers", "RepeatVector", RepeatVector);
