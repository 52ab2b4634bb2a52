/**
 * einsum and the numpy products built like it: tensordot, dot, inner, outer, vdot.
 *
 * einsum never loops over elements: each operand is first reduced on its own
 * (diagonals of repeated labels as strided views, size-1 broadcast labels dropped,
 * labels used nowhere else summed), then operands are contracted pairwise from
 * left to right, each contraction being transpose + reshape + one batched matmul
 * (or a broadcast multiply when nothing is summed). Gradients come from those ops.
 */
import { Tensor } from "../../engine/tensor.js";
import { DType, promoteTypes } from "../../engine/dtype.js";
import { ValueError } from "../../engine/errors.js";
import { formatShape, normalizeAxis, stridesOf } from "../../engine/shape.js";
import { asTensor, op, readOptions, TensorLike } from "../op.js";
import { cast } from "../core/cast.js";
import { multiply } from "../math/arithmetic.js";
import { sum } from "../reduction/sum.js";
import { reshape } from "../shape/reshape.js";
import { transpose } from "../shape/transpose.js";
import { stridedView } from "../shape/movement.js";
import { matmul } from "./matmul.js";

/** A tensor whose axes are named by labels: ellipsis axis p is label p, a letter c is 100 + its char code. */
interface Term {
  t: Tensor;
  labels: number[];
}

const ELLIPSIS = -1;
const letterLabel = (c: string): number => 100 + c.charCodeAt(0);
const labelName = (l: number): string => (l >= 100 ? String.fromCharCode(l - 100) : `...[${l}]`);

/** Splits one term ("ab...c") into letter labels and at most one ELLIPSIS marker. */
function tokenize(term: string, subscripts: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < term.length; i++) {
    const c = term[i];
    if (c === ".") {
      if (term.slice(i, i + 3) !== "..." || out.includes(ELLIPSIS)) {
        throw new ValueError(`ops.einsum: invalid ellipsis in subscripts "${subscripts}": use "..." at most once per operand.`);
      }
      out.push(ELLIPSIS);
      i += 2;
    } else if (/^[a-zA-Z]$/.test(c)) {
      out.push(letterLabel(c));
    } else {
      throw new ValueError(`ops.einsum: invalid character "${c}" in subscripts "${subscripts}"; only letters, "," "->" and "..." are allowed.`);
    }
  }
  return out;
}

/** Parses subscripts against the operands' ranks into per-operand labels and output labels. */
function parse(subscripts: string, ranks: readonly number[]): { inputs: number[][]; output: number[] } {
  const s = subscripts.replace(/\s+/g, "");
  const arrow = s.indexOf("->");
  const lhs = arrow >= 0 ? s.slice(0, arrow) : s;
  const terms = lhs.split(",");
  if (terms.length !== ranks.length) {
    throw new ValueError(`ops.einsum: subscripts "${subscripts}" name ${terms.length} operand(s), but ${ranks.length} were given.`);
  }
  const tokens = terms.map((term) => tokenize(term, subscripts));
  let ellipsisRank = 0;
  tokens.forEach((tk, i) => {
    const named = tk.filter((l) => l !== ELLIPSIS).length;
    const hasEllipsis = tk.includes(ELLIPSIS);
    if (hasEllipsis ? named > ranks[i] : named !== ranks[i]) {
      throw new ValueError(
        `ops.einsum: operand ${i} has rank ${ranks[i]}, but its subscripts "${terms[i]}" name ${named} axes${hasEllipsis ? " (plus an ellipsis)" : ""}.`,
      );
    }
    if (hasEllipsis) ellipsisRank = Math.max(ellipsisRank, ranks[i] - named);
  });
  // Ellipsis axes are right-aligned across operands, as in numpy broadcasting.
  const inputs = tokens.map((tk, i) => {
    const e = ranks[i] - tk.filter((l) => l !== ELLIPSIS).length;
    return tk.flatMap((l) => (l === ELLIPSIS ? Array.from({ length: e }, (_, j) => ellipsisRank - e + j) : [l]));
  });
  const ellipsisLabels = Array.from({ length: ellipsisRank }, (_, j) => j);
  let output: number[];
  if (arrow >= 0) {
    const rhs = s.slice(arrow + 2);
    if (rhs.includes("->")) throw new ValueError(`ops.einsum: subscripts "${subscripts}" contain more than one "->".`);
    const outTokens = tokenize(rhs, subscripts);
    if (ellipsisRank > 0 && !outTokens.includes(ELLIPSIS)) {
      throw new ValueError(
        `ops.einsum: output subscripts "${rhs}" have no "..." but the operands have ${ellipsisRank} ellipsis axes to broadcast.`,
      );
    }
    output = outTokens.flatMap((l) => (l === ELLIPSIS ? ellipsisLabels : [l]));
    const seen = new Set<number>();
    for (const l of output) {
      if (seen.has(l)) throw new ValueError(`ops.einsum: output subscript "${labelName(l)}" appears more than once in "${subscripts}".`);
      seen.add(l);
      if (!inputs.some((labels) => labels.includes(l))) {
        throw new ValueError(`ops.einsum: output subscript "${labelName(l)}" in "${subscripts}" does not appear in any input.`);
      }
    }
  } else {
    // Implicit mode: the ellipsis axes, then every letter used exactly once, in alphabetical order.
    const counts = new Map<number, number>();
    for (const labels of inputs) for (const l of labels) if (l >= 100) counts.set(l, (counts.get(l) ?? 0) + 1);
    const once = [...counts].filter(([, c]) => c === 1).map(([l]) => l).sort((a, b) => a - b);
    output = [...ellipsisLabels, ...once];
  }
  return { inputs, output };
}

