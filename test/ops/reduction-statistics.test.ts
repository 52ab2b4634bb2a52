import { describe, expect, it } from "vitest";
import { Tensor, ops, valueAndGrad } from "../../src/index.js";
import { checkGradients, expectClose, randomTensor } from "../utils/gradcheck.js";

const f64 = (v: unknown) => ops.convertToTensor(v as never, "float64");
const gradOf = (f: (t: Tensor) => Tensor, x: Tensor) => valueAndGrad(() => ops.sum(f(x)), [x]).grads[0];

describe("prod", () => {
  it("multiplies over any axes, with keepdims and negative axes", () => {
    const x = ops.reshape(ops.arange(1, 13, 1, "float32"), [2, 3, 2]);
    expect(ops.prod(x).item()).toBe(479001600);
    expect(ops.prod(x, -1).toArray()).toEqual([[2, 12, 30], [56, 90, 132]]);
    expect(ops.prod(x, [0, 2]).toArray()).toEqual([112, 1080, 3960]);
    expect(ops.prod(x, { axis: 1, keepdims: true }).toArray()).toEqual([[[15, 48]], [[693, 960]]]);
  });

  it("follows Keras's dtypes: bool -> int32, int stays int32, dtype overrides", () => {
    const b = ops.convertToTensor([[true, true], [true, false]]);
    expect(ops.prod(b, 1).dtype).toBe("int32");
    expect(ops.prod(b, 1).toArray()).toEqual([1, 0]);
    const i = ops.convertToTensor([2, 3, 4]);
    expect(ops.prod(i).dtype).toBe("int32");
    expect(ops.prod(i).item()).toBe(24);
    expect(ops.prod(i, { dtype: "float64" }).dtype).toBe("float64");
    expect(ops.prod(ops.convertToTensor([1.5, 2.5]), null, false, "int32").toArray()).toBe(2);
  });

  it("gives 1 for empty groups", () => {
    expect(ops.prod(ops.zeros([2, 0]), 1).toArray()).toEqual([1, 1]);
    expect(ops.prod(ops.zeros([0])).item()).toBe(1);
  });

  it("gradients match finite differences, including inputs with zeros", () => {
    checkGradients((t) => ops.prod(t), [randomTensor([2, 3], 1, 0.5, 1.5)]);
    checkGradients((t) => ops.prod(t, 1), [randomTensor([2, 3, 4], 2)]);
    checkGradients((t) => ops.prod(t, [0, -1], true), [randomTensor([2, 3, 4], 3)]);
    checkGradients((t) => ops.prod(t, 0), [randomTensor([1, 4], 4)]);
    checkGradients((t) => ops.prod(t, 1), [randomTensor([3, 0], 5)]);
    checkGradients((t) => ops.prod(t, 0), [f64([[2, 0, 1], [0, 0, 3], [4, 5, 6]])]);
  });

  it("gives the product of the others at a single zero and 0 with two zeros (no division)", () => {
    expect(gradOf((t) => ops.prod(t), f64([2, 0, 3])).toArray()).toEqual([0, 6, 0]);
    expect(gradOf((t) => ops.prod(t), f64([0, 0, 3])).toArray()).toEqual([0, 0, 0]);
    expect(gradOf((t) => ops.prod(t, 1), f64([[1, 2, 3], [4, 0, 5]])).toArray()).toEqual([[6, 3, 2], [0, 20, 0]]);
  });

  it("has correct second derivatives at zeros", () => {
    // Hessian of x0*x1*x2 at (2, 0, 3): H01 = 3, H02 = 0, H12 = 2; the gradient of sum(grad) is the row sums.
    const x = f64([2, 0, 3]);
    const { grads } = valueAndGrad(() => ops.sum(gradOf((t) => ops.prod(t), x)), [x]);
    expect(grads[0].toArray()).toEqual([3, 5, 2]);
  });
});

describe("var and std", () => {
  it("are population statistics (ddof 0) over any axes", () => {
    const x = ops.convertToTensor([[1, 2], [3, 4]], "float32");
    expect(ops.var(x).item()).toBeCloseTo(1.25, 7);
    expect(ops.var(x, 0).toArray()).toEqual([1, 1]);
    expect(ops.std(x, 1).toArray()).toEqual([0.5, 0.5]);
    expect(ops.std(x, { axis: -1, keepdims: true }).shape).toEqual([2, 1]);
    expectClose(ops.std(ops.convertToTensor([2, 4, 4, 4, 5, 5, 7, 9], "float64")), [2]);
  });

  it("promote ints and bools to float32 and keep float64", () => {
    expect(ops.var(ops.convertToTensor([1, 2, 3, 4])).dtype).toBe("float32");
    expect(ops.var(ops.convertToTensor([1, 2, 3, 4])).item()).toBe(1.25);
    expect(ops.std(ops.convertToTensor([true, false])).item()).toBe(0.5);
    expect(ops.std(f64([1, 2])).dtype).toBe("float64");
  });

  it("give NaN for empty groups, as numpy", () => {
    expect(Number.isNaN(ops.var(ops.zeros([0])).item())).toBe(true);
  });

  it("gradients match finite differences", () => {
    const a = randomTensor([3, 4], 7);
    checkGradients((t) => ops.var(t), [a]);
    checkGradients((t) => ops.var(t, 1), [a]);
    checkGradients((t) => ops.std(t, 0, true), [a]);
    checkGradients((t) => ops.std(t, [-1, 0]), [randomTensor([2, 3, 2], 8)]);
    checkGradients((t) => ops.std(t, 1), [randomTensor([2, 1], 9)]);
  });

  it("std of a constant has a zero (not NaN) gradient", () => {
    expect(Array.from(gradOf((t) => ops.std(t, 1), f64([[3, 3, 3], [1, 2, 3]])).data.subarray(0, 3))).toEqual([0, 0, 0]);
  });
});

