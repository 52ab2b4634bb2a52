/**
 * The logic behind `model.compile / fit / evaluate / predict / trainOnBatch /
 * testOnBatch / predictOnBatch` (Keras's Trainer). `Model` delegates each
 * method here; the overridable steps (`trainStep`, `testStep`,
 * `predictStep`, `computeLoss`, `computeMetrics`) are Model methods too, so a
 * subclass can customise one step and keep the loops.
 *
 * One training step: forward pass with `training: true`, the compiled loss
 * plus `model.losses` (regularization penalties and `addLoss` values), the
 * gradients of that total with respect to `model.trainableVariables` (the
 * tape), `optimizer.apply`, then the metric updates.
 *
 * Compute is synchronous: `evaluate`, `predict` and the `*OnBatch` methods
 * return their results directly (a Promise only when given an async
 * dataset). `fit` is async and yields to the event loop between batches.
 */
import { ValueError } from "../engine/errors.js";
import { isTensor, Tensor } from "../engine/tensor.js";
import { valueAndGrad } from "../autodiff/tape.js";
import { isFloat } from "../engine/dtype.js";
import { floatx } from "../config/settings.js";
import * as ops from "../ops/index.js";
import { isPlainObject } from "../ops/op.js";
import * as optimizers from "../optimizers/index.js";
import { Optimizer } from "../optimizers/index.js";
import * as lossesModule from "../losses/index.js";
import * as metricsModule from "../metrics/index.js";
import { Mean, Metric } from "../metrics/index.js";
import { serializeKerasObject } from "../saving/serialization-lib.js";
import { flatten, packSequenceAs } from "../utils/tree.js";
import { pyRepr } from "../layers/py-format.js";
import type { Model } from "../models/model.js";
import { predictBatched } from "../models/predict.js";
import { Callback, Logs } from "../callbacks/callback.js";
import { CallbackList, pythonifyLogs } from "../callbacks/callback-list.js";
import type { History } from "../callbacks/history.js";
import { CompileLoss, CompileMetrics } from "./compile-utils.js";
import {
  Batch, ClassWeight, checkDataCardinality, classWeightToSampleWeights, isDataset, standardizeData, trainValidationSplit,
  unpackXYSampleWeight,
} from "./data-adapters.js";
import { EpochIterator } from "./epoch-iterator.js";

// ---------------------------------------------------------------- options

export interface CompileOptions {
  /** An optimizer or its Keras name ("adam", "sgd", ...); default "rmsprop". */
  optimizer?: Optimizer | string | Record<string, unknown> | null;
  /** One loss for every output, a list in output order, or a dict keyed by output name. */
  loss?: unknown;
  lossWeights?: number | number[] | Record<string, number> | null;
  /** Metrics (unweighted): a list, a list per output, or a dict keyed by output name. */
  metrics?: unknown;
  /** Metrics weighted by `sampleWeight` / `classWeight`. */
  weightedMetrics?: unknown;
  /** Accepted for Keras compatibility (keras-ts always runs eagerly). */
  runEagerly?: boolean;
  stepsPerExecution?: number;
  jitCompile?: boolean | "auto";
  autoScaleLoss?: boolean;
}

export type Verbose = 0 | 1 | 2 | "auto";

export interface FitOptions {
  batchSize?: number | null;
  epochs?: number;
  verbose?: Verbose;
  callbacks?: Callback[] | CallbackList | null;
  /** Fraction of the data (the last samples, before shuffling) held out for validation. */
  validationSplit?: number;
  /** `[xVal, yVal]`, `[xVal, yVal, sampleWeightVal]`, or a dataset. */
  validationData?: unknown;
  shuffle?: boolean | "batch";
  classWeight?: ClassWeight | null;
  sampleWeight?: unknown;
  initialEpoch?: number;
  stepsPerEpoch?: number | null;
  validationSteps?: number | null;
  validationBatchSize?: number | null;
  /** Validate every N epochs, or at the listed (1-based) epochs. */
  validationFreq?: number | number[];
}

export interface EvaluateOptions {
  batchSize?: number | null;
  verbose?: Verbose;
  sampleWeight?: unknown;
  steps?: number | null;
  callbacks?: Callback[] | CallbackList | null;
  returnDict?: boolean;
}

