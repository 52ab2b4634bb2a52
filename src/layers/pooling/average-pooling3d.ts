/**
 * `keras.layers.AveragePooling3D` (alias `AvgPool3D`): the mean over each window of
 * volumes (batch, d1, d2, d3, channels) (channels first with channels_first).
 * Everything else is BasePooling.
 */
import { registerBuiltin } from "../../saving/object-registration.js";
import { BasePooling, PoolingOptions } from "./base-pooling.js";

export type AveragePooling3DOptions = PoolingOptions;

export class AveragePooling3D extends BasePooling {
  constructor(options: AveragePooling3DOptions = {}) {
    super(3, "average", options);
  }
}

registerBuiltin("keras.layers", "AveragePooling3D", AveragePooling3D);
registerBuiltin("keras.layers", "AvgPool3D", AveragePooling3D);
