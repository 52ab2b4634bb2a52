/**
 * `keras.dtype_policies`: DTypePolicy, the global default policy and
 * get / serialize / deserialize. Layer configs from Keras 3.0-3.3 carry a
 * plain dtype string; Keras 3.4-3.5 wrote "FloatDTypePolicy"; tf.keras wrote
 * its mixed-precision "Policy": all become a DTypePolicy.
 */
import { ValueError } from "../engine/errors.js";
import { DType } from "../engine/dtype.js";
import { deserializeKerasObject, serializeKerasObject, KerasEnvelope } from "../saving/serialization-lib.js";
import type { Serializable } from "../saving/object-registration.js";
import { DTypePolicy, dtypePolicy } from "./dtype-policy.js";

export { DTypePolicy, dtypePolicy, setDtypePolicy } from "./dtype-policy.js";

const LEGACY_CLASS_NAMES = new Set(["DTypePolicy", "FloatDTypePolicy", "Policy"]);

/** `keras.dtype_policies.serialize(policy)`: {module: "keras", class_name: "DTypePolicy", config: {name}, registered_name: null}. */
export function serialize(policy: DTypePolicy): KerasEnvelope {
  return serializeKerasObject(policy) as KerasEnvelope;
}

export function deserialize(
  config: KerasEnvelope | Record<string, unknown> | string,
  customObjects?: Record<string, Serializable> | Map<string, Serializable> | null,
): DTypePolicy {
  if (typeof config === "string") return new DTypePolicy(config);
  if (typeof config !== "object" || config === null || typeof config.class_name !== "string") {
    throw new ValueError(`Cannot interpret \`dtype\` argument. Expected a DTypePolicy config. Received: ${JSON.stringify(config)}`);
  }
  if (LEGACY_CLASS_NAMES.has(config.class_name as string)) {
    const inner = (config.config ?? {}) as { name?: string };
    return new DTypePolicy(inner.name ?? null);
  }
  return deserializeKerasObject(config, { customObjects: customObjects ?? undefined, moduleHint: "keras" }) as DTypePolicy;
}

/**
 * `keras.dtype_policies.get(identifier)`: null -> the global policy; a
 * DTypePolicy -> itself; a policy or dtype name -> a new DTypePolicy; a config -> `deserialize`.
 */
export function get(identifier: DTypePolicy | string | DType | Record<string, unknown> | null | undefined): DTypePolicy {
  if (identifier === null || identifier === undefined) return dtypePolicy();
  if (identifier instanceof DTypePolicy) return identifier;
  if (typeof identifier === "string") return new DTypePolicy(identifier);
  if (typeof identifier === "object" && "class_name" in identifier) return deserialize(identifier);
  throw new ValueError(
    `Cannot interpret \`dtype\` argument. Expected a string or an instance of DTypePolicy. Received: identifier=${JSON.stringify(identifier)}`,
  );
}
