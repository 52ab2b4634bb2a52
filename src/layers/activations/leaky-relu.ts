/**
 * `keras.layers.LeakyReLU(negativeSlope = 0.3)`: x for x >= 0, negativeSlope * x
 * otherwise. Keras 2 called the slope `alpha`; that name is still accepted
 * (with Keras's deprecation warning), so Keras 2 configs load.
 */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import * as activations from "../../activations/index.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { pyRepr } from "../py-format.js";

export interface LeakyReLUOptions extends LayerOptions {
  negativeSlope?: number;
  /** Keras 2's name of `negativeSlope` (deprecated). */
  alpha?: number;
}

export class LeakyReLU extends Layer {
  declare negativeSlope: number;

  constructor(options: LeakyReLUOptions = {}) {
    const { alpha, ...rest } = options;
    let { negativeSlope = 0.3, ...base } = rest;
    if (alpha !== undefined) {
      negativeSlope = alpha;
      console.warn("Argument `alpha` is deprecated. Use `negative_slope` instead.");
    }
    super(base);
    if (typeof negativeSlope !== "number" || Number.isNaN(negativeSlope) || negativeSlope < 0) {
      throw new ValueError(
        "The negative_slope value of a Leaky ReLU layer cannot be None or negative value. Expected a float. " +
          `Received: negative_slope=${pyRepr(negativeSlope)}`,
      );
    }
    this.negativeSlope = negativeSlope;
    this.supportsMasking = true;
    this.buildAtInit();
  }

  override call(inputs: Tensor): Tensor {
    return activations.leakyRelu(inputs, { negativeSlope: this.negativeSlope });
  }

  override computeOutputShape(inputShape: readonly (number | null)[]): (number | null)[] {
    return inputShape.slice();
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), negative_slope: this.negativeSlope };
  }

  static override fromConfig(config: Record<string, any>): LeakyReLU {
    return new LeakyReLU(layerOptionsFromConfig(config));
  }
}

registerBuiltin("keras.layers", "LeakyReLU", LeakyReLU);
