/**
 * What SimpleRNNCell, LSTMCell and GRUCell share: the weight arguments
 * (initializers, regularizers, constraints of kernel / recurrent kernel /
 * bias), the units check, and the pieces of their configs.
 */
import { ValueError } from "../../engine/errors.js";
import * as activations from "../../activations/index.js";
import * as initializers from "../../initializers/index.js";
import * as regularizers from "../../regularizers/index.js";
import * as constraints from "../../constraints/index.js";
import type { DropoutRNNCellOptions } from "./dropout-rnn-cell.js";

export interface RecurrentWeightOptions {
  useBias?: boolean;
  kernelInitializer?: unknown;
  recurrentInitializer?: unknown;
  biasInitializer?: unknown;
  kernelRegularizer?: unknown;
  recurrentRegularizer?: unknown;
  biasRegularizer?: unknown;
  kernelConstraint?: unknown;
  recurrentConstraint?: unknown;
  biasConstraint?: unknown;
}

export interface RecurrentCellOptions extends RecurrentWeightOptions, DropoutRNNCellOptions {
  activation?: unknown;
}

export type ActivationFn = (x: any) => any;

/** The resolved weight arguments, as the cells store them. */
export interface RecurrentWeights {
  useBias: boolean;
  kernelInitializer: any;
  recurrentInitializer: any;
  biasInitializer: any;
  kernelRegularizer: any;
  recurrentRegularizer: any;
  biasRegularizer: any;
  kernelConstraint: any;
  recurrentConstraint: any;
  biasConstraint: any;
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

export function resolveRecurrentWeights(o: RecurrentWeightOptions): RecurrentWeights {
  return {
    useBias: o.useBias ?? true,
    kernelInitializer: initializers.get((o.kernelInitializer ?? "glorot_uniform") as never),
    recurrentInitializer: initializers.get((o.recurrentInitializer ?? "orthogonal") as never),
    biasInitializer: initializers.get((o.biasInitializer ?? "zeros") as never),
    kernelRegularizer: regularizers.get(o.kernelRegularizer as never) ?? null,
    recurrentRegularizer: regularizers.get(o.recurrentRegularizer as never) ?? null,
    biasRegularizer: regularizers.get(o.biasRegularizer as never) ?? null,
    kernelConstraint: constraints.get(o.kernelConstraint as never) ?? null,
    recurrentConstraint: constraints.get(o.recurrentConstraint as never) ?? null,
    biasConstraint: constraints.get(o.biasConstraint as never) ?? null,
  };
}

/** Splits a cell's options into its weight arguments and the rest. */
export function takeWeightOptions<T extends RecurrentWeightOptions>(options: T): [RecurrentWeightOptions, Omit<T, keyof RecurrentWeightOptions>] {
  const {
    useBias, kernelInitializer, recurrentInitializer, biasInitializer, kernelRegularizer, recurrentRegularizer,
    biasRegularizer, kernelConstraint, recurrentConstraint, biasConstraint, ...rest
  } = options;
  return [
    { useBias, kernelInitializer, recurrentInitializer, biasInitializer, kernelRegularizer, recurrentRegularizer, biasRegularizer, kernelConstraint, recurrentConstraint, biasConstraint },
    rest,
  ];
}

export const serializeActivation = (fn: ActivationFn): unknown => activations.serialize(fn as never);
export const serializeInitializer = (init: unknown): unknown => initializers.serialize(init as never);
export const serializeRegularizer = (r: unknown): unknown => (r ? regularizers.serialize(r as never) : null);
export const serializeConstraint = (c: unknown): unknown => (c ? constraints.serialize(c as never) : null);

/** The weight part of a config, in the order Keras writes it (initializers, regularizers, constraints). */
export function initializerConfig(w: RecurrentWeights): Record<string, unknown> {
  return {
    kernel_initializer: serializeInitializer(w.kernelInitializer),
    recurrent_initializer: serializeInitializer(w.recurrentInitializer),
    bias_initializer: serializeInitializer(w.biasInitializer),
  };
}

export function regularizerConfig(w: RecurrentWeights): Record<string, unknown> {
  return {
    kernel_regularizer: serializeRegularizer(w.kernelRegularizer),
    recurrent_regularizer: serializeRegularizer(w.recurrentRegularizer),
    bias_regularizer: serializeRegularizer(w.biasRegularizer),
  };
}

export function constraintConfig(w: RecurrentWeights): Record<string, unknown> {
  return {
    kernel_constraint: serializeConstraint(w.kernelConstraint),
    recurrent_constraint: serializeConstraint(w.recurrentConstraint),
    bias_constraint: serializeConstraint(w.biasConstraint),
  };
}
