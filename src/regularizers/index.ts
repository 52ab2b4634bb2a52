/** `keras.regularizers`: L1, L2, L1L2, OrthogonalRegularizer and get / serialize / deserialize. */
import { ValueError } from "../engine/errors.js";
import { getRegisteredObject, registerBuiltin, Serializable } from "../saving/object-registration.js";
import { deserializeKerasObject, serializeKerasObject, KerasEnvelope } from "../saving/serialization-lib.js";
import { toSnakeCase } from "../utils/naming.js";
import { Regularizer } from "./regularizer.js";
import { L1, L1L2, L2 } from "./penalties.js";
import { OrthogonalRegularizer } from "./orthogonal-regularizer.js";

export { Regularizer } from "./regularizer.js";
export { L1, L2, L1L2 } from "./penalties.js";
export { OrthogonalRegularizer } from "./orthogonal-regularizer.js";

const MODULE = "keras.regularizers";
type RegularizerClass = (new (options?: any) => Regularizer) & { fromConfig(config: Record<string, unknown>): Regularizer };

const CLASSES: Record<string, RegularizerClass> = { Regularizer, L1, L2, L1L2, OrthogonalRegularizer };
for (const [name, cls] of Object.entries(CLASSES)) registerBuiltin(MODULE, name, cls as unknown as Serializable);

/** String identifiers: class names and their snake_case forms ("l1", "l2", "l1l2", "orthogonal_regularizer"). */
const FACTORIES = new Map<string, () => Regularizer>();
for (const [name, cls] of Object.entries(CLASSES)) {
  FACTORIES.set(name, () => new cls());
  FACTORIES.set(toSnakeCase(name), () => new cls());
}
// Keras's `l1_l2` shortcut means 0.01 for both penalties.
FACTORIES.set("l1_l2", () => new L1L2({ l1: 0.01, l2: 0.01 }));

type CustomObjects = Record<string, Serializable> | Map<string, Serializable> | null | undefined;

function notInterpretable(identifier: unknown): ValueError {
  return new ValueError(`Could not interpret regularizer identifier: ${typeof identifier === "string" ? identifier : JSON.stringify(identifier)}`);
}

function fromName(name: string, customObjects: CustomObjects): Regularizer {
  const custom = getRegisteredObject(name, customObjects ?? undefined);
  if (custom) return instantiate(custom, name);
  const make = FACTORIES.get(name);
  if (!make) throw notInterpretable(name);
  return make();
}

function instantiate(obj: unknown, what: unknown): Regularizer {
  if (typeof obj === "function" && /^class[\s{]/.test(Function.prototype.toString.call(obj))) {
    return new (obj as new () => Regularizer)();
  }
  if (typeof obj === "function") return { apply: obj } as unknown as Regularizer; // a plain penalty function
  if (obj && typeof (obj as Regularizer).apply === "function") return obj as Regularizer;
  throw notInterpretable(what);
}

export function serialize(regularizer: Regularizer): KerasEnvelope {
  return serializeKerasObject(regularizer) as KerasEnvelope;
}

export function deserialize(config: KerasEnvelope | Record<string, unknown> | string, customObjects?: CustomObjects): Regularizer {
  if (typeof config === "string") return fromName(config, customObjects);
  if (typeof config !== "object" || config === null || typeof config.class_name !== "string") throw notInterpretable(config);
  let envelope = config as KerasEnvelope;
  const isCustom = getRegisteredObject((envelope.registered_name as string | null) ?? envelope.class_name, customObjects ?? undefined) !== undefined;
  if (!isCustom && !CLASSES[envelope.class_name] && FACTORIES.has(envelope.class_name)) {
    const canonical = Object.entries(CLASSES).find(([name]) => toSnakeCase(name) === envelope.class_name)?.[0];
    if (canonical) envelope = { ...envelope, module: MODULE, class_name: canonical };
  }
  return deserializeKerasObject(envelope, { customObjects: customObjects ?? undefined, moduleHint: MODULE }) as Regularizer;
}

/** `keras.regularizers.get(identifier)`: null -> null; an instance -> itself; a name, config or class -> a regularizer. */
export function get(
  identifier: Regularizer | string | Record<string, unknown> | ((x: unknown) => unknown) | (new (...args: any[]) => Regularizer) | null | undefined,
  customObjects?: CustomObjects,
): Regularizer | null {
  if (identifier === null || identifier === undefined) return null;
  if (identifier instanceof Regularizer) return identifier;
  if (typeof identifier === "string") return fromName(identifier, customObjects);
  if (typeof identifier === "object" && "class_name" in identifier) return deserialize(identifier, customObjects);
  return instantiate(identifier, identifier);
}
