/**
 * `keras.layers.Embedding(inputDim, outputDim)`: looks up rows of an
 * (inputDim, outputDim) matrix by integer id, so (batch, ...) ids become
 * (batch, ..., outputDim) vectors. With `maskZero` id 0 is padding: the layer
 * then produces the mask `ids != 0`, which reaches the layers that follow.
 */
import { ValueError } from "../../engine/errors.js";
import { isTensor, Tensor } from "../../engine/tensor.js";
import type { Variable } from "../../engine/variable.js";
import { notEqual } from "../../ops/math/comparison.js";
import { cast } from "../../ops/core/cast.js";
import { take } from "../../ops/shape/indexing.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { KerasTensor } from "../keras-tensor.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { addLoraFactors, checkLoraCanEnable, withLoraUpdate } from "./lora.js";
import { TrioOptions, WeightTrios, addTrioWeight, readWeightOptions, weightTriosConfig } from "../weight-options.js";

export interface EmbeddingOptions extends LayerOptions, TrioOptions<"embeddings"> {
  maskZero?: boolean;
  /** Initial embeddings: an (inputDim, outputDim) matrix, or a one-element list holding it. */
  weights?: unknown;
  /** LoRA: a low-rank trainable update of frozen embeddings (Keras's `enable_lora`). */
  loraRank?: number | null;
  loraAlpha?: number | null;
  /** Quantization is not supported; only `null` is accepted (kept for config compatibility). */
  quantizationConfig?: null;
  /**
   * Deprecated (Keras 2). Still honoured as Keras 2 did: it gives the layer the
   * input shape [inputLength], so an Embedding first in a Sequential builds it.
   */
  inputLength?: number | null;
}

let inputLengthWarned = false;

function isPositiveInt(x: unknown): x is number {
  return typeof x === "number" && Number.isInteger(x) && x > 0;
}

/** Keras wraps `weights` in a list unless it already is a one-element list of matrices. */
function asWeightList(weights: unknown): unknown[] {
  if (Array.isArray(weights) && weights.length === 1) {
    const w = weights[0];
    if (isTensor(w) || ArrayBuffer.isView(w) || (Array.isArray(w) && Array.isArray(w[0]))) return weights;
  }
  return [weights];
}

export interface Embedding extends WeightTrios<"embeddings"> {}

export class Embedding extends Layer {
  declare inputDim: number;
  declare outputDim: number;
  declare maskZero: boolean;
  declare loraRank: number | null;
  declare loraAlpha: number | null;
  declare loraEnabled: boolean;
  declare _embeddings: Variable | null;
  declare loraEmbeddingsA: Variable | null;
  declare loraEmbeddingsB: Variable | null;

  constructor(inputDim: number, outputDim: number, options: EmbeddingOptions = {}) {
    const { weights: trio, rest } = readWeightOptions(options, { embeddings: "uniform" });
    const { maskZero, weights, loraRank, loraAlpha, quantizationConfig, inputLength, ...base } = rest;
    if (inputLength !== undefined && inputLength !== null) {
      if (!inputLengthWarned) {
        inputLengthWarned = true;
        console.warn(
          "Argument `input_length` is deprecated. Just remove it. " +
            "(keras-ts still uses it as the layer's input shape, as Keras 2 did.)",
        );
      }
      if (base.inputShape == null && base.inputDim == null && base.batchInputShape == null) base.inputShape = [inputLength];
    }
    super(base);
    if (!isPositiveInt(inputDim)) {
      throw new ValueError(`Embedding: \`input_dim\` must be a positive integer (the vocabulary size). Received: input_dim=${String(inputDim)}`);
    }
    if (!isPositiveInt(outputDim)) {
      throw new ValueError(`Embedding: \`output_dim\` must be a positive integer. Received: output_dim=${String(outputDim)}`);
    }
    if (quantizationConfig !== undefined && quantizationConfig !== null) {
      throw new ValueError("Embedding: quantization is not supported by keras-ts; `quantizationConfig` must be null.");
    }
    this.inputDim = inputDim;
    this.outputDim = outputDim;
    Object.assign(this, trio);
    this.maskZero = maskZero ?? false;
    this.supportsMasking = this.maskZero;
    // Ids are integers: never autocast them to the float compute dtype.
    this.autocast = false;
    this.loraRank = loraRank ?? null;
    this.loraAlpha = loraAlpha ?? loraRank ?? null;
    this.loraEnabled = false;
    this._embeddings = null;
    this.loraEmbeddingsA = null;
    this.loraEmbeddingsB = null;
    if (weights !== undefined && weights !== null) {
      this.build();
      this.setWeights(asWeightList(weights));
    }
  }

