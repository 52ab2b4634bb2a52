/**
 * `keras.optimizers.Optimizer`: the machinery every optimizer shares, after
 * Keras 3's `BaseOptimizer`.
 *
 * State lives in `Variable`s named as Keras names them ("adam/iteration",
 * "adam/learning_rate", "adam/kernel_momentum", ...) and listed by
 * `optimizer.variables` in Keras's creation order, so saved optimizers line
 * up with Python's. `apply` runs Keras's pipeline: filter missing gradients,
 * overwrite-with-gradient variables, loss-scale unscaling, gradient
 * accumulation (average every `gradientAccumulationSteps` calls), clipping,
 * decoupled weight decay, the subclass's `updateStep`, EMA of the weights,
 * variable constraints, and finally the iteration counter.
 */
import * as ops from "../ops/index.js";
import { Tensor } from "../engine/tensor.js";
import { DType, standardizeDType } from "../engine/dtype.js";
import { Variable, withNameScope } from "../engine/variable.js";
import { TypeError_, ValueError } from "../engine/errors.js";
import { toTensor, TensorLike } from "../engine/convert.js";
import { formatShape, shapesEqual } from "../engine/shape.js";
import { noGrad } from "../autodiff/tape.js";
import { autoName } from "../layers/object-names.js";
import * as initializers from "../initializers/index.js";
import { serializeKerasObject } from "../saving/serialization-lib.js";
import type { Serializable } from "../saving/object-registration.js";
import { configToOptions } from "../utils/naming.js";
import { isLearningRateSchedule, LearningRateSchedule } from "./schedules/learning-rate-schedule.js";
import * as schedules from "./schedules/index.js";
import { clipByGlobalNorm, clipByNorm } from "./gradient-clipping.js";
import {
  BASE_OPTION_KEYS, BaseOptimizerOptions, LearningRateLike, booleanOption, checkOptionKeys, formatValue, numberOption,
} from "./optimizer-options.js";

export type { BaseOptimizerOptions, LearningRateLike } from "./optimizer-options.js";

export type OptimizerConfig = Record<string, any>;
/** A gradient: a tensor (or anything `toTensor` accepts); null/undefined means "no gradient". */
export type GradientLike = TensorLike | null | undefined;
type InitializerArg = string | number | { apply(shape: number[], dtype?: DType): Tensor };
type CustomObjects = Record<string, Serializable> | Map<string, Serializable> | null | undefined;

export interface AddVariableOptions {
  initializer?: InitializerArg;
  dtype?: DType | string | null;
  aggregation?: string;
  name?: string;
}

export class Optimizer {
  readonly name: string;
  readonly weightDecay: number | null;
  readonly clipnorm: number | null;
  readonly clipvalue: number | null;
  readonly globalClipnorm: number | null;
  readonly useEma: boolean;
  readonly emaMomentum: number;
  readonly emaOverwriteFrequency: number | null;
  /** Mutable so a LossScaleOptimizer can switch its inner optimizer's scaling off. */
  lossScaleFactor: number | null;
  readonly gradientAccumulationSteps: number | null;
  built = false;

  /** Every optimizer variable in creation order (Keras's tracker store). */
  private readonly trackedVariables: Variable[] = [];
  protected trainableVariables: Variable[] = [];
  private readonly variableIndices = new Map<Variable, number>();
  protected readonly _iterations: Variable;
  protected _learningRate: Variable | LearningRateSchedule | (() => number | Tensor);
  protected accumulatedGradients: (Variable | null)[] = [];
  protected modelVariablesMovingAverage: (Variable | null)[] = [];
  private excludedVariables = new Set<Variable>();
  private excludedNamePattern: RegExp | null = null;
  private insideNameScope = false;

