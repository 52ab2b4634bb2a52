/**
 * The shared body of `Conv1D`, `Conv2D` and `Conv3D` (Keras's `BaseConv`):
 * `activation(conv(inputs, kernel) + bias)` with a kernel of shape
 * (*kernelSize, inputChannels / groups, filters) and a bias of (filters,).
 * `groups` splits the channels into independent convolutions; "causal"
 * padding (1-D only) is handled by Conv1D. LoRA (`loraRank`) adds a trainable
 * low-rank update (kernel.shape[:-1] + (rank,)) @ (rank, filters) to a frozen kernel.
 */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import type { Variable } from "../../engine/variable.js";
import * as activations from "../../activations/index.js";
import { multiply } from "../../ops/math/arithmetic.js";
import { conv } from "../../ops/nn/conv.js";
import { InputSpec } from "../input-spec.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { enableKernelLora, withLoraUpdate } from "../core/lora.js";
import { pyShape } from "../py-format.js";
import { KERNEL_AND_BIAS, TrioOptions, WeightTrios, addTrioWeight, readWeightOptions, weightTriosConfig } from "../weight-options.js";
import { Shape, convOutputShape } from "./conv-args.js";
import {
  ConvWindow, ConvWindowOptions, baseLayerConfig, biasAndActivation, checkFilters, checkStridesWithDilation, convWindowConfig, pinInputChannels,
  readConvWindow,
} from "./conv-layer-parts.js";

export interface BaseConvOptions extends LayerOptions, ConvWindowOptions, TrioOptions<"kernel" | "bias"> {
  groups?: number;
  activation?: unknown;
  useBias?: boolean;
  loraRank?: number | null;
  loraAlpha?: number | null;
}

type Fn = (x: any) => any;

export interface BaseConv extends ConvWindow, WeightTrios<"kernel" | "bias"> {}

export abstract class BaseConv extends Layer {
  declare filters: number;
  declare groups: number;
  declare activation: Fn;
  declare useBias: boolean;
  declare loraRank: number | null;
  declare loraAlpha: number | null;
  declare loraEnabled: boolean;
  declare _kernel: Variable | null;
  declare bias: Variable | null;
  declare loraKernelA: Variable | null;
  declare loraKernelB: Variable | null;

  constructor(rank: number, filters: number, kernelSize: number | number[], options: BaseConvOptions = {}) {
    const { weights, rest } = readWeightOptions(options, KERNEL_AND_BIAS, ["activation", "useBias"]);
    const { window, rest: own } = readConvWindow(rank, kernelSize, rest, { allowCausal: rank === 1 });
    const { groups, loraRank, loraAlpha, ...base } = own;
    super(base);
    this.filters = checkFilters(filters);
    this.groups = groups ?? 1;
    Object.assign(this, window, weights);
    this.loraRank = loraRank ?? null;
    this.loraAlpha = loraAlpha ?? loraRank ?? null;
    this.loraEnabled = false;
    this._kernel = null;
    this.bias = null;
    this.loraKernelA = null;
    this.loraKernelB = null;
    this.inputSpec = new InputSpec({ minNdim: rank + 2 });

    if (typeof this.groups !== "number" || !Number.isInteger(this.groups) || this.groups <= 0) {
      throw new ValueError(`The number of groups must be a positive integer. Received: groups=${String(this.groups)}.`);
    }
    if (this.filters % this.groups !== 0) {
      throw new ValueError(
        `The number of filters must be evenly divisible by the number of groups. Received: groups=${this.groups}, filters=${this.filters}.`,
      );
    }
    checkStridesWithDilation(this.strides, this.dilationRate);
  }

