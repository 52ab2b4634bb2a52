/**
 * `keras.metrics`: the `Metric` base class, every Keras 3.15.1 metric class,
 * the metric functions Keras exports, and get / serialize / deserialize.
 */
import { ValueError } from "../engine/errors.js";
import { getRegisteredObject, registerBuiltin, Serializable } from "../saving/object-registration.js";
import { deserializeKerasObject, serializeKerasObject } from "../saving/serialization-lib.js";
import { isPlainObject } from "../ops/op.js";
import { toSnakeCase } from "../utils/naming.js";
import { CustomObjects, deserializeLossFunction, LossFunction, lossFunctionByName, serializeLossFunction } from "../losses/loss-function.js";
import { Metric } from "./metric.js";
import { Mean, MeanMetricWrapper, Sum } from "./reduction-metrics.js";
import * as accuracyMetrics from "./accuracy-metrics.js";
import * as confusion from "./confusion-metrics.js";
import { AUC } from "./auc.js";
import { F1Score, FBetaScore } from "./f-score-metrics.js";
import * as hingeMetrics from "./hinge-metrics.js";
import * as iou from "./iou-metrics.js";
import * as probabilistic from "./probabilistic-metrics.js";
import * as regression from "./regression-metrics.js";
import { ConcordanceCorrelation, PearsonCorrelation } from "./correlation-metrics.js";

export { Metric } from "./metric.js";
export type { MetricOptions, MetricConfig, AddVariableOptions } from "./metric.js";
export { Mean, Sum, MeanMetricWrapper, reduceToSamplewiseValues } from "./reduction-metrics.js";
export {
  Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy, TopKCategoricalAccuracy, SparseTopKCategoricalAccuracy,
  binaryAccuracy, categoricalAccuracy, sparseCategoricalAccuracy, topKCategoricalAccuracy, sparseTopKCategoricalAccuracy, inTopK,
} from "./accuracy-metrics.js";
export {
  TruePositives, TrueNegatives, FalsePositives, FalseNegatives, Precision, Recall,
  SensitivityAtSpecificity, SpecificityAtSensitivity, PrecisionAtRecall, RecallAtPrecision,
} from "./confusion-metrics.js";
export { AUC } from "./auc.js";
export { FBetaScore, F1Score } from "./f-score-metrics.js";
export { Hinge, SquaredHinge, CategoricalHinge } from "./hinge-metrics.js";
export { IoU, BinaryIoU, MeanIoU, OneHotIoU, OneHotMeanIoU } from "./iou-metrics.js";
export { KLDivergence, Poisson, BinaryCrossentropy, CategoricalCrossentropy, SparseCategoricalCrossentropy } from "./probabilistic-metrics.js";
export {
  MeanSquaredError, MeanAbsoluteError, MeanAbsolutePercentageError, MeanSquaredLogarithmicError, RootMeanSquaredError,
  CosineSimilarity, LogCoshError, R2Score,
} from "./regression-metrics.js";
export { PearsonCorrelation, ConcordanceCorrelation, pearsonCorrelation, concordanceCorrelation } from "./correlation-metrics.js";
export {
  confusionMatrix, updateConfusionMatrixVariables, filterTopK, isEvenlyDistributedThresholds, parseInitThresholds, NEG_INF,
} from "./metrics-utils.js";
// The loss functions Keras also exports as metrics.
export {
  hinge, squaredHinge, categoricalHinge, klDivergence, poisson, binaryCrossentropy, categoricalCrossentropy,
  sparseCategoricalCrossentropy, binaryFocalCrossentropy, categoricalFocalCrossentropy, meanSquaredError, meanAbsoluteError,
  meanAbsolutePercentageError, meanSquaredLogarithmicError, huber, logCosh,
} from "../losses/index.js";

const MODULE = "keras.metrics";

type MetricClass = (new (...args: any[]) => Metric) & { fromConfig(config: Record<string, unknown>, customObjects?: CustomObjects): Metric };