export interface PredictOptions {
  batchSize?: number | null;
  /** As in Keras: "auto" (the default) is 1, a progress bar; 0 is silent; 2 prints one line at the end. */
  verbose?: Verbose;
  steps?: number | null;
  callbacks?: Callback[] | CallbackList | null;
}

export interface OnBatchOptions {
  sampleWeight?: unknown;
  classWeight?: ClassWeight | null;
  returnDict?: boolean;
}

/** What `compile` sets up, kept on the model (a class instance, so layer tracking does not scan into it). */
export class TrainerState {
  lossTracker = new Mean({ name: "loss" });
  warnedNoTrainableWeights = false;

  constructor(
    readonly compileLoss: CompileLoss | null,
    readonly compileMetrics: CompileMetrics | null,
    /** The compile arguments, serialized when `getCompileConfig` is called. */
    readonly config: Record<string, unknown>,
  ) {}
}

type TrainableModel = Model;

const FIT_KEYS = [
  "batchSize", "epochs", "verbose", "callbacks", "validationSplit", "validationData", "shuffle", "classWeight", "sampleWeight",
  "initialEpoch", "stepsPerEpoch", "validationSteps", "validationBatchSize", "validationFreq",
];
const EVALUATE_KEYS = ["batchSize", "verbose", "sampleWeight", "steps", "callbacks", "returnDict"];
const PREDICT_KEYS = ["batchSize", "verbose", "steps", "callbacks"];
const COMPILE_KEYS = ["optimizer", "loss", "lossWeights", "metrics", "weightedMetrics", "runEagerly", "stepsPerExecution", "jitCompile", "autoScaleLoss"];

function checkKeys(method: string, options: object, allowed: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) throw new ValueError(`${method}: unknown option "${key}". Valid options: ${allowed.join(", ")}.`);
  }
}

function state(model: TrainableModel): TrainerState {
  return model._trainer as TrainerState;
}

/** Keras's message for training before `compile`. */
export function assertCompiled(model: TrainableModel): void {
  if (!model.compiled || !model._trainer) throw new ValueError("You must call `compile()` before using the model.");
}

/** The names of the model's outputs (functional and built Sequential models), or null. */
export function outputNamesOf(model: TrainableModel): string[] | null {
  const inner = (model as unknown as { _functional?: { outputNames?: string[] } | null })._functional;
  const names = inner?.outputNames ?? model.outputNames;
  return names && names.length ? [...names] : null;
}

// ---------------------------------------------------------------- compile

export function compile(model: TrainableModel, options: CompileOptions = {}): void {
  checkKeys("compile", options, COMPILE_KEYS);
  const {
    optimizer = "rmsprop", loss = null, lossWeights = null, metrics = null, weightedMetrics = null, runEagerly = false,
    stepsPerExecution = 1, jitCompile = "auto",
  } = options;
  const opt = optimizers.get(optimizer as never);
  const outputNames = outputNamesOf(model);
  const compileLoss = loss !== null && loss !== undefined ? new CompileLoss(loss, lossWeights, outputNames) : null;
  const compileMetrics = metrics !== null || weightedMetrics !== null ? new CompileMetrics(metrics, weightedMetrics, outputNames) : null;
  if (!Number.isInteger(stepsPerExecution) || stepsPerExecution < 1) {
    throw new ValueError(`compile: \`steps_per_execution\` must be a positive integer. Received: steps_per_execution=${pyRepr(stepsPerExecution)}`);
  }
  model.optimizer = opt;
  model.loss = loss;
  model.stopTraining = false;
  model._trainer = new TrainerState(compileLoss, compileMetrics, {
    optimizer: opt,
    loss,
    loss_weights: lossWeights,
    metrics,
    weighted_metrics: weightedMetrics,
    run_eagerly: runEagerly,
    steps_per_execution: stepsPerExecution,
    // keras-ts has no XLA; Keras's "auto" resolves to True for models that support it, which its configs record.
    jit_compile: jitCompile === "auto" ? !runEagerly : jitCompile && !runEagerly,
  });
  model.compiled = true;
}

/** Keras's `get_compile_config`: the compile arguments, serialized ({} when not compiled). */
export function getCompileConfig(model: TrainableModel): Record<string, unknown> {
  if (!model.compiled || !model._trainer) return {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(state(model).config)) out[k] = serializeCompileValue(v);
  return out;
}

