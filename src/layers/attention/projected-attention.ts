/**
 * What MultiHeadAttention and GroupQueryAttention share (Keras writes them as
 * two classes; here one internal base holds the common body):
 *
 * - the options: dropout, useBias, useGate, slidingWindow, flashAttention,
 *   seed and the kernel / bias trios, which every projection sublayer gets
 *   fresh copies of (Keras's `_get_common_kwargs_for_sublayer`);
 * - the projections: EinsumDense sublayers "query", "key", "value", optionally
 *   "gate" (sigmoid), built in that order, then "attention_output" (the
 *   subclass picks the equations);
 * - the call: Keras masks and explicit masks combined into one attention mask,
 *   projections on unmasked inputs, the fused dot-product path or the
 *   explicit softmax + dropout path, the gate, the output projection;
 * - the build config keyed by query_shape / value_shape / key_shape.
 */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import * as initializers from "../../initializers/index.js";
import { cast } from "../../ops/core/cast.js";
import { multiply } from "../../ops/math/arithmetic.js";
import { einsum } from "../../ops/linalg/einsum.js";
import { expandDims } from "../../ops/shape/dims.js";
import { Softmax } from "../activations/softmax.js";
import { EinsumDense } from "../core/einsum-dense.js";
import { Dropout } from "../regularization/dropout.js";
import { KerasTensor } from "../keras-tensor.js";
import { CallKwargs, Layer, LayerOptions } from "../layer.js";
import { pyRepr } from "../py-format.js";
import { KERNEL_AND_BIAS, TrioOptions, WeightTrios, readWeightOptions, weightTriosConfig } from "../weight-options.js";
import { computeAttentionMask } from "./attention-masks.js";
import { fusedDotProductAttention } from "./attention-equations.js";
import {
  applyUnmasked, buildShapesOf, checkShapeArg, maskFor, qkvBuildConfig, shapesFromBuildConfig,
} from "./attention-call-helpers.js";

type Shape = (number | null)[];
type T = Tensor | KerasTensor;

export interface ProjectedAttentionOptions extends LayerOptions, TrioOptions<"kernel" | "bias"> {
  dropout?: number;
  useBias?: boolean;
  /** Keep only keys within `slidingWindow - 1` positions of each query (a symmetric band). */
  slidingWindow?: number | null;
  /** Accepted for compatibility; the CPU backend has no flash kernel, so it only enforces Keras's constraints. */
  flashAttention?: boolean | null;
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

/** The projection sublayers a subclass defines the equations of. */
export type ProjectionRole = "query" | "key" | "value" | "gate";

export function checkPositiveInt(layer: string, name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
    throw new ValueError(`${layer}: \`${name}\` must be a positive integer. Received: ${name}=${pyRepr(value)}`);
  }
  return value;
}

export interface ProjectedAttention extends WeightTrios<"kernel" | "bias"> {}

export abstract class ProjectedAttention extends Layer {
  declare dropout: number;
  declare useBias: boolean;
  declare useGate: boolean;
  declare slidingWindow: number | null;
  declare flashAttention: boolean;
  declare seed: number | null;
  /** 1 / sqrt(key dim): the scale of the query before the dot product. */
  declare _inverseSqrtKeyDim: number;
  declare _queryDense: EinsumDense;
  declare _keyDense: EinsumDense;
  declare _valueDense: EinsumDense;
  /** Only with useGate; created after value so the weight order stays query, key, value, gate, output. */
  declare _gateDense?: EinsumDense;
  declare _softmax: Softmax;
  declare _dropoutLayer: Dropout;
  declare _outputDense: EinsumDense;
  /** The explicit path's einsum equations: scores from (key, scaled query), output from (scores, value). */
  declare _dotProductEquation: string;
  declare _combineEquation: string;
  /** Where a (B, T, S) attention mask gets its heads axis. */
  declare _maskHeadsAxis: number;

