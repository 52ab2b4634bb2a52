/**
 * HDF5 files in memory, through h5wasm (the HDF5 C library compiled to
 * WebAssembly), laid out the way h5py writes them for Keras: groups created
 * one level at a time, contiguous little-endian datasets, variable-length
 * string attributes. Bytes in, bytes out: h5wasm's default build keeps its
 * files on an in-memory file system, so the same code runs in browsers.
 *
 * h5wasm is loaded lazily (dynamic import) the first time a file is opened,
 * so models that never touch HDF5 never load the 1 MB WASM module.
 */
import { ValueError } from "../engine/errors.js";
import { DType } from "../engine/dtype.js";
import { Tensor } from "../engine/tensor.js";

type H5Lib = typeof import("h5wasm");
type H5Group = import("h5wasm").Group;
type H5Dataset = import("h5wasm").Dataset;
type H5File = import("h5wasm").File;

// h5wasm's HDF5 type classes (H5T_class_t).
const H5T_INTEGER = 0;
const H5T_FLOAT = 1;
const H5T_STRING = 3;
const H5T_ENUM = 8;

/** The HDF5 signature, at offset 0 of every file h5py writes. */
const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** Largest dataset read in one piece: h5wasm's heap is capped at 2 GiB and never shrinks. */
const MAX_DATASET_BYTES = 1 << 30;

let libPromise: Promise<H5Lib> | null = null;

/** Loads h5wasm once, with HDF5 errors turned into exceptions (by default HDF5 only prints them). */
export function loadH5wasm(): Promise<H5Lib> {
  if (!libPromise) {
    libPromise = (async () => {
      const lib = await import("h5wasm");
      const module = (await lib.ready) as unknown as { activate_throwing_error_handler?: () => void };
      module.activate_throwing_error_handler?.();
      return lib;
    })();
    libPromise.catch(() => {
      libPromise = null;
    });
  }
  return libPromise;
}

let fileCounter = 0;
function scratchName(): string {
  fileCounter += 1;
  return `/keras-ts-${fileCounter}-${Math.random().toString(36).slice(2)}.h5`;
}

/** First line of an HDF5 diagnostic: h5wasm's messages carry the whole error stack. */
/**
 * Closes an h5wasm file and removes its scratch copy from the in-memory FS,
 * ignoring failures of either: a corrupted or half-written file may fail to
 * close cleanly, and the copy must go regardless.
 */
function closeAndRemove(lib: H5Lib, file: H5File, fsName: string): void {
  try {
    file.close();
  } catch {
    // removed below either way
  }
  try {
    lib.FS!.unlink(fsName);
  } catch {
    // already gone
  }
}

function shortError(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  const lines = text.split("\n").map((l) => l.trim()).filter(Boolean);
  const major = lines.find((l) => /major:|minor:/.test(l));
  const first = lines.find((l) => l.startsWith("#000:")) ?? lines[0] ?? "unknown error";
  return major ? `${first} (${lines.filter((l) => /major:|minor:/.test(l)).slice(-2).join("; ")})` : first;
}

export function isHdf5(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && HDF5_SIGNATURE.every((b, i) => bytes[i] === b);
}

/** An attribute value as Keras reads it: strings, lists of strings, numbers or number lists. */
export type H5AttrValue = string | string[] | number | number[] | null;

export interface H5DatasetInfo {
  shape: number[];
  /** numpy-style dtype name: float32, float64, float16, int32, int64, uint8, bool, ... */
  dtype: string;
  /** The dataset's size in bytes once read. */
  byteLength: number;
  attrs: Record<string, H5AttrValue>;
}

/** Read access to an HDF5 file given as bytes. Call `close()` when done. */
export class H5Reader {
  private closed = false;
  /** Member names per group path (the file is read-only, so they never change). */
  private readonly memberCache = new Map<string, Set<string>>();

  private constructor(
    private readonly lib: H5Lib,
    private readonly file: H5File,
    private readonly fsName: string,
    /** What the file is, for error messages (e.g. "model.weights.h5"). */
    readonly label: string,
    readonly byteLength: number,
  ) {}

