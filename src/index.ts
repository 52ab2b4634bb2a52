/**
 * keras-ts: Keras 3 in TypeScript.
 *
 *   import * as keras from "keras-ts";
 */
export * as ops from "./ops/index.js";
export { Tensor } from "./engine/tensor.js";
export { Variable } from "./engine/variable.js";
export type { DType } from "./engine/dtype.js";
export type { Shape, PartialShape } from "./engine/shape.js";
export { GradientTape, valueAndGrad, grad, noGrad } from "./autodiff/tape.js";
export * as errors from "./engine/errors.js";
export { setBackend, getBackend, registerBackend } from "./backend/backend.js";
export type { Backend } from "./backend/backend.js";
export * as random from "./random/index.js";
export * as config from "./config/index.js";
export * as initializers from "./initializers/index.js";
export * as activations from "./activations/index.js";
export * as regularizers from "./regularizers/index.js";
export * as constraints from "./constraints/index.js";
export * as layers from "./layers/index.js";
export { Layer, InputSpec, Input, KerasTensor, Operation } from "./layers/index.js";
export * as models from "./models/index.js";
export { Model, Sequential } from "./models/index.js";
export * as saving from "./saving/index.js";
export * as utils from "./utils/index.js";
export * as losses from "./losses/index.js";
export * as optimizers from "./optimizers/index.js";
export * as metrics from "./metrics/index.js";
export * as callbacks from "./callbacks/index.js";
