/**
 * `keras.layers.GRU(units)`: Gated Recurrent Unit over (batch, timesteps,
 * features) — an RNN around a GRUCell named "gru_cell" (gates z, r, h; with
 * the default `resetAfter` the bias is (2, 3 units): input bias, recurrent bias).
 *
 * With Keras's default gates (tanh / sigmoid) and no recurrent dropout in
 * training, the whole sequence runs as the fused `gruSequence` op (resetAfter
 * true or false, masks, goBackwards, unroll and input dropout included).
 * Other configurations use the cell step by step.
 */
import type { Tensor } from "../../engine/tensor.js";
import { gruSequence } from "../../ops/nn/rnn-kernels.js";
import { flatten } from "../../utils/tree.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { InputSpec } from "../input-spec.js";
import { layerOptionsFromConfig } from "../layer.js";
import { recurrentWeightsConfig } from "./cell-options.js";
import { GRUCell, GRUCellOptions } from "./gru-cell.js";
import { RNNOptions, lastStep } from "./rnn.js";
import type { RnnLoopResult, StateStructure } from "./rnn-loop.js";
import {
  CellRNN, RECURRENT_CELL_ARGS, cellWeightTensors, checkUseCudnn, fusedGatesApply, fusedMaskedOutput, innerCell, withInputDropout,
} from "./recurrent-layer.js";

export interface GRUOptions extends GRUCellOptions, RNNOptions {
  /** Accepted for compatibility ("auto", true, false); keras-ts has no cuDNN, the fused CPU kernels play its part. */
  useCudnn?: "auto" | boolean;
}

const GRU_CELL_ARGS = [...RECURRENT_CELL_ARGS, "recurrentActivation", "resetAfter", "implementation"];

export class GRU extends CellRNN<GRUCell> {
  declare useCudnn: "auto" | boolean;

  constructor(units: number, options: GRUOptions = {}) {
    const { useCudnn, ...rest } = options;
    const { cell, rnnOptions } = innerCell(rest, GRU_CELL_ARGS, "gru_cell", (o) => new GRUCell(units, o));
    super(cell, rnnOptions);
    this.inputSpec = new InputSpec({ ndim: 3 });
    this.useCudnn = checkUseCudnn(useCudnn);
  }

  private fusable(sequences: Tensor, h0: StateStructure | undefined, training: boolean): boolean {
    if (!fusedGatesApply(this.cell, GRUCell, training)) return false;
    const dt = sequences.dtype;
    return h0 !== undefined && !Array.isArray(h0) && h0.dtype === dt && cellWeightTensors(this.cell).every((t) => t.dtype === dt);
  }

  override innerLoop(sequences: Tensor, initialState: StateStructure[], mask: Tensor | null, training: boolean): RnnLoopResult {
    const h0 = flatten<Tensor>(initialState)[0];
    if (initialState.length !== 1 || !this.fusable(sequences, h0, training)) return super.innerLoop(sequences, initialState, mask, training);
    const cell = this.cell;
    const [outputs, h] = gruSequence(withInputDropout(cell, sequences, training), h0, cell.kernel!.value, cell.recurrentKernel!.value, cell.bias ? cell.bias.value : null, {
      mask, goBackwards: this.goBackwards, maskedOutput: fusedMaskedOutput(this), resetAfter: cell.resetAfter,
    });
    return { lastOutput: lastStep(outputs), outputs, states: [h] };
  }

  get units(): number { return this.cell.units; }
  get recurrentActivation() { return this.cell.recurrentActivation; }
  get resetAfter(): boolean { return this.cell.resetAfter; }

  override getConfig(): Record<string, any> {
    return {
      ...this.rnnConfig(),
      units: this.units,
      ...recurrentWeightsConfig(this, { activity: this }),
      reset_after: this.resetAfter,
      seed: this.cell.seed,
    };
  }

  static override fromConfig(config: Record<string, any>): GRU {
    const { units, ...options } = layerOptionsFromConfig(config);
    return new GRU(units, options);
  }
}

registerBuiltin("keras.layers", "GRU", GRU);
