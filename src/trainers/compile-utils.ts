/**
 * What `compile({ loss, lossWeights, metrics, weightedMetrics })` turns into
 * (Keras's trainers/compile_utils.py):
 *
 * - `CompileLoss`: one loss per model output (a single loss for all, a list in
 *   output order, or a dict keyed by output name), weighted and summed. With
 *   several losses it also tracks each one as a `Mean` metric named
 *   "<output>_loss".
 * - `CompileMetrics`: metric lists per output; results are named as Keras
 *   names them in logs ("accuracy", or "<output>_<metric>" with several
 *   outputs; "weighted_<metric>" when a weighted metric repeats a name).
 *
 * "accuracy" / "acc" resolve to binary, sparse categorical or categorical
 * accuracy from the shapes of the targets and predictions, as do
 * "crossentropy" / "ce" for losses. Both are built on the first batch.
 */
import { ValueError } from "../engine/errors.js";
import { isTensor, Tensor } from "../engine/tensor.js";
import type { Variable } from "../engine/variable.js";
import { isPlainObject } from "../ops/op.js";
import * as ops from "../ops/index.js";
import * as lossesModule from "../losses/index.js";
import * as metricsModule from "../metrics/index.js";
import { Loss, LossFunctionWrapper } from "../losses/index.js";
import { Mean, MeanMetricWrapper, Metric } from "../metrics/index.js";
import { lossFunctionName } from "../losses/loss-function.js";
import { pyRepr } from "../layers/py-format.js";

type Structure = Tensor | Tensor[] | Record<string, Tensor>;

function lastDim(t: { shape: readonly (number | null)[] }): number | null {
  return t.shape.length ? t.shape[t.shape.length - 1] : null;
}

/** Keras's `is_binary_or_sparse_categorical`: from the ranks and last dimensions of the targets and predictions. */
export function isBinaryOrSparseCategorical(yTrue: { shape: readonly (number | null)[] }, yPred: { shape: readonly (number | null)[] }): [boolean, boolean] {
  const isBinary = lastDim(yPred) === 1;
  const isSparse = yTrue.shape.length < yPred.shape.length || (lastDim(yTrue) === 1 && (lastDim(yPred) ?? 0) > 1);
  return [isBinary, isSparse];
}

/** Keras's `get_object_name`: a metric's or loss's name, a function's Keras (or JS) name. */
function objectName(obj: unknown): string {
  if (obj && typeof obj === "object" && typeof (obj as { name?: unknown }).name === "string") return (obj as { name: string }).name;
  if (typeof obj === "function") return lossFunctionName(obj) ?? (obj.name || "function");
  return String(obj);
}

/** Whether `x` can name a metric or loss: null, a string, a function / class, or an instance. */
function isFunctionLike(x: unknown): boolean {
  return x === null || x === undefined || typeof x === "string" || typeof x === "function" || x instanceof Metric || x instanceof Loss;
}

/** A metric object for `identifier`, named as Keras names it in logs. */
export function getMetric(identifier: unknown, yTrue: Tensor, yPred: Tensor): Metric | null {
  if (identifier === null || identifier === undefined) return null;
  let metric: unknown;
  const lowered = typeof identifier === "string" ? identifier.toLowerCase() : null;
  if (lowered === "accuracy" || lowered === "acc") {
    const [isBinary, isSparse] = isBinaryOrSparseCategorical(yTrue, yPred);
    const name = identifier as string;
    if (isBinary) metric = new metricsModule.BinaryAccuracy({ name });
    else if (isSparse) metric = new metricsModule.SparseCategoricalAccuracy({ name });
    else metric = new metricsModule.CategoricalAccuracy({ name });
  } else {
    metric = metricsModule.get(identifier as metricsModule.MetricIdentifier);
  }
  const name = typeof identifier === "string" ? identifier : objectName(metric);
  if (!(metric instanceof Metric)) metric = new MeanMetricWrapper(metric as lossesModule.LossFunction, { name });
  (metric as Metric).name = name;
  return metric as Metric;
}

