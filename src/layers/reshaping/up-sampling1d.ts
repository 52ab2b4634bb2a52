/**
 * `keras.layers.UpSampling1D({ size = 2 })`: repeats each step of a
 * (batch, steps, features) input `size` times along the steps axis.
 */
import { TypeError_ } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import { repeat } from "../../ops/shape/slicing.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { InputSpec } from "../input-spec.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { pyRepr } from "../py-format.js";

type Shape = readonly (number | null)[];

export interface UpSampling1DOptions extends LayerOptions {
  size?: number;
}

export class UpSampling1D extends Layer {
  declare size: number;

  constructor(options: UpSampling1DOptions = {}) {
    const { size = 2, ...base } = options;
    super(base);
    // Keras stores int(size): a float is truncated, anything else is refused.
    if (typeof size !== "number" || !Number.isFinite(size)) {
      throw new TypeError_(`UpSampling1D: \`size\` must be an integer. Received: size=${pyRepr(size)}`);
    }
    this.size = Math.trunc(size);
    this.inputSpec = new InputSpec({ ndim: 3 });
  }

  override call(inputs: Tensor): Tensor {
    return repeat(inputs, this.size, { axis: 1 });
  }

  override computeOutputShape(inputShape: Shape): (number | null)[] {
    const steps = inputShape[1];
    return [inputShape[0], steps === null ? null : steps * this.size, inputShape[2]];
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), size: this.size };
  }

  static override fromConfig(config: Record<string, any>): UpSampling1D {
    return new UpSampling1D(layerOptionsFromConfig(config));
  }
}

registerBuiltin("keras.layers", "UpSampling1D", UpSampling1D);