  /** The input shape is not needed: the matrix is (inputDim, outputDim) whatever the ids look like. */
  override build(_inputShape?: unknown): void {
    if (this._embeddings) return;
    this._embeddings = addTrioWeight(this, "embeddings", "embeddings", [this.inputDim, this.outputDim]);
    if (this.loraRank) this.enableLora(this.loraRank, { alpha: this.loraAlpha });
  }

  /** The effective matrix: the variable, plus the scaled low-rank update when LoRA is on. */
  get embeddings(): Variable | Tensor {
    if (!this._embeddings) throw new ValueError("You must build the layer before accessing `embeddings`.");
    if (!this.loraEnabled) return this._embeddings;
    return withLoraUpdate(this._embeddings.value, this.loraEmbeddingsA!, this.loraEmbeddingsB!, this.loraAlpha! / this.loraRank!);
  }

  /**
   * Keras's `enable_lora(rank)`: freezes `embeddings` and adds trainable
   * `lora_embeddings_a` (inputDim, rank; he_uniform) and `lora_embeddings_b` (rank, outputDim; zeros).
   */
  enableLora(rank: number, options: { alpha?: number | null; aInitializer?: unknown; bInitializer?: unknown } = {}): void {
    checkLoraCanEnable(this.embeddingsConstraint, this._embeddings !== null, this.loraEnabled, "embeddings_constraint");
    const embeddings = this._embeddings!;
    [this.loraEmbeddingsA, this.loraEmbeddingsB] = addLoraFactors(
      this, embeddings, rank, this.embeddingsRegularizer, ["lora_embeddings_a", "lora_embeddings_b"], options,
    );
    embeddings.trainable = false;
    this.loraEnabled = true;
    this.loraRank = rank;
    this.loraAlpha = options.alpha ?? rank;
  }

  override call(inputs: Tensor): Tensor {
    const ids = inputs.dtype === "int32" ? inputs : cast(inputs, "int32");
    const table = this.embeddings;
    const out = take(isTensor(table) ? table : table.value, ids, 0);
    return out.dtype === this.computeDtype ? out : cast(out, this.computeDtype);
  }

  override computeMask(inputs: Tensor | KerasTensor, _previousMask?: unknown): Tensor | KerasTensor | null {
    if (!this.maskZero) return null;
    return notEqual(inputs as never, 0) as Tensor | KerasTensor;
  }

  override computeOutputShape(inputShape: readonly (number | null)[]): (number | null)[] {
    return [...inputShape, this.outputDim];
  }

  override getConfig(): Record<string, any> {
    const { activity_regularizer: _ignored, ...base } = super.getConfig();
    const config: Record<string, any> = {
      ...base,
      input_dim: this.inputDim,
      output_dim: this.outputDim,
      ...weightTriosConfig(this, ["embeddings"], { activity: this }),
      mask_zero: this.maskZero,
      quantization_config: null,
    };
    if (this.loraRank) {
      config.lora_rank = this.loraRank;
      config.lora_alpha = this.loraAlpha;
    }
    return config;
  }

  static override fromConfig(config: Record<string, any>): Embedding {
    const { inputDim, outputDim, ...options } = layerOptionsFromConfig(config);
    return new Embedding(inputDim, outputDim, options);
  }
}

registerBuiltin("keras.layers", "Embedding", Embedding);
