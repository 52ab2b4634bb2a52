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
import { lstmSequence } from "../../ops/nn/rnn-kernels.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { InputSpec } from "../input-spec.js";
import { layerOptionsFromConfig } from "../layer.js";
import { recurrentWeightsConfig } from "./cell-options.js";
import { LSTMCell, LSTMCellOptions } from "./lstm-cell.js";
import { RNNOptions, lastStep } from "./rnn.js";
import type { RnnLoopResult, StateStructure } from "./rnn-loop.js";
import {
  CellRNN, RECURRENT_CELL_ARGS, cellWeightTensors, checkUseCudnn, fusedGatesApply, fusedMaskedOutput, innerCell, withInputDropout,
} from "./recurrent-layer.js";

export interface LSTMOptions extends LSTMCellOptions, RNNOptions {
  /** Accepted for compatibility ("auto", true, false); keras-ts has no cuDNN, the fused CPU kernels play its part. */
  useCudnn?: "auto" | boolean;
}

const LSTM_CELL_ARGS = [...RECURRENT_CELL_ARGS, "recurrentActivation", "unitForgetBias", "implementation"];

export class LSTM extends CellRNN<LSTMCell> {
  declare useCudnn: "auto" | boolean;

  constructor(units: number, options: LSTMOptions = {}) {
    const { useCudnn, ...rest } = options;
    const { cell, rnnOptions } = innerCell(rest, LSTM_CELL_ARGS, "lstm_cell", (o) => new LSTMCell(units, o));
    super(cell, rnnOptions);
    this.inputSpec = new InputSpec({ ndim: 3 });
    this.useCudnn = checkUseCudnn(useCudnn);
  }

  /** Whether this call can run as the fused sequence op. */
  private fusable(sequences: Tensor, initialState: StateStructure[], training: boolean): boolean {
    if (!fusedGatesApply(this.cell, LSTMCell, training)) return false;
    const dt = sequences.dtype;
    return initialState.length === 2 && initialState.every((s) => !Array.isArray(s) && s.dtype === dt) && cellWeightTensors(this.cell).every((t) => t.dtype === dt);
  }

  override innerLoop(sequences: Tensor, initialState: StateStructure[], mask: Tensor | null, training: boolean): RnnLoopResult {
    if (!this.fusable(sequences, initialState, training)) return super.innerLoop(sequences, initialState, mask, training);
    const cell = this.cell;
    const x = withInputDropout(cell, sequences, training);
    const [outputs, h, c] = lstmSequence(x, initialState[0] as Tensor, initialState[1] as Tensor, cell.kernel!.value, cell.recurrentKernel!.value, cell.bias ? cell.bias.value : null, {
      mask, goBackwards: this.goBackwards, maskedOutput: fusedMaskedOutput(this),
    });
    return { lastOutput: lastStep(outputs), outputs, states: [h, c] };
  }

  get units(): number { return this.cell.units; }
  get recurrentActivation() { return this.cell.recurrentActivation; }
  get unitForgetBias(): boolean { return this.cell.unitForgetBias; }

  override getConfig(): Record<string, any> {
    return {
      ...this.rnnConfig(),
      units: this.units,
      ...recurrentWeightsConfig(this, { afterInitializers: { unit_forget_bias: this.unitForgetBias }, activity: this }),
      seed: this.cell.seed,
    };
  }

  static override fromConfig(config: Record<string, any>): LSTM {
    const { units, ...options } = layerOptionsFromConfig(config);
    return new LSTM(units, options);
  }
}

registerBuiltin("keras.layers", "LSTM", LSTM);
