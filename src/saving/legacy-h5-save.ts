/**
 * Writing the legacy HDF5 format, as Keras 3's `legacy_h5_format` does for
 * `model.save("m.h5")`:
 * - root attributes `keras_version`, `backend` (UTF-8), `model_config`
 *   (`{"class_name", "config"}`, the layer entries without `module`,
 *   `registered_name` and `build_config`; ASCII JSON) and, for a compiled
 *   model, `training_config` (the compile arguments with the optimizer as
 *   `optimizer_config`);
 * - group `model_weights`: attributes `layer_names` (model.layers order),
 *   `backend`, `keras_version`; one group per layer (created in name order)
 *   with `weight_names` (the variables' paths) and the datasets at those
 *   paths; `top_level_model_weights` for the model's own variables;
 * - group `optimizer_weights` with the optimizer's variables by path.
 */
import { ValueError } from "../engine/errors.js";
import { Variable } from "../engine/variable.js";
import { Model } from "../models/model.js";
import { toPythonJson } from "./python-json.js";
import { serializeKerasObject } from "./serialization-lib.js";
import { H5Writer } from "./h5-store.js";
import { KERAS_VERSION } from "./keras-file.js";
import { PYTHON_CLASS_NAMES } from "./weights-layout.js";

/** The `backend` keras-ts records: its tensors are plain CPU arrays, like Keras's numpy backend. */
export const LEGACY_BACKEND = "numpy";

function isEnvelope(x: unknown): x is Record<string, any> {
  return x !== null && typeof x === "object" && !Array.isArray(x) && typeof (x as { class_name?: unknown }).class_name === "string" && "config" in x;
}

/** A layer entry in legacy form: no module / registered_name / build_config; nested model configs likewise. */
function legacyEntry(entry: Record<string, any>): Record<string, any> {
  const { module: _m, registered_name: _r, build_config: _b, compile_config: _c, ...rest } = entry;
  const out: Record<string, any> = { ...rest };
  if (typeof out.class_name === "string") out.class_name = PYTHON_CLASS_NAMES[out.class_name] ?? out.class_name;
  if (out.config && typeof out.config === "object" && Array.isArray(out.config.layers)) {
    out.config = { ...out.config, layers: out.config.layers.map((l: unknown) => (isEnvelope(l) ? legacyEntry(l) : l)) };
  }
  return out;
}

/** Keras's `model_config` attribute: `{"class_name": type(model).__name__, "config": model.get_config()}` in legacy form. */
export function legacyModelConfig(model: Model): Record<string, any> {
  return legacyEntry(serializeKerasObject(model) as Record<string, any>);
}

/** Losses and metrics as legacy `{"class_name", "config"}` objects; strings and structures unchanged. */
function legacyObjects(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(legacyObjects);
  if (isEnvelope(x)) return { class_name: x.class_name, config: x.config };
  if (x !== null && typeof x === "object") return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, legacyObjects(v)]));
  return x;
}

/** Keras's `training_config`: the compile config minus the optimizer, plus `optimizer_config`. */
export function legacyTrainingConfig(model: Model): Record<string, unknown> | null {
  if (!model.compiled) return null;
  const compile = { ...(model.getCompileConfig() ?? {}) } as Record<string, unknown>;
  const optimizer = compile.optimizer as Record<string, any> | undefined;
  delete compile.optimizer;
  const out = legacyObjects(compile) as Record<string, unknown>;
  if (optimizer && isEnvelope(optimizer)) out.optimizer_config = { class_name: optimizer.class_name, config: optimizer.config };
  return out;
}

/** Keras's `save_attributes_to_hdf5_group`: lists over 64512 bytes are split into `name0`, `name1`, ... */
function writeListAttr(w: H5Writer, path: string, name: string, values: string[]): void {
  const LIMIT = 64512;
  const tooLong = values.filter((v) => new TextEncoder().encode(v).length > LIMIT);
  if (tooLong.length) {
    throw new ValueError(`The following attributes cannot be saved to HDF5 file because they are larger than ${LIMIT} bytes: ${tooLong.join(", ")}`);
  }
  // numpy stores the list as one fixed-width array (width = the longest item), split evenly (np.array_split).
  const width = Math.max(1, ...values.map((v) => new TextEncoder().encode(v).length));
  const split = (n: number) => {
    const base = Math.floor(values.length / n);
    const extra = values.length % n;
    const out: string[][] = [];
    for (let i = 0, start = 0; i < n; i++) {
      const size = base + (i < extra ? 1 : 0);
      out.push(values.slice(start, start + size));
      start += size;
    }
    return out;
  };
  let chunks = 1;
  while (split(chunks).some((c) => c.length * width > LIMIT)) chunks++;
  if (chunks === 1) {
    w.setStringListAttr(path, name, values);
    return;
  }
  const parts = split(chunks);
  parts.forEach((part, i) => w.setStringListAttr(path, `${name}${i}`, part));
}

function writeVariables(w: H5Writer, group: string, variables: readonly Variable[]): void {
  w.group(group);
  const names = variables.map((v) => v.path);
  writeListAttr(w, group, "weight_names", names);
  const seen = new Set<string>();
  variables.forEach((v, i) => {
    if (seen.has(names[i])) throw new ValueError(`Cannot save two weights with the same path '${names[i]}' in the legacy HDF5 format.`);
    seen.add(names[i]);
    w.writeTensor(`${group}/${names[i]}`, v.value);
  });
}

/** The bytes of a legacy `.h5` model file. */
export async function legacyModelBytes(model: Model, options: { includeOptimizer?: boolean } = {}): Promise<Uint8Array> {
  if (!(model instanceof Model)) throw new ValueError(`Expected a keras Model, received ${String(model)}.`);
  const w = await H5Writer.create();
  try {
    w.setStringAttr("", "keras_version", KERAS_VERSION);
    w.setStringAttr("", "backend", LEGACY_BACKEND);
    w.setStringAttr("", "model_config", toPythonJson(legacyModelConfig(model)), "ascii");
    const includeOptimizer = options.includeOptimizer ?? true;
    const optimizer = (model as { optimizer?: { variables: Variable[] } | null }).optimizer;
    const training = includeOptimizer && optimizer ? legacyTrainingConfig(model) : null;
    if (training) w.setStringAttr("", "training_config", toPythonJson(training), "ascii");

    const layers = model.layers;
    w.group("model_weights");
    writeListAttr(w, "model_weights", "layer_names", layers.map((l) => l.name));
    w.setStringAttr("model_weights", "backend", LEGACY_BACKEND, "ascii");
    w.setStringAttr("model_weights", "keras_version", KERAS_VERSION, "ascii");
    // Name order, so that group names grow strictly (Keras avoids prefix clashes this way).
    for (const layer of [...layers].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      writeVariables(w, `model_weights/${layer.name}`, [...layer.trainableWeights, ...layer.nonTrainableWeights]);
    }
    const all = new Set(model.weights);
    writeVariables(w, "model_weights/top_level_model_weights", [...model._trainableVariables, ...model._nonTrainableVariables].filter((v) => all.has(v)));
    if (includeOptimizer && optimizer && optimizer.variables.length) writeVariables(w, "optimizer_weights", optimizer.variables);
  } catch (e) {
    w.discard();
    throw e;
  }
  return w.finish();
}
