/**
 * `keras.Sequential`: a linear stack of layers. With an `Input` (or an
 * InputLayer, or a first layer given `inputShape`) it builds an internal
 * functional model as layers are added; otherwise it builds on its first
 * call or on `build(inputShape)`. `layers` hides the InputLayer.
 */
import { ValueError } from "../engine/errors.js";
import { registerBuiltin, Serializable } from "../saving/object-registration.js";
import { deserializeKerasObject, serializeKerasObject } from "../saving/serialization-lib.js";
import * as dtypePolicies from "../dtype-policies/index.js";
import { mapStructure } from "../utils/tree.js";
import { InputLayer } from "../layers/core/input-layer.js";
import { KerasTensor, isKerasTensor } from "../layers/keras-tensor.js";
import { CallKwargs, Layer } from "../layers/layer.js";
import { pyShape, typeName } from "../layers/py-format.js";
import { Model } from "./model.js";
import { Functional } from "./functional.js";

export interface SequentialOptions {
  name?: string | null;
  trainable?: boolean;
}

function isShapeLike(x: unknown): x is (number | null)[] {
  return Array.isArray(x) && x.every((d) => d === null || (typeof d === "number" && Number.isInteger(d)));
}

function sameShape(a: readonly (number | null)[], b: readonly (number | null)[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export class Sequential extends Model {
  declare _isSequential: true;
  declare _functional: Functional | null;

  constructor(layers: (Layer | KerasTensor)[] | null = null, options: SequentialOptions = {}) {
    super({ name: options.name ?? null, trainable: options.trainable });
    this._isSequential = true;
    this._callHasMaskArg = true;
    this._functional = null;
    this._layers = [];
    if (layers) {
      for (const layer of layers) this.add(layer, false);
      this.maybeRebuild();
    }
  }

  /** Adds a layer (or an `Input` tensor) on top of the stack. */
  add(layer: Layer | KerasTensor, rebuild = true): void {
    if (this._layers.length === 0 && layer instanceof Layer && !(layer instanceof InputLayer) && layer._inputShapeArg) {
      this.add(new InputLayer({ shape: layer._inputShapeArg, batchSize: layer._batchSizeArg }), false);
    }
    let candidate: unknown = layer;
    if (isKerasTensor(layer)) {
      const origin = layer.kerasHistory?.operation;
      if (origin instanceof InputLayer) candidate = origin;
    }
    if (!(candidate instanceof Layer)) {
      throw new ValueError(
        `Only instances of \`keras.Layer\` can be added to a Sequential model. Received: ${String(candidate)} (of type ${typeName(candidate)})`,
      );
    }
    const newLayer = candidate;
    if (this._layers.some((l) => l.name === newLayer.name && l !== newLayer)) {
      throw new ValueError(
        `All layers added to a Sequential model should have unique names. Name '${newLayer.name}' is already the name of a layer in this model. ` +
          "Update the `name` argument to pass a unique name.",
      );
    }
    if (newLayer instanceof InputLayer && this._layers[0] instanceof InputLayer) {
      throw new ValueError(
        `Sequential model '${this.name}' has already been configured to use input shape ${pyShape(this._layers[0].batchShape)}. ` +
          "You cannot add a different Input layer to it.",
      );
    }
    this._layers.push(newLayer);
    if (rebuild) this.maybeRebuild();
    else {
      this.built = false;
      this._functional = null;
    }
  }

  /** Removes and returns the last layer. */
  pop(rebuild = true): Layer {
    if (this.layers.length === 0) throw new ValueError("There are no layers in the model.");
    const layer = this._layers.pop()!;
    this.built = false;
    this._functional = null;
    if (rebuild) this.maybeRebuild();
    return layer;
  }

  private maybeRebuild(): void {
    this.built = false;
    this._functional = null;
    const first = this._layers[0];
    if (first instanceof InputLayer && this._layers.length > 1) this.build(first.batchShape);
    else if (first instanceof Model && first._graph && this._layers.length > 1) this.build(first.inputShape);
  }

  override build(inputShape?: unknown): any {
    if (!isShapeLike(inputShape)) return false; // not a single input tensor: stay unbuilt
    if (this._layers.length === 0) {
      throw new ValueError(`Sequential model ${this.name} cannot be built because it has no layers. Call \`model.add(layer)\`.`);
    }
    const first = this._layers[0];
    if (first instanceof InputLayer) {
      if (!sameShape(first.batchShape, inputShape)) {
        throw new ValueError(
          `Sequential model '${this.name}' has already been configured to use input shape ${pyShape(first.batchShape)}. ` +
            `You cannot build it with input_shape ${pyShape(inputShape)}`,
        );
      }
    } else {
      this._layers = [new InputLayer({ batchShape: inputShape, dtype: first.computeDtype }), ...this._layers];
    }
    const inputs = (this._layers[0] as InputLayer).output as KerasTensor;
    let x: unknown = inputs;
    for (const layer of this._layers.slice(1)) {
      x = layer.apply(x);
    }
    this._functional = new Functional({ inputs, outputs: x });
    return undefined;
  }

  /** The added layers (without the InputLayer). */
  override get layers(): Layer[] {
    return this._layers[0] instanceof InputLayer ? this._layers.slice(1) : this._layers.slice();
  }

  override get inputDtype() {
    return this._layers[0] instanceof InputLayer ? this._layers[0].dtype : super.inputDtype;
  }

  override call(inputs: any, kwargs: CallKwargs = {}): any {
    if (this._functional) return this._functional.call(inputs, { training: kwargs.training ?? null, mask: kwargs.mask ?? null });
    let x = inputs;
    let mask = kwargs.mask ?? null;
    for (const layer of this.layers) {
      const callKwargs: CallKwargs = { mask };
      if (kwargs.training !== undefined && kwargs.training !== null) callKwargs.training = kwargs.training;
      x = layer.apply(x, callKwargs);
      mask = mapStructure((t: { kerasMask?: unknown }) => (t && t.kerasMask) ?? null, x);
    }
    return x;
  }

  override computeOutputSpec(inputs: any, kwargs: CallKwargs = {}): any {
    if (this._functional) return this._functional.computeOutputSpec(inputs, kwargs);
    let x = inputs;
    for (const layer of this.layers) x = layer.computeOutputSpec(x, { training: kwargs.training ?? null });
    return x;
  }

  private requireFunctional(what: string): Functional {
    if (!this._functional) throw new ValueError(`Sequential model '${this.name}' has no defined ${what} yet.`);
    return this._functional;
  }

  override get inputShape(): any {
    return this.requireFunctional("input shape").inputShape;
  }

  override get outputShape(): any {
    return this.requireFunctional("output shape").outputShape;
  }

  override get inputs(): KerasTensor[] {
    return this.requireFunctional("inputs").inputs;
  }

  override get outputs(): KerasTensor[] {
    return this.requireFunctional("outputs").outputs;
  }

  override get input(): any {
    return this.requireFunctional("input").input;
  }

  override get output(): any {
    return this.requireFunctional("output").output;
  }

  override getConfig(): Record<string, any> {
    const config: Record<string, any> = {
      name: this.name,
      trainable: this.trainable,
      dtype: dtypePolicies.serialize(this.dtypePolicy),
      layers: this._layers.map((l) => serializeKerasObject(l)),
    };
    if (this._functional) config.build_input_shape = (this._layers[0] as InputLayer).batchShape.slice();
    return config;
  }

  static override fromConfig(config: Record<string, any> | unknown[], customObjects?: unknown): Sequential {
    let name: string | null = null;
    let buildInputShape: unknown = null;
    let layerConfigs: unknown[];
    if (Array.isArray(config)) layerConfigs = config;
    else {
      name = config.name ?? null;
      buildInputShape = config.build_input_shape ?? null;
      layerConfigs = config.layers ?? [];
    }
    const Ctor = this as unknown as new (layers: null, options: SequentialOptions) => Sequential;
    const model = new Ctor(null, { name });
    for (const layerConfig of layerConfigs) {
      model.add(deserializeKerasObject(layerConfig, { customObjects: customObjects as never, moduleHint: "keras.layers" }));
    }
    if (!model._functional && isShapeLike(buildInputShape)) model.build(buildInputShape);
    if (!Array.isArray(config) && typeof config.trainable === "boolean" && !config.trainable) model.trainable = false;
    return model;
  }
}

registerBuiltin("keras", "Sequential", Sequential as unknown as Serializable);