/** Strings, numbers and null stay; losses, metrics and optimizers become Keras envelopes; lists and dicts recurse. */
function serializeCompileValue(v: unknown): unknown {
  if (v === null || v === undefined || typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v ?? null;
  if (Array.isArray(v)) return v.map(serializeCompileValue);
  if (isPlainObject(v) && !("class_name" in v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, serializeCompileValue(x)]));
  if (typeof v === "function") return lossesModule.serialize(v as lossesModule.LossFunction);
  return serializeKerasObject(v);
}

/** Keras's `compile_from_config`: compiles with the deserialized config and builds the optimizer. */
export function compileFromConfig(model: TrainableModel, config: Record<string, unknown>): void {
  // An uncompiled model's config is {} (falsy in Python, so Keras never compiles from it).
  if (!config || Object.keys(config).length === 0) return;
  const revive = (value: unknown, family: "loss" | "metric"): unknown => {
    if (value === null || value === undefined || typeof value === "string") return value ?? null;
    if (Array.isArray(value)) return value.map((v) => revive(v, family));
    if (isPlainObject(value) && typeof value.class_name === "string") {
      return family === "loss" ? lossesModule.deserialize(value) : metricsModule.deserialize(value);
    }
    if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v, family)]));
    return value;
  };
  const optimizer = config.optimizer && typeof config.optimizer === "object"
    ? optimizers.deserialize(config.optimizer as Record<string, unknown>)
    : (config.optimizer as string | null | undefined) ?? "rmsprop";
  compile(model, {
    optimizer: optimizer as Optimizer | string,
    loss: revive(config.loss, "loss"),
    lossWeights: (config.loss_weights ?? null) as CompileOptions["lossWeights"],
    metrics: revive(config.metrics, "metric"),
    weightedMetrics: revive(config.weighted_metrics, "metric"),
    runEagerly: (config.run_eagerly as boolean | undefined) ?? false,
    stepsPerExecution: (config.steps_per_execution as number | undefined) ?? 1,
    jitCompile: (config.jit_compile as boolean | undefined) ?? "auto",
  });
  const opt = model.optimizer;
  if (opt && model.built && model.trainableVariables.length) opt.build(model.trainableVariables);
}

// ---------------------------------------------------------------- metrics

/** Keras's `model.metrics`: the loss tracker, the compiled metrics, the per-output loss trackers, then metrics set as model attributes. */
export function metricsOf(model: TrainableModel): (Metric | CompileMetrics)[] {
  const out: (Metric | CompileMetrics)[] = [];
  const st = model._trainer as TrainerState | null;
  if (model.compiled && st) {
    out.push(st.lossTracker);
    if (st.compileMetrics) out.push(st.compileMetrics);
    if (st.compileLoss) out.push(...st.compileLoss.metrics);
  }
  // Metrics assigned to the model (`this.tracker = new Mean(...)`) are tracked, as Keras's attribute tracking does.
  for (const value of Object.values(model)) if (value instanceof Metric && !out.includes(value)) out.push(value);
  return out;
}

export function resetMetrics(model: TrainableModel): void {
  for (const m of model.metrics) m.resetState();
}

/** name -> value of every metric in `model.metrics` (a compiled-metrics entry contributes its whole dict). */
export function getMetricsResult(model: TrainableModel): Logs {
  const out: Logs = {};
  for (const m of model.metrics) {
    if (m instanceof CompileMetrics) {
      if (m.built) Object.assign(out, m.result());
    } else {
      out[m.name] = m.result();
    }
  }
  return pythonifyLogs(out);
}

/** The metric results when the step returned the model's metrics, else the step's own logs (custom train steps). */
function metricsResultOrLogs(model: TrainableModel, logs: Logs | null): Logs {
  const metricLogs = model.getMetricsResult();
  if (logs && sameKeys(logs, metricLogs)) return metricLogs;
  return logs ? pythonifyLogs(logs) : metricLogs;
}

function sameKeys(a: Logs, b: Logs): boolean {
  const ka = Object.keys(a);
  const kb = new Set(Object.keys(b));
  return ka.length === kb.size && ka.every((k) => kb.has(k));
}

