/**
 * `keras.layers.GroupQueryAttention(headDim, numQueryHeads, numKeyValueHeads,
 * options)` (Keras's class GroupedQueryAttention): like MultiHeadAttention,
 * but keys and values have `numKeyValueHeads` heads, each shared by
 * `numQueryHeads / numKeyValueHeads` query heads (1 key/value head is
 * multi-query attention). Sublayers: EinsumDense "query" ("bqm,muh->bquh"),
 * "key" and "value" ("bkm,mvh->bkvh"), "attention_output" ("bquh,uhm->bqm").
 *
 * `apply(query, value, { key, queryMask, valueMask, keyMask, attentionMask,
 * returnAttentionScores, training, useCausalMask })`, with the same mask rules
 * and the same two paths as MultiHeadAttention (here any dropout > 0 selects
 * the explicit path, as in Keras).
 */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import * as initializers from "../../initializers/index.js";
import * as regularizers from "../../regularizers/index.js";
import * as constraints from "../../constraints/index.js";
import { multiply } from "../../ops/math/arithmetic.js";
import { einsum } from "../../ops/linalg/einsum.js";
import { expandDims } from "../../ops/shape/dims.js";
import { repeat } from "../../ops/shape/slicing.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { Softmax } from "../activations/softmax.js";
import { EinsumDense } from "../core/einsum-dense.js";
import { Dropout } from "../regularization/dropout.js";
import { KerasTensor } from "../keras-tensor.js";
import { CallKwargs, Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { pyRepr, pyShape } from "../py-format.js";
import { computeAttentionMask } from "./attention-masks.js";
import { fusedDotProductAttention } from "./attention-equations.js";
import {
  applyUnmasked, buildShapesOf, checkShapeArg, checkValueKeyShapes, maskFor, qkvBuildConfig, shapesFromBuildConfig,
} from "./attention-call-helpers.js";
import type { MultiHeadAttentionCallKwargs } from "./multi-head-attention.js";

type Shape = (number | null)[];

export interface GroupQueryAttentionOptions extends LayerOptions {
  dropout?: number;
  useBias?: boolean;
  slidingWindow?: number | null;
  flashAttention?: boolean | null;
  kernelInitializer?: unknown;
  biasInitializer?: unknown;
  kernelRegularizer?: unknown;
  biasRegularizer?: unknown;
  kernelConstraint?: unknown;
  biasConstraint?: unknown;
  useGate?: boolean;
  seed?: number | null;
}

function checkPositiveInt(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
    throw new ValueError(`GroupQueryAttention: \`${name}\` must be a positive integer. Received: ${name}=${pyRepr(value)}`);
  }
  return value;
}

export class GroupQueryAttention extends Layer {
  declare headDim: number;
  declare numQueryHeads: number;
  declare numKeyValueHeads: number;
  declare numRepeats: number;
  declare dropout: number;
  declare useBias: boolean;
  declare useGate: boolean;
  declare slidingWindow: number | null;
  declare flashAttention: boolean;
  declare seed: number | null;
  declare kernelInitializer: any;
  declare biasInitializer: any;
  declare kernelRegularizer: any;
  declare biasRegularizer: any;
  declare kernelConstraint: any;
  declare biasConstraint: any;
  declare featureDim: number;
  declare _inverseSqrtHeadDim: number;
  declare _queryDense: EinsumDense;
  declare _keyDense: EinsumDense;
  declare _valueDense: EinsumDense;
  declare _gateDense?: EinsumDense;
  declare _softmax: Softmax;
  declare _dropoutLayer: Dropout;
  declare _outputDense: EinsumDense;

