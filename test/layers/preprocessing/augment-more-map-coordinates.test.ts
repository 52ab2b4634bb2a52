/** ops.image.mapCoordinates: n-d sampling at real positions, by hand; fill modes; gradients. */
import { describe, expect, it } from "vitest";
import { ops, Tensor } from "../../../src/index.js";
import { checkGradients, expectClose, randomTensor } from "../../utils/gradcheck.js";

const f64 = (data: number[], shape: number[]) => new Tensor(new Float64Array(data), shape, "float64");
const line = () => f64([10, 20, 30], [3]);
const at = (positions: number[]) => f64(positions, [1, positions.length]);

describe("ops.image.mapCoordinates", () => {
  it("1-D linear interpolation, constant fill outside (scipy's bug 2640 fixed, as in Keras)", () => {
    expectClose(ops.image.mapCoordinates(line(), at([0, 0.5, 1.25, 2, -1, 3, -0.5]), 1), [10, 15, 22.5, 30, 0, 0, 5], 0, 1e-12);
    expectClose(ops.image.mapCoordinates(line(), at([-0.5, 2.5]), 1, { fillValue: 4 }), [0.5 * 4 + 0.5 * 10, 0.5 * 30 + 0.5 * 4], 0, 1e-12);
  });

  it("fill modes extend the input as documented", () => {
    const edges = at([-1, 3, -2]);
    expectClose(ops.image.mapCoordinates(line(), edges, 1, "nearest"), [10, 30, 10], 0, 1e-12);
    expectClose(ops.image.mapCoordinates(line(), edges, 1, "wrap"), [30, 10, 20], 0, 1e-12);
    expectClose(ops.image.mapCoordinates(line(), edges, 1, "reflect"), [10, 30, 20], 0, 1e-12); // (c b a | a b c | c b a)
    expectClose(ops.image.mapCoordinates(line(), edges, 1, "mirror"), [20, 20, 30], 0, 1e-12); // (c b | a b c | b a)
  });

  it("order 0 takes the nearest element, halves rounding up", () => {
    expectClose(ops.image.mapCoordinates(line(), at([0.5, 1.49, -0.6, 2.2]), 0, { fillValue: 7 }), [20, 20, 7, 30], 0, 0);
  });

  it("2-D and 3-D: bilinear and trilinear blends by hand; the output takes the coordinates' trailing shape", () => {
    const grid = f64([1, 2, 3, 4], [2, 2]);
    const coords = f64([0.5, 0.25, 0, 0.5, 1, 0], [2, 3]); // points (0.5, 0.5), (0.25, 1), (0, 0)
    expectClose(ops.image.mapCoordinates(grid, coords, 1), [2.5, 0.75 * 2 + 0.25 * 4, 1], 0, 1e-12);
    const cube = f64([0, 1, 2, 3, 4, 5, 6, 7], [2, 2, 2]); // value = 4 i + 2 j + k, linear, so interpolation is exact
    const pts = f64([0.3, 0.9, 0.1, 0.6, 0.2, 0.8], [3, 1, 2]);
    const y = ops.image.mapCoordinates(cube, pts, 1);
    expect(y.shape).toEqual([1, 2]);
    expectClose(y, [4 * 0.3 + 2 * 0.1 + 0.2, 4 * 0.9 + 2 * 0.6 + 0.8], 0, 1e-12);
  });

  it("integer inputs are rounded back to their dtype; float32 stays float32", () => {
    const ints = new Tensor(new Int32Array([10, 21, 30]), [3], "int32");
    const y = ops.image.mapCoordinates(ints, at([0.5, 1.5]), 1);
    expect(y.dtype).toBe("int32");
    expect(Array.from(y.data)).toEqual([16, 26]); // 15.5 and 25.5 round half to even in float32: 16, 26
    expect(ops.image.mapCoordinates(ops.ones([2, 2]), ops.zeros([2, 4]), 1).dtype).toBe("float32");
  });

  it("gradients reach the input and the coordinates (float64 finite differences)", () => {
    for (const fillMode of ["constant", "nearest", "wrap", "mirror", "reflect"]) {
      checkGradients(
        (x, c) => ops.image.mapCoordinates(x, c, 1, { fillMode, fillValue: 0.5 }),
        [randomTensor([3, 4], 1), randomTensor([2, 5], 2, -1.7, 4.3)],
        { maxEntries: 20 },
      );
    }
    checkGradients((x, c) => ops.image.mapCoordinates(x, c, 1, "reflect"), [randomTensor([2, 3, 2], 3), randomTensor([3, 2, 2], 4, -0.9, 2.6)]);
    checkGradients((x) => ops.image.mapCoordinates(x, f64([0.2, 1.7, -0.4], [1, 3]), 0), [randomTensor([3], 5)]);
    checkGradients((x) => ops.image.mapCoordinates(x, randomTensor([2, 3], 6, 0, 1), 1), [randomTensor([1, 2], 7)]); // size-1 axis
  });

  it("errors name the op", () => {
    expect(() => ops.image.mapCoordinates(line(), f64([0, 1], [2, 1]), 1)).toThrow(
      /mapCoordinates: First dim of `coordinates` must be the same as the rank of `inputs`. Received inputs with shape: \(3,\) and coordinate leading dim of 2/,
    );
    expect(() => ops.image.mapCoordinates(line(), f64([0], [1]), 1)).toThrow(/mapCoordinates: Invalid coordinates rank: expected at least rank 2/);
    expect(() => ops.image.mapCoordinates(line(), at([0]), 2)).toThrow(/mapCoordinates: Invalid value for argument `order`. Expected one of \[0, 1\]. Received: order=2/);
    expect(() => ops.image.mapCoordinates(line(), at([0]), 1, "edge")).toThrow(/mapCoordinates: Invalid value for argument `fill_mode`/);
  });
});
