/**
 * `keras.models.cloneModel(model, { inputTensors, cloneFunction, recursive })`:
 * a new model with the same architecture and new layers (freshly
 * initialized weights, as in Keras: clone, then `setWeights` to copy them).
 *
 * - Sequential: each layer through `cloneFunction`, behind a new Input
 *   like the original's.
 * - Functional: the graph replayed on new Inputs (or `inputTensors`), each
 *   layer replaced by its clone (a layer called several times is cloned
 *   once, so it stays shared); raw-op nodes are reused.
 * - Subclassed: rebuilt from its config (`Model.fromConfig(getConfig())`).
 *
 * The default `cloneFunction` is Keras's: `cls.fromConfig(layer.getConfig())`.
 */
import { ValueError } from "../engine/errors.js";
import { flatten, mapStructure } from "../utils/tree.js";
import { Layer } from "../layers/layer.js";
import { Input, InputLayer } from "../layers/core/input-layer.js";
import { KerasTensor, isKerasTensor } from "../layers/keras-tensor.js";
import { Model } from "../models/model.js";
import { Sequential } from "../models/sequential.js";
import { Functional } from "../models/functional.js";
import { deserializeKerasObject, serializeKerasObject } from "./serialization-lib.js";

export interface CloneModelOptions {
  /** New input tensors (or a structure of them) for the clone, instead of new Inputs. */
  inputTensors?: unknown;
  /** Called on each layer to make its copy (default: rebuild from the layer's config). */
  cloneFunction?: (layer: Layer) => Layer;
  /** Clone the layers of nested Sequential/Functional models too, with `cloneFunction`. */
  recursive?: boolean;
}

/** Keras's default: `layer.__class__.from_config(layer.get_config())`. */
export function cloneLayer(layer: Layer): Layer {
  const cls = layer.constructor as unknown as { fromConfig?: (config: Record<string, unknown>) => Layer };
  if (typeof cls.fromConfig !== "function") throw new ValueError(`cloneModel: ${layer.constructor.name} has no fromConfig.`);
  return cls.fromConfig(layer.getConfig());
}

function isGraphModel(x: unknown): x is Model {
  return x instanceof Model && (x instanceof Sequential || x.isFunctional);
}

export function cloneModel(model: Model, options: CloneModelOptions = {}): Model {
  if (!(model instanceof Model)) {
    throw new ValueError(`Expected \`model\` argument to be a \`Model\` instance. Received: model=${String(model)}`);
  }
  const base = options.cloneFunction ?? cloneLayer;
  const cloneFunction = options.recursive
    ? (layer: Layer): Layer => (isGraphModel(layer) ? cloneModel(layer, { cloneFunction: options.cloneFunction, recursive: true }) : base(layer))
    : base;
  if (model instanceof Sequential) return cloneSequential(model, cloneFunction, options.inputTensors);
  if (model.isFunctional) return cloneFunctional(model, cloneFunction, options.inputTensors);
  if (options.cloneFunction || options.inputTensors !== undefined) {
    throw new ValueError(
      "Arguments `clone_function` and `input_tensors` are only supported for Sequential models or Functional models. " +
        `Received model of type '${model.constructor.name}', with clone_function=${String(options.cloneFunction)} and input_tensors=${String(options.inputTensors)}`,
    );
  }
  const envelope = serializeKerasObject(model) as Record<string, unknown>;
  delete envelope.compile_config;
  return deserializeKerasObject(envelope) as Model;
}

function cloneSequential(model: Sequential, cloneFunction: (layer: Layer) => Layer, inputTensors: unknown): Model {
  const layers = model.layers.map((l) => {
    const c = cloneFunction(l);
    if (!(c instanceof Layer)) throw new ValueError(`cloneFunction must return a Layer; it returned ${String(c)} for layer '${l.name}'.`);
    return c;
  });
  const first = model._layers[0];
  const stack: unknown[] = [];
  if (inputTensors !== undefined) {
    const flat = flatten(inputTensors);
    if (flat.length !== 1 || !isKerasTensor(flat[0])) throw new ValueError("A Sequential model takes exactly one input tensor in `input_tensors`.");
    stack.push((flat[0] as KerasTensor).kerasHistory?.operation ?? flat[0]);
  } else if (first instanceof InputLayer) {
    stack.push(Input({ batchShape: first.batchShape, dtype: first.dtype, name: first.name, sparse: first.sparse, optional: first.optional }));
  }
  // As Keras: `trainable` goes to the constructor, before the layers are added, so their own flags stay.
  return new Sequential([...stack, ...layers] as Layer[], { name: model.name, trainable: model.trainable });
}

function cloneFunctional(model: Model, cloneFunction: (layer: Layer) => Layer, inputTensors: unknown): Model {
  const graph = model._graph!;
  const newInputs =
    inputTensors !== undefined
      ? inputTensors
      : mapStructure(
          (x: KerasTensor) =>
            Input({ batchShape: x.shape, dtype: x.dtype, name: x.name, sparse: x.sparse, optional: (x.kerasHistory?.operation as InputLayer)?.optional ?? false }),
          graph.inputsStruct,
        );
  const flatNew = flatten(newInputs);
  if (flatNew.length !== graph.inputs.length || !flatNew.every(isKerasTensor)) {
    throw new ValueError(`input_tensors must be ${graph.inputs.length} KerasTensor(s) matching the model's inputs; received ${String(inputTensors)}.`);
  }
  const clones = new Map<Layer, Layer>();
  const outputs = graph.run(flatNew, (node, args, kwargs) => {
    const op = node.operation;
    if (!(op instanceof Layer)) return op.apply(...args);
    let c = clones.get(op);
    if (!c) {
      c = cloneFunction(op);
      if (!(c instanceof Layer)) throw new ValueError(`cloneFunction must return a Layer; it returned ${String(c)} for layer '${op.name}'.`);
      clones.set(op, c);
    }
    return c.apply(...args, kwargs);
  });
  return new Functional({ inputs: newInputs, outputs, name: model.name });
}
