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
export { saveModel, loadModel, KERAS_VERSION } from "./keras-file.js";
export type { SaveTarget, LoadSource, LoadModelOptions } from "./keras-file.js";
export { saveWeights, loadWeights } from "./saving-api.js";
export type { SaveWeightsOptions, LoadWeightsOptions } from "./saving-api.js";
export { registerSaveableChildren } from "./weights-layout.js";
