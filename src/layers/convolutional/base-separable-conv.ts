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
import type { ImageDataFormat } from "../../config/settings.js";
import { standardizeDataFormat } from "../../config/settings.js";
import * as activations from "../../activations/index.js";
import * as initializers from "../../initializers/index.js";
import * as regularizers from "../../regularizers/index.js";
import * as constraints from "../../constraints/index.js";
import { add } from "../../ops/math/arithmetic.js";
import { reshape } from "../../ops/shape/reshape.js";
import { separableConv } from "../../ops/nn/conv.js";
import { InputSpec } from "../input-spec.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import {
  baseLayerConfig, checkFilters, checkStridesWithDilation, constraintConfig, definedChannels, regularizerConfig,
} from "./base-conv.js";
import { checkDepthMultiplier } from "./base-depthwise-conv.js";
import {
  ConvPadding, Shape, channelAxis, channelVectorShape, convOutputShape, standardizePadding, standardizeTuple,
} from "./conv-args.js";

export interface BaseSeparableConvOptions extends LayerOptions {
  strides?: number | number[];
  padding?: string;
  dataFormat?: string | null;
  dilationRate?: number | number[];
  depthMultiplier?: number;
  activation?: unknown;
  useBias?: boolean;
  depthwiseInitializer?: unknown;
  pointwiseInitializer?: unknown;
  biasInitializer?: unknown;
  depthwiseRegularizer?: unknown;
  pointwiseRegularizer?: unknown;
  biasRegularizer?: unknown;
  depthwiseConstraint?: unknown;
  pointwiseConstraint?: unknown;
  biasConstraint?: unknown;
}

type Fn = (x: any) => any;

export abstract class BaseSeparableConv extends Layer {
  declare rank: number;
  declare depthMultiplier: number;
  declare filters: number;
  declare kernelSize: number[];
  declare strides: number[];
  declare padding: ConvPadding;
  declare dataFormat: ImageDataFormat;
  declare dilationRate: number[];
  declare activation: Fn;
  declare useBias: boolean;
  declare depthwiseInitializer: any;
  declare pointwiseInitializer: any;
  declare biasInitializer: any;
  declare depthwiseRegularizer: any;
  declare pointwiseRegularizer: any;
  declare biasRegularizer: any;
  declare depthwiseConstraint: any;
  declare pointwiseConstraint: any;
  declare biasConstraint: any;
  declare depthwiseKernel: Variable | null;
  declare pointwiseKernel: Variable | null;
  declare bias: Variable | null;

  constructor(rank: number, filters: number, kernelSize: number | number[], options: BaseSeparableConvOptions = {}) {
    const {
      strides, padding, dataFormat, dilationRate, depthMultiplier, activation, useBias, depthwiseInitializer, pointwiseInitializer,
      biasInitializer, depthwiseRegularizer, pointwiseRegularizer, biasRegularizer, depthwiseConstraint, pointwiseConstraint,
      biasConstraint, ...base
    } = options;
    super(base);
    this.rank = rank;
    this.depthMultiplier = checkDepthMultiplier(depthMultiplier ?? 1);
    this.filters = checkFilters(filters);
    this.kernelSize = standardizeTuple(kernelSize, rank, "kernel_size");
    this.strides = standardizeTuple(strides ?? 1, rank, "strides");
    this.dilationRate = standardizeTuple(dilationRate ?? 1, rank, "dilation_rate");
    this.padding = standardizePadding(padding ?? "valid");
    this.dataFormat = standardizeDataFormat(dataFormat);
    this.activation = activations.get(activation as never) as Fn;
    this.useBias = useBias ?? true;
    this.depthwiseInitializer = initializers.get((depthwiseInitializer ?? "glorot_uniform") as never);
    this.pointwiseInitializer = initializers.get((pointwiseInitializer ?? "glorot_uniform") as never);
    this.biasInitializer = initializers.get((biasInitializer ?? "zeros") as never);
    this.depthwiseRegularizer = regularizers.get(depthwiseRegularizer as never) ?? null;
    this.pointwiseRegularizer = regularizers.get(pointwiseRegularizer as never) ?? null;
    this.biasRegularizer = regularizers.get(biasRegularizer as never) ?? null;
    this.depthwiseConstraint = constraints.get(depthwiseConstraint as never) ?? null;
    this.pointwiseConstraint = constraints.get(pointwiseConstraint as never) ?? null;
    this.biasConstraint = constraints.get(biasConstraint as never) ?? null;
    this.depthwiseKernel = null;
    this.pointwiseKernel = null;
    this.bias = null;
    this.inputSpec = new InputSpec({ minNdim: rank + 2 });
    checkStridesWithDilation(this.strides, this.dilationRate);
  }