  /**
   * `options` are Keras's keyword arguments in camelCase. Subclasses pass the
   * names of their own options in `ownOptionKeys` (anything else is rejected).
   */
  constructor(options: BaseOptimizerOptions = {}, ownOptionKeys: readonly string[] = []) {
    const className = this.constructor.name;
    if (typeof options !== "object" || options === null) {
      throw new ValueError(`${className}: expected an options object, received ${formatValue(options)}.`);
    }
    checkOptionKeys(className, options, [...BASE_OPTION_KEYS, ...ownOptionKeys]);
    if (options.decay !== undefined && options.decay !== null) {
      console.warn("Argument `decay` is no longer supported and will be ignored.");
    }
    if (options.name !== undefined && options.name !== null && (typeof options.name !== "string" || options.name.length === 0)) {
      throw new ValueError(`${className}: argument \`name\` must be a non-empty string. Received: name=${formatValue(options.name)}`);
    }
    this.name = options.name ?? autoName(className);
    this.weightDecay = numberOption(className, options.weightDecay, "weight_decay", true);
    this.clipnorm = numberOption(className, options.clipnorm, "clipnorm", true);
    this.globalClipnorm = numberOption(className, options.globalClipnorm, "global_clipnorm", true);
    this.clipvalue = numberOption(className, options.clipvalue, "clipvalue", true);
    this.useEma = booleanOption(className, options.useEma ?? false, "use_ema");
    this.lossScaleFactor = numberOption(className, options.lossScaleFactor, "loss_scale_factor", true);
    this.gradientAccumulationSteps = numberOption(className, options.gradientAccumulationSteps, "gradient_accumulation_steps", true);

    const steps = this.gradientAccumulationSteps;
    if (steps !== null && steps !== 0 && !(Number.isInteger(steps) && steps >= 2)) {
      throw new ValueError(`\`gradient_accumulation_steps\` must be an integer >= 2. Received: gradient_accumulation_steps=${steps}`);
    }
    const emaMomentum = numberOption(className, options.emaMomentum ?? 0.99, "ema_momentum");
    const emaFrequency = numberOption(className, options.emaOverwriteFrequency, "ema_overwrite_frequency", true);
    if (this.useEma) {
      if (emaMomentum > 1 || emaMomentum < 0) {
        throw new ValueError(`\`ema_momentum\` must be in the range [0, 1]. Received: ema_momentum=${emaMomentum}`);
      }
      if (emaFrequency && (!Number.isInteger(emaFrequency) || emaFrequency < 1)) {
        throw new ValueError(`\`ema_overwrite_frequency\` must be an integer >= 1 or None. Received: ema_overwrite_frequency=${emaFrequency}`);
      }
    }
    this.emaMomentum = emaMomentum;
    this.emaOverwriteFrequency = emaFrequency;

    const clipArgs = [this.clipnorm, this.clipvalue, this.globalClipnorm].filter((a) => a !== null).length;
    if (clipArgs > 1) {
      throw new ValueError(
        "Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set. " +
          `Received: clipnorm=${formatValue(this.clipnorm)}, clipvalue=${formatValue(this.clipvalue)}, global_clipnorm=${formatValue(this.globalClipnorm)}`,
      );
    }

    this._iterations = this.inNameScope(
      () => new Variable(0, { name: "iteration", dtype: "int32", trainable: false, aggregation: "only_first_replica" }),
    );
    this.trackVariable(this._iterations);

    const lr = options.learningRate;
    if (lr === undefined) {
      throw new ValueError(`${className}: argument \`learning_rate\` is required.`);
    }
    if (isLearningRateSchedule(lr) || typeof lr === "function") {
      this._learningRate = lr as LearningRateSchedule | (() => number | Tensor);
    } else {
      if (typeof lr !== "number") {
        throw new ValueError(
          "Argument `learning_rate` should be float, or an instance of LearningRateSchedule, or a callable " +
            "(that takes in the current iteration value and returns the corresponding learning rate value). " +
            `Received instead: learning_rate=${formatValue(lr)}`,
        );
      }
      this._learningRate = this.inNameScope(
        () => new Variable(lr, { name: "learning_rate", dtype: "float32", trainable: false, aggregation: "only_first_replica" }),
      );
      this.trackVariable(this._learningRate);
    }
  }

