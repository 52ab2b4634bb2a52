import { describe, expect, it } from "vitest";
import { Tensor, Variable, ops, valueAndGrad } from "../../src/index.js";
import { checkGradients, expectClose, randomTensor } from "../utils/gradcheck.js";

describe("tensor basics", () => {
  it("converts nested arrays with Keras dtypes", () => {
    const t = ops.convertToTensor([[1, 2], [3, 4]]);
    expect(t.dtype).toBe("int32");
    expect(t.shape).toEqual([2, 2]);
    expect(ops.convertToTensor([0.5, 1]).dtype).toBe("float32");
    expect(ops.convertToTensor([true, false]).dtype).toBe("bool");
    expect(t.toArray()).toEqual([[1, 2], [3, 4]]);
  });

  it("rejects ragged arrays", () => {
    expect(() => ops.convertToTensor([[1, 2], [3]])).toThrow(/ragged/);
  });

  it("prints readably", () => {
    expect(ops.convertToTensor([[1.5, 2], [3, 4]]).toString()).toContain("shape=[2, 2], dtype=float32");
  });
});

describe("arithmetic", () => {
  it("broadcasts like numpy", () => {
    const a = ops.convertToTensor([[1, 2, 3], [4, 5, 6]], "float32");
    const b = ops.convertToTensor([10, 20, 30], "float32");
    expect(ops.add(a, b).toArray()).toEqual([[11, 22, 33], [14, 25, 36]]);
    expect(ops.multiply(a, 2).toArray()).toEqual([[2, 4, 6], [8, 10, 12]]);
    expect(ops.subtract(a, ops.convertToTensor([[1], [2]], "float32")).toArray()).toEqual([[0, 1, 2], [2, 3, 4]]);
  });

  it("promotes dtypes like Keras (weak scalars)", () => {
    const i = ops.convertToTensor([1, 2, 3]);
    expect(ops.add(i, 1).dtype).toBe("int32");
    expect(ops.add(i, 0.5).dtype).toBe("float32");
    expect(ops.divide(i, 2).dtype).toBe("float32");
    expect(ops.divide(i, 2).toArray()).toEqual([0.5, 1, 1.5]);
    const f64 = ops.convertToTensor([1], "float64");
    expect(ops.add(f64, ops.convertToTensor([1], "float32")).dtype).toBe("float64");
  });

  it("errors on incompatible broadcast shapes naming the op", () => {
    expect(() => ops.add(ops.zeros([2, 3]), ops.zeros([4]))).toThrow(/ops\.add: cannot broadcast shapes \(2, 3\) and \(4,\)/);
  });

  it("gradients match finite differences", () => {
    const a = randomTensor([2, 3], 1);
    const b = randomTensor([3], 2, 0.5, 2);
    checkGradients((x, y) => ops.add(x, y), [a, b]);
    checkGradients((x, y) => ops.subtract(x, y), [a, b]);
    checkGradients((x, y) => ops.multiply(x, y), [a, b]);
    checkGradients((x, y) => ops.divide(x, y), [a, b]);
    checkGradients((x) => ops.exp(x), [a]);
    checkGradients((x) => ops.log(x), [b]);
    checkGradients((x) => ops.sqrt(x), [b]);
    checkGradients((x) => ops.square(x), [a]);
  });
});

describe("reductions", () => {
  it("sums over any axes, with keepdims and negative axes", () => {
    const x = ops.reshape(ops.convertToTensor([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23], "float32"), [2, 3, 4]);
    expect(ops.sum(x).item()).toBe(276);
    expect(ops.sum(x, 1).toArray()).toEqual([[12, 15, 18, 21], [48, 51, 54, 57]]);
    expect(ops.sum(x, [0, 2]).toArray()).toEqual([60, 92, 124]);
    expect(ops.sum(x, { axis: -1, keepdims: true }).shape).toEqual([2, 3, 1]);
    expect(ops.mean(x, [0, 2]).toArray()).toEqual([7.5, 11.5, 15.5]);
  });

  it("rejects out-of-range axes", () => {
    expect(() => ops.sum(ops.zeros([2, 3]), 2)).toThrow(/ops\.sum: axis 2 is out of bounds for a tensor of rank 2/);
  });

  it("gradients match finite differences", () => {
    const x = randomTensor([2, 3, 4], 3);
    checkGradients((t) => ops.sum(t, [0, 2]), [x]);
    checkGradients((t) => ops.mean(t, -1, true), [x]);
    checkGradients((t) => ops.sum(t), [x]);
  });
});

