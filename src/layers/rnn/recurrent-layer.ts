/**
 * What LSTM, GRU and SimpleRNN share on top of RNN: splitting their options
 * between the inner cell and the RNN wrapper, the `use_cudnn` check, the
 * masked-output rule of the fused path, and the common part of their configs
 * (RNN's config without `cell`, plus the cell's weight arguments).
 */
import { ValueError } from "../../engine/errors.js";
import type { MaskedOutput } from "../../ops/nn/rnn-kernels.js";
import { pyRepr } from "../py-format.js";
import { constraintConfig, initializerConfig, regularizerConfig, serializeActivation, type ActivationFn, type RecurrentWeights } from "./cell-options.js";
import type { RNN, RNNOptions } from "./rnn.js";

const CELL_KEYS = new Set([
  "activation", "recurrentActivation", "useBias", "kernelInitializer", "recurrentInitializer", "biasInitializer",
  "unitForgetBias", "kernelRegularizer", "recurrentRegularizer", "biasRegularizer", "kernelConstraint",
  "recurrentConstraint", "biasConstraint", "dropout", "recurrentDropout", "seed", "resetAfter", "implementation",
]);

/**
 * Cell arguments go to the cell; RNN and base-layer arguments (and unknown
 * ones, which the Layer base then reports against the layer's class) stay.
 * `allowed` limits the cell arguments to those the layer has.
 */
export function splitRecurrentLayerOptions(options: Record<string, any>, allowed: readonly string[] = [...CELL_KEYS]): {
  cellOptions: Record<string, any>;
  rnnOptions: RNNOptions & Record<string, any>;
} {
  const cellOptions: Record<string, any> = {};
  const rnnOptions: Record<string, any> = {};
  for (const [k, v] of Object.entries(options)) {
    if (CELL_KEYS.has(k) && allowed.includes(k)) cellOptions[k] = v;
    else rnnOptions[k] = v;
  }
  return { cellOptions, rnnOptions };
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

interface CellLike extends RecurrentWeights {
  activation: ActivationFn;
  recurrentActivation?: ActivationFn;
}

/** The pieces of a recurrent layer's config, for the layer to assemble in Keras's key order. */
export function recurrentLayerConfig(layer: RNN, cell: CellLike) {
  return {
    base: layer.rnnConfig(),
    activation: serializeActivation(cell.activation),
    recurrentActivation: cell.recurrentActivation ? serializeActivation(cell.recurrentActivation) : undefined,
    initializers: initializerConfig(cell),
    regularizers: regularizerConfig(cell),
    constraints: constraintConfig(cell),
  };
}
