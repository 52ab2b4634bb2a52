/**
 * `keras.initializers`: the classes, their string identifiers and
 * `get` / `serialize` / `deserialize`. Loading this module also lets
 * `new Variable("glorot_uniform", { shape })` resolve string initializers.
 */
import { ValueError } from "../engine/errors.js";
import { setInitializerResolver } from "../engine/variable.js";
import { registerBuiltin, getRegisteredObject, Serializable } from "../saving/object-registration.js";
import { deserializeKerasObject, serializeKerasObject, KerasEnvelope } from "../saving/serialization-lib.js";
import { toSnakeCase } from "../utils/naming.js";
import { Initializer } from "./initializer.js";
import { Constant, Identity, Ones, Zeros } from "./constant-initializers.js";
import {
  GlorotNormal, GlorotUniform, HeNormal, HeUniform, LecunNormal, LecunUniform,
  RandomNormal, RandomUniform, TruncatedNormal, VarianceScaling,
} from "./random-initializers.js";
import { Orthogonal } from "./orthogonal.js";
import { STFT } from "./stft.js";

export { Initializer } from "./initializer.js";
export { Constant, Identity, Ones, Zeros } from "./constant-initializers.js";
export {
  GlorotNormal, GlorotUniform, HeNormal, HeUniform, LecunNormal, LecunUniform,
  RandomInitializer, RandomNormal, RandomUniform, TruncatedNormal, VarianceScaling,
} from "./random-initializers.js";
export type { VarianceScalingOptions, InitializerSeed } from "./random-initializers.js";
export { Orthogonal } from "./orthogonal.js";
export { STFT } from "./stft.js";
export { computeFans } from "./fans.js";

const MODULE = "keras.initializers";

type InitializerClass = (new (options?: any) => Initializer) & { fromConfig(config: Record<string, unknown>): Initializer };

const CLASSES: Record<string, InitializerClass> = {
  Initializer: Initializer as unknown as InitializerClass,
  Constant, Identity, Ones, STFT, Zeros,
  GlorotNormal, GlorotUniform, HeNormal, HeUniform, LecunNormal, LecunUniform,
  Orthogonal, RandomNormal, RandomUniform, TruncatedNormal, VarianceScaling,
};

/** Every name `get` accepts: class names, their snake_case forms and Keras's aliases. */
const BY_NAME = new Map<string, InitializerClass>();
for (const [name, cls] of Object.entries(CLASSES)) {
  BY_NAME.set(name, cls);
  BY_NAME.set(toSnakeCase(name), cls);
}
const ALIASES: Record<string, InitializerClass> = {
  IdentityInitializer: Identity,
  normal: RandomNormal,
  one: Ones,
  STFTInitializer: STFT,
  OrthogonalInitializer: Orthogonal,
  uniform: RandomUniform,
  zero: Zeros,
};
for (const [name, cls] of Object.entries(ALIASES)) BY_NAME.set(name, cls);

for (const [name, cls] of Object.entries(CLASSES)) registerBuiltin(MODULE, name, cls as unknown as Serializable);

type CustomObjects = Record<string, Serializable> | Map<string, Serializable> | null | undefined;

/** `keras.initializers.serialize(initializer)`: the Keras envelope. */
export function serialize(initializer: Initializer): KerasEnvelope {
  return serializeKerasObject(initializer) as KerasEnvelope;
}

/** `keras.initializers.deserialize(config, customObjects)`: from an envelope (Keras 3 or 2) or a string identifier. */
export function deserialize(config: KerasEnvelope | Record<string, unknown> | string, customObjects?: CustomObjects): Initializer {
  if (typeof config === "string") return instantiate(config, customObjects);
  if (typeof config !== "object" || config === null || typeof config.class_name !== "string") {
    throw new ValueError(`Could not interpret initializer identifier: ${JSON.stringify(config)}`);
  }
  let envelope = config as KerasEnvelope;
  const name = envelope.class_name;
  const isCustom = getRegisteredObject((envelope.registered_name as string | null) ?? name, customObjects ?? undefined) !== undefined;
  const builtin = BY_NAME.get(name);
  if (!isCustom && builtin && (envelope.module === undefined || envelope.module === null || envelope.module === MODULE)) {
    // Keras 2 configs and snake_case names ({"class_name": "glorot_uniform"}) resolve through the alias table.
    envelope = { ...envelope, module: MODULE, class_name: builtin.name };
  }
  return deserializeKerasObject(envelope, { customObjects: customObjects ?? undefined, moduleHint: MODULE }) as Initializer;
}

function instantiate(name: string, customObjects: CustomObjects): Initializer {
  const custom = getRegisteredObject(name, customObjects ?? undefined);
  if (custom) return construct(custom, name);
  const cls = BY_NAME.get(name);
  if (!cls) throw new ValueError(`Could not interpret initializer identifier: ${name}`);
  return new cls();
}

function isClass(f: unknown): f is new (...args: any[]) => any {
  return typeof f === "function" && /^class[\s{]/.test(Function.prototype.toString.call(f));
}

function construct(obj: unknown, what: string): Initializer {
  if (isClass(obj)) return new obj();
  if (typeof obj === "function" || (typeof obj === "object" && obj !== null && typeof (obj as Initializer).apply === "function")) {
    return obj as Initializer;
  }
  throw new ValueError(`Could not interpret initializer identifier: ${what}`);
}

export type InitializerIdentifier =
  | Initializer
  | string
  | KerasEnvelope
  | Record<string, unknown>
  | ((shape: number[], dtype?: string) => unknown)
  | (new (...args: any[]) => Initializer)
  | null
  | undefined;

/**
 * `keras.initializers.get(identifier)`: an Initializer from an instance
 * (returned as is), a string identifier, a config envelope, a class
 * (instantiated with defaults) or a function (returned as is); null -> null.
 */
export function get(identifier: InitializerIdentifier, customObjects?: CustomObjects): Initializer | null {
  if (identifier === null || identifier === undefined) return null;
  if (identifier instanceof Initializer) return identifier;
  if (typeof identifier === "string") return instantiate(identifier, customObjects);
  if (typeof identifier === "function") return construct(identifier, String((identifier as { name?: string }).name));
  if (typeof identifier === "object" && "class_name" in identifier) return deserialize(identifier, customObjects);
  if (typeof identifier === "object" && typeof (identifier as { apply?: unknown }).apply === "function") return identifier as unknown as Initializer;
  throw new ValueError(`Could not interpret initializer identifier: ${JSON.stringify(identifier)}`);
}

setInitializerResolver((id: string) => {
  const init = get(id);
  if (!init) throw new ValueError(`Could not interpret initializer identifier: ${id}`);
  return init;
});

// Keep the class table reachable for tooling (e.g. listing every built-in initializer).
export const ALL_INITIALIZERS: Readonly<Record<string, InitializerClass>> = CLASSES;
