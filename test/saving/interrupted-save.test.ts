/**
 * An interrupted save leaves the previous file intact: a child process
 * saves two different models to the same path over and over and is killed
 * (SIGKILL, no cleanup) at an arbitrary moment; the file on disk must then
 * load and be exactly one of the two models - never a torn mixture or a
 * truncated file.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";
import { Tensor, saving } from "../../src/index.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const dir = mkdtempSync(join(tmpdir(), "keras-ts-interrupt-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CHILD = `
import * as keras from ${JSON.stringify(join(root, "src", "index.js"))};
const path = process.argv[2];
const make = (value) => {
  const model = new keras.Sequential([keras.Input({ shape: [256], name: "x" }), new keras.layers.Dense(512, { name: "d" })], { name: "m" });
  model.weights.forEach((w) => w.assign(keras.ops.full(w.shape, value)));
  return model;
};
const models = [make(1), make(2)];
for (let i = 0; ; i++) {
  await models[i % 2].save(path);
  process.stdout.write("saved " + i + "\\n");
}
`;

/** Runs the child until it has saved `minSaves` times, then kills it `delayMs` later. */
function runAndKill(path: string, minSaves: number, delayMs: number): Promise<number> {
  return new Promise((done, fail) => {
    const script = join(dir, "child.mts");
    writeFileSync(script, CHILD);
    // One process (tsx as a loader, not its CLI, which would leave an orphan child behind a SIGKILL).
    const child = spawn(process.execPath, ["--import", "tsx", script, path], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let saves = 0;
    let stderr = "";
    let killed = false;
    child.stderr.on("data", (d) => (stderr += String(d)));
    child.stdout.on("data", (d) => {
      saves += (String(d).match(/saved/g) ?? []).length;
      if (saves >= minSaves && !killed) {
        killed = true;
        setTimeout(() => child.kill("SIGKILL"), delayMs);
      }
    });
    child.on("exit", (_code, signal) => (signal === "SIGKILL" ? done(saves) : fail(new Error(`child exited without being killed: ${stderr}`))));
  });
}

it("a save killed at arbitrary moments leaves a complete previous or new file", async () => {
  const path = join(dir, "model.keras");
  for (const delay of [0, 29]) {
    const saves = await runAndKill(path, 2, delay);
    expect(saves).toBeGreaterThanOrEqual(2);
    const model = await saving.loadModel(path);
    const y = model.predict(new Tensor(new Float32Array(256).fill(1), [1, 256], "float32")) as Tensor;
    // Every output is 256 * v + v for the kernel/bias value v of one of the two models.
    const v = y.data[0] === 256 + 1 ? 1 : 2;
    expect(Array.from(y.data).every((o) => o === 256 * v + v)).toBe(true);
    // No temporary file is left visible as the model, and the temporary files are hidden dot-files.
    expect(readdirSync(dir).filter((f) => f.endsWith(".keras"))).toEqual(["model.keras"]);
  }
}, 120_000);
