/**
 * `model.predict(x, { batchSize })`: runs the model in inference mode on
 * batches of `x` (split along axis 0) and concatenates the outputs.
 * Synchronous, as compute on the CPU backends is.
 */
import { ValueError } from "../engine/errors.js";
import { toTensor } from "../engine/convert.js";
import { isTensor, Tensor } from "../engine/tensor.js";
import { concatenate } from "../ops/shape/join.js";
import { slice } from "../ops/shape/slicing.js";
import { isPlainObject } from "../ops/op.js";
import { flatten, packSequenceAs } from "../utils/tree.js";
import type { Layer } from "../layers/layer.js";

export interface PredictOptions {
  /** Samples per batch (default 32). */
  batchSize?: number;
  /** 0 silent; "auto" (the default) or 1 a progress bar, 2 one line at the end (the training mixin, src/trainers/trainer.ts, prints them). */
  verbose?: number | "auto";
  /** Number of batches to run (default: all). */
  steps?: number | null;
}

function isNumericArray(x: unknown): boolean {
  return Array.isArray(x) && flatten(x).every((v) => typeof v === "number" || typeof v === "boolean");
}

/** Turns the user's `x` into a structure of tensors (one per model input). */
function toInputTensors(model: Layer, x: unknown): unknown {
  const nInputs = (model as { _graph?: { inputs: unknown[] } | null })._graph?.inputs.length ?? 1;
  const convert = (v: unknown): unknown => (isTensor(v) ? v : ArrayBuffer.isView(v) || isNumericArray(v) ? toTensor(v) : v);
  if (nInputs === 1 && (isTensor(x) || ArrayBuffer.isView(x) || isNumericArray(x))) return convert(x);
  if (Array.isArray(x)) return x.map(convert);
  if (isPlainObject(x)) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, convert(v)]));
  return convert(x);
}

function sliceBatch(t: Tensor, start: number, end: number): Tensor {
  if (start === 0 && end === t.shape[0]) return t;
  return slice(t, [start, ...t.shape.slice(1).map(() => 0)], [end - start, ...t.shape.slice(1)]);
}

export function predictBatched(model: Layer, x: unknown, options: PredictOptions = {}): any {
  const batchSize = options.batchSize ?? 32;
  if (!Number.isInteger(batchSize) || batchSize <= 0) {
    throw new ValueError(`predict: \`batchSize\` must be a positive integer. Received: batchSize=${String(batchSize)}`);
  }
  const inputs = toInputTensors(model, x);
  const leaves = flatten<unknown>(inputs);
  const tensors = leaves.filter(isTensor) as Tensor[];
  if (tensors.length === 0) throw new ValueError("predict: `x` must contain at least one tensor or array.");
  const n = tensors[0].shape[0];
  for (const t of tensors) {
    if (t.rank === 0 || t.shape[0] !== n) {
      throw new ValueError(
        `Data cardinality is ambiguous. Make sure all arrays contain the same number of samples. ` +
          `Received sizes: ${tensors.map((u) => (u.rank ? u.shape[0] : "scalar")).join(", ")}`,
      );
    }
  }
  const steps = Math.min(options.steps ?? Infinity, Math.ceil(n / batchSize));
  let structure: unknown = null;
  const perOutput: Tensor[][] = [];
  for (let s = 0; s < steps; s++) {
    const start = s * batchSize;
    const end = Math.min(n, start + batchSize);
    const batch = packSequenceAs(inputs, leaves.map((l) => (isTensor(l) ? sliceBatch(l, start, end) : l)));
    const out = model.apply(batch, { training: false });
    structure ??= out;
    flatten<Tensor>(out).forEach((t, i) => (perOutput[i] ??= []).push(t));
  }
  if (structure === null) {
    // Zero samples: one call on the empty batch gives the output structure and shapes.
    return model.apply(inputs, { training: false });
  }
  const merged = perOutput.map((parts) => (parts.length === 1 ? parts[0] : concatenate(parts, 0)));
  return packSequenceAs(structure, merged);
}
