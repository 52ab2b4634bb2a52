/**
 * `keras.layers.Conv2DTranspose` (alias `Convolution2DTranspose`): transposed
 * convolution over images: (batch, rows, cols, channels) -> (batch, newRows, newCols, filters)
 * (channels first with channels_first). Everything else is BaseConvTranspose.
 */
import { registerBuiltin } from "../../saving/object-registration.js";
import { BaseConvTranspose, BaseConvTransposeOptions } from "./base-conv-transpose.js";

export type Conv2DTransposeOptions = BaseConvTransposeOptions;

export class Conv2DTranspose extends BaseConvTranspose {
  constructor(filters: number, kernelSize: number | number[], options: Conv2DTransposeOptions = {}) {
    super(2, filters, kernelSize, options);
  }
}

registerBuiltin("keras.layers", "Conv2DTranspose", Conv2DTranspose);
registerBuiltin("keras.layers", "Convolution2DTranspose", Conv2DTranspose);
