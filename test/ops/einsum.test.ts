import { describe, expect, it } from "vitest";
import { Tensor, ops } from "../../src/index.js";
import { checkGradients, expectClose, randomTensor } from "../utils/gradcheck.js";

/**
 * Reference einsum for explicit, letters-only subscripts: loops over every
 * assignment of every label and accumulates the product of the operands.
 */
function naiveEinsum(subscripts: string, ...xs: Tensor[]): { data: Float64Array; shape: number[] } {
  const [lhs, rhs] = subscripts.split("->");
  const terms = lhs.split(",");
  const size = new Map<string, number>();
  terms.forEach((term, k) =>
    [...term].forEach((c, i) => {
      const prev = size.get(c);
      if (prev === undefined || prev === 1) size.set(c, xs[k].shape[i]);
    }),
  );
  const labels = [...size.keys()];
  const outShape = [...rhs].map((c) => size.get(c)!);
  const out = new Float64Array(outShape.reduce((a, b) => a * b, 1));
  const value = new Map<string, number>();
  const flatIndex = (term: string, shape: readonly number[]): number => {
    let idx = 0;
    [...term].forEach((c, i) => (idx = idx * shape[i] + (shape[i] === 1 ? 0 : value.get(c)!)));
    return idx;
  };
  const visit = (d: number): void => {
    if (d === labels.length) {
      let p = 1;
      terms.forEach((term, k) => (p *= xs[k].data[flatIndex(term, xs[k].shape)]));
      out[flatIndex(rhs, outShape)] += p;
      return;
    }
    for (let v = 0; v < size.get(labels[d])!; v++) {
      value.set(labels[d], v);
      visit(d + 1);
    }
  };
  visit(0);
  return { data: out, shape: outShape };
}

function expectMatchesReference(eq: string, shapes: number[][], reference = eq): void {
  const xs = shapes.map((s, i) => randomTensor(s, 10 + i));
  const got = ops.einsum(eq, ...xs);
  const want = naiveEinsum(reference, ...xs);
  expect(got.shape).toEqual(want.shape);
  expect(got.dtype).toBe("float64");
  expectClose(got, want.data, 1e-12, 1e-12);
}