  constructor(headDim: number, numQueryHeads: number, numKeyValueHeads: number, options: GroupQueryAttentionOptions = {}) {
    const {
      dropout = 0, useBias = true, slidingWindow, flashAttention, kernelInitializer, biasInitializer, kernelRegularizer,
      biasRegularizer, kernelConstraint, biasConstraint, useGate = false, seed, ...base
    } = options;
    super(base);
    this.supportsMasking = true;
    this.headDim = checkPositiveInt("head_dim", headDim);
    this.numQueryHeads = checkPositiveInt("num_query_heads", numQueryHeads);
    this.numKeyValueHeads = checkPositiveInt("num_key_value_heads", numKeyValueHeads);
    if (numQueryHeads % numKeyValueHeads !== 0) throw new ValueError("`num_query_heads` must be divisible by `num_key_value_heads`.");
    this.numRepeats = numQueryHeads / numKeyValueHeads;
    if (typeof dropout !== "number" || !(dropout >= 0 && dropout <= 1)) {
      throw new ValueError(`GroupQueryAttention: \`dropout\` must be a float between 0 and 1. Received: dropout=${pyRepr(dropout)}`);
    }
    this.dropout = dropout;
    this.useBias = useBias;
    this.useGate = useGate;
    this.slidingWindow = slidingWindow === undefined || slidingWindow === null ? null : checkPositiveInt("sliding_window", slidingWindow);
    this.flashAttention = Boolean(flashAttention);
    this.seed = seed ?? null;
    this.kernelInitializer = initializers.get((kernelInitializer ?? "glorot_uniform") as never);
    this.biasInitializer = initializers.get((biasInitializer ?? "zeros") as never);
    this.kernelRegularizer = regularizers.get(kernelRegularizer as never) ?? null;
    this.biasRegularizer = regularizers.get(biasRegularizer as never) ?? null;
    this.kernelConstraint = constraints.get(kernelConstraint as never) ?? null;
    this.biasConstraint = constraints.get(biasConstraint as never) ?? null;
    this._inverseSqrtHeadDim = 1 / Math.sqrt(this.headDim);
    if (this.flashAttention && this.dropout > 0) {
      throw new ValueError("Dropout is not supported when flash attention is enabled. Please set dropout to 0.0 to use flash attention.");
    }
  }

  /** Keras's `_get_common_kwargs_for_sublayer`: fresh initializer instances per sublayer. */
  private dense(equation: string, outputShape: Shape, biasAxes: string, name: string, activation?: string): EinsumDense {
    return new EinsumDense(equation, outputShape, {
      biasAxes: this.useBias ? biasAxes : null,
      name,
      activation,
      kernelInitializer: initializers.deserialize(initializers.serialize(this.kernelInitializer)),
      biasInitializer: initializers.deserialize(initializers.serialize(this.biasInitializer)),
      kernelRegularizer: this.kernelRegularizer,
      biasRegularizer: this.biasRegularizer,
      activityRegularizer: this.activityRegularizer,
      kernelConstraint: this.kernelConstraint,
      biasConstraint: this.biasConstraint,
      dtype: this.dtypePolicy,
    });
  }