  static async open(bytes: Uint8Array, label: string): Promise<H5Reader> {
    if (!isHdf5(bytes)) {
      throw new ValueError(`${label} is not an HDF5 file (no HDF5 signature at the start; ${bytes.length} bytes).`);
    }
    const lib = await loadH5wasm();
    const name = scratchName();
    const fs = lib.FS!;
    // The file is opened read-only: the in-memory file system may use the caller's bytes without copying them.
    fs.writeFile(name, bytes, { canOwn: true } as never);
    try {
      const file = new lib.File(name, "r");
      return new H5Reader(lib, file, name, label, bytes.length);
    } catch (e) {
      fs.unlink(name);
      throw new ValueError(`Could not open ${label} as an HDF5 file (truncated or corrupted?): ${shortError(e)}`);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeAndRemove(this.lib, this.file, this.fsName);
  }

  /** Runs an h5wasm call, turning HDF5 failures into a ValueError naming the file and path. */
  private guard<T>(path: string, what: string, fn: () => T): T {
    if (this.closed) throw new ValueError(`${this.label} is closed.`);
    try {
      return fn();
    } catch (e) {
      if (e instanceof ValueError) throw e;
      throw new ValueError(`Could not read ${what} '${path}' in ${this.label} (corrupted file?): ${shortError(e)}`);
    }
  }

  private entity(path: string): H5Group | H5Dataset | null {
    return this.guard(path, "object", () => {
      if (path === "" || path === "/") return this.file;
      // Walk one level at a time: a missing parent is "not found", not an HDF5 error.
      let node: unknown = this.file;
      let at = "";
      for (const part of path.split("/").filter(Boolean)) {
        if (!(node instanceof this.lib.Group)) return null;
        let members = this.memberCache.get(at);
        if (!members) this.memberCache.set(at, (members = new Set(node.keys())));
        if (!members.has(part)) return null;
        node = node.get(part);
        at = at ? `${at}/${part}` : part;
      }
      return node instanceof this.lib.Group || node instanceof this.lib.Dataset ? node : null;
    });
  }

  isGroup(path: string): boolean {
    return this.entity(path) instanceof this.lib.Group;
  }

  isDataset(path: string): boolean {
    return this.entity(path) instanceof this.lib.Dataset;
  }

  has(path: string): boolean {
    return this.entity(path) !== null;
  }

  /** Member names of a group (alphabetical, as HDF5 lists them); [] when the group does not exist. */
  keys(path: string): string[] {
    const g = this.entity(path);
    if (!(g instanceof this.lib.Group)) return [];
    return this.guard(path, "group", () => g.keys());
  }

  attrNames(path: string): string[] {
    const e = this.entity(path);
    if (!e) return [];
    return this.guard(path, "attributes of", () => Object.keys(e.attrs));
  }

  /** An attribute, decoded (strings as strings, arrays as arrays); undefined when absent. */
  attr(path: string, name: string): H5AttrValue | undefined {
    const e = this.entity(path);
    if (!e) return undefined;
    return this.guard(path, `attribute '${name}' of`, () => {
      const attrs = e.attrs;
      if (!(name in attrs)) return undefined;
      const a = attrs[name];
      const meta = a.metadata;
      const count = (meta.shape ?? []).reduce((p, d) => p * d, 1);
      if (count * Math.max(meta.size, 1) > this.byteLength + 1024 && !meta.vlen) {
        throw new ValueError(`Attribute '${name}' of '${path}' in ${this.label} claims ${count} elements: larger than the file.`);
      }
      return decodeAttr(a.value);
    });
  }

  /** String metadata of an attribute (character set), for layout comparisons. */
  attrType(path: string, name: string): { type: "string" | "number"; charset?: "ascii" | "utf-8"; shape: number[] } | undefined {
    const e = this.entity(path);
    if (!e) return undefined;
    return this.guard(path, `attribute '${name}' of`, () => {
      if (!(name in e.attrs)) return undefined;
      const meta = e.attrs[name].metadata;
      const shape = meta.shape ?? [];
      if (meta.type === H5T_STRING) return { type: "string", charset: meta.cset === 1 ? "utf-8" : "ascii", shape };
      return { type: "number", shape };
    });
  }

  datasetInfo(path: string): H5DatasetInfo {
    const d = this.entity(path);
    if (!(d instanceof this.lib.Dataset)) throw new ValueError(`${this.label} has no dataset '${path}'.`);
    return this.guard(path, "dataset", () => {
      const meta = d.metadata;
      const shape = meta.shape ?? [];
      const count = shape.reduce((p, s) => p * s, 1);
      const attrs: Record<string, H5AttrValue> = {};
      for (const [k, a] of Object.entries(d.attrs)) attrs[k] = decodeAttr(a.value);
      return { shape, dtype: numpyDtype(meta), byteLength: count * meta.size, attrs };
    });
  }

  /**
   * Reads a dataset as a Tensor (int64 as int32 when the values fit). The
   * size is checked first: an uncompressed dataset larger than the file is
   * corruption, and reading it would exhaust the WASM heap.
   */
  readTensor(path: string): Tensor {
    const info = this.datasetInfo(path);
    const d = this.entity(path) as H5Dataset;
    const filtered = this.guard(path, "dataset", () => d.filters.length > 0);
    if (info.byteLength > MAX_DATASET_BYTES || (!filtered && info.byteLength > this.byteLength)) {
      throw new ValueError(
        `Dataset '${path}' in ${this.label} claims shape [${info.shape.join(", ")}] (${info.byteLength} bytes), ` +
          `more than the file holds (${this.byteLength} bytes): the file is corrupted.`,
      );
    }
    if (info.attrs.dtype === "bfloat16") throw new ValueError(`Dataset '${path}' in ${this.label} is bfloat16, which keras-ts cannot read.`);
    const dtype = tensorDtype(info.dtype);
    if (!dtype) throw new ValueError(`Dataset '${path}' in ${this.label} has dtype ${info.dtype}, which keras-ts cannot read.`);
    const raw = this.guard(path, "dataset", () => d.value);
    return toTensorFromH5(raw, info, dtype, `${this.label}:${path}`);
  }
}

function decodeAttr(v: unknown): H5AttrValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "boolean") return v ? 1 : 0;
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number | bigint>, Number);
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x === "string")) return v as string[];
    return v.map((x) => (typeof x === "bigint" ? Number(x) : (x as number)));
  }
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  return null;
}

