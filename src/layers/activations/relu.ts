/**
 * `keras.layers.ReLU(maxValue, negativeSlope, threshold)`: the rectified linear
 * unit as a layer —
 *   f(x) = maxValue                          if x >= maxValue
 *   f(x) = x                                 if threshold <= x < maxValue
 *   f(x) = negativeSlope * (x - threshold)   otherwise.
 */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import * as activations from "../../activations/index.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { pyRepr } from "../py-format.js";

export interface ReLUOptions extends LayerOptions {
  /** Upper bound of the output (null: none). */
  maxValue?: number | null;
  negativeSlope?: number;
  threshold?: number;
}

function checkNonNegative(value: unknown, argName: string, allowNull: boolean): void {
  if (value === null && allowNull) return;
  if (typeof value !== "number" || Number.isNaN(value) || value < 0) {
    throw new ValueError(`${argName} of a ReLU layer cannot be a negative value. Received: ${argName}=${pyRepr(value)}`);
  }
}

export class ReLU extends Layer {
  declare maxValue: number | null;
  declare negativeSlope: number;
  declare threshold: number;

  constructor(options: ReLUOptions = {}) {
    const { maxValue = null, negativeSlope = 0.0, threshold = 0.0, ...base } = options;
    super(base);
    checkNonNegative(maxValue, "max_value", true);
    checkNonNegative(negativeSlope, "negative_slope", false);
    checkNonNegative(threshold, "threshold", false);
    this.maxValue = maxValue;
    this.negativeSlope = negativeSlope;
    this.threshold = threshold;
    this.supportsMasking = true;
    this.buildAtInit();
  }

  override call(inputs: Tensor): Tensor {
    return activations.relu(inputs, { negativeSlope: this.negativeSlope, maxValue: this.maxValue, threshold: this.threshold });
  }

  override computeOutputShape(inputShape: readonly (number | null)[]): (number | null)[] {
    return inputShape.slice();
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), max_value: this.maxValue, negative_slope: this.negativeSlope, threshold: this.threshold };
  }

  static override fromConfig(config: Record<string, any>): ReLU {
    return new ReLU(layerOptionsFromConfig(config));
  }
}

registerBuiltin("keras.layers", "ReLU", ReLU);
