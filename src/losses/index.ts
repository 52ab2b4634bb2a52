/**
 * `keras.losses`: every Keras 3.15.1 loss as a class and as a function, the
 * `Loss` base class, `LossFunctionWrapper`, and get / serialize / deserialize.
 */
import { ValueError } from "../engine/errors.js";
import { getRegisteredObject, registerBuiltin, Serializable } from "../saving/object-registration.js";
import { deserializeKerasObject, serializeKerasObject } from "../saving/serialization-lib.js";
import { isPlainObject } from "../ops/op.js";
import { Loss } from "./loss.js";
import { LossFunctionWrapper } from "./loss-function-wrapper.js";
import {
  CustomObjects, deserializeLossFunction, lossFunctionByName, LossFunction, lossFunctionName, serializeLossFunction,
} from "./loss-function.js";
import * as regression from "./regression.js";
import * as hingeLosses from "./hinge.js";
import * as probabilistic from "./probabilistic.js";
import * as crossentropy from "./crossentropy.js";
import * as segmentation from "./segmentation.js";
import * as circleLoss from "./circle.js";
import * as ctcLosses from "./ctc.js";

export { Loss, checkOptionKeys } from "./loss.js";
export type { LossOptions, LossConfig } from "./loss.js";
export { LossFunctionWrapper } from "./loss-function-wrapper.js";
export type { LossFunction } from "./loss-function.js";
export {
  reduceValues, reduceWeightedValues, squeezeOrExpandToSameRank, applyMask, standardizeReduction, divideNoNan,
} from "./reduction.js";
export type { Reduction } from "./reduction.js";
export {
  meanSquaredError, meanAbsoluteError, meanAbsolutePercentageError, meanSquaredLogarithmicError, cosineSimilarity, huber, logCosh,
  mse, mae, mape, msle, MeanSquaredError, MeanAbsoluteError, MeanAbsolutePercentageError, MeanSquaredLogarithmicError,
  CosineSimilarity, Huber, LogCosh,
} from "./regression.js";
export { hinge, squaredHinge, categoricalHinge, convertBinaryLabelsToHinge, Hinge, SquaredHinge, CategoricalHinge } from "./hinge.js";
export { klDivergence, poisson, kld, kullbackLeiblerDivergence, KLDivergence, Poisson } from "./probabilistic.js";
export {
  binaryCrossentropy, binaryFocalCrossentropy, categoricalCrossentropy, categoricalFocalCrossentropy, sparseCategoricalCrossentropy,
  categoricalGeneralizedCrossEntropy, BinaryCrossentropy, BinaryFocalCrossentropy, CategoricalCrossentropy, CategoricalFocalCrossentropy,
  SparseCategoricalCrossentropy, CategoricalGeneralizedCrossEntropy,
} from "./crossentropy.js";
export { dice, tversky, Dice, Tversky } from "./segmentation.js";
export { circle, buildPosNegMasks, Circle } from "./circle.js";
export { ctc, ctcLoss, CTC } from "./ctc.js";

const MODULE = "keras.losses";

type LossClass = (new (...args: any[]) => Loss) & { fromConfig(config: Record<string, unknown>, customObjects?: CustomObjects): Loss };

/** The classes, by Keras class name. */
const CLASSES: Record<string, LossClass> = {
  Loss: Loss as unknown as LossClass,
  LossFunctionWrapper: LossFunctionWrapper as unknown as LossClass,
  KLDivergence: probabilistic.KLDivergence,
  Poisson: probabilistic.Poisson,
  BinaryCrossentropy: crossentropy.BinaryCrossentropy,
  BinaryFocalCrossentropy: crossentropy.BinaryFocalCrossentropy,
  CategoricalCrossentropy: crossentropy.CategoricalCrossentropy,
  CategoricalFocalCrossentropy: crossentropy.CategoricalFocalCrossentropy,
  SparseCategoricalCrossentropy: crossentropy.SparseCategoricalCrossentropy,
  CategoricalGeneralizedCrossEntropy: crossentropy.CategoricalGeneralizedCrossEntropy,
  MeanSquaredError: regression.MeanSquaredError,
  MeanAbsoluteError: regression.MeanAbsoluteError,
  MeanAbsolutePercentageError: regression.MeanAbsolutePercentageError,
  MeanSquaredLogarithmicError: regression.MeanSquaredLogarithmicError,
  CosineSimilarity: regression.CosineSimilarity,
  LogCosh: regression.LogCosh,
  Huber: regression.Huber,
  Hinge: hingeLosses.Hinge,
  SquaredHinge: hingeLosses.SquaredHinge,
  CategoricalHinge: hingeLosses.CategoricalHinge,
  Dice: segmentation.Dice,
  Tversky: segmentation.Tversky,
  Circle: circleLoss.Circle,
  CTC: ctcLosses.CTC,
};
for (const [name, cls] of Object.entries(CLASSES)) registerBuiltin(MODULE, name, cls as unknown as Serializable);

