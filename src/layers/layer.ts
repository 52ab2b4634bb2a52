/**
 * `keras.Layer`: an Operation with state. It owns weights (created with
 * `addWeight`, usually in `build`), tracks sublayers, builds itself on its
 * first call, and runs Keras's `__call__` algorithm in `apply`: convert and
 * autocast inputs, check the input spec, build, resolve `training`, fill in
 * `mask`, run `call` (eagerly on Tensors, or symbolically on KerasTensors,
 * recording a Node), add activity-regularizer losses and attach output masks.
 *
 * Subclasses override `call(...inputs, kwargs)` — `kwargs` (training, mask,
 * and any keyword the caller passed) is always the last argument — and
 * usually `build(inputShape)`, `computeOutputShape(inputShape)` and
 * `getConfig()`. Sublayers and Variables assigned to properties are tracked
 * automatically (see layer-tracking.ts).
 */
import { DType, standardizeDType } from "../engine/dtype.js";
import { NotImplementedError, TypeError_, ValueError } from "../engine/errors.js";
import { isTensor, Tensor } from "../engine/tensor.js";
import { Variable, withNameScope } from "../engine/variable.js";
import { isPlainObject } from "../ops/op.js";
import * as dtypePolicies from "../dtype-policies/index.js";
import * as regularizers from "../regularizers/index.js";
import { configToOptions } from "../utils/naming.js";
import { flatten } from "../utils/tree.js";
import { inShapeInference } from "./call-context.js";
import { InputSpec, assertInputCompatibility } from "./input-spec.js";
import { Operation, anySymbolicDeep, outputSpecError } from "./operation.js";
import { inferOutputSpec } from "./output-spec.js";
import { pyRepr } from "./py-format.js";
import { scanTrackedState } from "./layer-tracking.js";
import * as nodes from "./layer-nodes.js";
import { shapeStructureOf, splitCallArguments, toKerasTensors } from "./layer-call.js";
import "./symbolic-ops.js";
import { assignWeights, createWeight } from "./layer-weights.js";
import { applyLayer, isTensorStructure } from "./layer-apply.js";
import { callParameterText, installBuildWrapper } from "./layer-build.js";

export type ShapeLike = readonly (number | null)[];
type Policy = dtypePolicies.DTypePolicy;

export interface LayerOptions {
  name?: string | null;
  /** A dtype name ("float32"), a DTypePolicy, or its config. */
  dtype?: unknown;
  trainable?: boolean;
  autocast?: boolean;
  activityRegularizer?: unknown;
  /** Deprecated in Keras 3: used by Sequential to create an InputLayer. */
  inputShape?: ShapeLike | null;
  inputDim?: number | null;
  batchSize?: number | null;
  /** Keras 2 configs: the batch shape of the first layer. */
  batchInputShape?: ShapeLike | null;
}

const BASE_OPTIONS = new Set(["name", "dtype", "trainable", "autocast", "activityRegularizer", "inputShape", "inputDim", "batchSize", "batchInputShape"]);

export interface AddWeightOptions {
  shape?: readonly number[];
  initializer?: unknown;
  dtype?: DType | string | null;
  trainable?: boolean;
  autocast?: boolean;
  regularizer?: unknown;
  constraint?: unknown;
  aggregation?: string;
  overwriteWithGradient?: boolean;
  name?: string;
}

/** The keyword arguments `call` receives as its last argument. */
export interface CallKwargs {
  training?: boolean | null;
  mask?: any;
  [key: string]: unknown;
}

/** Layers whose call is running: a layer opening a name scope inside its own call does not nest it twice. */
const scopeOwners: Layer[] = [];