  // ---- State ----

  /** The optimizer's variables: iteration, learning rate (unless a schedule), then the slots, in Keras's order. */
  get variables(): Variable[] {
    return this.trackedVariables.slice();
  }

  /**
   * The number of optimizer steps taken: the counter Variable, or with
   * gradient accumulation the number of real updates (counter // steps).
   */
  get iterations(): Variable | Tensor {
    if (this.gradientAccumulationSteps) return ops.floorDivide(this._iterations, this.gradientAccumulationSteps);
    return this._iterations;
  }

  /** The current iteration count as a JS number (`iterations` read out). */
  protected get iterationCount(): number {
    const it = this.iterations;
    return (it instanceof Tensor ? it : it.value).data[0];
  }

  /** The current learning rate: the Variable, or the schedule evaluated at the current (raw) iteration. */
  get learningRate(): Variable | Tensor {
    const lr = this._learningRate;
    if (lr instanceof Variable) return lr;
    if (isLearningRateSchedule(lr)) return lr.apply(this._iterations);
    return toTensor(lr(), "float32", `${this.constructor.name}.learningRate`);
  }

  set learningRate(value: LearningRateLike) {
    const previous = this._learningRate instanceof Variable ? this._learningRate : null;
    if (isLearningRateSchedule(value) || typeof value === "function") {
      this._learningRate = value as LearningRateSchedule | (() => number | Tensor);
    } else {
      if (isLearningRateSchedule(this._learningRate)) {
        throw new TypeError_(
          "This optimizer was created with a `LearningRateSchedule` object as its `learning_rate` constructor argument, " +
            "hence its learning rate is not settable. If you need the learning rate to be settable, you should " +
            "instantiate the optimizer with a float `learning_rate` argument.",
        );
      }
      if (!(this._learningRate instanceof Variable)) {
        throw new TypeError_(
          "This optimizer was created with a callable `learning_rate`, hence its learning rate cannot be set to a number.",
        );
      }
      if (typeof value !== "number" && !((value as unknown) instanceof Tensor)) {
        throw new ValueError(`${this.constructor.name}.learningRate: expected a number, a schedule or a function, received ${formatValue(value)}.`);
      }
      this._learningRate.assign(value as number | Tensor);
    }
    if (previous !== null && !(this._learningRate instanceof Variable)) {
      const i = this.trackedVariables.indexOf(previous);
      if (i >= 0) this.trackedVariables.splice(i, 1);
    }
  }

  // ---- Building ----

  /** Creates the optimizer's slots for `variables` (EMA averages and gradient accumulators here; subclasses add theirs). */
  build(variables: readonly Variable[]): void {
    const vars = checkVariableList(this.constructor.name, variables);
    this.inNameScope(() => {
      if (this.useEma) this.modelVariablesMovingAverage = this.addOptimizerVariables(vars, "average");
      if (this.gradientAccumulationSteps) this.accumulatedGradients = [];
      vars.forEach((variable, i) => {
        this.variableIndices.set(variable, i);
        if (this.gradientAccumulationSteps) {
          this.accumulatedGradients.push(this.addVariableFromReference(variable, "gradient_accumulator"));
        }
      });
    });
    this.trainableVariables = vars.slice();
    this.built = true;
  }

  /** A new non-trainable optimizer variable "<optimizer name>/<name>" (Keras's `add_variable`). */
  addVariable(shape: readonly number[], options: AddVariableOptions = {}): Variable {
    const init = options.initializer ?? "zeros";
    const initializer = typeof init === "number" ? new initializers.Constant(init) : typeof init === "string" ? initializers.get(init)! : init;
    const dtype = options.dtype === undefined || options.dtype === null ? "float32" : standardizeDType(options.dtype, `${this.constructor.name}.addVariable`);
    const variable = this.inNameScope(
      () => new Variable(initializer, { shape, dtype, trainable: false, aggregation: options.aggregation ?? "none", name: options.name }),
    );
    this.trackVariable(variable);
    return variable;
  }

