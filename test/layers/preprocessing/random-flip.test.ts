/** RandomFlip: contract harness, flip outcomes per image, training/inference, seeds, gradients, config and errors. */
import { describe, expect, it } from "vitest";
import { ops, Tensor, valueAndGrad } from "../../../src/index.js";
import { RandomFlip } from "../../../src/layers/preprocessing/index.js";
import { randomTensor } from "../../utils/gradcheck.js";
import { runLayerTest } from "../../utils/layer-test.js";

const images = (n: number) => randomTensor([n, 3, 4, 2], 21);
const slice = (x: Tensor, i: number) => ops.slice(x, [i, 0, 0, 0], [1, ...x.shape.slice(1)]);
const same = (a: Tensor, b: Tensor) => JSON.stringify(a.toArray()) === JSON.stringify(b.toArray());

/** Which of the candidate transforms of image i produced output i (-1: none). */
function outcome(x: Tensor, y: Tensor, i: number, candidates: ((t: Tensor) => Tensor)[]): number {
  return candidates.findIndex((f) => same(f(slice(x, i)), slice(y, i)));
}

describe("RandomFlip", () => {
  it("contract harness", () => {
    runLayerTest({ layerCls: RandomFlip, initArgs: ["horizontal"], initKwargs: { seed: 1 }, inputShape: [2, 3, 4, 2], expectedOutputShape: [2, 3, 4, 2] });
    runLayerTest({ layerCls: RandomFlip, initKwargs: { dataFormat: "channels_first" }, inputShape: [3, 4, 5], expectedOutputShape: [3, 4, 5] });
  });

  it("flips each image or leaves it, with both outcomes in a batch; one draw serves both directions", () => {
    const x = images(48);
    const id = (t: Tensor) => t;
    const cases: [string, (t: Tensor) => Tensor][] = [
      ["horizontal", (t) => ops.flip(t, 2)],
      ["vertical", (t) => ops.flip(t, 1)],
      ["horizontal_and_vertical", (t) => ops.flip(ops.flip(t, 1), 2)],
    ];
    for (const [mode, flipped] of cases) {
      const y = new RandomFlip(mode, { seed: 5, dtype: "float64" }).apply(x, { training: true }) as Tensor;
      const outcomes = Array.from({ length: 48 }, (_, i) => outcome(x, y, i, [id, flipped]));
      expect(outcomes, mode).not.toContain(-1);
      expect(new Set(outcomes), mode).toEqual(new Set([0, 1]));
    }
  });

  it("is random per call by default, reproducible with a seed, and the identity in inference", () => {
    const x = images(16);
    const a = new RandomFlip("horizontal", { seed: 7, dtype: "float64" });
    const b = new RandomFlip("horizontal", { seed: 7, dtype: "float64" });
    expect(same(a.apply(x) as Tensor, b.apply(x) as Tensor)).toBe(true);
    expect(same(a.apply(x, { training: false }) as Tensor, x)).toBe(true);
    // Successive calls draw new flips (2^-16 chance of a false failure per pair; three calls).
    const draws = [a.apply(x), a.apply(x), a.apply(x)].map((y) => JSON.stringify((y as Tensor).toArray()));
    expect(new Set(draws).size).toBeGreaterThan(1);
    const single = new RandomFlip("vertical", { seed: 1 }).apply(ops.cast(slice(x, 0), "float32")) as Tensor;
    expect(single.shape).toEqual([1, 3, 4, 2]);
    const unbatched = new RandomFlip("vertical", { seed: 1 }).apply(ops.cast(ops.squeeze(slice(x, 0), 0), "float32")) as Tensor;
    expect(unbatched.shape).toEqual([3, 4, 2]);
  });

  it("gradients flow back through the flip each image received", () => {
    const x = images(12);
    const w = randomTensor([12, 3, 4, 2], 22);
    const layer = new RandomFlip("horizontal", { seed: 9, dtype: "float64" });
    let y: Tensor | null = null;
    const { grads } = valueAndGrad(() => {
      y = layer.apply(x, { training: true }) as Tensor;
      return ops.sum(ops.multiply(y, w));
    }, [x]);
    for (let i = 0; i < 12; i++) {
      const flipped = outcome(x, y!, i, [(t) => t, (t) => ops.flip(t, 2)]);
      const expected = flipped === 1 ? ops.flip(slice(w, i), 2) : slice(w, i);
      expect(same(slice(grads[0], i), expected), `image ${i}`).toBe(true);
    }
  });

  it("config and errors", () => {
    const layer = new RandomFlip("vertical", { seed: 3 });
    expect(layer.getConfig()).toMatchObject({ mode: "vertical", seed: 3, data_format: "channels_last" });
    expect(RandomFlip.fromConfig(layer.getConfig()).getConfig()).toEqual(layer.getConfig());
    expect(new RandomFlip().mode).toBe("horizontal_and_vertical");
    expect(() => new RandomFlip("diagonal")).toThrow(/unknown mode argument/);
    expect(() => new RandomFlip("vertical").apply(ops.ones([2, 3]))).toThrow(/rank/);
  });
});
