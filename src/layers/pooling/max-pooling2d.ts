/**
 * `keras.layers.MaxPooling2D` (alias `MaxPool2D`): the maximum over each window of
 * images (batch, rows, cols, channels) (channels first with channels_first).
 * Everything else is BasePooling.
 */
import { registerBuiltin } from "../../saving/object-registration.js";
import { BasePooling, PoolingOptions } from "./base-pooling.js";

export type MaxPooling2DOptions = PoolingOptions;

export class MaxPooling2D extends BasePooling {
  constructor(options: MaxPooling2DOptions = {}) {
    super(2, "max", options);
  }
}

registerBuiltin("keras.layers", "MaxPooling2D", MaxPooling2D);
registerBuiltin("keras.layers", "MaxPool2D", MaxPooling2D);
