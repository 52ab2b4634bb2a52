/** `keras.constraints`: MaxNorm, MinMaxNorm, NonNeg, UnitNorm and get / serialize / deserialize. */
import { ValueError } from "../engine/errors.js";
import { getRegisteredObject, registerBuiltin, Serializable } from "../saving/object-registration.js";
import { deserializeKerasObject, serializeKerasObject, KerasEnvelope } from "../saving/serialization-lib.js";
import { toSnakeCase } from "../utils/naming.js";
import { Constraint } from "./constraint.js";
import { MaxNorm, MinMaxNorm, NonNeg, UnitNorm } from "./norm-constraints.js";

export { Constraint } from "./constraint.js";
export { MaxNorm, MinMaxNorm, NonNeg, UnitNorm } from "./norm-constraints.js";

const MODULE = "keras.constraints";
type ConstraintClass = (new (options?: any) => Constraint) & { fromConfig(config: Record<string, unknown>): Constraint };

const CLASSES: Record<string, ConstraintClass> = { Constraint, MaxNorm, MinMaxNorm, NonNeg, UnitNorm };
for (const [name, cls] of Object.entries(CLASSES)) registerBuiltin(MODULE, name, cls as unknown as Serializable);

/** String identifiers: class names and snake_case ("max_norm", "min_max_norm", "non_neg", "unit_norm"). */
const BY_NAME = new Map<string, ConstraintClass>();
for (const [name, cls] of Object.entries(CLASSES)) {
  BY_NAME.set(name, cls);
  BY_NAME.set(toSnakeCase(name), cls);
}

type CustomObjects = Record<string, Serializable> | Map<string, Serializable> | null | undefined;

function notInterpretable(identifier: unknown): ValueError {
  return new ValueError(`Could not interpret constraint identifier: ${typeof identifier === "string" ? identifier : JSON.stringify(identifier)}`);
}

function instantiate(obj: unknown, what: unknown): Constraint {
  if (typeof obj === "function" && /^class[\s{]/.test(Function.prototype.toString.call(obj))) {
    return new (obj as new () => Constraint)();
  }
  if (typeof obj === "function") return { apply: obj } as unknown as Constraint; // a plain projection function
  if (obj && typeof (obj as Constraint).apply === "function") return obj as Constraint;
  throw notInterpretable(what);
}

function fromName(name: string, customObjects: CustomObjects): Constraint {
  const custom = getRegisteredObject(name, customObjects ?? undefined);
  if (custom) return instantiate(custom, name);
  const cls = BY_NAME.get(name);
  if (!cls) throw notInterpretable(name);
  return new cls();
}

export function serialize(constraint: Constraint): KerasEnvelope {
  return serializeKerasObject(constraint) as KerasEnvelope;
}

export function deserialize(config: KerasEnvelope | Record<string, unknown> | string, customObjects?: CustomObjects): Constraint {
  if (typeof config === "string") return fromName(config, customObjects);
  if (typeof config !== "object" || config === null || typeof config.class_name !== "string") throw notInterpretable(config);
  let envelope = config as KerasEnvelope;
  const isCustom = getRegisteredObject((envelope.registered_name as string | null) ?? envelope.class_name, customObjects ?? undefined) !== undefined;
  const builtin = BY_NAME.get(envelope.class_name);
  if (!isCustom && builtin && (envelope.module === undefined || envelope.module === null || envelope.module === MODULE)) {
    envelope = { ...envelope, module: MODULE, class_name: builtin.name };
  }
  return deserializeKerasObject(envelope, { customObjects: customObjects ?? undefined, moduleHint: MODULE }) as Constraint;
}

/** `keras.constraints.get(identifier)`: null -> null; an instance -> itself; a name, config or class -> a constraint. */
export function get(
  identifier: Constraint | string | Record<string, unknown> | ((w: unknown) => unknown) | (new (...args: any[]) => Constraint) | null | undefined,
  customObjects?: CustomObjects,
): Constraint | null {
  if (identifier === null || identifier === undefined) return null;
  if (identifier instanceof Constraint) return identifier;
  if (typeof identifier === "string") return fromName(identifier, customObjects);
  if (typeof identifier === "object" && "class_name" in identifier) return deserialize(identifier, customObjects);
  return instantiate(identifier, identifier);
}
