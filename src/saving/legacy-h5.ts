/**
 * Legacy HDF5 files (Keras 2 `model.save("m.h5")` / `save_weights("w.h5")`,
 * and Keras 3's `legacy_h5_format`), read as Keras 3's loader reads them:
 *
 * - full model: root attribute `model_config` (JSON, Keras 2 config form),
 *   optional `training_config`; weights in group `model_weights`;
 * - weights only: the same content as `model_weights`, at the root;
 * - `layer_names` lists the layers in `model.layers` order; each layer's
 *   group has `weight_names` (e.g. `dense/kernel:0`), datasets found at
 *   those names relative to the layer's group; the layers that have weights
 *   are matched in order with the model's layers that have weights, each
 *   with its trainable then non-trainable weights;
 * - list attributes longer than 64 KB are split into `name0`, `name1`, ...
 */
import { ValueError } from "../engine/errors.js";
import { Variable, withDeferredInitialValues } from "../engine/variable.js";
import { Tensor } from "../engine/tensor.js";
import { formatShape } from "../engine/shape.js";
import { Layer } from "../layers/layer.js";
import { Model } from "../models/model.js";
import { deserializeKerasObject } from "./serialization-lib.js";
import { H5AttrValue, H5Reader } from "./h5-store.js";
import { LoadModelOptions, makePendingInitialValues, parseKerasJson } from "./keras-file.js";
import { getBuiltin } from "./object-registration.js";
import { PYTHON_CLASS_NAMES } from "./weights-layout.js";

/**
 * Legacy configs name classes by their Python `__name__`, which for a few
 * Keras classes differs from the exported name keras-ts registers
 * (`GroupedQueryAttention` is exported as `GroupQueryAttention`).
 */
function exportedClassNames(config: unknown): unknown {
  const byPythonName = new Map(Object.entries(PYTHON_CLASS_NAMES).map(([exported, python]) => [python, exported]));
  const visit = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(visit);
    if (x === null || typeof x !== "object") return x;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) out[k] = visit(v);
    const name = out.class_name;
    if (typeof name === "string" && byPythonName.has(name) && !getBuiltin((out.module as string) ?? "keras.layers", name)) {
      out.class_name = byPythonName.get(name);
    }
    return out;
  };
  return visit(config);
}

/** Keras's `load_attributes_from_hdf5_group`: a list attribute, possibly split into numbered chunks. */
export function readListAttr(reader: H5Reader, path: string, name: string): string[] {
  const asList = (v: H5AttrValue | undefined): string[] => {
    if (v === null || v === undefined) return [];
    if (Array.isArray(v)) return (v as unknown[]).map(String);
    return [String(v)];
  };
  const direct = reader.attr(path, name);
  if (direct !== undefined) return asList(direct);
  const out: string[] = [];
  for (let chunk = 0; ; chunk++) {
    const part = reader.attr(path, `${name}${chunk}`);
    if (part === undefined) break;
    out.push(...asList(part));
  }
  return out;
}

function join(a: string, b: string): string {
  return a ? `${a}/${b}` : b;
}

/** A layer's weights in the legacy order: trainable, then non-trainable. */
function legacyWeights(layer: Layer): Variable[] {
  return [...layer.trainableWeights, ...layer.nonTrainableWeights];
}

/** The saved values of one layer group, in `weight_names` order. */
function readLayerValues(reader: H5Reader, groupPath: string): { names: string[]; values: Tensor[] } {
  const names = readListAttr(reader, groupPath, "weight_names");
  const values = names.map((n) => {
    const path = join(groupPath, n);
    if (!reader.isDataset(path)) throw new ValueError(`${reader.label}: weight '${n}' listed for '${groupPath}' is missing.`);
    return reader.readTensor(path);
  });
  return { names, values };
}