  override build(inputShape: (number | null)[]): void {
    const inputChannel = definedChannels(inputShape, this.dataFormat, this.name);
    this.inputSpec = new InputSpec({ minNdim: this.rank + 2, axes: { [channelAxis(this.dataFormat)]: inputChannel } });
    this.depthwiseKernel = this.addWeight({
      name: "depthwise_kernel",
      shape: [...this.kernelSize, inputChannel, this.depthMultiplier],
      initializer: this.depthwiseInitializer,
      regularizer: this.depthwiseRegularizer,
      constraint: this.depthwiseConstraint,
    });
    this.pointwiseKernel = this.addWeight({
      name: "pointwise_kernel",
      shape: [...new Array<number>(this.rank).fill(1), this.depthMultiplier * inputChannel, this.filters],
      initializer: this.pointwiseInitializer,
      regularizer: this.pointwiseRegularizer,
      constraint: this.pointwiseConstraint,
    });
    if (this.useBias) {
      this.bias = this.addWeight({
        name: "bias",
        shape: [this.filters],
        initializer: this.biasInitializer,
        regularizer: this.biasRegularizer,
        constraint: this.biasConstraint,
      });
    }
  }

  override call(inputs: Tensor): Tensor {
    let outputs = separableConv(inputs, this.depthwiseKernel!.value, this.pointwiseKernel!.value, {
      strides: this.strides,
      padding: this.padding,
      dilationRate: this.dilationRate,
      dataFormat: this.dataFormat,
    });
    if (this.bias) outputs = add(outputs, reshape(this.bias.value, channelVectorShape(this.rank, this.filters, this.dataFormat)));
    return this.activation(outputs);
  }

  override computeOutputShape(inputShape: Shape): (number | null)[] {
    return convOutputShape(inputShape, this.filters, this.kernelSize, this.strides, this.padding, this.dataFormat, this.dilationRate);
  }

  override getConfig(): Record<string, any> {
    return {
      ...baseLayerConfig(super.getConfig()),
      depth_multiplier: this.depthMultiplier,
      filters: this.filters,
      kernel_size: this.kernelSize.slice(),
      strides: this.strides.slice(),
      padding: this.padding,
      data_format: this.dataFormat,
      dilation_rate: this.dilationRate.slice(),
      activation: activations.serialize(this.activation),
      use_bias: this.useBias,
      depthwise_initializer: initializers.serialize(this.depthwiseInitializer),
      pointwise_initializer: initializers.serialize(this.pointwiseInitializer),
      bias_initializer: initializers.serialize(this.biasInitializer),
      depthwise_regularizer: regularizerConfig(this.depthwiseRegularizer),
      pointwise_regularizer: regularizerConfig(this.pointwiseRegularizer),
      bias_regularizer: regularizerConfig(this.biasRegularizer),
      activity_regularizer: regularizerConfig(this.activityRegularizer),
      depthwise_constraint: constraintConfig(this.depthwiseConstraint),
      pointwise_constraint: constraintConfig(this.pointwiseConstraint),
      bias_constraint: constraintConfig(this.biasConstraint),
    };
  }

  /** Subclasses take (filters, kernelSize, options). */
  static override fromConfig(config: Record<string, any>): Layer {
    const { filters, kernelSize, ...options } = layerOptionsFromConfig(config);
    // tf.keras wrote `groups: 1` into these configs (inherited from its Conv base); it means nothing here.
    if (options.groups === 1) delete options.groups;
    return new (this as unknown as new (f: number, k: number | number[], o: BaseSeparableConvOptions) => Layer)(filters, kernelSize, options);
  }
}