  /** A slot shaped like `reference`, named "<reference path with _>_<name>" (e.g. "dense_kernel_momentum"). */
  addVariableFromReference(reference: Variable, name = "var", initializer: InitializerArg = "zeros"): Variable {
    const fullName = `${reference.path.replace(/\//g, "_")}_${name}`;
    return this.addVariable(reference.shape, { initializer, dtype: reference.dtype, name: fullName });
  }

  /**
   * One slot per variable for each name, interleaved per variable as Keras
   * creates them (kernel_momentum, kernel_velocity, bias_momentum, ...).
   * Variables that are overwritten with their gradient get `null`.
   */
  addOptimizerVariables(variables: readonly Variable[], name: string, initializer?: InitializerArg): (Variable | null)[];
  addOptimizerVariables(variables: readonly Variable[], names: readonly string[], initializer?: InitializerArg | readonly InitializerArg[]): (Variable | null)[][];
  addOptimizerVariables(
    variables: readonly Variable[],
    name: string | readonly string[],
    initializer: InitializerArg | readonly InitializerArg[] = "zeros",
  ): (Variable | null)[] | (Variable | null)[][] {
    const names = typeof name === "string" ? [name] : name;
    const inits = Array.isArray(initializer) ? initializer : names.map(() => initializer as InitializerArg);
    if (inits.length !== names.length) {
      throw new ValueError(
        `The number of provided names must match the number of provided initializers.  Received name='${formatValue(name)}', initializer='${formatValue(initializer)}'`,
      );
    }
    const lists: (Variable | null)[][] = names.map(() => []);
    for (const variable of variables) {
      const overwrite = isOverwrittenWithGradient(variable);
      names.forEach((n, i) => lists[i].push(overwrite ? null : this.addVariableFromReference(variable, n, inits[i])));
    }
    return typeof name === "string" ? lists[0] : lists;
  }

  /** Tracks a Variable created outside `addVariable` (Keras's `_track_variable`). */
  protected trackVariable(variable: Variable): void {
    if (!this.trackedVariables.includes(variable)) this.trackedVariables.push(variable);
  }

  /** Runs `fn` inside this optimizer's name scope (once: nested calls do not repeat the prefix). */
  protected inNameScope<T>(fn: () => T): T {
    if (this.insideNameScope) return fn();
    this.insideNameScope = true;
    try {
      return withNameScope(this.name, fn);
    } finally {
      this.insideNameScope = false;
    }
  }

  protected getVariableIndex(variable: Variable): number {
    const i = this.variableIndices.get(variable);
    if (i === undefined) throw unknownVariable(variable);
    return i;
  }

  // ---- Variable updates (overridable hooks, as in Keras) ----

  assign(variable: Variable, value: TensorLike): void {
    variable.assign(value);
  }

  assignAdd(variable: Variable, value: TensorLike): void {
    variable.assign(ops.add(variable, value as Tensor));
  }

  assignSub(variable: Variable, value: TensorLike): void {
    variable.assign(ops.subtract(variable, value as Tensor));
  }

  /** The update rule of one variable; every optimizer overrides it. */
  updateStep(gradient: Tensor, variable: Variable, learningRate: Variable | Tensor): void {
    void gradient;
    void variable;
    void learningRate;
    throw new ValueError(`Optimizer subclass ${this.constructor.name} must implement updateStep(gradient, variable, learningRate).`);
  }

  // ---- Applying gradients ----

