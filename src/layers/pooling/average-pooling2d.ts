/**
 * `keras.layers.AveragePooling2D` (alias `AvgPool2D`): the mean over each window of
 * images (batch, rows, cols, channels) (channels first with channels_first).
 * Everything else is BasePooling.
 */
import { registerBuiltin } from "../../saving/object-registration.js";
import { BasePooling, PoolingOptions } from "./base-pooling.js";

export type AveragePooling2DOptions = PoolingOptions;

export class AveragePooling2D extends BasePooling {
  constructor(options: AveragePooling2DOptions = {}) {
    super(2, "average", options);
  }
}

registerBuiltin("keras.layers", "AveragePooling2D", AveragePooling2D);
registerBuiltin("keras.layers", "AvgPool2D", AveragePooling2D);
