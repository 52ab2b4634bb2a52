/**
 * `keras.layers.Conv3D` (alias `Convolution3D`): convolution over volumes: (batch, d1, d2, d3, channels) inputs
 * (or (batch, channels, d1, d2, d3) with channels_first).
 * Everything else is BaseConv.
 */
import { registerBuiltin } from "../../saving/object-registration.js";
import { BaseConv, BaseConvOptions } from "./base-conv.js";

export type Conv3DOptions = BaseConvOptions;

export class Conv3D extends BaseConv {
  constructor(filters: number, kernelSize: number | number[], options: Conv3DOptions = {}) {
    super(3, filters, kernelSize, options);
  }
}

registerBuiltin("keras.layers", "Conv3D", Conv3D);
registerBuiltin("keras.layers", "Convolution3D", Conv3D);
