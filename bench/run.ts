/**
 * `npm run bench`: keras-ts against TensorFlow.js (cpu and wasm backends) in one process.
 *
 *   npm run bench                      all cases
 *   npm run bench -- matmul conv       only cases whose group or name contains one of the words
 *   npm run bench -- --quick           fewer rounds (a smoke run, not for quoting numbers)
 *   npm run bench -- --budget=10000    milliseconds of timed rounds per case (default 6000)
 *
 * To add a benchmark family: write bench/<family>.ts exporting BenchCase[]
 * (see bench/matmul.ts) and list it in FAMILIES below.
 */
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { BenchCase, CaseResult, DEFAULT_OPTIONS, ImplResult, RunOptions, Tf, runCase } from "./harness.js";
import { matmulCases } from "./matmul.js";
import { convCases } from "./conv.js";
import { elementwiseCases } from "./elementwise.js";
import { reductionCases } from "./reduction.js";
import { rnnCases } from "./rnn.js";
import { trainingCases } from "./training.js";

const FAMILIES: BenchCase[][] = [matmulCases, convCases, elementwiseCases, reductionCases, rnnCases, trainingCases];

function parseArgs(argv: string[]): { filters: string[]; options: RunOptions } {
  const options = { ...DEFAULT_OPTIONS };
  const filters: string[] = [];
  for (const arg of argv) {
    if (arg === "--quick") Object.assign(options, { budgetMs: 1500, minRounds: 1, maxRounds: 5 });
    else if (arg.startsWith("--budget=")) options.budgetMs = Number(arg.slice("--budget=".length));
    else if (arg.startsWith("--")) throw new Error(`bench: unknown option ${arg}`);
    else filters.push(arg.toLowerCase());
  }
  return { filters, options };
}

/** Loads tfjs with both backends, without its "install tfjs-node" banner. */
async function loadTfjs(): Promise<{ tf: Tf; wasmInfo: string }> {
  const log = console.log;
  const warn = console.warn;
  console.log = console.warn = () => {};
  let tf: Tf;
  let wasm: typeof import("@tensorflow/tfjs-backend-wasm");
  try {
    tf = await import("@tensorflow/tfjs");
    wasm = await import("@tensorflow/tfjs-backend-wasm");
  } finally {
    console.log = log;
    console.warn = warn;
  }
  // The .wasm binaries sit next to the package's main file (its dist folder).
  const require = createRequire(import.meta.url);
  wasm.setWasmPaths(path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm")) + path.sep);
  if (!(await tf.setBackend("wasm"))) throw new Error("bench: the tfjs wasm backend failed to initialise.");
  const simd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT");
  const wasmInfo = `SIMD ${simd ? "on" : "off"}, ${wasm.getThreadsCount()} thread(s)`;
  console.log = console.warn = () => {}; // the banner comes with the first use of the cpu backend
  try {
    if (!(await tf.setBackend("cpu"))) throw new Error("bench: the tfjs cpu backend failed to initialise.");
    tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(1)).dataSync());
  } finally {
    console.log = log;
    console.warn = warn;
  }
  return { tf, wasmInfo };
}

// ---- table ----

function cellTime(r: ImplResult): string {
  if (r.status !== "ok") return r.status;
  return `${fmtMs(r.minMs)} / ${fmtMs(r.medianMs)}`;
}

function fmtMs(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3);
}

function cellGflops(r: ImplResult, flops: number | undefined): string {
  if (r.status !== "ok" || flops === undefined) return "";
  return (flops / r.medianMs / 1e6).toFixed(2);
}

/** tfjs time / ours time, on medians (and on minima in parentheses): above 1 means keras-ts is faster. */
function cellRatio(ours: ImplResult, other: ImplResult): string {
  if (other.status === "n/a") return "n/a";
  if (ours.status !== "ok" || other.status !== "ok") return "";
  return `${(other.medianMs / ours.medianMs).toFixed(2)}x (${(other.minMs / ours.minMs).toFixed(2)}x)`;
}

function cellCheck(c: CaseResult): string {
  const parts: string[] = [];
  const tol = c.bench.tolerance ?? 1e-4;
  for (const [name, d] of Object.entries(c.check)) {
    parts.push(`${name === "tfjs-cpu" ? "cpu" : "wasm"} ${d <= tol ? "ok" : "MISMATCH"} ${d.toExponential(0)}`);
  }
  if (c.leakedTensors !== 0) parts.push(`LEAK ${c.leakedTensors} tfjs tensors`);
  return parts.join(", ");
}

function printTable(rows: string[][], header: string[]): void {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("-|-"));
  for (const r of rows) console.log(r.length === 1 ? r[0] : line(r));
}

async function main(): Promise<void> {
  const { filters, options } = parseArgs(process.argv.slice(2));
  const cases = FAMILIES.flat().filter(
    (c) => filters.length === 0 || filters.some((f) => c.group.toLowerCase().includes(f) || c.name.toLowerCase().includes(f)),
  );
  if (cases.length === 0) throw new Error(`bench: no case matches ${filters.join(", ")}.`);
  const { tf, wasmInfo } = await loadTfjs();
  console.log(`keras-ts bench: node ${process.version}, ${os.cpus()[0]?.model ?? "unknown cpu"} x${os.cpus().length}, ` +
    `tfjs ${tf.version.tfjs} (cpu; wasm ${wasmInfo})`);
  console.log(`times in ms as min / median over round-robin rounds; GFLOP/s from the median; ratio = tfjs time / keras-ts time ` +
    `(median, min in parentheses): > 1 means keras-ts is faster.\n`);

  const header = ["case", "rounds", "keras-ts ms", "GFLOP/s", "tfjs-cpu ms", "GFLOP/s", "tfjs-wasm ms", "GFLOP/s", "cpu/ours", "wasm/ours", "check vs keras-ts"];
  const rows: string[][] = [];
  const notes: string[] = [];
  let group = "";
  for (const c of cases) {
    if (c.group !== group) {
      group = c.group;
      process.stderr.write(`[${group}]\n`);
    }
    process.stderr.write(`  ${c.name} ...`);
    const result = await runCase(tf, c, options);
    process.stderr.write(" done\n");
    const r = result.results;
    rows.push([
      c.name, String(result.rounds),
      cellTime(r.ours), cellGflops(r.ours, c.flops),
      cellTime(r["tfjs-cpu"]), cellGflops(r["tfjs-cpu"], c.flops),
      cellTime(r["tfjs-wasm"]), cellGflops(r["tfjs-wasm"], c.flops),
      cellRatio(r.ours, r["tfjs-cpu"]), cellRatio(r.ours, r["tfjs-wasm"]),
      cellCheck(result),
    ]);
    for (const [name, res] of Object.entries(r)) {
      if (res.status !== "ok") notes.push(`${c.name} / ${name}: ${res.status}: ${res.reason}`);
    }
  }
  console.log("");
  printTable(rows, header);
  if (notes.length) {
    console.log("\nnotes:");
    for (const n of notes) console.log(`  ${n}`);
  }
}

await main();
