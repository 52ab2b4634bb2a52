/** `keras.ops.nn`: activations, convolution, pooling, normalization and loss primitives. */
export * from "./activations.js";
export * from "./normalization.js";
export * from "./losses.js";
export * from "./conv.js";
export * from "./pooling.js";
export * from "./attention.js";
export * from "./ctc.js";
// Keras also exposes one_hot under keras.ops.nn.
export { oneHot } from "../core/ranges.js";