/** Keras's `_flatten_metrics_in_order`: the logs as a list in `metrics` order (a single value alone). */
export function flattenMetricsInOrder(model: TrainableModel, logs: Logs): number | number[] {
  const names: string[] = [];
  for (const m of model.metrics) {
    if (m instanceof CompileMetrics) names.push(...m.metrics.map((s) => s.name));
    else names.push(m.name);
  }
  const results: number[] = [];
  for (const name of names) if (name in logs) results.push(logs[name]);
  for (const key of Object.keys(logs).sort()) if (!names.includes(key)) results.push(logs[key]);
  return results.length === 1 ? results[0] : results;
}

// ---------------------------------------------------------------- steps

function batchSizeOf(x: unknown): number {
  const first = flatten<unknown>(x).find(isTensor);
  return first && first.rank > 0 ? first.shape[0] : 1;
}

/** Keras's `compute_loss`: the compiled loss plus every additional loss of the model (summed, as floats). */
export function computeLoss(
  model: TrainableModel,
  args: { x?: unknown; y?: unknown; yPred: unknown; sampleWeight?: unknown; training?: boolean },
): Tensor {
  const st = model._trainer as TrainerState | null;
  const losses: Tensor[] = [];
  if (st?.compileLoss) {
    if (args.y === null || args.y === undefined) {
      throw new ValueError(`The model was compiled with a loss, but no targets \`y\` were given (received y=None). Pass targets to fit / evaluate / trainOnBatch.`);
    }
    const loss = st.compileLoss.call(args.y, args.yPred, args.sampleWeight ?? null);
    if (loss) losses.push(loss);
  }
  for (const extra of model.losses) {
    const asFloat = isFloat(extra.dtype) ? extra : ops.cast(extra, floatx());
    losses.push(ops.sum(asFloat));
  }
  if (losses.length === 0) throw new ValueError("No loss to compute. Provide a `loss` argument in `compile()`.");
  let total = losses[0];
  for (let i = 1; i < losses.length; i++) total = ops.add(total, ops.cast(losses[i], total.dtype));
  return total;
}

/** Keras's `compute_metrics`: updates the compiled metrics and returns every metric's result. */
export function computeMetrics(model: TrainableModel, _x: unknown, y: unknown, yPred: unknown, sampleWeight: unknown = null): Logs {
  const st = model._trainer as TrainerState | null;
  if (st?.compileMetrics) {
    if (y === null || y === undefined) throw new ValueError("The model was compiled with metrics, but no targets `y` were given.");
    st.compileMetrics.updateState(y, yPred, sampleWeight);
  }
  return model.getMetricsResult();
}

/** The default training step (override `trainStep` in a Model subclass to customise it). */
export function trainStep(model: TrainableModel, data: unknown): Logs {
  const [x, y, sampleWeight] = unpackXYSampleWeight(data);
  const st = state(model);
  const optimizer = model.optimizer;
  const variables = model.trainableVariables;
  let yPred: unknown = null;
  let loss: Tensor | null = null;
  const forward = (): Tensor => {
    yPred = model.apply(x, { training: true });
    loss = model.computeLoss({ x, y, yPred, sampleWeight, training: true });
    return optimizer ? optimizer.scaleLoss(loss) : loss;
  };
  if (variables.length && optimizer) {
    const { grads } = valueAndGrad(forward, variables);
    optimizer.apply(grads, variables);
  } else {
    forward();
    if (!variables.length && !st.warnedNoTrainableWeights) {
      console.warn("The model does not have any trainable weights.");
      st.warnedNoTrainableWeights = true;
    }
  }
  st.lossTracker.updateState(loss!, batchSizeOf(x));
  return model.computeMetrics(x, y, yPred, sampleWeight);
}

/** The default evaluation step: inference forward pass, loss and metrics. */
export function testStep(model: TrainableModel, data: unknown): Logs {
  const [x, y, sampleWeight] = unpackXYSampleWeight(data);
  const yPred = model.apply(x, { training: false });
  const loss = model.computeLoss({ x, y, yPred, sampleWeight, training: false });
  state(model).lossTracker.updateState(loss, batchSizeOf(x));
  return model.computeMetrics(x, y, yPred, sampleWeight);
}

/** The default prediction step. */
export function predictStep(model: TrainableModel, data: unknown): unknown {
  const [x] = unpackXYSampleWeight(data);
  return model.apply(x, { training: false });
}

