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
import type { Tensor } from "../../engine/tensor.js";
import * as initializers from "../../initializers/index.js";
import * as regularizers from "../../regularizers/index.js";
import * as constraints from "../../constraints/index.js";
import { cast } from "../../ops/core/cast.js";
import { multiply } from "../../ops/math/arithmetic.js";
import { einsum } from "../../ops/linalg/einsum.js";
import { expandDims } from "../../ops/shape/dims.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { Softmax } from "../activations/softmax.js";
import { EinsumDense } from "../core/einsum-dense.js";
import { Dropout } from "../regularization/dropout.js";
import { KerasTensor } from "../keras-tensor.js";
import { CallKwargs, Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { pyRepr } from "../py-format.js";
import { computeAttentionMask } from "./attention-masks.js";
import { buildAttentionEquation, buildProjEquation, fusedDotProductAttention, projOutputShape } from "./attention-equations.js";
import {
  applyUnmasked, buildShapesOf, checkShapeArg, checkValueKeyShapes, maskFor, qkvBuildConfig, shapesFromBuildConfig,
} from "./attention-call-helpers.js";

type Shape = (number | null)[];
type T = Tensor | KerasTensor;

export interface MultiHeadAttentionOptions extends LayerOptions {
  valueDim?: number | null;
  dropout?: number;
  useBias?: boolean;
  /** Output feature shape (without batch and sequence axes); default: the query's last dimension. */
  outputShape?: number | readonly number[] | null;
  /** Axes attention runs over (default: all but batch and features). */
  attentionAxes?: number | readonly number[] | null;
  /** Keep only keys within `slidingWindow - 1` positions of each query (a symmetric band). */
  slidingWindow?: number | null;
  /** Accepted for compatibility; the CPU backend has no flash kernel, so it only enforces Keras's constraints. */
  flashAttention?: boolean | null;
  kernelInitializer?: unknown;
  biasInitializer?: unknown;
  kernelRegularizer?: unknown;
  biasRegularizer?: unknown;
  kernelConstraint?: unknown;
  biasConstraint?: unknown;
  /** Gated attention: the head outputs are multiplied by sigmoid(a "gate" projection of the query). */
  useGate?: boolean;
  seed?: number | null;
}

export interface MultiHeadAttentionCallKwargs extends CallKwargs {
  key?: T | null;
  queryMask?: T | null;
  valueMask?: T | null;
  keyMask?: T | null;
  attentionMask?: T | null;
  returnAttentionScores?: boolean;
  useCausalMask?: boolean;
}

function checkPositiveInt(layer: string, name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
    throw new ValueError(`${layer}: \`${name}\` must be a positive integer. Received: ${name}=${pyRepr(value)}`);
  }
  return value;
}

export class MultiHeadAttention extends Layer {
  declare numHeads: number;
  declare keyDim: number;
  declare valueDim: number;
  declare dropout: number;
  declare useBias: boolean;
  declare useGate: boolean;
  declare _outputShape: number[] | null;
  declare attentionAxes: number[] | null;
  declare slidingWindow: number | null;
  declare flashAttention: boolean;
  declare seed: number | null;
  declare kernelInitializer: any;
  declare biasInitializer: any;
  declare kernelRegularizer: any;
  declare biasRegularizer: any;
  declare kernelConstraint: any;
  declare biasConstraint: any;
  /** Passed to the projection sublayers (Keras does not apply it to this layer's own output). */
  declare _sublayerActivityRegularizer: any;
  declare _inverseSqrtKeyDim: number;
  declare _queryDense: EinsumDense;
  declare _keyDense: EinsumDense;
  declare _valueDense: EinsumDense;
  /** Only with useGate; created in build after value so the weight order stays query, key, value, gate, output. */
  declare _gateDense?: EinsumDense;
  declare _softmax: Softmax;
  declare _dropoutLayer: Dropout;
  declare _outputDense: EinsumDense;
  declare _dotProductEquation: string;
  declare _combineEquation: string;

