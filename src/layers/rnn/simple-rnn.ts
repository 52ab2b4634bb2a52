/**
 * `keras.layers.SimpleRNN(units)`: a fully connected RNN over (batch,
 * timesteps, features), h' = φ(x·W + b + h·U) — an RNN around a SimpleRNNCell
 * named "simple_rnn_cell". (Keras 3.15.1 leaves `seed` out of its config.)
 */
import { registerBuiltin } from "../../saving/object-registration.js";
import { InputSpec } from "../input-spec.js";
import { layerOptionsFromConfig } from "../layer.js";
import { serializeRegularizer } from "./cell-options.js";
import { SimpleRNNCell, SimpleRNNCellOptions } from "./simple-rnn-cell.js";
import { RNN, RNNOptions } from "./rnn.js";
import { recurrentLayerConfig, splitRecurrentLayerOptions } from "./recurrent-layer.js";

export interface SimpleRNNOptions extends SimpleRNNCellOptions, RNNOptions {}

const SIMPLE_RNN_CELL_ARGS = [
  "activation", "useBias", "kernelInitializer", "recurrentInitializer", "biasInitializer", "kernelRegularizer",
  "recurrentRegularizer", "biasRegularizer", "kernelConstraint", "recurrentConstraint", "biasConstraint",
  "dropout", "recurrentDropout", "seed",
];

export class SimpleRNN extends RNN {
  declare cell: SimpleRNNCell;

  constructor(units: number, options: SimpleRNNOptions = {}) {
    const { cellOptions, rnnOptions } = splitRecurrentLayerOptions(options, SIMPLE_RNN_CELL_ARGS);
    const cell = new SimpleRNNCell(units, { ...cellOptions, dtype: rnnOptions.dtype, trainable: rnnOptions.trainable ?? true, name: "simple_rnn_cell" });
    super(cell, rnnOptions);
    this.inputSpec = [new InputSpec({ ndim: 3 })];
  }

  get units(): number { return this.cell.units; }
  get activation() { return this.cell.activation; }
  get useBias(): boolean { return this.cell.useBias; }
  get kernelInitializer() { return this.cell.kernelInitializer; }
  get recurrentInitializer() { return this.cell.recurrentInitializer; }
  get biasInitializer() { return this.cell.biasInitializer; }
  get kernelRegularizer() { return this.cell.kernelRegularizer; }
  get recurrentRegularizer() { return this.cell.recurrentRegularizer; }
  get biasRegularizer() { return this.cell.biasRegularizer; }
  get kernelConstraint() { return this.cell.kernelConstraint; }
  get recurrentConstraint() { return this.cell.recurrentConstraint; }
  get biasConstraint() { return this.cell.biasConstraint; }
  get dropout(): number { return this.cell.dropout; }
  get recurrentDropout(): number { return this.cell.recurrentDropout; }

  override getConfig(): Record<string, any> {
    const c = recurrentLayerConfig(this, this.cell);
    return {
      ...c.base,
      units: this.units,
      activation: c.activation,
      use_bias: this.useBias,
      ...c.initializers,
      ...c.regularizers,
      activity_regularizer: serializeRegularizer(this.activityRegularizer),
      ...c.constraints,
      dropout: this.dropout,
      recurrent_dropout: this.recurrentDropout,
    };
  }

  static override fromConfig(config: Record<string, any>): SimpleRNN {
    const { units, ...options } = layerOptionsFromConfig(config);
    return new SimpleRNN(units, options);
  }
}

registerBuiltin("keras.layers", "SimpleRNN", SimpleRNN);
