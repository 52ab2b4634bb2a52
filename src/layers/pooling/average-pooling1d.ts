/**
 * `keras.layers.AveragePooling1D` (alias `AvgPool1D`): the mean over each window of
 * temporal data (batch, steps, features) (channels first with channels_first).
 * Everything else is BasePooling.
 */
import { registerBuiltin } from "../../saving/object-registration.js";
import { BasePooling, PoolingOptions } from "./base-pooling.js";

export type AveragePooling1DOptions = PoolingOptions;

export class AveragePooling1D extends BasePooling {
  constructor(options: AveragePooling1DOptions = {}) {
    super(1, "average", options);
  }
}

registerBuiltin("keras.layers", "AveragePooling1D", AveragePooling1D);
registerBuiltin("keras.layers", "AvgPool1D", AveragePooling1D);
