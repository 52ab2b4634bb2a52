/**
 * Circle loss (Sun et al., 2020) between integer labels and L2-normalized
 * embeddings: a metric-learning loss that re-weights each pair's cosine
 * distance by how far it is from its optimum. Samples whose loss is 0 are
 * masked out of the reduction, as in Keras.
 */
import { Tensor } from "../engine/tensor.js";
import type { TensorLike } from "../engine/convert.js";
import { toTensor } from "../engine/convert.js";
import * as ops from "../ops/index.js";
import { checkOptionKeys, LossConfig, LossOptions, LOSS_OPTION_KEYS } from "./loss.js";
import { LossFunctionWrapper } from "./loss-function-wrapper.js";
import { defineLossFunction, readArgs } from "./loss-function.js";

/**
 * Pairwise masks between query and key labels: positive where the labels are
 * equal (without the diagonal when `removeDiagonal`), negative elsewhere.
 */
export function buildPosNegMasks(queryLabels: Tensor, keyLabels: Tensor, removeDiagonal = true): [Tensor, Tensor] {
  const q = queryLabels.rank === 1 ? ops.reshape(queryLabels, [-1, 1]) : queryLabels;
  const k = keyLabels.rank === 1 ? ops.reshape(keyLabels, [-1, 1]) : keyLabels;
  let positive = ops.equal(q, ops.transpose(k));
  const negative = ops.logicalNot(positive);
  if (removeDiagonal) {
    const diagonal = ops.eye(q.size, k.size, 0, "bool");
    positive = ops.logicalAnd(positive, ops.logicalNot(diagonal));
  }
  return [positive, negative];
}

interface CircleArgs {
  refLabels: TensorLike | null;
  refEmbeddings: TensorLike | null;
  removeDiagonal: boolean;
  gamma: number;
  margin: number;
}

/** Per-sample circle loss; the result carries a Keras mask (loss > 0). */
export const circle = defineLossFunction("circle", function circle(
  yTrue: TensorLike,
  yPred: TensorLike,
  ...rest: [(TensorLike | null)?, (TensorLike | null)?, boolean?, number?, number?] | [Partial<CircleArgs>]
): Tensor {
  const name = "keras.losses.circle";
  const {
    refLabels = null, refEmbeddings = null, removeDiagonal = true, gamma = 80, margin = 0.4,
  } = readArgs<CircleArgs>(name, rest, ["refLabels", "refEmbeddings", "removeDiagonal", "gamma", "margin"]);
  const pred = toTensor(yPred, undefined, name);
  const labels = ops.cast(toTensor(yTrue, undefined, name), "int32");
  const refEmb = refEmbeddings === null ? pred : toTensor(refEmbeddings, undefined, name);
  const refLab = refLabels === null ? labels : ops.cast(toTensor(refLabels, undefined, name), "int32");

  const optimPos = margin;
  const optimNeg = 1 + margin;
  const deltaPos = margin;
  const deltaNeg = 1 - margin;

  const distances = ops.maximum(ops.subtract(1, ops.matmul(pred, ops.transpose(refEmb))), 0);
  const [positiveMask, negativeMask] = buildPosNegMasks(labels, refLab, removeDiagonal);
  const posMask = ops.cast(positiveMask, distances.dtype);
  const negMask = ops.cast(negativeMask, distances.dtype);

  const posWeights = ops.maximum(ops.multiply(ops.add(optimPos, distances), posMask), 0);
  const negWeights = ops.maximum(ops.multiply(ops.subtract(optimNeg, distances), negMask), 0);
  const posDists = ops.subtract(deltaPos, distances);
  const negDists = ops.subtract(deltaNeg, distances);
  const posWeighted = ops.multiply(ops.multiply(-gamma, posWeights), posDists);
  const negWeighted = ops.multiply(ops.multiply(gamma, negWeights), negDists);

  const pLoss = ops.logsumexp(ops.where(positiveMask, posWeighted, -Infinity), 1);
  const nLoss = ops.logsumexp(ops.where(negativeMask, negWeighted, -Infinity), 1);
  const loss = ops.softplus(ops.add(pLoss, nLoss));
  loss.kerasMask = ops.greater(loss, 0);
  return loss;
});

export interface CircleOptions extends LossOptions {
  gamma?: number;
  margin?: number;
  removeDiagonal?: boolean;
}

export class Circle extends LossFunctionWrapper {
  readonly gamma: number;
  readonly margin: number;
  readonly removeDiagonal: boolean;

  constructor(options: CircleOptions = {}) {
    checkOptionKeys("Circle", options, [...LOSS_OPTION_KEYS, "gamma", "margin", "removeDiagonal"]);
    const { gamma = 80.0, margin = 0.4, removeDiagonal = true, reduction, name, dtype } = options;
    super(circle, { reduction, name: name ?? "circle", dtype, gamma, margin, removeDiagonal });
    this.gamma = gamma;
    this.margin = margin;
    this.removeDiagonal = removeDiagonal;
  }

  override getConfig(): LossConfig {
    return { name: this.name, reduction: this.reduction, gamma: this.gamma, margin: this.margin, remove_diagonal: this.removeDiagonal };
  }
}
