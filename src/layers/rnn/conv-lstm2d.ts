/**
 * `keras.layers.ConvLSTM2D(filters, kernelSize)`: a convolutional LSTM over sequences of images: (batch, time, rows, cols, channels) inputs (channels_first: (batch, time, channels, rows, cols)).
 * Everything else is ConvLSTM (conv-lstm.ts) and its cell (conv-lstm-cell.ts).
 */
import { registerBuiltin } from "../../saving/object-registration.js";
import { ConvLSTM, ConvLSTMOptions } from "./conv-lstm.js";

export type ConvLSTM2DOptions = ConvLSTMOptions;

export class ConvLSTM2D extends ConvLSTM {
  constructor(filters: number, kernelSize: number | number[], options: ConvLSTM2DOptions = {}) {
    super(2, filters, kernelSize, options);
  }
}

registerBuiltin("keras.layers", "ConvLSTM2D", ConvLSTM2D);
