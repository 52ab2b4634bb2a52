/**
 * Keras's object envelope: `serializeKerasObject` / `deserializeKerasObject`
 * ({ module, class_name, config, registered_name, build_config?, compile_config? }).
 * Families (initializers, layers, ...) build on these two functions.
 */
import { ValueError } from "../engine/errors.js";
import { Tensor } from "../engine/tensor.js";
import { toTensor } from "../engine/convert.js";
import {
  Serializable, builtinInfo, getBuiltin, getRegisteredName, getRegisteredObject, isRegisteredCustom,
} from "./object-registration.js";

export type Config = Record<string, any>;

export interface KerasEnvelope {
  module: string | null;
  class_name: string;
  config: Config;
  registered_name: string | null;
  build_config?: Config;
  compile_config?: Config;
  [key: string]: unknown;
}

/** An object that serializes itself: Keras's `get_config` and optional build/compile configs. */
export interface KerasSerializable {
  getConfig(): Config;
  getBuildConfig?(): Config | null;
  getCompileConfig?(): Config | null;
}

export interface DeserializeOptions {
  customObjects?: Record<string, Serializable> | Map<string, Serializable> | null;
  safeMode?: boolean;
  /** The module to look in when a bare string or a Keras 2 config has no `module` (e.g. "keras.layers"). */
  moduleHint?: string;
}

/** Safe mode (refusing to load code such as Lambda functions) can be switched off globally, as in Keras. */
let safeModeDefault = true;
export function enableUnsafeDeserialization(): void {
  safeModeDefault = false;
}
/** Safe-mode values of the deserializations in progress (innermost last), so nested `fromConfig`s (e.g. a Lambda inside a model) see the caller's choice. */
const safeModeScopes: boolean[] = [];
export function inSafeMode(options?: DeserializeOptions): boolean {
  return options?.safeMode ?? safeModeScopes[safeModeScopes.length - 1] ?? safeModeDefault;
}
/** Runs `fn` with safe mode set (Keras's `SafeModeScope`); `undefined` keeps the current value. */
export function withSafeMode<T>(safeMode: boolean | undefined, fn: () => T): T {
  if (safeMode === undefined) return fn();
  safeModeScopes.push(safeMode);
  try {
    return fn();
  } finally {
    safeModeScopes.pop();
  }
}

/**
 * Values Keras writes with a reserved class_name and no module: `__tensor__`
 * (a tensor's values), `__keras_tensor__` (registered by the layer system), ...
 */
export interface SpecialValue {
  className: string;
  test(x: unknown): boolean;
  serialize(x: any): Config;
  deserialize(config: Config): unknown;
}
const specialValues: SpecialValue[] = [
  {
    className: "__tensor__",
    test: (x) => x instanceof Tensor,
    serialize: (t: Tensor) => ({ value: t.toArray(), dtype: t.dtype }),
    deserialize: (c) => toTensor(c.value, c.dtype),
  },
  {
    className: "__numpy__",
    test: () => false,
    serialize: () => ({}),
    deserialize: (c) => toTensor(c.value, c.dtype),
  },
];
export function registerSpecialValue(value: SpecialValue): void {
  specialValues.unshift(value);
}

export function serializeKerasObject(obj: unknown): unknown {
  if (obj === null || obj === undefined) return null;
  if (typeof obj === "string" || typeof obj === "number" || typeof obj === "boolean") return obj;
  if (Array.isArray(obj)) return obj.map(serializeKerasObject);
  for (const special of specialValues) if (special.test(obj)) return { class_name: special.className, config: special.serialize(obj) };
  const s = obj as KerasSerializable & { constructor: Serializable };
  if (typeof s.getConfig !== "function") {
    if (Object.getPrototypeOf(obj) === Object.prototype) {
      const out: Config = {};
      for (const [k, v] of Object.entries(obj as Config)) out[k] = serializeKerasObject(v);
      return out;
    }
    throw new ValueError(`serializeKerasObject: cannot serialize ${String(obj)}: it has no getConfig() method.`);
  }
  const cls = s.constructor;
  const info = builtinInfo(cls);
  const custom = isRegisteredCustom(cls);
  const envelope: KerasEnvelope = {
    module: info && !custom ? info.module : null,
    class_name: info && !custom ? info.className : (cls as { name: string }).name,
    config: s.getConfig(),
    registered_name: info && !custom ? null : getRegisteredName(cls),
  };
  // Non-exported Keras classes (Functional, op classes) carry their Python module and a registered_name.
  if (info && info.module.startsWith("keras.src.")) envelope.registered_name = info.className;
  const build = s.getBuildConfig?.();
  if (build) envelope.build_config = build;
  const compile = s.getCompileConfig?.();
  if (compile !== undefined && compile !== null) envelope.compile_config = compile;
  return envelope;
}

function isEnvelope(x: unknown): x is KerasEnvelope {
  return typeof x === "object" && x !== null && "class_name" in x;
}

/** Resolves the class an envelope names, or throws an error that explains how to register it. */
export function resolveClass(envelope: KerasEnvelope, options: DeserializeOptions = {}): Serializable {
  const { class_name: className, registered_name: registered, module } = envelope;
  const custom =
    (registered ? getRegisteredObject(registered, options.customObjects) : undefined) ??
    getRegisteredObject(className, options.customObjects);
  if (custom) return custom;
  const builtin = getBuiltin(module ?? options.moduleHint, className);
  if (builtin) return builtin;
  throw new ValueError(
    `Could not locate class '${className}'. Make sure custom classes and functions are registered: ` +
      `decorate or call keras.saving.registerKerasSerializable({ package, name })(MyClass), ` +
      `or pass them in \`customObjects\` (or keras.saving.customObjectScope). ` +
      `Full object config: ${JSON.stringify(envelope)}`,
  );
}

/**
 * Rebuilds an object from its envelope: resolves the class, calls its
 * `fromConfig`, then applies `build_config` and `compile_config` when present.
 */
export function deserializeKerasObject(config: unknown, options: DeserializeOptions = {}): any {
  if (options.safeMode !== undefined) return withSafeMode(options.safeMode, () => deserializeKerasObject(config, { ...options, safeMode: undefined }));
  if (config === null || config === undefined) return null;
  if (!isEnvelope(config)) {
    throw new ValueError(`deserializeKerasObject: expected a Keras object config with a "class_name", received ${JSON.stringify(config)}.`);
  }
  const special = specialValues.find((v) => v.className === config.class_name);
  if (special) return special.deserialize(config.config ?? {});
  const cls = resolveClass(config, options) as any;
  let obj: any;
  if (typeof cls.fromConfig === "function") obj = cls.fromConfig(config.config ?? {}, options.customObjects ?? undefined);
  else if (typeof cls === "function" && /^class\s/.test(Function.prototype.toString.call(cls))) obj = new cls(config.config ?? {});
  else obj = cls; // a registered plain function (custom activation, loss, ...)
  if (config.build_config && typeof obj?.buildFromConfig === "function" && !obj.built) obj.buildFromConfig(config.build_config);
  // Python tests `if compile_config:`: an empty {} (an uncompiled model) means "not compiled".
  const compileConfig = config.compile_config;
  if (compileConfig && Object.keys(compileConfig).length > 0 && typeof obj?.compileFromConfig === "function") {
    obj.compileFromConfig(compileConfig);
  }
  return obj;
}