export class Layer extends Operation {
  declare built: boolean;
  declare autocast: boolean;
  declare activityRegularizer: { apply(x: Tensor): Tensor } | null;
  declare _trainableVariables: Variable[];
  declare _nonTrainableVariables: Variable[];
  declare _losses: Tensor[];
  declare _dtypePolicy: Policy;
  declare _trainable: boolean;
  declare _inputSpec: InputSpec | (InputSpec | null)[] | null;
  declare _path: string | null;
  /** Shapes `build` was called with (Keras's `_build_shapes_dict`), null before build. */
  declare _buildShapes: unknown[] | null;
  declare _supportsMasking: boolean | null;
  declare _called: boolean;
  declare _locked: boolean;
  /** The shape given by the deprecated `inputShape` / `inputDim` options (Sequential turns it into an InputLayer). */
  declare _inputShapeArg: (number | null)[] | null;
  declare _batchSizeArg: number | null;
  /** Whether `apply` converts array inputs and autocasts (Functional models convert per input instead). */
  declare _convertInputArgs: boolean;
  declare _allowNonTensorPositionalArgs: boolean;
  /** Whether `call` declares `training` / `mask`: they then appear in recorded nodes as Keras records them. */
  declare _callHasTrainingArg: boolean;
  declare _callHasMaskArg: boolean;

  constructor(options: LayerOptions = {}) {
    super(options.name ?? null);
    const unknown = Object.keys(options).filter((k) => !BASE_OPTIONS.has(k) && (options as Record<string, unknown>)[k] !== undefined);
    if (unknown.length) {
      const given = Object.fromEntries(unknown.map((k) => [k, (options as Record<string, unknown>)[k]]));
      throw new ValueError(`Unrecognized keyword arguments passed to ${new.target.name}: ${pyRepr(given)}`);
    }
    const trainable = options.trainable ?? true;
    if (typeof trainable !== "boolean") {
      throw new ValueError(`Expected \`trainable\` to be a boolean. Received: trainable=${pyRepr(trainable)} (of type ${typeof trainable})`);
    }
    this._dtypePolicy = dtypePolicies.get(options.dtype as never);
    this.activityRegularizer = (regularizers.get(options.activityRegularizer as never) ?? null) as Layer["activityRegularizer"];
    let inputShape: ShapeLike | null = null;
    if (options.inputDim !== undefined && options.inputDim !== null) inputShape = [options.inputDim];
    else if (options.inputShape !== undefined && options.inputShape !== null) inputShape = options.inputShape;
    else if (options.batchInputShape) inputShape = options.batchInputShape.slice(1);
    this._inputShapeArg = inputShape ? inputShape.slice() : null;
    this._batchSizeArg = options.batchSize ?? (options.batchInputShape ? options.batchInputShape[0] : null) ?? null;
    this._path = null;
    this.built = false;
    this.autocast = options.autocast ?? true;
    this._inputSpec = null;
    this._called = false;
    this._trainable = trainable;
    this._losses = [];
    this._trainableVariables = [];
    this._nonTrainableVariables = [];
    this._buildShapes = null;
    this._supportsMasking = null;
    this._locked = false;
    this._convertInputArgs = true;
    this._allowNonTensorPositionalArgs = false;
    const params = callParameterText(this.call);
    this._callHasTrainingArg = true;
    this._callHasMaskArg = /\bmask\b/.test(params);
    installBuildWrapper(this);
  }

  // ---------------------------------------------------------------- dtypes

  get dtypePolicy(): Policy {
    return this._dtypePolicy;
  }

  set dtypePolicy(value: unknown) {
    this._dtypePolicy = dtypePolicies.get(value as never);
  }

  /** Alias of `variableDtype`. */
  get dtype(): DType {
    return this.variableDtype;
  }

  get computeDtype(): DType {
    return standardizeDType(this._dtypePolicy.computeDtype);
  }

  get variableDtype(): DType {
    return standardizeDType(this._dtypePolicy.variableDtype);
  }

  /** The dtype inputs are converted to. */
  get inputDtype(): DType {
    return this.computeDtype;
  }

  // ---------------------------------------------------------------- properties

  /** The name-scope path at build time, e.g. "sequential/dense" (null before build). */
  get path(): string | null {
    return this._path;
  }

