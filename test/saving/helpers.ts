/** Helpers for the saving tests: HDF5 layouts, fixture models, output comparison. */
import { readFileSync } from "node:fs";
import { Model, Tensor, saving } from "../../src/index.js";
import { H5Reader, H5AttrValue } from "../../src/saving/h5-store.js";
import { readZip } from "../../src/saving/zip-archive.js";
import { getBuiltin } from "../../src/saving/object-registration.js";
import { fixturePath, fixtureTensor, loadFixture } from "../utils/fixtures.js";

export interface H5Entry {
  path: string;
  type: "group" | "dataset";
  shape?: number[];
  dtype?: string;
  attrs?: Record<string, H5AttrValue>;
  /** Per attribute: "string/utf-8", "string/ascii" or "number", with its shape. */
  attrTypes?: Record<string, string>;
}

/** Every group and dataset of an HDF5 file, sorted by path, as the serial_* fixtures list them (root attributes apart). */
export async function h5Layout(bytes: Uint8Array): Promise<{ rootAttrs: Record<string, H5AttrValue>; entries: H5Entry[] }> {
  const r = await H5Reader.open(bytes, "layout");
  try {
    const attrsOf = (p: string) => {
      const names = r.attrNames(p);
      if (names.length === 0) return undefined;
      return Object.fromEntries(names.map((n) => [n, r.attr(p, n)!]));
    };
    const entries: H5Entry[] = [];
    const walk = (p: string) => {
      for (const k of r.keys(p)) {
        const child = p ? `${p}/${k}` : k;
        if (r.isGroup(child)) {
          const e: H5Entry = { path: child, type: "group" };
          const a = attrsOf(child);
          if (a) {
            e.attrs = a;
            e.attrTypes = Object.fromEntries(
              Object.keys(a).map((n) => {
                const t = r.attrType(child, n)!;
                return [n, `${t.type}${t.charset ? "/" + t.charset : ""} [${t.shape.join(",")}]`];
              }),
            );
          }
          entries.push(e);
          walk(child);
        } else {
          const info = r.datasetInfo(child);
          const e: H5Entry = { path: child, type: "dataset", shape: info.shape, dtype: info.dtype };
          if (Object.keys(info.attrs).length) e.attrs = info.attrs;
          entries.push(e);
        }
      }
    };
    walk("");
    entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { rootAttrs: attrsOf("") ?? {}, entries };
  } finally {
    r.close();
  }
}

/** All datasets of an HDF5 file as tensors, by path. */
export async function h5Datasets(bytes: Uint8Array): Promise<Map<string, Tensor>> {
  const r = await H5Reader.open(bytes, "datasets");
  const out = new Map<string, Tensor>();
  try {
    const walk = (p: string) => {
      for (const k of r.keys(p)) {
        const child = p ? `${p}/${k}` : k;
        if (r.isGroup(child)) walk(child);
        else out.set(child, r.readTensor(child));
      }
    };
    walk("");
  } finally {
    r.close();
  }
  return out;
}

export function fixtureBytes(file: string): Uint8Array {
  return new Uint8Array(readFileSync(fixturePath(file)));
}

export function kerasMembers(bytes: Uint8Array): Map<string, Uint8Array> {
  return readZip(bytes, "archive");
}

/** Removes `shared_object_id` keys (Python object ids Keras adds for objects serialized twice). */
export function withoutSharedIds(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(withoutSharedIds);
  if (x && typeof x === "object") {
    return Object.fromEntries(Object.entries(x).filter(([k]) => k !== "shared_object_id").map(([k, v]) => [k, withoutSharedIds(v)]));
  }
  return x;
}

/** Runs `model.predict` on a fixture's inputs; always an array of outputs. */
export function predictFixture(model: Model, fx: any): Tensor[] {
  const xs = fx.inputs.map((i: any) => fixtureTensor(i));
  const out = model.predict(xs.length === 1 ? xs[0] : xs);
  if (Array.isArray(out)) return out;
  if (out instanceof Tensor) return [out];
  return Object.values(out as Record<string, Tensor>);
}

/** Worst excess of |a - b| over 1e-6 + 1e-5 |b|, or a description of a shape/count mismatch. */
export function outputsMismatch(actual: Tensor[], fx: any, rtol = 1e-5, atol = 1e-6): string | null {
  if (actual.length !== fx.outputs.length) return `${actual.length} outputs, expected ${fx.outputs.length}`;
  for (let k = 0; k < actual.length; k++) {
    const a = actual[k];
    const b = fixtureTensor(fx.outputs[k]);
    if (a.shape.join(",") !== b.shape.join(",")) return `output ${k}: shape [${a.shape}] vs [${b.shape}]`;
    for (let i = 0; i < b.size; i++) {
      const x = Number(a.data[i]);
      const y = Number(b.data[i]);
      if (!(Math.abs(x - y) <= atol + rtol * Math.abs(y))) return `output ${k}[${i}]: ${x} vs ${y}`;
    }
  }
  return null;
}

/** A model from a fixture's config with the fixture's JSON weights (the reference path, no files involved). */
export function fixtureModelFromJson(fx: any): Model {
  const model = saving.deserializeKerasObject(fx.model) as Model;
  const weights = model.weights;
  if (weights.length !== fx.weights.length) throw new Error(`${weights.length} weights, fixture has ${fx.weights.length}`);
  weights.forEach((w, i) => w.assign(fixtureTensor(fx.weights[i])));
  return model;
}

/** Keras classes named anywhere in a serialized object that keras-ts has not registered. */
export function missingClasses(obj: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(obj)) obj.forEach((x) => missingClasses(x, out));
  else if (obj && typeof obj === "object") {
    const o = obj as Record<string, unknown>;
    if (typeof o.class_name === "string" && "config" in o && !o.class_name.startsWith("__")) {
      if (!getBuiltin((o.module as string | null) ?? null, o.class_name)) out.add(o.class_name);
    }
    Object.values(o).forEach((x) => missingClasses(x, out));
  }
  return out;
}

export { loadFixture, fixtureTensor };