describe("matmul", () => {
  it("multiplies matrices, vectors and batches", () => {
    const a = ops.convertToTensor([[1, 2], [3, 4]], "float32");
    const b = ops.convertToTensor([[5, 6], [7, 8]], "float32");
    expect(ops.matmul(a, b).toArray()).toEqual([[19, 22], [43, 50]]);
    expect(ops.matmul(a, ops.convertToTensor([1, 1], "float32")).toArray()).toEqual([3, 7]);
    expect(ops.matmul(ops.convertToTensor([1, 1], "float32"), a).toArray()).toEqual([4, 6]);
    const batch = ops.reshape(ops.convertToTensor([1, 2, 3, 4, 5, 6, 7, 8], "float32"), [2, 2, 2]);
    expect(ops.matmul(batch, a).toArray()).toEqual([[[7, 10], [15, 22]], [[23, 34], [31, 46]]]);
  });

  it("agrees with a naive product on odd sizes", () => {
    const a = randomTensor([3, 7, 13], 4);
    const b = randomTensor([13, 5], 5);
    const c = ops.matmul(a, b);
    const expected: number[] = [];
    for (let t = 0; t < 3; t++)
      for (let i = 0; i < 7; i++)
        for (let j = 0; j < 5; j++) {
          let s = 0;
          for (let p = 0; p < 13; p++) s += a.data[t * 91 + i * 13 + p] * b.data[p * 5 + j];
          expected.push(s);
        }
    expectClose(c, expected, 1e-12, 1e-12);
  });

  it("errors on mismatched inner dimensions", () => {
    expect(() => ops.matmul(ops.zeros([2, 3]), ops.zeros([4, 2]))).toThrow(/ops\.matmul: inner dimensions do not match/);
  });

  it("gradients match finite differences, with broadcast batches", () => {
    checkGradients((x, y) => ops.matmul(x, y), [randomTensor([2, 3, 4], 6), randomTensor([4, 5], 7)]);
    checkGradients((x, y) => ops.matmul(x, y), [randomTensor([4], 8), randomTensor([2, 4, 3], 9)]);
  });
});

describe("autodiff API", () => {
  it("valueAndGrad differentiates with respect to Variables", () => {
    const w = new Variable([[1, 2], [3, 4]]);
    const x = ops.convertToTensor([[1, 1]], "float32");
    const { value, grads } = valueAndGrad(() => ops.sum(ops.square(ops.matmul(x, w))), [w]);
    // y = [4, 6], loss = 16 + 36 = 52, dL/dW = x^T 2y = [[8, 12], [8, 12]]
    expect(value.item()).toBe(52);
    expect(grads[0].toArray()).toEqual([[8, 12], [8, 12]]);
  });

  it("integer outputs stop gradients", () => {
    const w = new Variable([1.5, 2.5]);
    const { grads } = valueAndGrad(() => ops.sum(ops.cast(ops.cast(w, "int32"), "float32")), [w]);
    expect(grads[0].toArray()).toEqual([0, 0]);
  });
});

describe("matmul of bools", () => {
  it("is the logical OR of ANDs, as numpy", () => {
    const a = ops.convertToTensor([[true, true], [false, true]]);
    const b = ops.convertToTensor([[true, false], [true, true]]);
    const c = ops.matmul(a, b);
    expect(c.dtype).toBe("bool");
    expect(c.toArray()).toEqual([[true, true], [true, true]]);
    expect(Array.from(c.dataSync())).toEqual([1, 1, 1, 1]);
  });
});