/** Takes the diagonal over labels repeated within one operand ("ii->i") as one strided view. */
function diagonal(term: Term, subscripts: string): Term {
  const unique = [...new Set(term.labels)];
  if (unique.length === term.labels.length) return term;
  const strides = stridesOf(term.t.shape);
  const shape: number[] = [];
  const viewStrides: number[] = [];
  for (const l of unique) {
    let size = -1;
    let stride = 0;
    term.labels.forEach((m, i) => {
      if (m !== l) return;
      if (size >= 0 && term.t.shape[i] !== size) {
        throw new ValueError(
          `ops.einsum: subscript "${labelName(l)}" is repeated in one operand of "${subscripts}" over axes of different sizes (${size} vs ${term.t.shape[i]}).`,
        );
      }
      size = term.t.shape[i];
      stride += strides[i];
    });
    shape.push(size);
    viewStrides.push(stride);
  }
  return { t: stridedView(term.t, shape, 0, viewStrides), labels: unique };
}

/** Sums the axes whose labels are not in `keep`. */
function sumUnneeded(term: Term, keep: (l: number) => boolean): Term {
  const axes = term.labels.map((l, i) => (keep(l) ? -1 : i)).filter((i) => i >= 0);
  if (axes.length === 0) return term;
  return { t: sum(term.t, axes), labels: term.labels.filter((l) => keep(l)) };
}

/** Permutes a term's axes to `labels` order. */
function arrange(term: Term, labels: readonly number[]): Tensor {
  return transpose(term.t, labels.map((l) => term.labels.indexOf(l)));
}

/**
 * Contracts two terms over their shared labels that are not in `keep`; shared labels in
 * `keep` become batch axes. The result's labels are [batch, free of a, free of b], with the
 * orders taken from `order` (the output labels) when that spares a final transpose.
 */
function contract(a0: Term, b0: Term, keep: Set<number>, order: readonly number[] | null): Term {
  let a = sumUnneeded(a0, (l) => keep.has(l) || b0.labels.includes(l));
  let b = sumUnneeded(b0, (l) => keep.has(l) || a.labels.includes(l));
  const byOrder = (ls: number[]): number[] => (order ? ls.slice().sort((x, y) => order.indexOf(x) - order.indexOf(y)) : ls);
  const batch = byOrder(a.labels.filter((l) => b.labels.includes(l) && keep.has(l)));
  const summed = a.labels.filter((l) => b.labels.includes(l) && !keep.has(l));
  let freeA = byOrder(a.labels.filter((l) => !b.labels.includes(l)));
  let freeB = byOrder(b.labels.filter((l) => !a.labels.includes(l)));
  if (order) {
    const same = (ls: number[]): boolean => ls.every((l, i) => l === order[i]);
    if (!same([...batch, ...freeA, ...freeB]) && same([...batch, ...freeB, ...freeA])) {
      [a, b] = [b, a];
      [freeA, freeB] = [freeB, freeA];
    }
  }
  const sizeOfLabel = (term: Term, l: number): number => term.t.shape[term.labels.indexOf(l)];
  const prod = (term: Term, ls: number[]): number => ls.reduce((p, l) => p * sizeOfLabel(term, l), 1);
  const batchShape = batch.map((l) => sizeOfLabel(a, l));
  const bt = prod(a, batch);
  const m = prod(a, freeA);
  const n = prod(b, freeB);
  let out: Tensor;
  if (summed.length === 0) {
    out = multiply(reshape(arrange(a, [...batch, ...freeA]), [bt, m, 1]), reshape(arrange(b, [...batch, ...freeB]), [bt, 1, n]));
  } else {
    const k = prod(a, summed);
    const left = reshape(arrange(a, [...batch, ...freeA, ...summed]), bt === 1 ? [m, k] : [bt, m, k]);
    const right = reshape(arrange(b, [...batch, ...summed, ...freeB]), bt === 1 ? [k, n] : [bt, k, n]);
    out = matmul(left, right);
  }
  const shape = [...batchShape, ...freeA.map((l) => sizeOfLabel(a, l)), ...freeB.map((l) => sizeOfLabel(b, l))];
  return { t: reshape(out, shape), labels: [...batch, ...freeA, ...freeB] };
}