/** Keras's short aliases of the functions. */
const ALIASES: Record<string, string> = {
  bce: "binary_crossentropy", BCE: "binary_crossentropy",
  kld: "kl_divergence", KLD: "kl_divergence",
  mae: "mean_absolute_error", MAE: "mean_absolute_error",
  mse: "mean_squared_error", MSE: "mean_squared_error",
  mape: "mean_absolute_percentage_error", MAPE: "mean_absolute_percentage_error",
  msle: "mean_squared_logarithmic_error", MSLE: "mean_squared_logarithmic_error",
};

/** A built-in loss function by Keras name or alias ("mse", "sparse_categorical_crossentropy", ...). */
function builtinFunction(name: string): LossFunction | undefined {
  return lossFunctionByName(ALIASES[name] ?? name);
}

function notInterpretable(identifier: unknown): ValueError {
  const shown = typeof identifier === "string" ? identifier : JSON.stringify(identifier) ?? String(identifier);
  return new ValueError(`Could not interpret loss identifier: ${shown}`);
}

/** What a name means: a custom object, a class (instantiated by `get`) or a function. */
function lookup(name: string, customObjects: CustomObjects): LossClass | LossFunction | undefined {
  const custom = getRegisteredObject(name, customObjects ?? undefined);
  if (custom) return custom as LossClass | LossFunction;
  return CLASSES[name] ?? builtinFunction(name);
}

function isClass(x: unknown): x is new (...args: any[]) => unknown {
  return typeof x === "function" && /^class[\s{]/.test(Function.prototype.toString.call(x));
}

/**
 * `keras.losses.serialize(loss)`: a `Loss` as its Keras envelope
 * {module: "keras.losses", class_name, config, registered_name}; a built-in
 * function (or a registered custom one) as Keras's function envelope.
 */
export function serialize(loss: Loss | LossFunction): unknown {
  if (typeof loss === "function") return serializeLossFunction(loss);
  return serializeKerasObject(loss);
}

/**
 * `keras.losses.deserialize(config, customObjects)`: a name ("mse",
 * "CategoricalCrossentropy": classes by name come back as classes, as in Keras),
 * a function envelope, or a class envelope.
 */
export function deserialize(config: unknown, customObjects?: CustomObjects): Loss | LossFunction | LossClass {
  if (typeof config === "string") {
    const hit = lookup(config, customObjects);
    if (!hit) throw notInterpretable(config);
    return hit;
  }
  if (!isPlainObject(config) || typeof config.class_name !== "string") throw notInterpretable(config);
  if (config.class_name === "function") return deserializeLossFunction(config, customObjects, builtinFunction);
  return deserializeKerasObject(config, { customObjects: customObjects ?? undefined, moduleHint: MODULE }) as Loss;
}

export type LossIdentifier = string | Loss | LossFunction | Record<string, unknown> | (new (...args: any[]) => Loss) | null | undefined;

/**
 * `keras.losses.get(identifier)`: null -> null; a name -> the function (or, for a
 * class name, a new instance); a config -> `deserialize`; a class -> a new
 * instance; a `Loss` or a function -> itself.
 */
export function get(identifier: LossIdentifier, customObjects?: CustomObjects): Loss | LossFunction | null {
  if (identifier === null || identifier === undefined) return null;
  let obj: unknown;
  if (typeof identifier === "string") {
    obj = lookup(identifier, customObjects);
    if (!obj) throw notInterpretable(identifier);
  } else if (isPlainObject(identifier)) obj = deserialize(identifier, customObjects);
  else obj = identifier;
  if (isClass(obj)) return new (obj as new () => Loss)();
  if (obj instanceof Loss || typeof obj === "function") return obj as Loss | LossFunction;
  throw notInterpretable(identifier);
}

/** The Keras name of a built-in loss function ("mean_squared_error"), or undefined. */
export function builtinLossName(fn: unknown): string | undefined {
  return lossFunctionName(fn);
}
