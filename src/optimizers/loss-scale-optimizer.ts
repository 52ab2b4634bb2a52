/**
 * `keras.optimizers.LossScaleOptimizer`: dynamic loss scaling around another
 * optimizer (for low-precision training). `scaleLoss` multiplies the loss by
 * the current scale; `apply` divides the gradients by it and lets the inner
 * optimizer step. A non-finite gradient skips the step and halves the
 * scale; after `dynamicGrowthSteps` finite steps in a row the scale doubles.
 */
import * as ops from "../ops/index.js";
import { Tensor } from "../engine/tensor.js";
import { Variable } from "../engine/variable.js";
import { ValueError } from "../engine/errors.js";
import { TensorLike, toTensor } from "../engine/convert.js";
import * as initializers from "../initializers/index.js";
import { deserializeKerasObject, serializeKerasObject } from "../saving/serialization-lib.js";
import type { Serializable } from "../saving/object-registration.js";
import { configToOptions } from "../utils/naming.js";
import { GradientLike, Optimizer, OptimizerConfig } from "./base-optimizer.js";
import { LearningRateLike, formatValue, numberOption } from "./optimizer-options.js";

export interface LossScaleOptimizerOptions {
  initialScale?: number;
  dynamicGrowthSteps?: number;
  name?: string | null;
  /** Only `true` is supported (Keras's message otherwise). */
  dynamic?: boolean;
  [baseArgument: string]: unknown;
}

/** Base-optimizer arguments an old LossScaleOptimizer config may carry: accepted only at their defaults. */
const BASE_DEFAULTS: Record<string, [string, unknown]> = {
  weightDecay: ["weight_decay", null], clipnorm: ["clipnorm", null], globalClipnorm: ["global_clipnorm", null],
  clipvalue: ["clipvalue", null], useEma: ["use_ema", false], emaMomentum: ["ema_momentum", 0.99],
  emaOverwriteFrequency: ["ema_overwrite_frequency", null], lossScaleFactor: ["loss_scale_factor", null],
  gradientAccumulationSteps: ["gradient_accumulation_steps", null],
};

type CustomObjects = Record<string, Serializable> | Map<string, Serializable> | null | undefined;

export class LossScaleOptimizer extends Optimizer {
  readonly innerOptimizer: Optimizer;
  readonly initialScale: number;
  readonly dynamicGrowthSteps: number;
  protected stepCounter: Variable | null = null;
  protected dynamicScale: Variable | null = null;

  constructor(innerOptimizer: Optimizer, options: LossScaleOptimizerOptions = {}) {
    const rest: Record<string, unknown> = { ...(options ?? {}) };
    if (rest.dynamic === false) {
      throw new ValueError(
        "LossScaleOptimizer no longer supports `dynamic=False`. Instead, simply set `loss_scale_factor` directly on the `inner_optimizer`.",
      );
    }
    delete rest.dynamic;
    for (const [key, [pyName, def]] of Object.entries(BASE_DEFAULTS)) {
      if (!(key in rest)) continue;
      const value = rest[key] ?? null;
      delete rest[key];
      if (value !== def) {
        throw new ValueError(`LossScaleOptimizer does not support \`${pyName}\`. Instead, set \`${pyName}\` on the \`inner_optimizer\`.`);
      }
    }
    const { initialScale, dynamicGrowthSteps, name, ...unknown } = rest;
    if (Object.keys(unknown).length > 0) {
      throw new ValueError(`LossScaleOptimizer does not support arguments: \`${Object.keys(unknown).join("`, `")}\`.`);
    }
    super({ learningRate: 0.0, name: name as string | null | undefined });
    if (!(innerOptimizer instanceof Optimizer)) {
      throw new ValueError(`LossScaleOptimizer: \`inner_optimizer\` must be a keras.optimizers.Optimizer, received ${formatValue(innerOptimizer)}.`);
    }
    this.innerOptimizer = innerOptimizer;
    this.initialScale = numberOption("LossScaleOptimizer", initialScale ?? 2 ** 15, "initial_scale");
    this.dynamicGrowthSteps = numberOption("LossScaleOptimizer", dynamicGrowthSteps ?? 2000, "dynamic_growth_steps");
    // The inner optimizer must not scale a second time.
    this.innerOptimizer.lossScaleFactor = null;
  }