describe("einsum against a reference loop", () => {
  const cases: [string, number[][]][] = [
    // The equations Keras's EinsumDense and MultiHeadAttention run.
    ["ab,bc->ac", [[3, 4], [4, 5]]],
    ["abc,cde->abde", [[2, 3, 4], [4, 2, 3]]],
    ["abc,cd->abd", [[2, 3, 4], [4, 5]]],
    ["abcd,cde->abe", [[2, 3, 4, 2], [4, 2, 3]]],
    ["aecd,abcd->acbe", [[2, 5, 3, 4], [2, 6, 3, 4]]],
    ["acbe,aecd->abcd", [[2, 3, 6, 5], [2, 5, 3, 4]]],
    ["abcd,bcde->abe", [[2, 3, 4, 2], [3, 4, 2, 5]]],
    ["abc,bcd->abd", [[2, 3, 4], [3, 4, 5]]],
    // Batched, transposed, outer, Hadamard, sums, traces, diagonals.
    ["bij,bjk->bik", [[3, 2, 4], [3, 4, 5]]],
    ["ij->ji", [[3, 4]]],
    ["ij->", [[3, 4]]],
    ["ij->j", [[3, 4]]],
    ["i,j->ij", [[3], [4]]],
    ["ij,ij->ij", [[3, 4], [3, 4]]],
    ["ij,ij->", [[3, 4], [3, 4]]],
    ["ij,ji->i", [[3, 4], [4, 3]]],
    ["ii->i", [[4, 4]]],
    ["ii->", [[4, 4]]],
    ["iij->ji", [[3, 3, 2]]],
    ["ijk,kji->", [[2, 3, 4], [4, 3, 2]]],
    ["ij,jk,kl->il", [[2, 3], [3, 4], [4, 5]]],
    ["ab,cd,bd->ac", [[2, 3], [4, 5], [3, 5]]],
    ["ij,jk,k->i", [[2, 3], [3, 4], [4]]],
    ["bij,bkj,b->bik", [[3, 2, 4], [3, 5, 4], [3]]],
    ["i,i->", [[0], [0]]],
    ["ab,bc->ac", [[0, 4], [4, 5]]],
    ["ab,bc->ac", [[3, 0], [0, 5]]],
    // A size-1 axis broadcasts against a larger one.
    ["ij,ij->ij", [[1, 4], [3, 4]]],
    ["bij,bjk->bik", [[1, 2, 3], [4, 3, 2]]],
  ];
  for (const [eq, shapes] of cases) {
    it(`${eq} on ${shapes.map((s) => `(${s.join(",")})`).join(" ")}`, () => expectMatchesReference(eq, shapes));
  }

  it("ellipsis broadcasts leading axes (EinsumDense's '...b,bc->...c')", () => {
    expectMatchesReference("...b,bc->...c", [[2, 3, 4], [4, 5]], "xyb,bc->xyc");
    expectMatchesReference("...b,bc->...c", [[4], [4, 5]], "b,bc->c");
    expectMatchesReference("b...,bc->...c", [[4, 2, 3], [4, 5]], "bxy,bc->xyc");
    expectMatchesReference("...ij,...jk->...ik", [[5, 2, 3], [1, 3, 4]], "xij,xjk->xik");
    expectMatchesReference("...ij,jk->...ik", [[6, 5, 2, 3], [3, 4]], "wxij,jk->wxik");
    expectMatchesReference("a...,a...->...", [[3, 2, 4], [3, 4]], "axy,ay->xy");
  });

  it("implicit mode outputs the ellipsis axes then the letters used once, sorted", () => {
    expectMatchesReference("ba,ac", [[2, 3], [3, 4]], "ba,ac->bc");
    expectMatchesReference("Ba,ab", [[2, 3], [3, 4]], "Ba,ab->Bb");
    expectMatchesReference("ij,jk", [[2, 3], [3, 4]], "ij,jk->ik");
    expectMatchesReference("ii", [[3, 3]], "ii->");
    expectMatchesReference("ji", [[2, 3]], "ji->ij");
    // numpy: np.einsum('ba,...', ones((2,3)), ones((3,4))).shape == (3, 4, 3, 2)
    expect(ops.einsum("ba,...", ops.ones([2, 3]), ops.ones([3, 4])).shape).toEqual([3, 4, 3, 2]);
    // numpy: np.einsum('i...,...j', ones((2,3)), ones((3,4))).shape == (3, 2, 4)
    expect(ops.einsum("i...,...j", ops.ones([2, 3]), ops.ones([3, 4])).shape).toEqual([3, 2, 4]);
  });

  it("handles scalar operands and spaces", () => {
    const v = ops.convertToTensor([1, 2, 3], "float32");
    expect(ops.einsum(",i->i", ops.convertToTensor(2, "float32"), v).toArray()).toEqual([2, 4, 6]);
    expect(ops.einsum(" i , i -> ", v, v).item()).toBe(14);
    expect(ops.einsum("->", ops.convertToTensor(5, "float32")).item()).toBe(5);
  });
});

