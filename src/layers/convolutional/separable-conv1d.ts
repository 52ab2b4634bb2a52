/**
 * `keras.layers.SeparableConv1D` (alias `SeparableConvolution1D`): a depthwise
 * convolution over temporal data (batch, steps, channels) followed by a pointwise
 * (1x1) convolution to `filters` channels. Everything else is BaseSeparableConv.
 */
import { registerBuiltin } from "../../saving/object-registration.js";
import { BaseSeparableConv, BaseSeparableConvOptions } from "./base-separable-conv.js";

export type SeparableConv1DOptions = BaseSeparableConvOptions;

export class SeparableConv1D extends BaseSeparableConv {
  constructor(filters: number, kernelSize: number | number[], options: SeparableConv1DOptions = {}) {
    super(1, filters, kernelSize, options);
  }
}

registerBuiltin("keras.layers", "SeparableConv1D", SeparableConv1D);
registerBuiltin("keras.layers", "SeparableConvolution1D", SeparableConv1D);
