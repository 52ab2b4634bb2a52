/**
 * Turning what users pass to `fit` / `evaluate` / `predict` into batches of
 * `[x, y, sampleWeight]` tensors (Keras's data adapters).
 *
 * - In-memory data (Tensors, nested arrays, typed arrays, `{ data, shape }`,
 *   and lists / dicts of them for multi-input or multi-output models):
 *   `ArrayDataAdapter` slices it into batches, shuffling each epoch.
 * - Datasets: any sync or async iterable (or a function returning one, called
 *   each epoch) of `[x, y?, sampleWeight?]` batches: `IterableDataAdapter`.
 *
 * `classWeight` becomes per-sample weights from the targets, as in Keras.
 */
import { ValueError } from "../engine/errors.js";
import { toTensor } from "../engine/convert.js";
import { isFloat } from "../engine/dtype.js";
import { isTensor, Tensor } from "../engine/tensor.js";
import { floatx } from "../config/settings.js";
import { isPlainObject } from "../ops/op.js";
import * as ops from "../ops/index.js";
import { PhiloxStream } from "../random/prng.js";
import { makeDefaultSeed } from "../random/seed-generator.js";
import { flatten, mapStructure, packSequenceAs } from "../utils/tree.js";
import { pyRepr, typeName } from "../layers/py-format.js";

/** One batch: inputs, targets (or null) and sample weights (or null), each a tensor or a list / dict of tensors. */
export type Batch = [x: any, y: any, sampleWeight: any];

export type ClassWeight = Record<number | string, number> | Map<number, number>;

/** `{ data, shape }`: a flat typed (or plain) array with its shape. */
export interface ShapedArray {
  data: ArrayLike<number>;
  shape: readonly number[];
}

function isShapedArray(x: unknown): x is ShapedArray {
  if (!isPlainObject(x)) return false;
  const keys = Object.keys(x);
  return keys.length === 2 && "data" in x && "shape" in x && Array.isArray(x.shape) &&
    (x.shape as unknown[]).every((d) => Number.isInteger(d) && (d as number) >= 0) &&
    (ArrayBuffer.isView(x.data) || Array.isArray(x.data));
}

function isTypedArray(x: unknown): x is ArrayLike<number> {
  return ArrayBuffer.isView(x) && !(x instanceof DataView);
}

/** A nested array whose leaves are all numbers or booleans: one data array (not a list of inputs). */
export function isNumericArray(x: unknown): boolean {
  if (!Array.isArray(x)) return false;
  const stack: unknown[] = [x];
  while (stack.length) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      for (const e of v) stack.push(e);
    } else if (typeof v !== "number" && typeof v !== "boolean") {
      return false;
    }
  }
  return true;
}

/** Keras normalises float data to floatx (float64 arrays train as float32). */
function normalizeFloat(t: Tensor): Tensor {
  const fx = floatx();
  return isFloat(t.dtype) && t.dtype !== fx ? ops.cast(t, fx) : t;
}

/**
 * One data leaf as a tensor; lists and dicts are kept as structures. `what`
 * names the argument in errors. `parts` is how many inputs (or outputs) the
 * model has: with several, a list of that many arrays is one array per part,
 * even when the arrays are plain numbers (a nested array is otherwise one tensor).
 */
export function standardizeData(x: unknown, what: string, parts = 1): any {
  if (x === null || x === undefined) return null;
  if (parts > 1 && Array.isArray(x) && x.length === parts && x.every((e) => e !== null && typeof e === "object")) {
    return x.map((e) => standardizeData(e, what));
  }
  if (isTensor(x)) return normalizeFloat(x);
  if (isTypedArray(x)) return normalizeFloat(toTensor(x, undefined, what));
  if (isShapedArray(x)) {
    const flat = toTensor(isTypedArray(x.data) ? x.data : Array.from(x.data), undefined, what);
    const size = x.shape.reduce((a, b) => a * b, 1);
    if (size !== flat.size) {
      throw new ValueError(`${what}: { data, shape } has ${flat.size} values but shape [${x.shape.join(", ")}] needs ${size}.`);
    }
    return normalizeFloat(ops.reshape(flat, x.shape as number[]));
  }
  if (isNumericArray(x)) return normalizeFloat(toTensor(x, undefined, what));
  if (Array.isArray(x)) return x.map((e) => standardizeData(e, what));
  if (isPlainObject(x)) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, standardizeData(v, what)]));
  if (x && typeof x === "object" && "value" in x && isTensor((x as { value: unknown }).value)) {
    return normalizeFloat((x as { value: Tensor }).value);
  }
  throw new ValueError(`Unrecognized data type: ${what}=${pyRepr(x)} (of type ${typeName(x)})`);
}