describe("logsumexp", () => {
  it("computes log(sum(exp(x))) over axes", () => {
    const x = ops.convertToTensor([[1, 2, 3], [0, 0, 0]], "float32");
    expectClose(ops.logsumexp(x, 1), [3.4076059644443806, Math.log(3)]);
    expectClose(ops.logsumexp(x), [Math.log(Math.E + Math.E ** 2 + Math.E ** 3 + 3)]);
    expect(ops.logsumexp(x, { axis: 0, keepdims: true }).shape).toEqual([1, 3]);
    expect(ops.logsumexp(ops.convertToTensor([1, 2])).dtype).toBe("float32");
  });

  it("is numerically stable and handles infinities like scipy", () => {
    expectClose(ops.logsumexp(f64([1000, 1000])), [1000 + Math.LN2]);
    expectClose(ops.logsumexp(f64([-1000, -1000])), [-1000 + Math.LN2]);
    expect(ops.logsumexp(f64([-Infinity, -Infinity])).item()).toBe(-Infinity);
    expect(ops.logsumexp(f64([Infinity, 1])).item()).toBe(Infinity);
    expectClose(ops.logsumexp(f64([-Infinity, 0])), [0]);
    expect(ops.logsumexp(ops.zeros([2, 0]), 1).toArray()).toEqual([-Infinity, -Infinity]);
  });

  it("has the softmax as gradient, also for huge inputs", () => {
    checkGradients((t) => ops.logsumexp(t, -1), [randomTensor([3, 4], 10, -3, 3)]);
    checkGradients((t) => ops.logsumexp(t, [0, 2], true), [randomTensor([2, 3, 2], 11)]);
    checkGradients((t) => ops.logsumexp(t), [randomTensor([5], 12)]);
    expectClose(gradOf((t) => ops.logsumexp(t), f64([1000, 1000])), [0.5, 0.5]);
  });
});

describe("all, any, countNonzero", () => {
  const b = () => ops.convertToTensor([[true, false, true], [true, true, true]]);

  it("reduce truthiness to bool", () => {
    expect(ops.all(b()).toArray()).toBe(false);
    expect(ops.all(b(), 1).toArray()).toEqual([false, true]);
    expect(ops.any(b(), 0).toArray()).toEqual([true, true, true]);
    expect(ops.any(ops.zeros([2, 2]), -1, true).toArray()).toEqual([[false], [false]]);
    expect(ops.all(ops.convertToTensor([0.5, -2, NaN])).toArray()).toBe(true);
    expect(ops.any(ops.convertToTensor([0, 0, 3])).dtype).toBe("bool");
  });

  it("give numpy's identities on empty groups", () => {
    expect(ops.all(ops.zeros([2, 0]), 1).toArray()).toEqual([true, true]);
    expect(ops.any(ops.zeros([2, 0]), 1).toArray()).toEqual([false, false]);
  });

  it("countNonzero counts as int32 over any axes", () => {
    const x = ops.convertToTensor([[0, 1, 7, 0], [3, 0, 0, NaN]], "float32");
    expect(ops.countNonzero(x).toArray()).toBe(4);
    expect(ops.countNonzero(x).dtype).toBe("int32");
    expect(ops.countNonzero(x, 0).toArray()).toEqual([1, 1, 1, 1]);
    expect(ops.countNonzero(x, [-1]).toArray()).toEqual([2, 2]);
    expect(ops.countNonzero(b(), { axis: 1 }).toArray()).toEqual([2, 3]);
  });
});