// ---------------------------------------------------------------- helpers for the loops

const yieldToEventLoop: () => Promise<void> = (() => {
  const g = globalThis as { setImmediate?: (fn: () => void) => void; MessageChannel?: typeof MessageChannel };
  if (typeof g.setImmediate === "function") return () => new Promise<void>((resolve) => g.setImmediate!(resolve));
  if (typeof g.MessageChannel === "function") {
    // Browsers: a message round trip yields without setTimeout's 4 ms clamp.
    const channel = new g.MessageChannel();
    const queue: (() => void)[] = [];
    channel.port1.onmessage = () => queue.shift()?.();
    return () => new Promise<void>((resolve) => {
      queue.push(resolve);
      channel.port2.postMessage(null);
    });
  }
  return () => new Promise<void>((resolve) => setTimeout(resolve, 0));
})();

function resolveVerbose(verbose: Verbose | undefined, method: string): 0 | 1 | 2 | "auto" {
  const v = verbose ?? "auto";
  if (v !== "auto" && v !== 0 && v !== 1 && v !== 2) throw new ValueError(`${method}: \`verbose\` must be "auto", 0, 1 or 2. Received: verbose=${pyRepr(v)}`);
  return v;
}

function makeCallbackList(
  model: TrainableModel,
  callbacks: Callback[] | CallbackList | null | undefined,
  options: { addHistory: boolean; verbose: Verbose; epochs: number; steps: number | null },
): CallbackList {
  if (callbacks instanceof CallbackList) return callbacks;
  return new CallbackList(callbacks ?? null, {
    addHistory: options.addHistory,
    addProgbar: options.verbose !== 0,
    model,
    params: { verbose: options.verbose, epochs: options.epochs, steps: options.steps },
  });
}

/** Flat typed arrays take the model's input shape ([n * 784] -> [n, 784] for an input of shape [null, 784]). */
function shapeFlatInputs(model: TrainableModel, x: unknown): unknown {
  if (!(ArrayBuffer.isView(x) && !(x instanceof DataView))) return x;
  let inputs: { shape: readonly (number | null)[] }[];
  try {
    inputs = model.inputs;
  } catch {
    return x;
  }
  if (inputs.length !== 1) return x;
  const rest = inputs[0].shape.slice(1);
  if (rest.length === 0 || !rest.every((d): d is number => typeof d === "number")) return x;
  const per = rest.reduce((a, b) => a * b, 1);
  const length = (x as unknown as ArrayLike<number>).length;
  if (per <= 0 || length % per !== 0) return x;
  return { data: x, shape: [length / per, ...rest] };
}

/** How many inputs and outputs the model has (1 when it cannot tell), to read lists of arrays right. */
function partCounts(model: TrainableModel): { inputCount: number; outputCount: number } {
  let inputCount = 1;
  try {
    inputCount = model.inputs.length || 1;
  } catch {
    // Subclassed or unbuilt model: no symbolic inputs.
  }
  return { inputCount, outputCount: outputNamesOf(model)?.length ?? 1 };
}

function shouldEval(epoch: number, validationFreq: number | number[]): boolean {
  const oneBased = epoch + 1;
  if (typeof validationFreq === "number") return oneBased % validationFreq === 0;
  if (Array.isArray(validationFreq)) return validationFreq.includes(oneBased);
  throw new ValueError(`Expected \`validation_freq\` to be a list or int. Received: validation_freq=${pyRepr(validationFreq)} of the type ${typeof validationFreq}.`);
}

function checkPositiveInteger(name: string, value: unknown, allowNull = true): void {
  if (allowNull && (value === null || value === undefined)) return;
  if (!Number.isInteger(value) || (value as number) <= 0) {
    throw new ValueError(`Argument \`${name}\` must be a positive integer${allowNull ? " or None" : ""}. Received: ${name}=${pyRepr(value)}`);
  }
}

// ---------------------------------------------------------------- fit

/**
 * `fit(x, y, options)`. With a dataset as `x`, the options may come second:
 * `fit(dataset, { epochs: 3 })`.
 */
