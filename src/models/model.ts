/**
 * `keras.Model`: a Layer that groups layers, with `predict`, `summary`,
 * `getLayer` and serialization. Constructed with `{ inputs, outputs }` it is
 * a functional model (`new keras.Model({ inputs, outputs })` returns a
 * `Functional`, as in Keras); otherwise it is subclassed: the subclass
 * creates layers in its constructor and overrides `call`.
 */
import { NotImplementedError, ValueError } from "../engine/errors.js";
import { isTensor } from "../engine/tensor.js";
import { flatten, mapStructure } from "../utils/tree.js";
import { InputSpec, assertInputCompatibility } from "../layers/input-spec.js";
import { KerasTensor, isKerasTensor } from "../layers/keras-tensor.js";
import { CallKwargs, Layer, LayerOptions } from "../layers/layer.js";
import { inferOutputSpec } from "../layers/output-spec.js";
import { outputSpecError, Operation } from "../layers/operation.js";
import { InputLayer } from "../layers/core/input-layer.js";
import { typeName } from "../layers/py-format.js";
import { printSummary, SummaryOptions } from "../utils/summary.js";
import { toPythonJson } from "../saving/python-json.js";
import { serializeKerasObject } from "../saving/serialization-lib.js";
import { configToOptions } from "../utils/naming.js";
import { FunctionalGraph } from "./graph.js";
import { cloneGraphNodes, isInputKerasTensor } from "./clone-graph.js";
import { functionalInputSpec, runGraphEagerly, runGraphSymbolically, standardizeInputs } from "./functional-call.js";
import { predictBatched, PredictOptions } from "./predict.js";

export interface ModelOptions extends LayerOptions {
  /** Input KerasTensor(s): a tensor, an array or a dict (functional models). */
  inputs?: unknown;
  outputs?: unknown;
}

type FunctionalFactory = (options: ModelOptions) => Model;
let functionalFactory: FunctionalFactory | null = null;

/** Installed by functional.ts so that `new Model({ inputs, outputs })` returns a Functional. */
export function setFunctionalFactory(factory: FunctionalFactory): void {
  functionalFactory = factory;
}

/** Installed by functional-config.ts: rebuilding a functional model from its config. */
let functionalFromConfigHook: ((cls: typeof Model, config: Record<string, any>, customObjects?: unknown) => Model) | null = null;
export function setFunctionalFromConfig(hook: typeof functionalFromConfigHook): void {
  functionalFromConfigHook = hook;
}

export class Model extends Layer {
  declare _isModel: true;
  declare _graph: FunctionalGraph | null;
  declare _layers: Layer[];
  /** Names of the layers producing the outputs (functional models). */
  declare outputNames: string[];
  declare _manualInputSpec: InputSpec | (InputSpec | null)[] | null | undefined;
  /** Set by `compile` (training engineer); `{}` is what Keras writes for an uncompiled model. */
  declare _compileConfig: Record<string, unknown> | null;
  declare compiled: boolean;

  constructor(options: ModelOptions = {}) {
    if (new.target === Model && options.inputs !== undefined && functionalFactory) {
      return functionalFactory(options);
    }
    const { inputs, outputs, ...base } = options;
    const trainable = base.trainable;
    super({ ...base, trainable: undefined });
    this._isModel = true;
    this._graph = null;
    this._compileConfig = null;
    this.compiled = false;
    this.outputNames = [];
    this._manualInputSpec = undefined;
    this._callHasMaskArg = this._callHasMaskArg || this.call === Model.prototype.call;
    if (inputs !== undefined) {
      if (outputs === undefined) throw new ValueError("A functional model needs both `inputs` and `outputs`.");
      this.initGraph(inputs, outputs);
    }
    if (trainable !== undefined) this.trainable = trainable;
  }

  /** Builds the functional graph of this model from its inputs and outputs (Keras's `Functional.__init__`). */
  protected initGraph(inputs: unknown, outputs: unknown): void {
    if (inputs !== null && typeof inputs === "object" && !Array.isArray(inputs) && !isKerasTensor(inputs)) {
      for (const [k, v] of Object.entries(inputs as Record<string, unknown>)) {
        if (isKerasTensor(v) && k !== v.name) {
          console.warn(
            `When providing \`inputs\` as a dict, all keys in the dict must match the names of the corresponding tensors. ` +
              `Received key '${k}' mapping to value ${String(v)} which has name '${v.name}'. Change the tensor name to '${k}' (via \`Input(..., name='${k}')\`)`,
          );
        }
      }
    }
    for (const [what, value] of [["inputs", inputs], ["outputs", outputs]] as const) {
      for (const x of flatten(value)) {
        if (!isKerasTensor(x)) {
          throw new ValueError(
            `All \`${what}\` values must be KerasTensors. Received: ${what}=${String(value)} including invalid value ${String(x)} of type ${typeName(x)}`,
          );
        }
      }
    }
    // Intermediate tensors as inputs: clone the sub-graph behind new Inputs (Keras's clone_graph_nodes).
    if (!flatten<KerasTensor>(inputs).every(isInputKerasTensor)) ({ inputs, outputs } = cloneGraphNodes(inputs, outputs));
    this._graph = new FunctionalGraph(inputs, outputs);
    this._layers = this._graph.operations.filter((op): op is Layer => op instanceof Layer);
    this.build(null);
    this._convertInputArgs = false;
    this._allowNonTensorPositionalArgs = true;
    this.outputNames = this._graph.outputs.map((x) => x.kerasHistory!.operation!.name);
  }

