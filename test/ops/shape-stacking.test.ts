import { describe, expect, it } from "vitest";
import { ops } from "../../src/index.js";
import { checkGradients, randomTensor } from "../utils/gradcheck.js";

const t = (v: unknown, dtype = "float32") => ops.convertToTensor(v as never, dtype);

describe("hstack / vstack", () => {
  it("hstack joins 1-D inputs along axis 0 and others along axis 1", () => {
    expect(ops.hstack([t([1, 2]), t([3])]).toArray()).toEqual([1, 2, 3]);
    expect(ops.hstack([t([[1], [2]]), t([[3, 4], [5, 6]])]).toArray()).toEqual([[1, 3, 4], [2, 5, 6]]);
    expect(ops.hstack([t(1), t(2)]).toArray()).toEqual([1, 2]);
    const mixed = ops.hstack([ops.convertToTensor([1]), t([0.5])]);
    expect(mixed.dtype).toBe("float32");
    expect(() => ops.hstack([])).toThrow(/expected a non-empty list/);
    expect(() => ops.hstack([t([[1, 2]]), t([[1], [2]])])).toThrow();
  });

  it("vstack makes 1-D inputs rows and joins along axis 0", () => {
    expect(ops.vstack([t([1, 2]), t([3, 4])]).toArray()).toEqual([[1, 2], [3, 4]]);
    expect(ops.vstack([t([[1, 2]]), t([3, 4])]).toArray()).toEqual([[1, 2], [3, 4]]);
    expect(ops.vstack([t(1), t(2)]).toArray()).toEqual([[1], [2]]);
    expect(ops.vstack([ops.zeros([0, 2]), t([5, 6])]).toArray()).toEqual([[5, 6]]);
  });

  it("gradients split back to each input", () => {
    checkGradients((a, b) => ops.hstack([a, b]), [randomTensor([2, 1], 1), randomTensor([2, 3], 2)]);
    checkGradients((a, b) => ops.vstack([a, b]), [randomTensor([3], 3), randomTensor([2, 3], 4)]);
  });
});

describe("meshgrid", () => {
  it("xy indexing swaps the first two axes; ij does not", () => {
    const [X, Y] = ops.meshgrid(t([1, 2, 3]), t([4, 5]));
    expect(X.toArray()).toEqual([[1, 2, 3], [1, 2, 3]]);
    expect(Y.toArray()).toEqual([[4, 4, 4], [5, 5, 5]]);
    const [I, J] = ops.meshgrid(t([1, 2, 3]), t([4, 5]), { indexing: "ij" });
    expect(I.toArray()).toEqual([[1, 1], [2, 2], [3, 3]]);
    expect(J.toArray()).toEqual([[4, 5], [4, 5], [4, 5]]);
  });

  it("three inputs and a single one", () => {
    const [a, b, c] = ops.meshgrid(t([1, 2]), t([3, 4, 5]), t([6]));
    expect(a.shape).toEqual([3, 2, 1]);
    expect(b.toArray()).toEqual([[[3], [3]], [[4], [4]], [[5], [5]]]);
    expect(c.toArray()).toEqual([[[6], [6]], [[6], [6]], [[6], [6]]]);
    expect(ops.meshgrid(t([1, 2]))[0].toArray()).toEqual([1, 2]);
  });

  it("rejects a bad indexing and unknown options; gradients sum over the grid", () => {
    expect(() => ops.meshgrid(t([1]), t([2]), { indexing: "yx" } as never)).toThrow(/Valid values for argument `indexing` are 'xy' and 'ij'/);
    expect(() => ops.meshgrid(t([1]), { sparse: true } as never)).toThrow(/unknown option "sparse"/);
    checkGradients((a, b) => ops.meshgrid(a, b)[0], [randomTensor([3], 5), randomTensor([2], 6)]);
    checkGradients((a, b) => ops.meshgrid(a, b, { indexing: "ij" })[1], [randomTensor([3], 7), randomTensor([2], 8)]);
  });
});
