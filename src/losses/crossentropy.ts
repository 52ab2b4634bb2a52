/**
 * Crossentropy losses (binary, binary focal, categorical, categorical focal,
 * sparse categorical, categorical generalized) as functions and `Loss`
 * classes, on top of the `ops.nn` crossentropy primitives, with Keras's label
 * smoothing and clipping.
 */
import { Tensor } from "../engine/tensor.js";
import type { TensorLike } from "../engine/convert.js";
import { toTensor } from "../engine/convert.js";
import { ValueError } from "../engine/errors.js";
import { epsilon } from "../config/settings.js";
import * as ops from "../ops/index.js";
import { checkOptionKeys, LossConfig, LossOptions, LOSS_OPTION_KEYS } from "./loss.js";
import { LossFunctionWrapper } from "./loss-function-wrapper.js";
import { castTruth, checkIntAxis, defineLossFunction, readArgs, requireSameShape } from "./loss-function.js";

interface BinaryArgs {
  fromLogits: boolean;
  labelSmoothing: number;
  axis: number;
}

/** Labels squeezed towards 0.5: y (1 - s) + 0.5 s. */
function smoothBinary(t: Tensor, s: number): Tensor {
  return s ? ops.add(ops.multiply(t, 1 - s), 0.5 * s) : t;
}

/** One-hot labels smoothed towards uniform over the last axis: y (1 - s) + s / numClasses. */
function smoothCategorical(t: Tensor, s: number): Tensor {
  if (!s) return t;
  const numClasses = t.rank ? t.shape[t.rank - 1] : 1;
  return ops.add(ops.multiply(t, 1 - s), s / numClasses);
}

/** mean(binary crossentropy, axis); labels optionally smoothed towards 0.5. */
export const binaryCrossentropy = defineLossFunction("binary_crossentropy", function binaryCrossentropy(
  yTrue: TensorLike,
  yPred: TensorLike,
  ...rest: [boolean?, number?, number?] | [Partial<BinaryArgs>]
): Tensor {
  const name = "keras.losses.binary_crossentropy";
  const { fromLogits = false, labelSmoothing = 0, axis = -1 } = readArgs<BinaryArgs>(name, rest, ["fromLogits", "labelSmoothing", "axis"]);
  let [t, p] = castTruth(yTrue, yPred, name);
  requireSameShape(t, p, name);
  t = smoothBinary(t, labelSmoothing);
  return ops.mean(ops.binaryCrossentropy(t, p, fromLogits), axis);
});

interface BinaryFocalArgs extends BinaryArgs {
  applyClassBalancing: boolean;
  alpha: number;
  gamma: number;
}

/**
 * Binary crossentropy scaled by the focal factor (1 - p_t)^gamma, and by
 * alpha / (1 - alpha) for classes 1 / 0 when `applyClassBalancing`.
 */
export const binaryFocalCrossentropy = defineLossFunction("binary_focal_crossentropy", function binaryFocalCrossentropy(
  yTrue: TensorLike,
  yPred: TensorLike,
  ...rest: [boolean?, number?, number?, boolean?, number?, number?] | [Partial<BinaryFocalArgs>]
): Tensor {
  const name = "keras.losses.binary_focal_crossentropy";
  const {
    applyClassBalancing = false, alpha = 0.25, gamma = 2.0, fromLogits = false, labelSmoothing = 0, axis = -1,
  } = readArgs<BinaryFocalArgs>(name, rest, ["applyClassBalancing", "alpha", "gamma", "fromLogits", "labelSmoothing", "axis"]);
  let [t, p] = castTruth(yTrue, yPred, name);
  requireSameShape(t, p, name);
  t = smoothBinary(t, labelSmoothing);
  if (fromLogits) p = ops.sigmoid(p);
  const bce = ops.binaryCrossentropy(t, p, false);
  // p_t: the probability given to the true class.
  const pT = ops.add(ops.multiply(t, p), ops.multiply(ops.subtract(1, t), ops.subtract(1, p)));
  let focal = ops.multiply(ops.power(ops.subtract(1, pT), gamma), bce);
  if (applyClassBalancing) {
    const weight = ops.add(ops.multiply(t, alpha), ops.multiply(ops.subtract(1, t), 1 - alpha));
    focal = ops.multiply(weight, focal);
  }
  return ops.mean(focal, axis);
});

