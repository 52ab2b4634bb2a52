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
import type { ImageDataFormat } from "../../config/settings.js";
import { standardizeDataFormat } from "../../config/settings.js";
import * as activations from "../../activations/index.js";
import * as initializers from "../../initializers/index.js";
import * as regularizers from "../../regularizers/index.js";
import * as constraints from "../../constraints/index.js";
import { add, multiply } from "../../ops/math/arithmetic.js";
import { matmul } from "../../ops/linalg/matmul.js";
import { reshape } from "../../ops/shape/reshape.js";
import { conv } from "../../ops/nn/conv.js";
import { InputSpec } from "../input-spec.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { pyShape } from "../py-format.js";
import {
  ConvPadding, Shape, channelAxis, channelVectorShape, convOutputShape, inputChannels, pyTuple, standardizePadding, standardizeTuple,
} from "./conv-args.js";

export interface BaseConvOptions extends LayerOptions {
  strides?: number | number[];
  /** "valid" or "same" (case-insensitive); Conv1D also accepts "causal". */
  padding?: string;
  dataFormat?: string | null;
  dilationRate?: number | number[];
  groups?: number;
  activation?: unknown;
  useBias?: boolean;
  kernelInitializer?: unknown;
  biasInitializer?: unknown;
  kernelRegularizer?: unknown;
  biasRegularizer?: unknown;
  kernelConstraint?: unknown;
  biasConstraint?: unknown;
  loraRank?: number | null;
  loraAlpha?: number | null;
}

type Fn = (x: any) => any;

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

/** A regularizer's or constraint's Keras envelope, or null when there is none. */
export function regularizerConfig(x: unknown): unknown {
  return x ? regularizers.serialize(x as never) : null;
}
export function constraintConfig(x: unknown): unknown {
  return x ? constraints.serialize(x as never) : null;
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

export abstract class BaseConv extends Layer {
  declare rank: number;
  declare filters: number;
  declare kernelSize: number[];
  declare strides: number[];
  declare padding: ConvPadding;
  declare dataFormat: ImageDataFormat;
  declare dilationRate: number[];
  declare groups: number;
  declare activation: Fn;
  declare useBias: boolean;
  declare kernelInitializer: any;
  declare biasInitializer: any;
  declare kernelRegularizer: any;
  declare biasRegularizer: any;
  declare kernelConstraint: any;
  declare biasConstraint: any;
  declare loraRank: number | null;
  declare loraAlpha: number | null;
  declare loraEnabled: boolean;
  declare _kernel: Variable | null;
  declare bias: Variable | null;
  declare loraKernelA: Variable | null;
  declare loraKernelB: Variable | null;

  constructor(rank: number, filters: number, kernelSize: number | number[], options: BaseConvOptions = {}) {
    const {
      strides, padding, dataFormat, dilationRate, groups, activation, useBias, kernelInitializer, biasInitializer,
      kernelRegularizer, biasRegularizer, kernelConstraint, biasConstraint, loraRank, loraAlpha, ...base
    } = options;
    super(base);
    this.rank = rank;
    this.filters = checkFilters(filters);
    this.groups = groups ?? 1;
    this.kernelSize = standardizeTuple(kernelSize, rank, "kernel_size");
    this.strides = standardizeTuple(strides ?? 1, rank, "strides");
    this.dilationRate = standardizeTuple(dilationRate ?? 1, rank, "dilation_rate");
    this.padding = standardizePadding(padding ?? "valid", rank === 1);
    this.dataFormat = standardizeDataFormat(dataFormat);
    this.activation = activations.get(activation as never) as Fn;
    this.useBias = useBias ?? true;
    this.kernelInitializer = initializers.get((kernelInitializer ?? "glorot_uniform") as never);
    this.biasInitializer = initializers.get((biasInitializer ?? "zeros") as never);
    this.kernelRegularizer = regularizers.get(kernelRegularizer as never) ?? null;
    this.biasRegularizer = regularizers.get(biasRegularizer as never) ?? null;
    this.kernelConstraint = constraints.get(kernelConstraint as never) ?? null;
    this.biasConstraint = constraints.get(biasConstraint as never) ?? null;
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
    const inputChannel = definedChannels(inputShape, this.dataFormat, this.name);
    this.inputSpec = new InputSpec({ minNdim: this.rank + 2, axes: { [channelAxis(this.dataFormat)]: inputChannel } });
    if (inputChannel % this.groups !== 0) {
      throw new ValueError(
        `The number of input channels must be evenly divisible by the number of groups. Received groups=${this.groups}, ` +
          `but the input has ${inputChannel} channels (full input shape is ${pyShape(inputShape)}).`,
      );
    }
    // Validates the input shape (a "valid" window longer than the input is an error) before creating weights.
    this.computeOutputShape(inputShape);
    this._kernel = this.addWeight({
      name: "kernel",
      shape: [...this.kernelSize, inputChannel / this.groups, this.filters],
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
    if (this.loraRank) this.enableLora(this.loraRank, { alpha: this.loraAlpha });
  }

  /** The effective kernel: the kernel variable's value, plus the scaled low-rank update when LoRA is on. */
  get kernel(): Tensor {
    if (!this._kernel) throw new ValueError(`You must build the layer '${this.name}' before accessing \`kernel\`.`);
    if (!this.loraEnabled) return this._kernel.value;
    const update = matmul(this.loraKernelA!.value, this.loraKernelB!.value);
    return add(this._kernel.value, multiply(update, this.loraAlpha! / this.loraRank!));
  }

  /**
   * Keras's `enable_lora(rank)`: freezes the kernel and adds trainable
   * `lora_kernel_a` (*kernelSize, in / groups, rank; he_uniform) and `lora_kernel_b` (rank, filters; zeros).
   */
  enableLora(rank: number, options: { alpha?: number | null; aInitializer?: unknown; bInitializer?: unknown } = {}): void {
    if (this.kernelConstraint) {
      throw new ValueError(
        "Lora is incompatible with kernel constraints. In order to enable lora on this layer, remove the `kernel_constraint` argument.",
      );
    }
    if (!this._kernel) throw new ValueError("Cannot enable lora on a layer that isn't yet built.");
    if (this.loraEnabled) throw new ValueError("lora is already enabled. This can only be done once per layer.");
    const wasLocked = this._locked;
    this._locked = false;
    try {
      this.loraKernelA = this.addWeight({
        name: "lora_kernel_a",
        shape: [...this._kernel.shape.slice(0, -1), rank],
        initializer: options.aInitializer ?? "he_uniform",
        regularizer: this.kernelRegularizer,
      });
      this.loraKernelB = this.addWeight({
        name: "lora_kernel_b",
        shape: [rank, this.filters],
        initializer: options.bInitializer ?? "zeros",
        regularizer: this.kernelRegularizer,
      });
      this._kernel.trainable = false;
    } finally {
      this._locked = wasLocked;
    }
    this.loraEnabled = true;
    this.loraRank = rank;
    this.loraAlpha = options.alpha ?? rank;
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
    let outputs = this.convolutionOp(inputs, this.kernel);
    if (this.bias) outputs = add(outputs, reshape(this.bias.value, channelVectorShape(this.rank, this.filters, this.dataFormat)));
    return this.activation(outputs);
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
      kernel_size: this.kernelSize.slice(),
      strides: this.strides.slice(),
      padding: this.padding,
      data_format: this.dataFormat,
      dilation_rate: this.dilationRate.slice(),
      groups: this.groups,
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
