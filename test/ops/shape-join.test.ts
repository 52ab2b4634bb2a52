import { describe, expect, it } from "vitest";
import { GradientTape, Tensor, ops } from "../../src/index.js";
import { checkGradients, randomTensor } from "../utils/gradcheck.js";

const iota = (shape: number[], start = 0): Tensor =>
  ops.reshape(ops.cast(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => start + i), "float32"), shape);

describe("concatenate", () => {
  it("joins along any axis", () => {
    const a = iota([2, 2]);
    const b = iota([2, 1], 10);
    expect(ops.concatenate([a, b], 1).toArray()).toEqual([[0, 1, 10], [2, 3, 11]]);
    expect(ops.concatenate([a, b], { axis: -1 }).toArray()).toEqual([[0, 1, 10], [2, 3, 11]]);
    expect(ops.concatenate([a, iota([1, 2], 10)]).toArray()).toEqual([[0, 1], [2, 3], [10, 11]]);
    const c = ops.concatenate([iota([2, 1, 2]), iota([2, 2, 2], 10), iota([2, 0, 2])], 1);
    expect(c.toArray()).toEqual([
      [[0, 1], [10, 11], [12, 13]],
      [[2, 3], [14, 15], [16, 17]],
    ]);
    expect(ops.concatenate([a]).toArray()).toEqual(a.toArray());
    expect(ops.concatenate([a, b], null).toArray()).toEqual([0, 1, 2, 3, 10, 11]);
  });

  it("promotes dtypes like Keras", () => {
    const y = ops.concatenate([ops.convertToTensor([1, 2]), ops.convertToTensor([0.5], "float32")]);
    expect(y.dtype).toBe("float32");
    expect(y.toArray()).toEqual([1, 2, 0.5]);
    expect(ops.concatenate([ops.convertToTensor([1]), ops.convertToTensor([true])]).dtype).toBe("int32");
  });

  it("errors on mismatched shapes, scalars and empty lists", () => {
    expect(() => ops.concatenate([iota([2, 2]), iota([3, 3])], 1)).toThrow(/ops\.concatenate: all input shapes must match except along the concatenation axis 1, received shapes \(2, 2\), \(3, 3\)/);
    expect(() => ops.concatenate([iota([2]), iota([2, 1])])).toThrow(/must match/);
    expect(() => ops.concatenate([ops.convertToTensor(1), ops.convertToTensor(2)])).toThrow(/zero-dimensional/);
    expect(() => ops.concatenate([])).toThrow(/non-empty list/);
    expect(() => ops.concatenate([iota([2])], 1)).toThrow(/out of bounds/);
  });
});

describe("stack and unstack", () => {
  it("stack adds a new axis", () => {
    const a = iota([2, 3]);
    const b = iota([2, 3], 10);
    expect(ops.stack([a, b]).shape).toEqual([2, 2, 3]);
    expect(ops.stack([a, b], 1).toArray()).toEqual([
      [[0, 1, 2], [10, 11, 12]],
      [[3, 4, 5], [13, 14, 15]],
    ]);
    expect(ops.stack([a, b], -1).toArray()).toEqual([
      [[0, 10], [1, 11], [2, 12]],
      [[3, 13], [4, 14], [5, 15]],
    ]);
    expect(ops.stack([ops.convertToTensor(1), ops.convertToTensor(2.5)]).toArray()).toEqual([1, 2.5]);
    expect(() => ops.stack([a, iota([3, 2])])).toThrow(/ops\.stack: all input tensors must have the same shape, received shapes \(2, 3\), \(3, 2\)/);
    expect(() => ops.stack([a, b], 3)).toThrow(/out of bounds/);
  });

  it("unstack removes an axis", () => {
    const x = iota([2, 3]);
    expect(ops.unstack(x).map((t) => t.toArray())).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(ops.unstack(x, { axis: -1 }).map((t) => t.toArray())).toEqual([[0, 3], [1, 4], [2, 5]]);
    expect(ops.unstack(x, 3, 1).length).toBe(3);
    expect(ops.unstack(iota([0, 2])).length).toBe(0);
    expect(() => ops.unstack(x, 4, 1)).toThrow(/ops\.unstack: num=4 does not match the size 3 of axis 1/);
  });
});

