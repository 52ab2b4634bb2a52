/**
 * `keras.layers.ReversibleEmbedding(inputDim, outputDim, { tieWeights, reverseDtype, logitSoftCap })`:
 * an Embedding that can also project back to the vocabulary. Called as usual
 * it looks ids up; called as `layer.apply(hidden, { reverse: true })` it
 * returns `hidden @ embeddings^T` (tied, the default) or `hidden @
 * reverse_embeddings` (an (outputDim, inputDim) trainable matrix when
 * `tieWeights` is false), optionally in `reverseDtype` and soft-capped as
 * `tanh(logits / cap) * cap`. Language models use it to share the token
 * table between the input embedding and the output logits.
 */
import { DType, promoteTypes, standardizeDType } from "../../engine/dtype.js";
import { ValueError } from "../../engine/errors.js";
import { isTensor, Tensor } from "../../engine/tensor.js";
import type { Variable } from "../../engine/variable.js";
import { cast } from "../../ops/core/cast.js";
import { divide, multiply } from "../../ops/math/arithmetic.js";
import { tanh } from "../../ops/math/unary.js";
import { matmul } from "../../ops/linalg/matmul.js";
import { transpose } from "../../ops/shape/transpose.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { KerasTensor } from "../keras-tensor.js";
import type { CallKwargs } from "../layer.js";
import { layerOptionsFromConfig } from "../layer.js";
import { Embedding, EmbeddingOptions } from "./embedding.js";

type Shape = readonly (number | null)[];

export interface ReversibleEmbeddingOptions extends EmbeddingOptions {
  /** Reverse projection with the transposed `embeddings` (true, default) or a separate `reverse_embeddings`. */
  tieWeights?: boolean;
  /** The dtype of the reverse projection; defaults to the layer's compute dtype. */
  reverseDtype?: string | null;
  /** When set, reverse logits become `tanh(logits / cap) * cap`. */
  logitSoftCap?: number | null;
}

export interface ReversibleEmbeddingCallKwargs extends CallKwargs {
  reverse?: boolean;
}

/** As Embedding: one bare matrix (Tensor, typed array or nested rows) stands for [embeddings]. */
function asWeightList(weights: unknown): unknown[] {
  const bareMatrix = isTensor(weights) || ArrayBuffer.isView(weights) || (Array.isArray(weights) && Array.isArray(weights[0]) && typeof weights[0][0] === "number");
  return bareMatrix ? [weights] : (weights as unknown[]);
}

export class ReversibleEmbedding extends Embedding {
  declare tieWeights: boolean;
  declare reverseDtype: string | null;
  declare logitSoftCap: number | null;
  declare reverseEmbeddings: Variable | null;

  constructor(inputDim: number, outputDim: number, options: ReversibleEmbeddingOptions = {}) {
    // `weights` is applied here, once tieWeights is known (Embedding would build before it is).
    const { tieWeights = true, reverseDtype = null, logitSoftCap = null, weights, ...embeddingOptions } = options;
    super(inputDim, outputDim, embeddingOptions);
    if (typeof tieWeights !== "boolean") {
      throw new ValueError(`ReversibleEmbedding: \`tie_weights\` must be a boolean. Received: tie_weights=${String(tieWeights)}`);
    }
    if (reverseDtype !== null) standardizeDType(reverseDtype, "ReversibleEmbedding: `reverse_dtype`");
    if (logitSoftCap !== null && !(typeof logitSoftCap === "number" && logitSoftCap > 0)) {
      throw new ValueError(`ReversibleEmbedding: \`logit_soft_cap\` must be a positive number or null. Received: logit_soft_cap=${String(logitSoftCap)}`);
    }
    this.tieWeights = tieWeights;
    this.reverseDtype = reverseDtype;
    this.logitSoftCap = logitSoftCap;
    this.reverseEmbeddings ??= null;
    if (weights !== undefined && weights !== null) {
      this.build();
      this.setWeights(asWeightList(weights));
    }
  }

