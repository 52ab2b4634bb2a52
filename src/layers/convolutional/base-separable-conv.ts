/**
 * The shared body of `SeparableConv1D` and `SeparableConv2D` (Keras's
 * `BaseSeparableConv`): a depthwise convolution (each input channel with its
 * own `depthMultiplier` filters; `depthwise_kernel` (*kernelSize, C,
 * depthMultiplier)) followed by a pointwise 1x1 convolution mixing the
 * C * depthMultiplier channels into `filters` (`pointwise_kernel`
 * (*ones, C * depthMultiplier, filters)), then bias (filters,) and activation.
 */
import type { Tensor } from "../../engine/tensor.js";
import type { Variable } from "../../engine/variable.js";
import * as activations from "../../activations/index.js";
import { separableConv } from "../../ops/nn/conv.js";
import { InputSpec } from "../input-spec.js";
import { Layer, LayerOptions } from "../layer.js";
import { TrioOptions, WeightTrios, addTrioWeight, readWeightOptions, weightTriosConfig } from "../weight-options.js";
import { addDepthwiseKernel, checkDepthMultiplier, depthwiseOptionsFromConfig } from "./base-depthwise-conv.js";
import { Shape, convOutputShape } from "./conv-args.js";
import {
  ConvWindow, ConvWindowOptions, baseLayerConfig, biasAndActivation, checkFilters, checkStridesWithDilation, convWindowConfig,
  pinInputChannels, readConvWindow,
} from "./conv-layer-parts.js";

export interface BaseSeparableConvOptions extends LayerOptions, ConvWindowOptions, TrioOptions<"depthwise" | "pointwise" | "bias"> {
  depthMultiplier?: number;
  activation?: unknown;
  useBias?: boolean;
}

type Fn = (x: any) => any;

export interface BaseSeparableConv extends ConvWindow, WeightTrios<"depthwise" | "pointwise" | "bias"> {}

export abstract class BaseSeparableConv extends Layer {
  declare depthMultiplier: number;
  declare filters: number;
  declare activation: Fn;
  declare useBias: boolean;
  declare depthwiseKernel: Variable | null;
  declare pointwiseKernel: Variable | null;
  declare bias: Variable | null;

  constructor(rank: number, filters: number, kernelSize: number | number[], options: BaseSeparableConvOptions = {}) {
    const { weights, rest } = readWeightOptions(
      options, { depthwise: "glorot_uniform", pointwise: "glorot_uniform", bias: "zeros" }, ["activation", "useBias"],
    );
    const { window, rest: own } = readConvWindow(rank, kernelSize, rest);
    const { depthMultiplier, ...base } = own;
    super(base);
    this.depthMultiplier = checkDepthMultiplier(depthMultiplier ?? 1);
    this.filters = checkFilters(filters);
    Object.assign(this, window, weights);
    this.depthwiseKernel = null;
    this.pointwiseKernel = null;
    this.bias = null;
    this.inputSpec = new InputSpec({ minNdim: rank + 2 });
    checkStridesWithDilation(this.strides, this.dilationRate);
  }

  override build(inputShape: (number | null)[]): void {
    const inputChannel = pinInputChannels(this, inputShape);
    this.depthwiseKernel = addDepthwiseKernel(this, "depthwise_kernel", inputChannel);
    const pointwiseShape = [...new Array<number>(this.rank).fill(1), this.depthMultiplier * inputChannel, this.filters];
    this.pointwiseKernel = addTrioWeight(this, "pointwise", "pointwise_kernel", pointwiseShape);
    if (this.useBias) this.bias = addTrioWeight(this, "bias", "bias", [this.filters]);
  }

  override call(inputs: Tensor): Tensor {
    const outputs = separableConv(inputs, this.depthwiseKernel!.value, this.pointwiseKernel!.value, {
      strides: this.strides,
      padding: this.padding,
      dilationRate: this.dilationRate,
      dataFormat: this.dataFormat,
    });
    return biasAndActivation(outputs, this.bias, this, this.activation);
  }

  override computeOutputShape(inputShape: Shape): (number | null)[] {
    return convOutputShape(inputShape, this.filters, this.kernelSize, this.strides, this.padding, this.dataFormat, this.dilationRate);
  }

  override getConfig(): Record<string, any> {
    return {
      ...baseLayerConfig(super.getConfig()),
      depth_multiplier: this.depthMultiplier,
      filters: this.filters,
      ...convWindowConfig(this),
      activation: activations.serialize(this.activation),
      use_bias: this.useBias,
      ...weightTriosConfig(this, ["depthwise", "pointwise", "bias"], { activity: this }),
    };
  }

  /** Subclasses take (filters, kernelSize, options). */
  static override fromConfig(config: Record<string, any>): Layer {
    const { filters, kernelSize, ...options } = depthwiseOptionsFromConfig(config);
    return new (this as unknown as new (f: number, k: number | number[], o: BaseSeparableConvOptions) => Layer)(filters, kernelSize, options);
  }
}
