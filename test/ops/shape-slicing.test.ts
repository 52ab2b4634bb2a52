import { describe, expect, it } from "vitest";
import { GradientTape, Tensor, ops } from "../../src/index.js";
import { checkGradients, randomTensor } from "../utils/gradcheck.js";

const iota = (shape: number[], start = 0): Tensor =>
  ops.reshape(ops.cast(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => start + i), "float32"), shape);

describe("slice and sliceUpdate", () => {
  it("slice takes a window; -1 runs to the end of the axis", () => {
    const x = iota([3, 4]);
    expect(ops.slice(x, [1, 1], [2, 2]).toArray()).toEqual([[5, 6], [9, 10]]);
    expect(ops.slice(x, [0, 2], [-1, -1]).toArray()).toEqual([[2, 3], [6, 7], [10, 11]]);
    expect(ops.slice(x, [1, 0], [0, 4]).shape).toEqual([0, 4]);
    expect(ops.slice(x, ops.convertToTensor([2, 3]), [1, 1]).toArray()).toEqual([[11]]);
  });

  it("slice rejects windows outside the tensor", () => {
    expect(() => ops.slice(iota([3, 4]), [2, 0], [2, 4])).toThrow(/ops\.slice: the window starting at \[2,0\] with shape \[2,4\] does not fit in a tensor of shape \(3, 4\) \(axis 0\)/);
    expect(() => ops.slice(iota([3, 4]), [-1, 0], [1, 1])).toThrow(/does not fit/);
    expect(() => ops.slice(iota([3, 4]), [0], [1])).toThrow(/one entry per axis/);
  });

  it("sliceUpdate writes a block and casts it to the input dtype", () => {
    const x = iota([3, 3]);
    const y = ops.sliceUpdate(x, [1, 0], ops.convertToTensor([[-1, -2], [-3, -4]]));
    expect(y.dtype).toBe("float32");
    expect(y.toArray()).toEqual([[0, 1, 2], [-1, -2, 5], [-3, -4, 8]]);
    expect(x.toArray()).toEqual([[0, 1, 2], [3, 4, 5], [6, 7, 8]]);
    expect(() => ops.sliceUpdate(x, [2, 2], iota([2, 1]))).toThrow(/ops\.sliceUpdate: updates of shape \(2, 1\) at start_indices=\[2,2\] do not fit/);
    expect(() => ops.sliceUpdate(x, [0, 0], iota([2]))).toThrow(/must match the rank 2/);
  });
});