describe("norm values", () => {
  const v = () => ops.convertToTensor([3, -4, 0], "float32");
  const m = () => ops.convertToTensor([[1, -2], [3, 4]], "float32");

  it("computes vector norms of every order", () => {
    expect(ops.norm(v()).item()).toBe(5);
    expect(ops.norm(v(), 2).item()).toBe(5);
    expect(ops.norm(v(), 1).item()).toBe(7);
    expect(ops.norm(v(), Infinity).item()).toBe(4);
    expect(ops.norm(v(), -Infinity).item()).toBe(0);
    expect(ops.norm(v(), 0).item()).toBe(2);
    expectClose(ops.norm(v(), 3), [Math.cbrt(91)]);
    expectClose(ops.norm(v(), 0.5), [(Math.sqrt(3) + 2) ** 2]);
    expect(ops.norm(v(), -1).item()).toBe(0);
    expectClose(ops.norm(ops.convertToTensor([2, 4], "float32"), -1), [4 / 3]);
  });

  it("computes matrix norms of orders fro, 1, -1, inf, -inf", () => {
    expectClose(ops.norm(m(), "fro"), [Math.sqrt(30)]);
    expect(ops.norm(m(), 1).item()).toBe(6);
    expect(ops.norm(m(), -1).item()).toBe(4);
    expect(ops.norm(m(), Infinity).item()).toBe(7);
    expect(ops.norm(m(), -Infinity).item()).toBe(3);
    // Swapping the axes swaps the roles of rows and columns.
    expect(ops.norm(m(), 1, [1, 0]).item()).toBe(7);
    expect(ops.norm(m(), Infinity, [1, 0]).item()).toBe(6);
  });

  it("flattens when axis and ord are null, whatever the rank", () => {
    const x = ops.reshape(ops.arange(8, { dtype: "float32" }), [2, 2, 2]);
    expectClose(ops.norm(x), [Math.sqrt(140)]);
    expect(ops.norm(x, { keepdims: true }).shape).toEqual([1, 1, 1]);
  });

  it("takes vector norms along an axis and batched matrix norms over two axes, with keepdims", () => {
    const x = ops.convertToTensor([[[1, -2], [3, 4]], [[0, 1], [-1, 0]]], "float32");
    expect(ops.norm(x, 1, -1).toArray()).toEqual([[3, 7], [1, 1]]);
    expect(ops.norm(x, Infinity, [1, 2]).toArray()).toEqual([7, 1]);
    expect(ops.norm(x, 1, [-2, -1], true).shape).toEqual([2, 1, 1]);
    expect(ops.norm(x, 1, [-2, -1], true).toArray()).toEqual([[[6]], [[1]]]);
    expect(ops.norm(x, { axis: 0, keepdims: true }).shape).toEqual([1, 2, 2]);
    expectClose(ops.norm(x, { axis: 0 }), [1, Math.sqrt(5), Math.sqrt(10), 4]);
  });

  it("promotes ints to float32", () => {
    const n = ops.norm(ops.convertToTensor([3, 4]));
    expect(n.dtype).toBe("float32");
    expect(n.item()).toBe(5);
  });

  it("rejects unsupported and invalid orders and axes clearly", () => {
    expect(() => ops.norm(m(), 3)).toThrow(/invalid norm order 3 for matrices/);
    expect(() => ops.norm(v(), "fro")).toThrow(/invalid norm order 'fro' for vectors/);
    expect(() => ops.norm(ops.zeros([2, 2, 2]), 1)).toThrow(/improper number of dimensions to norm/);
    expect(() => ops.norm(ops.zeros([2, 2, 2]), null, [0, 1, 2])).toThrow(/improper number of dimensions to norm/);
    expect(() => ops.norm(m(), null, [1, -1])).toThrow(/duplicate axes/);
    expect(() => ops.norm(m(), "max" as never)).toThrow(/invalid norm order "max"/);
  });
});

describe("norm gradients", () => {
  it("match finite differences for every vector order", () => {
    const a = randomTensor([3, 5], 21);
    for (const ord of [null, 2, 1, 3, 0.5, -1, Infinity, -Infinity, 0]) {
      checkGradients((t) => ops.norm(t, ord, -1), [a]);
    }
    checkGradients((t) => ops.norm(t, 4, 0, true), [a]);
    checkGradients((t) => ops.norm(t), [randomTensor([2, 3, 2], 22)]);
    checkGradients((t) => ops.norm(t, 2, 1), [randomTensor([2, 1], 23)]);
  });

  it("match finite differences for every matrix order", () => {
    const a = randomTensor([2, 3, 4], 24);
    for (const ord of [null, "fro", 1, -1, Infinity, -Infinity] as const) {
      checkGradients((t) => ops.norm(t, ord, [1, 2]), [a]);
      checkGradients((t) => ops.norm(t, ord, [-1, 0], true), [a]);
    }
  });

  it("are zero, not NaN, where the norm is zero or an entry is zero", () => {
    const z = f64([[0, 0, 0], [3, 0, -4]]);
    expectClose(gradOf((t) => ops.norm(t, null, 1), z), [0, 0, 0, 0.6, 0, -0.8], 1e-12, 0);
    expect(gradOf((t) => ops.norm(t, "fro", [0, 1]), f64([[0, 0], [0, 0]])).toArray()).toEqual([[0, 0], [0, 0]]);
    expectClose(gradOf((t) => ops.norm(t, 3, 1), z), [0, 0, 0, 9 / 91 ** (2 / 3), 0, -16 / 91 ** (2 / 3)]);
    expect(Array.from(gradOf((t) => ops.norm(t, 0.5, 1), z).data.subarray(0, 3))).toEqual([0, 0, 0]);
    expect(gradOf((t) => ops.norm(t, 1), f64([0, -2, 5])).toArray()).toEqual([0, -1, 1]);
  });
});
