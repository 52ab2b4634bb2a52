/**
 * Where each object's variables live in a Keras 3 weights file: the paths
 * Keras's `saving_lib._save_state` derives by walking the model's
 * attributes (`layers/dense/vars`, `layers/lstm/cell/vars`,
 * `layers/bidirectional/forward_layer/cell/vars`, `optimizer/vars`, ...).
 *
 * Keras's walk, reproduced here:
 * - Every saveable object (layer, model, optimizer) gets `<path>/vars`, even
 *   without variables; the root model is `vars`.
 * - Children come from the object's attributes: Sequential and Functional
 *   first yield `layers`, then every attribute of `dir(obj)` sorted by name
 *   with private (`_x`) names last, minus the attributes of a bare Layer.
 * - A saveable attribute is visited at `<path>/<attribute name>`; a list,
 *   tuple or dict of saveables names its items by snake_case class name,
 *   uniquified within the container (`dense`, `dense_1`, ...), never by the
 *   layer's own name.
 * - Each object is saved once, at the first path the walk reaches it by.
 *
 * TypeScript objects have no `dir()`: an object's Python attributes are its
 * own properties with camelCase names turned into snake_case. Where Keras
 * exposes a private sublayer through a public property as well
 * (MultiHeadAttention's `_query_dense` is also `query_dense`), both names
 * are in `dir()` and the public one sorts first: `PUBLIC_ALIASES` lists
 * those properties. Classes whose TypeScript fields differ from Keras's
 * attributes declare theirs with `registerSaveableChildren`.
 */
import { Layer } from "../layers/layer.js";
import { UNTRACKED_KEYS } from "../layers/layer-tracking.js";
import { Model } from "../models/model.js";
import { Sequential } from "../models/sequential.js";
import { Optimizer } from "../optimizers/base-optimizer.js";
import { camelToSnake } from "../utils/naming.js";
import { builtinInfo, Serializable } from "./object-registration.js";

/** An object with its own variables in the weights file (Keras's `save_own_variables`/`load_own_variables`). */
export interface Saveable {
  name?: string;
  saveOwnVariables(store: Record<string, unknown>): void;
  loadOwnVariables(store: Record<string, unknown>): void;
}

export interface SaveableEntry {
  /** Path of the object in the file: "" for the root, e.g. "layers/dense". Its variables are at `<path>/vars`. */
  path: string;
  obj: Saveable;
  /** The `name` attribute Keras writes on the `vars` group. */
  name: string | null;
}

/** Keras's `naming.to_snake_case` (used for container item names). */
export function kerasSnakeCase(name: string): string {
  return name
    .replace(/\W+/g, "")
    .replace(/(.)([A-Z][a-z]+)/g, "$1_$2")
    .replace(/([a-z])([A-Z])/g, "$1_$2")
    .toLowerCase();
}

/**
 * Keras classes whose Python `__name__` differs from the name they are
 * exported (and serialized) under: container items are named after `__name__`.
 */
export const PYTHON_CLASS_NAMES: Readonly<Record<string, string>> = {
  GroupQueryAttention: "GroupedQueryAttention",
};

/** The Python class name of an object: the Keras class name for built-ins, else the JS class name. */
export function pythonClassName(obj: object): string {
  const cls = obj.constructor as Serializable;
  const name = builtinInfo(cls)?.className ?? (cls as { name: string }).name;
  return PYTHON_CLASS_NAMES[name] ?? name;
}

/**
 * Public read-only properties through which Keras classes expose private
 * sublayers (by Keras class name): `dir()` lists both names and the public
 * one, sorting first, becomes the path.
 */
const PUBLIC_ALIASES: Record<string, string[]> = {
  MultiHeadAttention: ["query_dense", "key_dense", "value_dense", "output_dense"],
};

function publicAliases(obj: object): Set<string> {
  const out = new Set<string>();
  for (let p = Object.getPrototypeOf(obj); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    const info = builtinInfo(p.constructor as Serializable);
    for (const alias of (info && PUBLIC_ALIASES[info.className]) ?? []) out.add(alias);
  }
  return out;
}

export function isSaveable(x: unknown): x is Saveable {
  return x instanceof Layer || x instanceof Optimizer;
}

type ChildrenFn = (obj: any) => [string, unknown][];
const childOverrides = new Map<Function, ChildrenFn>();

/**
 * Declares the Keras attributes (name, value) through which objects of
 * `cls` reach their saveable children, replacing the generic discovery from
 * own properties. For classes whose TypeScript fields are named or
 * organised differently from the Python class.
 */
export function registerSaveableChildren(cls: Function, children: ChildrenFn): void {
  childOverrides.set(cls, children);
}

