/**
 * `keras.layers.Conv2D` (alias `Convolution2D`): spatial convolution over images: (batch, rows, cols, channels) inputs
 * (or (batch, channels, rows, cols) with channels_first).
 * Everything else is BaseConv.
 */
import { registerBuiltin } from "../../saving/object-registration.js";
import { BaseConv, BaseConvOptions } from "./base-conv.js";

export type Conv2DOptions = BaseConvOptions;

export class Conv2D extends BaseConv {
  constructor(filters: number, kernelSize: number | number[], options: Conv2DOptions = {}) {
    super(2, filters, kernelSize, options);
  }
}

registerBuiltin("keras.layers", "Conv2D", Conv2D);
registerBuiltin("keras.layers", "Convolution2D", Conv2D);
