import { describe, expect, it } from "vitest";
import { ops } from "../../src/index.js";
import { checkGradients, expectClose, randomTensor } from "../utils/gradcheck.js";

describe("arange", () => {
  it("follows numpy: arange(stop), arange(start, stop), arange(start, stop, step)", () => {
    const a = ops.arange(5);
    expect(a.dtype).toBe("int32");
    expect(a.toArray()).toEqual([0, 1, 2, 3, 4]);
    expect(ops.arange(2, 8, 2).toArray()).toEqual([2, 4, 6]);
    expect(ops.arange(5, 0, -2).toArray()).toEqual([5, 3, 1]);
    expect(ops.arange(3, 3).shape).toEqual([0]);
    expect(ops.arange(3, 1).shape).toEqual([0]);
    expect(ops.arange(-3).shape).toEqual([0]);
  });

  it("infers float32 from non-integer arguments and takes an explicit dtype", () => {
    const f = ops.arange(0, 1, 0.25);
    expect(f.dtype).toBe("float32");
    expect(f.toArray()).toEqual([0, 0.25, 0.5, 0.75]);
    expect(ops.arange(0.5, 3).toArray()).toEqual([0.5, 1.5, 2.5]);
    expect(ops.arange(4, { dtype: "float64" }).dtype).toBe("float64");
    expect(ops.arange(1, 4, 1, "float32").toArray()).toEqual([1, 2, 3]);
    expect(ops.arange(0, 10, 4).toArray()).toEqual([0, 4, 8]);
    expect(ops.arange(10, { step: 4 }).toArray()).toEqual([0, 4, 8]);
    // numpy's length is ceil((stop - start) / step), rounding included: 4 entries here, as numpy.
    expect(ops.arange(1, 1.3, 0.1).shape).toEqual([4]);
    expect(ops.arange(0, 1, 0.1).shape).toEqual([10]);
  });

  it("rejects a zero step and non-finite bounds", () => {
    expect(() => ops.arange(0, 5, 0)).toThrow(/ops\.arange: step must not be zero/);
    expect(() => ops.arange(Infinity)).toThrow(/ops\.arange: arguments must be finite numbers/);
  });
});

describe("linspace", () => {
  it("samples evenly, with or without the endpoint", () => {
    const l = ops.linspace(0, 1, 5);
    expect(l.dtype).toBe("float32");
    expect(l.toArray()).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expectClose(ops.linspace(2, 3, 5, false), [2, 2.2, 2.4, 2.6, 2.8]);
    expect(ops.linspace(0, 1).shape).toEqual([50]);
    expect(ops.linspace(0, 1).toArray()).toContain(1);
    expect(ops.linspace(3, 7, 1).toArray()).toEqual([3]);
    expect(ops.linspace(3, 7, 0).shape).toEqual([0]);
    expect(ops.linspace(5, 1, 3).toArray()).toEqual([5, 3, 1]);
  });

  it("returns the step with retstep and honours dtype", () => {
    const [samples, step] = ops.linspace(0, 2, 5, true, true);
    expect(samples.toArray()).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(step.item()).toBe(0.5);
    const [, s2] = ops.linspace(0, 1, { num: 4, endpoint: false, retstep: true });
    expect(s2.item()).toBe(0.25);
    // Integer dtypes floor the samples, as numpy does.
    const i = ops.linspace(0, 10, { num: 4, dtype: "int32" });
    expect(i.dtype).toBe("int32");
    expect(i.toArray()).toEqual([0, 3, 6, 10]);
    expect(ops.linspace(0, 1, { num: 3, dtype: "float64" }).dtype).toBe("float64");
  });

  it("takes tensor endpoints, with samples along `axis`", () => {
    const l = ops.linspace([0, 10], [1, 20], 3);
    expect(l.shape).toEqual([3, 2]);
    expect(l.toArray()).toEqual([[0, 10], [0.5, 15], [1, 20]]);
    expect(ops.linspace([0, 10], [1, 20], { num: 3, axis: -1 }).toArray()).toEqual([[0, 0.5, 1], [10, 15, 20]]);
    expect(ops.linspace(0, [[2], [4]], { num: 3, axis: 1 }).shape).toEqual([2, 3, 1]);
  });

  it("rejects a negative num", () => {
    expect(() => ops.linspace(0, 1, -1)).toThrow(/ops\.linspace: num \(the number of samples\) must be a non-negative integer/);
  });

  it("is differentiable in tensor endpoints", () => {
    const s = randomTensor([2], 1);
    const e = randomTensor([2], 2);
    checkGradients((a, b) => ops.linspace(a, b, 5), [s, e]);
    checkGradients((a, b) => ops.linspace(a, b, { num: 4, endpoint: false, axis: 1 }), [s, e]);
    checkGradients((a, b) => ops.linspace(a, b, 1), [randomTensor([3, 1], 3), randomTensor([3], 4)]);
  });
});