/** A `Loss` object for `identifier` (functions are wrapped in a LossFunctionWrapper named after them). */
export function getLoss(identifier: unknown, yTrue: Tensor, yPred: Tensor): Loss | null {
  if (identifier === null || identifier === undefined) return null;
  let loss: unknown;
  const lowered = typeof identifier === "string" ? identifier.toLowerCase() : null;
  if (lowered === "crossentropy" || lowered === "ce") {
    const [isBinary, isSparse] = isBinaryOrSparseCategorical(yTrue, yPred);
    loss = isBinary ? lossesModule.binaryCrossentropy : isSparse ? lossesModule.sparseCategoricalCrossentropy : lossesModule.categoricalCrossentropy;
  } else {
    loss = lossesModule.get(identifier as lossesModule.LossIdentifier);
  }
  if (!(loss instanceof Loss)) {
    const name = typeof identifier === "string" ? identifier : objectName(loss);
    loss = new LossFunctionWrapper(loss as lossesModule.LossFunction, { name });
  }
  return loss as Loss;
}

/** The metrics of one output (Keras's MetricsList). */
export class MetricsList {
  constructor(readonly metrics: Metric[], readonly outputName: string | null = null) {}

  updateState(yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor | null = null): void {
    for (const m of this.metrics) m.updateState(yTrue, yPred, sampleWeight);
  }

  resetState(): void {
    for (const m of this.metrics) m.resetState();
  }
}

/** How the model's predictions are laid out: one tensor, a list, or a dict. */
interface OutputLayout {
  kind: "single" | "list" | "dict";
  /** Index (list), key (dict) or null (single) of each output, in flat order. */
  keys: (number | string | null)[];
  /** The name of each output, when known. */
  names: (string | null)[];
}

function layoutOf(yPred: unknown, outputNames: readonly string[] | null): OutputLayout {
  if (isTensor(yPred) || !(Array.isArray(yPred) || isPlainObject(yPred))) {
    return { kind: "single", keys: [null], names: [outputNames?.length === 1 ? outputNames[0] : null] };
  }
  if (Array.isArray(yPred)) {
    const names = yPred.map((_, i) => (outputNames && outputNames.length === yPred.length ? outputNames[i] : null));
    return { kind: "list", keys: yPred.map((_, i) => i), names };
  }
  const keys = Object.keys(yPred).sort();
  return { kind: "dict", keys, names: keys };
}

function pick(y: any, key: number | string | null): any {
  return key === null ? y : y?.[key];
}

