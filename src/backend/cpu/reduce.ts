/**
 * Reductions over any set of axes without transposing: consecutive reduced
 * axes are merged, and each maximal run is reduced as an (outer, R, inner)
 * block, accumulating whole inner rows so memory is read sequentially.
 */
import { DType, TypedArray, allocate } from "../../engine/dtype.js";
import { Shape, sizeOf } from "../../engine/shape.js";
import type { ArgReduceOp, CumulativeOp, ReduceOp } from "../backend.js";

/** Reduce the middle axis of an (outer, r, inner) block into (outer, inner). */
function reduceBlock(op: ReduceOp, x: TypedArray, outer: number, r: number, inner: number, out: Float64Array): void {
  if (inner === 1 && r > 0 && (op === "sum" || op === "max" || op === "min")) {
    reduceRows(op, x, outer, r, out);
    return;
  }
  for (let o = 0; o < outer; o++) {
    const base = o * r * inner;
    const ob = o * inner;
    // Initialise with the first slice (or the identity for empty reductions).
    if (r === 0) {
      const id = op === "sum" || op === "any" ? 0 : op === "prod" || op === "all" ? 1 : op === "max" ? -Infinity : Infinity;
      for (let i = 0; i < inner; i++) out[ob + i] = id;
      continue;
    }
    for (let i = 0; i < inner; i++) out[ob + i] = x[base + i];
    for (let j = 1; j < r; j++) {
      const row = base + j * inner;
      switch (op) {
        case "sum":
          for (let i = 0; i < inner; i++) out[ob + i] += x[row + i];
          break;
        case "prod":
          for (let i = 0; i < inner; i++) out[ob + i] *= x[row + i];
          break;
        case "max":
          for (let i = 0; i < inner; i++) { const v = x[row + i]; const c = out[ob + i]; if (v > c || v !== v) out[ob + i] = c !== c ? c : v; }
          break;
        case "min":
          for (let i = 0; i < inner; i++) { const v = x[row + i]; const c = out[ob + i]; if (v < c || v !== v) out[ob + i] = c !== c ? c : v; }
          break;
        case "any":
          for (let i = 0; i < inner; i++) if (x[row + i] !== 0) out[ob + i] = 1;
          break;
        case "all":
          for (let i = 0; i < inner; i++) if (x[row + i] === 0) out[ob + i] = 0;
          break;
      }
    }
    if (op === "any" || op === "all") for (let i = 0; i < inner; i++) out[ob + i] = out[ob + i] !== 0 ? 1 : 0;
  }
}

/** Reductions of contiguous rows (the common last-axis case), one tight loop per op. */
function reduceRows(op: "sum" | "max" | "min", x: TypedArray, rows: number, r: number, out: Float64Array): void {
  for (let o = 0; o < rows; o++) {
    const base = o * r;
    let acc = x[base];
    if (op === "sum") {
      for (let j = 1; j < r; j++) acc += x[base + j];
    } else if (op === "max") {
      for (let j = 1; j < r; j++) { const v = x[base + j]; if (v > acc || v !== v) acc = acc !== acc ? acc : v; }
    } else {
      for (let j = 1; j < r; j++) { const v = x[base + j]; if (v < acc || v !== v) acc = acc !== acc ? acc : v; }
    }
    out[o] = acc;
  }
}

