/**
 * The shared body of `Conv1DTranspose`, `Conv2DTranspose` and
 * `Conv3DTranspose` (Keras's `BaseConvTranspose`): the transposed
 * convolution ("deconvolution") maps a convolution's output shape back to its
 * input shape. Kernel (*kernelSize, filters, inputChannels) — note the
 * swapped last two axes — and bias (filters,).
 *
 * Output length per spatial dim (keff = dilated kernel extent): without
 * `outputPadding`, "valid" gives n * s + max(keff - s, 0) and "same" n * s;
 * with it, (n - 1) * s + keff - 2 * pad + outputPadding, pad = keff // 2 for
 * "same" and 0 for "valid". `outputPadding` must be smaller than the stride.
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
import { convTranspose } from "../../ops/nn/conv.js";
import { InputSpec } from "../input-spec.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { baseLayerConfig, checkFilters, checkStridesWithDilation, constraintConfig, definedChannels, regularizerConfig } from "./base-conv.js";
import {
  ConvPadding, Shape, channelAxis, channelVectorShape, convTransposeOutputShape, pyTuple, standardizePadding, standardizeTuple,
} from "./conv-args.js";

export interface BaseConvTransposeOptions extends LayerOptions {
  strides?: number | number[];
  padding?: string;
  /** Extra length added on one side of each output dim (< the stride); null: the smallest consistent output. */
  outputPadding?: number | number[] | null;
  dataFormat?: string | null;
  dilationRate?: number | number[];
  activation?: unknown;
  useBias?: boolean;
  kernelInitializer?: unknown;
  biasInitializer?: unknown;
  kernelRegularizer?: unknown;
  biasRegularizer?: unknown;
  kernelConstraint?: unknown;
  biasConstraint?: unknown;
}

type Fn = (x: any) => any;

export abstract class BaseConvTranspose extends Layer {
  declare rank: number;
  declare filters: number;
  declare kernelSize: number[];
  declare strides: number[];
  declare padding: ConvPadding;
  declare outputPadding: number[] | null;
  declare dataFormat: ImageDataFormat;
  declare dilationRate: number[];
  declare activation: Fn;
  declare useBias: boolean;
  declare kernelInitializer: any;
  declare biasInitializer: any;
  declare kernelRegularizer: any;
  declare biasRegularizer: any;
  declare kernelConstraint: any;
  declare biasConstraint: any;
  declare kernel: Variable | null;
  declare bias: Variable | null;

  constructor(rank: number, filters: number, kernelSize: number | number[], options: BaseConvTransposeOptions = {}) {
    const {
      strides, padding, outputPadding, dataFormat, dilationRate, activation, useBias, kernelInitializer, biasInitializer,
      kernelRegularizer, biasRegularizer, kernelConstraint, biasConstraint, ...base
    } = options;
    super(base);
    this.rank = rank;
    this.filters = checkFilters(filters);
    this.kernelSize = standardizeTuple(kernelSize, rank, "kernel_size");
    this.strides = standardizeTuple(strides ?? 1, rank, "strides");
    this.dilationRate = standardizeTuple(dilationRate ?? 1, rank, "dilation_rate");
    this.padding = standardizePadding(padding ?? "valid");
    this.outputPadding = outputPadding === undefined || outputPadding === null ? null : standardizeTuple(outputPadding, rank, "output_padding", true);
    this.dataFormat = standardizeDataFormat(dataFormat);
    this.activation = activations.get(activation as never) as Fn;
    this.useBias = useBias ?? true;
    this.kernelInitializer = initializers.get((kernelInitializer ?? "glorot_uniform") as never);
    this.biasInitializer = initializers.get((biasInitializer ?? "zeros") as never);
    this.kernelRegularizer = regularizers.get(kernelRegularizer as never) ?? null;
    this.biasRegularizer = regularizers.get(biasRegularizer as never) ?? null;
    this.kernelConstraint = constraints.get(kernelConstraint as never) ?? null;
    this.biasConstraint = constraints.get(biasConstraint as never) ?? null;
    this.kernel = null;
    this.bias = null;
    this.inputSpec = new InputSpec({ minNdim: rank + 2 });

    if (this.outputPadding && this.outputPadding.some((p, i) => p >= this.strides[i])) {
      throw new ValueError(`\`output_padding\` must be < \`strides\`. output_padding=${pyTuple(this.outputPadding)}, strides=${pyTuple(this.strides)}`);
    }
    checkStridesWithDilation(this.strides, this.dilationRate);
  }

  override build(inputShape: (number | null)[]): void {
    const inputChannel = definedChannels(inputShape, this.dataFormat, this.name);
    this.inputSpec = new InputSpec({ minNdim: this.rank + 2, axes: { [channelAxis(this.dataFormat)]: inputChannel } });
    this.kernel = this.addWeight({
      name: "kernel",
      shape: [...this.kernelSize, this.filters, inputChannel],
      initializer: this.kernelInitializer,
      regularizer: this.kernelRegularizer,
      constraint: this.kernelConstraint,
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
    let outputs = convTranspose(inputs, this.kernel!.value, {
      strides: this.strides,
      padding: this.padding,
      outputPadding: this.outputPadding,
      dilationRate: this.dilationRate,
      dataFormat: this.dataFormat,
    });
    if (this.bias) outputs = add(outputs, reshape(this.bias.value, channelVectorShape(this.rank, this.filters, this.dataFormat)));
    return this.activation(outputs);
  }

  override computeOutputShape(inputShape: Shape): (number | null)[] {
    return convTransposeOutputShape(
      inputShape, this.kernelSize, this.filters, this.strides, this.padding, this.outputPadding, this.dataFormat, this.dilationRate,
    );
  }

  override getConfig(): Record<string, any> {
    return {
      ...baseLayerConfig(super.getConfig()),
      filters: this.filters,
      kernel_size: this.kernelSize.slice(),
      strides: this.strides.slice(),
      padding: this.padding,
      output_padding: this.outputPadding ? this.outputPadding.slice() : null,
      data_format: this.dataFormat,
      dilation_rate: this.dilationRate.slice(),
      activation: activations.serialize(this.activation),
      use_bias: this.useBias,
      kernel_initializer: initializers.serialize(this.kernelInitializer),
      bias_initializer: initializers.serialize(this.biasInitializer),
      kernel_regularizer: regularizerConfig(this.kernelRegularizer),
      bias_regularizer: regularizerConfig(this.biasRegularizer),
      activity_regularizer: regularizerConfig(this.activityRegularizer),
      kernel_constraint: constraintConfig(this.kernelConstraint),
      bias_constraint: constraintConfig(this.biasConstraint),
    };
  }

  /** Subclasses take (filters, kernelSize, options). */
  static override fromConfig(config: Record<string, any>): Layer {
    const { filters, kernelSize, ...options } = layerOptionsFromConfig(config);
    return new (this as unknown as new (f: number, k: number | number[], o: BaseConvTransposeOptions) => Layer)(filters, kernelSize, options);
  }
}