  override build(inputShape: (number | null)[]): void {
    const inputChannel = pinInputChannels(this, inputShape);
    if (inputChannel % this.groups !== 0) {
      throw new ValueError(
        `The number of input channels must be evenly divisible by the number of groups. Received groups=${this.groups}, ` +
          `but the input has ${inputChannel} channels (full input shape is ${pyShape(inputShape)}).`,
      );
    }
    // Validates the input shape (a "valid" window longer than the input is an error) before creating weights.
    this.computeOutputShape(inputShape);
    this._kernel = addTrioWeight(this, "kernel", "kernel", [...this.kernelSize, inputChannel / this.groups, this.filters]);
    if (this.useBias) this.bias = addTrioWeight(this, "bias", "bias", [this.filters]);
    if (this.loraRank) this.enableLora(this.loraRank, { alpha: this.loraAlpha });
  }

  /** The effective kernel: the kernel variable's value, plus the scaled low-rank update when LoRA is on. */
  get kernel(): Tensor {
    if (!this._kernel) throw new ValueError(`You must build the layer '${this.name}' before accessing \`kernel\`.`);
    if (!this.loraEnabled) return this._kernel.value;
    return withLoraUpdate(this._kernel.value, this.loraKernelA!, this.loraKernelB!, this.loraAlpha! / this.loraRank!);
  }

  /**
   * Keras's `enable_lora(rank)`: freezes the kernel and adds trainable
   * `lora_kernel_a` (*kernelSize, in / groups, rank; he_uniform) and `lora_kernel_b` (rank, filters; zeros).
   */
  enableLora(rank: number, options: { alpha?: number | null; aInitializer?: unknown; bInitializer?: unknown } = {}): void {
    enableKernelLora(this, rank, options.alpha, options);
  }

  /** The convolution itself; Conv1D overrides it for causal padding. */
  protected convolutionOp(inputs: Tensor, kernel: Tensor): Tensor {
    return conv(inputs, kernel, {
      strides: this.strides,
      padding: this.padding,
      dilationRate: this.dilationRate,
      dataFormat: this.dataFormat,
    });
  }

  override call(inputs: Tensor): Tensor {
    return biasAndActivation(this.convolutionOp(inputs, this.kernel), this.bias, this, this.activation);
  }

  override computeOutputShape(inputShape: Shape): (number | null)[] {
    return convOutputShape(inputShape, this.filters, this.kernelSize, this.strides, this.padding, this.dataFormat, this.dilationRate);
  }

  /** With LoRA on, Keras saves the merged kernel (and the bias) only. */
  override saveOwnVariables(store: Record<string, Tensor>): void {
    if (!this.loraEnabled) return super.saveOwnVariables(store);
    store["0"] = this.kernel;
    if (this.bias) store["1"] = this.bias.value;
  }

  /** With LoRA on, the stored (merged) kernel replaces the frozen one and the low-rank factors restart from zero. */
  override loadOwnVariables(store: Record<string, unknown>): void {
    if (!this.loraEnabled) return super.loadOwnVariables(store);
    const expected = this.bias ? 2 : 1;
    if (Object.keys(store).length !== expected) {
      throw new ValueError(`Layer '${this.name}' expected ${expected} variables, but received ${Object.keys(store).length} variables during loading.`);
    }
    this._kernel!.assign(store["0"] as Tensor);
    if (this.bias) this.bias.assign(store["1"] as Tensor);
    this.loraKernelA!.assign(multiply(this.loraKernelA!.value, 0));
    this.loraKernelB!.assign(multiply(this.loraKernelB!.value, 0));
  }

  override getConfig(): Record<string, any> {
    const config: Record<string, any> = {
      ...baseLayerConfig(super.getConfig()),
      filters: this.filters,
      ...convWindowConfig(this),
      groups: this.groups,
      activation: activations.serialize(this.activation),
      use_bias: this.useBias,
      ...weightTriosConfig(this, ["kernel", "bias"], { activity: this }),
    };
    if (this.loraRank) {
      config.lora_rank = this.loraRank;
      config.lora_alpha = this.loraAlpha;
    }
    return config;
  }

  /** Subclasses take (filters, kernelSize, options). */
  static override fromConfig(config: Record<string, any>): Layer {
    const { filters, kernelSize, ...options } = layerOptionsFromConfig(config);
    return new (this as unknown as new (f: number, k: number | number[], o: BaseConvOptions) => Layer)(filters, kernelSize, options);
  }
}