  /** Whether this model is a graph of layers (functional or built Sequential). */
  get isFunctional(): boolean {
    return this._graph !== null;
  }

  /** The layers of the model: graph layers (InputLayers included) or tracked sublayers. */
  get layers(): Layer[] {
    if (this._graph) return this._graph.operations.filter((op): op is Layer => op instanceof Layer);
    return this._trackedLayers();
  }

  /** All operations of a functional model (layers and raw-op nodes), inputs first. */
  get operations(): Operation[] {
    return this._graph ? this._graph.operations.slice() : this.layers;
  }

  get inputs(): KerasTensor[] {
    if (!this._graph) throw new ValueError(`Model ${this.name} has no defined inputs: it is not a functional model.`);
    return this._graph.inputs.slice();
  }

  get outputs(): KerasTensor[] {
    if (!this._graph) throw new ValueError(`Model ${this.name} has no defined outputs: it is not a functional model.`);
    return this._graph.outputs.slice();
  }

  /** The inputs as given to the constructor (a tensor, array or dict). */
  override get input(): any {
    return this._graph ? this._graph.inputsStruct : super.input;
  }

  override get output(): any {
    return this._graph ? this._graph.outputsStruct : super.output;
  }

  override get inputShape(): any {
    if (!this._graph) return super.inputShape;
    const struct = this._graph.inputsStruct;
    const shapes = mapStructure((x: KerasTensor) => x.shape.slice(), struct);
    return Array.isArray(struct) && struct.length === 1 ? shapes[0] : shapes;
  }

  override get outputShape(): any {
    if (!this._graph) return super.outputShape;
    const struct = this._graph.outputsStruct;
    const shapes = mapStructure((x: KerasTensor) => x.shape.slice(), struct);
    return Array.isArray(struct) && struct.length === 1 ? shapes[0] : shapes;
  }

  override get inputSpec(): any {
    if (this._manualInputSpec !== undefined) return this._manualInputSpec;
    return this._graph ? functionalInputSpec(this._graph) : this._inputSpec;
  }

  override set inputSpec(value: any) {
    this._manualInputSpec = value;
  }

  protected override assertInputCompatibility(firstArg: unknown): void {
    const spec = this.inputSpec;
    if (!spec) return;
    if (this._graph) {
      const flat = standardizeInputs(this._graph, firstArg);
      const struct = this._graph.inputsStruct;
      const value = isKerasTensor(struct) ? flat[0] : flat;
      assertInputCompatibility(spec, Array.isArray(value) && !Array.isArray(spec) ? value[0] : value, this.name);
      return;
    }
    assertInputCompatibility(spec, firstArg, this.name);
  }

  /** Keras's `get_layer`: by name or by index. */
  getLayer(nameOrIndex?: string | number | { name?: string; index?: number }): Layer {
    let name: string | undefined;
    let index: number | undefined;
    if (typeof nameOrIndex === "string") name = nameOrIndex;
    else if (typeof nameOrIndex === "number") index = nameOrIndex;
    else if (nameOrIndex) ({ name, index } = nameOrIndex);
    if (name !== undefined && index !== undefined) {
      throw new ValueError(`Provide only a layer name or a layer index. Received: index=${index}, name=${name}.`);
    }
    const layers = this.layers;
    if (index !== undefined) {
      if (layers.length <= index) {
        throw new ValueError(`Was asked to retrieve layer at index ${index} but model only has ${layers.length} layers.`);
      }
      return layers[index];
    }
    if (name !== undefined) {
      const hit = layers.find((l) => l.name === name);
      if (hit) return hit;
      throw new ValueError(`No such layer: ${name}. Existing layers are: [${layers.map((l) => `'${l.name}'`).join(", ")}].`);
    }
    throw new ValueError("Provide either a layer name or layer index at `get_layer`.");
  }

  /** Functional models run their graph; subclassed models override this. */
  override call(inputs: any, kwargs: CallKwargs = {}): any {
    if (!this._graph) {
      throw new NotImplementedError(`Model ${this.constructor.name} does not have a \`call\` method implemented.`);
    }
    const flat = standardizeInputs(this._graph, inputs);
    if (kwargs.mask !== undefined && kwargs.mask !== null) {
      const masks = flatten(kwargs.mask);
      flat.forEach((x, i) => {
        if (masks[i] !== null && masks[i] !== undefined && (isTensor(x) || isKerasTensor(x))) x.kerasMask = masks[i] as never;
      });
    }
    return unpackSingleton(runGraphEagerly(this._graph, flat));
  }

