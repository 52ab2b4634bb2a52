/**
 * Nested structures as Keras's `tree` module sees them: arrays and plain
 * objects are containers, everything else (tensors, KerasTensors, numbers,
 * null) is a leaf. As in Keras (optree), flattening visits dict keys in
 * sorted order, so a dict of outputs flattens the same way in both.
 */
import { isPlainObject } from "../ops/op.js";

export type Nested<T> = T | Nested<T>[] | { [key: string]: Nested<T> };

export function isNested(x: unknown): x is unknown[] | Record<string, unknown> {
  return Array.isArray(x) || isPlainObject(x);
}

function sortedKeys(o: Record<string, unknown>): string[] {
  return Object.keys(o).sort();
}

/** The leaves of `x` in Keras's order (arrays in order, dict keys sorted). */
export function flatten<T = unknown>(x: unknown): T[] {
  const out: T[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) for (const e of v) visit(e);
    else if (isPlainObject(v)) for (const k of sortedKeys(v)) visit(v[k]);
    else out.push(v as T);
  };
  visit(x);
  return out;
}

/** Applies `fn` to every leaf, keeping the structure (and dict key order). */
export function mapStructure<R>(fn: (leaf: any) => R, x: unknown): any {
  if (Array.isArray(x)) return x.map((e) => mapStructure(fn, e));
  if (isPlainObject(x)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(x)) out[k] = mapStructure(fn, x[k]);
    return out;
  }
  return fn(x);
}

/** Rebuilds `structure` with the leaves taken in order from `flat`. */
export function packSequenceAs(structure: unknown, flat: readonly unknown[]): any {
  let i = 0;
  const build = (s: unknown): unknown => {
    if (Array.isArray(s)) return s.map(build);
    if (isPlainObject(s)) {
      const filled: Record<string, unknown> = {};
      for (const k of sortedKeys(s)) filled[k] = build(s[k]);
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(s)) out[k] = filled[k];
      return out;
    }
    if (i >= flat.length) throw new Error(`packSequenceAs: the structure has more leaves than the ${flat.length} values given.`);
    return flat[i++];
  };
  const out = build(structure);
  if (i !== flat.length) throw new Error(`packSequenceAs: the structure has ${i} leaves but ${flat.length} values were given.`);
  return out;
}

/** Whether two structures have the same nesting (leaves are not compared). */
export function sameStructure(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((e, i) => sameStructure(e, b[i]));
  }
  if (isPlainObject(a) || isPlainObject(b)) {
    if (!isPlainObject(a) || !isPlainObject(b)) return false;
    const ka = sortedKeys(a);
    const kb = sortedKeys(b);
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && sameStructure(a[k], b[k]));
  }
  return true;
}
