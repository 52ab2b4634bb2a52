/**
 * `keras.layers.Attention({ useScale, scoreMode, dropout, seed })`: Luong-style
 * attention over `[query, value]` or `[query, value, key]` ((batch, Tq, dim),
 * (batch, Tv, dim), (batch, Tv, dim)). Scores are `query . key` ("dot",
 * times a trainable scalar `scale` when useScale) or
 * `concat_score_weight * sum(tanh(scale * (query + key)))` ("concat"); the
 * output is softmax(scores) @ value, of shape (batch, Tq, dim).
 *
 * `apply([q, v(, k)], { mask: [queryMask, valueMask], training,
 * returnAttentionScores, useCausalMask })`. Masked keys get 1e9 subtracted
 * from their scores before the softmax; outputs of masked queries are zeroed,
 * and the query mask is the output mask.
 */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import { cast } from "../../ops/core/cast.js";
import { multiply, subtract } from "../../ops/math/arithmetic.js";
import { logicalAnd, logicalNot } from "../../ops/math/comparison.js";
import { tanh } from "../../ops/math/unary.js";
import { matmul } from "../../ops/linalg/matmul.js";
import { softmax } from "../../ops/nn/activations.js";
import { sum } from "../../ops/reduction/sum.js";
import { expandDims } from "../../ops/shape/dims.js";
import { transpose } from "../../ops/shape/transpose.js";
import { add } from "../../ops/math/arithmetic.js";
import { SeedGenerator, dropout as randomDropout } from "../../random/index.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import type { Variable } from "../../engine/variable.js";
import { KerasTensor } from "../keras-tensor.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { pyRepr } from "../py-format.js";
import { causalMask } from "./attention-masks.js";

type Shape = (number | null)[];

export interface AttentionOptions extends LayerOptions {
  useScale?: boolean;
  scoreMode?: "dot" | "concat";
  dropout?: number;
  seed?: number | null;
}

export interface AttentionCallKwargs {
  mask?: (Tensor | null)[] | null;
  training?: boolean | null;
  returnAttentionScores?: boolean;
  useCausalMask?: boolean;
}

/** Added (negatively) to the scores of masked keys (Keras's value for 32/64-bit floats). */
const MASKED_SCORE_PENALTY = 1e9;

export class Attention extends Layer {
  declare useScale: boolean;
  declare scoreMode: "dot" | "concat";
  declare dropout: number;
  declare seed: number | null;
  declare seedGenerator?: SeedGenerator;
  declare scale: Variable | null;
  declare concatScoreWeight: Variable | null;

  constructor(options: AttentionOptions = {}) {
    const { useScale = false, scoreMode = "dot", dropout = 0, seed = null, ...base } = options;
    super(base);
    this.useScale = useScale;
    this.scoreMode = scoreMode;
    if (typeof dropout !== "number" || !(dropout >= 0 && dropout <= 1)) {
      throw new ValueError(`${new.target.name}: \`dropout\` must be a float between 0 and 1. Received: dropout=${pyRepr(dropout)}`);
    }
    this.dropout = dropout;
    this.seed = seed;
    if (this.dropout > 0) this.seedGenerator = new SeedGenerator(seed);
    if (scoreMode !== "dot" && scoreMode !== "concat") {
      throw new ValueError(`Invalid value for argument score_mode. Expected one of {'dot', 'concat'}. Received: score_mode=${scoreMode}`);
    }
    this.scale = null;
    this.concatScoreWeight = null;
    this.supportsMasking = true;
  }

  override build(inputShape: Shape[]): void {
    this.validateInputs(inputShape);
    if (this.useScale) this.scale = this.addWeight({ name: "scale", shape: [], initializer: "ones" });
    if (this.scoreMode === "concat") {
      this.concatScoreWeight = this.addWeight({ name: "concat_score_weight", shape: [], initializer: "ones" });
    }
  }

  /** Scores (batch, Tq, Tv) from query (batch, Tq, dim) and key (batch, Tv, dim). */
  protected calculateScores(query: Tensor, key: Tensor): Tensor {
    if (this.scoreMode === "dot") {
      const scores = matmul(query, transpose(key, [0, 2, 1])) as Tensor;
      return this.scale ? (multiply(scores, this.scale.value) as Tensor) : scores;
    }
    // (batch, Tq, 1, dim) + (batch, 1, Tv, dim) -> (batch, Tq, Tv, dim)
    let joint = add(expandDims(query, -2), expandDims(key, -3)) as Tensor;
    if (this.scale) joint = multiply(this.scale.value, joint) as Tensor;
    return multiply(this.concatScoreWeight!.value, sum(tanh(joint), -1)) as Tensor;
  }

