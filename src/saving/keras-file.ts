/**
 * The `.keras` format of Keras 3: a zip whose members are stored
 * (uncompressed) in the order `metadata.json`, `config.json`,
 * `model.weights.h5` (then `assets/...` when a layer saves assets).
 * `saveModel` writes what Python Keras 3.15.1 writes, so Python's
 * `keras.saving.load_model` reads our files, and `loadModel` reads theirs.
 *
 * Sources and targets are file paths (Node) or bytes (everywhere).
 */
import { ValueError } from "../engine/errors.js";
import { Variable, withDeferredInitialValues } from "../engine/variable.js";
import { Model } from "../models/model.js";
import { toPythonJson } from "./python-json.js";
import { DeserializeOptions, deserializeKerasObject, serializeKerasObject } from "./serialization-lib.js";
import { Serializable } from "./object-registration.js";
import { atomicWriteFile, readFileBytes } from "./atomic-write.js";
import { H5Reader, H5Writer, isHdf5 } from "./h5-store.js";
import { isZip, readZip, writeZip } from "./zip-archive.js";
import { readState, writeState } from "./weights-file.js";
import { saveableEntries } from "./weights-layout.js";

/** The Keras version written into metadata.json: the Keras release whose behaviour and formats keras-ts follows. */
export const KERAS_VERSION = "3.15.1";

const CONFIG_FILENAME = "config.json";
const METADATA_FILENAME = "metadata.json";
const WEIGHTS_FILENAME = "model.weights.h5";
const ASSETS_DIRNAME = "assets";

/** Where a save goes: a file path (Node), or an object that receives the bytes. */
export type SaveTarget = string | { bytes?: Uint8Array };
/** Where a load reads from: a file path (Node) or the file's bytes. */
export type LoadSource = string | Uint8Array | ArrayBuffer;

export interface LoadModelOptions {
  /** Classes and functions the config names, by registered name or class name. */
  customObjects?: Record<string, Serializable> | Map<string, Serializable> | null;
  /** Compile the model with the saved `compile_config` (default true). */
  compile?: boolean;
  /** Refuse code objects such as Lambda functions (default true). */
  safeMode?: boolean;
}

