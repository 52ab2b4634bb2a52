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
import * as activations from "../../activations/index.js";
import { convTranspose } from "../../ops/nn/conv.js";
import { InputSpec } from "../input-spec.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { KERNEL_AND_BIAS, TrioOptions, WeightTrios, addTrioWeight, readWeightOptions, weightTriosConfig } from "../weight-options.js";
import { Shape, convTransposeOutputShape, pyTuple, standardizeTuple } from "./conv-args.js";
import {
  ConvWindow, ConvWindowOptions, baseLayerConfig, biasAndActivation, checkFilters, checkStridesWithDilation, convWindowConfig, pinInputChannels,
  readConvWindow,
} from "./conv-layer-parts.js";

export interface BaseConvTransposeOptions extends LayerOptions, ConvWindowOptions, TrioOptions<"kernel" | "bias"> {
  /** Extra length added on one side of each output dim (< the stride); null: the smallest consistent output. */
  outputPadding?: number | number[] | null;
  activation?: unknown;
  useBias?: boolean;
}

type Fn = (x: any) => any;

export interface BaseConvTranspose extends ConvWindow, WeightTrios<"kernel" | "bias"> {}

export abstract class BaseConvTranspose extends Layer {
  declare filters: number;
  declare outputPadding: number[] | null;
  declare activation: Fn;
  declare useBias: boolean;
  declare kernel: Variable | null;
  declare bias: Variable | null;

  constructor(rank: number, filters: number, kernelSize: number | number[], options: BaseConvTransposeOptions = {}) {
    const { weights, rest } = readWeightOptions(options, KERNEL_AND_BIAS, ["activation", "useBias"]);
    const { window, rest: own } = readConvWindow(rank, kernelSize, rest);
    const { outputPadding, ...base } = own;
    super(base);
    this.filters = checkFilters(filters);
    Object.assign(this, window, weights);
    this.outputPadding = outputPadding === undefined || outputPadding === null ? null : standardizeTuple(outputPadding, rank, "output_padding", true);
    this.kernel = null;
    this.bias = null;
    this.inputSpec = new InputSpec({ minNdim: rank + 2 });

    if (this.outputPadding && this.outputPadding.some((p, i) => p >= this.strides[i])) {
      throw new ValueError(`\`output_padding\` must be < \`strides\`. output_padding=${pyTuple(this.outputPadding)}, strides=${pyTuple(this.strides)}`);
    }
    checkStridesWithDilation(this.strides, this.dilationRate);
  }

  override build(inputShape: (number | null)[]): void {
    const inputChannel = pinInputChannels(this, inputShape);
    this.kernel = addTrioWeight(this, "kernel", "kernel", [...this.kernelSize, this.filters, inputChannel]);
    if (this.useBias) this.bias = addTrioWeight(this, "bias", "bias", [this.filters]);
  }

  override call(inputs: Tensor): Tensor {
    const outputs = convTranspose(inputs, this.kernel!.value, {
      strides: this.strides,
      padding: this.padding,
      outputPadding: this.outputPadding,
      dilationRate: this.dilationRate,
      dataFormat: this.dataFormat,
    });
    return biasAndActivation(outputs, this.bias, this, this.activation);
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
      ...convWindowConfig(this, { output_padding: this.outputPadding ? this.outputPadding.slice() : null }),
      activation: activations.serialize(this.activation),
      use_bias: this.useBias,
      ...weightTriosConfig(this, ["kernel", "bias"], { activity: this }),
    };
  }

  /** Subclasses take (filters, kernelSize, options). */
  static override fromConfig(config: Record<string, any>): Layer {
    const { filters, kernelSize, ...options } = layerOptionsFromConfig(config);
    return new (this as unknown as new (f: number, k: number | number[], o: BaseConvTransposeOptions) => Layer)(filters, kernelSize, options);
  }
}