export async function fit(model: TrainableModel, x: unknown, y: unknown = null, options: FitOptions = {}): Promise<History> {
  if (isDataset(x) && isPlainObject(y) && Object.keys(y).every((k) => FIT_KEYS.includes(k)) && Object.keys(y).length) {
    options = y as FitOptions;
    y = null;
  }
  checkKeys("fit", options, FIT_KEYS);
  assertCompiled(model);
  const {
    batchSize = null, epochs = 1, callbacks = null, validationSplit = 0, shuffle = true, classWeight = null,
    initialEpoch = 0, stepsPerEpoch = null, validationSteps = null, validationBatchSize = null, validationFreq = 1,
  } = options;
  let { sampleWeight = null, validationData = null } = options;
  const verbose = resolveVerbose(options.verbose, "fit");
  if (!Number.isInteger(epochs) || epochs < 0) throw new ValueError(`Argument \`epochs\` must be a non-negative integer. Received: epochs=${pyRepr(epochs)}`);
  checkPositiveInteger("batch_size", batchSize);
  checkPositiveInteger("validation_batch_size", validationBatchSize);
  checkPositiveInteger("validation_steps", validationSteps);
  if (typeof validationSplit !== "number" || validationSplit < 0 || validationSplit >= 1) {
    throw new ValueError(`Argument \`validation_split\` must be a float in [0, 1). Received: validation_split=${pyRepr(validationSplit)}`);
  }
  x = shapeFlatInputs(model, x);

  if (validationSplit && (validationData === null || validationData === undefined)) {
    if (isDataset(x)) throw new ValueError("`validation_split` is only supported for Tensors or NumPy arrays, not for datasets. Pass `validationData` instead.");
    const { inputCount, outputCount } = partCounts(model);
    const all: Batch = [standardizeData(x, "x", inputCount), standardizeData(y, "y", outputCount), standardizeData(sampleWeight, "sample_weight", outputCount)];
    checkDataCardinality(all);
    const [train, val] = trainValidationSplit(all, validationSplit);
    [x, y, sampleWeight] = train;
    validationData = val;
  }
  let val: Batch | null = null;
  if (validationData !== null && validationData !== undefined) {
    val = isDataset(validationData) ? [validationData, null, null] : unpackXYSampleWeight(validationData);
    val[0] = shapeFlatInputs(model, val[0]);
  }

  const parts = partCounts(model);
  const iterator = new EpochIterator({ x, y, sampleWeight, batchSize, stepsPerEpoch, shuffle, classWeight, ...parts });
  const cbs = makeCallbackList(model, callbacks, { addHistory: true, verbose, epochs, steps: iterator.numBatches });
  model.stopTraining = false;
  let trainingLogs: Logs = {};
  let evalIterator: EpochIterator | null = null;
  await cbs.onTrainBegin();
  const firstEpoch = (model as { _initialEpoch?: number | null })._initialEpoch ?? initialEpoch;
  for (let epoch = firstEpoch; epoch < epochs; epoch++) {
    model.resetMetrics();
    await cbs.onEpochBegin(epoch);
    let logs: Logs | null = null;
    for await (const [step, batch] of iterator.epochAsync()) {
      await cbs.onTrainBatchBegin(step);
      logs = model.trainStep(batch);
      await cbs.onTrainBatchEnd(step, logs);
      if (model.stopTraining) break;
      await yieldToEventLoop();
    }
    if (iterator.ranOut) break;
    const epochLogs: Logs = { ...metricsResultOrLogs(model, logs) };
    if (val !== null && shouldEval(epoch, validationFreq)) {
      evalIterator ??= new EpochIterator({
        x: val[0], y: val[1], sampleWeight: val[2], batchSize: validationBatchSize ?? batchSize, stepsPerEpoch: validationSteps, shuffle: false, ...parts,
      });
      const valLogs = await runTestLoopAsync(model, evalIterator, cbs);
      for (const [k, v] of Object.entries(valLogs)) epochLogs[`val_${k}`] = v;
    }
    await cbs.onEpochEnd(epoch, epochLogs);
    trainingLogs = epochLogs;
    if (model.stopTraining) break;
  }
  if (model.optimizer && epochs > 0) model.optimizer.finalizeVariableValues(model.trainableWeights);
  await cbs.onTrainEnd(trainingLogs);
  return (cbs.historyCallback ?? model.history) as History;
}

// ---------------------------------------------------------------- evaluate