function structureSketch(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(structureSketch).join(", ")}]`;
  if (isPlainObject(x)) return `{${Object.keys(x).map((k) => `'${k}': ${structureSketch(x[k])}`).join(", ")}}`;
  return "*";
}

/** Puts the targets in the predictions' layout (flat list, same order), as Keras reconciles y_true with y_pred. */
function alignTargets(yTrue: unknown, yPred: unknown, layout: OutputLayout, outputNames: readonly string[] | null, lossPresent: boolean[]): unknown[] {
  const n = layout.keys.length;
  const mismatch = () =>
    new ValueError(`y_true and y_pred have different structures.\ny_true: ${structureSketch(yTrue)}\ny_pred: ${structureSketch(yPred)}\n`);
  if (layout.kind === "single") {
    if (Array.isArray(yTrue) && yTrue.length === 1) return [yTrue[0]];
    if (isPlainObject(yTrue)) {
      const vals = Object.values(yTrue);
      if (vals.length === 1) return vals;
      throw mismatch();
    }
    return [yTrue];
  }
  let flat: unknown[];
  if (Array.isArray(yTrue)) flat = yTrue;
  else if (isPlainObject(yTrue)) {
    const names = layout.kind === "dict" ? (layout.keys as string[]) : outputNames;
    if (!names || !names.every((k) => k in yTrue || !lossPresent[names.indexOf(k)])) throw mismatch();
    flat = names.map((k) => yTrue[k] ?? null);
  } else {
    flat = [yTrue];
  }
  if (flat.length === n) return flat;
  // Targets only for the outputs that have a loss.
  const withLoss = lossPresent.filter(Boolean).length;
  if (flat.length === withLoss) {
    let i = 0;
    return lossPresent.map((has) => (has ? flat[i++] : null));
  }
  throw mismatch();
}

/** The sample weights of one output: a list or dict of weights is per output, a single array serves all. */
function weightFor(sampleWeight: unknown, layout: OutputLayout, index: number): Tensor | null {
  if (Array.isArray(sampleWeight)) return (layout.kind === "single" ? sampleWeight[0] : sampleWeight[index]) ?? null;
  if (isPlainObject(sampleWeight)) {
    const name = layout.kind === "dict" ? (layout.keys[index] as string) : layout.names[index];
    return name !== null ? ((sampleWeight[name] as Tensor | undefined) ?? null) : null;
  }
  return (sampleWeight as Tensor | null) ?? null;
}

interface FlatLoss {
  index: number;
  loss: Loss;
  weight: number | null;
  name: string;
}

/** The summed, weighted loss over the model's outputs (Keras's CompileLoss). */
export class CompileLoss {
  readonly name = "compile_loss";
  built = false;
  /** Per-output loss trackers ("<output>_loss"), only with several losses. */
  readonly metrics: Mean[] = [];
  private flatLosses: FlatLoss[] = [];
  private layout: OutputLayout | null = null;

  constructor(
    readonly userLoss: unknown,
    readonly userLossWeights: unknown = null,
    readonly outputNames: readonly string[] | null = null,
  ) {
    if (userLossWeights !== null && userLossWeights !== undefined && typeof userLossWeights !== "number" &&
      !Array.isArray(userLossWeights) && !isPlainObject(userLossWeights)) {
      throw new ValueError(
        "Expected `loss_weights` argument to be a float (single output case) or a list, tuple, or dict (multiple output case). " +
          `Received instead: loss_weights=${pyRepr(userLossWeights)} of type ${typeof userLossWeights}`,
      );
    }
  }

  get variables(): Variable[] {
    return this.metrics.flatMap((m) => m.variables);
  }

  /** The user's loss per output (null: no loss for that output). */
  private lossPerOutput(layout: OutputLayout): unknown[][] {
    const loss = this.userLoss;
    const n = layout.keys.length;
    if (!Array.isArray(loss) && !isPlainObject(loss)) return layout.keys.map(() => [loss]);
    if (Array.isArray(loss)) {
      if (layout.kind === "single") return [loss.filter((l) => l !== null && l !== undefined)];
      if (loss.length !== n) {
        throw new ValueError(
          `For a model with multiple outputs, when providing the \`loss\` argument as a list, it should have as many entries as the model has outputs. ` +
            `Received:\nloss=${pyRepr(loss)}\nof length ${loss.length} whereas the model has ${n} outputs.`,
        );
      }
      return loss.map((l) => [l]);
    }
    const keys = Object.keys(loss);
    if (layout.kind === "dict") {
      for (const k of keys) {
        if (!layout.keys.includes(k)) {
          throw new ValueError(`The path: ('${k}',) in the \`loss\` argument, can't be found in either the model's output (\`y_pred\`) or in the labels (\`y_true\`).`);
        }
      }
      return layout.keys.map((k) => [loss[k as string] ?? null]);
    }
    const names = this.outputNames ?? [];
    if (names.length !== n || keys.length !== names.length || !names.every((nm) => keys.includes(nm))) {
      throw new ValueError(`Expected keys [${names.map((x) => `'${x}'`).join(", ")}] in loss dict, but found loss.keys()=[${keys.map((x) => `'${x}'`).join(", ")}]`);
    }
    return names.map((nm) => [loss[nm]]);
  }

  private weightPerOutput(layout: OutputLayout, lossCount: number): (number | null)[] {
    const w = this.userLossWeights;
    const n = layout.keys.length;
    if (w === null || w === undefined) return layout.keys.map(() => null);
    if (typeof w === "number") {
      if (lossCount > 1 && n > 1) throw new ValueError(`\`loss_weights\` must match the number of losses, got ${lossCount} losses and 1 weights.`);
      return layout.keys.map(() => w);
    }
    if (Array.isArray(w)) {
      if (w.length !== n) throw new ValueError(`\`loss_weights\` must match the number of losses, got ${n} losses and ${w.length} weights.`);
      return w.map((v) => (v === null || v === undefined ? null : Number(v)));
    }
    const dict = w as Record<string, unknown>;
    return layout.names.map((name, i) => {
      const key = layout.kind === "dict" ? (layout.keys[i] as string) : name;
      if (key === null || !(key in dict)) return null;
      return Number(dict[key]);
    });
  }

  build(yTrue: unknown, yPred: unknown): void {
    const layout = layoutOf(yPred, this.outputNames);
    const perOutput = this.lossPerOutput(layout);
    const lossCount = perOutput.flat().filter((l) => l !== null && l !== undefined).length;
    const weights = this.weightPerOutput(layout, lossCount);
    const present = perOutput.map((ls) => ls.some((l) => l !== null && l !== undefined));
    const targets = alignTargets(yTrue, yPred, layout, this.outputNames, present);
    const preds = layout.keys.map((k) => pick(yPred, k));
    this.flatLosses = [];
    perOutput.forEach((ls, i) => {
      for (const identifier of ls) {
        const loss = getLoss(identifier, targets[i] as Tensor, preds[i] as Tensor);
        if (!loss) continue;
        const name = layout.names[i] ?? loss.name;
        this.flatLosses.push({ index: i, loss, weight: weights[i], name });
      }
    });
    if (this.flatLosses.length > 1) {
      for (const fl of this.flatLosses) this.metrics.push(new Mean({ name: `${fl.name}_loss` }));
    }
    this.layout = layout;
    this.built = true;
  }

  /** Keras's `compile_loss(y_true, y_pred, sample_weight)`: the weighted sum of the per-output losses, or null if none. */
  call(yTrue: unknown, yPred: unknown, sampleWeight: unknown = null): Tensor | null {
    if (!this.built) this.build(yTrue, yPred);
    const layout = this.layout!;
    const present = layout.keys.map((_, i) => this.flatLosses.some((fl) => fl.index === i));
    const targets = alignTargets(yTrue, yPred, layout, this.outputNames, present);
    let total: Tensor | null = null;
    this.flatLosses.forEach((fl, j) => {
      const key = layout.keys[fl.index];
      const yp = pick(yPred, key) as Tensor;
      const yt = targets[fl.index];
      if (yt === null || yt === undefined) {
        throw new ValueError(`Missing target for output ${pyRepr(layout.names[fl.index] ?? fl.index)}: a loss is compiled for it but \`y\` has no value there.`);
      }
      const sw = weightFor(sampleWeight, layout, fl.index);
      let value = ops.cast(fl.loss.apply(yt as Tensor, yp, sw), "float32");
      // The per-output trackers record the unweighted loss, weighted by the batch size.
      if (this.metrics.length) this.metrics[j].updateState(value, yp.shape[0] ?? 1);
      if (fl.weight !== null) value = ops.multiply(value, fl.weight);
      total = total === null ? value : ops.add(total, value);
    });
    return total;
  }

  /** Keras's `compile_loss(...)`: same as `call`. */
  apply(yTrue: unknown, yPred: unknown, sampleWeight: unknown = null): Tensor | null {
    return this.call(yTrue, yPred, sampleWeight);
  }
}