  get inputSpec(): InputSpec | (InputSpec | null)[] | null {
    return this._inputSpec;
  }

  set inputSpec(value: InputSpec | (InputSpec | null)[] | null) {
    this._inputSpec = value;
  }

  /** Whether the layer propagates masks; by default true iff the class overrides `computeMask`. */
  get supportsMasking(): boolean {
    return this._supportsMasking ?? this.computeMask !== Layer.prototype.computeMask;
  }

  set supportsMasking(value: boolean) {
    this._supportsMasking = value;
  }

  get trainable(): boolean {
    return this._trainable;
  }

  /** Recursive: flips the trainable variables of this layer and every sublayer. */
  set trainable(value: boolean) {
    this._setTrainable(Boolean(value), new Set());
  }

  /** The recursive part of the `trainable` setter; `visited` guards against layers that reference each other. */
  _setTrainable(value: boolean, visited: Set<Layer>): void {
    if (visited.has(this)) return;
    visited.add(this);
    this._trainable = value;
    for (const v of this._trainableVariables) v.trainable = value;
    for (const layer of this._trackedLayers()) layer._setTrainable(value, visited);
  }

  // ---------------------------------------------------------------- tracking

  /** Directly tracked sublayers (from properties), in assignment order. */
  _trackedLayers(): Layer[] {
    return scanTrackedState(this, isLayer).layers as Layer[];
  }

  /** Variables and seed-generator states this layer holds itself (not its sublayers'). */
  private ownState(): { variables: Variable[]; seedStates: Variable[] } {
    const scanned = scanTrackedState(this, isLayer);
    const variables = dedupe([...this._trainableVariables, ...this._nonTrainableVariables, ...scanned.variables]);
    return { variables, seedStates: scanned.seedGenerators.map((g) => g.state) };
  }

  /** All weights: own (trainable then non-trainable, creation order), then each sublayer's, de-duplicated. */
  get weights(): Variable[] {
    return dedupe(this._collectVariables(false, new Set()));
  }

  /** Own variables (and seed states when asked), then each sublayer's, depth first; each layer visited once. */
  _collectVariables(withSeeds: boolean, visited: Set<Layer>): Variable[] {
    visited.add(this);
    const own = this.ownState();
    const out = withSeeds ? [...own.variables, ...own.seedStates] : own.variables;
    for (const layer of this._trackedLayers()) if (!visited.has(layer)) out.push(...layer._collectVariables(withSeeds, visited));
    return out;
  }

  get trainableWeights(): Variable[] {
    return this.trainable ? this.weights.filter((v) => v.trainable) : [];
  }

  get nonTrainableWeights(): Variable[] {
    return this.trainable ? this.weights.filter((v) => !v.trainable) : this.weights;
  }

  /** Weights plus random-generator states. */
  get variables(): Variable[] {
    return dedupe(this._collectVariables(true, new Set()));
  }

  get trainableVariables(): Variable[] {
    return this.trainable ? this.variables.filter((v) => v.trainable) : [];
  }

  get nonTrainableVariables(): Variable[] {
    return this.trainable ? this.variables.filter((v) => !v.trainable) : this.variables;
  }

  /** This layer and all its sublayers, depth first, each once. */
  _flattenLayers(includeSelf = true): Layer[] {
    const out: Layer[] = includeSelf ? [this] : [];
    const seen = new Set<Layer>([this]);
    const visit = (layer: Layer) => {
      for (const sub of layer._trackedLayers()) {
        if (seen.has(sub)) continue;
        seen.add(sub);
        out.push(sub);
        visit(sub);
      }
    };
    visit(this);
    return out;
  }

  // ---------------------------------------------------------------- weights

