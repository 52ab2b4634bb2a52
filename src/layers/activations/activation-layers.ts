/** The activation layers besides Activation (re-exported by src/layers/index.ts). */
export { ReLU } from "./relu.js";
export type { ReLUOptions } from "./relu.js";
export { LeakyReLU } from "./leaky-relu.js";
export type { LeakyReLUOptions } from "./leaky-relu.js";
export { ELU } from "./elu.js";
export type { ELUOptions } from "./elu.js";
export { Softmax } from "./softmax.js";
export type { SoftmaxOptions } from "./softmax.js";
export { PReLU } from "./prelu.js";
export type { PReLUOptions } from "./prelu.js";
