/** ops.image.perspectiveTransform and RandomPerspective. */
import { describe, expect, it } from "vitest";
import { ops, Tensor } from "../../../src/index.js";
import { RandomPerspective } from "../../../src/layers/preprocessing/index.js";
import { homographyCoefficients } from "../../../src/ops/image/perspective-transform.js";
import { checkGradients, expectClose, randomTensor } from "../../utils/gradcheck.js";
import { runLayerTest } from "../../utils/layer-test.js";

const CORNERS = [[0, 0], [4, 0], [0, 4], [4, 4]];
const grid5 = () => ops.reshape(ops.arange(0, 25, 1, "float64"), [1, 5, 5, 1]);
const same = (a: Tensor, b: Tensor) => JSON.stringify(a.toArray()) === JSON.stringify(b.toArray());

describe("ops.image.perspectiveTransform", () => {
  it("the homography maps every end point to its start point", () => {
    const start = [0, 0, 9, 0, 0, 7, 9, 7];
    const end = [1, 0.5, 8, -0.3, -0.4, 6.5, 9.6, 7.2];
    const [a0, a1, a2, b0, b1, b2, c0, c1] = homographyCoefficients(start, end);
    for (let p = 0; p < 4; p++) {
      const [x, y] = [end[2 * p], end[2 * p + 1]];
      const k = c0 * x + c1 * y + 1;
      expect((a0 * x + a1 * y + a2) / k).toBeCloseTo(start[2 * p], 10);
      expect((b0 * x + b1 * y + b2) / k).toBeCloseTo(start[2 * p + 1], 10);
    }
    expect(() => homographyCoefficients([0, 0, 1, 1, 2, 2, 3, 3], [0, 0, 1, 1, 2, 2, 3, 3])).toThrow(/collinear/);
  });

  it("same points: identity; points moved right by one: a one-pixel shift with the fill value", () => {
    expect(same(ops.image.perspectiveTransform(grid5(), CORNERS, CORNERS), grid5())).toBe(true);
    const moved = CORNERS.map(([x, y]) => [x + 1, y]);
    const out = ops.image.perspectiveTransform(grid5(), CORNERS, moved, { fillValue: -1 });
    expectClose(out, ops.image.affineTransform(grid5(), [1, 0, -1, 0, 1, 0, 0, 0], { fillValue: -1 }).data, 0, 1e-9);
    // Batched points, channels first, one image.
    const batched = ops.image.perspectiveTransform(ops.transpose(ops.concatenate([grid5(), grid5()], 0), [0, 3, 1, 2]), [CORNERS, CORNERS], [CORNERS, moved], { dataFormat: "channels_first" });
    expect(same(ops.slice(batched, [0, 0, 0, 0], [1, 1, 5, 5]), ops.transpose(grid5(), [0, 3, 1, 2]))).toBe(true);
    expect(ops.image.perspectiveTransform(ops.squeeze(grid5(), 0), CORNERS, moved).shape).toEqual([5, 5, 1]);
  });

  it("gradients reach the images; bad points are refused", () => {
    const end = [[0.2, -0.1], [4.3, 0.2], [-0.2, 3.7], [4.1, 4.2]];
    checkGradients((x) => ops.image.perspectiveTransform(x, CORNERS, end), [randomTensor([1, 5, 5, 2], 3)]);
    expect(() => ops.image.perspectiveTransform(grid5(), [[0, 0]], [[0, 0]])).toThrow(/start_points shape/);
    expect(() => ops.image.perspectiveTransform(grid5(), CORNERS, [CORNERS])).toThrow(/same shape/);
    expect(() => ops.image.perspectiveTransform(grid5(), CORNERS, CORNERS, { interpolation: "cubic" })).toThrow(/interpolation/);
  });
});

describe("RandomPerspective", () => {
  it("contract harness", () => {
    runLayerTest({ layerCls: RandomPerspective, initArgs: [], initKwargs: { seed: 1 }, inputShape: [2, 5, 6, 3], expectedOutputShape: [2, 5, 6, 3] });
    runLayerTest({ layerCls: RandomPerspective, initArgs: [0.5], initKwargs: { scale: 0.2, dataFormat: "channels_first" }, inputShape: [3, 5, 6], expectedOutputShape: [3, 5, 6] });
  });

  it("scale 0, factor 0 and inference leave the images; otherwise the corners move and the centre stays inside", () => {
    const x = randomTensor([3, 6, 6, 2], 4);
    const f64 = { dtype: "float64" };
    expectClose(new RandomPerspective(1, { scale: 0, ...f64 }).apply(x) as Tensor, x.data, 0, 1e-9);
    expect(same(new RandomPerspective(0, f64).apply(x) as Tensor, x)).toBe(true);
    expect(same(new RandomPerspective(1, f64).apply(x, { training: false }) as Tensor, x)).toBe(true);
    const warped = new RandomPerspective([1, 1], { scale: 0.5, seed: 3, ...f64 }).apply(x) as Tensor;
    expect(same(warped, x)).toBe(false);
    expect(same(warped, new RandomPerspective([1, 1], { scale: 0.5, seed: 3, ...f64 }).apply(x) as Tensor)).toBe(true);
  });

  it("config and errors", () => {
    const layer = new RandomPerspective(0.5, { scale: 0.3, interpolation: "nearest", fillValue: 2, seed: 7 });
    expect(layer.getConfig()).toMatchObject({ factor: [0, 0.5], scale: 0.3, interpolation: "nearest", fill_value: 2, seed: 7 });
    expect(RandomPerspective.fromConfig(layer.getConfig()).getConfig()).toEqual(layer.getConfig());
    expect(() => new RandomPerspective(1, { scale: 1.5 })).toThrow(/RandomPerspective: The `scale` argument should be a number in the range \[0,1\]/);
    expect(() => new RandomPerspective(1, { interpolation: "cubic" })).toThrow(/RandomPerspective: Unknown `interpolation` cubic/);
  });
});