  /** `options` without the subclass's own arguments; `className` names the layer in error messages. */
  protected constructor(className: string, keyDim: number, options: ProjectedAttentionOptions) {
    const { weights, rest } = readWeightOptions(options, KERNEL_AND_BIAS, ["useBias"]);
    const { dropout = 0, slidingWindow, flashAttention, useGate = false, seed, ...base } = rest;
    super(base);
    this.supportsMasking = true;
    if (typeof dropout !== "number" || !(dropout >= 0 && dropout <= 1)) {
      throw new ValueError(`${className}: \`dropout\` must be a float between 0 and 1. Received: dropout=${pyRepr(dropout)}`);
    }
    this.dropout = dropout;
    this.useGate = useGate;
    this.slidingWindow = slidingWindow === undefined || slidingWindow === null ? null : checkPositiveInt(className, "sliding_window", slidingWindow);
    this.flashAttention = Boolean(flashAttention);
    this.seed = seed ?? null;
    Object.assign(this, weights);
    this._inverseSqrtKeyDim = 1 / Math.sqrt(keyDim);
    if (this.flashAttention && this.dropout > 0) {
      throw new ValueError("Dropout is not supported when flash attention is enabled. Please set dropout to 0.0 to use flash attention.");
    }
  }

  /** The activity regularizer the projection sublayers get. */
  protected abstract get sublayerActivityRegularizer(): unknown;

  /** The projection of `role` for inputs of rank `rank`. */
  protected abstract projection(role: ProjectionRole, rank: number): EinsumDense;

  /** Whether dropout > 0 forces the explicit path in this call (GQA: always; MHA: only in training). */
  protected abstract dropoutNeedsExplicitPath(training: boolean | null): boolean;

  /** An EinsumDense sublayer with this layer's weight arguments (fresh initializer instances each time). */
  protected einsumDense(equation: string, outputShape: Shape, biasAxes: string, name: string, activation?: string): EinsumDense {
    return new EinsumDense(equation, outputShape, {
      biasAxes: this.useBias ? biasAxes : null,
      name,
      activation,
      kernelInitializer: initializers.deserialize(initializers.serialize(this.kernelInitializer)),
      biasInitializer: initializers.deserialize(initializers.serialize(this.biasInitializer)),
      kernelRegularizer: this.kernelRegularizer,
      biasRegularizer: this.biasRegularizer,
      activityRegularizer: this.sublayerActivityRegularizer,
      kernelConstraint: this.kernelConstraint,
      biasConstraint: this.biasConstraint,
      dtype: this.dtypePolicy,
    });
  }

  /** Builds query, key, value and (with useGate) gate on their input shapes, in Keras's order. */
  protected buildProjections(queryShape: Shape, valueShape: Shape, keyShape: Shape): void {
    const built = (role: ProjectionRole, shape: Shape): EinsumDense => {
      const dense = this.projection(role, shape.length);
      dense.build(shape);
      return dense;
    };
    this._queryDense = built("query", queryShape);
    this._keyDense = built("key", keyShape);
    this._valueDense = built("value", valueShape);
    if (this.useGate) this._gateDense = built("gate", queryShape);
  }

  /** The softmax over the `normAxes` of the scores and the dropout after it. */
  protected buildSoftmaxAndDropout(normAxes: number | number[]): void {
    this._softmax = new Softmax({ axis: normAxes, dtype: this.dtypePolicy });
    this._dropoutLayer = new Dropout(this.dropout, { dtype: this.dtypePolicy, seed: this.seed });
  }