  /** Keras's `apply_gradients(zip(grads, vars))`: pairs of [gradient, variable]. Returns the iteration counter. */
  applyGradients(gradsAndVars: Iterable<readonly [GradientLike, Variable]>): Variable {
    const pairs = Array.from(gradsAndVars ?? []);
    for (const p of pairs) {
      if (!Array.isArray(p) || p.length !== 2) {
        throw new ValueError(`${this.constructor.name}.applyGradients: expected a list of [gradient, variable] pairs, received ${formatValue(p)}.`);
      }
    }
    if (pairs.length === 0) return this._iterations;
    this.apply(pairs.map((p) => p[0]), pairs.map((p) => p[1]));
    return this._iterations;
  }

  /**
   * Updates the variables from their gradients. `trainableVariables` may be
   * left out once the optimizer is built; then the gradients match the
   * variables it was built with, one to one.
   */
  apply(grads: readonly GradientLike[], trainableVariables?: readonly Variable[]): void {
    const className = this.constructor.name;
    if (!Array.isArray(grads)) throw new ValueError(`${className}.apply: \`grads\` must be an array of gradients, received ${formatValue(grads)}.`);
    if (grads.length === 0) return;
    let vars: Variable[];
    if (trainableVariables === undefined || trainableVariables === null) {
      if (!this.built) {
        throw new ValueError(
          "When passing `grads` without `variables`, the optimizer must already be built on a list of variables. " +
            "Call `optimizer.build(trainable_variables)` first. ",
        );
      }
      if (grads.length !== this.variableIndices.size) {
        throw new ValueError(
          "When passing `grads` as a list of gradient tensors, the gradients must match `optimizer.variables` one-to-on. " +
            `Received a list of ${grads.length} gradients, but the optimizer is tracking ${this.trainableVariables.length} trainable variables.`,
        );
      }
      vars = this.trainableVariables;
    } else {
      vars = checkVariableList(className, trainableVariables);
      if (vars.length !== grads.length) {
        throw new ValueError(`${className}.apply: received ${grads.length} gradients for ${vars.length} variables.`);
      }
      if (!this.built) this.inNameScope(() => this.build(vars));
      for (const v of vars) if (!this.variableIndices.has(v)) throw unknownVariable(v);
    }

    noGrad(() =>
      this.inNameScope(() => {
        let [gs, vs] = this.filterEmptyGradients(grads, vars);
        [gs, vs] = this.overwriteVariablesWithGradients(gs, vs);
        if (gs.length > 0) {
          const scale = this.lossScaleFactor;
          if (scale !== null) gs = gs.map((g) => ops.divide(g, scale));
          this.backendApplyGradients(gs, vs);
          // Keras applies variable constraints in the optimizer, after the update.
          for (const v of vs) if (v.constraint) v.assign(v.constraint.apply(v.value));
        }
      }),
    );
    this._iterations.assign(ops.add(this._iterations, 1));
  }

  /** Gradient accumulation, clipping, weight decay, the update and the EMA of the weights. */
  protected backendApplyGradients(grads: Tensor[], variables: Variable[]): void {
    const steps = this.gradientAccumulationSteps;
    if (steps) {
      const accumulators = variables.map((v) => this.accumulatedGradients[this.getVariableIndex(v)] as Variable);
      const isUpdateStep = (this._iterations.value.data[0] + 1) % steps === 0;
      if (isUpdateStep) {
        // Update with the average of the accumulated gradients and this one, then reset.
        let averaged = grads.map((g, i) => ops.divide(ops.add(g, accumulators[i]), steps));
        averaged = this.clipGradients(averaged);
        this.applyWeightDecay(variables);
        this.backendUpdateStep(averaged, variables, this.learningRate);
        for (const acc of this.accumulatedGradients) if (acc) acc.assign(ops.zeros(acc.shape, acc.dtype));
      } else {
        grads.forEach((g, i) => accumulators[i].assign(ops.add(g, accumulators[i])));
      }
    } else {
      const clipped = this.clipGradients(grads);
      this.applyWeightDecay(variables);
      this.backendUpdateStep(clipped, variables, this.learningRate);
    }

    if (this.useEma) {
      this.updateModelVariablesMovingAverage(this.trainableVariables);
      const frequency = this.emaOverwriteFrequency;
      if (frequency && (this.iterationCount + 1) % frequency === 0) {
        this.overwriteModelVariablesWithAverageValue(this.trainableVariables);
      }
    }
  }

