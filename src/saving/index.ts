/**
 * `keras.saving`: the object envelope (serializeKerasObject /
 * deserializeKerasObject) and the registry of custom classes. File formats
 * (.keras, .weights.h5) are added by their own modules.
 */
export { serializeKerasObject, deserializeKerasObject, enableUnsafeDeserialization } from "./serialization-lib.js";
export type { KerasEnvelope, DeserializeOptions } from "./serialization-lib.js";
export {
  registerKerasSerializable,
  customObjectScope,
  getCustomObjects,
  getRegisteredObject,
  getRegisteredName,
} from "./object-registration.js";