function runTestLoopSync(model: TrainableModel, iterator: EpochIterator, cbs: CallbackList): Logs {
  model.stopEvaluating = false;
  void cbs.onTestBegin();
  let logs: Logs | null = null;
  model.resetMetrics();
  for (const [step, batch] of iterator.epoch()) {
    void cbs.onTestBatchBegin(step);
    logs = model.testStep(batch);
    void cbs.onTestBatchEnd(step, logs);
    if (model.stopEvaluating) break;
  }
  const out = metricsResultOrLogs(model, logs);
  void cbs.onTestEnd(out);
  return out;
}

async function runTestLoopAsync(model: TrainableModel, iterator: EpochIterator, cbs: CallbackList): Promise<Logs> {
  model.stopEvaluating = false;
  await cbs.onTestBegin();
  let logs: Logs | null = null;
  model.resetMetrics();
  for await (const [step, batch] of iterator.epochAsync()) {
    await cbs.onTestBatchBegin(step);
    logs = model.testStep(batch);
    await cbs.onTestBatchEnd(step, logs);
    if (model.stopEvaluating) break;
  }
  const out = metricsResultOrLogs(model, logs);
  await cbs.onTestEnd(out);
  return out;
}

export type EvaluateResult = number | number[] | Logs;

/**
 * `evaluate(x, y, options)`: the loss (and metrics) in inference mode.
 * Returns the loss alone, `[loss, ...metrics]`, or a dict with `returnDict`;
 * a Promise of that when `x` is an async dataset.
 */
export function evaluate(model: TrainableModel, x: unknown, y: unknown = null, options: EvaluateOptions = {}): EvaluateResult | Promise<EvaluateResult> {
  if (isDataset(x) && isPlainObject(y) && Object.keys(y).length && Object.keys(y).every((k) => EVALUATE_KEYS.includes(k))) {
    options = y as EvaluateOptions;
    y = null;
  }
  checkKeys("evaluate", options, EVALUATE_KEYS);
  assertCompiled(model);
  const { batchSize = null, sampleWeight = null, steps = null, callbacks = null, returnDict = false } = options;
  const verbose = resolveVerbose(options.verbose, "evaluate");
  checkPositiveInteger("batch_size", batchSize);
  const iterator = new EpochIterator({ x: shapeFlatInputs(model, x), y, sampleWeight, batchSize, stepsPerEpoch: steps, shuffle: false, ...partCounts(model) });
  const cbs = makeCallbackList(model, callbacks, { addHistory: false, verbose, epochs: 1, steps: iterator.numBatches });
  const finish = (logs: Logs): EvaluateResult => (returnDict ? logs : flattenMetricsInOrder(model, logs));
  if (iterator.isAsync) return runTestLoopAsync(model, iterator, cbs).then(finish);
  return finish(runTestLoopSync(model, iterator, cbs));
}

// ---------------------------------------------------------------- predict

function concatOutputs(batches: unknown[]): unknown {
  if (batches.length === 0) return null;
  const structure = batches[0];
  const perOutput: Tensor[][] = [];
  for (const out of batches) flatten<Tensor>(out).forEach((t, i) => (perOutput[i] ??= []).push(t));
  return packSequenceAs(structure, perOutput.map((parts) => (parts.length === 1 ? parts[0] : ops.concatenate(parts, 0))));
}

function runPredictLoopSync(model: TrainableModel, iterator: EpochIterator, cbs: CallbackList): unknown {
  void cbs.onPredictBegin();
  const outputs: unknown[] = [];
  for (const [step, batch] of iterator.epoch()) {
    void cbs.onPredictBatchBegin(step);
    const out = model.predictStep(batch);
    outputs.push(out);
    void cbs.onPredictBatchEnd(step, { outputs: out });
  }
  void cbs.onPredictEnd();
  return concatOutputs(outputs);
}

async function runPredictLoopAsync(model: TrainableModel, iterator: EpochIterator, cbs: CallbackList): Promise<unknown> {
  await cbs.onPredictBegin();
  const outputs: unknown[] = [];
  for await (const [step, batch] of iterator.epochAsync()) {
    await cbs.onPredictBatchBegin(step);
    const out = model.predictStep(batch);
    outputs.push(out);
    await cbs.onPredictBatchEnd(step, { outputs: out });
  }
  await cbs.onPredictEnd();
  return concatOutputs(outputs);
}