  /** Runs `updateStep` for each variable (Nadam hooks in here to update its shared state once per step). */
  protected backendUpdateStep(grads: Tensor[], variables: Variable[], learningRate: Variable | Tensor): void {
    grads.forEach((g, i) => this.updateStep(g, variables[i], learningRate));
  }

  private filterEmptyGradients(grads: readonly GradientLike[], vars: readonly Variable[]): [Tensor[], Variable[]] {
    const gs: Tensor[] = [];
    const vs: Variable[] = [];
    const missing: string[] = [];
    grads.forEach((g, i) => {
      const v = vars[i];
      if (g === null || g === undefined) {
        missing.push(v.path);
        return;
      }
      const t = toTensor(g, undefined, `${this.constructor.name}.apply`);
      if (!shapesEqual(t.shape, v.shape)) {
        throw new ValueError(
          `${this.constructor.name}: the gradient for variable "${v.path}" has shape ${formatShape(t.shape)}, ` +
            `but the variable has shape ${formatShape(v.shape)}.`,
        );
      }
      gs.push(t);
      vs.push(v);
    });
    if (gs.length === 0) throw new ValueError("No gradients provided for any variable.");
    if (missing.length > 0) {
      console.warn(
        `Gradients do not exist for variables ${JSON.stringify(missing)} when minimizing the loss. ` +
          "If using `model.compile()`, did you forget to provide a `loss` argument?",
      );
    }
    return [gs, vs];
  }

  /** Variables flagged `overwriteWithGradient` (float8 scales) take their gradient as their new value. */
  private overwriteVariablesWithGradients(grads: Tensor[], vars: Variable[]): [Tensor[], Variable[]] {
    if (!vars.some(isOverwrittenWithGradient)) return [grads, vars];
    const gs: Tensor[] = [];
    const vs: Variable[] = [];
    grads.forEach((g, i) => {
      const v = vars[i];
      if (!isOverwrittenWithGradient(v)) {
        gs.push(g);
        vs.push(v);
        return;
      }
      const steps = this.gradientAccumulationSteps;
      if (steps) {
        // Accumulate by maximum; on the update step the variable takes max(gradient, accumulated).
        const acc = this.accumulatedGradients[this.getVariableIndex(v)] as Variable;
        const isUpdateStep = (this._iterations.value.data[0] + 1) % steps === 0;
        const newG = ops.maximum(g, acc);
        if (isUpdateStep) {
          v.assign(newG);
          acc.assign(ops.zeros(g.shape, g.dtype));
        } else {
          acc.assign(newG);
        }
      } else {
        v.assign(g);
      }
    });
    return [gs, vs];
  }

  protected clipGradients(grads: Tensor[]): Tensor[] {
    if (this.clipnorm && this.clipnorm > 0) return grads.map((g) => clipByNorm(g, this.clipnorm as number));
    if (this.globalClipnorm && this.globalClipnorm > 0) return clipByGlobalNorm(grads, this.globalClipnorm);
    if (this.clipvalue && this.clipvalue > 0) {
      const v = this.clipvalue;
      return grads.map((g) => ops.clip(g, -v, v));
    }
    return grads;
  }

  // ---- Weight decay ----

