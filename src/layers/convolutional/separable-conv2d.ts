/**
 * `keras.layers.SeparableConv2D` (alias `SeparableConvolution2D`): a depthwise
 * convolution over images (batch, rows, cols, channels) followed by a pointwise
 * (1x1) convolution to `filters` channels. Everything else is BaseSeparableConv.
 */
import { registerBuiltin } from "../../saving/object-registration.js";
import { BaseSeparableConv, BaseSeparableConvOptions } from "./base-separable-conv.js";

export type SeparableConv2DOptions = BaseSeparableConvOptions;

export class SeparableConv2D extends BaseSeparableConv {
  constructor(filters: number, kernelSize: number | number[], options: SeparableConv2DOptions = {}) {
    super(2, filters, kernelSize, options);
  }
}

registerBuiltin("keras.layers", "SeparableConv2D", SeparableConv2D);
registerBuiltin("keras.layers", "SeparableConvolution2D", SeparableConv2D);
