/**
 * `keras.layers`: the Layer base class, InputSpec, Input / InputLayer and the
 * built-in layers, plus `serialize` / `deserialize`. Every layer class is
 * registered with registerBuiltin("keras.layers", ...) in its own file.
 */
import { ValueError } from "../engine/errors.js";
import { registerBuiltin, Serializable } from "../saving/object-registration.js";
import { deserializeKerasObject, serializeKerasObject, KerasEnvelope } from "../saving/serialization-lib.js";
import { Layer } from "./layer.js";
import { InputSpec } from "./input-spec.js";

export { Layer, isLayer } from "./layer.js";
export type { LayerOptions, AddWeightOptions, CallKwargs } from "./layer.js";
export { InputSpec, assertInputCompatibility } from "./input-spec.js";
export type { InputSpecOptions } from "./input-spec.js";
export { KerasTensor, isKerasTensor } from "./keras-tensor.js";
export { Node } from "./node.js";
export { Operation } from "./operation.js";
export { InputLayer, Input } from "./core/input-layer.js";
export type { InputLayerOptions, InputOptions } from "./core/input-layer.js";
export { Dense } from "./core/dense.js";
export type { DenseOptions } from "./core/dense.js";
export { Embedding } from "./core/embedding.js";
export type { EmbeddingOptions } from "./core/embedding.js";
export { ReversibleEmbedding } from "./core/reversible-embedding.js";
export type { ReversibleEmbeddingOptions } from "./core/reversible-embedding.js";
export { Identity } from "./core/identity.js";
export { EinsumDense } from "./core/einsum-dense.js";
export type { EinsumDenseOptions } from "./core/einsum-dense.js";
export { Lambda } from "./core/lambda.js";
export type { LambdaOptions } from "./core/lambda.js";
export { Masking } from "./core/masking.js";
export type { MaskingOptions } from "./core/masking.js";
export * from "./attention/index.js";
export { Flatten } from "./reshaping/flatten.js";
export type { FlattenOptions } from "./reshaping/flatten.js";
export { Reshape } from "./reshaping/reshape.js";
export { Activation } from "./activations/activation.js";
export { Dropout } from "./regularization/dropout.js";
export type { DropoutOptions } from "./regularization/dropout.js";
export { RNN } from "./rnn/rnn.js";
export type { RNNOptions, RNNCell, RNNCallKwargs } from "./rnn/rnn.js";
export { StackedRNNCells } from "./rnn/stacked-rnn-cells.js";
export { DropoutRNNCell } from "./rnn/dropout-rnn-cell.js";
export { SimpleRNNCell } from "./rnn/simple-rnn-cell.js";
export { SimpleRNN } from "./rnn/simple-rnn.js";
export type { SimpleRNNOptions } from "./rnn/simple-rnn.js";
export { LSTMCell } from "./rnn/lstm-cell.js";
export { LSTM } from "./rnn/lstm.js";
export type { LSTMOptions } from "./rnn/lstm.js";
export { GRUCell } from "./rnn/gru-cell.js";
export { GRU } from "./rnn/gru.js";
export type { GRUOptions } from "./rnn/gru.js";
export { Bidirectional } from "./rnn/bidirectional.js";
export type { BidirectionalOptions } from "./rnn/bidirectional.js";
export { ConvLSTM1D } from "./rnn/conv-lstm1d.js";
export { ConvLSTM2D } from "./rnn/conv-lstm2d.js";
export { ConvLSTM3D } from "./rnn/conv-lstm3d.js";
export type { ConvLSTMOptions } from "./rnn/conv-lstm.js";
export * from "./convolutional/index.js";
export * from "./pooling/index.js";
export * from "./normalization/index.js";
export * from "./regularization/noise-layers.js";
export * from "./activations/activation-layers.js";
export * from "./reshaping/reshaping-layers.js";
export * from "./merging/index.js";
export * from "./preprocessing/index.js";
export { Wrapper } from "./core/wrapper.js";
export { TimeDistributed } from "./rnn/time-distributed.js";

registerBuiltin("keras.layers", "Layer", Layer as unknown as Serializable);
registerBuiltin("keras.layers", "InputSpec", InputSpec as unknown as Serializable);

/** `keras.layers.serialize(layer)`: the layer's Keras envelope. */
export function serialize(layer: Layer): KerasEnvelope {
  return serializeKerasObject(layer) as KerasEnvelope;
}

/** `keras.layers.deserialize(config, customObjects?)`: rebuilds a layer; configs of other objects are refused. */
export function deserialize(config: Record<string, unknown>, customObjects?: Record<string, Serializable> | Map<string, Serializable>): Layer {
  const obj = deserializeKerasObject(config, { customObjects, moduleHint: "keras.layers" });
  if (!(obj instanceof Layer)) {
    throw new ValueError(
      `\`keras.layers.deserialize\` was passed a \`config\` object that is not a \`keras.layers.Layer\`. Received: ${JSON.stringify(config)}`,
    );
  }
  return obj;
}