/**
 * `predict(x, options)`: outputs for every sample, in inference mode, batch by
 * batch. Synchronous for in-memory data and sync datasets (a Promise for
 * async datasets). As in Keras, the default `verbose: "auto"` shows a progress
 * bar (`4/4 ━━━━━━━━━━━━━━━━━━━━ 0s 2ms/step`); `verbose: 0` is silent.
 */
export function predict(model: TrainableModel, x: unknown, options: PredictOptions = {}): any {
  checkKeys("predict", options, PREDICT_KEYS);
  const verbose = resolveVerbose(options.verbose, "predict");
  checkPositiveInteger("batch_size", options.batchSize ?? null);
  // Silent in-memory prediction with no callbacks needs no callback loop: the plain batched path is enough.
  const wantsLoop = isDataset(x) || (options.callbacks !== null && options.callbacks !== undefined) || verbose !== 0;
  x = shapeFlatInputs(model, x);
  if (!wantsLoop) return predictBatched(model, x, { batchSize: options.batchSize ?? undefined, steps: options.steps ?? undefined });
  const iterator = new EpochIterator({ x, batchSize: options.batchSize ?? null, stepsPerEpoch: options.steps ?? null, shuffle: false, ...partCounts(model) });
  const cbs = makeCallbackList(model, options.callbacks, { addHistory: false, verbose, epochs: 1, steps: iterator.numBatches });
  if (iterator.isAsync) return runPredictLoopAsync(model, iterator, cbs);
  return runPredictLoopSync(model, iterator, cbs);
}

// ---------------------------------------------------------------- on batch

function batchData(model: TrainableModel, x: unknown, y: unknown, options: OnBatchOptions, method: string): Batch {
  let { sampleWeight = null } = options;
  const { classWeight = null } = options;
  const { inputCount, outputCount } = partCounts(model);
  const data: Batch = [standardizeData(shapeFlatInputs(model, x), "x", inputCount), standardizeData(y, "y", outputCount), null];
  if (classWeight) {
    if (sampleWeight !== null && sampleWeight !== undefined) {
      throw new ValueError(
        `Arguments \`sample_weight\` and \`class_weight\` cannot be specified at the same time. Received: sample_weight=${pyRepr(sampleWeight)}, class_weight=${pyRepr(classWeight)}`,
      );
    }
    const target = flatten<unknown>(data[1]).filter(isTensor);
    if (target.length !== 1) throw new ValueError("`class_weight` is only supported for Models with a single output.");
    sampleWeight = classWeightToSampleWeights(target[0], classWeight);
  }
  data[2] = standardizeData(sampleWeight, "sample_weight", outputCount);
  if (flatten<unknown>(data[0]).filter(isTensor).length === 0) throw new ValueError(`${method}: \`x\` must contain at least one array or tensor.`);
  checkDataCardinality(data);
  return data;
}

/** One gradient update on one batch; returns the loss (and metrics), or a dict with `returnDict`. */
export function trainOnBatch(model: TrainableModel, x: unknown, y: unknown = null, options: OnBatchOptions = {}): EvaluateResult {
  checkKeys("trainOnBatch", options, ["sampleWeight", "classWeight", "returnDict"]);
  assertCompiled(model);
  const logs = pythonifyLogs(model.trainStep(batchData(model, x, y, options, "trainOnBatch")));
  return options.returnDict ? logs : flattenMetricsInOrder(model, logs);
}

/** The loss (and metrics) of one batch in inference mode. */
export function testOnBatch(model: TrainableModel, x: unknown, y: unknown = null, options: Omit<OnBatchOptions, "classWeight"> = {}): EvaluateResult {
  checkKeys("testOnBatch", options, ["sampleWeight", "returnDict"]);
  assertCompiled(model);
  const logs = pythonifyLogs(model.testStep(batchData(model, x, y, options, "testOnBatch")));
  return options.returnDict ? logs : flattenMetricsInOrder(model, logs);
}

/** Predictions for one batch. */
export function predictOnBatch(model: TrainableModel, x: unknown): any {
  const data = standardizeData(shapeFlatInputs(model, x), "x", partCounts(model).inputCount);
  return model.predictStep([data, null, null]);
}