describe("pad", () => {
  it("pads with a constant, numpy's pad_width forms", () => {
    const x = iota([2, 2], 1);
    expect(ops.pad(x, [[1, 0], [0, 2]]).toArray()).toEqual([[0, 0, 0, 0], [1, 2, 0, 0], [3, 4, 0, 0]]);
    expect(ops.pad(x, 1, "constant", 9).toArray()).toEqual([[9, 9, 9, 9], [9, 1, 2, 9], [9, 3, 4, 9], [9, 9, 9, 9]]);
    expect(ops.pad(x, [0, 1]).toArray()).toEqual([[1, 2, 0], [3, 4, 0], [0, 0, 0]]);
    expect(ops.pad(x, [[1], [0]], { constantValues: -1 }).toArray()).toEqual([[-1, -1], [1, 2], [3, 4], [-1, -1]]);
    expect(ops.pad(x, [[0, 0], [0, 0]]).toArray()).toEqual(x.toArray());
    expect(ops.pad(iota([0, 2]), [[1, 0], [0, 0]]).toArray()).toEqual([[0, 0]]);
  });

  it("reflect, symmetric, edge and wrap match numpy (also past one period)", () => {
    const r = iota([3]);
    // Values printed by numpy 2.4: np.pad(np.arange(3), (7, 5), mode)
    expect(ops.pad(r, [7, 5], "reflect").toArray()).toEqual([1, 2, 1, 0, 1, 2, 1, 0, 1, 2, 1, 0, 1, 2, 1]);
    expect(ops.pad(r, [7, 5], "symmetric").toArray()).toEqual([0, 0, 1, 2, 2, 1, 0, 0, 1, 2, 2, 1, 0, 0, 1]);
    expect(ops.pad(r, [7, 5], "wrap").toArray()).toEqual([2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1]);
    expect(ops.pad(r, [2, 1], "edge").toArray()).toEqual([0, 0, 0, 1, 2, 2]);
    expect(ops.pad(iota([1]), 2, "reflect").toArray()).toEqual([0, 0, 0, 0, 0]);
    const x = iota([2, 3]);
    expect(ops.pad(x, [[1, 1], [2, 0]], "reflect").toArray()).toEqual([
      [5, 4, 3, 4, 5],
      [2, 1, 0, 1, 2],
      [5, 4, 3, 4, 5],
      [2, 1, 0, 1, 2],
    ]);
    expect(ops.pad(x, [[0, 1], [1, 1]], { mode: "edge" }).toArray()).toEqual([
      [0, 0, 1, 2, 2],
      [3, 3, 4, 5, 5],
      [3, 3, 4, 5, 5],
    ]);
  });

  it("errors clearly on bad arguments", () => {
    const x = iota([2, 2]);
    expect(() => ops.pad(x, 1, "reflect", 0)).toThrow(/ops\.pad: argument `constant_values` can only be provided when `mode == 'constant'`. Received: mode=reflect/);
    expect(() => ops.pad(x, 1, "mean")).toThrow(/mode "mean" is not supported yet/);
    expect(() => ops.pad(x, 1, "mirror")).toThrow(/unknown mode "mirror"/);
    expect(() => ops.pad(x, [[1, 1], [1, 1], [1, 1]])).toThrow(/one such pair per axis \(2 axes\)/);
    expect(() => ops.pad(x, -1)).toThrow(/negative/);
    expect(() => ops.pad(iota([0]), 1, "wrap")).toThrow(/cannot pad an empty axis/);
  });
});

describe("flip and roll", () => {
  it("flip reverses the given axes (all by default)", () => {
    const x = iota([2, 3]);
    expect(ops.flip(x).toArray()).toEqual([[5, 4, 3], [2, 1, 0]]);
    expect(ops.flip(x, 0).toArray()).toEqual([[3, 4, 5], [0, 1, 2]]);
    expect(ops.flip(x, { axis: -1 }).toArray()).toEqual([[2, 1, 0], [5, 4, 3]]);
    expect(ops.flip(iota([2, 0])).shape).toEqual([2, 0]);
  });

  it("roll matches numpy", () => {
    const x = iota([2, 3]);
    expect(ops.roll(x, 1).toArray()).toEqual([[5, 0, 1], [2, 3, 4]]);
    expect(ops.roll(x, [1, -1], [0, 1]).toArray()).toEqual([[4, 5, 3], [1, 2, 0]]);
    expect(ops.roll(x, 2, [0, 1]).toArray()).toEqual([[1, 2, 0], [4, 5, 3]]);
    expect(ops.roll(x, -4, { axis: -1 }).toArray()).toEqual([[1, 2, 0], [4, 5, 3]]);
    expect(ops.roll(x, [1, 1], 1).toArray()).toEqual([[1, 2, 0], [4, 5, 3]]);
    expect(() => ops.roll(x, [1, 2, 3], [0, 1])).toThrow(/same length/);
  });
});

