/**
 * File access for the saving functions, without importing anything
 * Node-specific: in Node, `fs` comes from `process.getBuiltinModule` at call
 * time; in browsers there is no file system and callers pass bytes.
 *
 * Writes are atomic: the bytes go to a temporary file in the target's
 * directory, are flushed to disk (fsync), and the temporary file is renamed
 * over the target. A save that fails or is interrupted at any point leaves
 * the previous file untouched (rename is atomic within one file system).
 * A process killed mid-save cannot remove its temporary file; the name
 * carries the writer's process id, so the next save of the same target
 * removes the temporary files of writers that are no longer running.
 */
import { ValueError } from "../engine/errors.js";

type NodeFs = typeof import("node:fs");

function nodeFs(what: string): NodeFs {
  const proc = (globalThis as { process?: { getBuiltinModule?: (name: string) => unknown } }).process;
  const fs = proc?.getBuiltinModule?.("fs") as NodeFs | undefined;
  if (!fs) {
    throw new ValueError(
      `${what}: file paths need a file system (Node.js >= 20.16). In a browser, pass or request bytes (Uint8Array) instead.`,
    );
  }
  return fs;
}

export function fileExists(path: string): boolean {
  return nodeFs("fileExists").existsSync(path);
}

export function readFileBytes(path: string, what: string): Uint8Array {
  const fs = nodeFs(what);
  let data: Uint8Array;
  try {
    data = fs.readFileSync(path);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "ENOENT") throw new ValueError(`${what}: file not found: filepath=${path}`);
    throw new ValueError(`${what}: cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  // A Buffer may be a view into Node's shared pool: give callers a tight Uint8Array.
  return data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? new Uint8Array(data.buffer) : new Uint8Array(data);
}

export interface AtomicWriteOptions {
  /** Bytes per write call (the file is written in chunks). */
  chunkSize?: number;
  /** Test hook: called after the temporary file is complete and synced, before the rename. */
  beforeRename?: (tempPath: string) => void;
}

function dirnameOf(path: string): string {
  const i = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return i < 0 ? "." : i === 0 ? path.slice(0, 1) : path.slice(0, i);
}

function basenameOf(path: string): string {
  const i = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return path.slice(i + 1);
}

type NodeProcess = { pid?: number; kill?: (pid: number, signal: number) => void };

function nodeProcess(): NodeProcess | undefined {
  return (globalThis as { process?: NodeProcess }).process;
}

/** Whether process `pid` still runs on this machine (signal 0 probes without signalling). */
function processAlive(pid: number): boolean {
  const proc = nodeProcess();
  // Our own files may belong to a save running in another thread of this process.
  if (pid === proc?.pid || typeof proc?.kill !== "function") return true;
  try {
    proc.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as { code?: string }).code === "EPERM";
  }
}

/** `.<target name>.<pid>-<time>-<random>.tmp`, next to the target. */
function tempPathFor(dir: string, base: string): string {
  return `${dir}/.${base}.${nodeProcess()?.pid ?? 0}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}.tmp`;
}

/** Removes the temporary files that saves of `base` left behind when their process died mid-save. */
function removeStaleTempFiles(fs: NodeFs, dir: string, base: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  const prefix = `.${base}.`;
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(".tmp")) continue;
    const writer = /^(\d+)-[0-9a-z]+-[0-9a-z]*$/.exec(name.slice(prefix.length, -".tmp".length));
    if (!writer || processAlive(Number(writer[1]))) continue;
    try {
      fs.unlinkSync(`${dir}/${name}`);
    } catch {
      // already gone (another save cleaned it up)
    }
  }
}

/** Writes `bytes` to `path` atomically (temp file in the same directory, fsync, rename). */
export function atomicWriteFile(path: string, bytes: Uint8Array, options: AtomicWriteOptions = {}): void {
  const fs = nodeFs("save");
  const dir = dirnameOf(path);
  removeStaleTempFiles(fs, dir, basenameOf(path));
  const temp = tempPathFor(dir, basenameOf(path));
  let fd: number | null = null;
  try {
    fd = fs.openSync(temp, "wx", 0o644);
    const chunk = Math.max(1, options.chunkSize ?? 1 << 20);
    for (let offset = 0; offset < bytes.length; ) {
      offset += fs.writeSync(fd, bytes, offset, Math.min(chunk, bytes.length - offset));
    }
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
    options.beforeRename?.(temp);
    fs.renameSync(temp, path);
  } catch (e) {
    if (fd !== null) {
      try {
        fs.closeSync(fd);
      } catch {
        // ignore
      }
    }
    try {
      fs.unlinkSync(temp);
    } catch {
      // never created, or already renamed
    }
    if (e instanceof ValueError) throw e;
    throw new ValueError(`Could not save to ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  // Make the rename itself durable where directories can be synced (not on Windows).
  try {
    const dfd = fs.openSync(dir, "r");
    try {
      fs.fsyncSync(dfd);
    } finally {
      fs.closeSync(dfd);
    }
  } catch {
    // directory fsync is not supported everywhere; the data itself is already synced
  }
}

/** `mkdir -p`. */
export function makeDirs(path: string): void {
  nodeFs("makeDirs").mkdirSync(path, { recursive: true });
}

/** `rm -rf` (used by BackupAndRestore for its own backup directory). */
export function removeTree(path: string): void {
  nodeFs("removeTree").rmSync(path, { recursive: true, force: true });
}

export function readTextFile(path: string, what: string): string {
  return new TextDecoder().decode(readFileBytes(path, what));
}

/** Writes UTF-8 text atomically. */
export function writeTextFile(path: string, text: string): void {
  atomicWriteFile(path, new TextEncoder().encode(text));
}

/** The directory part of a path ("" when there is none). */
export function dirnameOfPath(path: string): string {
  const i = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return i < 0 ? "" : i === 0 ? path.slice(0, 1) : path.slice(0, i);
}