describe("eye, identity, tri", () => {
  it("builds identity-like matrices", () => {
    const e = ops.eye(3);
    expect(e.dtype).toBe("float32");
    expect(e.toArray()).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    expect(ops.eye(2, 3, 1).toArray()).toEqual([[0, 1, 0], [0, 0, 1]]);
    expect(ops.eye(3, { k: -1 }).toArray()).toEqual([[0, 0, 0], [1, 0, 0], [0, 1, 0]]);
    expect(ops.eye(3, 2, -2).toArray()).toEqual([[0, 0], [0, 0], [1, 0]]);
    expect(ops.eye(2, 3, 5).toArray()).toEqual([[0, 0, 0], [0, 0, 0]]);
    expect(ops.eye(0).shape).toEqual([0, 0]);
    expect(ops.eye(2, { dtype: "int32" }).dtype).toBe("int32");
    expect(ops.eye(2, null, 0, "bool").toArray()).toEqual([[true, false], [false, true]]);
    const i = ops.identity(3, "int32");
    expect(i.dtype).toBe("int32");
    expect(i.toArray()).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    expect(ops.identity(2).dtype).toBe("float32");
  });

  it("builds lower-triangular masks with tri", () => {
    expect(ops.tri(3).toArray()).toEqual([[1, 0, 0], [1, 1, 0], [1, 1, 1]]);
    expect(ops.tri(2, 3, 1).toArray()).toEqual([[1, 1, 0], [1, 1, 1]]);
    expect(ops.tri(3, { k: -1, dtype: "int32" }).toArray()).toEqual([[0, 0, 0], [1, 0, 0], [1, 1, 0]]);
    expect(ops.tri(3).dtype).toBe("float32");
  });

  it("rejects bad sizes", () => {
    expect(() => ops.eye(-1)).toThrow(/ops\.eye: N must be a non-negative integer, received -1/);
    expect(() => ops.eye(2, 2.5)).toThrow(/ops\.eye: M must be a non-negative integer/);
    expect(() => ops.eye(2, 2, 0.5)).toThrow(/ops\.eye: k must be an integer/);
    expect(() => ops.tri(1.5)).toThrow(/ops\.tri: N must be a non-negative integer/);
    expect(() => ops.identity(-2)).toThrow(/ops\.identity: n must be a non-negative integer/);
  });
});