/** Keras's `unpack_x_y_sample_weight`: a batch is `x`, `[x]`, `[x, y]` or `[x, y, sampleWeight]`. */
export function unpackXYSampleWeight(data: unknown): Batch {
  if (!Array.isArray(data)) return [data, null, null];
  if (data.length === 1) return [data[0], null, null];
  if (data.length === 2) return [data[0], data[1], null];
  if (data.length === 3) return [data[0], data[1], data[2]];
  throw new ValueError(`Data is expected to be in format \`x\`, \`(x,)\`, \`(x, y)\`, or \`(x, y, sample_weight)\`, found: ${pyRepr(data)}`);
}

function firstDim(t: Tensor): number | string {
  return t.rank === 0 ? "scalar" : t.shape[0];
}

/** Keras's `check_data_cardinality`: every array must hold the same number of samples. */
export function checkDataCardinality(data: Batch): number {
  const sizes = new Set<number | string>();
  for (const part of data) for (const t of flatten<unknown>(part)) if (isTensor(t)) sizes.add(firstDim(t));
  if (sizes.size > 1) {
    let msg = "Data cardinality is ambiguous. Make sure all arrays contain the same number of samples.";
    ["x", "y", "sample_weight"].forEach((label, i) => {
      const parts = flatten<unknown>(data[i]).filter(isTensor) as Tensor[];
      if (parts.length) msg += `'${label}' sizes: ${parts.map(firstDim).join(", ")}\n`;
    });
    throw new ValueError(msg);
  }
  const [n] = sizes;
  if (typeof n !== "number") {
    throw new ValueError("Expected every array passed as data to have a batch (first) dimension; received a scalar.");
  }
  return n;
}

function classWeightLookup(classWeight: ClassWeight): Map<number, number> {
  const entries = classWeight instanceof Map ? [...classWeight.entries()] : Object.entries(classWeight);
  const out = new Map<number, number>();
  for (const [k, v] of entries) {
    const cls = Number(k);
    if (!Number.isInteger(cls) || cls < 0 || typeof v !== "number") {
      throw new ValueError(`\`class_weight\` must map non-negative integer class indices to numbers. Received: class_weight=${pyRepr(Object.fromEntries(entries))}`);
    }
    out.set(cls, v);
  }
  return out;
}

/**
 * Keras's `class_weight_to_sample_weights`: the weight of each sample's class
 * (1 for classes not listed). One-hot targets use their argmax; a trailing
 * size-1 axis is squeezed; labels are rounded to integers.
 */
export function classWeightToSampleWeights(y: Tensor, classWeight: ClassWeight): Tensor {
  const lookup = classWeightLookup(classWeight);
  let labels = y;
  if (labels.rank > 1) labels = labels.shape[labels.rank - 1] !== 1 ? ops.argmax(labels, -1) : ops.squeeze(labels, -1);
  if (labels.rank !== 1) {
    throw new ValueError(`\`class_weight\` needs one label per sample (targets of shape [n], [n, 1] or one-hot [n, classes]). Received targets of shape [${y.shape.join(", ")}].`);
  }
  const ids = ops.cast(ops.round(ops.cast(labels, "float32")), "int32");
  const maxClass = Math.max(-1, ...lookup.keys());
  const table = new Float32Array(maxClass + 2).fill(1); // the last slot (1.0) serves classes not listed
  for (const [k, v] of lookup) table[k] = v;
  const inRange = ops.logicalAnd(ops.greaterEqual(ids, 0), ops.lessEqual(ids, maxClass));
  const slot = ops.where(inRange, ids, maxClass + 1);
  return ops.cast(ops.take(toTensor(table), slot, 0), floatx());
}

function singleTargetForClassWeight(y: unknown): Tensor {
  const leaves = flatten<unknown>(y).filter((v) => v !== null);
  if (leaves.length !== 1 || !isTensor(leaves[0])) throw new ValueError("`class_weight` is only supported for Models with a single output.");
  return leaves[0];
}

// ---------------------------------------------------------------- adapters

export interface DataAdapter {
  /** Batches per epoch, or null when unknown until the data runs out. */
  readonly numBatches: number | null;
  readonly isAsync: boolean;
  /** A fresh iterator over one pass of the data (reshuffled for arrays). */
  getIterator(): Iterator<Batch> | AsyncIterator<Batch>;
}

export interface ArrayAdapterOptions {
  batchSize?: number | null;
  /** Number of model inputs and outputs, to tell a list of per-part arrays from one nested array. */
  inputCount?: number;
  outputCount?: number;
  /** true: a new permutation each epoch; "batch": shuffle batch-sized chunks; false: in order. */
  shuffle?: boolean | "batch";
  classWeight?: ClassWeight | null;
}

