/**
 * `keras.layers.LSTM(units)`: Long Short-Term Memory over (batch, timesteps,
 * features) — an RNN around an LSTMCell named "lstm_cell" (weights
 * lstm_cell/kernel, recurrent_kernel, bias; gates i, f, c, o).
 *
 * With Keras's default gates (tanh / sigmoid) and no recurrent dropout in
 * training, the whole sequence runs as the fused `lstmSequence` op (one input
 * projection for all steps, then one recurrent product and one fused gate
 * kernel per step, forward and backward), masks, goBackwards, unroll and input
 * dropout included. Other configurations use the cell step by step.
 */
import type { Tensor } from "../../engine/tensor.js";
import * as activations from "../../activations/index.js";
import { multiply } from "../../ops/math/arithmetic.js";
import { expandDims } from "../../ops/shape/dims.js";
import { lstmSequence } from "../../ops/nn/rnn-kernels.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { InputSpec } from "../input-spec.js";
import { layerOptionsFromConfig } from "../layer.js";
import { serializeRegularizer } from "./cell-options.js";
import { LSTMCell, LSTMCellOptions } from "./lstm-cell.js";
import { RNN, RNNOptions, lastStep, timeStep } from "./rnn.js";
import type { RnnLoopResult, StateStructure } from "./rnn-loop.js";
import { checkUseCudnn, fusedMaskedOutput, recurrentLayerConfig, splitRecurrentLayerOptions } from "./recurrent-layer.js";

export interface LSTMOptions extends LSTMCellOptions, RNNOptions {
  /** Accepted for compatibility ("auto", true, false); keras-ts has no cuDNN, the fused CPU kernels play its part. */
  useCudnn?: "auto" | boolean;
}

const LSTM_CELL_ARGS = [
  "activation", "recurrentActivation", "useBias", "kernelInitializer", "recurrentInitializer", "biasInitializer", "unitForgetBias",
  "kernelRegularizer", "recurrentRegularizer", "biasRegularizer", "kernelConstraint", "recurrentConstraint", "biasConstraint",
  "dropout", "recurrentDropout", "seed", "implementation",
];

export class LSTM extends RNN {
  declare cell: LSTMCell;
  declare useCudnn: "auto" | boolean;

  constructor(units: number, options: LSTMOptions = {}) {
    const { useCudnn, ...rest } = options;
    const { cellOptions, rnnOptions } = splitRecurrentLayerOptions(rest, LSTM_CELL_ARGS);
    const cell = new LSTMCell(units, { ...cellOptions, dtype: rnnOptions.dtype, trainable: rnnOptions.trainable ?? true, name: "lstm_cell" });
    super(cell, rnnOptions);
    this.inputSpec = new InputSpec({ ndim: 3 });
    this.useCudnn = checkUseCudnn(useCudnn);
  }

  /** Whether this call can run as the fused sequence op (Keras's cuDNN conditions, roughly). */
  private fusable(sequences: Tensor, initialState: StateStructure[], training: boolean): boolean {
    const cell = this.cell;
    if (Object.getPrototypeOf(cell) !== LSTMCell.prototype) return false;
    if (cell.activation !== activations.tanh || cell.recurrentActivation !== activations.sigmoid) return false;
    if (training && (cell.recurrentDropout > 0 || (cell.dropout > 0 && (cell.dropout >= 1 || cell.implementation === 1)))) return false;
    const dt = sequences.dtype;
    const tensors = [cell.kernel!.value, cell.recurrentKernel!.value, ...(cell.bias ? [cell.bias.value] : [])];
    return initialState.length === 2 && initialState.every((s) => !Array.isArray(s) && s.dtype === dt) && tensors.every((t) => t.dtype === dt);
  }

  override innerLoop(sequences: Tensor, initialState: StateStructure[], mask: Tensor | null, training: boolean): RnnLoopResult {
    if (!this.fusable(sequences, initialState, training)) return super.innerLoop(sequences, initialState, mask, training);
    const cell = this.cell;
    let x = sequences;
    if (training && cell.dropout > 0) {
      // One input mask for every step, as the cell would use it.
      x = multiply(sequences, expandDims(cell.getDropoutMask(timeStep(sequences, 0)) as Tensor, 1));
    }
    const [outputs, h, c] = lstmSequence(x, initialState[0] as Tensor, initialState[1] as Tensor, cell.kernel!.value, cell.recurrentKernel!.value, cell.bias ? cell.bias.value : null, {
      mask, goBackwards: this.goBackwards, maskedOutput: fusedMaskedOutput(this),
    });
    return { lastOutput: lastStep(outputs), outputs, states: [h, c] };
  }

  get units(): number { return this.cell.units; }
  get activation() { return this.cell.activation; }
  get recurrentActivation() { return this.cell.recurrentActivation; }
  get useBias(): boolean { return this.cell.useBias; }
  get unitForgetBias(): boolean { return this.cell.unitForgetBias; }
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
      recurrent_activation: c.recurrentActivation,
      use_bias: this.useBias,
      ...c.initializers,
      unit_forget_bias: this.unitForgetBias,
      ...c.regularizers,
      activity_regularizer: serializeRegularizer(this.activityRegularizer),
      ...c.constraints,
      dropout: this.dropout,
      recurrent_dropout: this.recurrentDropout,
      seed: this.cell.seed,
    };
  }

  static override fromConfig(config: Record<string, any>): LSTM {
    const { units, ...options } = layerOptionsFromConfig(config);
    return new LSTM(units, options);
  }
}

registerBuiltin("keras.layers", "LSTM", LSTM);
