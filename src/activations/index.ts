/** `keras.activations`: every Keras 3.15 activation function, and get / serialize / deserialize. */
export { relu, leakyRelu, relu6, elu, selu, celu, threshold } from "./relu.js";
export { sigmoid, hardSigmoid, logSigmoid, sparseSigmoid, tanh, hardTanh, softsign, exponential } from "./sigmoid.js";
export { softplus, sparsePlus, squareplus, silu, hardSilu, gelu, mish, glu } from "./smooth.js";
export { softShrink, hardShrink, tanhShrink } from "./shrink.js";
export { softmax, logSoftmax, sparsemax } from "./softmax.js";
export { linear, get, serialize, deserialize, builtinActivationName, allActivations } from "./identifiers.js";
export type { ActivationFunction, ActivationIdentifier } from "./identifiers.js";
import { silu } from "./smooth.js";
import { hardSilu } from "./smooth.js";

/** `keras.activations.swish`: the same function as `silu`. */
export const swish = silu;
/** `keras.activations.hard_swish`: the same function as `hardSilu`. */
export const hardSwish = hardSilu;
