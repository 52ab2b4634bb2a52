/**
 * Keras 3 weights files (`model.weights.h5` inside a `.keras` archive, and
 * `*.weights.h5`): every saveable object's own variables as datasets
 * `0, 1, ...` in `<path>/vars`, the group carrying the object's `name`.
 * Paths come from weights-layout.ts.
 */
import { ValueError } from "../engine/errors.js";
import { Tensor, isTensor } from "../engine/tensor.js";
import { toTensor } from "../engine/convert.js";
import { Optimizer } from "../optimizers/base-optimizer.js";
import { Layer } from "../layers/layer.js";
import { H5Reader, H5Writer } from "./h5-store.js";
import { Saveable, SaveableEntry, saveableEntries, varsPath } from "./weights-layout.js";

/** Writes the variables of `root` and everything it holds into `writer`, as Keras's `_save_state`. */
export function writeState(root: Saveable, writer: H5Writer, skip: Iterable<object> = []): void {
  for (const entry of saveableEntries(root, skip)) {
    const store: Record<string, unknown> = {};
    entry.obj.saveOwnVariables(store);
    const group = varsPath(entry.path);
    writer.group(group);
    if (entry.name !== null) writer.setStringAttr(group, "name", entry.name);
    for (const [key, value] of Object.entries(store)) {
      writer.writeTensor(`${group}/${key}`, isTensor(value) ? value : toTensor(value as never));
    }
  }
}

/** The bytes of a `.weights.h5` file for `root`. */
export async function weightsFileBytes(root: Saveable, skip: Iterable<object> = []): Promise<Uint8Array> {
  const writer = await H5Writer.create();
  try {
    writeState(root, writer, skip);
  } catch (e) {
    writer.discard();
    throw e;
  }
  return writer.finish();
}

/**
 * The datasets of `<path>/vars` as a store `{ "0": Tensor, ... }`; empty
 * when the group is missing (Keras then reports the variable count).
 * tf-keras 2.13 files name the `layers` groups `_layer_checkpoint_dependencies`.
 */
export function readStore(reader: H5Reader, path: string): Record<string, Tensor> {
  let group = varsPath(path);
  if (!reader.isGroup(group) && path && reader.isGroup("_layer_checkpoint_dependencies")) {
    group = varsPath(path.replace(/layers/g, "_layer_checkpoint_dependencies"));
  }
  const store: Record<string, Tensor> = {};
  if (!reader.isGroup(group)) return store;
  const keys = reader.keys(group);
  // Keras numbers the datasets 0..n-1; HDF5 lists them alphabetically (0, 1, 10, 2, ...).
  const indices = keys.map((k) => (/^(0|[1-9]\d*)$/.test(k) ? Number(k) : NaN));
  // Some layers name their datasets (IndexLookup's `idf_weights`): read those by name.
  if (keys.length && indices.every(Number.isNaN)) {
    for (const k of keys) store[k] = reader.readTensor(`${group}/${k}`);
    return store;
  }
  if (indices.some(Number.isNaN) || new Set(indices).size !== keys.length || indices.some((i) => i >= keys.length)) {
    throw new ValueError(`${reader.label}: group '${group}' should hold datasets named 0..${keys.length - 1}, found [${keys.join(", ")}].`);
  }
  for (let i = 0; i < keys.length; i++) store[String(i)] = reader.readTensor(`${group}/${i}`);
  return store;
}

function describe(obj: Saveable): string {
  return `<${obj.constructor.name} name=${obj.name ?? "?"}>`;
}

/** Snapshot of every entry's variables, to undo a load that failed half way. */
function snapshot(entries: SaveableEntry[]): (() => void) {
  const saved = entries.map((e) => {
    const store: Record<string, unknown> = {};
    try {
      e.obj.saveOwnVariables(store);
    } catch {
      return null;
    }
    return store;
  });
  return () => {
    entries.forEach((e, i) => {
      const store = saved[i];
      if (!store) return;
      try {
        if (e.obj instanceof Optimizer && Object.keys(store).length === 0) return;
        e.obj.loadOwnVariables(store);
      } catch {
        // best effort: the object was already in a state it accepted
      }
    });
  };
}

export interface ReadStateOptions {
  /** Keras's `skip_mismatch`: warn about objects whose variables do not fit instead of failing. */
  skipMismatch?: boolean;
  skip?: Iterable<object>;
  /**
   * Restore every variable's previous value when the load fails (default
   * true). A loader that throws a failed model away passes false: taking the
   * snapshot would read, and so make, every deferred initial value.
   */
  restoreOnFailure?: boolean;
}

/**
 * Loads the variables of `root` from `reader`, as Keras's `_load_state`.
 * Objects that fail are collected and reported together with Keras's
 * message; on failure every variable is restored to its previous value.
 * An optimizer that has not been built yet is built on the model's
 * trainable variables first when the file holds its state, so that a
 * reloaded model resumes training where it stopped.
 */
export function readState(root: Saveable, reader: H5Reader, options: ReadStateOptions = {}): void {
  const entries = saveableEntries(root, options.skip ?? []);
  const failures: [Saveable, Error][] = [];
  const restore = options.restoreOnFailure === false ? () => {} : snapshot(entries);
  for (const entry of entries) {
    try {
      const store = readStore(reader, entry.path);
      if (entry.obj instanceof Optimizer && !entry.obj.built && Object.keys(store).length > 0 && root instanceof Layer && root.built) {
        entry.obj.build(root.trainableVariables);
      }
      entry.obj.loadOwnVariables(store);
    } catch (e) {
      failures.push([entry.obj, e instanceof Error ? e : new Error(String(e))]);
    }
  }
  if (failures.length === 0) return;
  const [exObj, exErr] = failures[0];
  const msg =
    `A total of ${failures.length} objects could not be loaded. Example error message for object ${describe(exObj)}:\n\n` +
    `${exErr.message}\n\nList of objects that could not be loaded:\n[${failures.map(([o]) => describe(o)).join(", ")}]`;
  if (options.skipMismatch) {
    console.warn(msg);
    return;
  }
  restore();
  throw new ValueError(msg);
}

/** Loads a `.weights.h5` file's bytes into `root`. */
export async function loadWeightsFileBytes(root: Saveable, bytes: Uint8Array, label: string, options: ReadStateOptions = {}): Promise<void> {
  const reader = await H5Reader.open(bytes, label);
  try {
    readState(root, reader, options);
  } finally {
    reader.close();
  }
}