  override build(queryShape: Shape, valueShape: Shape, keyShape?: Shape | null): void {
    checkShapeArg(this.name, "query_shape", queryShape);
    checkShapeArg(this.name, "value_shape", valueShape);
    const kShape = keyShape ? checkShapeArg(this.name, "key_shape", keyShape) : valueShape;
    // Einsum letters: b batch, q query length, k key length, m model dim, u query heads, v key/value heads, h head dim.
    this.featureDim = queryShape[queryShape.length - 1] as number;
    this._queryDense = this.dense("bqm,muh->bquh", [null, this.numQueryHeads, this.headDim], "uh", "query");
    this._queryDense.build(queryShape);
    this._keyDense = this.dense("bkm,mvh->bkvh", [null, this.numKeyValueHeads, this.headDim], "vh", "key");
    this._keyDense.build(kShape);
    this._valueDense = this.dense("bkm,mvh->bkvh", [null, this.numKeyValueHeads, this.headDim], "vh", "value");
    this._valueDense.build(valueShape);
    if (this.useGate) {
      this._gateDense = this.dense("bqm,muh->bquh", [null, this.numQueryHeads, this.headDim], "uh", "gate", "sigmoid");
      this._gateDense.build(queryShape);
    }
    this._softmax = new Softmax({ axis: -1, dtype: this.dtypePolicy });
    this._dropoutLayer = new Dropout(this.dropout, { dtype: this.dtypePolicy, seed: this.seed });
    this._outputDense = this.dense("bquh,uhm->bqm", [null, this.featureDim], "m", "attention_output");
    this._outputDense.build([null, null, this.numQueryHeads, this.headDim]);
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
    const attentionMask = computeAttentionMask(
      {
        queryMask: maskFor(query, kwargs.queryMask),
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
    // (batch, source length, query heads, head dim): each key/value head serves numRepeats query heads.
    const k = repeat(applyUnmasked(this._keyDense, key), this.numRepeats, 2) as Tensor;
    const v = repeat(applyUnmasked(this._valueDense, value), this.numRepeats, 2) as Tensor;
    let [output, scores] = this.computeAttention(q, k, v, attentionMask, training ?? null, returnAttentionScores);
    if (this._gateDense) output = multiply(output, applyUnmasked(this._gateDense, query)) as Tensor;
    output = this._outputDense.apply(output) as Tensor;
    return returnAttentionScores ? [output, scores!] : output;
  }

  private computeAttention(
    query: Tensor, key: Tensor, value: Tensor, attentionMask: Tensor | null, training: boolean | null, returnScores: boolean,
  ): [Tensor, Tensor | null] {
    if (this.flashAttention && returnScores) {
      throw new ValueError(
        "Returning attention scores is not supported when flash attention is enabled. Please disable flash attention to access attention scores.",
      );
    }
    let mask = attentionMask;
    if (mask) while (mask.rank < 4) mask = expandDims(mask, -3) as Tensor;
    if (!(this.dropout > 0 || returnScores || query.rank !== 4)) {
      return [fusedDotProductAttention(query, key, value, mask, this._inverseSqrtHeadDim), null];
    }
    const scaled = multiply(query, this._inverseSqrtHeadDim) as Tensor;
    const scores = this._softmax.apply(einsum("bquh,bkuh->buqk", scaled, key), { mask }) as Tensor;
    // As in the Transformer paper, dropout removes whole attended tokens.
    const dropped = this.dropout > 0 ? (this._dropoutLayer.apply(scores, { training }) as Tensor) : scores;
    return [einsum("buqk,bkuh->bquh", dropped, value) as Tensor, scores];
  }

  override computeOutputShape(queryShape: Shape, valueShape: Shape, keyShape?: Shape | null): Shape {
    checkShapeArg(this.name, "query_shape", queryShape);
    checkShapeArg(this.name, "value_shape", valueShape);
    const kShape = keyShape ? checkShapeArg(this.name, "key_shape", keyShape) : valueShape;
    const qLast = queryShape[queryShape.length - 1];
    const vLast = valueShape[valueShape.length - 1];
    if (qLast !== vLast) {
      throw new ValueError(
        `The last dimension of \`query_shape\` and \`value_shape\` must be equal, but are ${pyRepr(qLast)}, ${pyRepr(vLast)}. ` +
          `Received: query_shape=${pyShape(queryShape)}, value_shape=${pyShape(valueShape)}`,
      );
    }
    checkValueKeyShapes(valueShape, kShape);
    return queryShape.slice();
  }

  override computeOutputSpec(query: KerasTensor, value: KerasTensor, kwargs: MultiHeadAttentionCallKwargs = {}): KerasTensor | KerasTensor[] {
    const key = kwargs.key as KerasTensor | null | undefined;
    const out = new KerasTensor(this.computeOutputShape(query.shape.slice(), value.shape.slice(), key ? key.shape.slice() : null), {
      dtype: this.computeDtype,
    });
    if (!kwargs.returnAttentionScores) return out;
    const scores = [query.shape[0], this.numQueryHeads, query.shape[1], value.shape[1]];
    return [out, new KerasTensor(scores, { dtype: this.computeDtype })];
  }

  override getConfig(): Record<string, any> {
    const base = super.getConfig();
    return {
      name: base.name,
      trainable: base.trainable,
      dtype: base.dtype,
      head_dim: this.headDim,
      num_query_heads: this.numQueryHeads,
      num_key_value_heads: this.numKeyValueHeads,
      use_bias: this.useBias,
      use_gate: this.useGate,
      sliding_window: this.slidingWindow,
      dropout: this.dropout,
      kernel_initializer: initializers.serialize(this.kernelInitializer),
      bias_initializer: initializers.serialize(this.biasInitializer),
      kernel_regularizer: this.kernelRegularizer ? regularizers.serialize(this.kernelRegularizer) : null,
      bias_regularizer: this.biasRegularizer ? regularizers.serialize(this.biasRegularizer) : null,
      activity_regularizer: base.activity_regularizer ?? null,
      kernel_constraint: this.kernelConstraint ? constraints.serialize(this.kernelConstraint) : null,
      bias_constraint: this.biasConstraint ? constraints.serialize(this.biasConstraint) : null,
      seed: this.seed,
    };
  }

  static override fromConfig(config: Record<string, any>): GroupQueryAttention {
    const { headDim, numQueryHeads, numKeyValueHeads, ...options } = layerOptionsFromConfig(config);
    return new GroupQueryAttention(headDim, numQueryHeads, numKeyValueHeads, options);
  }
}

/** Keras's Python class name; `keras.layers` exports it as GroupQueryAttention. */
export const GroupedQueryAttention = GroupQueryAttention;

registerBuiltin("keras.layers", "GroupQueryAttention", GroupQueryAttention);