describe("tril, triu", () => {
  const m = () => ops.reshape(ops.arange(1, 13, 1, "float32"), [3, 4]);

  it("zero out above / below the k-th diagonal", () => {
    expect(ops.tril(m()).toArray()).toEqual([[1, 0, 0, 0], [5, 6, 0, 0], [9, 10, 11, 0]]);
    expect(ops.tril(m(), 1).toArray()).toEqual([[1, 2, 0, 0], [5, 6, 7, 0], [9, 10, 11, 12]]);
    expect(ops.tril(m(), { k: -1 }).toArray()).toEqual([[0, 0, 0, 0], [5, 0, 0, 0], [9, 10, 0, 0]]);
    expect(ops.triu(m()).toArray()).toEqual([[1, 2, 3, 4], [0, 6, 7, 8], [0, 0, 11, 12]]);
    expect(ops.triu(m(), 2).toArray()).toEqual([[0, 0, 3, 4], [0, 0, 0, 8], [0, 0, 0, 0]]);
    expect(ops.triu(m(), -1).toArray()).toEqual([[1, 2, 3, 4], [5, 6, 7, 8], [0, 10, 11, 12]]);
    // tril + triu(k=1) rebuilds the matrix.
    expect(ops.add(ops.tril(m()), ops.triu(m(), 1)).toArray()).toEqual(m().toArray());
  });

  it("act on the last two axes of batches, keep the dtype, and never turn inf into NaN", () => {
    const b = ops.reshape(ops.arange(8), [2, 2, 2]);
    expect(ops.tril(b).dtype).toBe("int32");
    expect(ops.tril(b).toArray()).toEqual([[[0, 0], [2, 3]], [[4, 0], [6, 7]]]);
    const bools = ops.triu(ops.convertToTensor([[true, true], [true, true]]));
    expect(bools.dtype).toBe("bool");
    expect(bools.toArray()).toEqual([[true, true], [false, true]]);
    const inf = ops.convertToTensor([[1, Infinity], [NaN, 2]], "float32");
    expect(ops.tril(inf).toArray()).toEqual([[1, 0], [NaN, 2]]);
    expect(ops.triu(inf).toArray()).toEqual([[1, Infinity], [0, 2]]);
  });

  it("require at least 2-D inputs", () => {
    expect(() => ops.tril([1, 2, 3])).toThrow(/ops\.tril: the input must be at least 2-D/);
    expect(() => ops.triu(ops.convertToTensor(1))).toThrow(/ops\.triu: the input must be at least 2-D/);
  });

  it("gradients match finite differences", () => {
    checkGradients((t) => ops.tril(t), [randomTensor([3, 4], 5)]);
    checkGradients((t) => ops.triu(t, 1), [randomTensor([2, 3, 3], 6)]);
    checkGradients((t) => ops.tril(t, -1), [randomTensor([1, 4, 2], 7)]);
    checkGradients((t) => ops.triu(t), [randomTensor([0, 2], 8)]);
  });
});

