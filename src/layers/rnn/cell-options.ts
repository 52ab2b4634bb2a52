/**
 * What SimpleRNNCell, LSTMCell, GRUCell and ConvLSTMCell (and the layers
 * around them) share: the weight arguments (initializer / regularizer /
 * constraint trios of kernel, recurrent kernel and bias, and useBias), the
 * units check, the activations, LSTM's unit-forget-bias initializer, and the
 * weight part of their configs in Keras's key order.
 */
import { ValueError } from "../../engine/errors.js";
import type { DType } from "../../engine/dtype.js";
import type { Tensor } from "../../engine/tensor.js";
import type { Variable } from "../../engine/variable.js";
import { add, multiply } from "../../ops/math/arithmetic.js";
import * as activations from "../../activations/index.js";
import { concatenate } from "../../ops/shape/join.js";
import { ones } from "../../ops/core/creation.js";
import { TrioConfigInserts, TrioOptions, WeightTrios, regularizerConfig, takeWeightOptions, weightTriosConfig } from "../weight-options.js";
import type { Layer } from "../layer.js";
import type { DropoutRNNCellOptions } from "./dropout-rnn-cell.js";

export { resolveWeightOptions as resolveRecurrentWeights } from "../weight-options.js";

export interface RecurrentWeightOptions extends TrioOptions<"kernel" | "recurrent" | "bias"> {
  useBias?: boolean;
}

export interface RecurrentCellOptions extends RecurrentWeightOptions, DropoutRNNCellOptions {
  activation?: unknown;
}

export type ActivationFn = (x: any) => any;

/** The weight families of a recurrent cell and their default initializers. */
export const RECURRENT_INITIALIZERS = { kernel: "glorot_uniform", recurrent: "orthogonal", bias: "zeros" } as const;
const RECURRENT_FAMILIES = Object.keys(RECURRENT_INITIALIZERS);

/** The resolved weight arguments, as the cells store them. */
export type RecurrentWeights = WeightTrios<keyof typeof RECURRENT_INITIALIZERS> & { useBias: boolean };

/**
 * Splits a cell's options into its (unresolved) weight arguments and the
 * rest; the cell resolves them with `resolveRecurrentWeights` after its base
 * constructor has drawn its SeedGenerator's seed, as before.
 */
export function takeRecurrentWeightOptions<T extends RecurrentWeightOptions>(options: T) {
  return takeWeightOptions(options, RECURRENT_INITIALIZERS, ["useBias"]);
}

export function checkUnits(units: unknown): number {
  if (typeof units !== "number" || !Number.isInteger(units) || units <= 0) {
    throw new ValueError(`Received an invalid value for argument \`units\`, expected a positive integer, got ${String(units)}.`);
  }
  return units;
}

export function resolveActivation(identifier: unknown, fallback: string): ActivationFn {
  return activations.get((identifier === undefined ? fallback : identifier) as never) as ActivationFn;
}

export const serializeActivation = (fn: ActivationFn): unknown => activations.serialize(fn as never);
export const serializeRegularizer = regularizerConfig;

interface InitializerLike {
  apply(shape: readonly number[], dtype?: DType | string | null): any;
}

/**
 * The (4 units) bias of an LSTM-style cell: with `unitForgetBias`,
 * [init(units), ones(units), init(2 units)] whatever the bias initializer
 * (the forget gate starts open), as Keras builds it.
 */
export function addLstmBias(cell: Layer & RecurrentWeights & { unitForgetBias: boolean }, units: number): Variable {
  const biasInit = cell.biasInitializer as InitializerLike;
  const initializer: InitializerLike = cell.unitForgetBias
    ? {
        apply: (_shape, dtype) =>
          concatenate([biasInit.apply([units], dtype), ones([units], (dtype ?? "float32") as DType), biasInit.apply([2 * units], dtype)]),
      }
    : biasInit;
  return cell.addWeight({ shape: [4 * units], name: "bias", initializer, regularizer: cell.biasRegularizer, constraint: cell.biasConstraint });
}

/**
 * The LSTM state update from the four gate pre-activations z (i, f, c, o):
 * c' = σ(z_f) ⊙ c + σ(z_i) ⊙ φ(z_c), h' = σ(z_o) ⊙ φ(c'); returns [h', c'].
 */
export function lstmStateUpdate(z: readonly Tensor[], cPrev: Tensor, activation: ActivationFn, recurrentActivation: ActivationFn): [Tensor, Tensor] {
  const i = recurrentActivation(z[0]);
  const f = recurrentActivation(z[1]);
  const c = add(multiply(f, cPrev), multiply(i, activation(z[2])));
  const o = recurrentActivation(z[3]);
  return [multiply(o, activation(c)), c];
}

/** What `recurrentWeightsConfig` reads: a cell (or a layer reading through to its cell). */
export interface RecurrentConfigSource extends RecurrentWeights {
  activation: ActivationFn;
  recurrentActivation?: ActivationFn;
  dropout: number;
  recurrentDropout: number;
}

export interface RecurrentConfigInserts extends TrioConfigInserts {
  /** Entries after `use_bias` (LSTMCell's `unit_forget_bias`). */
  afterUseBias?: Record<string, unknown>;
}

/**
 * The shared middle of recurrent configs, in Keras's order: activation,
 * recurrent_activation (cells that have one), use_bias, the weight trios
 * (with the inserts), dropout, recurrent_dropout.
 */
export function recurrentWeightsConfig(source: RecurrentConfigSource, inserts: RecurrentConfigInserts = {}): Record<string, unknown> {
  const { afterUseBias, ...trioInserts } = inserts;
  return {
    activation: serializeActivation(source.activation),
    ...(source.recurrentActivation ? { recurrent_activation: serializeActivation(source.recurrentActivation) } : {}),
    use_bias: source.useBias,
    ...afterUseBias,
    ...weightTriosConfig(source, RECURRENT_FAMILIES, trioInserts),
    dropout: source.dropout,
    recurrent_dropout: source.recurrentDropout,
  };
}
