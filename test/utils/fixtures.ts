/** Loading the Keras golden fixtures (copied into test/fixtures/keras) as tensors. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { Tensor } from "../../src/index.js";

export const FIXTURE_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "keras");

/** A fixture array: { shape, dtype, value } with value nested in row-major order. */
export interface FixtureArray {
  shape: number[];
  dtype: string;
  value: unknown;
  name?: string;
  path?: string;
  trainable?: boolean;
}

export function loadFixture(name: string): any {
  return JSON.parse(readFileSync(join(FIXTURE_DIR, `${name}.json`), "utf8"));
}

export function fixturePath(file: string): string {
  return join(FIXTURE_DIR, file);
}

/** All case names of one kind (from index.json), e.g. "activation_fn". */
export function fixtureNames(kind?: string, prefix?: string): string[] {
  const index = JSON.parse(readFileSync(join(FIXTURE_DIR, "index.json"), "utf8"));
  return Object.entries(index.cases as Record<string, { kind: string }>)
    .filter(([n, c]) => (!kind || c.kind === kind) && (!prefix || n.startsWith(prefix)))
    .map(([n]) => n);
}

function flatten(v: unknown, out: number[]): void {
  if (Array.isArray(v)) for (const e of v) flatten(e, out);
  else if (typeof v === "boolean") out.push(v ? 1 : 0);
  else out.push(v as number);
}

/** Flat values of a fixture array (float32 values come back bit-exact once stored in a Float32Array). */
export function fixtureValues(a: FixtureArray): number[] {
  const out: number[] = [];
  flatten(a.value, out);
  return out;
}

export function fixtureTensor(a: FixtureArray): Tensor {
  const values = fixtureValues(a);
  const dtype = a.dtype === "int64" ? "int32" : a.dtype;
  let data;
  switch (dtype) {
    case "float32": data = Float32Array.from(values); break;
    case "float64": data = Float64Array.from(values); break;
    case "int32": data = Int32Array.from(values); break;
    case "bool": data = Uint8Array.from(values); break;
    default: throw new Error(`fixtureTensor: unsupported dtype ${a.dtype}`);
  }
  return new Tensor(data, a.shape, dtype as Tensor["dtype"]);
}
