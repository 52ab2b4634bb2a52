/**
 * `keras.layers.MaxPooling3D` (alias `MaxPool3D`): the maximum over each window of
 * volumes (batch, d1, d2, d3, channels) (channels first with channels_first).
 * Everything else is BasePooling.
 */
import { registerBuiltin } from "../../saving/object-registration.js";
import { BasePooling, PoolingOptions } from "./base-pooling.js";

export type MaxPooling3DOptions = PoolingOptions;

export class MaxPooling3D extends BasePooling {
  constructor(options: MaxPooling3DOptions = {}) {
    super(3, "max", options);
  }
}

registerBuiltin("keras.layers", "MaxPooling3D", MaxPooling3D);
registerBuiltin("keras.layers", "MaxPool3D", MaxPooling3D);