/** The compiled metrics of every output (Keras's CompileMetrics). */
export class CompileMetrics {
  readonly name = "compile_metrics";
  readonly isCompileMetrics = true;
  built = false;
  private flatMetrics: (MetricsList | null)[] = [];
  private flatWeightedMetrics: (MetricsList | null)[] = [];
  private resolvedOutputNames: string[] | null = null;

  constructor(
    readonly userMetrics: unknown,
    readonly userWeightedMetrics: unknown,
    readonly outputNames: readonly string[] | null = null,
  ) {
    for (const [arg, value] of [["metrics", userMetrics], ["weighted_metrics", userWeightedMetrics]] as const) {
      if (value && !Array.isArray(value) && !isPlainObject(value)) {
        throw new ValueError(`Expected \`${arg}\` argument to be a list, tuple, or dict. Received instead: ${arg}=${pyRepr(value)} of type ${typeof value}`);
      }
    }
  }

  /** Every metric object, unweighted first. */
  get metrics(): Metric[] {
    if (!this.built) return [];
    const out: Metric[] = [];
    for (const ml of [...this.flatMetrics, ...this.flatWeightedMetrics]) if (ml) out.push(...ml.metrics);
    return out;
  }

  get variables(): Variable[] {
    return this.metrics.flatMap((m) => m.variables);
  }

