/**
 * Structural comparison of JSON-like values (configs, serialized envelopes)
 * that says *where* two values first differ, e.g.
 * `config.kernel_initializer.config.seed: expected null, received undefined`.
 * Keys are compared as sets (order is irrelevant, as with Keras's
 * `sort_keys=True`); a missing key, an `undefined` value and `null` are all
 * different things (a config that holds `undefined` loses the key in JSON).
 */
import { expect } from "vitest";

function show(x: unknown): string {
  if (x === undefined) return "undefined";
  const s = JSON.stringify(x);
  return s === undefined ? String(x) : s.length > 200 ? s.slice(0, 200) + "..." : s;
}

function kind(x: unknown): string {
  if (x === null) return "null";
  if (Array.isArray(x)) return "array";
  return typeof x;
}

/** The first difference between `actual` and `expected` as "path: ...", or null when they are equal. */
export function firstDifference(actual: unknown, expected: unknown, path = "$"): string | null {
  const ka = kind(actual);
  const ke = kind(expected);
  if (ka !== ke) return `${path}: expected ${show(expected)} (${ke}), received ${show(actual)} (${ka})`;
  if (ka === "array") {
    const a = actual as unknown[];
    const e = expected as unknown[];
    if (a.length !== e.length) return `${path}: expected an array of length ${e.length} ${show(e)}, received length ${a.length} ${show(a)}`;
    for (let i = 0; i < e.length; i++) {
      const d = firstDifference(a[i], e[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (ka === "object") {
    const a = actual as Record<string, unknown>;
    const e = expected as Record<string, unknown>;
    for (const k of Object.keys(e)) {
      if (!(k in a)) return `${path}.${k}: missing (expected ${show(e[k])})`;
    }
    for (const k of Object.keys(a)) {
      if (!(k in e)) return `${path}.${k}: unexpected key (received ${show(a[k])})`;
    }
    for (const k of Object.keys(e)) {
      const d = firstDifference(a[k], e[k], `${path}.${k}`);
      if (d) return d;
    }
    return null;
  }
  if (ka === "number") {
    // NaN equals NaN here (JSON cannot hold it, but configs compared before JSON can).
    if (Number.isNaN(actual as number) && Number.isNaN(expected as number)) return null;
  }
  return Object.is(actual, expected) || actual === expected ? null : `${path}: expected ${show(expected)}, received ${show(actual)}`;
}

/** Fails with the first differing path when `actual` and `expected` differ. */
export function expectDeepEqual(actual: unknown, expected: unknown, what = "value"): void {
  const d = firstDifference(actual, expected);
  if (d !== null) expect.fail(`${what} differs at ${d}`);
}

/** JSON with sorted keys (Keras's `to_json_with_tuples(..., sort_keys=True)` without the tuple markers). */
export function canonicalJson(x: unknown): string {
  return JSON.stringify(x, (_k, v) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]))
      : v,
  );
}
