/**
 * `keras.layers.MultiHeadAttention(numHeads, keyDim, options)`: projects
 * query, key and value with EinsumDense sublayers named "query", "key" and
 * "value" (kernels (dim, heads, key_dim|value_dim)), computes
 * softmax(q k^T / sqrt(key_dim)) per head over the attention axes, combines
 * the values, and projects back with "attention_output" (kernel (heads,
 * value_dim, out)). Weights, in order: query kernel/bias, key..., value...,
 * output....
 *
 * `apply(query, value, { key, queryMask, valueMask, keyMask, attentionMask,
 * returnAttentionScores, training, useCausalMask })`. The Keras masks of
 * query, value and key (e.g. from Embedding(maskZero)) become the attention
 * mask; the output carries the query's mask.
 *
 * Two paths, as in Keras: without attention scores (and without dropout in
 * training, rank-3 inputs) the fused dot-product attention runs, where a
 * query row with every key masked attends uniformly; otherwise the explicit
 * path (a Softmax sublayer with the mask, then Dropout) runs, where such a
 * row gets all-zero weights.
 */
import { ValueError } from "../../engine/errors.js";
import * as regularizers from "../../regularizers/index.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import type { EinsumDense } from "../core/einsum-dense.js";
import { layerOptionsFromConfig } from "../layer.js";
import { pyRepr } from "../py-format.js";
import { buildAttentionEquation, buildProjEquation, projOutputShape } from "./attention-equations.js";
import { checkValueKeyShapes } from "./attention-call-helpers.js";
import { ProjectedAttention, ProjectedAttentionOptions, ProjectionRole, checkPositiveInt } from "./projected-attention.js";

export type { MultiHeadAttentionCallKwargs } from "./projected-attention.js";

type Shape = (number | null)[];

export interface MultiHeadAttentionOptions extends ProjectedAttentionOptions {
  valueDim?: number | null;
  /** Output feature shape (without batch and sequence axes); default: the query's last dimension. */
  outputShape?: number | readonly number[] | null;
  /** Axes attention runs over (default: all but batch and features). */
  attentionAxes?: number | readonly number[] | null;
}

export class MultiHeadAttention extends ProjectedAttention {
  declare numHeads: number;
  declare keyDim: number;
  declare valueDim: number;
  declare _outputShape: number[] | null;
  declare attentionAxes: number[] | null;
  /** Passed to the projection sublayers (Keras does not apply it to this layer's own output). */
  declare _sublayerActivityRegularizer: any;

  constructor(numHeads: number, keyDim: number, options: MultiHeadAttentionOptions = {}) {
    const { valueDim, outputShape, attentionAxes, activityRegularizer, ...rest } = options;
    const heads = checkPositiveInt("MultiHeadAttention", "num_heads", numHeads);
    const kDim = checkPositiveInt("MultiHeadAttention", "key_dim", keyDim);
    const vDim = valueDim ? checkPositiveInt("MultiHeadAttention", "value_dim", valueDim) : kDim;
    super("MultiHeadAttention", kDim, rest);
    this.numHeads = heads;
    this.keyDim = kDim;
    this.valueDim = vDim;
    let shape: number[] | null = null;
    if (outputShape !== undefined && outputShape !== null && !(Array.isArray(outputShape) && outputShape.length === 0)) {
      if (typeof outputShape === "number") shape = [outputShape];
      else if (Array.isArray(outputShape)) shape = outputShape.slice();
      else {
        throw new ValueError(
          `Invalid \`output_shape\`: ${pyRepr(outputShape)}. When specified, the \`output_shape\` should be of type tuple, list, or int.`,
        );
      }
    }
    this._outputShape = shape;
    if (typeof attentionAxes === "number") this.attentionAxes = [attentionAxes];
    else if (Array.isArray(attentionAxes)) this.attentionAxes = attentionAxes.slice();
    else if (attentionAxes !== undefined && attentionAxes !== null) {
      throw new ValueError(`\`attention_axes\` must be an int, list, or tuple.Received: attention_axes=${pyRepr(attentionAxes)}`);
    } else this.attentionAxes = null;
    this._sublayerActivityRegularizer = regularizers.get(activityRegularizer as never) ?? null;
  }

  protected override get sublayerActivityRegularizer(): unknown {
    return this._sublayerActivityRegularizer;
  }