/** The common dtype of linear-algebra operands; bools are multiplied as int32 and the result cast back. */
function commonDType(ts: readonly Tensor[]): { compute: DType; result: DType } {
  const result = ts.map((t) => t.dtype).reduce((x, y) => promoteTypes(x, y));
  return { compute: result === "bool" ? "int32" : result, result };
}

export const einsum = op("einsum", (subscripts: string, ...operands: TensorLike[]): Tensor => {
  if (typeof subscripts !== "string") throw new ValueError(`ops.einsum: the first argument must be the subscripts string, received ${String(subscripts)}.`);
  if (operands.length === 0) throw new ValueError("ops.einsum: at least one operand is required.");
  const raw = operands.map((x) => asTensor(x, "einsum"));
  const { compute, result } = commonDType(raw);
  const ts = raw.map((t) => (t.dtype === compute ? t : cast(t, compute)));
  const { inputs, output } = parse(subscripts, ts.map((t) => t.rank));

  // Global label sizes; a size-1 axis broadcasts against a larger one.
  let terms = ts.map((t, i) => diagonal({ t, labels: inputs[i] }, subscripts));
  const size = new Map<number, number>();
  for (const term of terms) {
    term.labels.forEach((l, i) => {
      const d = term.t.shape[i];
      const prev = size.get(l);
      if (prev === undefined || prev === 1) size.set(l, d);
      else if (d !== prev && d !== 1) {
        throw new ValueError(
          `ops.einsum: size mismatch for subscript "${labelName(l)}" in "${subscripts}": ${prev} vs ${d} ` +
            `(operand shapes ${raw.map((r) => formatShape(r.shape)).join(", ")}).`,
        );
      }
    });
  }
  terms = terms.map((term) => {
    const drop = term.labels.map((l, i) => term.t.shape[i] === 1 && size.get(l)! > 1);
    if (!drop.includes(true)) return term;
    return { t: reshape(term.t, term.t.shape.filter((_, i) => !drop[i])), labels: term.labels.filter((_, i) => !drop[i]) };
  });
  // Labels that appear in one operand only and not in the output are summed right away.
  const outSet = new Set(output);
  terms = terms.map((term, i) => sumUnneeded(term, (l) => outSet.has(l) || terms.some((o, j) => j !== i && o.labels.includes(l))));

  let acc = terms[0];
  for (let i = 1; i < terms.length; i++) {
    const keep = new Set(output);
    for (let j = i + 1; j < terms.length; j++) for (const l of terms[j].labels) keep.add(l);
    acc = contract(acc, terms[i], keep, i === terms.length - 1 ? output : null);
  }
  acc = sumUnneeded(acc, (l) => outSet.has(l));
  const out = arrange(acc, output);
  return result === compute ? out : cast(out, result);
});

/** tensordot's `axes`: N (last N of x1 with first N of x2) or [axesOfX1, axesOfX2]. */
export type TensordotAxes = number | readonly (number | readonly number[])[];

/** Normalized, matched axis lists for tensordot. */
function tensordotAxes(a: Tensor, b: Tensor, axes: TensordotAxes, opName: string): [number[], number[]] {
  let axesA: number[];
  let axesB: number[];
  if (typeof axes === "number") {
    if (!Number.isInteger(axes) || axes < 0 || axes > a.rank || axes > b.rank) {
      throw new ValueError(
        `ops.${opName}: axes=${axes} must be a non-negative integer no larger than both ranks (shapes ${formatShape(a.shape)} and ${formatShape(b.shape)}).`,
      );
    }
    axesA = Array.from({ length: axes }, (_, i) => a.rank - axes + i);
    axesB = Array.from({ length: axes }, (_, i) => i);
  } else {
    if (!Array.isArray(axes) || axes.length !== 2) {
      throw new ValueError(`ops.${opName}: axes must be an integer or a pair [axesOfX1, axesOfX2], received ${JSON.stringify(axes)}.`);
    }
    const list = (v: number | readonly number[]): number[] => (typeof v === "number" ? [v] : Array.from(v));
    axesA = list(axes[0]).map((ax) => normalizeAxis(ax, a.rank, `ops.${opName}`));
    axesB = list(axes[1]).map((ax) => normalizeAxis(ax, b.rank, `ops.${opName}`));
  }
  if (axesA.length !== axesB.length || axesA.some((ax, i) => a.shape[ax] !== b.shape[axesB[i]])) {
    throw new ValueError(
      `ops.${opName}: shape mismatch between the summed axes ${JSON.stringify(axesA)} of ${formatShape(a.shape)} and ${JSON.stringify(axesB)} of ${formatShape(b.shape)}.`,
    );
  }
  if (new Set(axesA).size !== axesA.length || new Set(axesB).size !== axesB.length) {
    throw new ValueError(`ops.${opName}: repeated axis in axes=${JSON.stringify(axes)}.`);
  }
  return [axesA, axesB];
}