  constructor(numHeads: number, keyDim: number, options: MultiHeadAttentionOptions = {}) {
    const {
      valueDim, dropout = 0, useBias = true, outputShape, attentionAxes, slidingWindow, flashAttention, kernelInitializer,
      biasInitializer, kernelRegularizer, biasRegularizer, activityRegularizer, kernelConstraint, biasConstraint,
      useGate = false, seed, ...base
    } = options;
    super(base);
    this.supportsMasking = true;
    this.numHeads = checkPositiveInt("MultiHeadAttention", "num_heads", numHeads);
    this.keyDim = checkPositiveInt("MultiHeadAttention", "key_dim", keyDim);
    this.valueDim = valueDim ? checkPositiveInt("MultiHeadAttention", "value_dim", valueDim) : this.keyDim;
    if (typeof dropout !== "number" || !(dropout >= 0 && dropout <= 1)) {
      throw new ValueError(`MultiHeadAttention: \`dropout\` must be a float between 0 and 1. Received: dropout=${pyRepr(dropout)}`);
    }
    this.dropout = dropout;
    this.useBias = useBias;
    this.useGate = useGate;
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
    this.slidingWindow = slidingWindow === undefined || slidingWindow === null ? null : checkPositiveInt("MultiHeadAttention", "sliding_window", slidingWindow);
    this.flashAttention = Boolean(flashAttention);
    this.seed = seed ?? null;
    this.kernelInitializer = initializers.get((kernelInitializer ?? "glorot_uniform") as never);
    this.biasInitializer = initializers.get((biasInitializer ?? "zeros") as never);
    this.kernelRegularizer = regularizers.get(kernelRegularizer as never) ?? null;
    this.biasRegularizer = regularizers.get(biasRegularizer as never) ?? null;
    this._sublayerActivityRegularizer = regularizers.get(activityRegularizer as never) ?? null;
    this.kernelConstraint = constraints.get(kernelConstraint as never) ?? null;
    this.biasConstraint = constraints.get(biasConstraint as never) ?? null;
    this._inverseSqrtKeyDim = 1 / Math.sqrt(this.keyDim);
    if (this.flashAttention && this.dropout > 0) {
      throw new ValueError("Dropout is not supported when flash attention is enabled. Please set dropout to 0.0 to use flash attention.");
    }
  }

  /** Keras's `_get_common_kwargs_for_sublayer`: fresh initializer instances per sublayer. */
  private sublayerOptions(): Record<string, unknown> {
    return {
      kernelInitializer: initializers.deserialize(initializers.serialize(this.kernelInitializer)),
      biasInitializer: initializers.deserialize(initializers.serialize(this.biasInitializer)),
      kernelRegularizer: this.kernelRegularizer,
      biasRegularizer: this.biasRegularizer,
      activityRegularizer: this._sublayerActivityRegularizer,
      kernelConstraint: this.kernelConstraint,
      biasConstraint: this.biasConstraint,
      dtype: this.dtypePolicy,
    };
  }

  /** A projection EinsumDense from rank-`rank` inputs onto (heads, dim). */
  private projection(name: string, rank: number, dim: number, activation?: string): EinsumDense {
    const { equation, biasAxes, outputRank } = buildProjEquation(rank - 1, 1, 2);
    return new EinsumDense(equation, projOutputShape(outputRank - 1, [this.numHeads, dim]), {
      biasAxes: this.useBias ? biasAxes : null,
      name,
      activation,
      ...this.sublayerOptions(),
    });
  }