/** Keras's ALL_OBJECTS. */
const CLASSES: Record<string, unknown> = {
  Metric, Mean, Sum, MeanMetricWrapper,
  MeanSquaredError: regression.MeanSquaredError,
  RootMeanSquaredError: regression.RootMeanSquaredError,
  MeanAbsoluteError: regression.MeanAbsoluteError,
  MeanAbsolutePercentageError: regression.MeanAbsolutePercentageError,
  MeanSquaredLogarithmicError: regression.MeanSquaredLogarithmicError,
  CosineSimilarity: regression.CosineSimilarity,
  LogCoshError: regression.LogCoshError,
  R2Score: regression.R2Score,
  AUC,
  FalseNegatives: confusion.FalseNegatives,
  FalsePositives: confusion.FalsePositives,
  Precision: confusion.Precision,
  PrecisionAtRecall: confusion.PrecisionAtRecall,
  Recall: confusion.Recall,
  RecallAtPrecision: confusion.RecallAtPrecision,
  SensitivityAtSpecificity: confusion.SensitivityAtSpecificity,
  SpecificityAtSensitivity: confusion.SpecificityAtSensitivity,
  TrueNegatives: confusion.TrueNegatives,
  TruePositives: confusion.TruePositives,
  Hinge: hingeMetrics.Hinge,
  SquaredHinge: hingeMetrics.SquaredHinge,
  CategoricalHinge: hingeMetrics.CategoricalHinge,
  KLDivergence: probabilistic.KLDivergence,
  Poisson: probabilistic.Poisson,
  BinaryCrossentropy: probabilistic.BinaryCrossentropy,
  CategoricalCrossentropy: probabilistic.CategoricalCrossentropy,
  SparseCategoricalCrossentropy: probabilistic.SparseCategoricalCrossentropy,
  Accuracy: accuracyMetrics.Accuracy,
  BinaryAccuracy: accuracyMetrics.BinaryAccuracy,
  CategoricalAccuracy: accuracyMetrics.CategoricalAccuracy,
  SparseCategoricalAccuracy: accuracyMetrics.SparseCategoricalAccuracy,
  TopKCategoricalAccuracy: accuracyMetrics.TopKCategoricalAccuracy,
  SparseTopKCategoricalAccuracy: accuracyMetrics.SparseTopKCategoricalAccuracy,
  F1Score,
  FBetaScore,
  IoU: iou.IoU,
  BinaryIoU: iou.BinaryIoU,
  MeanIoU: iou.MeanIoU,
  OneHotIoU: iou.OneHotIoU,
  OneHotMeanIoU: iou.OneHotMeanIoU,
  PearsonCorrelation,
  ConcordanceCorrelation,
};
for (const [name, cls] of Object.entries(CLASSES)) registerBuiltin(MODULE, name, cls as Serializable);

/** Names -> classes: class names, their snake_case forms, and Keras's short aliases. */
const BY_NAME = new Map<string, unknown>();
for (const [name, cls] of Object.entries(CLASSES)) {
  BY_NAME.set(name, cls);
  BY_NAME.set(toSnakeCase(name), cls);
}
const ALIASES: Record<string, unknown> = {
  bce: probabilistic.BinaryCrossentropy, BCE: probabilistic.BinaryCrossentropy,
  mse: regression.MeanSquaredError, MSE: regression.MeanSquaredError,
  mae: regression.MeanAbsoluteError, MAE: regression.MeanAbsoluteError,
  mape: regression.MeanAbsolutePercentageError, MAPE: regression.MeanAbsolutePercentageError,
  msle: regression.MeanSquaredLogarithmicError, MSLE: regression.MeanSquaredLogarithmicError,
};
for (const [name, cls] of Object.entries(ALIASES)) BY_NAME.set(name, cls);

function notInterpretable(identifier: unknown): ValueError {
  const shown = typeof identifier === "string" ? identifier : JSON.stringify(identifier) ?? String(identifier);
  return new ValueError(`Could not interpret metric identifier: ${shown}`);
}

function isClass(x: unknown): x is new (...args: any[]) => unknown {
  return typeof x === "function" && /^class[\s{]/.test(Function.prototype.toString.call(x));
}

function lookup(name: string, customObjects: CustomObjects): unknown {
  return getRegisteredObject(name, customObjects ?? undefined) ?? BY_NAME.get(name);
}

/** `keras.metrics.serialize(metric)`: a `Metric` as its Keras envelope; a built-in function as Keras's function envelope. */
export function serialize(metric: Metric | LossFunction): unknown {
  if (typeof metric === "function") return serializeLossFunction(metric);
  return serializeKerasObject(metric);
}

/** `keras.metrics.deserialize(config, customObjects)`: a name (the class), a function envelope, or a class envelope (an instance). */
export function deserialize(config: unknown, customObjects?: CustomObjects): unknown {
  if (typeof config === "string") {
    const hit = lookup(config, customObjects);
    if (hit === undefined) throw notInterpretable(config);
    return hit;
  }
  if (!isPlainObject(config) || typeof config.class_name !== "string") throw notInterpretable(config);
  if (config.class_name === "function") return deserializeLossFunction(config, customObjects, (n) => lossFunctionByName(n, true));
  return deserializeKerasObject(config, { customObjects: customObjects ?? undefined, moduleHint: MODULE });
}

export type MetricIdentifier = string | Metric | LossFunction | Record<string, unknown> | (new (...args: any[]) => Metric) | null | undefined;

/**
 * `keras.metrics.get(identifier)`: null -> null; a name ("accuracy", "mae",
 * "AUC", "sparse_categorical_accuracy") or a class -> a new instance; a config
 * -> `deserialize`; a `Metric` or a function -> itself.
 */
export function get(identifier: MetricIdentifier, customObjects?: CustomObjects): Metric | LossFunction | null {
  if (identifier === null || identifier === undefined) return null;
  let obj: unknown;
  if (typeof identifier === "string") obj = lookup(identifier, customObjects);
  else if (isPlainObject(identifier)) obj = deserialize(identifier, customObjects);
  else obj = identifier;
  if (isClass(obj)) return new (obj as new () => Metric)();
  if (obj instanceof Metric || typeof obj === "function") return obj as Metric | LossFunction;
  throw notInterpretable(identifier);
}

export type { MetricClass };
