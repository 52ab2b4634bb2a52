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
import * as activations from "../../activations/index.js";
import { multiply } from "../../ops/math/arithmetic.js";
import { expandDims } from "../../ops/shape/dims.js";
import { gruSequence } from "../../ops/nn/rnn-kernels.js";
import { flatten } from "../../utils/tree.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { InputSpec } from "../input-spec.js";
import { layerOptionsFromConfig } from "../layer.js";
import { serializeRegularizer } from "./cell-options.js";
import { GRUCell, GRUCellOptions } from "./gru-cell.js";
import { RNN, RNNOptions, lastStep, timeStep } from "./rnn.js";
import type { RnnLoopResult, StateStructure } from "./rnn-loop.js";
import { checkUseCudnn, fusedMaskedOutput, recurrentLayerConfig, splitRecurrentLayerOptions } from "./recurrent-layer.js";

export interface GRUOptions extends GRUCellOptions, RNNOptions {
  /** Accepted for compatibility ("auto", true, false); keras-ts has no cuDNN, the fused CPU kernels play its part. */
  useCudnn?: "auto" | boolean;
}

const GRU_CELL_ARGS = [
  "activation", "recurrentActivation", "useBias", "kernelInitializer", "recurrentInitializer", "biasInitializer",
  "kernelRegularizer", "recurrentRegularizer", "biasRegularizer", "kernelConstraint", "recurrentConstraint", "biasConstraint",
  "dropout", "recurrentDropout", "seed", "resetAfter", "implementation",
];

export class GRU extends RNN {
  declare cell: GRUCell;
  declare useCudnn: "auto" | boolean;

  constructor(units: number, options: GRUOptions = {}) {
    const { useCudnn, ...rest } = options;
    const { cellOptions, rnnOptions } = splitRecurrentLayerOptions(rest, GRU_CELL_ARGS);
    const cell = new GRUCell(units, { ...cellOptions, dtype: rnnOptions.dtype, trainable: rnnOptions.trainable ?? true, name: "gru_cell" });
    super(cell, rnnOptions);
    this.inputSpec = new InputSpec({ ndim: 3 });
    this.useCudnn = checkUseCudnn(useCudnn);
  }

  private fusable(sequences: Tensor, h0: StateStructure | undefined, training: boolean): boolean {
    const cell = this.cell;
    if (Object.getPrototypeOf(cell) !== GRUCell.prototype) return false;
    if (cell.activation !== activations.tanh || cell.recurrentActivation !== activations.sigmoid) return false;
    if (training && (cell.recurrentDropout > 0 || (cell.dropout > 0 && (cell.dropout >= 1 || cell.implementation === 1)))) return false;
    const dt = sequences.dtype;
    const tensors = [cell.kernel!.value, cell.recurrentKernel!.value, ...(cell.bias ? [cell.bias.value] : [])];
    return h0 !== undefined && !Array.isArray(h0) && h0.dtype === dt && tensors.every((t) => t.dtype === dt);
  }

  override innerLoop(sequences: Tensor, initialState: StateStructure[], mask: Tensor | null, training: boolean): RnnLoopResult {
    const h0 = flatten<Tensor>(initialState)[0];
    if (initialState.length !== 1 || !this.fusable(sequences, h0, training)) return super.innerLoop(sequences, initialState, mask, training);
    const cell = this.cell;
    let x = sequences;
    if (training && cell.dropout > 0) {
      x = multiply(sequences, expandDims(cell.getDropoutMask(timeStep(sequences, 0)) as Tensor, 1));
    }
    const [outputs, h] = gruSequence(x, h0, cell.kernel!.value, cell.recurrentKernel!.value, cell.bias ? cell.bias.value : null, {
      mask, goBackwards: this.goBackwards, maskedOutput: fusedMaskedOutput(this), resetAfter: cell.resetAfter,
    });
    return { lastOutput: lastStep(outputs), outputs, states: [h] };
  }

  get units(): number { return this.cell.units; }
  get activation() { return this.cell.activation; }
  get recurrentActivation() { return this.cell.recurrentActivation; }
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
  get resetAfter(): boolean { return this.cell.resetAfter; }

  override getConfig(): Record<string, any> {
    const c = recurrentLayerConfig(this, this.cell);
    return {
      ...c.base,
      units: this.units,
      activation: c.activation,
      recurrent_activation: c.recurrentActivation,
      use_bias: this.useBias,
      ...c.initializers,
      ...c.regularizers,
      activity_regularizer: serializeRegularizer(this.activityRegularizer),
      ...c.constraints,
      dropout: this.dropout,
      recurrent_dropout: this.recurrentDropout,
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
