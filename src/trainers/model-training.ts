/**
 * Installs the training API on `keras.Model` (Keras's Model mixes in its
 * Trainer the same way): `compile`, `fit`, `evaluate`, `predict`,
 * `trainOnBatch`, `testOnBatch`, `predictOnBatch`, the overridable steps
 * (`trainStep`, `testStep`, `predictStep`, `computeLoss`, `computeMetrics`),
 * `metrics`, `metricsNames`, `resetMetrics`, `getMetricsResult`,
 * `getCompileConfig` and `compileFromConfig`.
 *
 * Imported for its side effect by src/models/index.ts, after Model is
 * defined. The methods live on Model.prototype, so a subclass overrides any
 * of them as usual (`trainStep` for a custom training step, `get metrics()`
 * for its own metric list).
 */
import { Model } from "../models/model.js";
import type { PredictOptions as BasicPredictOptions } from "../models/predict.js";
import type { Optimizer } from "../optimizers/index.js";
import type { Metric } from "../metrics/index.js";
import type { Tensor } from "../engine/tensor.js";
import type { History } from "../callbacks/history.js";
import type { Logs } from "../callbacks/callback.js";
import type { CompileMetrics } from "./compile-utils.js";
import * as trainer from "./trainer.js";
import type {
  CompileOptions, EvaluateOptions, EvaluateResult, FitOptions, OnBatchOptions, PredictOptions, TrainerState,
} from "./trainer.js";

declare module "../models/model.js" {
  interface Model {
    /** Set by `compile`. */
    optimizer: Optimizer | null;
    /** The `loss` argument of `compile`. */
    loss: unknown;
    /** Set to true (by a callback) to end `fit` after the current batch. */
    stopTraining: boolean;
    /** Set to true to end `evaluate` after the current batch. */
    stopEvaluating: boolean;
    /** The History of the latest `fit`. */
    history: History | null;
    /** Epoch at which `fit` starts when set (by a callback restoring a run). */
    _initialEpoch?: number | null;
    /** @internal compile state */
    _trainer: TrainerState | null;

    compile(options?: CompileOptions): void;
    fit(x?: unknown, y?: unknown, options?: FitOptions): Promise<History>;
    evaluate(x?: unknown, y?: unknown, options?: EvaluateOptions): any;
    trainOnBatch(x: unknown, y?: unknown, options?: OnBatchOptions): EvaluateResult;
    testOnBatch(x: unknown, y?: unknown, options?: Omit<OnBatchOptions, "classWeight">): EvaluateResult;
    predict(x: unknown, options?: TrainingPredictOptions): any;
    predictOnBatch(x: unknown): any;
    trainStep(data: unknown): Logs;
    testStep(data: unknown): Logs;
    predictStep(data: unknown): any;
    computeLoss(args: { x?: unknown; y?: unknown; yPred: unknown; sampleWeight?: unknown; training?: boolean }): Tensor;
    computeMetrics(x: unknown, y: unknown, yPred: unknown, sampleWeight?: unknown): Logs;
    getMetricsResult(): Logs;
    resetMetrics(): void;
    readonly metrics: (Metric | CompileMetrics)[];
    readonly metricsNames: string[];
    compileFromConfig(config: Record<string, unknown>): void;
  }
}

export type TrainingPredictOptions = PredictOptions & BasicPredictOptions;

const proto = Model.prototype as any;

const defaults: Record<string, unknown> = { optimizer: null, loss: null, stopTraining: false, stopEvaluating: false, history: null, _trainer: null };
for (const [key, value] of Object.entries(defaults)) {
  // Prototype defaults: an instance gets its own property on first assignment.
  Object.defineProperty(proto, key, { value, writable: true, configurable: true, enumerable: false });
}

Object.assign(proto, {
  compile(this: Model, options?: CompileOptions) {
    trainer.compile(this, options);
  },
  fit(this: Model, x?: unknown, y?: unknown, options?: FitOptions) {
    return trainer.fit(this, x, y, options);
  },
  evaluate(this: Model, x?: unknown, y?: unknown, options?: EvaluateOptions) {
    return trainer.evaluate(this, x, y, options);
  },
  predict(this: Model, x: unknown, options?: PredictOptions) {
    return trainer.predict(this, x, options);
  },
  trainOnBatch(this: Model, x: unknown, y?: unknown, options?: OnBatchOptions) {
    return trainer.trainOnBatch(this, x, y, options);
  },
  testOnBatch(this: Model, x: unknown, y?: unknown, options?: OnBatchOptions) {
    return trainer.testOnBatch(this, x, y, options);
  },
  predictOnBatch(this: Model, x: unknown) {
    return trainer.predictOnBatch(this, x);
  },
  trainStep(this: Model, data: unknown) {
    return trainer.trainStep(this, data);
  },
  testStep(this: Model, data: unknown) {
    return trainer.testStep(this, data);
  },
  predictStep(this: Model, data: unknown) {
    return trainer.predictStep(this, data);
  },
  computeLoss(this: Model, args: Parameters<typeof trainer.computeLoss>[1]) {
    return trainer.computeLoss(this, args);
  },
  computeMetrics(this: Model, x: unknown, y: unknown, yPred: unknown, sampleWeight?: unknown) {
    return trainer.computeMetrics(this, x, y, yPred, sampleWeight);
  },
  getMetricsResult(this: Model) {
    return trainer.getMetricsResult(this);
  },
  resetMetrics(this: Model) {
    trainer.resetMetrics(this);
  },
  getCompileConfig(this: Model) {
    return trainer.getCompileConfig(this);
  },
  compileFromConfig(this: Model, config: Record<string, unknown>) {
    trainer.compileFromConfig(this, config);
  },
});

Object.defineProperty(proto, "metrics", {
  get(this: Model) {
    return trainer.metricsOf(this);
  },
  configurable: true,
});

Object.defineProperty(proto, "metricsNames", {
  get(this: Model) {
    return this.metrics.map((m) => m.name);
  },
  configurable: true,
});
