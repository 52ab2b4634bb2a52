/**
 * A save killed between writing its temporary file and renaming it leaves
 * that hidden `.tmp` file next to the target. The next save of the same
 * target removes the temporary files of writers that no longer run, and
 * nothing else: not a live writer's, not those of other targets.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import { atomicWriteFile } from "../../src/saving/atomic-write.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const dir = mkdtempSync(join(tmpdir(), "keras-ts-stale-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Writes its temporary file, reports it, then hangs before the rename until killed.
const CHILD = `
import { atomicWriteFile } from ${JSON.stringify(join(root, "src", "saving", "atomic-write.js"))};
atomicWriteFile(process.argv[2], new Uint8Array(1 << 16).fill(7), {
  beforeRename: (temp) => {
    process.stdout.write("temp " + temp + "\\n");
    for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
  },
});
`;

/** Runs a writer for `path`, kills it (SIGKILL) once its temporary file is written; resolves with that file. */
function killedWriter(path: string): Promise<string> {
  const script = join(dir, "child.mts");
  writeFileSync(script, CHILD);
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, path], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    let temp = "";
    child.stderr.on("data", (d) => (err += String(d)));
    child.stdout.on("data", (d) => {
      out += String(d);
      const m = /temp (\S+)\n/.exec(out);
      if (m && !temp) {
        temp = m[1];
        child.kill("SIGKILL");
      }
    });
    child.on("exit", (_code, signal) => (signal === "SIGKILL" ? done(temp) : fail(new Error(`writer exited on its own: ${err}`))));
  });
}

/** The pid of a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
  return Number(String(r.stdout));
}

const hidden = () => readdirSync(dir).filter((f) => f.startsWith(".")).sort();

it("a killed save's temporary file is removed by the next save of the same target", async () => {
  const path = join(dir, "model.keras");
  const temp = await killedWriter(path);
  expect(existsSync(temp)).toBe(true);
  expect(existsSync(path)).toBe(false);
  const model = new keras.Sequential([keras.Input({ shape: [2] }), new keras.layers.Dense(1)]);
  await model.save(path);
  expect(existsSync(temp)).toBe(false);
  expect(hidden()).toEqual([]);
  expect((await keras.saving.loadModel(path)).weights.length).toBe(2);
}, 60_000);

it("only temporary files of dead writers of this target are removed", () => {
  const target = join(dir, "w.bin");
  const dead = deadPid();
  const files = {
    deadWriter: `.w.bin.${dead}-lx0-abc.tmp`,
    liveWriter: `.w.bin.${process.ppid}-lx0-abc.tmp`,
    ownProcess: `.w.bin.${process.pid}-lx0-abc.tmp`,
    otherTarget: `.w.bin2.${dead}-lx0-abc.tmp`,
    longerName: `.w.bin.x.${dead}-lx0-abc.tmp`,
    notATempFile: `.w.bin.${dead}-lx0-abc.bak`,
  };
  for (const f of Object.values(files)) writeFileSync(join(dir, f), "x");
  atomicWriteFile(target, new Uint8Array([1, 2, 3]));
  const left = hidden();
  expect(left).not.toContain(files.deadWriter);
  expect(left).toEqual([files.liveWriter, files.ownProcess, files.otherTarget, files.longerName, files.notATempFile].sort());
  for (const f of left) rmSync(join(dir, f));
});
