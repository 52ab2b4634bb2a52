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
import { convWindowConfig } from "../convolutional/conv-layer-parts.js";
import { recurrentWeightsConfig } from "./cell-options.js";
import { ConvLSTMCell, ConvLSTMCellOptions } from "./conv-lstm-cell.js";
import type { RNNOptions } from "./rnn.js";
import { CellRNN, RECURRENT_CELL_ARGS, innerCell } from "./recurrent-layer.js";

export interface ConvLSTMOptions extends ConvLSTMCellOptions, RNNOptions {}

/** The options that belong to the cell; the rest (RNN flags, base layer options, unknown keys) stay with the layer. */
const CONV_LSTM_CELL_ARGS = [...RECURRENT_CELL_ARGS, "strides", "padding", "dataFormat", "dilationRate", "recurrentActivation", "unitForgetBias"];

export class ConvLSTM extends CellRNN<ConvLSTMCell> {
  constructor(rank: number, filters: number, kernelSize: number | number[], options: ConvLSTMOptions = {}) {
    const { cell, rnnOptions } = innerCell(options, CONV_LSTM_CELL_ARGS, "conv_lstm_cell", (o) => new ConvLSTMCell(rank, filters, kernelSize, o));
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
  get recurrentActivation() { return this.cell.recurrentActivation; }
  get unitForgetBias(): boolean { return this.cell.unitForgetBias; }

  override getConfig(): Record<string, any> {
    const cell = this.cell;
    return {
      ...this.rnnConfig(),
      filters: cell.filters,
      ...convWindowConfig(cell),
      ...recurrentWeightsConfig(this, { afterInitializers: { unit_forget_bias: cell.unitForgetBias }, activity: this }),
      seed: cell.seed,
    };
  }

  /** Subclasses take (filters, kernelSize, options): `filters` and `kernel_size` come out of the config as positional arguments. */
  static override fromConfig(config: Record<string, any>): ConvLSTM {
    const { filters, kernelSize, ...options } = layerOptionsFromConfig(config);
    return new (this as unknown as new (f: number, k: number | number[], o: ConvLSTMOptions) => ConvLSTM)(filters, kernelSize, options);
  }
}