interface CategoricalArgs {
  fromLogits: boolean;
  labelSmoothing: number;
  axis: number;
}

/** Per-sample categorical crossentropy of one-hot (optionally smoothed) labels. */
export const categoricalCrossentropy = defineLossFunction("categorical_crossentropy", function categoricalCrossentropy(
  yTrue: TensorLike,
  yPred: TensorLike,
  ...rest: [boolean?, number?, number?] | [Partial<CategoricalArgs>]
): Tensor {
  const name = "keras.losses.categorical_crossentropy";
  const { fromLogits = false, labelSmoothing = 0, axis = -1 } = readArgs<CategoricalArgs>(name, rest, ["fromLogits", "labelSmoothing", "axis"]);
  checkIntAxis(axis, name);
  let [t, p] = castTruth(yTrue, yPred, name);
  requireSameShape(t, p, name);
  t = smoothCategorical(t, labelSmoothing);
  return ops.categoricalCrossentropy(t, p, fromLogits, axis);
});

interface CategoricalFocalArgs extends CategoricalArgs {
  alpha: number | readonly number[];
  gamma: number;
}

/** sum(alpha (1 - p)^gamma * -y_true log p, axis) with p rescaled to sum to 1 and clipped to [eps, 1 - eps]. */
export const categoricalFocalCrossentropy = defineLossFunction("categorical_focal_crossentropy", function categoricalFocalCrossentropy(
  yTrue: TensorLike,
  yPred: TensorLike,
  ...rest: [(number | readonly number[])?, number?, boolean?, number?, number?] | [Partial<CategoricalFocalArgs>]
): Tensor {
  const name = "keras.losses.categorical_focal_crossentropy";
  const {
    alpha = 0.25, gamma = 2.0, fromLogits = false, labelSmoothing = 0, axis = -1,
  } = readArgs<CategoricalFocalArgs>(name, rest, ["alpha", "gamma", "fromLogits", "labelSmoothing", "axis"]);
  checkIntAxis(axis, name);
  let [t, p] = castTruth(yTrue, yPred, name);
  requireSameShape(t, p, name);
  t = smoothCategorical(t, labelSmoothing);
  if (fromLogits) p = ops.softmax(p, axis);
  const eps = epsilon();
  const output = ops.clip(ops.divide(p, ops.sum(p, axis, true)), eps, 1 - eps);
  const cce = ops.multiply(ops.negative(t), ops.log(output));
  const weighting = ops.multiply(ops.power(ops.subtract(1, output), gamma), toTensor(alpha as number | number[], output.dtype));
  return ops.sum(ops.multiply(weighting, cce), axis);
});

interface SparseArgs {
  fromLogits: boolean;
  ignoreClass: number | null;
  axis: number;
}

/**
 * Per-sample crossentropy of integer labels. With `ignoreClass`, samples of
 * that label give 0 and are left out of the reduction through a Keras mask.
 */
export const sparseCategoricalCrossentropy = defineLossFunction("sparse_categorical_crossentropy", function sparseCategoricalCrossentropy(
  yTrue: TensorLike,
  yPred: TensorLike,
  ...rest: [boolean?, (number | null)?, number?] | [Partial<SparseArgs>]
): Tensor {
  const name = "keras.losses.sparse_categorical_crossentropy";
  const { fromLogits = false, ignoreClass = null, axis = -1 } = readArgs<SparseArgs>(name, rest, ["fromLogits", "ignoreClass", "axis"]);
  let t = toTensor(yTrue, undefined, name);
  let p = toTensor(yPred, undefined, name);
  if (t.rank === p.rank && t.rank > 0 && t.shape[t.rank - 1] === 1) t = ops.squeeze(t, -1);
  if (ignoreClass === null || ignoreClass === undefined) return ops.sparseCategoricalCrossentropy(t, p, fromLogits, axis);
  const valid = ops.notEqual(t, ops.cast(toTensor(ignoreClass), p.dtype));
  t = ops.multiply(t, ops.cast(valid, t.dtype));
  // Keras zeroes the ignored rows of y_pred; ones give the same (masked) result without 0/0 in the gradient.
  p = ops.where(ops.expandDims(valid, -1), p, 1);
  const res = ops.where(valid, ops.sparseCategoricalCrossentropy(t, p, fromLogits, axis), 0);
  res.kerasMask = valid;
  return res;
});

