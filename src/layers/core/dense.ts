/**
 * `keras.layers.Dense`: `activation(inputs @ kernel + bias)`. Inputs of rank
 * > 2 are contracted on their last axis only: (batch, d0, in) -> (batch, d0, units).
 */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import type { Variable } from "../../engine/variable.js";
import * as activations from "../../activations/index.js";
import { add } from "../../ops/math/arithmetic.js";
import { matmul } from "../../ops/linalg/matmul.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { InputSpec } from "../input-spec.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { enableKernelLora, withLoraUpdate } from "./lora.js";
import { KERNEL_AND_BIAS, TrioOptions, WeightTrios, addTrioWeight, readWeightOptions, weightTriosConfig } from "../weight-options.js";

export interface DenseOptions extends LayerOptions, TrioOptions<"kernel" | "bias"> {
  activation?: unknown;
  useBias?: boolean;
  /** LoRA: a low-rank trainable update of a frozen kernel (Keras's `enable_lora`). */
  loraRank?: number | null;
  loraAlpha?: number | null;
  /** Quantization is not supported; only `null` is accepted (kept for config compatibility). */
  quantizationConfig?: null;
}

type Fn = (x: any) => any;

export interface Dense extends WeightTrios<"kernel" | "bias"> {}

export class Dense extends Layer {
  declare units: number;
  declare activation: Fn;
  declare useBias: boolean;
  declare loraRank: number | null;
  declare loraAlpha: number | null;
  declare loraEnabled: boolean;
  declare _kernel: Variable | null;
  declare bias: Variable | null;
  declare loraKernelA: Variable | null;
  declare loraKernelB: Variable | null;

  constructor(units: number, options: DenseOptions = {}) {
    const { weights, rest } = readWeightOptions(options, KERNEL_AND_BIAS, ["activation", "useBias"]);
    const { loraRank, loraAlpha, quantizationConfig, ...base } = rest;
    super(base);
    if (typeof units !== "number" || !Number.isInteger(units) || units <= 0) {
      throw new ValueError(`Received an invalid value for \`units\`, expected a positive integer. Received: units=${String(units)}`);
    }
    if (quantizationConfig !== undefined && quantizationConfig !== null) {
      throw new ValueError("Dense: quantization is not supported by keras-ts; `quantizationConfig` must be null.");
    }
    this.units = units;
    Object.assign(this, weights);
    this.loraRank = loraRank ?? null;
    this.loraAlpha = loraAlpha ?? loraRank ?? null;
    this.loraEnabled = false;
    this._kernel = null;
    this.bias = null;
    this.loraKernelA = null;
    this.loraKernelB = null;
    this.inputSpec = new InputSpec({ minNdim: 2 });
    this.supportsMasking = true;
  }

  override build(inputShape: (number | null)[]): void {
    const inputDim = inputShape[inputShape.length - 1];
    if (inputDim === null || inputDim === undefined) {
      throw new ValueError(
        `The last dimension of the inputs to a Dense layer should be defined. Found None. Full input shape received: ${JSON.stringify(inputShape)}`,
      );
    }
    this._kernel = addTrioWeight(this, "kernel", "kernel", [inputDim, this.units]);
    if (this.useBias) this.bias = addTrioWeight(this, "bias", "bias", [this.units]);
    this.inputSpec = new InputSpec({ minNdim: 2, axes: { [-1]: inputDim } });
    if (this.loraRank) this.enableLora(this.loraRank, { alpha: this.loraAlpha });
  }

  /** The effective kernel: the kernel variable, plus the scaled low-rank update when LoRA is on. */
  get kernel(): Variable | Tensor {
    if (!this._kernel) throw new ValueError(`Dense layer '${this.name}' is not built yet: it has no kernel.`);
    if (!this.loraEnabled) return this._kernel;
    return withLoraUpdate(this._kernel.value, this.loraKernelA!, this.loraKernelB!, (this.loraAlpha ?? this.loraRank!) / this.loraRank!);
  }

  /**
   * Keras's `enable_lora(rank)`: freezes the kernel and adds trainable
   * `lora_kernel_a` (in, rank; he_uniform) and `lora_kernel_b` (rank, units; zeros).
   */
  enableLora(rank: number, options: { alpha?: number | null; aInitializer?: unknown; bInitializer?: unknown } = {}): void {
    enableKernelLora(this, rank, options.alpha, options);
  }

  override call(inputs: Tensor): Tensor {
    let x = matmul(inputs, this.kernel as never);
    if (this.bias) x = add(x, this.bias.value);
    return this.activation(x);
  }

  override computeOutputShape(inputShape: (number | null)[]): (number | null)[] {
    return [...inputShape.slice(0, -1), this.units];
  }

  override getConfig(): Record<string, any> {
    const config: Record<string, any> = {
      ...super.getConfig(),
      units: this.units,
      activation: activations.serialize(this.activation),
      use_bias: this.useBias,
      ...weightTriosConfig(this, ["kernel", "bias"]),
      quantization_config: null,
    };
    if (this.loraRank) {
      config.lora_rank = this.loraRank;
      config.lora_alpha = this.loraAlpha;
    }
    return config;
  }

  static override fromConfig(config: Record<string, any>): Dense {
    const { units, ...options } = layerOptionsFromConfig(config);
    return new Dense(units, options);
  }
}

registerBuiltin("keras.layers", "Dense", Dense);