  /** softmax(scores - 1e9 * !mask) @ value, with dropout on the weights in training. */
  private applyScores(scores: Tensor, value: Tensor, scoresMask: Tensor | null, training: boolean | null): [Tensor, Tensor] {
    let s = scores;
    if (scoresMask) s = subtract(s, multiply(MASKED_SCORE_PENALTY, cast(logicalNot(scoresMask), s.dtype))) as Tensor;
    let weights = softmax(s, -1) as Tensor;
    if (training && this.dropout > 0) weights = randomDropout(weights, this.dropout, { seed: this.seedGenerator! }) as Tensor;
    return [matmul(weights, value) as Tensor, weights];
  }

  /**
   * The mask of the scores: the value mask as (batch, 1, Tv) (Keras 3.15.1 passes
   * it unexpanded, which only broadcasts right for batch 1), AND the causal mask.
   */
  private scoreMask(tq: number, tv: number, valueMask: Tensor | null, useCausalMask: boolean): Tensor | null {
    let mask = valueMask ? (cast(valueMask, "bool") as Tensor) : null;
    if (mask && mask.rank === 2) mask = expandDims(mask, -2) as Tensor;
    if (!useCausalMask) return mask;
    const causal = causalMask(tq, tv);
    return mask ? (logicalAnd(mask, causal) as Tensor) : causal;
  }

  override call(inputs: Tensor[], kwargs: AttentionCallKwargs = {}): Tensor | [Tensor, Tensor] {
    const { mask = null, training = false, returnAttentionScores = false, useCausalMask = false } = kwargs;
    this.validateInputs(inputs, mask);
    const [q, v] = inputs;
    const k = inputs.length > 2 ? inputs[2] : v;
    const qMask = mask ? (mask[0] ?? null) : null;
    const vMask = mask ? (mask[1] ?? null) : null;
    const scores = this.calculateScores(q, k);
    const scoresMask = this.scoreMask(scores.shape[scores.rank - 2], scores.shape[scores.rank - 1], vMask, useCausalMask);
    let [result, weights] = this.applyScores(scores, v, scoresMask, training);
    if (qMask) result = multiply(result, cast(expandDims(qMask, -1), result.dtype)) as Tensor;
    return returnAttentionScores ? [result, weights] : result;
  }

  override computeMask(inputs: unknown, mask: (Tensor | null)[] | null = null): Tensor | null {
    this.validateInputs(inputs, mask);
    if (!mask || mask[0] === null || mask[0] === undefined) return null;
    return mask[0];
  }

  override computeOutputShape(inputShape: Shape[]): Shape {
    this.validateInputs(inputShape);
    const [q, v] = inputShape;
    return [...q.slice(0, -1), v[v.length - 1]];
  }

  override computeOutputSpec(inputs: KerasTensor[], kwargs: AttentionCallKwargs = {}): KerasTensor | KerasTensor[] {
    this.validateInputs(inputs, kwargs.mask ?? null);
    const shape = this.computeOutputShape(inputs.map((x) => x.shape.slice()));
    const out = new KerasTensor(shape, { dtype: this.computeDtype });
    if (!kwargs.returnAttentionScores) return out;
    const [q, v] = inputs;
    const scores = [q.shape[0], q.shape[q.shape.length - 2], v.shape[v.shape.length - 2]];
    return [out, new KerasTensor(scores, { dtype: this.computeDtype })];
  }

  /** Keras's `_validate_inputs`: a list of 2 or 3 inputs, and a list mask of 2 or 3 entries. */
  protected validateInputs(inputs: unknown, mask: unknown = null): void {
    const cls = this.constructor.name;
    if (!Array.isArray(inputs)) {
      throw new ValueError(
        `${cls} layer must be called on a list of inputs, namely [query, value] or [query, value, key]. Received: inputs=${pyRepr(inputs)}.`,
      );
    }
    if (inputs.length < 2 || inputs.length > 3) {
      throw new ValueError(
        `${cls} layer accepts inputs list of length 2 or 3, namely [query, value] or [query, value, key]. Received length: ${inputs.length}.`,
      );
    }
    if (mask !== null && mask !== undefined) {
      if (!Array.isArray(mask)) {
        throw new ValueError(`${cls} layer mask must be a list, namely [query_mask, value_mask]. Received: mask=${pyRepr(mask)}.`);
      }
      if (mask.length < 2 || mask.length > 3) {
        throw new ValueError(`${cls} layer accepts mask list of length 2 or 3. Received: inputs=${pyRepr(inputs)}, mask=${pyRepr(mask)}.`);
      }
    }
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), use_scale: this.useScale, score_mode: this.scoreMode, dropout: this.dropout, seed: this.seed };
  }

  static override fromConfig(config: Record<string, any>): Attention {
    return new this(layerOptionsFromConfig(config)) as Attention;
  }
}

registerBuiltin("keras.layers", "Attention", Attention);
