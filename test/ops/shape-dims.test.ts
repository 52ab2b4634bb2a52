import { describe, expect, it } from "vitest";
import { Tensor, ops } from "../../src/index.js";
import { checkGradients, randomTensor } from "../utils/gradcheck.js";

/** 0, 1, 2, ... laid out in `shape` (float32). */
const iota = (shape: number[]): Tensor => ops.reshape(ops.cast(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i), "float32"), shape);

describe("expandDims", () => {
  it("inserts size-1 axes at output positions, negative counted from the output's end", () => {
    const x = iota([2, 3]);
    expect(ops.expandDims(x, 0).shape).toEqual([1, 2, 3]);
    expect(ops.expandDims(x, 1).shape).toEqual([2, 1, 3]);
    expect(ops.expandDims(x, -1).shape).toEqual([2, 3, 1]);
    expect(ops.expandDims(x, -3).shape).toEqual([1, 2, 3]);
    expect(ops.expandDims(x, [0, 2]).shape).toEqual([1, 2, 1, 3]);
    expect(ops.expandDims(x, [-1, 0]).shape).toEqual([1, 2, 3, 1]);
    expect(ops.expandDims(x, 1).toArray()).toEqual([[[0, 1, 2]], [[3, 4, 5]]]);
    expect(ops.expandDims(ops.convertToTensor(5), 0).toArray()).toEqual([5]);
  });

  it("rejects out-of-range and repeated axes", () => {
    expect(() => ops.expandDims(iota([2, 3]), 3)).toThrow(/ops\.expandDims: axis 3 is out of bounds for a tensor of rank 3/);
    expect(() => ops.expandDims(iota([2, 3]), [1, 1])).toThrow(/repeated axis/);
  });
});

describe("squeeze", () => {
  it("removes all size-1 axes, or the ones asked for", () => {
    const x = iota([1, 3, 1, 2]);
    expect(ops.squeeze(x).shape).toEqual([3, 2]);
    expect(ops.squeeze(x, 0).shape).toEqual([3, 1, 2]);
    expect(ops.squeeze(x, -2).shape).toEqual([1, 3, 2]);
    expect(ops.squeeze(x, { axis: [0, 2] }).toArray()).toEqual([[0, 1], [2, 3], [4, 5]]);
    expect(ops.squeeze(iota([1, 1])).shape).toEqual([]);
    expect(ops.squeeze(iota([2, 3])).shape).toEqual([2, 3]);
  });

  it("errors when a squeezed axis is not of size 1", () => {
    expect(() => ops.squeeze(iota([1, 3]), 1)).toThrow(/ops\.squeeze: Cannot squeeze axis=1, because the dimension is not 1 \(received a tensor of shape \(1, 3\), where axis 1 has size 3\)/);
    expect(() => ops.squeeze(iota([1, 3]), 2)).toThrow(/out of bounds/);
  });
});

describe("moveaxis and swapaxes", () => {
  it("moveaxis moves axes and keeps the others in order", () => {
    const x = iota([2, 3, 4]);
    const y = ops.moveaxis(x, 0, -1);
    expect(y.shape).toEqual([3, 4, 2]);
    // y[i, j, k] = x[k, i, j] = 12k + 4i + j
    expect((y.toArray() as number[][][])[2][1]).toEqual([9, 21]);
    expect(ops.moveaxis(x, -1, 0).shape).toEqual([4, 2, 3]);
    const z = ops.moveaxis(x, [0, 1], [2, 0]);
    expect(z.shape).toEqual([3, 4, 2]);
    // z[i, j, k] = x[k, i, j]
    expect((z.toArray() as number[][][])[1][3]).toEqual([7, 19]);
    expect(ops.moveaxis(x, [0, 2], [1, 0]).shape).toEqual([4, 2, 3]);
  });

  it("moveaxis validates its arguments", () => {
    expect(() => ops.moveaxis(iota([2, 3]), [0, 1], [1])).toThrow(/same number of elements/);
    expect(() => ops.moveaxis(iota([2, 3]), [0, 0], [1, 0])).toThrow(/repeated axis/);
    expect(() => ops.moveaxis(iota([2, 3]), 2, 0)).toThrow(/out of bounds/);
  });

  it("swapaxes exchanges two axes", () => {
    const x = iota([2, 3, 4]);
    const y = ops.swapaxes(x, 0, -1);
    expect(y.shape).toEqual([4, 3, 2]);
    // y[i, j, k] = x[k, j, i] = 12k + 4j + i
    expect((y.toArray() as number[][][])[3][2]).toEqual([11, 23]);
    expect(ops.swapaxes(x, 1, 1).toArray()).toEqual(x.toArray());
  });
});

describe("gradients", () => {
  it("match finite differences, including empty dims", () => {
    const x = randomTensor([2, 3, 4], 1);
    checkGradients((t) => ops.expandDims(t, [0, -1]), [x]);
    checkGradients((t) => ops.squeeze(t), [randomTensor([1, 3, 1], 2)]);
    checkGradients((t) => ops.moveaxis(t, [0, -1], [-1, 0]), [x]);
    checkGradients((t) => ops.swapaxes(t, -1, 1), [x]);
    checkGradients((t) => ops.moveaxis(t, 1, 0), [randomTensor([2, 0, 3], 3)]);
    checkGradients((t) => ops.squeeze(t, 0), [randomTensor([1, 0], 4)]);
  });
});