describe("einsum dtypes and errors", () => {
  it("promotes operand dtypes and keeps integers integral", () => {
    const a = ops.convertToTensor([[1, 2], [3, 4]]);
    const y = ops.einsum("ij,jk->ik", a, a);
    expect(y.dtype).toBe("int32");
    expect(y.toArray()).toEqual([[7, 10], [15, 22]]);
    expect(ops.einsum("ij,jk->ik", a, ops.convertToTensor([[0.5, 0], [0, 0.5]], "float32")).dtype).toBe("float32");
    const b = ops.convertToTensor([[true, false], [false, false]]);
    const z = ops.einsum("ij,jk->ik", b, b);
    expect(z.dtype).toBe("bool");
    expect(z.toArray()).toEqual([[true, false], [false, false]]);
  });

  it("throws clear errors for malformed subscripts and shapes", () => {
    const m = ops.ones([2, 3]);
    expect(() => ops.einsum("ij,jk->ik", m)).toThrow(/ops\.einsum: subscripts "ij,jk->ik" name 2 operand\(s\), but 1 were given/);
    expect(() => ops.einsum("ijk->i", m)).toThrow(/operand 0 has rank 2, but its subscripts "ijk" name 3 axes/);
    expect(() => ops.einsum("ij,jk->ik", m, ops.ones([4, 5]))).toThrow(/size mismatch for subscript "j" in "ij,jk->ik": 3 vs 4/);
    expect(() => ops.einsum("ij->k", m)).toThrow(/output subscript "k" in "ij->k" does not appear in any input/);
    expect(() => ops.einsum("ij->ii", m)).toThrow(/output subscript "i" appears more than once/);
    expect(() => ops.einsum("i1->i", m)).toThrow(/invalid character "1"/);
    expect(() => ops.einsum("ii->i", m)).toThrow(/subscript "i" is repeated in one operand of "ii->i" over axes of different sizes \(2 vs 3\)/);
    expect(() => ops.einsum("...i->i", m)).toThrow(/output subscripts "i" have no "\.\.\." but the operands have 1 ellipsis axes/);
    expect(() => ops.einsum("i..j->i", m)).toThrow(/invalid ellipsis/);
    expect(() => ops.einsum("ij->i->j", m)).toThrow(/more than one "->"/);
  });
});

describe("einsum gradients", () => {
  const gradCases: [string, number[][]][] = [
    ["ab,bc->ac", [[3, 4], [4, 2]]],
    ["...b,bc->...c", [[2, 3, 4], [4, 2]]],
    ["abc,cde->abde", [[2, 3, 2], [2, 2, 3]]],
    ["aecd,abcd->acbe", [[2, 3, 2, 2], [2, 4, 2, 2]]],
    ["acbe,aecd->abcd", [[2, 2, 4, 3], [2, 3, 2, 2]]],
    ["abcd,cde->abe", [[2, 3, 2, 2], [2, 2, 3]]],
    ["ii->i", [[3, 3]]],
    ["iij,jk->ik", [[2, 2, 3], [3, 2]]],
    ["ij,jk,kl->il", [[2, 3], [3, 2], [2, 2]]],
    ["ij,ij->ij", [[1, 3], [2, 3]]],
    ["ij,ij->", [[0, 3], [0, 3]]],
  ];
  for (const [eq, shapes] of gradCases) {
    it(`${eq} matches finite differences`, () => {
      checkGradients((...xs) => ops.einsum(eq, ...xs), shapes.map((s, i) => randomTensor(s, 20 + i)));
    });
  }
});