  /** The key shape build uses: the key's, or the value's when there is no key. */
  protected checkedShapes(queryShape: Shape, valueShape: Shape, keyShape?: Shape | null): Shape {
    checkShapeArg(this.name, "query_shape", queryShape);
    checkShapeArg(this.name, "value_shape", valueShape);
    return keyShape ? checkShapeArg(this.name, "key_shape", keyShape) : valueShape;
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

  /** Keys and values after projection; GroupQueryAttention repeats its key/value heads here. */
  protected spreadKeyValueHeads(projected: Tensor): Tensor {
    return projected;
  }

  /** Whether the output carries the (Keras or explicit) query mask itself; otherwise the query's Keras mask propagates. */
  protected get outputCarriesQueryMask(): boolean {
    return false;
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
    const k = this.spreadKeyValueHeads(applyUnmasked(this._keyDense, key));
    const v = this.spreadKeyValueHeads(applyUnmasked(this._valueDense, value));
    let [output, scores] = this.computeAttention(q, k, v, attentionMask, training ?? null, returnAttentionScores);
    if (this._gateDense) output = multiply(output, applyUnmasked(this._gateDense, query)) as Tensor;
    output = this._outputDense.apply(output) as Tensor;
    if (queryMask && this.outputCarriesQueryMask) output.kerasMask = queryMask as Tensor;
    return returnAttentionScores ? [output, scores!] : output;
  }

  /**
   * Keras's `_compute_attention` on projected (B, T..., N, H) tensors: the
   * output and, on the explicit path, the scores. The fused path (no scores
   * asked, no dropout in play, rank-4 projections) lets a query row with every
   * key masked attend uniformly; the explicit path gives it all-zero weights.
   */
  protected computeAttention(
    query: Tensor, key: Tensor, value: Tensor, attentionMask: Tensor | null, training: boolean | null, returnScores: boolean,
  ): [Tensor, Tensor | null] {
    if (this.flashAttention && returnScores) {
      throw new ValueError(
        "Returning attention scores is not supported when flash attention is enabled. Please disable flash attention to access attention scores.",
      );
    }
    const explicit = (this.dropout > 0 && this.dropoutNeedsExplicitPath(training)) || returnScores || query.rank !== 4;
    let mask = attentionMask;
    if (!explicit) {
      if (mask) while (mask.rank < 4) mask = expandDims(mask, this._maskHeadsAxis) as Tensor;
      return [fusedDotProductAttention(query, key, value, mask ? (cast(mask, "bool") as Tensor) : null, this._inverseSqrtKeyDim), null];
    }
    const scaledQuery = multiply(query, this._inverseSqrtKeyDim) as Tensor;
    let scores = einsum(this._dotProductEquation, key, scaledQuery) as Tensor;
    if (mask) while (mask.rank < scores.rank) mask = expandDims(mask, this._maskHeadsAxis) as Tensor;
    scores = this._softmax.apply(scores, { mask }) as Tensor;
    // As in the Transformer paper, dropout removes whole attended tokens.
    const dropped = this.dropout > 0 ? (this._dropoutLayer.apply(scores, { training }) as Tensor) : scores;
    return [einsum(this._combineEquation, dropped, value) as Tensor, scores];
  }

  /** The attention-scores shape for these inputs. */
  protected abstract scoresShape(queryShape: readonly (number | null)[], valueShape: readonly (number | null)[]): Shape;

  /** Symbolic outputs: the output (computeOutputShape) and, if asked, the scores. */
  override computeOutputSpec(query: KerasTensor, value: KerasTensor, kwargs: MultiHeadAttentionCallKwargs = {}): KerasTensor | KerasTensor[] {
    const key = kwargs.key as KerasTensor | null | undefined;
    const out = new KerasTensor(this.computeOutputShape(query.shape.slice(), value.shape.slice(), key ? key.shape.slice() : null), {
      dtype: this.computeDtype,
    });
    if (!kwargs.returnAttentionScores) return out;
    return [out, new KerasTensor(this.scoresShape(query.shape, value.shape), { dtype: this.computeDtype })];
  }

  /** The config's head: name, trainable, dtype (the activity regularizer is listed among the weight arguments). */
  protected baseAttentionConfig(): Record<string, unknown> {
    const base = super.getConfig();
    return { name: base.name, trainable: base.trainable, dtype: base.dtype };
  }

  /** The config's tail: the weight arguments (with the sublayers' activity regularizer) and the seed. */
  protected weightArgumentsConfig(): Record<string, unknown> {
    return { ...weightTriosConfig(this, ["kernel", "bias"], { activity: { activityRegularizer: this.sublayerActivityRegularizer } }), seed: this.seed };
  }
}