function tensordotImpl(x1: TensorLike, x2: TensorLike, axes: TensordotAxes, opName: string): Tensor {
  const a0 = asTensor(x1, opName);
  const b0 = asTensor(x2, opName);
  const { compute, result } = commonDType([a0, b0]);
  const a = a0.dtype === compute ? a0 : cast(a0, compute);
  const b = b0.dtype === compute ? b0 : cast(b0, compute);
  const [axesA, axesB] = tensordotAxes(a, b, axes, opName);
  const freeA = a.shape.map((_, i) => i).filter((i) => !axesA.includes(i));
  const freeB = b.shape.map((_, i) => i).filter((i) => !axesB.includes(i));
  const k = axesA.reduce((p, ax) => p * a.shape[ax], 1);
  const m = freeA.reduce((p, ax) => p * a.shape[ax], 1);
  const n = freeB.reduce((p, ax) => p * b.shape[ax], 1);
  const left = reshape(transpose(a, [...freeA, ...axesA]), [m, k]);
  const right = reshape(transpose(b, [...axesB, ...freeB]), [k, n]);
  const out = reshape(matmul(left, right), [...freeA.map((i) => a.shape[i]), ...freeB.map((i) => b.shape[i])]);
  return result === compute ? out : cast(out, result);
}

/** Sums products over `axes`: the last N axes of x1 with the first N of x2, or explicit [axesOfX1, axesOfX2]. */
export const tensordot = op("tensordot", (x1: TensorLike, x2: TensorLike, ...rest: [TensordotAxes?] | [{ axes?: TensordotAxes }]): Tensor => {
  const { axes = 2 } = readOptions<{ axes?: TensordotAxes }>("tensordot", rest, ["axes"]);
  return tensordotImpl(x1, x2, axes, "tensordot");
});

/** numpy's dot: a product with a scalar, the inner product of vectors, or a sum over x1's last axis and x2's second-to-last. */
export const dot = op("dot", (x1: TensorLike, x2: TensorLike): Tensor => {
  const a = asTensor(x1, "dot");
  const b = asTensor(x2, "dot");
  if (a.rank === 0 || b.rank === 0) return multiply(a, b);
  if (b.rank === 1) return tensordotImpl(a, b, [[-1], [0]], "dot");
  return tensordotImpl(a, b, [[-1], [-2]], "dot");
});

/** numpy's inner: a sum over the last axes of both (a product when one is a scalar). */
export const inner = op("inner", (x1: TensorLike, x2: TensorLike): Tensor => {
  const a = asTensor(x1, "inner");
  const b = asTensor(x2, "inner");
  if (a.rank === 0 || b.rank === 0) return multiply(a, b);
  return tensordotImpl(a, b, [[-1], [-1]], "inner");
});

/** The outer product of the flattened inputs: shape (x1.size, x2.size). */
export const outer = op("outer", (x1: TensorLike, x2: TensorLike): Tensor => {
  const a = asTensor(x1, "outer");
  const b = asTensor(x2, "outer");
  return multiply(reshape(a, [-1, 1]), reshape(b, [1, -1]));
});

/** The dot product of the flattened inputs (real tensors, so no conjugation). */
export const vdot = op("vdot", (x1: TensorLike, x2: TensorLike): Tensor => {
  const a = reshape(asTensor(x1, "vdot"), [-1]);
  const b = reshape(asTensor(x2, "vdot"), [-1]);
  if (a.size !== b.size) throw new ValueError(`ops.vdot: inputs must have the same size, received shapes ${formatShape(asTensor(x1, "vdot").shape)} and ${formatShape(asTensor(x2, "vdot").shape)}.`);
  return tensordotImpl(a, b, [[0], [0]], "vdot");
});
