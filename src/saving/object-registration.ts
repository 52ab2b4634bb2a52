/**
 * The registry that maps Keras class names to TypeScript classes, for
 * deserialization: built-in classes (per Keras module, e.g. "keras.layers"),
 * user classes registered with `registerKerasSerializable`, and temporary
 * overlays from `customObjectScope`.
 */
import { ValueError } from "../engine/errors.js";

/** Anything that can be rebuilt from a config: a class with a static `fromConfig`, or a plain function. */
export type Serializable = { name: string; fromConfig?: (config: any, customObjects?: any) => unknown } | ((...args: any[]) => any);

const builtins = new Map<string, Map<string, Serializable>>(); // module -> class_name -> class
const builtinByName = new Map<string, { module: string; obj: Serializable }>();
const globalCustomObjects = new Map<string, Serializable>();
const scopeStack: Map<string, Serializable>[] = [];
const registeredNameOf = new Map<Serializable, string>();
const builtinModuleOf = new Map<Serializable, { module: string; className: string }>();

/**
 * Registers a built-in Keras class under its public module (the `module`
 * field Keras writes, e.g. "keras.layers") and class name.
 */
export function registerBuiltin(module: string, className: string, obj: Serializable): void {
  let table = builtins.get(module);
  if (!table) builtins.set(module, (table = new Map()));
  table.set(className, obj);
  if (!builtinByName.has(className)) builtinByName.set(className, { module, obj });
  if (!builtinModuleOf.has(obj)) builtinModuleOf.set(obj, { module, className });
}

/** The module and class name Keras writes for a built-in class, if it is one. */
export function builtinInfo(obj: Serializable): { module: string; className: string } | undefined {
  return builtinModuleOf.get(obj);
}

export function getBuiltin(module: string | null | undefined, className: string): Serializable | undefined {
  if (module) {
    const hit = builtins.get(module)?.get(className);
    if (hit) return hit;
  }
  return builtinByName.get(className)?.obj;
}

/** Built-in classes of one module (e.g. all "keras.layers" classes). */
export function builtinsOf(module: string): ReadonlyMap<string, Serializable> {
  return builtins.get(module) ?? new Map();
}

/**
 * `keras.saving.registerKerasSerializable`: registers a user class (or
 * function) as "<package>><name>" so configs naming it can be deserialized.
 * Usable as a plain call or as a class decorator.
 */
export function registerKerasSerializable(options: { package?: string; name?: string } = {}) {
  return <T extends Serializable>(obj: T): T => {
    const pkg = options.package ?? "Custom";
    const name = options.name ?? (obj as { name: string }).name;
    if (!name) throw new ValueError("registerKerasSerializable: cannot register an anonymous class or function; pass { name }.");
    if (typeof obj === "function" && /^class\s/.test(Function.prototype.toString.call(obj))) {
      if (typeof (obj as { prototype?: { getConfig?: unknown } }).prototype?.getConfig !== "function") {
        throw new ValueError(`Cannot register a class that does not have a getConfig() method: ${name}.`);
      }
    }
    const key = `${pkg}>${name}`;
    globalCustomObjects.set(key, obj);
    registeredNameOf.set(obj, key);
    return obj;
  };
}

/** The name a class is registered under ("Pkg>Name"), or its own name. */
export function getRegisteredName(obj: Serializable): string {
  return registeredNameOf.get(obj) ?? (obj as { name: string }).name;
}

export function isRegisteredCustom(obj: Serializable): boolean {
  return registeredNameOf.has(obj);
}

/** `keras.saving.getCustomObjects()`: the live global registry (a Map from name to class). */
export function getCustomObjects(): Map<string, Serializable> {
  return globalCustomObjects;
}

/** Runs `fn` with extra custom objects visible to deserialization (Keras's `custom_object_scope`). */
export function customObjectScope<T>(objects: Record<string, Serializable>, fn: () => T): T {
  scopeStack.push(new Map(Object.entries(objects)));
  try {
    const out = fn();
    if (out instanceof Promise) {
      return out.finally(() => scopeStack.pop()) as T;
    }
    scopeStack.pop();
    return out;
  } catch (e) {
    scopeStack.pop();
    throw e;
  }
}

/**
 * Looks a name up in (in order) the explicit `customObjects`, the active
 * scopes, and the global registry. Keys may be "Pkg>Name" or a bare name.
 */
export function getRegisteredObject(name: string, customObjects?: Record<string, Serializable> | Map<string, Serializable> | null): Serializable | undefined {
  const explicit = customObjects instanceof Map ? customObjects.get(name) : customObjects?.[name];
  if (explicit) return explicit;
  for (let i = scopeStack.length - 1; i >= 0; i--) {
    const hit = scopeStack[i].get(name);
    if (hit) return hit;
  }
  return globalCustomObjects.get(name);
}