describe("tensordot, dot, inner, outer, vdot", () => {
  it("tensordot contracts the last N axes of x1 with the first N of x2, or explicit axes", () => {
    const a = randomTensor([2, 3, 4], 1);
    const b = randomTensor([3, 4, 5], 2);
    const c = randomTensor([4, 2, 3], 3);
    expectClose(ops.tensordot(a, b), naiveEinsum("ijk,jkl->il", a, b).data, 1e-12, 1e-12);
    expectClose(ops.tensordot(a, b, 2), naiveEinsum("ijk,jkl->il", a, b).data, 1e-12, 1e-12);
    expectClose(ops.tensordot(a, c, [[0, 2], [1, 0]]), naiveEinsum("ijk,kil->jl", a, c).data, 1e-12, 1e-12);
    expectClose(ops.tensordot(a, c, { axes: [-1, 0] }), naiveEinsum("ijk,klm->ijlm", a, c).data, 1e-12, 1e-12);
    expect(ops.tensordot(a, b, 0).shape).toEqual([2, 3, 4, 3, 4, 5]);
    expectClose(ops.tensordot(a, b, 0), naiveEinsum("ijk,lmn->ijklmn", a, b).data, 1e-12, 1e-12);
    expect(() => ops.tensordot(a, b, [[0], [0]])).toThrow(/ops\.tensordot: shape mismatch between the summed axes \[0\] of \(2, 3, 4\) and \[0\] of \(3, 4, 5\)/);
    expect(() => ops.tensordot(a, b, 4)).toThrow(/no larger than both ranks/);
  });

  it("dot follows numpy for every rank combination", () => {
    const v = randomTensor([3], 1);
    const w = randomTensor([3], 2);
    const m = randomTensor([2, 3], 3);
    const n = randomTensor([3, 4], 4);
    const t = randomTensor([2, 3, 4], 5);
    expectClose(ops.dot(v, w), naiveEinsum("i,i->", v, w).data, 1e-12, 1e-12);
    expectClose(ops.dot(m, v), naiveEinsum("ij,j->i", m, v).data, 1e-12, 1e-12);
    expectClose(ops.dot(v, n), naiveEinsum("i,ij->j", v, n).data, 1e-12, 1e-12);
    expectClose(ops.dot(m, n), naiveEinsum("ij,jk->ik", m, n).data, 1e-12, 1e-12);
    expectClose(ops.dot(m, t), naiveEinsum("ij,kjl->ikl", m, t).data, 1e-12, 1e-12);
    expectClose(ops.dot(t, randomTensor([4], 6)), naiveEinsum("ijk,k->ij", t, randomTensor([4], 6)).data, 1e-12, 1e-12);
    expect(ops.dot(ops.convertToTensor(2), ops.convertToTensor([1, 2])).toArray()).toEqual([2, 4]);
    expect(ops.dot(ops.convertToTensor([1, 2]), ops.convertToTensor([3, 4])).dtype).toBe("int32");
    expect(() => ops.dot(m, m)).toThrow(/ops\.dot: shape mismatch/);
  });

  it("inner, outer and vdot", () => {
    const m = randomTensor([2, 3], 1);
    const k = randomTensor([4, 3], 2);
    expectClose(ops.inner(m, k), naiveEinsum("ij,kj->ik", m, k).data, 1e-12, 1e-12);
    expect(ops.inner(ops.convertToTensor([1, 2, 3]), ops.convertToTensor([4, 5, 6])).item()).toBe(32);
    expect(ops.outer(ops.convertToTensor([1, 2]), ops.convertToTensor([[3], [4], [5]])).toArray()).toEqual([[3, 4, 5], [6, 8, 10]]);
    expect(ops.vdot(ops.convertToTensor([[1, 2], [3, 4]]), ops.convertToTensor([1, 1, 1, 2])).item()).toBe(14);
    expect(() => ops.vdot(ops.convertToTensor([1, 2]), ops.convertToTensor([1]))).toThrow(/ops\.vdot: inputs must have the same size/);
  });

  it("gradients match finite differences", () => {
    const a = randomTensor([2, 3, 4], 1);
    const c = randomTensor([4, 2, 3], 3);
    checkGradients((x, y) => ops.tensordot(x, y, [[0, 2], [1, 0]]), [a, c]);
    checkGradients((x, y) => ops.dot(x, y), [randomTensor([2, 3], 4), a]);
    checkGradients((x, y) => ops.dot(x, y), [randomTensor([3], 5), randomTensor([3], 6)]);
    checkGradients((x, y) => ops.inner(x, y), [randomTensor([2, 3], 7), randomTensor([4, 3], 8)]);
    checkGradients((x, y) => ops.outer(x, y), [randomTensor([2, 2], 9), randomTensor([3], 10)]);
    checkGradients((x, y) => ops.vdot(x, y), [randomTensor([2, 2], 11), randomTensor([4], 12)]);
  });
});
