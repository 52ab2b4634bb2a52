/**
 * `keras.layers.Conv3DTranspose` (alias `Convolution3DTranspose`): transposed
 * convolution over volumes: (batch, d1, d2, d3, channels) -> (batch, new d1..d3, filters)
 * (channels first with channels_first). Everything else is BaseConvTranspose.
 */
import { registerBuiltin } from "../../saving/object-registration.js";
import { BaseConvTranspose, BaseConvTransposeOptions } from "./base-conv-transpose.js";

export type Conv3DTransposeOptions = BaseConvTransposeOptions;

export class Conv3DTranspose extends BaseConvTranspose {
  constructor(filters: number, kernelSize: number | number[], options: Conv3DTransposeOptions = {}) {
    super(3, filters, kernelSize, options);
  }
}

registerBuiltin("keras.layers", "Conv3DTranspose", Conv3DTranspose);
registerBuiltin("keras.layers", "Convolution3DTranspose", Conv3DTranspose);