/** Keras's `_set_weights`: shapes must match (or, with skipMismatch, mismatching weights are skipped with a warning). */
function checkShapes(what: string, variables: Variable[], values: Tensor[], skipMismatch: boolean): boolean[] {
  return values.map((value, i) => {
    const v = variables[i];
    if (value.shape.length === v.shape.length && value.shape.every((d, j) => d === v.shape[j])) return true;
    const msg =
      `Shape mismatch in ${what} for weight ${v.path}. Weight expects shape ${formatShape(v.shape)}. ` +
      `Received saved weight with shape ${formatShape(value.shape)}`;
    if (!skipMismatch) throw new ValueError(msg);
    console.warn(`Skipping loading weights for ${what} due to mismatch in shape. ${msg}`);
    return false;
  });
}

function setWeights(what: string, variables: Variable[], values: Tensor[], skipMismatch: boolean): void {
  const ok = checkShapes(what, variables, values, skipMismatch);
  values.forEach((value, i) => {
    if (ok[i]) variables[i].assign(value);
  });
}

/** The group holding the layer groups: the root of a weights-only file, or `model_weights`. */
export function legacyWeightsRoot(reader: H5Reader): string {
  if (reader.attr("", "layer_names") === undefined && reader.isGroup("model_weights")) return "model_weights";
  return "";
}

export function isLegacyWeightsFile(reader: H5Reader): boolean {
  return reader.attr("", "layer_names") !== undefined || reader.attr("", "layer_names0") !== undefined || reader.isGroup("model_weights");
}

/**
 * Keras's `load_weights_from_hdf5_group`: layers with weights, matched in
 * order. Every shape is checked before any variable changes.
 */
export function loadLegacyWeights(reader: H5Reader, root: string, model: Model, options: { skipMismatch?: boolean } = {}): void {
  const layers = model.layers.filter((l) => legacyWeights(l).length > 0);
  const savedNames = readListAttr(reader, root, "layer_names").filter((name) => {
    if (!reader.isGroup(join(root, name))) throw new ValueError(`${reader.label}: layer group '${join(root, name)}' listed in layer_names is missing.`);
    return readListAttr(reader, join(root, name), "weight_names").length > 0;
  });
  if (savedNames.length !== layers.length) {
    throw new ValueError(
      `Layer count mismatch when loading weights from file. Model expected ${layers.length} layers, found ${savedNames.length} saved layers.`,
    );
  }
  const plan: [string, Variable[], Tensor[]][] = [];
  savedNames.forEach((name, k) => {
    const layer = layers[k];
    const { values } = readLayerValues(reader, join(root, name));
    const variables = legacyWeights(layer);
    if (values.length !== variables.length) {
      throw new ValueError(
        `Weight count mismatch for layer #${k} (named ${layer.name} in the current model, ${name} in the save file). ` +
          `Layer expects ${variables.length} weight(s). Received ${values.length} saved weight(s)`,
      );
    }
    plan.push([`layer #${k} (named ${layer.name})`, variables, values]);
  });
  const top = join(root, "top_level_model_weights");
  if (reader.isGroup(top)) {
    const own = [...model._trainableVariables, ...model._nonTrainableVariables];
    const { values } = readLayerValues(reader, top);
    if (values.length !== own.length) {
      throw new ValueError(
        `Weight count mismatch for top-level weights when loading weights from file. Model expects ${own.length} top-level weight(s). Received ${values.length} saved top-level weight(s)`,
      );
    }
    plan.push(["top-level model", own, values]);
  }
  // Check every shape before assigning anything, so a failed load leaves the model unchanged.
  if (!options.skipMismatch) for (const [what, variables, values] of plan) checkShapes(what, variables, values, false);
  for (const [what, variables, values] of plan) setWeights(what, variables, values, options.skipMismatch ?? false);
}

