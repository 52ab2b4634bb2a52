/**
 * `keras.layers.SimpleRNN(units)`: a fully connected RNN over (batch,
 * timesteps, features), h' = φ(x·W + b + h·U) — an RNN around a SimpleRNNCell
 * named "simple_rnn_cell". (Keras 3.15.1 leaves `seed` out of its config.)
 */
import { registerBuiltin } from "../../saving/object-registration.js";
import { InputSpec } from "../input-spec.js";
import { layerOptionsFromConfig } from "../layer.js";
import { recurrentWeightsConfig } from "./cell-options.js";
import { SimpleRNNCell, SimpleRNNCellOptions } from "./simple-rnn-cell.js";
import type { RNNOptions } from "./rnn.js";
import { CellRNN, RECURRENT_CELL_ARGS, innerCell } from "./recurrent-layer.js";

export interface SimpleRNNOptions extends SimpleRNNCellOptions, RNNOptions {}

export class SimpleRNN extends CellRNN<SimpleRNNCell> {
  constructor(units: number, options: SimpleRNNOptions = {}) {
    const { cell, rnnOptions } = innerCell(options, RECURRENT_CELL_ARGS, "simple_rnn_cell", (o) => new SimpleRNNCell(units, o));
    super(cell, rnnOptions);
    // Keras gives SimpleRNN a list of one spec (LSTM and GRU a single spec).
    this.inputSpec = [new InputSpec({ ndim: 3 })];
  }

  get units(): number { return this.cell.units; }

  override getConfig(): Record<string, any> {
    return { ...this.rnnConfig(), units: this.units, ...recurrentWeightsConfig(this, { activity: this }) };
  }

  static override fromConfig(config: Record<string, any>): SimpleRNN {
    const { units, ...options } = layerOptionsFromConfig(config);
    return new SimpleRNN(units, options);
  }
}

registerBuiltin("keras.layers", "SimpleRNN", SimpleRNN);