describe("split", () => {
  it("splits into equal sections", () => {
    const x = iota([2, 6]);
    const parts = ops.split(x, 3, 1);
    expect(parts.map((p) => p.toArray())).toEqual([[[0, 1], [6, 7]], [[2, 3], [8, 9]], [[4, 5], [10, 11]]]);
    expect(ops.split(x, 2).map((p) => p.shape)).toEqual([[1, 6], [1, 6]]);
  });

  it("splits at indices with python slice semantics (numpy)", () => {
    const x = iota([7]);
    // np.split(np.arange(7), [2, 5, 10]) -> [0 1], [2 3 4], [5 6], []
    expect(ops.split(x, [2, 5, 10]).map((p) => p.toArray())).toEqual([[0, 1], [2, 3, 4], [5, 6], []]);
    // Negative cut points count from the end; decreasing ones give empty and overlapping pieces.
    expect(ops.split(x, [-2]).map((p) => p.toArray())).toEqual([[0, 1, 2, 3, 4], [5, 6]]);
    expect(ops.split(x, [5, 2]).map((p) => p.toArray())).toEqual([[0, 1, 2, 3, 4], [], [2, 3, 4, 5, 6]]);
    expect(ops.split(x, []).map((p) => p.toArray())).toEqual([[0, 1, 2, 3, 4, 5, 6]]);
    expect(ops.split(x, ops.convertToTensor([2, 5])).map((p) => p.toArray())).toEqual([[0, 1], [2, 3, 4], [5, 6]]);
    expect(() => ops.split(x, "2" as never)).toThrow(/must be an integer or a list of integers/);
  });

  it("errors on unequal division like numpy", () => {
    expect(() => ops.split(iota([7]), 3)).toThrow(/ops\.split: array split does not result in an equal division/);
    expect(() => ops.split(iota([6]), 0)).toThrow(/positive integer/);
    expect(() => ops.split(ops.convertToTensor(1), 1)).toThrow(/zero-dimensional/);
  });
});

describe("gradients", () => {
  it("match finite differences over shapes, negative axes and empty dims", () => {
    const a = randomTensor([2, 3, 2], 1);
    const b = randomTensor([2, 1, 2], 2);
    const e = randomTensor([2, 0, 2], 3);
    checkGradients((x, y) => ops.concatenate([x, y, x], 1), [a, b]);
    checkGradients((x, y) => ops.concatenate([x, y], -2), [a, b]);
    checkGradients((x, y) => ops.concatenate([x, y], 1), [a, e]);
    checkGradients((x, y) => ops.concatenate([x, y], null), [a, b]);
    checkGradients((x, y) => ops.stack([x, y], -1), [a, randomTensor([2, 3, 2], 4)]);
    checkGradients((x) => ops.stack([x, x], 0), [e]);
    // Only some pieces used: the tape fills the rest with zeros.
    checkGradients((x) => ops.split(x, 3, 1)[1], [a]);
    checkGradients((x) => ops.concatenate(ops.split(x, [1, 2], -1).reverse(), -1), [a]);
    checkGradients((x) => ops.concatenate(ops.split(x, [2, 1], 1), 1), [a]);
    checkGradients((x) => ops.stack(ops.unstack(x, { axis: 1 }).slice(1), 0), [a]);
    checkGradients((x) => ops.unstack(x, null, -1)[0], [a]);
  });

  it("give second-order gradients through concatenate and split", () => {
    // f(x) = sum(concat([x, x^2])^2) = sum(x^2 + x^4); f'' = 2 + 12 x^2 on the diagonal.
    const x = new Tensor(Float64Array.from([0.5, -1.5]), [2], "float64");
    const outer = new GradientTape();
    outer.watch(x);
    const g = outer.record(() => {
      const inner = new GradientTape();
      inner.watch(x);
      const y = inner.record(() => ops.sum(ops.square(ops.concatenate([x, ops.square(x)]))));
      const [dx] = inner.gradient(y, [x]);
      return ops.sum(ops.split(dx!, [1])[1]);
    });
    const [h] = outer.gradient(g, [x]);
    expect(Array.from(h!.data)).toEqual([0, 2 + 12 * 1.5 * 1.5]);
  });
});