function numpyDtype(meta: { type: number; size: number; signed: boolean; enum_type?: unknown }): string {
  if (meta.type === H5T_FLOAT) return meta.size === 2 ? "float16" : meta.size === 4 ? "float32" : meta.size === 8 ? "float64" : `float${meta.size * 8}`;
  if (meta.type === H5T_INTEGER) return `${meta.signed ? "int" : "uint"}${meta.size * 8}`;
  if (meta.type === H5T_ENUM) return meta.size === 1 ? "bool" : `enum${meta.size * 8}`;
  if (meta.type === H5T_STRING) return "string";
  return `hdf5-class-${meta.type}`;
}

function tensorDtype(dtype: string): DType | null {
  switch (dtype) {
    case "float32":
      return "float32";
    case "float64":
      return "float64";
    case "int8":
    case "int16":
    case "int32":
    case "uint8":
    case "uint16":
    case "int64":
    case "uint32":
    case "uint64":
      return "int32";
    case "bool":
      return "bool";
    default:
      return null;
  }
}

function toTensorFromH5(raw: unknown, info: H5DatasetInfo, dtype: DType, where: string): Tensor {
  const count = info.shape.reduce((p, s) => p * s, 1);
  let values: ArrayLike<number | bigint>;
  if (ArrayBuffer.isView(raw)) values = raw as unknown as ArrayLike<number | bigint>;
  else if (typeof raw === "number" || typeof raw === "bigint") values = [raw];
  else if (typeof raw === "boolean") values = [raw ? 1 : 0];
  else throw new ValueError(`Dataset ${where} did not read as numbers.`);
  if (values.length !== count) throw new ValueError(`Dataset ${where} has ${values.length} values for shape [${info.shape.join(", ")}].`);
  let data;
  if (dtype === "float32") data = values instanceof Float32Array ? new Float32Array(values) : Float32Array.from(values as ArrayLike<number>);
  else if (dtype === "float64") data = Float64Array.from(values as ArrayLike<number>);
  else if (dtype === "bool") data = Uint8Array.from(values as ArrayLike<number>, (x) => (x ? 1 : 0));
  else {
    data = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      const x = Number(values[i]);
      if (!Number.isInteger(x) || x > 2147483647 || x < -2147483648) {
        throw new ValueError(`Dataset ${where} holds ${String(values[i])}, which does not fit keras-ts's int32.`);
      }
      data[i] = x;
    }
  }
  return new Tensor(data, info.shape.slice(), dtype);
}