/** (1 - p^q) / q, p the probability of the true (integer) class: between crossentropy (q -> 0) and MAE (q = 1). */
export const categoricalGeneralizedCrossEntropy = defineLossFunction(
  "categorical_generalized_cross_entropy",
  function categoricalGeneralizedCrossEntropy(yTrue: TensorLike, yPred: TensorLike, ...rest: [number?] | [{ q?: number }]): Tensor {
    const name = "keras.losses.categorical_generalized_cross_entropy";
    const { q } = readArgs<{ q: number }>(name, rest, ["q"]);
    if (typeof q !== "number") throw new ValueError(`${name}: the argument \`q\` is required (a float in (0, 1)).`);
    const p = toTensor(yPred, undefined, name);
    const labels = ops.cast(toTensor(yTrue, undefined, name), "int32");
    const oneHot = ops.cast(ops.oneHot(labels, p.shape[p.rank - 1]), p.dtype);
    const prob = ops.sum(ops.multiply(p, oneHot), -1);
    return ops.divide(ops.subtract(1, ops.power(prob, q)), q);
  },
);

const CROSSENTROPY_KEYS = [...LOSS_OPTION_KEYS, "fromLogits", "labelSmoothing", "axis"];

export interface BinaryCrossentropyOptions extends LossOptions, Partial<BinaryArgs> {}

export class BinaryCrossentropy extends LossFunctionWrapper {
  readonly fromLogits: boolean;
  readonly labelSmoothing: number;
  readonly axis: number;

  constructor(options: BinaryCrossentropyOptions = {}) {
    checkOptionKeys("BinaryCrossentropy", options, CROSSENTROPY_KEYS);
    const { fromLogits = false, labelSmoothing = 0, axis = -1, reduction, name, dtype } = options;
    super(binaryCrossentropy, { reduction, name: name ?? "binary_crossentropy", dtype, fromLogits, labelSmoothing, axis });
    this.fromLogits = fromLogits;
    this.labelSmoothing = labelSmoothing;
    this.axis = axis;
  }

  override getConfig(): LossConfig {
    return { name: this.name, reduction: this.reduction, from_logits: this.fromLogits, label_smoothing: this.labelSmoothing, axis: this.axis };
  }
}

export interface BinaryFocalCrossentropyOptions extends LossOptions, Partial<BinaryFocalArgs> {}

export class BinaryFocalCrossentropy extends LossFunctionWrapper {
  readonly fromLogits: boolean;
  readonly labelSmoothing: number;
  readonly axis: number;
  readonly applyClassBalancing: boolean;
  readonly alpha: number;
  readonly gamma: number;

  constructor(options: BinaryFocalCrossentropyOptions = {}) {
    checkOptionKeys("BinaryFocalCrossentropy", options, [...CROSSENTROPY_KEYS, "applyClassBalancing", "alpha", "gamma"]);
    const {
      applyClassBalancing = false, alpha = 0.25, gamma = 2.0, fromLogits = false, labelSmoothing = 0, axis = -1, reduction, name, dtype,
    } = options;
    super(binaryFocalCrossentropy, {
      reduction, name: name ?? "binary_focal_crossentropy", dtype, applyClassBalancing, alpha, gamma, fromLogits, labelSmoothing, axis,
    });
    this.fromLogits = fromLogits;
    this.labelSmoothing = labelSmoothing;
    this.axis = axis;
    this.applyClassBalancing = applyClassBalancing;
    this.alpha = alpha;
    this.gamma = gamma;
  }

  override getConfig(): LossConfig {
    return {
      name: this.name, reduction: this.reduction, from_logits: this.fromLogits, label_smoothing: this.labelSmoothing, axis: this.axis,
      apply_class_balancing: this.applyClassBalancing, alpha: this.alpha, gamma: this.gamma,
    };
  }
}

export interface CategoricalCrossentropyOptions extends LossOptions, Partial<CategoricalArgs> {}

