/**
 * `keras.layers.ConvLSTM3D(filters, kernelSize)`: a convolutional LSTM over sequences of volumes: (batch, time, dim1, dim2, dim3, channels) inputs (channels_first: (batch, time, channels, dim1, dim2, dim3)).
 * Everything else is ConvLSTM (conv-lstm.ts) and its cell (conv-lstm-cell.ts).
 */
import { registerBuiltin } from "../../saving/object-registration.js";
import { ConvLSTM, ConvLSTMOptions } from "./conv-lstm.js";

export type ConvLSTM3DOptions = ConvLSTMOptions;

export class ConvLSTM3D extends ConvLSTM {
  constructor(filters: number, kernelSize: number | number[], options: ConvLSTM3DOptions = {}) {
    super(3, filters, kernelSize, options);
  }
}

registerBuiltin("keras.layers", "ConvLSTM3D", ConvLSTM3D);