  /**
   * Excludes variables from weight decay: the given Variables, and every
   * variable whose name matches one of `varNames` (regular expressions, as Keras).
   * Accepts `(varList, varNames)` or `({ varList, varNames })`.
   */
  excludeFromWeightDecay(
    varList?: readonly Variable[] | { varList?: readonly Variable[] | null; varNames?: readonly string[] | null } | null,
    varNames?: readonly string[] | null,
  ): void {
    let list: readonly Variable[] | null | undefined = varList as readonly Variable[] | null | undefined;
    let names = varNames;
    if (varList && !Array.isArray(varList) && typeof varList === "object") {
      const o = varList as { varList?: readonly Variable[] | null; varNames?: readonly string[] | null };
      checkOptionKeys(`${this.constructor.name}.excludeFromWeightDecay`, o, ["varList", "varNames"]);
      list = o.varList;
      names = o.varNames;
    }
    if (list && !list.every((v) => v instanceof Variable)) {
      throw new ValueError(`${this.constructor.name}.excludeFromWeightDecay: \`varList\` must be an array of Variables.`);
    }
    if (names && !names.every((n) => typeof n === "string")) {
      throw new ValueError(`${this.constructor.name}.excludeFromWeightDecay: \`varNames\` must be an array of strings.`);
    }
    this.excludedVariables = new Set(list ?? []);
    this.excludedNamePattern = names && names.length > 0 ? new RegExp([...new Set(names)].join("|")) : null;
  }

  protected useWeightDecay(variable: Variable): boolean {
    if (this.excludedVariables.has(variable)) return false;
    if (this.excludedNamePattern && this.excludedNamePattern.test(variable.name)) return false;
    return true;
  }

  /** Decoupled weight decay before the update: `variable -= variable * weight_decay * learning_rate`. */
  protected applyWeightDecay(variables: Variable[]): void {
    if (this.weightDecay === null) return;
    for (const variable of variables) {
      if (!this.useWeightDecay(variable)) continue;
      this.decayVariable(variable, this.weightDecay);
    }
  }

  protected decayVariable(variable: Variable, weightDecay: number): void {
    const lr = ops.cast(this.learningRate, variable.dtype);
    const wd = ops.cast(weightDecay, variable.dtype);
    variable.assign(ops.subtract(variable, ops.multiply(ops.multiply(variable, wd), lr)));
  }

  // ---- Exponential moving average of the weights ----

  private updateModelVariablesMovingAverage(variables: Variable[]): void {
    const notFirstStep = this.iterationCount !== 0 ? 1 : 0;
    variables.forEach((v, i) => {
      const average = this.modelVariablesMovingAverage[i];
      if (!average) return;
      const momentum = ops.multiply(ops.cast(notFirstStep, v.dtype), this.emaMomentum);
      average.assign(ops.add(ops.multiply(momentum, average), ops.multiply(ops.subtract(1, momentum), v)));
    });
  }

  private overwriteModelVariablesWithAverageValue(variables: readonly Variable[]): void {
    if (variables.length !== this.modelVariablesMovingAverage.length) {
      throw new ValueError(
        `The length of model variables (${variables.length}) to override does not match the length of model variables ` +
          `stored in the optimizer (${this.modelVariablesMovingAverage.length}). Please check if the optimizer was called on your model.`,
      );
    }
    variables.forEach((v, i) => {
      const average = this.modelVariablesMovingAverage[i];
      if (average) v.assign(average.value);
    });
  }

  /** With `useEma`, replaces the model's variables by their moving averages (called at the end of `fit`). */
  finalizeVariableValues(varList: readonly Variable[]): void {
    if (this.useEma) this.overwriteModelVariablesWithAverageValue(varList);
  }

  // ---- Loss scaling, weights, saving ----

  /** Multiplies the loss by `lossScaleFactor` (before computing gradients). */
  scaleLoss(loss: TensorLike): Tensor {
    const t = toTensor(loss, undefined, `${this.constructor.name}.scaleLoss`);
    return this.lossScaleFactor !== null ? ops.multiply(t, this.lossScaleFactor) : t;
  }

