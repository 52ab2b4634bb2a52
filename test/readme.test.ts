/**
 * Every ```ts block of README.md runs as written: it is saved as a module,
 * imported (with "keras-ts" resolved to the sources), and each
 * `console.log(...); // expected` line must print exactly `expected`.
 */
import { afterAll, describe, expect, it, vi } from "vitest";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { inspect } from "node:util";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const readme = readFileSync(join(root, "README.md"), "utf8");
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
const tmp = join(root, "test", ".readme-blocks");

/** Whitespace and quote style aside (Node prints strings in arrays with single quotes). */
function normalize(s: string): string {
  return s.replace(/\s+/g, "").replace(/'/g, '"');
}

function format(args: unknown[]): string {
  return args.map((a) => (typeof a === "string" ? a : inspect(a, { depth: 10, breakLength: Infinity }))).join(" ");
}

describe("README examples", () => {
  mkdirSync(tmp, { recursive: true });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it("has examples", () => {
    expect(blocks.length).toBeGreaterThan(0);
  });

  blocks.forEach((code, i) => {
    const firstLine = code.split("\n").find((l) => l.trim() && !l.startsWith("import")) ?? "";
    it(`block ${i + 1} runs and prints what its comments say (${firstLine.trim().slice(0, 50)})`, async () => {
      const expected = code
        .split("\n")
        .filter((l) => /^\s*console\.log\(.*\);\s*\/\/ /.test(l))
        .map((l) => l.replace(/^.*?;\s*\/\/ /, "").trim());
      const printed: string[] = [];
      const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
        printed.push(format(args));
      });
      try {
        const file = join(tmp, `block-${i + 1}.ts`);
        writeFileSync(file, code);
        await import(/* @vite-ignore */ file);
      } finally {
        spy.mockRestore();
      }
      // Each commented console.log line must appear, in order, among what the block printed (whitespace and quote style aside).
      let at = 0;
      for (const want of expected) {
        const found = printed.findIndex((p, k) => k >= at && normalize(p) === normalize(want));
        expect(found, `expected a line "${want}"; printed:\n${printed.join("\n")}`).toBeGreaterThanOrEqual(0);
        at = found + 1;
      }
    });
  });
});
