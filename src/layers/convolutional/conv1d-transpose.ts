/**
 * `keras.layers.Conv1DTranspose` (alias `Convolution1DTranspose`): transposed
 * convolution over temporal data: (batch, steps, channels) -> (batch, newSteps, filters)
 * (channels first with channels_first). Everything else is BaseConvTranspose.
 */
import { registerBuiltin } from "../../saving/object-registration.js";
import { BaseConvTranspose, BaseConvTransposeOptions } from "./base-conv-transpose.js";

export type Conv1DTransposeOptions = BaseConvTransposeOptions;

export class Conv1DTranspose extends BaseConvTranspose {
  constructor(filters: number, kernelSize: number | number[], options: Conv1DTransposeOptions = {}) {
    super(1, filters, kernelSize, options);
  }
}

registerBuiltin("keras.layers", "Conv1DTranspose", Conv1DTranspose);
registerBuiltin("keras.layers", "Convolution1DTranspose", Conv1DTranspose);