  /** Sets the optimizer variables' values, in `variables` order. */
  setWeights(weights: readonly TensorLike[]): void {
    if (!this.built) {
      throw new ValueError(
        "You are calling `set_weights()` on an optimizer that has not yet been built. Please call " +
          "`optimizer.build(trainable_variables)` to create the optimizer weights before calling `set_weights()`.",
      );
    }
    this.trackedVariables.forEach((variable, i) => {
      if (i >= weights.length) return;
      const w = toTensor(weights[i], variable.dtype, `${this.constructor.name}.setWeights`);
      if (!shapesEqual(w.shape, variable.shape)) {
        throw new ValueError(
          `Optimizer variable ${variable.path} has shape ${formatShape(variable.shape)} not compatible with provided weight shape ${formatShape(w.shape)}.`,
        );
      }
      variable.assign(w);
    });
  }

  /** Writes the variables' values under keys "0", "1", ... (the `.keras` format's optimizer store). */
  saveOwnVariables(store: Record<string, Tensor>): void {
    this.variables.forEach((v, i) => {
      store[String(i)] = v.value;
    });
  }

  /** Reads values written by `saveOwnVariables`; warns and skips when the counts differ, as Keras does. */
  loadOwnVariables(store: Record<string, TensorLike>): void {
    const keys = Object.keys(store);
    const variables = this.variables;
    if (keys.length !== variables.length) {
      let msg =
        `Skipping variable loading for optimizer '${this.name}', because it has ${variables.length} variables ` +
        `whereas the saved optimizer has ${keys.length} variables. `;
      if (variables.length === 0) msg += "This is likely because the optimizer has not been called/built yet.";
      console.warn(msg);
      return;
    }
    variables.forEach((v, i) => v.assign(store[String(i)]));
  }

  // ---- Config ----

  getConfig(): OptimizerConfig {
    const lr = this._learningRate;
    let learningRate: unknown;
    if (isLearningRateSchedule(lr)) learningRate = schedules.serialize(lr);
    else if (lr instanceof Variable) learningRate = lr.value.data[0];
    else learningRate = serializeKerasObject(lr);
    return {
      name: this.name,
      learning_rate: learningRate,
      weight_decay: this.weightDecay,
      clipnorm: this.clipnorm,
      global_clipnorm: this.globalClipnorm,
      clipvalue: this.clipvalue,
      use_ema: this.useEma,
      ema_momentum: this.emaMomentum,
      ema_overwrite_frequency: this.emaOverwriteFrequency,
      loss_scale_factor: this.lossScaleFactor,
      gradient_accumulation_steps: this.gradientAccumulationSteps,
    };
  }

  /** Rebuilds an optimizer from `getConfig()` output (a schedule config in `learning_rate` is deserialized). */
  static fromConfig<T extends Optimizer>(this: new (options?: any) => T, config: OptimizerConfig, customObjects?: CustomObjects): T {
    const c: OptimizerConfig = { ...(config ?? {}) };
    if (c.learning_rate !== null && typeof c.learning_rate === "object") {
      c.learning_rate = schedules.deserialize(c.learning_rate, customObjects);
    }
    return new this(configToOptions(c));
  }

  toString(): string {
    return `<${this.constructor.name} name=${this.name}, built=${this.built}>`;
  }
}

/** Keras's `BaseOptimizer` is the same class here (there is one backend). */
export { Optimizer as BaseOptimizer };

function isOverwrittenWithGradient(v: Variable): boolean {
  return (v as unknown as { overwriteWithGradient?: boolean }).overwriteWithGradient === true;
}

function unknownVariable(v: Variable): ValueError {
  return new ValueError(
    `Unknown variable: ${v.toString()}. This optimizer can only be called for the variables it was originally built with. ` +
      "When working with a new set of variables, you should recreate a new optimizer instance.",
  );
}

function checkVariableList(className: string, variables: readonly Variable[]): Variable[] {
  if (!Array.isArray(variables)) throw new ValueError(`${className}: expected an array of Variables, received ${formatValue(variables)}.`);
  variables.forEach((v, i) => {
    if (!(v instanceof Variable)) {
      throw new ValueError(`${className}: expected an array of keras.Variable, but element ${i} is ${formatValue(v)}.`);
    }
  });
  return variables.slice();
}