  /**
   * Creates a weight Variable tracked by this layer, under the layer's name
   * scope (its path becomes e.g. "sequential/dense/kernel"). Defaults as in
   * Keras: shape [], the layer's variable dtype, "glorot_uniform" for float
   * dtypes and "zeros" otherwise. Also accepts Keras's legacy positional form
   * `addWeight(shape, initializer, dtype)`.
   */
  addWeight(options: AddWeightOptions | readonly number[] = {}, initializer?: unknown, dtype?: DType | string | null): Variable {
    const variable = createWeight(this, options, initializer, dtype);
    if (variable.trainable) this._trainableVariables.push(variable);
    else this._nonTrainableVariables.push(variable);
    if (!this.trainable) variable.trainable = false;
    return variable;
  }

  /** Alias of `addWeight` (Keras's positional `add_variable(shape, initializer, ...)`). */
  addVariable(shape: readonly number[], initializer: unknown, options: Omit<AddWeightOptions, "shape" | "initializer"> = {}): Variable {
    return this.addWeight({ ...options, shape, initializer });
  }

  /** The values of `weights`, as tensors (immutable, so they are copies in effect). */
  getWeights(): Tensor[] {
    return this.weights.map((v) => v.value);
  }

  /** Sets `weights` from Tensors, nested arrays or typed arrays (a flat typed array may fill any shape of its size). */
  setWeights(weights: readonly unknown[]): void {
    assignWeights(this.name, this.weights, weights);
  }

  /** Total number of scalars in `weights`. */
  countParams(): number {
    if (!this.built) {
      throw new ValueError(
        `You tried to call \`count_params\` on layer '${this.name}', but the layer isn't built. ` +
          "You can build it manually via: `layer.build(input_shape)`.",
      );
    }
    return this.weights.reduce((n, v) => n + v.shape.reduce((a, b) => a * b, 1), 0);
  }

  // ---------------------------------------------------------------- losses

  /** Adds a scalar loss tensor (from `call`); losses are cleared at the start of each outermost call. */
  addLoss(loss: Tensor | Tensor[]): void {
    if (inShapeInference()) return;
    const list = flatten<unknown>(loss);
    for (const x of list) {
      if (!isTensor(x)) {
        throw new ValueError(`\`add_loss()\` can only be called from inside \`build()\` or \`call()\`, on a tensor input. Received invalid value: ${String(x)}`);
      }
    }
    this._losses.push(...(list as Tensor[]));
  }

  /** Own `addLoss` values, those of every sublayer, and the weight-regularization penalties. */
  get losses(): Tensor[] {
    const out = [...this._losses];
    for (const layer of this._flattenLayers(false)) out.push(...layer._losses);
    for (const v of this.trainableWeights) if (v.regularizer) out.push(v.regularizer.apply(v.value));
    return out;
  }

  _clearLosses(): void {
    for (const layer of this._flattenLayers(true)) layer._losses = [];
  }

  // ---------------------------------------------------------------- build

  /** Creates the layer's weights from the input shape(s). Called by `apply` on the first call. */
  build(..._inputShapes: unknown[]): void {
    this.built = true;
  }

  /**
   * Marks a layer without state as built right after construction (Keras's
   * `_build_at_init`); such layers then carry no build config.
   */
  protected buildAtInit(): void {
    if (((this.build as { wrapped?: unknown }).wrapped ?? this.build) === Layer.prototype.build) {
      this.built = true;
      this._locked = true;
    }
  }

  getBuildConfig(): Record<string, unknown> | null {
    const shapes = this._buildShapes;
    if (shapes === null) return null;
    if (shapes.length === 1) return { input_shape: shapes[0] ?? null };
    return { shapes_dict: Object.fromEntries(shapes.map((s, i) => [i === 0 ? "input_shape" : `input_shape_${i}`, s])) };
  }

  buildFromConfig(config: Record<string, any> | null | undefined): void {
    if (!config) return;
    if ("input_shape" in config) this.build(config.input_shape);
    else if ("shapes_dict" in config) this.build(...Object.values(config.shapes_dict as Record<string, unknown>));
  }

  /** Whether some tracked sublayer is not built yet (Keras's `might_have_unbuilt_state`). */
  protected hasUnbuiltState(): boolean {
    return this._trackedLayers().some((l) => !l.built);
  }

