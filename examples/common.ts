/**
 * What the examples share: where models are saved, a seeded shuffle (so every
 * run uses the same split), saving a model, and a check that a model reloaded
 * from its `.keras` file predicts what the original does.
 */
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as keras from "../src/index.js";

export const OUTPUT_DIR = join(dirname(fileURLToPath(import.meta.url)), "output");

/** A small deterministic generator (mulberry32): uniform numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = Math.imul(state ^ (state >>> 15), state | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
}

/** 0 .. n-1 in a random order fixed by `seed` (Fisher-Yates). */
export function shuffledIndices(n: number, seed: number): number[] {
  const random = seededRandom(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** Saves `model` as `examples/output/<name>.keras` and returns the path. */
export async function saveToOutput(model: keras.Model, name: string): Promise<string> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const file = join(OUTPUT_DIR, `${name}.keras`);
  await model.save(file);
  console.log(`Saved ${file}`);
  return file;
}

/**
 * Loads `file` back and compares its predictions on `x` with `model`'s: the
 * largest absolute difference (0 when the weights and the graph came back exactly).
 */
export async function reloadAndCompare(model: keras.Model, file: string, x: keras.Tensor): Promise<number> {
  const reloaded = await keras.saving.loadModel(file);
  const before = model.predict(x, { batchSize: 256, verbose: 0 }) as keras.Tensor;
  const after = reloaded.predict(x, { batchSize: 256, verbose: 0 }) as keras.Tensor;
  let maxDiff = 0;
  for (let i = 0; i < before.data.length; i++) maxDiff = Math.max(maxDiff, Math.abs(Number(before.data[i]) - Number(after.data[i])));
  console.log(`Reloaded ${file}: predictions on ${x.shape[0]} samples differ by at most ${maxDiff.toExponential(2)} from the trained model's.`);
  return maxDiff;
}

/** Whether this module is the script Node was started with (so each example also runs on its own). */
export function isEntryPoint(moduleUrl: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && fileURLToPath(moduleUrl).replace(/\.ts$/, "") === entry.replace(/\.(ts|js)$/, "");
}
