import { describe, expect, it } from "vitest";
import { Tensor, ops, valueAndGrad } from "../../src/index.js";
import { checkGradients, randomTensor } from "../utils/gradcheck.js";

const f64 = (v: unknown) => ops.convertToTensor(v as never, "float64");
const gradOf = (f: (t: Tensor) => Tensor, x: Tensor) => valueAndGrad(() => ops.sum(f(x)), [x]).grads[0];

describe("cumsum", () => {
  const x = () => ops.convertToTensor([[1, 2, 3], [4, 5, 6]], "float32");

  it("scans the flattened tensor when axis is null, or along an axis", () => {
    expect(ops.cumsum(x()).toArray()).toEqual([1, 3, 6, 10, 15, 21]);
    expect(ops.cumsum(x(), 0).toArray()).toEqual([[1, 2, 3], [5, 7, 9]]);
    expect(ops.cumsum(x(), 1).toArray()).toEqual([[1, 3, 6], [4, 9, 15]]);
    expect(ops.cumsum(x(), -2).toArray()).toEqual([[1, 2, 3], [5, 7, 9]]);
    expect(ops.cumsum(x(), { axis: -1 }).toArray()).toEqual([[1, 3, 6], [4, 9, 15]]);
  });

  it("follows Keras's dtypes: bool -> int32, ints stay int32, dtype overrides", () => {
    const b = ops.cumsum(ops.convertToTensor([true, false, true]));
    expect(b.dtype).toBe("int32");
    expect(b.toArray()).toEqual([1, 1, 2]);
    expect(ops.cumsum(ops.convertToTensor([1, 2])).dtype).toBe("int32");
    const d = ops.cumsum(ops.convertToTensor([1, 2]), 0, "float64");
    expect(d.dtype).toBe("float64");
    expect(d.toArray()).toEqual([1, 3]);
    expect(ops.cumsum(ops.convertToTensor([1.7, 2.9]), { dtype: "int32" }).toArray()).toEqual([1, 3]);
    expect(ops.cumsum(ops.convertToTensor([true, true]), { dtype: "bool" }).dtype).toBe("int32");
  });

  it("handles scalars and empty tensors like numpy", () => {
    expect(ops.cumsum(ops.convertToTensor(5)).toArray()).toEqual([5]);
    expect(ops.cumsum(ops.zeros([0])).shape).toEqual([0]);
    expect(ops.cumsum(ops.zeros([2, 0]), 1).shape).toEqual([2, 0]);
    expect(ops.cumsum(ops.zeros([2, 0])).shape).toEqual([0]);
  });

  it("rejects bad axes", () => {
    expect(() => ops.cumsum(x(), 2)).toThrow(/ops\.cumsum: axis 2 is out of bounds for a tensor of rank 2/);
    expect(() => ops.cumsum(ops.convertToTensor(5), 0)).toThrow(/axis 0 is out of bounds for a tensor of rank 0/);
  });

  it("gradients (a reverse running sum) match finite differences", () => {
    checkGradients((t) => ops.cumsum(t), [randomTensor([2, 3], 1)]);
    checkGradients((t) => ops.cumsum(t, 0), [randomTensor([4, 3], 2)]);
    checkGradients((t) => ops.cumsum(t, -1), [randomTensor([2, 3, 5], 3)]);
    checkGradients((t) => ops.cumsum(t, 1), [randomTensor([3, 1], 4)]);
    checkGradients((t) => ops.cumsum(t, 1), [randomTensor([2, 0], 5)]);
    expect(gradOf((t) => ops.cumsum(t), f64([1, 1, 1, 1])).toArray()).toEqual([4, 3, 2, 1]);
  });
});

describe("cumprod", () => {
  it("scans products over the flattened tensor or an axis", () => {
    const x = ops.convertToTensor([[1, 2, 3], [4, 5, 6]], "float32");
    expect(ops.cumprod(x).toArray()).toEqual([1, 2, 6, 24, 120, 720]);
    expect(ops.cumprod(x, 0).toArray()).toEqual([[1, 2, 3], [4, 10, 18]]);
    expect(ops.cumprod(x, -1).toArray()).toEqual([[1, 2, 6], [4, 20, 120]]);
    expect(ops.cumprod(ops.convertToTensor([2, 0, 3])).toArray()).toEqual([2, 0, 0]);
  });

  it("follows Keras's dtypes", () => {
    const b = ops.cumprod(ops.convertToTensor([true, true, false]));
    expect(b.dtype).toBe("int32");
    expect(b.toArray()).toEqual([1, 1, 0]);
    expect(ops.cumprod(ops.convertToTensor([2, 3]), null, "float32").dtype).toBe("float32");
    expect(ops.cumprod(ops.convertToTensor([2, 3])).toArray()).toEqual([2, 6]);
  });

  it("gradients match finite differences for many lengths (each doubling step), axes and signs", () => {
    for (const n of [1, 2, 3, 4, 5, 8, 9, 17]) checkGradients((t) => ops.cumprod(t), [randomTensor([n], 10 + n, -1.5, 1.5)]);
    checkGradients((t) => ops.cumprod(t, 0), [randomTensor([5, 3], 30)]);
    checkGradients((t) => ops.cumprod(t, 1), [randomTensor([2, 6, 2], 31)]);
    checkGradients((t) => ops.cumprod(t, -1), [randomTensor([1, 1], 32)]);
    checkGradients((t) => ops.cumprod(t, 0), [randomTensor([0, 3], 33)]);
  });

  it("gradients are exact with zeros in the input (no division by x)", () => {
    // y = [x0, x0 x1, x0 x1 x2] at (2, 0, 3): dy/dx0 = 1 + 0 + 0, dy/dx1 = 2 + 2*3, dy/dx2 = 0.
    expect(gradOf((t) => ops.cumprod(t), f64([2, 0, 3])).toArray()).toEqual([1, 8, 0]);
    expect(gradOf((t) => ops.cumprod(t), f64([0, 0, 5])).toArray()).toEqual([1, 0, 0]);
    checkGradients((t) => ops.cumprod(t, 1), [f64([[2, 0, 3, 1.5], [0, 0, 2, 1], [1, 2, 3, 0]])]);
  });

  it("has correct second derivatives, also at zeros", () => {
    checkGradients((t) => gradOf((u) => ops.cumprod(u), t), [randomTensor([6], 40)]);
    checkGradients((t) => gradOf((u) => ops.cumprod(u, 0), t), [f64([[2, 1], [0, 3], [1.5, 0], [4, 2]])]);
  });
});
