/**
 * Reductions over any set of axes without transposing: consecutive reduced
 * axes are merged, and each maximal run is reduced as an (outer, R, inner)
 * block, accumulating whole inner rows so memory is read sequentially.
 */
import { DType, TypedArray, allocate } from "../../engine/dtype.js";
import { Shape, sizeOf } from "../../engine/shape.js";
import type { ArgReduceOp, CumulativeOp, ReduceOp } from "../backend.js";
import { splitAroundAxis } from "./iterate.js";

/** Reduce the middle axis of an (outer, r, inner) block into (outer, inner). */
function reduceBlock(op: ReduceOp, x: TypedArray, outer: number, r: number, inner: number, out: Float64Array): void {
  if (inner === 1 && r > 0) {
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

/**
 * Reductions of contiguous rows (the common last-axis case): one tight loop per
 * op, with the op switch outside the loops (a per-row switch over length-1
 * inner runs costs several times the arithmetic).
 */
function reduceRows(op: ReduceOp, x: TypedArray, rows: number, r: number, out: Float64Array): void {
  switch (op) {
    case "sum":
      for (let o = 0, base = 0; o < rows; o++, base += r) {
        let acc = 0;
        for (let j = 0; j < r; j++) acc += x[base + j];
        out[o] = acc;
      }
      return;
    case "prod":
      for (let o = 0, base = 0; o < rows; o++, base += r) {
        let acc = 1;
        for (let j = 0; j < r; j++) acc *= x[base + j];
        out[o] = acc;
      }
      return;
    // NaN wins (numpy); the select form keeps the common path free of unpredictable branches.
    case "max":
      for (let o = 0, base = 0; o < rows; o++, base += r) {
        let acc = x[base];
        for (let j = 1; j < r; j++) { const v = x[base + j]; if (v !== v) { acc = v; break; } acc = v > acc ? v : acc; }
        out[o] = acc;
      }
      return;
    case "min":
      for (let o = 0, base = 0; o < rows; o++, base += r) {
        let acc = x[base];
        for (let j = 1; j < r; j++) { const v = x[base + j]; if (v !== v) { acc = v; break; } acc = v < acc ? v : acc; }
        out[o] = acc;
      }
      return;
    case "any":
      for (let o = 0, base = 0; o < rows; o++, base += r) {
        let acc = 0;
        for (let j = 0; j < r; j++) if (x[base + j] !== 0) { acc = 1; break; }
        out[o] = acc;
      }
      return;
    case "all":
      for (let o = 0, base = 0; o < rows; o++, base += r) {
        let acc = 1;
        for (let j = 0; j < r; j++) if (x[base + j] === 0) { acc = 0; break; }
        out[o] = acc;
      }
      return;
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
    const [outer, , inner] = splitAroundAxis(curDims, k);
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
  const [outer, r, inner] = splitAroundAxis(shape, axis);
  const out = new Int32Array(outer * inner);
  const isMax = op === "argmax";
  if (inner === 1) {
    argReduceRows(isMax, x, outer, r, out);
    return out;
  }
  const best = new Float64Array(inner);
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

/** argmax/argmin of contiguous rows, with the same tie, NaN and -0 rules as the general loop. */
function argReduceRows(isMax: boolean, x: TypedArray, rows: number, r: number, out: Int32Array): void {
  for (let o = 0, base = 0; o < rows; o++, base += r) {
    let b = x[base];
    let at = 0;
    if (b === b) {
      if (isMax) {
        for (let j = 1; j < r; j++) {
          const v = x[base + j];
          if (v > b || v !== v || (v === 0 && b === 0 && 1 / v > 1 / b)) {
            b = v;
            at = j;
            if (v !== v) break;
          }
        }
      } else {
        for (let j = 1; j < r; j++) {
          const v = x[base + j];
          if (v < b || v !== v || (v === 0 && b === 0 && 1 / v < 1 / b)) {
            b = v;
            at = j;
            if (v !== v) break;
          }
        }
      }
    }
    out[o] = at;
  }
}

/** Running sum/product/max/min of contiguous rows (last-axis scans), the op switch outside the loops. */
function cumulativeRows(op: CumulativeOp, x: TypedArray, rows: number, r: number, reverse: boolean, out: TypedArray): void {
  const first = reverse ? r - 1 : 0;
  const step = reverse ? -1 : 1;
  for (let o = 0, base = 0; o < rows; o++, base += r) {
    let i = base + first;
    let acc = x[i];
    out[i] = acc;
    switch (op) {
      case "sum":
        for (let s = 1; s < r; s++) { i += step; acc += x[i]; out[i] = acc; }
        break;
      case "prod":
        for (let s = 1; s < r; s++) { i += step; acc *= x[i]; out[i] = acc; }
        break;
      case "max":
        for (let s = 1; s < r; s++) { i += step; const v = x[i]; if (v > acc || v !== v) acc = v; out[i] = acc; }
        break;
      case "min":
        for (let s = 1; s < r; s++) { i += step; const v = x[i]; if (v < acc || v !== v) acc = v; out[i] = acc; }
        break;
    }
  }
}

export function cumulative(op: CumulativeOp, x: TypedArray, shape: Shape, axis: number, reverse: boolean, outDtype: DType): TypedArray {
  const [outer, r, inner] = splitAroundAxis(shape, axis);
  const out = allocate(outDtype, sizeOf(shape));
  if (inner === 1 && r > 0) {
    cumulativeRows(op, x, outer, r, reverse, out);
    return out;
  }
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
