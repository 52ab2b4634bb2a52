/** `keras.config`. */
export * from "./settings.js";
export { enableUnsafeDeserialization } from "../saving/serialization-lib.js";
