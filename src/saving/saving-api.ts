/**
 * `model.saveWeights` / `model.loadWeights` (and `keras.saving.saveWeights`
 * / `loadWeights`): Keras 3 `.weights.h5` files, the weights inside a
 * `.keras` archive, and legacy `.h5` weights (Keras 2 `save_weights`, or
 * the `model_weights` of a legacy full-model file). Bytes are recognised by
 * their content; paths by their extension, as Keras does.
 */
import { ValueError } from "../engine/errors.js";
import { Model } from "../models/model.js";
import { atomicWriteFile } from "./atomic-write.js";
import { H5Reader, isHdf5 } from "./h5-store.js";
import { LoadSource, SaveTarget, sourceBytes } from "./keras-file.js";
import { isLegacyWeightsFile, legacyWeightsRoot, loadLegacyWeights, loadLegacyWeightsByName } from "./legacy-h5.js";
import { isZip, readZip } from "./zip-archive.js";
import { readState, weightsFileBytes } from "./weights-file.js";

export interface SaveWeightsOptions {
  /** Objects (layers, optimizers) left out of the file (Keras's `objects_to_skip`). */
  objectsToSkip?: object[];
}

/**
 * Writes the model's weights in Keras 3's `.weights.h5` layout and returns
 * the bytes. `target`: a path ending in `.weights.h5` (written atomically),
 * an object whose `bytes` receives the file, or nothing.
 */
export async function saveWeights(model: Model, target?: SaveTarget, options: SaveWeightsOptions = {}): Promise<Uint8Array> {
  if (!(model instanceof Model)) throw new ValueError(`saveWeights: expected a keras Model, received ${String(model)}.`);
  if (typeof target === "string" && !target.endsWith(".weights.h5")) {
    throw new ValueError(`The filename must end in \`.weights.h5\`. Received: filepath=${target}`);
  }
  const bytes = await weightsFileBytes(model, options.objectsToSkip ?? []);
  if (typeof target === "string") atomicWriteFile(target, bytes);
  else if (target && typeof target === "object") target.bytes = bytes;
  return bytes;
}

export interface LoadWeightsOptions {
  /** Warn about (and skip) weights whose count or shape does not match, instead of failing. */
  skipMismatch?: boolean;
  /** Legacy `.h5` files only: match layers by name instead of by order. */
  byName?: boolean;
  objectsToSkip?: object[];
}

/** Loads weights into `model` from a `.weights.h5`, `.keras` or legacy `.h5` file (path or bytes). */
export async function loadWeights(model: Model, source: LoadSource, options: LoadWeightsOptions = {}): Promise<void> {
  if (!(model instanceof Model)) throw new ValueError(`loadWeights: expected a keras Model, received ${String(model)}.`);
  if (typeof source === "string" && !/\.(keras|h5|hdf5)$/.test(source)) {
    throw new ValueError(
      `File format not supported: filepath=${source}. Keras 3 only supports V3 \`.keras\` and \`.weights.h5\` files, or legacy V1/V2 \`.h5\` files.`,
    );
  }
  const { bytes, label } = sourceBytes(source, "loadWeights");
  let weights = bytes;
  let weightsLabel = label;
  if (isZip(bytes)) {
    const files = readZip(bytes, label, (name) => name === "model.weights.h5");
    const inner = files.get("model.weights.h5");
    if (!inner) throw new ValueError(`${label}: expected a model.weights.h5 file in the archive.`);
    weights = inner;
    weightsLabel = `model.weights.h5 in ${label}`;
  } else if (!isHdf5(bytes)) {
    throw new ValueError(`${label} is neither a weights file (HDF5) nor a .keras archive (zip).`);
  }
  const reader = await H5Reader.open(weights, weightsLabel);
  try {
    if (!reader.isGroup("vars") && isLegacyWeightsFile(reader)) {
      const root = legacyWeightsRoot(reader);
      if (options.byName) loadLegacyWeightsByName(reader, root, model, options);
      else loadLegacyWeights(reader, root, model, options);
      return;
    }
    if (options.byName) throw new ValueError("Invalid keyword arguments: byName is only supported for legacy `.h5` files.");
    if (!reader.isGroup("vars") && !reader.isGroup("layers") && !reader.isGroup("_layer_checkpoint_dependencies")) {
      throw new ValueError(`${weightsLabel} is an HDF5 file but not a Keras weights file (no 'vars' or 'layers' group, no 'layer_names').`);
    }
    readState(model, reader, { skipMismatch: options.skipMismatch, skip: options.objectsToSkip });
  } finally {
    reader.close();
  }
}