  override build(queryShape: Shape, valueShape: Shape, keyShape?: Shape | null): void {
    checkShapeArg(this.name, "query_shape", queryShape);
    checkShapeArg(this.name, "value_shape", valueShape);
    const kShape = keyShape ? checkShapeArg(this.name, "key_shape", keyShape) : valueShape;
    checkValueKeyShapes(valueShape, kShape);

    this._queryDense = this.projection("query", queryShape.length, this.keyDim);
    this._queryDense.build(queryShape);
    this._keyDense = this.projection("key", kShape.length, this.keyDim);
    this._keyDense.build(kShape);
    this._valueDense = this.projection("value", valueShape.length, this.valueDim);
    this._valueDense.build(valueShape);
    if (this.useGate) {
      this._gateDense = this.projection("gate", queryShape.length, this.valueDim, "sigmoid");
      this._gateDense.build(queryShape);
    }
    this.buildAttention(queryShape.length + 1);

    const outputShape = this._outputShape ?? [queryShape[queryShape.length - 1] as number];
    const { equation, biasAxes, outputRank } = buildProjEquation(queryShape.length - 1, 2, outputShape.length);
    this._outputDense = new EinsumDense(equation, projOutputShape(outputRank - 1, outputShape), {
      biasAxes: this.useBias ? biasAxes : null,
      name: "attention_output",
      ...this.sublayerOptions(),
    });
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
    const normAxes: number[] = [];
    for (let i = scoresRank - this.attentionAxes.length; i < scoresRank; i++) normAxes.push(i);
    this._softmax = new Softmax({ axis: normAxes, dtype: this.dtypePolicy });
    this._dropoutLayer = new Dropout(this.dropout, { dtype: this.dtypePolicy, seed: this.seed });
  }

  get queryDense(): EinsumDense {
    return this._queryDense;
  }

  get keyDense(): EinsumDense {
    return this._keyDense;
  }

  get valueDense(): EinsumDense {
    return this._valueDense;
  }

  get outputDense(): EinsumDense {
    return this._outputDense;
  }

  protected override maybeBuild(args: unknown[], kwargs: CallKwargs): void {
    if (this.built) return;
    this.build(...(buildShapesOf(args, kwargs) as [Shape, Shape, Shape?]));
    this.assertInputCompatibility(args[0]);
  }

  override getBuildConfig(): Record<string, unknown> | null {
    return qkvBuildConfig(this._buildShapes);
  }

  override buildFromConfig(config: Record<string, any> | null | undefined): void {
    if (!config) return;
    const shapes = shapesFromBuildConfig(config);
    if (shapes) this.build(...(shapes as [Shape, Shape, Shape?]));
  }

  override call(query: Tensor, value: Tensor, kwargs: MultiHeadAttentionCallKwargs = {}): Tensor | [Tensor, Tensor] {
    const { returnAttentionScores = false, training = null, useCausalMask = false } = kwargs;
    const key = (kwargs.key ?? value) as Tensor;
    const queryMask = maskFor(query, kwargs.queryMask);
    const attentionMask = computeAttentionMask(
      {
        queryMask,
        valueMask: maskFor(value, kwargs.valueMask),
        keyMask: kwargs.key ? maskFor(kwargs.key, kwargs.keyMask) : (kwargs.keyMask ?? null),
        attentionMask: kwargs.attentionMask ?? null,
        useCausalMask,
        slidingWindow: this.slidingWindow,
      },
      query.shape[1],
      value.shape[1],
    ) as Tensor | null;

    const q = applyUnmasked(this._queryDense, query);
    const k = applyUnmasked(this._keyDense, key);
    const v = applyUnmasked(this._valueDense, value);
    let [output, scores] = this.computeAttention(q, k, v, attentionMask, training ?? null, returnAttentionScores);
    if (this._gateDense) output = multiply(output, applyUnmasked(this._gateDense, query)) as Tensor;
    output = this._outputDense.apply(output) as Tensor;
    if (queryMask) output.kerasMask = queryMask as Tensor;
    return returnAttentionScores ? [output, scores!] : output;
  }

  /** Keras's `_compute_attention` on projected (B, T..., N, H) tensors: the output and, on the explicit path, the scores. */
  protected computeAttention(
    query: Tensor, key: Tensor, value: Tensor, attentionMask: Tensor | null, training: boolean | null, returnScores: boolean,
  ): [Tensor, Tensor | null] {
    if (this.flashAttention && returnScores) {
      throw new ValueError(
        "Returning attention scores is not supported when flash attention is enabled. Please disable flash attention to access attention scores.",
      );
    }
    const axes = this.attentionAxes!;
    const fused = !((this.dropout > 0 && training === true) || returnScores || query.rank !== 4);
    let mask = attentionMask;
    if (fused) {
      if (mask) while (mask.rank < 4) mask = expandDims(mask, -axes.length * 2 - 1) as Tensor;
      return [fusedDotProductAttention(query, key, value, mask ? (cast(mask, "bool") as Tensor) : null, this._inverseSqrtKeyDim), null];
    }
    const scaledQuery = multiply(query, this._inverseSqrtKeyDim) as Tensor;
    let scores = einsum(this._dotProductEquation, key, scaledQuery) as Tensor;
    if (mask) while (mask.rank < scores.rank) mask = expandDims(mask, -axes.length * 2 - 1) as Tensor;
    scores = this._softmax.apply(scores, { mask }) as Tensor;
    const dropped = this.dropout > 0 ? (this._dropoutLayer.apply(scores, { training }) as Tensor) : scores;
    return [einsum(this._combineEquation, dropped, value) as Tensor, scores];
  }

