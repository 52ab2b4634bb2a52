/**
 * The weight arguments layers share: for each weight family ("kernel",
 * "bias", "recurrent", "depthwise", "pointwise", "embeddings") an
 * initializer / regularizer / constraint trio (`kernelInitializer`,
 * `kernelRegularizer`, `kernelConstraint`, ...), plus `activation` and
 * `useBias` where the layer has them. `readWeightOptions` resolves them from a
 * constructor's options (and hands back the options that are left for the
 * base layer; `takeWeightOptions` / `resolveWeightOptions` do it in two
 * steps); `weightTriosConfig` writes them back in Keras's key order;
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

/** The constructor options of the trios of families `F` (identifiers, instances or configs; see `readWeightOptions`). */
export type TrioOptions<F extends string> = { [K in TrioKey<F>]?: unknown };

/** The resolved trios, as layers store them (initializer instances; regularizer / constraint or null). */
export type WeightTrios<F extends string> = { [K in TrioKey<F>]: any };

/** The optional arguments `readWeightOptions` also reads when asked. */
export interface ActivationAndBias {
  activation: Fn;
  useBias: boolean;
}

/** Default initializers of the usual kernel + bias pair. */
export const KERNEL_AND_BIAS = { kernel: "glorot_uniform", bias: "zeros" } as const;

/** Weight arguments taken out of the options but not resolved yet (see `takeWeightOptions`). */
export interface RawWeightOptions<F extends string, E extends keyof ActivationAndBias> {
  initializerDefaults: Readonly<Record<F, string>>;
  extras: readonly E[];
  values: Record<string, unknown>;
}

/**
 * Takes the trios of the weight families named in `initializerDefaults`
 * (family -> default initializer) and, when listed in `extras`, `activation`
 * and `useBias` out of `options`, unresolved; the options that remain go to
 * the layer's own arguments and the base Layer. Resolving may draw default
 * seeds (random initializers), so a layer whose base constructor draws one
 * too (the RNN cells' SeedGenerator) resolves after it, as Keras does.
 */
export function takeWeightOptions<O extends object, F extends string, E extends keyof ActivationAndBias = never>(
  options: O,
  initializerDefaults: Readonly<Record<F, string>>,
  extras: readonly E[] = [],
): { raw: RawWeightOptions<F, E>; rest: Omit<O, TrioKey<F> | E> } {
  const rest: Record<string, unknown> = { ...(options as Record<string, unknown>) };
  const values: Record<string, unknown> = {};
  const keys: string[] = [...extras];
  for (const f of Object.keys(initializerDefaults)) keys.push(`${f}Initializer`, `${f}Regularizer`, `${f}Constraint`);
  for (const key of keys) {
    values[key] = rest[key];
    delete rest[key];
  }
  return { raw: { initializerDefaults, extras, values }, rest: rest as Omit<O, TrioKey<F> | E> };
}

/**
 * Resolves taken weight arguments: `activation` (default linear), `useBias`
 * (default true), then the initializers in family order, the regularizers,
 * the constraints (the order in which default seeds are drawn).
 */
export function resolveWeightOptions<F extends string, E extends keyof ActivationAndBias>(
  raw: RawWeightOptions<F, E>,
): WeightTrios<F> & Pick<ActivationAndBias, E> {
  const v = raw.values;
  const out: Record<string, unknown> = {};
  const extras = raw.extras as readonly string[];
  if (extras.includes("activation")) out.activation = activations.get(v.activation as never);
  if (extras.includes("useBias")) out.useBias = (v.useBias as boolean | undefined) ?? true;
  const families = Object.keys(raw.initializerDefaults) as F[];
  for (const f of families) out[`${f}Initializer`] = initializers.get((v[`${f}Initializer`] ?? raw.initializerDefaults[f]) as never);
  for (const f of families) out[`${f}Regularizer`] = regularizers.get(v[`${f}Regularizer`] as never) ?? null;
  for (const f of families) out[`${f}Constraint`] = constraints.get(v[`${f}Constraint`] as never) ?? null;
  return out as WeightTrios<F> & Pick<ActivationAndBias, E>;
}

/** `takeWeightOptions` and `resolveWeightOptions` at once. */
export function readWeightOptions<O extends object, F extends string, E extends keyof ActivationAndBias = never>(
  options: O,
  initializerDefaults: Readonly<Record<F, string>>,
  extras: readonly E[] = [],
): { weights: WeightTrios<F> & Pick<ActivationAndBias, E>; rest: Omit<O, TrioKey<F> | E> } {
  const { raw, rest } = takeWeightOptions(options, initializerDefaults, extras);
  return { weights: resolveWeightOptions(raw), rest };
}

/** A regularizer's or constraint's Keras envelope, or null when there is none. */
export function regularizerConfig(x: unknown): unknown {
  return x ? regularizers.serialize(x as never) : null;
}
export function constraintConfig(x: unknown): unknown {
  return x ? constraints.serialize(x as never) : null;
}

/** What `weightTriosConfig` puts between its groups. */
export interface TrioConfigInserts {
  /** Entries after the initializers (LSTM's `unit_forget_bias`). */
  afterInitializers?: Record<string, unknown>;
  /** The layer whose `activityRegularizer` is listed after the regularizers (left out when absent). */
  activity?: { activityRegularizer: unknown };
}

/**
 * The config entries of the trios of `families`, in Keras's order: every
 * `<family>_initializer`, then every `<family>_regularizer`, then
 * `activity_regularizer` (with `activity`), then every `<family>_constraint`.
 */
export function weightTriosConfig(holder: object, families: readonly string[], inserts: TrioConfigInserts = {}): Record<string, unknown> {
  const h = holder as Record<string, unknown>;
  const config: Record<string, unknown> = {};
  for (const f of families) config[`${toSnakeCase(f)}_initializer`] = initializers.serialize(h[`${f}Initializer`] as never);
  Object.assign(config, inserts.afterInitializers);
  for (const f of families) config[`${toSnakeCase(f)}_regularizer`] = regularizerConfig(h[`${f}Regularizer`]);
  if (inserts.activity) config.activity_regularizer = regularizerConfig(inserts.activity.activityRegularizer);
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
