/**
 * Shape and dtype inference by running the eager code on dummy values, as
 * Keras's numpy and JAX backends do in `compute_output_spec`: every
 * KerasTensor argument becomes a concrete tensor (zeros; ones for bool
 * masks) with each unknown dimension replaced by a size, the function runs,
 * and the run is repeated with a second size; output dimensions that differ
 * between the two runs are unknown (`null`). State changed during the runs
 * (variables, the global seed generator) is restored and losses are dropped.
 */
import { noGrad } from "../autodiff/tape.js";
import { isTensor, Tensor } from "../engine/tensor.js";
import type { Variable } from "../engine/variable.js";
import { ones, zeros } from "../ops/core/creation.js";
import { isPlainObject } from "../ops/op.js";
import { globalSeedGenerator } from "../random/index.js";
import { mapStructure } from "../utils/tree.js";
import { withShapeInference } from "./call-context.js";
import { KerasTensor, isKerasTensor } from "./keras-tensor.js";

/** Sizes tried for unknown dimensions: small ones first (cheap), then Keras's own (83, 89). */
const SIZE_ATTEMPTS: readonly (readonly [number, number])[] = [
  [3, 4],
  [83, 89],
];

/** Every distinct KerasTensor inside nested arrays / plain objects (masks included). */
export function collectKerasTensors(x: unknown, out: Set<KerasTensor> = new Set()): Set<KerasTensor> {
  if (isKerasTensor(x)) {
    out.add(x);
    if (x.kerasMask) collectKerasTensors(x.kerasMask, out);
  } else if (Array.isArray(x)) {
    for (const e of x) collectKerasTensors(e, out);
  } else if (isPlainObject(x)) {
    for (const v of Object.values(x)) collectKerasTensors(v, out);
  }
  return out;
}

function concreteFor(kt: KerasTensor, size: number): Tensor {
  const shape = kt.shape.map((d) => (d === null ? size : d));
  return kt.dtype === "bool" ? ones(shape, "bool") : zeros(shape, kt.dtype);
}

function substitute(x: unknown, map: Map<KerasTensor, Tensor>): unknown {
  if (isKerasTensor(x)) return map.get(x);
  if (Array.isArray(x)) return x.map((e) => substitute(e, map));
  if (isPlainObject(x)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) out[k] = substitute(v, map);
    return out;
  }
  return x;
}

function runOnce(fn: (args: unknown[]) => unknown, args: unknown[], kts: Set<KerasTensor>, size: number): unknown {
  const map = new Map<KerasTensor, Tensor>();
  for (const kt of kts) map.set(kt, concreteFor(kt, size));
  for (const [kt, t] of map) if (kt.kerasMask) t.kerasMask = map.get(kt.kerasMask) ?? null;
  return fn(substitute(args, map) as unknown[]);
}

/** Runs `fn` with state snapshotted and restored, without gradients, in shape-inference mode. */
function isolated<T>(fn: () => T, variables: readonly Variable[]): T {
  const seed = globalSeedGenerator().state;
  const saved = [...variables, seed].map((v) => [v, v.value] as const);
  try {
    return withShapeInference(() => noGrad(fn));
  } finally {
    for (const [v, value] of saved) if (v.value !== value) v.assign(value);
  }
}

function toSpec(a: unknown, b: unknown): unknown {
  if (isTensor(a)) {
    const other = isTensor(b) ? b : null;
    const shape = a.shape.map((d, i) => (other && other.shape.length === a.shape.length && other.shape[i] !== d ? null : d));
    return new KerasTensor(shape, { dtype: a.dtype });
  }
  if (Array.isArray(a)) return a.map((e, i) => toSpec(e, Array.isArray(b) ? b[i] : undefined));
  if (isPlainObject(a)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(a)) out[k] = toSpec(a[k], isPlainObject(b) ? b[k] : undefined);
    return out;
  }
  return a;
}

/**
 * Infers the symbolic outputs of `fn(args)` where `args` hold KerasTensors.
 * `variables` are restored after the dummy runs. Throws the first error met
 * when every attempt fails.
 */
export function inferOutputSpec(fn: (args: unknown[]) => unknown, args: unknown[], variables: readonly Variable[] = []): unknown {
  const kts = collectKerasTensors(args);
  const hasUnknown = [...kts].some((kt) => kt.shape.includes(null));
  let firstError: unknown = null;
  for (const [sizeA, sizeB] of SIZE_ATTEMPTS) {
    try {
      return isolated(() => {
        const out1 = runOnce(fn, args, kts, sizeA);
        const out2 = hasUnknown ? runOnce(fn, args, kts, sizeB) : out1;
        return toSpec(out1, out2);
      }, variables);
    } catch (e) {
      firstError ??= e;
      if (!hasUnknown) break;
    }
  }
  throw firstError;
}

/** Converts eager outputs to KerasTensors of the same shapes (no unknown dims). */
export function specOf(x: unknown): unknown {
  return mapStructure((t) => (isTensor(t) ? new KerasTensor(t.shape, { dtype: t.dtype }) : t), x);
}
