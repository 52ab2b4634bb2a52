/** Shared argument handling for reductions: `axis` (null, number, array; negative allowed) and `keepdims`. */
import { normalizeAxes } from "../../engine/shape.js";

export type Axis = number | readonly number[] | null;

export interface ReduceOptions {
  axis?: Axis;
  keepdims?: boolean;
}

/** The output shape of reducing `axes` of `shape`, with or without kept size-1 dims. */
export function reducedShape(shape: readonly number[], axes: readonly number[], keepdims: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (axes.includes(i)) {
      if (keepdims) out.push(1);
    } else out.push(shape[i]);
  }
  return out;
}

export function resolveAxes(axis: Axis | undefined, rank: number, opName: string): number[] {
  return normalizeAxes(axis ?? null, rank, `ops.${opName}`);
}

/** Shape of the gradient of a reduction broadcast back against the input: reduced axes become 1. */
export function keptShape(shape: readonly number[], axes: readonly number[]): number[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}