function overrideFor(obj: object): ChildrenFn | undefined {
  for (let p = Object.getPrototypeOf(obj); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    const fn = childOverrides.get(p.constructor);
    if (fn) return fn;
  }
  return undefined;
}

/**
 * Attributes of a bare Layer (Keras's attribute skip list). Fields that the
 * base class and the models keep for bookkeeping (`_layers`: the tracked
 * sublayers, `_functional`: Sequential's inner graph) are skipped as Keras
 * skips its own.
 */
let baseLayerKeys: Set<string> | null = null;
function skipKeys(): Set<string> {
  if (!baseLayerKeys) {
    baseLayerKeys = new Set([
      ...Object.keys(new Layer({ name: "__saving_reference__" })),
      ...UNTRACKED_KEYS,
      "_layers",
      "_functional",
      "_graph",
      "operations",
      "_operations",
      "_trackedLayersCache",
    ]);
  }
  return baseLayerKeys;
}

function isContainer(x: unknown): x is unknown[] | Record<string, unknown> | Map<unknown, unknown> | Set<unknown> {
  if (Array.isArray(x) || x instanceof Map || x instanceof Set) return true;
  return x !== null && typeof x === "object" && Object.getPrototypeOf(x) === Object.prototype;
}

function containerItems(c: unknown[] | Record<string, unknown> | Map<unknown, unknown> | Set<unknown>): unknown[] {
  if (Array.isArray(c)) return c;
  if (c instanceof Map || c instanceof Set) return [...c.values()];
  return Object.values(c);
}

function holdsSaveables(x: unknown): boolean {
  return isSaveable(x) || (isContainer(x) && containerItems(x).some(isSaveable));
}

/** Keras's `_name_key`: private names sort after every public one. */
function nameKey(name: string): string {
  return name.startsWith("_") ? "~" + name : name;
}

function isFunctionalModel(obj: unknown): obj is Model {
  return obj instanceof Model && !(obj instanceof Sequential) && obj.isFunctional;
}

/**
 * The (attribute, value) pairs Keras's `_walk_saveable` yields for `obj`,
 * restricted to those that can hold saveables, in Keras's order.
 */
export function saveableAttributes(obj: object): [string, unknown][] {
  const out: [string, unknown][] = [];
  if (obj instanceof Sequential || isFunctionalModel(obj)) out.push(["layers", obj.layers]);
  const override = overrideFor(obj);
  const attrs = new Map<string, unknown>();
  if (override) {
    for (const [name, value] of override(obj)) if (holdsSaveables(value)) attrs.set(name, value);
  } else {
    const skip = skipKeys();
    const aliases = publicAliases(obj);
    const record = obj as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      if (skip.has(key)) continue;
      const value = record[key];
      if (!holdsSaveables(value)) continue;
      const name = camelToSnake(key);
      attrs.set(name, value);
      const publicName = name.replace(/^_+/, "");
      if (publicName !== name && aliases.has(publicName)) attrs.set(publicName, value);
    }
    // Keras's Model.layers is a property: subclassed models reach their layers through it too.
    if (obj instanceof Model && !attrs.has("layers")) attrs.set("layers", obj.layers);
  }
  const names = [...attrs.keys()].sort((a, b) => {
    const ka = nameKey(a);
    const kb = nameKey(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  for (const name of names) out.push([name, attrs.get(name)]);
  return out;
}

/**
 * Every saveable object reachable from `root`, with its path, in the order
 * Keras writes them (depth first; each object once, at its first path).
 * `skip` holds objects left out (Keras's `objects_to_skip`).
 */
export function saveableEntries(root: Saveable, skip: Iterable<object> = []): SaveableEntry[] {
  const visited = new Set<object>(skip);
  const entries: SaveableEntry[] = [];
  const join = (a: string, b: string) => (a ? `${a}/${b}` : b);
  const visit = (obj: Saveable, path: string): void => {
    if (visited.has(obj)) return;
    entries.push({ path, obj, name: typeof obj.name === "string" ? obj.name : null });
    visited.add(obj);
    for (const [attr, child] of saveableAttributes(obj)) {
      if (isSaveable(child)) visit(child, join(path, attr));
      else if (isContainer(child)) {
        const used = new Map<string, number>();
        for (const item of containerItems(child)) {
          if (!isSaveable(item)) continue;
          let name = kerasSnakeCase(pythonClassName(item));
          const n = used.get(name);
          if (n === undefined) used.set(name, 0);
          else {
            used.set(name, n + 1);
            name = `${name}_${n + 1}`;
          }
          visit(item, join(join(path, attr), name));
        }
      }
    }
  };
  visit(root, "");
  return entries;
}

/** `<path>/vars`, the group holding an object's own variables. */
export function varsPath(path: string): string {
  return path ? `${path}/vars` : "vars";
}