  override computeOutputSpec(...args: any[]): any {
    if (this._graph) {
      const flat = standardizeInputs(this._graph, args[0]);
      return unpackSingleton(runGraphSymbolically(this._graph, flat));
    }
    if (this.computeOutputShape !== Layer.prototype.computeOutputShape) return super.computeOutputSpec(...args);
    try {
      return inferOutputSpec((a) => (this as any).call(...a), args, this.variables);
    } catch (e) {
      throw outputSpecError(this, e);
    }
  }

  /**
   * Functional models are built at construction. A subclassed model without
   * its own `build` builds its sublayers by tracing `call` on the shape.
   */
  override build(inputShape?: unknown): void {
    if (this._graph || inputShape === null || inputShape === undefined) return;
    if (this.hasUnbuiltState()) {
      const spec = mapShapes(inputShape);
      try {
        inferOutputSpec((a) => (this as any).call(...a), [spec, {}], this.variables);
      } catch (e) {
        throw new ValueError(
          `You cannot build your model by calling \`build\` if your layers do not support symbolic tensors. ` +
            `Error encountered: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
    }
  }

  /**
   * A subclassed model without its own `build` needs no tracing on `apply`:
   * its sublayers build as `call` runs (eagerly, or in the shape-inference run).
   */
  protected override maybeBuild(args: unknown[], kwargs: CallKwargs): void {
    if (this._graph) {
      this.built = true;
      return;
    }
    if (((this.build as { wrapped?: unknown }).wrapped ?? this.build) === Model.prototype.build) {
      const first = args.find((a) => a !== null && a !== undefined);
      this._buildShapes = [first === undefined ? null : mapStructure((t: { shape?: unknown }) => (t && Array.isArray(t.shape) ? t.shape.slice() : null), first)];
      this.built = true;
      return;
    }
    super.maybeBuild(args, kwargs);
  }

  /** Predictions for `x`, computed in batches (inference mode); synchronous. */
  predict(x: unknown, options: PredictOptions = {}): any {
    return predictBatched(this, x, options);
  }

  /** Prints (or passes to `printFn`) the model summary in Keras 3's table format. */
  summary(options: SummaryOptions = {}): void {
    printSummary(this, options);
  }

  getCompileConfig(): Record<string, unknown> | null {
    return this._compileConfig ?? {};
  }

  /**
   * Functional models: Keras's functional config. Subclassed models: the
   * base layer config (name, trainable, dtype), as `Model.get_config` gives
   * the Sequential config its first keys; subclasses add their own keys.
   */
  override getConfig(): Record<string, any> {
    if (this._graph && functionalConfigHook) return functionalConfigHook(this);
    return super.getConfig();
  }

  /** The model's Keras JSON (`model.to_json()`), with Python's separators. */
  toJson(): string {
    return toPythonJson(serializeKerasObject(this));
  }

  /**
   * Saves the model as a `.keras` file (config, weights, optimizer state):
   * `await model.save("m.keras")`, or `await model.save()` for the bytes.
   */
  async save(target?: string | { bytes?: Uint8Array }): Promise<Uint8Array> {
    const { saveModel } = await import("../saving/keras-file.js");
    return saveModel(this, target);
  }

  /** Saves the weights in Keras 3's `.weights.h5` layout: `await model.saveWeights("m.weights.h5")`, or bytes. */
  async saveWeights(target?: string | { bytes?: Uint8Array }, options?: { objectsToSkip?: object[] }): Promise<Uint8Array> {
    const { saveWeights } = await import("../saving/saving-api.js");
    return saveWeights(this, target, options);
  }

  /** Loads weights from a `.weights.h5`, `.keras` or legacy `.h5` file (path or bytes). */
  async loadWeights(
    source: string | Uint8Array | ArrayBuffer,
    options?: { skipMismatch?: boolean; byName?: boolean; objectsToSkip?: object[] },
  ): Promise<void> {
    const { loadWeights } = await import("../saving/saving-api.js");
    return loadWeights(this, source, options);
  }

  static override fromConfig(config: Record<string, any>, customObjects?: unknown): Model {
    const isFunctionalConfig = ["layers", "input_layers", "output_layers"].every((k) => k in config);
    if (isFunctionalConfig && functionalFromConfigHook) return functionalFromConfigHook(this, config, customObjects);
    return new (this as unknown as new (o: Record<string, unknown>) => Model)(configToOptions(config));
  }
}

let functionalConfigHook: ((model: Model) => Record<string, any>) | null = null;
/** Installed by functional-config.ts. */
export function setFunctionalConfig(hook: (model: Model) => Record<string, any>): void {
  functionalConfigHook = hook;
}

export function unpackSingleton(x: unknown): any {
  return Array.isArray(x) && x.length === 1 ? x[0] : x;
}

/** KerasTensors for a (nested) shape. */
function mapShapes(shape: unknown): unknown {
  const isShape = (s: unknown) => Array.isArray(s) && s.every((d) => d === null || typeof d === "number");
  const build = (s: unknown): unknown => {
    if (isShape(s)) return new KerasTensor(s as (number | null)[]);
    if (Array.isArray(s)) return s.map(build);
    if (s && typeof s === "object") return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, build(v)]));
    return s;
  };
  return build(shape);
}

export { InputLayer };