  private flattenY(y: unknown): any[] {
    if (isPlainObject(y) && this.resolvedOutputNames) return this.resolvedOutputNames.filter((n) => n in y).map((n) => y[n]);
    if (isPlainObject(y)) return Object.keys(y).sort().map((k) => y[k]);
    if (Array.isArray(y)) return y;
    return [y];
  }

  build(yTrue: unknown, yPred: unknown): void {
    let names: string[] | null = null;
    let numOutputs = 1;
    if (this.outputNames && this.outputNames.length) names = [...this.outputNames];
    else if (isPlainObject(yPred)) names = Object.keys(yPred).sort();
    else if (Array.isArray(yPred)) numOutputs = yPred.length;
    if (names) numOutputs = names.length;
    this.resolvedOutputNames = names;
    const preds = this.flattenY(yPred);
    const truths = this.flattenY(yTrue);
    this.flatMetrics = this.buildSet(this.userMetrics, numOutputs, names, truths, preds, "metrics");
    this.flatWeightedMetrics = this.buildSet(this.userWeightedMetrics, numOutputs, names, truths, preds, "weighted_metrics");
    this.built = true;
  }

  private buildSet(metrics: unknown, numOutputs: number, names: string[] | null, truths: Tensor[], preds: Tensor[], arg: string): (MetricsList | null)[] {
    const flat: (MetricsList | null)[] = [];
    if (isPlainObject(metrics)) {
      for (const key of Object.keys(metrics)) {
        if (!names || !names.includes(key)) {
          throw new ValueError(`In the dict argument \`${arg}\`, key '${key}' does not correspond to any model output. Received:\n${arg}=${pyRepr(metrics)}`);
        }
      }
    }
    const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);
    if (numOutputs === 1) {
      if (!metrics || (Array.isArray(metrics) && metrics.length === 0)) {
        flat.push(null);
        return flat;
      }
      const list = isPlainObject(metrics) ? Object.values(metrics).flat() : listOf(metrics);
      if (!list.every(isFunctionLike)) {
        throw new ValueError(`Expected all entries in the \`${arg}\` list to be metric objects. Received instead:\n${arg}=${pyRepr(metrics)}`);
      }
      flat.push(new MetricsList(list.filter((m) => m !== null && m !== undefined).map((m) => getMetric(m, truths[0], preds[0])!)));
      return flat;
    }
    if (!metrics) return preds.map(() => null);
    if (Array.isArray(metrics)) {
      if (metrics.length !== preds.length) {
        throw new ValueError(
          `For a model with multiple outputs, when providing the \`${arg}\` argument as a list, it should have as many entries as the model has outputs. ` +
            `Received:\n${arg}=${pyRepr(metrics)}\nof length ${metrics.length} whereas the model has ${preds.length} outputs.`,
        );
      }
      metrics.forEach((entry, i) => {
        const list = listOf(entry);
        if (!list.every(isFunctionLike)) {
          throw new ValueError(`All entries in the sublists of the \`${arg}\` list should be metric objects. Found the following sublist with unknown types: ${pyRepr(list)}`);
        }
        flat.push(new MetricsList(list.filter((m) => m !== null && m !== undefined).map((m) => getMetric(m, truths[i], preds[i])!), names ? names[i] : null));
      });
      return flat;
    }
    if (!names) {
      throw new ValueError(`Argument \`${arg}\` can only be provided as a dict when the model also returns a dict of outputs. Received ${arg}=${pyRepr(metrics)}`);
    }
    const dict = metrics as Record<string, unknown>;
    names.forEach((name, i) => {
      if (!(name in dict)) {
        flat.push(null);
        return;
      }
      const list = listOf(dict[name]);
      if (!list.every(isFunctionLike)) {
        throw new ValueError(`All entries in the sublists of the \`${arg}\` dict should be metric objects. At key '${name}', found the following sublist with unknown types: ${pyRepr(list)}`);
      }
      flat.push(new MetricsList(list.filter((m) => m !== null && m !== undefined).map((m) => getMetric(m, truths[i], preds[i])!), name));
    });
    return flat;
  }

  updateState(yTrue: unknown, yPred: unknown, sampleWeight: unknown = null): void {
    if (!this.built) this.build(yTrue, yPred);
    const truths = this.flattenY(yTrue);
    const preds = this.flattenY(yPred);
    this.flatMetrics.forEach((m, i) => m?.updateState(truths[i], preds[i]));
    let weights: (Tensor | null)[];
    if (sampleWeight === null || sampleWeight === undefined) weights = preds.map(() => null);
    else {
      weights = this.flattenY(sampleWeight);
      // One sample-weight array serves every output.
      if (weights.length < truths.length) weights = truths.map(() => weights[0]);
    }
    this.flatWeightedMetrics.forEach((m, i) => m?.updateState(truths[i], preds[i], weights[i]));
  }

  resetState(): void {
    if (!this.built) return;
    for (const m of [...this.flatMetrics, ...this.flatWeightedMetrics]) m?.resetState();
  }

  /** name -> result tensor, with Keras's naming of per-output and repeated metrics. */
  result(): Record<string, Tensor> {
    if (!this.built) throw new ValueError("Cannot get result() since the metric has not yet been built.");
    const results: Record<string, Tensor> = {};
    const counters = new Map<string, number>();
    // The first use of a name keeps it; later ones get "_1", "_2", ...
    const unique = (name: string): string => {
      const index = counters.get(name);
      counters.set(name, (index ?? 0) + 1);
      return index === undefined ? name : `${name}_${index}`;
    };
    const prefixed = (outputName: string | null | undefined, name: string) => (outputName ? `${outputName}_${name}` : name);
    for (const ml of this.flatMetrics) {
      if (!ml) continue;
      for (const m of ml.metrics) results[unique(prefixed(ml.outputName, m.name))] = m.result();
    }
    for (const ml of this.flatWeightedMetrics) {
      if (!ml) continue;
      for (const m of ml.metrics) {
        // A weighted metric whose name is taken becomes "weighted_<name>" (numbered if that is taken too).
        const name = prefixed(ml.outputName, m.name);
        results[counters.has(name) ? unique(prefixed(ml.outputName, `weighted_${m.name}`)) : unique(name)] = m.result();
      }
    }
    return results;
  }
}

export type { Structure };
