/**
 * `keras.layers.DepthwiseConv1D`: depthwise convolution over temporal data (batch, steps, channels)
 * (channels first with channels_first): each channel convolved with its own
 * `depthMultiplier` filters. Everything else is BaseDepthwiseConv.
 */
import { registerBuiltin } from "../../saving/object-registration.js";
import { BaseDepthwiseConv, BaseDepthwiseConvOptions } from "./base-depthwise-conv.js";

export type DepthwiseConv1DOptions = BaseDepthwiseConvOptions;

export class DepthwiseConv1D extends BaseDepthwiseConv {
  constructor(kernelSize: number | number[], options: DepthwiseConv1DOptions = {}) {
    super(1, kernelSize, options);
  }
}

registerBuiltin("keras.layers", "DepthwiseConv1D", DepthwiseConv1D);
