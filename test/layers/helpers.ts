/** Test helpers for the layer system: config comparison with the first differing path, fixture models. */
import { expect } from "vitest";
import { Tensor, valueAndGrad, ops, layers, saving } from "../../src/index.js";
import type { Variable } from "../../src/engine/variable.js";
import { fixtureTensor, FixtureArray } from "../utils/fixtures.js";

/** The first path at which `a` and `b` differ (JSON semantics: 2 === 2.0), or null when equal. */
export function firstDifference(a: unknown, b: unknown, path = "$"): string | null {
  if (a === b) return null;
  if (typeof a === "number" && typeof b === "number") return Object.is(a, b) || a === b ? null : `${path}: ${a} !== ${b}`;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
    if (a.length !== b.length) return `${path}: length ${a.length} vs ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (a && b && typeof a === "object" && typeof b === "object") {
    const ka = Object.keys(a as object);
    const kb = Object.keys(b as object);
    for (const k of ka) if (!kb.includes(k)) return `${path}.${k}: only in the first (${JSON.stringify((a as any)[k])})`;
    for (const k of kb) if (!ka.includes(k)) return `${path}.${k}: only in the second (${JSON.stringify((b as any)[k])})`;
    for (const k of ka) {
      const d = firstDifference((a as any)[k], (b as any)[k], `${path}.${k}`);
      if (d) return d;
    }
    return null;
  }
  return `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
}

export function expectSameConfig(actual: unknown, expected: unknown): void {
  expect(firstDifference(JSON.parse(JSON.stringify(actual)), expected)).toBeNull();
}

/**
 * A layer fixture's serialization block against keras-ts: the layer rebuilt
 * from `get_config` gives the same config and the same unbuilt envelope
 * (`before_build`); the built envelope (`after_build`) deserializes to a built
 * layer that serializes back to it and to the fixture's `layer` envelope.
 */
export function expectFixtureSerialization(fx: any, cls: { fromConfig(config: Record<string, any>): unknown }): void {
  const cfg = fx.serialization.get_config;
  const layer = cls.fromConfig(cfg) as { getConfig(): unknown };
  expectSameConfig(layer.getConfig(), cfg);
  expectSameConfig(layers.serialize(layer as never), fx.serialization.before_build);
  const rebuilt = layers.deserialize(fx.serialization.after_build);
  expect(rebuilt.built).toBe(true);
  expectSameConfig(layers.serialize(rebuilt), fx.serialization.after_build);
  expectSameConfig(saving.serializeKerasObject(rebuilt), fx.layer);
}

/** |a - b| <= atol + rtol * |b| elementwise, reporting the worst entry. */
export function expectAllClose(actual: Tensor, expected: Tensor, rtol = 1e-5, atol = 1e-6): void {
  expect(actual.shape).toEqual(expected.shape);
  let worst = -1;
  let worstIndex = -1;
  for (let i = 0; i < expected.size; i++) {
    const excess = Math.abs(actual.data[i] - expected.data[i]) - (atol + rtol * Math.abs(expected.data[i]));
    if (excess > worst) {
      worst = excess;
      worstIndex = i;
    }
  }
  if (worst > 0) {
    throw new Error(`mismatch at flat index ${worstIndex}: ${actual.data[worstIndex]} vs ${expected.data[worstIndex]} (shape ${expected.shape})`);
  }
}

/** Sets a model's weights from a fixture's `weights` list (checking paths' last components). */
export function loadFixtureWeights(weights: Variable[], fixtureWeights: (FixtureArray & { name: string })[]): void {
  expect(weights.length).toBe(fixtureWeights.length);
  weights.forEach((w, i) => {
    expect(w.name).toBe(fixtureWeights[i].name);
    w.assign(fixtureTensor(fixtureWeights[i]));
  });
}

/**
 * Gradients of sum_i sum(outputs[i] * upstream[i]) with respect to the
 * inputs and the trainable weights (the fixtures' VJP convention).
 */
export function vjp(
  run: (inputs: Tensor[]) => Tensor | Tensor[],
  inputs: Tensor[],
  trainable: Variable[],
  upstream: Tensor[],
): { inputs: Tensor[]; weights: Tensor[] } {
  const { grads } = valueAndGrad(() => {
    const out = run(inputs);
    const outs = Array.isArray(out) ? out : [out];
    let total: Tensor | null = null;
    outs.forEach((o, i) => {
      const term = ops.sum(ops.multiply(o, ops.cast(upstream[i], o.dtype)));
      total = total ? ops.add(total, term) : term;
    });
    return total!;
  }, [...inputs, ...trainable]);
  return { inputs: grads.slice(0, inputs.length), weights: grads.slice(inputs.length) };
}