  // ---------------------------------------------------------------- call

  /** The computation; `kwargs` (training, mask, ...) is always the last argument. */
  override call(..._args: any[]): any {
    throw new NotImplementedError(`Layer ${this.constructor.name} does not have a \`call\` method implemented.`);
  }

  /** Output shape(s) for the given input shape(s); optional (otherwise inferred by a dummy run of `call`). */
  computeOutputShape(..._inputShapes: any[]): any {
    throw new NotImplementedError(
      `Layer ${this.constructor.name} does not have a \`computeOutputShape\` method implemented. ` +
        "Should implement `computeOutputShape(inputShape)`.",
    );
  }

  /** Symbolic outputs for symbolic inputs (arguments as for `call`, kwargs last). */
  override computeOutputSpec(...args: any[]): any {
    if (this.computeOutputShape !== Layer.prototype.computeOutputShape) {
      const { positional } = splitCallArguments(args, true);
      const shapes = positional.filter((a) => a !== null && a !== undefined).map(shapeStructureOf);
      return toKerasTensors(this.computeOutputShape(...shapes), this.computeDtype, this.constructor.name);
    }
    try {
      return inferOutputSpec((a) => this.call(...a), args, this.variables);
    } catch (e) {
      throw outputSpecError(this, e);
    }
  }

  /** The output mask; by default the input mask passes through unchanged. */
  computeMask(_inputs: any, previousMask: any): any {
    return previousMask;
  }

  /** Opens this layer's name scope unless it is already the innermost one. */
  openNameScope<T>(fn: () => T): T {
    if (scopeOwners[scopeOwners.length - 1] === this) return fn();
    scopeOwners.push(this);
    try {
      return withNameScope(this.name, fn);
    } finally {
      scopeOwners.pop();
    }
  }

  /**
   * Calls the layer (Keras's `layer(x, training=..., mask=...)`): positional
   * inputs, then optionally one kwargs object `{ training, mask, ... }`.
   * The algorithm is in layer-apply.ts.
   */
  override apply(...rawArgs: any[]): any {
    return applyLayer(this, rawArgs);
  }

  protected assertInputCompatibility(firstArg: unknown): void {
    if (this.inputSpec) assertInputCompatibility(this.inputSpec, firstArg, this.name);
  }

  /** Builds the layer from the shapes of its tensor arguments (Keras's `_maybe_build`). */
  protected maybeBuild(args: unknown[], kwargs: CallKwargs): void {
    if (this.built) return;
    const shapes = args.filter(isTensorStructure).map(shapeStructureOf);
    const userBuild = (this.build as { wrapped?: unknown }).wrapped ?? this.build;
    if (userBuild !== Layer.prototype.build) {
      this.build(...shapes);
      this.assertInputCompatibility(args[0]);
      return;
    }
    if (this.hasUnbuiltState() && anySymbolicDeep([args, kwargs])) {
      // Build the sublayers by tracing `call` once.
      try {
        inferOutputSpec((a) => this.call(...a), [...args, kwargs], this.variables);
      } catch (e) {
        console.warn(
          `Layer '${this.name}' looks like it has unbuilt state, but Keras is not able to trace the layer \`call()\` in order to build it automatically. ` +
            `Exception encountered: ''${e instanceof Error ? e.message : String(e)}''`,
        );
      }
    }
    this.build(shapes.length ? shapes[0] : null);
  }

  // ---------------------------------------------------------------- config

  /** Keras's base layer config: name, trainable, dtype (a DTypePolicy envelope) and activity_regularizer when set. */
  override getConfig(): Record<string, any> {
    const config: Record<string, any> = {
      name: this.name,
      trainable: this.trainable,
      dtype: dtypePolicies.serialize(this._dtypePolicy),
    };
    if (this.activityRegularizer) config.activity_regularizer = regularizers.serialize(this.activityRegularizer as never);
    return config;
  }

