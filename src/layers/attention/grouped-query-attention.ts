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
import { repeat } from "../../ops/shape/slicing.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import type { EinsumDense } from "../core/einsum-dense.js";
import { layerOptionsFromConfig } from "../layer.js";
import { pyRepr, pyShape } from "../py-format.js";
import { checkValueKeyShapes } from "./attention-call-helpers.js";
import { ProjectedAttention, ProjectedAttentionOptions, ProjectionRole, checkPositiveInt } from "./projected-attention.js";

type Shape = (number | null)[];

export type GroupQueryAttentionOptions = ProjectedAttentionOptions;

const NAME = "GroupQueryAttention";

export class GroupQueryAttention extends ProjectedAttention {
  declare headDim: number;
  declare numQueryHeads: number;
  declare numKeyValueHeads: number;
  declare numRepeats: number;
  declare featureDim: number;

  constructor(headDim: number, numQueryHeads: number, numKeyValueHeads: number, options: GroupQueryAttentionOptions = {}) {
    const dim = checkPositiveInt(NAME, "head_dim", headDim);
    const queryHeads = checkPositiveInt(NAME, "num_query_heads", numQueryHeads);
    const keyValueHeads = checkPositiveInt(NAME, "num_key_value_heads", numKeyValueHeads);
    if (queryHeads % keyValueHeads !== 0) throw new ValueError("`num_query_heads` must be divisible by `num_key_value_heads`.");
    super(NAME, dim, options);
    this.headDim = dim;
    this.numQueryHeads = queryHeads;
    this.numKeyValueHeads = keyValueHeads;
    this.numRepeats = queryHeads / keyValueHeads;
  }

  /** Keras passes the activity regularizer to the layer itself and to every sublayer. */
  protected override get sublayerActivityRegularizer(): unknown {
    return this.activityRegularizer;
  }

  // Einsum letters: b batch, q query length, k key length, m model dim, u query heads, v key/value heads, h head dim.
  protected override projection(role: ProjectionRole, _rank: number): EinsumDense {
    if (role === "key" || role === "value") return this.einsumDense("bkm,mvh->bkvh", [null, this.numKeyValueHeads, this.headDim], "vh", role);
    return this.einsumDense("bqm,muh->bquh", [null, this.numQueryHeads, this.headDim], "uh", role, role === "gate" ? "sigmoid" : undefined);
  }

  /** Any dropout selects the explicit path, as in Keras. */
  protected override dropoutNeedsExplicitPath(_training: boolean | null): boolean {
    return true;
  }

  override build(queryShape: Shape, valueShape: Shape, keyShape?: Shape | null): void {
    const kShape = this.checkedShapes(queryShape, valueShape, keyShape);
    this.featureDim = queryShape[queryShape.length - 1] as number;
    this.buildProjections(queryShape, valueShape, kShape);
    this._dotProductEquation = "bkuh,bquh->buqk";
    this._combineEquation = "buqk,bkuh->bquh";
    this._maskHeadsAxis = -3;
    this.buildSoftmaxAndDropout(-1);
    this._outputDense = this.einsumDense("bquh,uhm->bqm", [null, this.featureDim], "m", "attention_output");
    this._outputDense.build([null, null, this.numQueryHeads, this.headDim]);
  }

  /** (batch, source length, query heads, head dim): each key/value head serves numRepeats query heads. */
  protected override spreadKeyValueHeads(projected: Tensor): Tensor {
    return repeat(projected, this.numRepeats, 2) as Tensor;
  }

  override computeOutputShape(queryShape: Shape, valueShape: Shape, keyShape?: Shape | null): Shape {
    const kShape = this.checkedShapes(queryShape, valueShape, keyShape);
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

  protected override scoresShape(queryShape: readonly (number | null)[], valueShape: readonly (number | null)[]): Shape {
    return [queryShape[0], this.numQueryHeads, queryShape[1], valueShape[1]];
  }

  override getConfig(): Record<string, any> {
    return {
      ...this.baseAttentionConfig(),
      head_dim: this.headDim,
      num_query_heads: this.numQueryHeads,
      num_key_value_heads: this.numKeyValueHeads,
      use_bias: this.useBias,
      use_gate: this.useGate,
      sliding_window: this.slidingWindow,
      dropout: this.dropout,
      ...this.weightArgumentsConfig(),
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
