/**
 * `keras.layers.ConvLSTM1D(filters, kernelSize)`: a convolutional LSTM over sequences of 1-D signals: (batch, time, steps, channels) inputs (channels_first: (batch, time, channels, steps)).
 * Everything else is ConvLSTM (conv-lstm.ts) and its cell (conv-lstm-cell.ts).
 */
import { registerBuiltin } from "../../saving/object-registration.js";
import { ConvLSTM, ConvLSTMOptions } from "./conv-lstm.js";

export type ConvLSTM1DOptions = ConvLSTMOptions;

export class ConvLSTM1D extends ConvLSTM {
  constructor(filters: number, kernelSize: number | number[], options: ConvLSTM1DOptions = {}) {
    super(1, filters, kernelSize, options);
  }
}

registerBuiltin("keras.layers", "ConvLSTM1D", ConvLSTM1D);
