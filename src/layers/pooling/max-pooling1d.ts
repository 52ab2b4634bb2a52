/**
 * `keras.layers.MaxPooling1D` (alias `MaxPool1D`): the maximum over each window of
 * temporal data (batch, steps, features) (channels first with channels_first).
 * Everything else is BasePooling.
 */
import { registerBuiltin } from "../../saving/object-registration.js";
import { BasePooling, PoolingOptions } from "./base-pooling.js";

export type MaxPooling1DOptions = PoolingOptions;

export class MaxPooling1D extends BasePooling {
  constructor(options: MaxPooling1DOptions = {}) {
    super(1, "max", options);
  }
}

registerBuiltin("keras.layers", "MaxPooling1D", MaxPooling1D);
registerBuiltin("keras.layers", "MaxPool1D", MaxPooling1D);
