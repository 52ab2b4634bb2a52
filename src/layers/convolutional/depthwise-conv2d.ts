/**
 * `keras.layers.DepthwiseConv2D`: depthwise convolution over images (batch, rows, cols, channels)
 * (channels first with channels_first): each channel convolved with its own
 * `depthMultiplier` filters. Everything else is BaseDepthwiseConv.
 */
import { registerBuiltin } from "../../saving/object-registration.js";
import { BaseDepthwiseConv, BaseDepthwiseConvOptions } from "./base-depthwise-conv.js";

export type DepthwiseConv2DOptions = BaseDepthwiseConvOptions;

export class DepthwiseConv2D extends BaseDepthwiseConv {
  constructor(kernelSize: number | number[], options: DepthwiseConv2DOptions = {}) {
    super(2, kernelSize, options);
  }
}

registerBuiltin("keras.layers", "DepthwiseConv2D", DepthwiseConv2D);
