/**
 * What LSTM, GRU, SimpleRNN and ConvLSTM share on top of RNN: building the
 * inner cell from the layer's options (cell arguments to the cell, the rest
 * to the RNN), reading the cell's arguments through the layer, the
 * `use_cudnn` check, and the conditions and input dropout of the fused
 * sequence kernels (LSTM, GRU).
 */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import * as activations from "../../activations/index.js";
import { multiply } from "../../ops/math/arithmetic.js";
import { expandDims } from "../../ops/shape/dims.js";
import type { MaskedOutput } from "../../ops/nn/rnn-kernels.js";
import { pyRepr } from "../py-format.js";
import type { ActivationFn, RecurrentConfigSource } from "./cell-options.js";
import type { DropoutRNNCell } from "./dropout-rnn-cell.js";
import { RNN, RNNCell, RNNOptions, timeStep } from "./rnn.js";

/**
 * Cell arguments (those in `cellArgs`) go to the cell; RNN and base-layer
 * arguments (and unknown ones, which the Layer base then reports against the
 * layer's class) stay. The cell is made by `makeCell` with the layer's dtype
 * and trainable flag and the name Keras gives it.
 */
export function innerCell<C>(
  options: Record<string, any>,
  cellArgs: readonly string[],
  name: string,
  makeCell: (cellOptions: Record<string, any>) => C,
): { cell: C; rnnOptions: RNNOptions & Record<string, any> } {
  const cellOptions: Record<string, any> = {};
  const rnnOptions: Record<string, any> = {};
  for (const [k, v] of Object.entries(options)) {
    if (cellArgs.includes(k)) cellOptions[k] = v;
    else rnnOptions[k] = v;
  }
  const cell = makeCell({ ...cellOptions, dtype: rnnOptions.dtype, trainable: rnnOptions.trainable ?? true, name });
  return { cell, rnnOptions };
}

/** The cell arguments every built-in recurrent layer passes on (the layers add their own). */
export const RECURRENT_CELL_ARGS = [
  "activation", "useBias", "kernelInitializer", "recurrentInitializer", "biasInitializer", "kernelRegularizer",
  "recurrentRegularizer", "biasRegularizer", "kernelConstraint", "recurrentConstraint", "biasConstraint",
  "dropout", "recurrentDropout", "seed",
] as const;

type BuiltinCell = DropoutRNNCell & RNNCell & RecurrentConfigSource;

/** An RNN around one built-in cell, whose arguments it reads through (as Keras's LSTM, GRU, SimpleRNN and ConvLSTM do). */
export abstract class CellRNN<C extends BuiltinCell> extends RNN implements RecurrentConfigSource {
  declare cell: C;

  get activation(): ActivationFn { return this.cell.activation; }
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
}

export function checkUseCudnn(value: unknown): "auto" | boolean {
  const v = value ?? "auto";
  if (v !== "auto" && v !== true && v !== false) {
    throw new ValueError(`Invalid valid received for argument \`use_cudnn\`. Expected one of {'auto', True, False}. Received: use_cudnn=${pyRepr(v)}`);
  }
  return v;
}

/** What a masked step outputs, in the fused kernels' terms (see rnn-loop.ts for the rules). */
export function fusedMaskedOutput(layer: RNN): MaskedOutput {
  if (layer.unroll) return "previous";
  return layer.zeroOutputForMask ? "zeros" : "state";
}

interface GatedCell extends BuiltinCell {
  recurrentActivation: ActivationFn;
  implementation: number;
}

/**
 * Whether the fused sequence kernel computes what `cell` would (Keras's cuDNN
 * conditions, roughly): exactly the built-in cell class, Keras's default
 * gates (tanh / sigmoid), no recurrent dropout in training and input dropout
 * only as one mask for every step (implementation 2).
 */
export function fusedGatesApply(cell: GatedCell, cellClass: abstract new (...args: any[]) => GatedCell, training: boolean): boolean {
  if (Object.getPrototypeOf(cell) !== cellClass.prototype) return false;
  if (cell.activation !== activations.tanh || cell.recurrentActivation !== activations.sigmoid) return false;
  return !(training && (cell.recurrentDropout > 0 || (cell.dropout > 0 && (cell.dropout >= 1 || cell.implementation === 1))));
}

/** The cell's weights (kernel, recurrent kernel, bias if any), for the fused kernels' dtype check. */
export function cellWeightTensors(cell: { kernel: { value: Tensor } | null; recurrentKernel: { value: Tensor } | null; bias: { value: Tensor } | null }): Tensor[] {
  return [cell.kernel!.value, cell.recurrentKernel!.value, ...(cell.bias ? [cell.bias.value] : [])];
}

/** The sequences with the cell's input dropout applied: one mask for every step, as the cell would use it. */
export function withInputDropout(cell: DropoutRNNCell, sequences: Tensor, training: boolean): Tensor {
  if (!(training && cell.dropout > 0)) return sequences;
  return multiply(sequences, expandDims(cell.getDropoutMask(timeStep(sequences, 0)) as Tensor, 1));
}
