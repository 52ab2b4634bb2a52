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
import type { ImageDataFormat } from "../../config/settings.js";
import { standardizeDataFormat } from "../../config/settings.js";
import * as activations from "../../activations/index.js";
import * as initializers from "../../initializers/index.js";
import * as regularizers from "../../regularizers/index.js";
import * as constraints from "../../constraints/index.js";
import { add } from "../../ops/math/arithmetic.js";
import { reshape } from "../../ops/shape/reshape.js";
import { depthwiseConv } from "../../ops/nn/conv.js";
import { InputSpec } from "../input-spec.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { baseLayerConfig, checkStridesWithDilation, constraintConfig, definedChannels, regularizerConfig } from "./base-conv.js";
import {
  ConvPadding, Shape, channelAxis, channelVectorShape, convOutputShape, inputChannels, standardizePadding, standardizeTuple,
} from "./conv-args.js";

export interface BaseDepthwiseConvOptions extends LayerOptions {
  strides?: number | number[];
  padding?: string;
  depthMultiplier?: number;
  dataFormat?: string | null;
  dilationRate?: number | number[];
  activation?: unknown;
  useBias?: boolean;
  depthwiseInitializer?: unknown;
  biasInitializer?: unknown;
  depthwiseRegularizer?: unknown;
  biasRegularizer?: unknown;
  depthwiseConstraint?: unknown;
  biasConstraint?: unknown;
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

export abstract class BaseDepthwiseConv extends Layer {
  declare rank: number;
  declare depthMultiplier: number;
  declare kernelSize: number[];
  declare strides: number[];
  declare padding: ConvPadding;
  declare dataFormat: ImageDataFormat;
  declare dilationRate: number[];
  declare activation: Fn;
  declare useBias: boolean;
  declare depthwiseInitializer: any;
  declare biasInitializer: any;
  declare depthwiseRegularizer: any;
  declare biasRegularizer: any;
  declare depthwiseConstraint: any;
  declare biasConstraint: any;
  declare kernel: Variable | null;
  declare bias: Variable | null;

  constructor(rank: number, kernelSize: number | number[], options: BaseDepthwiseConvOptions = {}) {
    const {
      strides, padding, depthMultiplier, dataFormat, dilationRate, activation, useBias, depthwiseInitializer, biasInitializer,
      depthwiseRegularizer, biasRegularizer, depthwiseConstraint, biasConstraint, ...base
    } = options;
    super(base);
    this.rank = rank;
    this.depthMultiplier = checkDepthMultiplier(depthMultiplier ?? 1);
    this.kernelSize = standardizeTuple(kernelSize, rank, "kernel_size");
    this.strides = standardizeTuple(strides ?? 1, rank, "strides");
    this.dilationRate = standardizeTuple(dilationRate ?? 1, rank, "dilation_rate");
    this.padding = standardizePadding(padding ?? "valid");
    this.dataFormat = standardizeDataFormat(dataFormat);
    this.activation = activations.get(activation as never) as Fn;
    this.useBias = useBias ?? true;
    this.depthwiseInitializer = initializers.get((depthwiseInitializer ?? "glorot_uniform") as never);
    this.biasInitializer = initializers.get((biasInitializer ?? "zeros") as never);
    this.depthwiseRegularizer = regularizers.get(depthwiseRegularizer as never) ?? null;
    this.biasRegularizer = regularizers.get(biasRegularizer as never) ?? null;
    this.depthwiseConstraint = constraints.get(depthwiseConstraint as never) ?? null;
    this.biasConstraint = constraints.get(biasConstraint as never) ?? null;
    this.kernel = null;
    this.bias = null;
    this.inputSpec = new InputSpec({ minNdim: rank + 2 });
    checkStridesWithDilation(this.strides, this.dilationRate);
  }

  override build(inputShape: (number | null)[]): void {
    const inputChannel = definedChannels(inputShape, this.dataFormat, this.name);
    this.inputSpec = new InputSpec({ minNdim: this.rank + 2, axes: { [channelAxis(this.dataFormat)]: inputChannel } });
    this.kernel = this.addWeight({
      name: "kernel",
      shape: [...this.kernelSize, inputChannel, this.depthMultiplier],
      initializer: this.depthwiseInitializer,
      regularizer: this.depthwiseRegularizer,
      constraint: this.depthwiseConstraint,
    });
    if (this.useBias) {
      this.bias = this.addWeight({
        name: "bias",
        shape: [this.depthMultiplier * inputChannel],
        initializer: this.biasInitializer,
        regularizer: this.biasRegularizer,
        constraint: this.biasConstraint,
      });
    }
  }

  override call(inputs: Tensor): Tensor {
    let outputs = depthwiseConv(inputs, this.kernel!.value, {
      strides: this.strides,
      padding: this.padding,
      dilationRate: this.dilationRate,
      dataFormat: this.dataFormat,
    });
    if (this.bias) {
      const channels = this.bias.shape[0];
      outputs = add(outputs, reshape(this.bias.value, channelVectorShape(this.rank, channels, this.dataFormat)));
    }
    return this.activation(outputs);
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
      kernel_size: this.kernelSize.slice(),
      strides: this.strides.slice(),
      padding: this.padding,
      data_format: this.dataFormat,
      dilation_rate: this.dilationRate.slice(),
      activation: activations.serialize(this.activation),
      use_bias: this.useBias,
      depthwise_initializer: initializers.serialize(this.depthwiseInitializer),
      bias_initializer: initializers.serialize(this.biasInitializer),
      depthwise_regularizer: regularizerConfig(this.depthwiseRegularizer),
      bias_regularizer: regularizerConfig(this.biasRegularizer),
      activity_regularizer: regularizerConfig(this.activityRegularizer),
      depthwise_constraint: constraintConfig(this.depthwiseConstraint),
      bias_constraint: constraintConfig(this.biasConstraint),
    };
  }

  /** Subclasses take (kernelSize, options). */
  static override fromConfig(config: Record<string, any>): Layer {
    const { kernelSize, ...options } = layerOptionsFromConfig(config);
    // tf.keras wrote `groups: 1` into these configs (inherited from its Conv base); it means nothing here.
    if (options.groups === 1) delete options.groups;
    return new (this as unknown as new (k: number | number[], o: BaseDepthwiseConvOptions) => Layer)(kernelSize, options);
  }
}
