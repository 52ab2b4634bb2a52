/**
 * The pieces every convolution layer (Conv, ConvTranspose, DepthwiseConv,
 * SeparableConv) shares: reading and checking the window arguments (kernel
 * size, strides, dilation, padding, data format), writing them back into a
 * config, Keras's checks of filters and strides-with-dilation, the input
 * spec that pins the channel count at build time, and the final
 * bias-plus-activation step.
 */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import type { Variable } from "../../engine/variable.js";
import type { ImageDataFormat } from "../../config/settings.js";
import { standardizeDataFormat } from "../../config/settings.js";
import { add } from "../../ops/math/arithmetic.js";
import { reshape } from "../../ops/shape/reshape.js";
import { InputSpec } from "../input-spec.js";
import type { Layer } from "../layer.js";
import { pyShape } from "../py-format.js";
import { ConvPadding, Shape, channelAxis, channelVectorShape, inputChannels, pyTuple, standardizePadding, standardizeTuple } from "./conv-args.js";

/** The window arguments as the layers store them. */
export interface ConvWindow {
  rank: number;
  kernelSize: number[];
  strides: number[];
  dilationRate: number[];
  padding: ConvPadding;
  dataFormat: ImageDataFormat;
}

export interface ConvWindowOptions {
  strides?: number | number[];
  padding?: string;
  dataFormat?: string | null;
  dilationRate?: number | number[];
}

/**
 * Keras's standardization of the window arguments, in its order (kernel size,
 * strides, dilation, padding, data format), and the options that remain.
 * `allowCausal`: Conv1D's "causal" padding; `allowZeroStrides`: ConvLSTM
 * validates strides with allow_zero.
 */
export function readConvWindow<O extends ConvWindowOptions>(
  rank: number,
  kernelSize: number | number[],
  options: O,
  { allowCausal = false, allowZeroStrides = false } = {},
): { window: ConvWindow; rest: Omit<O, keyof ConvWindowOptions> } {
  const { strides, padding, dataFormat, dilationRate, ...rest } = options;
  const window: ConvWindow = {
    rank,
    kernelSize: standardizeTuple(kernelSize, rank, "kernel_size"),
    strides: standardizeTuple(strides ?? 1, rank, "strides", allowZeroStrides),
    dilationRate: standardizeTuple(dilationRate ?? 1, rank, "dilation_rate"),
    padding: standardizePadding(padding ?? "valid", allowCausal),
    dataFormat: standardizeDataFormat(dataFormat),
  };
  return { window, rest };
}

/** The window part of a config, in Keras's key order; `afterPadding` (ConvTranspose's output_padding) goes after padding. */
export function convWindowConfig(w: ConvWindow, afterPadding: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kernel_size: w.kernelSize.slice(),
    strides: w.strides.slice(),
    padding: w.padding,
    ...afterPadding,
    data_format: w.dataFormat,
    dilation_rate: w.dilationRate.slice(),
  };
}

/** Keras's messages for filters / kernel arguments shared by every convolution layer. */
export function checkFilters(filters: unknown): number {
  if (typeof filters !== "number" || !Number.isInteger(filters) || filters <= 0) {
    throw new ValueError(`Invalid value for argument \`filters\`. Expected a strictly positive value. Received filters=${String(filters)}.`);
  }
  return filters;
}

export function checkStridesWithDilation(strides: readonly number[], dilationRate: readonly number[]): void {
  if (Math.max(...strides) > 1 && Math.max(...dilationRate) > 1) {
    throw new ValueError(
      `\`strides > 1\` not supported in conjunction with \`dilation_rate > 1\`. Received: strides=${pyTuple(strides)} and ` +
        `dilation_rate=${pyTuple(dilationRate)}`,
    );
  }
}

/** The base layer config without `activity_regularizer`, which convolution configs always list further down. */
export function baseLayerConfig(config: Record<string, any>): Record<string, any> {
  const { activity_regularizer: _, ...base } = config;
  return base;
}

/** The channel dimension must be known to create the weights. */
export function definedChannels(inputShape: Shape, dataFormat: ImageDataFormat, layerName: string): number {
  const c = inputChannels(inputShape, dataFormat);
  if (c === null || c === undefined) {
    throw new ValueError(
      `The channel dimension of the inputs to layer '${layerName}' should be defined (data_format='${dataFormat}'). ` +
        `Found None. Full input shape received: ${pyShape(inputShape)}`,
    );
  }
  return c;
}

/** At build time: the (defined) input channel count, which the layer's input spec then requires. */
export function pinInputChannels(layer: Layer & ConvWindow, inputShape: Shape): number {
  const c = definedChannels(inputShape, layer.dataFormat, layer.name);
  layer.inputSpec = new InputSpec({ minNdim: layer.rank + 2, axes: { [channelAxis(layer.dataFormat)]: c } });
  return c;
}

/** `activation(outputs + bias)`, the bias (channels,) broadcast along the channel axis; no bias: `activation(outputs)`. */
export function biasAndActivation(
  outputs: Tensor, bias: Variable | null, w: ConvWindow, activation: (x: Tensor) => Tensor,
): Tensor {
  const biased = bias ? add(outputs, reshape(bias.value, channelVectorShape(w.rank, bias.shape[0], w.dataFormat))) : outputs;
  return activation(biased);
}
