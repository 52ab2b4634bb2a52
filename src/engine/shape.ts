/** Shape arithmetic shared by the engine, the ops and the layers. */
import { ValueError } from "./errors.js";

export type Shape = readonly number[];
/** A shape that may have unknown (`null`) dimensions, as Keras uses for symbolic tensors. */
export type PartialShape = readonly (number | null)[];

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}

/** Row-major strides in elements. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

export function shapesEqual(a: PartialShape, b: PartialShape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function formatShape(shape: PartialShape): string {
  if (shape.length === 1) return `(${shape[0] === null ? "None" : shape[0]},)`;
  return `(${shape.map((d) => (d === null ? "None" : String(d))).join(", ")})`;
}

/** Validates a concrete shape: every dimension a finite non-negative integer. */
export function checkShape(shape: unknown, context: string): number[] {
  if (!Array.isArray(shape)) {
    throw new ValueError(`${context}: expected a shape (an array of non-negative integers), received ${String(shape)}.`);
  }
  for (const d of shape) {
    if (typeof d !== "number" || !Number.isInteger(d) || d < 0) {
      throw new ValueError(
        `${context}: every dimension of a shape must be a non-negative integer, received shape [${shape.join(", ")}].`,
      );
    }
  }
  return shape.slice() as number[];
}

/** Normalizes a possibly negative axis against `rank`, with Keras's error wording. */
export function normalizeAxis(axis: number, rank: number, context: string): number {
  if (typeof axis !== "number" || !Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new ValueError(
      `${context}: axis ${String(axis)} is out of bounds for a tensor of rank ${rank} ` +
        `(expected an integer in [${-rank}, ${rank - 1}]).`,
    );
  }
  return axis < 0 ? axis + rank : axis;
}

/**
 * Normalizes `axis` (undefined/null = all axes, a number, or an array) into a
 * sorted list of distinct non-negative axes.
 */
export function normalizeAxes(axis: number | readonly number[] | null | undefined, rank: number, context: string): number[] {
  if (axis === undefined || axis === null) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axis === "number" ? [axis] : Array.from(axis);
  const out = list.map((a) => normalizeAxis(a, rank, context));
  const sorted = [...out].sort((a, b) => a - b);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] === sorted[i - 1]) throw new ValueError(`${context}: repeated axis ${sorted[i]} in ${JSON.stringify(list)}.`);
  }
  return sorted;
}

/** numpy broadcasting of two shapes; null (unknown) dims broadcast like Keras does symbolically. */
export function broadcastShapes(a: PartialShape, b: PartialShape, context = "broadcast"): (number | null)[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number | null>(rank);
  for (let i = 0; i < rank; i++) {
    const da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
    const db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
    if (da === 1) out[i] = db;
    else if (db === 1) out[i] = da;
    else if (da === null) out[i] = db;
    else if (db === null) out[i] = da;
    else if (da === db) out[i] = da;
    else {
      throw new ValueError(
        `${context}: cannot broadcast shapes ${formatShape(a)} and ${formatShape(b)} (dimension ${i} is ${da} vs ${db}).`,
      );
    }
  }
  return out;
}

/** Concrete-shape broadcasting (throws on unknown dims). */
export function broadcastConcrete(a: Shape, b: Shape, context = "broadcast"): number[] {
  return broadcastShapes(a, b, context) as number[];
}

/**
 * Strides to read a tensor of `shape` as if it had `outShape` (numpy broadcasting):
 * broadcast dimensions get stride 0.
 */
export function broadcastStrides(shape: Shape, outShape: Shape): number[] {
  const strides = stridesOf(shape);
  const out = new Array<number>(outShape.length).fill(0);
  const offset = outShape.length - shape.length;
  for (let i = 0; i < shape.length; i++) out[i + offset] = shape[i] === 1 ? 0 : strides[i];
  return out;
}
