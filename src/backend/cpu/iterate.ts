/**
 * Shared iteration helpers for the CPU kernels: collapse dimensions that are
 * contiguous for every operand, then walk the outer dimensions with an
 * odometer and hand each innermost run to a tight, op-specialised loop.
 */
import type { Shape } from "../../engine/shape.js";

/** The (outer, axisLen, inner) view of `shape` around `axis`: the block shape that axis-wise kernels loop over. */
export function splitAroundAxis(shape: readonly number[], axis: number): [number, number, number] {
  let outer = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i];
  let inner = 1;
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i];
  return [outer, shape[axis], inner];
}

/**
 * Merges adjacent dims i, i+1 when every operand's strides allow reading them
 * as one dim. Returns the collapsed shape and per-operand strides. Size-1 dims
 * are dropped first (their stride never matters).
 */
export function collapse(shape: Shape, operandStrides: readonly (readonly number[])[]): { shape: number[]; strides: number[][] } {
  const dims: number[] = [];
  const strides: number[][] = operandStrides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue;
    dims.push(shape[d]);
    for (let k = 0; k < operandStrides.length; k++) strides[k].push(operandStrides[k][d]);
  }
  if (dims.length === 0) return { shape: [1], strides: operandStrides.map(() => [0]) };
  const outShape: number[] = [dims[0]];
  const outStrides: number[][] = strides.map((s) => [s[0]]);
  for (let d = 1; d < dims.length; d++) {
    const last = outShape.length - 1;
    let mergeable = true;
    for (let k = 0; k < strides.length; k++) {
      if (outStrides[k][last] !== strides[k][d] * dims[d]) {
        mergeable = false;
        break;
      }
    }
    if (mergeable) {
      outShape[last] *= dims[d];
      for (let k = 0; k < strides.length; k++) outStrides[k][last] = strides[k][d];
    } else {
      outShape.push(dims[d]);
      for (let k = 0; k < strides.length; k++) outStrides[k].push(strides[k][d]);
    }
  }
  return { shape: outShape, strides: outStrides };
}

/**
 * Calls `run(offsets, outOffset)` once per innermost row of `shape` (row length
 * shape[last]), with each operand's starting offset. Output is contiguous.
 */
export function forEachRow(
  shape: readonly number[],
  strides: readonly (readonly number[])[],
  baseOffsets: readonly number[],
  run: (offsets: number[], outOffset: number) => void,
): void {
  const rank = shape.length;
  const inner = shape[rank - 1];
  const nOps = strides.length;
  const offsets = baseOffsets.slice();
  if (rank === 1) {
    run(offsets, 0);
    return;
  }
  const idx = new Array<number>(rank - 1).fill(0);
  let rows = 1;
  for (let d = 0; d < rank - 1; d++) rows *= shape[d];
  let out = 0;
  for (let r = 0; r < rows; r++) {
    run(offsets, out);
    out += inner;
    // Advance the odometer over the outer dims.
    for (let d = rank - 2; d >= 0; d--) {
      idx[d]++;
      for (let k = 0; k < nOps; k++) offsets[k] += strides[k][d];
      if (idx[d] < shape[d]) break;
      for (let k = 0; k < nOps; k++) offsets[k] -= strides[k][d] * shape[d];
      idx[d] = 0;
    }
  }
}