describe("tile and repeat", () => {
  it("tile follows numpy, including rank alignment", () => {
    const x = iota([2, 2]);
    expect(ops.tile(x, [1, 2]).toArray()).toEqual([[0, 1, 0, 1], [2, 3, 2, 3]]);
    expect(ops.tile(x, 2).toArray()).toEqual([[0, 1, 0, 1], [2, 3, 2, 3]]);
    expect(ops.tile(x, [2, 1]).toArray()).toEqual([[0, 1], [2, 3], [0, 1], [2, 3]]);
    expect(ops.tile(iota([2]), [2, 2]).toArray()).toEqual([[0, 1, 0, 1], [0, 1, 0, 1]]);
    expect(ops.tile(x, [0, 1]).shape).toEqual([0, 2]);
    expect(() => ops.tile(x, [-1])).toThrow(/non-negative/);
  });

  it("repeat repeats elements by a count or per-element counts", () => {
    const x = iota([2, 3]);
    expect(ops.repeat(x, 2).toArray()).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(ops.repeat(x, 2, 0).toArray()).toEqual([[0, 1, 2], [0, 1, 2], [3, 4, 5], [3, 4, 5]]);
    expect(ops.repeat(x, [1, 0, 2], -1).toArray()).toEqual([[0, 2, 2], [3, 5, 5]]);
    expect(ops.repeat(x, 2, { axis: 1 }).toArray()).toEqual([[0, 0, 1, 1, 2, 2], [3, 3, 4, 4, 5, 5]]);
    expect(() => ops.repeat(x, 1.5)).toThrow(/ops\.repeat: `repeats` must be a list of integers, received 1\.5/);
    expect(ops.repeat(x, [3], 0).shape).toEqual([6, 3]);
    expect(() => ops.repeat(x, [1, 2], 1)).toThrow(/`repeats` has 2 entries but axis 1 has size 3/);
  });
});

describe("gradients", () => {
  it("match finite differences over shapes, negative axes and empty dims", () => {
    const x = randomTensor([3, 4], 1);
    const x3 = randomTensor([2, 3, 4], 2);
    checkGradients((t) => ops.slice(t, [1, 1], [2, -1]), [x]);
    checkGradients((t) => ops.slice(t, [0, 1, 0], [2, 0, 4]), [x3]);
    checkGradients((t, u) => ops.sliceUpdate(t, [1, 2], u), [x, randomTensor([2, 2], 3)]);
    checkGradients((t) => ops.pad(t, [[1, 2], [0, 1]], "constant", 0.5), [x]);
    for (const mode of ["reflect", "symmetric", "edge", "wrap"]) {
      checkGradients((t) => ops.pad(t, [[2, 3], [5, 1]], mode), [x]);
      checkGradients((t) => ops.pad(t, [[0, 0], [1, 0], [0, 2]], mode), [x3]);
    }
    checkGradients((t) => ops.flip(t, [0, -1]), [x3]);
    checkGradients((t) => ops.flip(t), [randomTensor([0, 3], 4)]);
    checkGradients((t) => ops.roll(t, [1, -5], [-1, 0]), [x3]);
    checkGradients((t) => ops.roll(t, 7), [x]);
    checkGradients((t) => ops.tile(t, [2, 1, 3]), [x]);
    checkGradients((t) => ops.repeat(t, 3, -2), [x3]);
    checkGradients((t) => ops.repeat(t, [2, 0, 1, 3], 1), [x]);
    checkGradients((t) => ops.repeat(t, 2), [randomTensor([2, 0], 5)]);
  });

  it("second-order gradients flow through slice and pad", () => {
    // f(x) = sum(slice(pad(x)^3)) over the original block = sum(x^3); d/dx sum(f'(x)) = 6x.
    const x = new Tensor(Float64Array.from([0.5, -2, 3]), [3], "float64");
    const outer = new GradientTape();
    outer.watch(x);
    const s = outer.record(() => {
      const inner = new GradientTape();
      inner.watch(x);
      const y = inner.record(() => ops.sum(ops.slice(ops.power(ops.pad(x, 2, "reflect"), 3), [2], [3])));
      return ops.sum(inner.gradient(y, [x])[0]!);
    });
    expect(Array.from(outer.gradient(s, [x])[0]!.data)).toEqual([3, -12, 18]);
  });
});
