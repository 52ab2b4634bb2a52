/**
 * The weight arguments layers share: for each weight family ("kernel",
 * "bias", "recurrent", "depthwise", "pointwise", "embeddings") an
 * initializer / regularizer / constraint trio (`kernelInitializer`,
 * `kernelRegularizer`, `kernelConstraint`, ...), plus `activation` and
 * `useBias` where the layer has them. `readWeightOptions` resolves them from a
 * constructor's options (and hands back the options that are left for the
 * base layer); `weightTriosConfig` writes them back in Keras's key order;
 * `addTrioWeight` creates a weight with its family's trio.
 */
import * as activations from "../activations/index.js";
import * as initializers from "../initializers/index.js";
import * as regularizers from "../regularizers/index.js";
import * as constraints from "../constraints/index.js";
import type { Variable } from "../engine/variable.js";
import { toSnakeCase } from "../utils/naming.js";
import type { Layer } from "./layer.js";

type Fn = (x: any) => any;

/** The three option names of one weight family: `${family}Initializer`, `${family}Regularizer`, `${family}Constraint`. */
export type TrioKey<F extends string> = `${F}Initializer` | `${F}Regularizer` | `${F}Constraint`;

/** The resolved trios, as layers store them (initializer instances; regularizer / constraint or null). */
export type WeightTrios<F extends string> = { [K in TrioKey<F>]: any };

/** The optional arguments `readWeightOptions` also reads when asked. */
export interface ActivationAndBias {
  activation: Fn;
  useBias: boolean;
}

/** Default initializers of the usual kernel + bias pair. */
export const KERNEL_AND_BIAS = { kernel: "glorot_uniform", bias: "zeros" } as const;

/**
 * Resolves the trios of the weight families named in `initializerDefaults`
 * (family -> default initializer) and, when listed in `extras`, `activation`
 * (default linear) and `useBias` (default true). Returns them with the
 * options that remain (those keys removed) for the layer to read its own
 * arguments from and pass on to the base Layer. Initializers are created in
 * family order, then regularizers, then constraints, as every layer did
 * before (the order in which default seeds are drawn).
 */
export function readWeightOptions<O extends object, F extends string, E extends keyof ActivationAndBias = never>(
  options: O,
  initializerDefaults: Readonly<Record<F, string>>,
  extras: readonly E[] = [],
): { weights: WeightTrios<F> & Pick<ActivationAndBias, E>; rest: Omit<O, TrioKey<F> | E> } {
  const rest: Record<string, unknown> = { ...(options as Record<string, unknown>) };
  const weights: Record<string, unknown> = {};
  const take = (key: string): unknown => {
    const value = rest[key];
    delete rest[key];
    return value;
  };
  if ((extras as readonly string[]).includes("activation")) weights.activation = activations.get(take("activation") as never);
  if ((extras as readonly string[]).includes("useBias")) weights.useBias = (take("useBias") as boolean | undefined) ?? true;
  const families = Object.keys(initializerDefaults) as F[];
  const raw = families.map((f) => [f, take(`${f}Initializer`), take(`${f}Regularizer`), take(`${f}Constraint`)] as const);
  for (const [f, init] of raw) weights[`${f}Initializer`] = initializers.get((init ?? initializerDefaults[f]) as never);
  for (const [f, , reg] of raw) weights[`${f}Regularizer`] = regularizers.get(reg as never) ?? null;
  for (const [f, , , con] of raw) weights[`${f}Constraint`] = constraints.get(con as never) ?? null;
  return { weights: weights as WeightTrios<F> & Pick<ActivationAndBias, E>, rest: rest as Omit<O, TrioKey<F> | E> };
}

/** A regularizer's or constraint's Keras envelope, or null when there is none. */
export function regularizerConfig(x: unknown): unknown {
  return x ? regularizers.serialize(x as never) : null;
}
export function constraintConfig(x: unknown): unknown {
  return x ? constraints.serialize(x as never) : null;
}

/**
 * The config entries of the trios of `families`, in Keras's order: every
 * `<family>_initializer`, then every `<family>_regularizer`, then (when
 * `activity` is given, even as null) `activity_regularizer`, then every
 * `<family>_constraint`.
 */
export function weightTriosConfig(
  holder: object,
  families: readonly string[],
  activity?: { activityRegularizer: unknown },
): Record<string, unknown> {
  const h = holder as Record<string, unknown>;
  const config: Record<string, unknown> = {};
  for (const f of families) config[`${toSnakeCase(f)}_initializer`] = initializers.serialize(h[`${f}Initializer`] as never);
  for (const f of families) config[`${toSnakeCase(f)}_regularizer`] = regularizerConfig(h[`${f}Regularizer`]);
  if (activity) config.activity_regularizer = regularizerConfig(activity.activityRegularizer);
  for (const f of families) config[`${toSnakeCase(f)}_constraint`] = constraintConfig(h[`${f}Constraint`]);
  return config;
}

/** `layer.addWeight` with the initializer, regularizer and constraint of weight family `family`. */
export function addTrioWeight(layer: Layer, family: string, name: string, shape: readonly number[]): Variable {
  const h = layer as unknown as Record<string, any>;
  return layer.addWeight({
    name,
    shape: shape as number[],
    initializer: h[`${family}Initializer`],
    regularizer: h[`${family}Regularizer`],
    constraint: h[`${family}Constraint`],
  });
}