describe("diag, diagonal", () => {
  it("diag builds a matrix from a vector and reads a matrix's diagonal", () => {
    expect(ops.diag([1, 2]).toArray()).toEqual([[1, 0], [0, 2]]);
    expect(ops.diag([1, 2], 1).toArray()).toEqual([[0, 1, 0], [0, 0, 2], [0, 0, 0]]);
    expect(ops.diag([1, 2], { k: -1 }).toArray()).toEqual([[0, 0, 0], [1, 0, 0], [0, 2, 0]]);
    const m = ops.reshape(ops.arange(12), [3, 4]);
    expect(ops.diag(m).toArray()).toEqual([0, 5, 10]);
    expect(ops.diag(m, 1).toArray()).toEqual([1, 6, 11]);
    expect(ops.diag(m, -2).toArray()).toEqual([8]);
    expect(ops.diag(m, 4).shape).toEqual([0]);
    expect(ops.diag(m).dtype).toBe("int32");
    // diag(diag(v)) == v
    expect(ops.diag(ops.diag([4, 5, 6])).toArray()).toEqual([4, 5, 6]);
    expect(() => ops.diag(ops.zeros([2, 2, 2]))).toThrow(/ops\.diag: the input must be 1-D or 2-D/);
  });

  it("diagonal moves the diagonal to the last axis, for any pair of axes", () => {
    const x = ops.reshape(ops.arange(24), [2, 3, 4]);
    const d = ops.diagonal(x);
    expect(d.shape).toEqual([4, 2]);
    expect(d.toArray()).toEqual([[0, 16], [1, 17], [2, 18], [3, 19]]);
    expect(ops.diagonal(x, 1, 1, 2).toArray()).toEqual([[1, 6, 11], [13, 18, 23]]);
    expect(ops.diagonal(x, { offset: -1, axis1: -1, axis2: -2 }).toArray()).toEqual([[1, 6, 11], [13, 18, 23]]);
    expect(ops.diagonal(x, 0, 2, 0).toArray()).toEqual([[0, 13], [4, 17], [8, 21]]);
    expect(ops.diagonal(x, 5, 1, 2).shape).toEqual([2, 0]);
  });

  it("diagonal rejects bad axes", () => {
    expect(() => ops.diagonal([1, 2])).toThrow(/ops\.diagonal: the input must be at least 2-D/);
    expect(() => ops.diagonal(ops.zeros([2, 2]), 0, 1, -1)).toThrow(/axis1 and axis2 cannot be the same/);
    expect(() => ops.diagonal(ops.zeros([2, 2]), 0, 0, 2)).toThrow(/axis 2 is out of bounds/);
  });

  it("gradients match finite differences", () => {
    checkGradients((t) => ops.diag(t), [randomTensor([3], 9)]);
    checkGradients((t) => ops.diag(t, -2), [randomTensor([2], 10)]);
    checkGradients((t) => ops.diag(t, 1), [randomTensor([3, 4], 11)]);
    checkGradients((t) => ops.diagonal(t, 1, -1, 0), [randomTensor([3, 2, 4], 12)]);
    checkGradients((t) => ops.diagonal(t), [randomTensor([1, 1], 13)]);
    checkGradients((t) => ops.diagonal(ops.multiply(t, t), -1, 1, 2), [randomTensor([2, 3, 3], 14)]);
  });
});

describe("oneHot", () => {
  it("encodes class ids along a new last axis as float32", () => {
    const o = ops.oneHot([0, 2, 1], 3);
    expect(o.dtype).toBe("float32");
    expect(o.toArray()).toEqual([[1, 0, 0], [0, 0, 1], [0, 1, 0]]);
  });

  it("gives zero vectors for out-of-range and negative ids", () => {
    expect(ops.oneHot([3, -1, 1], 3).toArray()).toEqual([[0, 0, 0], [0, 0, 0], [0, 1, 0]]);
  });

  it("places the new axis anywhere and takes a dtype", () => {
    const x = ops.convertToTensor([[0, 1], [2, 0]]);
    expect(ops.oneHot(x, 3).shape).toEqual([2, 2, 3]);
    const first = ops.oneHot(x, 3, 0);
    expect(first.shape).toEqual([3, 2, 2]);
    expect(first.toArray()).toEqual([[[1, 0], [0, 1]], [[0, 1], [0, 0]], [[0, 0], [1, 0]]]);
    expect(ops.oneHot(x, 3, { axis: 1 }).shape).toEqual([2, 3, 2]);
    expect(ops.oneHot(x, 3, { axis: -2 }).shape).toEqual([2, 3, 2]);
    const i = ops.oneHot([1], 2, { dtype: "int32" });
    expect(i.dtype).toBe("int32");
    expect(i.toArray()).toEqual([[0, 1]]);
    expect(ops.oneHot(ops.convertToTensor(1), 2).toArray()).toEqual([0, 1]);
    expect(ops.oneHot(ops.convertToTensor([1, 0], "float32"), 2).toArray()).toEqual([[0, 1], [1, 0]]);
  });

  it("rejects bad arguments", () => {
    expect(() => ops.oneHot([1], -1)).toThrow(/ops\.oneHot: numClasses must be a non-negative integer/);
    expect(() => ops.oneHot([1], 2, 2)).toThrow(/ops\.oneHot: axis 2 is out of bounds/);
    expect(() => ops.oneHot([1], 2, { sparse: true })).toThrow(/sparse=true is not supported/);
  });
});