/** Keras's `load_weights_from_hdf5_group_by_name`: layers matched by name; layers missing from the file are left alone. */
export function loadLegacyWeightsByName(reader: H5Reader, root: string, model: Model, options: { skipMismatch?: boolean } = {}): void {
  const byName = new Map<string, Layer[]>();
  for (const layer of model.layers) byName.set(layer.name, [...(byName.get(layer.name) ?? []), layer]);
  for (const name of readListAttr(reader, root, "layer_names")) {
    const { values } = readLayerValues(reader, join(root, name));
    for (const layer of byName.get(name) ?? []) {
      const variables = legacyWeights(layer);
      if (values.length !== variables.length) {
        const msg =
          `Weight count mismatch for layer named ${layer.name}. Layer expects ${variables.length} weight(s). Received ${values.length} saved weight(s)`;
        if (options.skipMismatch) {
          console.warn(`Skipping loading of weights for layer ${layer.name} due to mismatch in number of weights. ${msg}`);
          continue;
        }
        throw new ValueError(msg);
      }
      setWeights(`layer named ${layer.name}`, variables, values, options.skipMismatch ?? false);
    }
  }
}

/** Compiles a model from a legacy `training_config`, when the model can be compiled. */
function compileFromTrainingConfig(model: Model, trainingConfig: Record<string, any>, options: LoadModelOptions): void {
  const m = model as Model & { compile?: (args: Record<string, unknown>) => void };
  if (typeof m.compile !== "function") {
    console.warn("The saved model has a training configuration, but this model cannot be compiled here; it was loaded uncompiled.");
    return;
  }
  const optimizer = trainingConfig.optimizer_config
    ? deserializeKerasObject(trainingConfig.optimizer_config, { customObjects: options.customObjects ?? undefined, moduleHint: "keras.optimizers" })
    : undefined;
  m.compile({
    optimizer,
    loss: trainingConfig.loss ?? undefined,
    metrics: trainingConfig.metrics ?? undefined,
    weightedMetrics: trainingConfig.weighted_metrics ?? undefined,
    lossWeights: trainingConfig.loss_weights ?? undefined,
  });
}

function loadOptimizerWeights(reader: H5Reader, model: Model): void {
  const optimizer = (model as { optimizer?: { built: boolean; build(v: Variable[]): void; setWeights(w: Tensor[]): void } }).optimizer;
  if (!optimizer) return;
  try {
    if (!optimizer.built) optimizer.build(model.trainableVariables);
    const values = readLayerValues(reader, "optimizer_weights").values;
    optimizer.setWeights(values);
  } catch (e) {
    console.warn(
      `Error in loading the saved optimizer state (${e instanceof Error ? e.message : String(e)}). As a result, your model is starting with a freshly initialized optimizer.`,
    );
  }
}

/** A model from a legacy full-model `.h5` file's bytes. */
export async function loadLegacyModel(bytes: Uint8Array, label: string, options: LoadModelOptions = {}): Promise<Model> {
  const reader = await H5Reader.open(bytes, label);
  try {
    const configText = reader.attr("", "model_config");
    if (configText === undefined || configText === null) {
      if (isLegacyWeightsFile(reader) || reader.isGroup("vars")) {
        throw new ValueError(`No model config found in the file at ${label}: it holds weights only. Build the model and use loadWeights.`);
      }
      throw new ValueError(`No model config found in the file at ${label}.`);
    }
    const config = exportedClassNames(parseKerasJson(String(configText), `model_config of ${label}`)) as Record<string, any>;
    // Weights are created without running their initializers: the file overwrites them.
    const [model, deferred] = withDeferredInitialValues(() =>
      deserializeKerasObject(config, {
        customObjects: options.customObjects ?? undefined,
        safeMode: options.safeMode ?? true,
        moduleHint: "keras.layers",
      }),
    );
    if (!(model instanceof Model)) throw new ValueError(`The model_config of ${label} describes a ${config?.class_name}, not a model.`);
    if (!reader.isGroup("model_weights")) throw new ValueError(`${label} has a model_config but no model_weights group.`);
    loadLegacyWeights(reader, "model_weights", model);
    if (options.compile ?? true) {
      const training = reader.attr("", "training_config");
      if (training !== undefined && training !== null) {
        compileFromTrainingConfig(model, parseKerasJson(String(training), `training_config of ${label}`), options);
        if (reader.isGroup("optimizer_weights")) loadOptimizerWeights(reader, model);
      }
    }
    makePendingInitialValues(deferred);
    return model;
  } finally {
    reader.close();
  }
}