  /** A projection from rank-`rank` inputs onto (heads, key_dim) for query and key, (heads, value_dim) for value and gate. */
  protected override projection(role: ProjectionRole, rank: number): EinsumDense {
    const dim = role === "query" || role === "key" ? this.keyDim : this.valueDim;
    const { equation, biasAxes, outputRank } = buildProjEquation(rank - 1, 1, 2);
    return this.einsumDense(equation, projOutputShape(outputRank - 1, [this.numHeads, dim]), biasAxes, role, role === "gate" ? "sigmoid" : undefined);
  }

  protected override dropoutNeedsExplicitPath(training: boolean | null): boolean {
    return training === true;
  }

  protected override get outputCarriesQueryMask(): boolean {
    return true;
  }

  override build(queryShape: Shape, valueShape: Shape, keyShape?: Shape | null): void {
    const kShape = this.checkedShapes(queryShape, valueShape, keyShape);
    checkValueKeyShapes(valueShape, kShape);
    this.buildProjections(queryShape, valueShape, kShape);
    this.buildAttention(queryShape.length + 1);

    const outputShape = this._outputShape ?? [queryShape[queryShape.length - 1] as number];
    const { equation, biasAxes, outputRank } = buildProjEquation(queryShape.length - 1, 2, outputShape.length);
    this._outputDense = this.einsumDense(equation, projOutputShape(outputRank - 1, outputShape), biasAxes, "attention_output");
    const projected = this._queryDense.computeOutputShape(queryShape);
    projected[projected.length - 1] = this.valueDim;
    this._outputDense.build(projected);
  }

  /** Keras's `_build_attention(rank)` for projected tensors of rank `rank`. */
  private buildAttention(rank: number): void {
    if (this.attentionAxes === null) {
      this.attentionAxes = [];
      for (let i = 1; i < rank - 2; i++) this.attentionAxes.push(i);
    } else {
      this.attentionAxes = this.attentionAxes.map((a) => (a >= 0 ? a : rank - 1 + a));
    }
    for (const a of this.attentionAxes) {
      if (!Number.isInteger(a) || a < 1 || a > rank - 3) {
        throw new ValueError(
          `MultiHeadAttention '${this.name}': invalid attention_axes ${pyRepr(this.attentionAxes)} for inputs of rank ${rank - 1}: ` +
            `each axis must be one of the non-batch, non-feature axes 1..${rank - 3}.`,
        );
      }
    }
    const { dotProduct, combine, scoresRank } = buildAttentionEquation(rank, this.attentionAxes);
    this._dotProductEquation = dotProduct;
    this._combineEquation = combine;
    this._maskHeadsAxis = -this.attentionAxes.length * 2 - 1;
    const normAxes: number[] = [];
    for (let i = scoresRank - this.attentionAxes.length; i < scoresRank; i++) normAxes.push(i);
    this.buildSoftmaxAndDropout(normAxes);
  }

  override computeOutputShape(queryShape: Shape, valueShape: Shape, keyShape?: Shape | null): Shape {
    checkValueKeyShapes(valueShape, this.checkedShapes(queryShape, valueShape, keyShape));
    return this._outputShape ? [...queryShape.slice(0, -1), ...this._outputShape] : queryShape.slice();
  }

  /** The attention-scores shape for these inputs: (batch and non-attention axes, heads, query attention axes, value attention axes). */
  protected override scoresShape(queryShape: readonly (number | null)[], valueShape: readonly (number | null)[]): Shape {
    const rank = queryShape.length + 1;
    const axes = this.attentionAxes ?? Array.from({ length: rank - 3 }, (_, i) => i + 1);
    const batchAxes = Array.from({ length: rank - 2 }, (_, i) => i).filter((i) => !axes.includes(i));
    return [...batchAxes.map((i) => queryShape[i]), this.numHeads, ...axes.map((i) => queryShape[i]), ...axes.map((i) => valueShape[i])];
  }

  override getConfig(): Record<string, any> {
    return {
      ...this.baseAttentionConfig(),
      num_heads: this.numHeads,
      key_dim: this.keyDim,
      value_dim: this.valueDim,
      dropout: this.dropout,
      use_bias: this.useBias,
      use_gate: this.useGate,
      output_shape: this._outputShape ? this._outputShape.slice() : null,
      attention_axes: this.attentionAxes ? this.attentionAxes.slice() : null,
      sliding_window: this.slidingWindow,
      ...this.weightArgumentsConfig(),
    };
  }

  static override fromConfig(config: Record<string, any>): MultiHeadAttention {
    const { numHeads, keyDim, ...options } = layerOptionsFromConfig(config);
    return new MultiHeadAttention(numHeads, keyDim, options);
  }
}

registerBuiltin("keras.layers", "MultiHeadAttention", MultiHeadAttention);
