/**
 * The shared body of `ConvLSTM1D`, `ConvLSTM2D` and `ConvLSTM3D` (Keras's
 * `ConvLSTM`): an RNN around a ConvLSTMCell named "conv_lstm_cell" over
 * (batch, timesteps, *spatial, channels) inputs, or (batch, timesteps,
 * channels, *spatial) with channels_first. Everything recurrent —
 * returnSequences, returnState ([output, h, c]), goBackwards, stateful,
 * masks, initialState at call time — is RNN's; states start as zeros of the
 * input convolution's output shape. Configs are RNN's without `cell`, plus the
 * cell's arguments, in Keras's key order.
 */
import { InputSpec } from "../input-spec.js";
import { layerOptionsFromConfig } from "../layer.js";
import { flatten } from "../../utils/tree.js";
import type { Shape } from "../convolutional/conv-args.js";
import { serializeActivation, serializeConstraint, serializeInitializer, serializeRegularizer } from "./cell-options.js";
import { ConvLSTMCell, ConvLSTMCellOptions } from "./conv-lstm-cell.js";
import { RNN, RNNOptions } from "./rnn.js";

export interface ConvLSTMOptions extends ConvLSTMCellOptions, RNNOptions {}

/** The options that belong to the cell; the rest (RNN flags, base layer options, unknown keys) stay with the layer. */
const CELL_KEYS = new Set([
  "strides", "padding", "dataFormat", "dilationRate", "activation", "recurrentActivation", "useBias", "kernelInitializer",
  "recurrentInitializer", "biasInitializer", "unitForgetBias", "kernelRegularizer", "recurrentRegularizer", "biasRegularizer",
  "kernelConstraint", "recurrentConstraint", "biasConstraint", "dropout", "recurrentDropout", "seed",
]);

export class ConvLSTM extends RNN {
  declare cell: ConvLSTMCell;

  constructor(rank: number, filters: number, kernelSize: number | number[], options: ConvLSTMOptions = {}) {
    const cellOptions: Record<string, unknown> = {};
    const rnnOptions: Record<string, any> = {};
    for (const [k, v] of Object.entries(options)) {
      if (CELL_KEYS.has(k)) cellOptions[k] = v;
      else rnnOptions[k] = v;
    }
    const cell = new ConvLSTMCell(rank, filters, kernelSize, {
      ...cellOptions, dtype: rnnOptions.dtype, trainable: rnnOptions.trainable ?? true, name: "conv_lstm_cell",
    });
    super(cell, rnnOptions);
    this.inputSpec = new InputSpec({ ndim: rank + 3 });
  }

  override computeOutputShape(sequencesShape: Shape, _initialStateShape?: unknown): any {
    const batch = sequencesShape[0];
    const stepShape = [batch, ...sequencesShape.slice(2)];
    const stateShape = this.cell.stepOutputShape(stepShape).slice(1);
    const outputShape = this.returnSequences ? [batch, sequencesShape[1], ...stateShape] : [batch, ...stateShape];
    if (!this.returnState) return outputShape;
    return [outputShape, [batch, ...stateShape], [batch, ...stateShape]];
  }

  override computeMask(_inputs: unknown, mask: unknown): any {
    const m = flatten(mask)[0] ?? null;
    const outputMask = this.returnSequences ? m : null;
    return this.returnState ? [outputMask, null, null] : outputMask;
  }

  get rank(): number { return this.cell.rank; }
  get filters(): number { return this.cell.filters; }
  get kernelSize(): number[] { return this.cell.kernelSize; }
  get strides(): number[] { return this.cell.strides; }
  get padding(): string { return this.cell.padding; }
  get dataFormat(): string { return this.cell.dataFormat; }
  get dilationRate(): number[] { return this.cell.dilationRate; }
  get activation() { return this.cell.activation; }
  get recurrentActivation() { return this.cell.recurrentActivation; }
  get useBias(): boolean { return this.cell.useBias; }
  get kernelInitializer() { return this.cell.kernelInitializer; }
  get recurrentInitializer() { return this.cell.recurrentInitializer; }
  get biasInitializer() { return this.cell.biasInitializer; }
  get unitForgetBias(): boolean { return this.cell.unitForgetBias; }
  get kernelRegularizer() { return this.cell.kernelRegularizer; }
  get recurrentRegularizer() { return this.cell.recurrentRegularizer; }
  get biasRegularizer() { return this.cell.biasRegularizer; }
  get kernelConstraint() { return this.cell.kernelConstraint; }
  get recurrentConstraint() { return this.cell.recurrentConstraint; }
  get biasConstraint() { return this.cell.biasConstraint; }
  get dropout(): number { return this.cell.dropout; }
  get recurrentDropout(): number { return this.cell.recurrentDropout; }

  override getConfig(): Record<string, any> {
    const cell = this.cell;
    return {
      ...this.rnnConfig(),
      filters: cell.filters,
      kernel_size: cell.kernelSize.slice(),
      strides: cell.strides.slice(),
      padding: cell.padding,
      data_format: cell.dataFormat,
      dilation_rate: cell.dilationRate.slice(),
      activation: serializeActivation(cell.activation),
      recurrent_activation: serializeActivation(cell.recurrentActivation),
      use_bias: cell.useBias,
      kernel_initializer: serializeInitializer(cell.kernelInitializer),
      recurrent_initializer: serializeInitializer(cell.recurrentInitializer),
      bias_initializer: serializeInitializer(cell.biasInitializer),
      unit_forget_bias: cell.unitForgetBias,
      kernel_regularizer: serializeRegularizer(cell.kernelRegularizer),
      recurrent_regularizer: serializeRegularizer(cell.recurrentRegularizer),
      bias_regularizer: serializeRegularizer(cell.biasRegularizer),
      activity_regularizer: serializeRegularizer(this.activityRegularizer),
      kernel_constraint: serializeConstraint(cell.kernelConstraint),
      recurrent_constraint: serializeConstraint(cell.recurrentConstraint),
      bias_constraint: serializeConstraint(cell.biasConstraint),
      dropout: cell.dropout,
      recurrent_dropout: cell.recurrentDropout,
      seed: cell.seed,
    };
  }

  /** `filters` and `kernel_size` come out of the config as the positional arguments of the concrete class. */
  static splitConfig(config: Record<string, any>): [number, number | number[], ConvLSTMOptions] {
    const { filters, kernelSize, ...options } = layerOptionsFromConfig(config);
    return [filters, kernelSize, options];
  }
}