export class CategoricalCrossentropy extends LossFunctionWrapper {
  readonly fromLogits: boolean;
  readonly labelSmoothing: number;
  readonly axis: number;

  constructor(options: CategoricalCrossentropyOptions = {}) {
    checkOptionKeys("CategoricalCrossentropy", options, CROSSENTROPY_KEYS);
    const { fromLogits = false, labelSmoothing = 0, axis = -1, reduction, name, dtype } = options;
    super(categoricalCrossentropy, { reduction, name: name ?? "categorical_crossentropy", dtype, fromLogits, labelSmoothing, axis });
    this.fromLogits = fromLogits;
    this.labelSmoothing = labelSmoothing;
    this.axis = axis;
  }

  override getConfig(): LossConfig {
    return { name: this.name, reduction: this.reduction, from_logits: this.fromLogits, label_smoothing: this.labelSmoothing, axis: this.axis };
  }
}

export interface CategoricalFocalCrossentropyOptions extends LossOptions, Partial<CategoricalFocalArgs> {}

export class CategoricalFocalCrossentropy extends LossFunctionWrapper {
  readonly fromLogits: boolean;
  readonly labelSmoothing: number;
  readonly axis: number;
  readonly alpha: number | readonly number[];
  readonly gamma: number;

  constructor(options: CategoricalFocalCrossentropyOptions = {}) {
    checkOptionKeys("CategoricalFocalCrossentropy", options, [...CROSSENTROPY_KEYS, "alpha", "gamma"]);
    const { alpha = 0.25, gamma = 2.0, fromLogits = false, labelSmoothing = 0, axis = -1, reduction, name, dtype } = options;
    super(categoricalFocalCrossentropy, {
      reduction, name: name ?? "categorical_focal_crossentropy", dtype, alpha, gamma, fromLogits, labelSmoothing, axis,
    });
    this.fromLogits = fromLogits;
    this.labelSmoothing = labelSmoothing;
    this.axis = axis;
    this.alpha = alpha;
    this.gamma = gamma;
  }

  override getConfig(): LossConfig {
    return {
      name: this.name, reduction: this.reduction, from_logits: this.fromLogits, label_smoothing: this.labelSmoothing, axis: this.axis,
      alpha: this.alpha, gamma: this.gamma,
    };
  }
}

export interface SparseCategoricalCrossentropyOptions extends LossOptions {
  fromLogits?: boolean;
  ignoreClass?: number | null;
}

export class SparseCategoricalCrossentropy extends LossFunctionWrapper {
  readonly fromLogits: boolean;
  readonly ignoreClass: number | null;

  constructor(options: SparseCategoricalCrossentropyOptions = {}) {
    checkOptionKeys("SparseCategoricalCrossentropy", options, [...LOSS_OPTION_KEYS, "fromLogits", "ignoreClass"]);
    const { fromLogits = false, ignoreClass = null, reduction, name, dtype } = options;
    super(sparseCategoricalCrossentropy, { reduction, name: name ?? "sparse_categorical_crossentropy", dtype, fromLogits, ignoreClass });
    this.fromLogits = fromLogits;
    this.ignoreClass = ignoreClass;
  }

  override getConfig(): LossConfig {
    return { name: this.name, reduction: this.reduction, from_logits: this.fromLogits, ignore_class: this.ignoreClass };
  }
}

export interface CategoricalGeneralizedCrossEntropyOptions extends LossOptions {
  q?: number;
}

export class CategoricalGeneralizedCrossEntropy extends LossFunctionWrapper {
  readonly q: number;

  constructor(options: CategoricalGeneralizedCrossEntropyOptions = {}) {
    checkOptionKeys("CategoricalGeneralizedCrossEntropy", options, [...LOSS_OPTION_KEYS, "q"]);
    const { q = 0.5, reduction, name, dtype } = options;
    if (!(q > 0 && q < 1)) throw new ValueError("q must be in the interval (0, 1)");
    super(categoricalGeneralizedCrossEntropy, { reduction, name: name ?? "categorical_generalized_cross_entropy", dtype, q });
    this.q = q;
  }

  override getConfig(): LossConfig {
    return { name: this.name, reduction: this.reduction, q: this.q };
  }
}