  /** Rebuilds a layer from its config; subclasses with positional constructor arguments override this. */
  static fromConfig(config: Record<string, any>): Layer {
    const options = layerOptionsFromConfig(config);
    try {
      return new (this as unknown as new (o: Record<string, unknown>) => Layer)(options);
    } catch (e) {
      throw new TypeError_(
        `Error when deserializing class '${this.name}' using config=${JSON.stringify(config)}.\n\nException encountered: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }

  /**
   * Keras's `_trainable_variables + _non_trainable_variables`: the layer's own
   * variables, those assigned as attributes (`this.w = new Variable(...)`) included,
   * as Keras's tracker records them.
   */
  private ownVariablesInSaveOrder(): Variable[] {
    const listed = new Set([...this._trainableVariables, ...this._nonTrainableVariables]);
    const assigned = scanTrackedState(this, isLayer).variables.filter((v) => !listed.has(v));
    return [
      ...this._trainableVariables, ...assigned.filter((v) => v.trainable),
      ...this._nonTrainableVariables, ...assigned.filter((v) => !v.trainable),
    ];
  }

  /** Keras's `save_own_variables`: own variables under "0", "1", ... */
  saveOwnVariables(store: Record<string, Tensor>): void {
    this.ownVariablesInSaveOrder().forEach((v, i) => {
      store[String(i)] = v.value;
    });
  }

  loadOwnVariables(store: Record<string, unknown>): void {
    const all = this.ownVariablesInSaveOrder();
    const keys = Object.keys(store);
    if (keys.length !== all.length) {
      if (all.length === 0 && !this.built) {
        throw new ValueError(
          `Layer '${this.name}' was never built and thus it doesn't have any variables. However the weights file lists ${keys.length} variables for this layer.`,
        );
      }
      throw new ValueError(
        `Layer '${this.name}' expected ${all.length} variables, but received ${keys.length} variables during loading. Expected: ${pyRepr(all.map((v) => v.name))}`,
      );
    }
    all.forEach((v, i) => v.assign(store[String(i)] as Tensor));
  }

  override toString(): string {
    return `<${this.constructor.name} name=${this.name}, built=${this.built ? "True" : "False"}>`;
  }

  // ---------------------------------------------------------------- tf.keras node accessors

  getInputAt(nodeIndex: number) {
    return nodes.getInputAt(this, nodeIndex);
  }

  getOutputAt(nodeIndex: number) {
    return nodes.getOutputAt(this, nodeIndex);
  }

  getInputShapeAt(nodeIndex: number) {
    return nodes.getInputShapeAt(this, nodeIndex);
  }

  getOutputShapeAt(nodeIndex: number) {
    return nodes.getOutputShapeAt(this, nodeIndex);
  }

  getInputMaskAt(nodeIndex: number) {
    return nodes.getInputMaskAt(this, nodeIndex);
  }

  getOutputMaskAt(nodeIndex: number) {
    return nodes.getOutputMaskAt(this, nodeIndex);
  }

  /** tf.keras: shape(s) of the input, when all calls agree. */
  get inputShape(): any {
    return nodes.nodeShape(this, "input");
  }

  get outputShape(): any {
    return nodes.nodeShape(this, "output");
  }

  get inputMask(): any {
    return nodes.nodeMask(this, "input");
  }

  get outputMask(): any {
    return nodes.nodeMask(this, "output");
  }
}

export function isLayer(x: unknown): x is Layer {
  return x instanceof Layer;
}

/** Options for a layer constructor from a Keras config: camelCase keys, dtype envelope -> policy. */
export function layerOptionsFromConfig(config: Record<string, any>): Record<string, any> {
  const options = configToOptions(config) as Record<string, any>;
  if (isPlainObject(options.dtype)) options.dtype = dtypePolicies.deserialize(options.dtype as never);
  return options;
}

function dedupe<T>(list: T[]): T[] {
  return [...new Set(list)];
}