/** In-memory data, sliced into batches along the first axis. */
export class ArrayDataAdapter implements DataAdapter {
  readonly isAsync = false;
  readonly numSamples: number;
  readonly batchSize: number;
  readonly numBatches: number;
  private readonly structure: Batch;
  private readonly leaves: (Tensor | null)[];
  private readonly shuffle: boolean | "batch";
  private readonly random: PhiloxStream | null;

  constructor(x: unknown, y: unknown, sampleWeight: unknown, options: ArrayAdapterOptions = {}) {
    const batchSize = options.batchSize ?? 32;
    if (!Number.isInteger(batchSize) || batchSize <= 0) {
      throw new ValueError(`Argument \`batch_size\` must be a positive integer. Received: batch_size=${pyRepr(batchSize)}`);
    }
    const { inputCount = 1, outputCount = 1 } = options;
    let data: Batch = [standardizeData(x, "x", inputCount), standardizeData(y, "y", outputCount), standardizeData(sampleWeight, "sample_weight", outputCount)];
    if (options.classWeight) {
      if (data[2] !== null) {
        throw new ValueError(`You cannot \`class_weight\` and \`sample_weight\` at the same time.`);
      }
      if (data[1] === null) throw new ValueError("`class_weight` needs targets `y` to weight.");
      data = [data[0], data[1], classWeightToSampleWeights(singleTargetForClassWeight(data[1]), options.classWeight)];
    }
    if (flatten<unknown>(data[0]).filter(isTensor).length === 0) {
      throw new ValueError("Expected `x` to contain at least one array or tensor. Received: x=None");
    }
    this.numSamples = checkDataCardinality(data);
    this.batchSize = batchSize;
    this.numBatches = Math.ceil(this.numSamples / batchSize);
    this.structure = data;
    this.leaves = flatten<Tensor | null>(data);
    this.shuffle = options.shuffle ?? false;
    this.random = this.shuffle ? new PhiloxStream(makeDefaultSeed(), 0, 0x5bf1) : null;
  }

  /** The sample order of one epoch. */
  private epochOrder(): Int32Array | null {
    if (!this.shuffle || !this.random) return null;
    const n = this.numSamples;
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    const swap = (i: number, j: number) => {
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    };
    if (this.shuffle === "batch") {
      // Shuffle inside each batch-sized chunk, then the order of the full chunks (the partial last one stays last).
      const b = this.batchSize;
      for (let start = 0; start < n; start += b) {
        const end = Math.min(n, start + b);
        for (let i = end - 1; i > start; i--) swap(i, start + this.random.nextBelow(i - start + 1));
      }
      const full = Math.floor(n / b);
      const chunkOrder = Array.from({ length: full }, (_, i) => i);
      for (let i = full - 1; i > 0; i--) {
        const j = this.random.nextBelow(i + 1);
        [chunkOrder[i], chunkOrder[j]] = [chunkOrder[j], chunkOrder[i]];
      }
      const out = new Int32Array(n);
      chunkOrder.forEach((c, k) => out.set(order.subarray(c * b, (c + 1) * b), k * b));
      out.set(order.subarray(full * b), full * b);
      return out;
    }
    for (let i = n - 1; i > 0; i--) swap(i, this.random.nextBelow(i + 1));
    return order;
  }

  *getIterator(): Iterator<Batch> {
    const order = this.epochOrder();
    for (let b = 0; b < this.numBatches; b++) {
      const start = b * this.batchSize;
      const end = Math.min(this.numSamples, start + this.batchSize);
      const index = order ? new Tensor(order.slice(start, end), [end - start], "int32") : null;
      const parts = this.leaves.map((t) => {
        if (t === null) return null;
        if (index) return ops.take(t, index, 0);
        if (start === 0 && end === this.numSamples) return t;
        return ops.slice(t, [start, ...t.shape.slice(1).map(() => 0)], [end - start, ...t.shape.slice(1)]);
      });
      yield packSequenceAs(this.structure, parts) as Batch;
    }
  }

  /** The whole data as one batch structure (used by validation splits). */
  get data(): Batch {
    return this.structure;
  }
}

/** A source of batches: an iterable, an async iterable, or a function returning one (called once per epoch). */
export type Dataset = Iterable<unknown> | AsyncIterable<unknown> | (() => Iterable<unknown> | AsyncIterable<unknown>);