  override build(inputShape?: unknown): void {
    super.build(inputShape);
    // Embedding's constructor may build before tieWeights is set: only an explicit false adds the matrix.
    if (this.tieWeights === false && !this.reverseEmbeddings) {
      this.reverseEmbeddings = this.addWeight({
        name: "reverse_embeddings",
        shape: [this.outputDim, this.inputDim],
        initializer: this.embeddingsInitializer,
        trainable: true,
      });
    }
  }

  override call(inputs: Tensor, kwargs: ReversibleEmbeddingCallKwargs = {}): Tensor {
    if (!kwargs.reverse) {
      const out = super.call(inputs);
      // Keras attaches the ids' mask here, since computeMask cannot tell the two directions apart.
      const mask = super.computeMask(inputs);
      if (mask) out.kerasMask = mask as Tensor;
      return out;
    }
    this.checkReverseInput(inputs.shape);
    const table = this.tieWeights ? this.embeddings : this.reverseEmbeddings!;
    const value = isTensor(table) ? table : table.value;
    let kernel = this.tieWeights ? transpose(value) : value;
    let x = inputs;
    const dtype = this.reverseDtype === null ? this.computeDtype : standardizeDType(this.reverseDtype);
    if (kernel.dtype !== dtype) kernel = cast(kernel, dtype);
    if (this.reverseDtype !== null && x.dtype !== dtype) x = cast(x, dtype);
    let logits = matmul(x, kernel);
    if (this.logitSoftCap !== null) logits = multiply(tanh(divide(logits, this.logitSoftCap)), this.logitSoftCap);
    return logits;
  }

  /** The mask is attached in `call` (forward only): the reverse projection has none. */
  override computeMask(_inputs: unknown, _previousMask?: unknown): null {
    return null;
  }

  override computeOutputShape(inputShape: Shape, kwargs: ReversibleEmbeddingCallKwargs = {}): (number | null)[] {
    if (!kwargs.reverse) return [...inputShape, this.outputDim];
    this.checkReverseInput(inputShape);
    return [...inputShape.slice(0, -1), this.inputDim];
  }

  override computeOutputSpec(inputs: KerasTensor, kwargs: ReversibleEmbeddingCallKwargs = {}): KerasTensor {
    const shape = this.computeOutputShape(inputs.shape, kwargs);
    const out = new KerasTensor(shape, { dtype: kwargs.reverse ? this.reverseOutputDtype(inputs.dtype) : this.computeDtype });
    if (!kwargs.reverse && this.maskZero) out.kerasMask = super.computeMask(inputs) as KerasTensor;
    return out;
  }

  /** What `call` returns in reverse: the reverse dtype, or the inputs promoted with the compute dtype. */
  private reverseOutputDtype(inputDtype: DType): DType {
    if (this.reverseDtype !== null) return standardizeDType(this.reverseDtype);
    return promoteTypes(inputDtype, this.computeDtype);
  }

  private checkReverseInput(shape: Shape): void {
    const last = shape.length ? shape[shape.length - 1] : undefined;
    if (last !== this.outputDim && last !== null) {
      throw new ValueError(
        `ReversibleEmbedding '${this.name}': with reverse=True the inputs' last dimension must be output_dim=${this.outputDim}. ` +
          `Received: inputs.shape=(${shape.join(", ")})`,
      );
    }
  }

  override getConfig(): Record<string, any> {
    return {
      ...super.getConfig(),
      tie_weights: this.tieWeights,
      reverse_dtype: this.reverseDtype,
      logit_soft_cap: this.logitSoftCap,
    };
  }

  static override fromConfig(config: Record<string, any>): ReversibleEmbedding {
    const { inputDim, outputDim, ...options } = layerOptionsFromConfig(config);
    return new ReversibleEmbedding(inputDim, outputDim, options);
  }
}

registerBuiltin("keras.layers", "ReversibleEmbedding", ReversibleEmbedding);