  override build(variables: readonly Variable[]): void {
    this.stepCounter = this.addVariable([], { dtype: "int32", initializer: new initializers.Zeros(), name: "step_counter" });
    this.dynamicScale = this.addVariable([], { dtype: "float32", initializer: new initializers.Constant(this.initialScale), name: "dynamic_scale" });
    this.innerOptimizer.build(variables);
    super.build(variables);
  }

  /** Its own variables (iteration, learning_rate, step_counter, dynamic_scale), then the inner optimizer's. */
  override get variables(): Variable[] {
    const own = super.variables;
    return [...own, ...this.innerOptimizer.variables];
  }

  override apply(grads: readonly GradientLike[], trainableVariables?: readonly Variable[]): void {
    if (!this.built) {
      if (trainableVariables === undefined || trainableVariables === null) {
        throw new ValueError("LossScaleOptimizer: the first call to apply() must pass the variables (or call build(variables) first).");
      }
      this.inNameScope(() => this.build(trainableVariables as Variable[]));
    }
    const tensors = grads.map((g) => (g === null || g === undefined ? null : toTensor(g, undefined, "LossScaleOptimizer.apply")));
    const finite = tensors.every((g) => g === null || Boolean(ops.all(ops.isfinite(g)).item()));
    const counter = this.stepCounter as Variable;
    const scale = this.dynamicScale as Variable;
    if (!finite) {
      // Skip the step, halve the scale.
      counter.assign(0);
      scale.assign(ops.divide(scale, 2.0));
      return;
    }
    const vars = trainableVariables ?? this.trainableVariables;
    const unscaled = tensors.map((g, i) => {
      const overwrite = (vars[i] as unknown as { overwriteWithGradient?: boolean } | undefined)?.overwriteWithGradient === true;
      return g === null || overwrite ? g : ops.divide(g, scale);
    });
    this.innerOptimizer.apply(unscaled, trainableVariables ?? undefined);
    if ((counter.value.data[0] as number) === this.dynamicGrowthSteps - 1) {
      counter.assign(0);
      scale.assign(ops.multiply(scale, 2.0));
    } else {
      counter.assign(ops.add(counter, 1));
    }
  }

  /** The current loss scale (the initial one until the optimizer is built). */
  get currentScale(): number {
    return this.dynamicScale ? this.dynamicScale.value.data[0] : this.initialScale;
  }

  override scaleLoss(loss: TensorLike): Tensor {
    const t = toTensor(loss, undefined, "LossScaleOptimizer.scaleLoss");
    return ops.multiply(t, this.dynamicScale ?? this.initialScale);
  }

  override get learningRate(): Variable | Tensor {
    return this.innerOptimizer.learningRate;
  }

  override set learningRate(value: LearningRateLike) {
    this.innerOptimizer.learningRate = value;
  }

  override get iterations(): Variable | Tensor {
    return this.innerOptimizer.iterations;
  }

  override finalizeVariableValues(varList: readonly Variable[]): void {
    this.innerOptimizer.finalizeVariableValues(varList);
  }

  override getConfig(): OptimizerConfig {
    return {
      name: this.name,
      inner_optimizer: serializeKerasObject(this.innerOptimizer),
      initial_scale: this.initialScale,
      dynamic_growth_steps: this.dynamicGrowthSteps,
    };
  }

  static override fromConfig<T extends Optimizer>(this: new (...args: any[]) => T, config: OptimizerConfig, customObjects?: CustomObjects): T {
    const { inner_optimizer: innerConfig, ...rest } = config ?? {};
    if (innerConfig === undefined || innerConfig === null) {
      throw new ValueError("LossScaleOptimizer.fromConfig: the config has no `inner_optimizer`.");
    }
    const inner = deserializeKerasObject(innerConfig, { customObjects: customObjects ?? undefined, moduleHint: "keras.optimizers" });
    return new this(inner, configToOptions(rest));
  }
}