export function reduce(op: ReduceOp, x: TypedArray, shape: Shape, axes: readonly number[], outDtype: DType): TypedArray {
  // Merge runs of consecutive reduced axes, and runs of kept axes, into a compact shape.
  const dims: number[] = [];
  const reduced: boolean[] = [];
  const axisSet = new Set(axes);
  for (let d = 0; d < shape.length; d++) {
    const r = axisSet.has(d);
    if (dims.length > 0 && reduced[reduced.length - 1] === r) dims[dims.length - 1] *= shape[d];
    else {
      dims.push(shape[d]);
      reduced.push(r);
    }
  }
  // Accumulate in float64 so float32 sums lose as little as possible; reduce runs from the innermost out.
  let cur: TypedArray = x;
  let curDims = dims.slice();
  let curReduced = reduced.slice();
  if (!curReduced.includes(true)) {
    const out = allocate(outDtype, x.length);
    out.set(x);
    return out;
  }
  while (curReduced.includes(true)) {
    const k = curReduced.lastIndexOf(true);
    let outer = 1;
    for (let i = 0; i < k; i++) outer *= curDims[i];
    let inner = 1;
    for (let i = k + 1; i < curDims.length; i++) inner *= curDims[i];
    const acc = new Float64Array(outer * inner);
    reduceBlock(op, cur, outer, curDims[k], inner, acc);
    cur = acc;
    curDims.splice(k, 1);
    curReduced.splice(k, 1);
    // Re-merge kept neighbours so the next block stays compact.
    const nd: number[] = [];
    const nr: boolean[] = [];
    for (let i = 0; i < curDims.length; i++) {
      if (nd.length > 0 && nr[nr.length - 1] === curReduced[i]) nd[nd.length - 1] *= curDims[i];
      else {
        nd.push(curDims[i]);
        nr.push(curReduced[i]);
      }
    }
    curDims = nd;
    curReduced = nr;
  }
  const out = allocate(outDtype, cur.length);
  out.set(cur);
  return out;
}

export function argReduce(op: ArgReduceOp, x: TypedArray, shape: Shape, axis: number): Int32Array {
  let outer = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i];
  const r = shape[axis];
  let inner = 1;
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i];
  const out = new Int32Array(outer * inner);
  const best = new Float64Array(inner);
  const isMax = op === "argmax";
  for (let o = 0; o < outer; o++) {
    const base = o * r * inner;
    const ob = o * inner;
    for (let i = 0; i < inner; i++) best[i] = x[base + i];
    for (let j = 1; j < r; j++) {
      const row = base + j * inner;
      for (let i = 0; i < inner; i++) {
        const v = x[row + i];
        const b = best[i];
        // First occurrence wins; NaN counts as the extreme (numpy semantics).
        // -0 ranks below +0, as Keras's argmax/argmin (it maps -0 to -tiny first).
        if (b !== b) continue;
        if (v !== v || (isMax ? v > b : v < b) || (v === 0 && b === 0 && (isMax ? 1 / v > 1 / b : 1 / v < 1 / b))) {
          best[i] = v;
          out[ob + i] = j;
        }
      }
    }
  }
  return out;
}

export function cumulative(op: CumulativeOp, x: TypedArray, shape: Shape, axis: number, reverse: boolean, outDtype: DType): TypedArray {
  let outer = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i];
  const r = shape[axis];
  let inner = 1;
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i];
  const out = allocate(outDtype, sizeOf(shape));
  const acc = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    const base = o * r * inner;
    for (let s = 0; s < r; s++) {
      const j = reverse ? r - 1 - s : s;
      const row = base + j * inner;
      if (s === 0) {
        for (let i = 0; i < inner; i++) acc[i] = x[row + i];
      } else {
        switch (op) {
          case "sum":
            for (let i = 0; i < inner; i++) acc[i] += x[row + i];
            break;
          case "prod":
            for (let i = 0; i < inner; i++) acc[i] *= x[row + i];
            break;
          case "max":
            for (let i = 0; i < inner; i++) { const v = x[row + i]; if (v > acc[i] || v !== v) acc[i] = v; }
            break;
          case "min":
            for (let i = 0; i < inner; i++) { const v = x[row + i]; if (v < acc[i] || v !== v) acc[i] = v; }
            break;
        }
      }
      for (let i = 0; i < inner; i++) out[row + i] = acc[i];
    }
  }
  return out;
}

export function sort(x: TypedArray, shape: Shape, descending: boolean): { values: TypedArray; indices: Int32Array } {
  const n = shape.length === 0 ? 1 : shape[shape.length - 1];
  const rows = n === 0 ? 0 : x.length / n;
  const values = x.slice();
  const indices = new Int32Array(x.length);
  const idx = new Array<number>(n);
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    for (let i = 0; i < n; i++) idx[i] = i;
    // Array.prototype.sort is stable; NaNs sort last as in numpy.
    idx.sort((i, j) => {
      const a = x[base + i], b = x[base + j];
      if (a !== a) return b !== b ? 0 : 1;
      if (b !== b) return -1;
      return descending ? b - a : a - b;
    });
    for (let i = 0; i < n; i++) {
      indices[base + i] = idx[i];
      values[base + i] = x[base + idx[i]];
    }
  }
  return { values, indices };
}