/** Objects that keep files besides their variables (lookup vocabularies, ...), as Keras's `save_assets`. */
interface HasAssets {
  saveAssets?(files: Map<string, Uint8Array>): void;
  loadAssets?(files: Map<string, Uint8Array>): void;
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

/** `datetime.now().strftime("%Y-%m-%d@%H:%M:%S")`. */
export function dateSaved(d = new Date()): string {
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}@${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

function encode(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** The members of a `.keras` archive for `model`, in Keras's order. */
export async function kerasArchiveMembers(model: Model): Promise<[string, Uint8Array][]> {
  if (!(model instanceof Model)) throw new ValueError(`saveModel: expected a keras Model, received ${String(model)}.`);
  if (!model.built) {
    console.warn(
      "You are saving a model that has not yet been built. It might not contain any weights yet. Consider building the model first by calling it on some data.",
    );
  }
  const configJson = toPythonJson(serializeKerasObject(model));
  const metadataJson = toPythonJson({ keras_version: KERAS_VERSION, date_saved: dateSaved() });
  const writer = await H5Writer.create();
  let weights: Uint8Array;
  const assets: [string, Uint8Array][] = [];
  try {
    writeState(model, writer);
    for (const entry of saveableEntries(model)) {
      const obj = entry.obj as HasAssets;
      if (typeof obj.saveAssets !== "function") continue;
      const files = new Map<string, Uint8Array>();
      obj.saveAssets(files);
      const dir = entry.path ? `${ASSETS_DIRNAME}/${entry.path}` : ASSETS_DIRNAME;
      for (const [name, data] of files) assets.push([`${dir}/${name}`, data]);
    }
  } catch (e) {
    writer.discard();
    throw e;
  }
  weights = writer.finish();
  return [[METADATA_FILENAME, encode(metadataJson)], [CONFIG_FILENAME, encode(configJson)], [WEIGHTS_FILENAME, weights], ...assets];
}

/**
 * `model.save(...)` / `keras.saving.saveModel(model, target)`: writes a
 * `.keras` file and returns its bytes. `target` is a path ending in
 * `.keras` (written atomically), an object whose `bytes` receives the file,
 * or nothing (just the bytes). A path ending in `.h5` writes the legacy
 * HDF5 format instead, with Keras's warning.
 */
export async function saveModel(model: Model, target?: SaveTarget): Promise<Uint8Array> {
  if (typeof target === "string" && /\.(h5|hdf5)$/.test(target) && !target.endsWith(".weights.h5")) {
    console.warn(
      "You are saving your model as an HDF5 file via `model.save()` or `keras.saving.save_model(model)`. This file format is considered legacy. " +
        "We recommend using instead the native Keras format, e.g. `model.save('my_model.keras')` or `keras.saving.save_model(model, 'my_model.keras')`. ",
    );
    const { legacyModelBytes } = await import("./legacy-h5-save.js");
    const bytes = await legacyModelBytes(model);
    atomicWriteFile(target, bytes);
    return bytes;
  }
  if (typeof target === "string" && !target.endsWith(".keras")) {
    throw new ValueError(
      "Invalid filepath extension for saving. Please add either a `.keras` extension for the native Keras format (recommended) " +
        `or a \`.h5\` extension. Use \`model.export(filepath)\` if you want to export a SavedModel for use with TFLite/TFServing/etc. Received: filepath=${target}.`,
    );
  }
  const bytes = writeZip(await kerasArchiveMembers(model));
  if (typeof target === "string") atomicWriteFile(target, bytes);
  else if (target && typeof target === "object") target.bytes = bytes;
  return bytes;
}

/** Bytes from a path or a byte source, with a label for error messages. */
export function sourceBytes(source: LoadSource, what: string): { bytes: Uint8Array; label: string; path: string | null } {
  if (typeof source === "string") return { bytes: readFileBytes(source, what), label: source, path: source };
  if (source instanceof Uint8Array) return { bytes: source, label: "the given bytes", path: null };
  if (source instanceof ArrayBuffer) return { bytes: new Uint8Array(source), label: "the given bytes", path: null };
  throw new ValueError(`${what}: expected a file path, a Uint8Array or an ArrayBuffer; received ${Object.prototype.toString.call(source)}.`);
}

/** Python's `json.loads` accepts NaN and Infinity, which JSON.parse refuses: map them (outside strings) to null. */
export function parseKerasJson(text: string, label: string): any {
  try {
    return JSON.parse(text);
  } catch {
    const cleaned = text.replace(/("(?:[^"\\]|\\.)*")|-?\b(?:NaN|Infinity)\b/g, (m, str: string | undefined) => (str ? str : "null"));
    try {
      return JSON.parse(cleaned);
    } catch (e) {
      throw new ValueError(`${label} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

/** A model from the members of a `.keras` archive. */
export async function modelFromArchive(files: Map<string, Uint8Array>, label: string, options: LoadModelOptions = {}): Promise<Model> {
  const configBytes = files.get(CONFIG_FILENAME);
  if (!configBytes) throw new ValueError(`${label} is not a Keras model archive: it has no ${CONFIG_FILENAME} (members: ${[...files.keys()].join(", ") || "none"}).`);
  const config = parseKerasJson(new TextDecoder().decode(configBytes), `${CONFIG_FILENAME} in ${label}`);
  if (config === null || typeof config !== "object" || typeof config.class_name !== "string") {
    throw new ValueError(`${CONFIG_FILENAME} in ${label} does not describe a Keras object (no "class_name").`);
  }
  if (options.compile === false) config.compile_config = null;
  const deserializeOptions: DeserializeOptions = { customObjects: options.customObjects ?? undefined, safeMode: options.safeMode ?? true };
  // Weights are created without running their initializers: the file overwrites them.
  const [model, deferred] = withDeferredInitialValues(() => deserializeKerasObject(config, deserializeOptions));
  if (!(model instanceof Model)) throw new ValueError(`${CONFIG_FILENAME} in ${label} describes a ${config.class_name}, not a model.`);
  const weights = files.get(WEIGHTS_FILENAME);
  if (!weights) {
    if (files.has("model.weights.npz")) throw new ValueError(`${label}: model.weights.npz weights are not supported by keras-ts; re-save with the default h5 weights format.`);
    throw new ValueError(`${label}: expected a ${WEIGHTS_FILENAME} or model.weights.npz file.`);
  }
  const reader = await H5Reader.open(weights, `${WEIGHTS_FILENAME} in ${label}`);
  try {
    readState(model, reader, { restoreOnFailure: false });
  } finally {
    reader.close();
  }
  loadAssets(model, files);
  makePendingInitialValues(deferred);
  return model;
}

/** Variables a loaded file did not assign (none in a file Keras wrote) get their initializer's value now, in creation order. */
export function makePendingInitialValues(variables: Variable[]): void {
  for (const v of variables) if (v.initialValuePending) void v.value;
}

function loadAssets(model: Model, files: Map<string, Uint8Array>): void {
  const assetNames = [...files.keys()].filter((n) => n.startsWith(`${ASSETS_DIRNAME}/`));
  if (assetNames.length === 0) return;
  for (const entry of saveableEntries(model)) {
    const obj = entry.obj as HasAssets;
    if (typeof obj.loadAssets !== "function") continue;
    const dir = entry.path ? `${ASSETS_DIRNAME}/${entry.path}/` : `${ASSETS_DIRNAME}/`;
    const mine = new Map<string, Uint8Array>();
    for (const name of assetNames) {
      const rest = name.slice(dir.length);
      if (name.startsWith(dir) && rest && !rest.includes("/")) mine.set(rest, files.get(name)!);
    }
    obj.loadAssets(mine);
  }
}

/**
 * `keras.saving.loadModel(pathOrBytes, { customObjects, compile, safeMode })`:
 * a model from a `.keras` file, or from a legacy Keras 2 / Keras 3 `.h5`
 * full-model file. Bytes are recognised by their content.
 */
export async function loadModel(source: LoadSource, options: LoadModelOptions = {}): Promise<Model> {
  if (typeof source === "string" && !/\.(keras|h5|hdf5)$/.test(source)) {
    throw new ValueError(
      `File format not supported: filepath=${source}. Keras 3 only supports V3 \`.keras\` files and legacy H5 format files (\`.h5\` extension).`,
    );
  }
  const { bytes, label } = sourceBytes(source, "loadModel");
  if (isZip(bytes)) return modelFromArchive(readZip(bytes, label), label, options);
  if (isHdf5(bytes)) {
    const { loadLegacyModel } = await import("./legacy-h5.js");
    return loadLegacyModel(bytes, label, options);
  }
  if (typeof source === "string" && source.endsWith(".keras")) {
    throw new ValueError(`${label} is not a valid .keras file: it is not a zip archive (truncated or corrupted?).`);
  }
  throw new ValueError(`${label} is neither a .keras archive (zip) nor a legacy HDF5 model file.`);
}