  override computeOutputShape(queryShape: Shape, valueShape: Shape, keyShape?: Shape | null): Shape {
    checkShapeArg(this.name, "query_shape", queryShape);
    checkShapeArg(this.name, "value_shape", valueShape);
    checkValueKeyShapes(valueShape, keyShape ? checkShapeArg(this.name, "key_shape", keyShape) : valueShape);
    return this._outputShape ? [...queryShape.slice(0, -1), ...this._outputShape] : queryShape.slice();
  }

  /** Symbolic outputs: the output (query shape with the output features) and, if asked, the scores (B, heads, T..., S...). */
  override computeOutputSpec(query: KerasTensor, value: KerasTensor, kwargs: MultiHeadAttentionCallKwargs = {}): KerasTensor | KerasTensor[] {
    const key = kwargs.key as KerasTensor | null | undefined;
    const out = new KerasTensor(this.computeOutputShape(query.shape.slice(), value.shape.slice(), key ? key.shape.slice() : null), {
      dtype: this.computeDtype,
    });
    if (!kwargs.returnAttentionScores) return out;
    return [out, new KerasTensor(this.scoresShape(query.shape, value.shape), { dtype: this.computeDtype })];
  }

  /** The attention-scores shape for these inputs: (batch and non-attention axes, heads, query attention axes, value attention axes). */
  private scoresShape(queryShape: readonly (number | null)[], valueShape: readonly (number | null)[]): Shape {
    const rank = queryShape.length + 1;
    const axes = this.attentionAxes ?? Array.from({ length: rank - 3 }, (_, i) => i + 1);
    const batchAxes = Array.from({ length: rank - 2 }, (_, i) => i).filter((i) => !axes.includes(i));
    return [...batchAxes.map((i) => queryShape[i]), this.numHeads, ...axes.map((i) => queryShape[i]), ...axes.map((i) => valueShape[i])];
  }

  override getConfig(): Record<string, any> {
    const base = super.getConfig();
    return {
      name: base.name,
      trainable: base.trainable,
      dtype: base.dtype,
      num_heads: this.numHeads,
      key_dim: this.keyDim,
      value_dim: this.valueDim,
      dropout: this.dropout,
      use_bias: this.useBias,
      use_gate: this.useGate,
      output_shape: this._outputShape ? this._outputShape.slice() : null,
      attention_axes: this.attentionAxes ? this.attentionAxes.slice() : null,
      sliding_window: this.slidingWindow,
      kernel_initializer: initializers.serialize(this.kernelInitializer),
      bias_initializer: initializers.serialize(this.biasInitializer),
      kernel_regularizer: this.kernelRegularizer ? regularizers.serialize(this.kernelRegularizer) : null,
      bias_regularizer: this.biasRegularizer ? regularizers.serialize(this.biasRegularizer) : null,
      activity_regularizer: this._sublayerActivityRegularizer ? regularizers.serialize(this._sublayerActivityRegularizer) : null,
      kernel_constraint: this.kernelConstraint ? constraints.serialize(this.kernelConstraint) : null,
      bias_constraint: this.biasConstraint ? constraints.serialize(this.biasConstraint) : null,
      seed: this.seed,
    };
  }

  static override fromConfig(config: Record<string, any>): MultiHeadAttention {
    const { numHeads, keyDim, ...options } = layerOptionsFromConfig(config);
    return new MultiHeadAttention(numHeads, keyDim, options);
  }
}

registerBuiltin("keras.layers", "MultiHeadAttention", MultiHeadAttention);
