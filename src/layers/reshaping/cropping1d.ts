/**
 * `keras.layers.Cropping1D(cropping = [1, 1])`: trims `cropping[0]` steps from
 * the start and `cropping[1]` from the end of axis 1 of a (batch, steps,
 * features) input. An int crops the same amount at both ends.
 */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import { slice } from "../../ops/shape/slicing.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { InputSpec } from "../input-spec.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { pyShape } from "../py-format.js";
import { Pair, Shape, standardizePair } from "./spatial-args.js";

export interface Cropping1DOptions extends LayerOptions {
  /** An int, or `[start, end]`; default [1, 1]. */
  cropping?: number | readonly number[];
}

export class Cropping1D extends Layer {
  declare cropping: Pair;

  constructor(options: Cropping1DOptions = {}) {
    const { cropping = [1, 1], ...base } = options;
    super(base);
    this.cropping = standardizePair(cropping, "cropping");
    this.inputSpec = new InputSpec({ ndim: 3 });
  }

  private checkLength(shape: Shape, what: string): void {
    const length = shape[1];
    if (length !== null && length !== undefined && this.cropping[0] + this.cropping[1] >= length) {
      throw new ValueError(
        "`cropping` parameter of `Cropping1D` layer must be smaller than the input length. " +
          `Received: ${what}=${pyShape(shape)}, cropping=${pyShape(this.cropping)}`,
      );
    }
  }

  override call(inputs: Tensor): Tensor {
    this.checkLength(inputs.shape, "inputs.shape");
    const [batch, length, features] = inputs.shape;
    return slice(inputs, [0, this.cropping[0], 0], [batch, length - this.cropping[0] - this.cropping[1], features]);
  }

  override computeOutputShape(inputShape: Shape): (number | null)[] {
    this.checkLength(inputShape, "input_shape");
    const length = inputShape[1];
    return [inputShape[0], length === null ? null : length - this.cropping[0] - this.cropping[1], inputShape[2]];
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), cropping: this.cropping.slice() };
  }

  static override fromConfig(config: Record<string, any>): Cropping1D {
    return new Cropping1D(layerOptionsFromConfig(config));
  }
}

registerBuiltin("keras.layers", "Cropping1D", Cropping1D);