/** h5wasm dtype strings for the dtypes keras-ts writes (numpy's `<f4`, `<i4`, ...). */
const H5_DTYPES: Record<DType, string> = { float32: "<f", float64: "<d", int32: "<i", bool: "|B" };

/**
 * Builds an HDF5 file in memory and returns its bytes. Groups are created
 * one level at a time (h5wasm does not create parents); the superblock is
 * version 0 like h5py's (`libver: ["earliest", "v110"]`).
 */
export class H5Writer {
  private readonly groups = new Map<string, H5Group>();
  private done = false;

  private constructor(
    private readonly lib: H5Lib,
    private readonly file: H5File,
    private readonly fsName: string,
  ) {
    this.groups.set("", file);
  }

  static async create(): Promise<H5Writer> {
    const lib = await loadH5wasm();
    const name = scratchName();
    const file = new lib.File(name, "w", { libver: ["earliest", "v110"] });
    return new H5Writer(lib, file, name);
  }

  /** The group at `path`, created with its parents when missing. */
  group(path: string): H5Group {
    const parts = path.split("/").filter(Boolean);
    let current = "";
    let node = this.groups.get("")!;
    for (const part of parts) {
      const next = current ? `${current}/${part}` : part;
      let g = this.groups.get(next);
      if (!g) {
        if (node.keys().includes(part)) {
          const existing = node.get(part);
          if (!(existing instanceof this.lib.Group)) throw new ValueError(`Cannot create group '${next}': a dataset has that name.`);
          g = existing;
        } else {
          g = node.create_group(part);
        }
        this.groups.set(next, g);
      }
      node = g;
      current = next;
    }
    return node;
  }

  /** A scalar variable-length string attribute; UTF-8 like h5py's `str`, or ASCII like its `bytes`. */
  setStringAttr(path: string, name: string, value: string, charset: "utf-8" | "ascii" = "utf-8"): void {
    this.group(path).create_attribute(name, value, [], charset === "utf-8" ? "S" : "A");
  }

  /** A 1-D variable-length string attribute (legacy `.h5` `layer_names`, `weight_names`). */
  setStringListAttr(path: string, name: string, values: string[], charset: "utf-8" | "ascii" = "ascii"): void {
    if (values.length === 0) {
      // h5py stores an empty list as an empty float64 array; Keras writes `weight_names` that way.
      this.group(path).create_attribute(name, new Float64Array(0), [0], "<d");
      return;
    }
    this.group(path).create_attribute(name, values, [values.length], charset === "utf-8" ? "S" : "A");
  }

  /** A dataset holding a tensor's values (contiguous, no filters, no attributes). */
  writeTensor(path: string, tensor: Tensor): void {
    const slash = path.lastIndexOf("/");
    const parent = this.group(slash < 0 ? "" : path.slice(0, slash));
    const name = slash < 0 ? path : path.slice(slash + 1);
    const data = tensor.dtype === "bool" ? Uint8Array.from(tensor.data as Uint8Array) : tensor.data;
    parent.create_dataset({ name, data: data as Float32Array, shape: tensor.shape.slice() as number[], dtype: H5_DTYPES[tensor.dtype] });
  }

  /** Closes the file and returns its bytes; the writer cannot be used afterwards. */
  finish(): Uint8Array {
    if (this.done) throw new ValueError("H5Writer.finish() was already called.");
    this.done = true;
    const fs = this.lib.FS!;
    try {
      this.file.close();
      return fs.readFile(this.fsName) as Uint8Array;
    } finally {
      try {
        fs.unlink(this.fsName);
      } catch {
        // already gone
      }
    }
  }

  /** Drops the file without reading it back (after a failure). */
  discard(): void {
    if (this.done) return;
    this.done = true;
    closeAndRemove(this.lib, this.file, this.fsName);
  }
}
