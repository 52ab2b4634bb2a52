/** `keras.layers.ELU(alpha = 1)`: x for x > 0, alpha * (exp(x) - 1) otherwise. */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import * as activations from "../../activations/index.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { pyRepr } from "../py-format.js";

export interface ELUOptions extends LayerOptions {
  alpha?: number;
}

export class ELU extends Layer {
  declare alpha: number;

  constructor(options: ELUOptions = {}) {
    const { alpha = 1.0, ...base } = options;
    super(base);
    if (typeof alpha !== "number" || !Number.isFinite(alpha)) {
      throw new ValueError(`ELU: \`alpha\` must be a finite number. Received: alpha=${pyRepr(alpha)}`);
    }
    this.alpha = alpha;
    this.supportsMasking = true;
    this.buildAtInit();
  }

  override call(inputs: Tensor): Tensor {
    return activations.elu(inputs, { alpha: this.alpha });
  }

  override computeOutputShape(inputShape: readonly (number | null)[]): (number | null)[] {
    return inputShape.slice();
  }

  /** Keras's ELU config comes from its constructor arguments: name, alpha, trainable, dtype. */
  override getConfig(): Record<string, any> {
    const { name, ...base } = super.getConfig();
    return { name, alpha: this.alpha, ...base };
  }

  static override fromConfig(config: Record<string, any>): ELU {
    return new ELU(layerOptionsFromConfig(config));
  }
}

registerBuiltin("keras.layers", "ELU", ELU);