/** Whether `x` is a dataset rather than in-memory data. */
export function isDataset(x: unknown): x is Dataset {
  if (x === null || x === undefined || typeof x === "string" || Array.isArray(x) || isTensor(x) || isTypedArray(x)) return false;
  if (typeof x === "function") return true;
  if (typeof x !== "object") return false;
  return typeof (x as { [Symbol.iterator]?: unknown })[Symbol.iterator] === "function" ||
    typeof (x as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === "function";
}

/** Batches drawn from a user dataset; each element is unpacked and its arrays converted to tensors. */
export class IterableDataAdapter implements DataAdapter {
  readonly isAsync: boolean;
  readonly numBatches: number | null;
  private readonly source: Dataset;
  private readonly classWeight: ClassWeight | null;
  private readonly inputCount: number;
  private readonly outputCount: number;

  constructor(source: Dataset, options: { classWeight?: ClassWeight | null; inputCount?: number; outputCount?: number } = {}) {
    this.source = source;
    this.classWeight = options.classWeight ?? null;
    this.inputCount = options.inputCount ?? 1;
    this.outputCount = options.outputCount ?? 1;
    const probe = typeof source === "function" ? null : source;
    this.isAsync = typeof source === "function"
      ? isAsyncResult(source)
      : typeof (probe as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== "function";
    // A dataset may state its length (Keras's PyDataset.num_batches).
    const stated = (source as { numBatches?: unknown; length?: unknown }).numBatches;
    this.numBatches = typeof stated === "number" && Number.isInteger(stated) && stated >= 0 ? stated : null;
  }

  private open(): Iterable<unknown> | AsyncIterable<unknown> {
    const s = typeof this.source === "function" ? this.source() : this.source;
    if (!isDataset(s) || typeof s === "function") {
      throw new ValueError(`A dataset function must return an iterable of batches. Received: ${pyRepr(s)} (of type ${typeName(s)})`);
    }
    return s;
  }

  private toBatch(element: unknown): Batch {
    const [x, y, sw] = unpackXYSampleWeight(element);
    let batch: Batch = [
      standardizeData(x, "x", this.inputCount), standardizeData(y, "y", this.outputCount), standardizeData(sw, "sample_weight", this.outputCount),
    ];
    if (this.classWeight && batch[1] !== null) {
      if (batch[2] !== null) throw new ValueError("You cannot `class_weight` and `sample_weight` at the same time.");
      batch = [batch[0], batch[1], classWeightToSampleWeights(singleTargetForClassWeight(batch[1]), this.classWeight)];
    }
    checkDataCardinality(batch);
    return batch;
  }

  getIterator(): Iterator<Batch> | AsyncIterator<Batch> {
    const s = this.open();
    const syncIt = (s as Iterable<unknown>)[Symbol.iterator];
    if (typeof syncIt === "function") {
      const it = syncIt.call(s) as Iterator<unknown>;
      return { next: () => this.mapResult(it.next()) };
    }
    const it = (s as AsyncIterable<unknown>)[Symbol.asyncIterator]();
    return { next: async () => this.mapResult(await it.next()) };
  }

  private mapResult(r: IteratorResult<unknown>): IteratorResult<Batch> {
    return r.done ? { done: true, value: undefined } : { done: false, value: this.toBatch(r.value) };
  }
}

function isAsyncResult(fn: () => unknown): boolean {
  // An async generator function is async; anything else is decided when the epoch opens it.
  return Object.prototype.toString.call(fn) === "[object AsyncGeneratorFunction]";
}

/** Keras's `train_validation_split`: the last `validationSplit` fraction of the samples, taken before any shuffling. */
export function trainValidationSplit(data: Batch, validationSplit: number): [Batch, Batch] {
  const leaves = flatten<unknown>(data).filter((v) => v !== null);
  for (const leaf of leaves) {
    if (!isTensor(leaf)) {
      throw new ValueError(`Argument \`validation_split\` is only supported for tensors or NumPy arrays.Found incompatible type in the input: ${typeName(leaf)}`);
    }
  }
  if (leaves.length === 0) return [data, data];
  const n = (leaves[0] as Tensor).shape[0];
  const splitAt = Math.floor(n * (1.0 - validationSplit));
  if (splitAt === 0 || splitAt === n) {
    throw new ValueError(
      `Training data contains ${n} samples, which is not sufficient to split it into a validation and training set as specified by ` +
        `\`validation_split=${validationSplit}\`. Either provide more data, or a different value for the \`validation_split\` argument.`,
    );
  }
  const cut = (start: number, end: number) => (t: Tensor | null) =>
    t === null ? null : ops.slice(t, [start, ...t.shape.slice(1).map(() => 0)], [end - start, ...t.shape.slice(1)]);
  return [mapStructure(cut(0, splitAt), data), mapStructure(cut(splitAt, n), data)];
}
