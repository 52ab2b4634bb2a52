/**
 * The shared body of `DepthwiseConv1D` and `DepthwiseConv2D` (Keras's
 * `BaseDepthwiseConv`): every input channel is convolved with its own
 * `depthMultiplier` filters, so C channels give C * depthMultiplier outputs
 * (output channel c * depthMultiplier + m reads channel c). The weight is
 * named "kernel" (as in Keras 3) with shape (*kernelSize, C, depthMultiplier);
 * the bias has C * depthMultiplier entries.
 */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import type { Variable } from "../../engine/variable.js";
import * as activations from "../../activations/index.js";
import { depthwiseConv } from "../../ops/nn/conv.js";
import { InputSpec } from "../input-spec.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { TrioOptions, WeightTrios, addTrioWeight, readWeightOptions, weightTriosConfig } from "../weight-options.js";
import { Shape, convOutputShape, inputChannels } from "./conv-args.js";
import {
  ConvWindow, ConvWindowOptions, baseLayerConfig, biasAndActivation, checkStridesWithDilation, convWindowConfig, pinInputChannels,
  readConvWindow,
} from "./conv-layer-parts.js";

export interface BaseDepthwiseConvOptions extends LayerOptions, ConvWindowOptions, TrioOptions<"depthwise" | "bias"> {
  depthMultiplier?: number;
  activation?: unknown;
  useBias?: boolean;
}

type Fn = (x: any) => any;

export function checkDepthMultiplier(depthMultiplier: unknown): number {
  if (typeof depthMultiplier !== "number" || !Number.isInteger(depthMultiplier) || depthMultiplier <= 0) {
    throw new ValueError(
      `Invalid value for argument \`depth_multiplier\`. Expected a strictly positive value. Received depth_multiplier=${String(depthMultiplier)}.`,
    );
  }
  return depthMultiplier;
}

/** The depthwise kernel (*kernelSize, inputChannels, depthMultiplier), named as the layer names it. */
export function addDepthwiseKernel(layer: Layer & ConvWindow & { depthMultiplier: number }, name: string, inputChannel: number): Variable {
  return addTrioWeight(layer, "depthwise", name, [...layer.kernelSize, inputChannel, layer.depthMultiplier]);
}

/** Options from a config for the depthwise-based layers: tf.keras wrote `groups: 1` into these configs (inherited from its Conv base); it means nothing here. */
export function depthwiseOptionsFromConfig(config: Record<string, any>): Record<string, any> {
  const options = layerOptionsFromConfig(config);
  if (options.groups === 1) delete options.groups;
  return options;
}

export interface BaseDepthwiseConv extends ConvWindow, WeightTrios<"depthwise" | "bias"> {}

export abstract class BaseDepthwiseConv extends Layer {
  declare depthMultiplier: number;
  declare activation: Fn;
  declare useBias: boolean;
  declare kernel: Variable | null;
  declare bias: Variable | null;

  constructor(rank: number, kernelSize: number | number[], options: BaseDepthwiseConvOptions = {}) {
    const { weights, rest } = readWeightOptions(options, { depthwise: "glorot_uniform", bias: "zeros" }, ["activation", "useBias"]);
    const { window, rest: own } = readConvWindow(rank, kernelSize, rest);
    const { depthMultiplier, ...base } = own;
    super(base);
    this.depthMultiplier = checkDepthMultiplier(depthMultiplier ?? 1);
    Object.assign(this, window, weights);
    this.kernel = null;
    this.bias = null;
    this.inputSpec = new InputSpec({ minNdim: rank + 2 });
    checkStridesWithDilation(this.strides, this.dilationRate);
  }

  override build(inputShape: (number | null)[]): void {
    const inputChannel = pinInputChannels(this, inputShape);
    this.kernel = addDepthwiseKernel(this, "kernel", inputChannel);
    if (this.useBias) this.bias = addTrioWeight(this, "bias", "bias", [this.depthMultiplier * inputChannel]);
  }

  override call(inputs: Tensor): Tensor {
    const outputs = depthwiseConv(inputs, this.kernel!.value, {
      strides: this.strides,
      padding: this.padding,
      dilationRate: this.dilationRate,
      dataFormat: this.dataFormat,
    });
    return biasAndActivation(outputs, this.bias, this, this.activation);
  }

  override computeOutputShape(inputShape: Shape): (number | null)[] {
    const c = inputChannels(inputShape, this.dataFormat);
    const outChannels = c === null ? null : this.depthMultiplier * c;
    const shape = convOutputShape(inputShape, outChannels ?? 1, this.kernelSize, this.strides, this.padding, this.dataFormat, this.dilationRate);
    shape[this.dataFormat === "channels_last" ? shape.length - 1 : 1] = outChannels;
    return shape;
  }

  override getConfig(): Record<string, any> {
    return {
      ...baseLayerConfig(super.getConfig()),
      depth_multiplier: this.depthMultiplier,
      ...convWindowConfig(this),
      activation: activations.serialize(this.activation),
      use_bias: this.useBias,
      ...weightTriosConfig(this, ["depthwise", "bias"], { activity: this }),
    };
  }

  /** Subclasses take (kernelSize, options). */
  static override fromConfig(config: Record<string, any>): Layer {
    const { kernelSize, ...options } = depthwiseOptionsFromConfig(config);
    return new (this as unknown as new (k: number | number[], o: BaseDepthwiseConvOptions) => Layer)(kernelSize, options);
  }
}
