/** SpatialDropout1D/2D/3D: contract, whole channels dropped in training, statistics, reproducibility, inference identity, config. */
import { describe, expect, it } from "vitest";
import { Input, Tensor, layers, ops, utils } from "../../../src/index.js";
import { runLayerTest } from "../../utils/layer-test.js";

const { SpatialDropout1D, SpatialDropout2D, SpatialDropout3D, Dropout } = layers;
const ones = (shape: number[]) => ops.ones(shape, "float32") as Tensor;

/** For each (sample, channel) pair, the values over the spatial positions. */
function channelValues(y: Tensor, channelsFirst: boolean): number[][] {
  const [b] = y.shape;
  const c = channelsFirst ? y.shape[1] : y.shape[y.rank - 1];
  const spatial = y.size / (b * c);
  const out: number[][] = [];
  for (let n = 0; n < b; n++) {
    for (let k = 0; k < c; k++) {
      const vals: number[] = [];
      for (let s = 0; s < spatial; s++) {
        const idx = channelsFirst ? (n * c + k) * spatial + s : (n * spatial + s) * c + k;
        vals.push(y.data[idx]);
      }
      out.push(vals);
    }
  }
  return out;
}

describe("SpatialDropout", () => {
  it("contract for 1D, 2D, 3D (one seed generator, no weights)", () => {
    runLayerTest({ layerCls: SpatialDropout1D, initArgs: [0.5], inputShape: [2, 3, 4], expectedOutputShape: [2, 3, 4], expectedNumTrainableWeights: 0, expectedNumSeedGenerators: 1, supportsMasking: true, assertBuiltAfterInstantiation: true });
    runLayerTest({ layerCls: SpatialDropout2D, initArgs: [0.5], initKwargs: { dataFormat: "channels_first" }, inputShape: [2, 3, 4, 5], expectedOutputShape: [2, 3, 4, 5], expectedNumSeedGenerators: 1 });
    runLayerTest({ layerCls: SpatialDropout3D, initArgs: [0.5], inputShape: [2, 3, 2, 2, 3], expectedOutputShape: [2, 3, 2, 2, 3], expectedNumSeedGenerators: 1 });
  });

  it("is a Dropout and uses Keras's short config (no trainable, dtype a string)", () => {
    const l = new SpatialDropout2D(0.3, { seed: 3, name: "sd" });
    expect(l).toBeInstanceOf(Dropout);
    expect(l.getConfig()).toEqual({ rate: 0.3, seed: 3, name: "sd", dtype: "float32", data_format: "channels_last" });
    expect(new SpatialDropout1D(0.3, { seed: 3, name: "sd1" }).getConfig()).toEqual({ rate: 0.3, seed: 3, name: "sd1", dtype: "float32" });
  });

  for (const [label, make, shape, channelsFirst] of [
    ["1D", () => new SpatialDropout1D(0.4, { seed: 1 }), [50, 6, 8], false],
    ["2D channels_last", () => new SpatialDropout2D(0.4, { seed: 2 }), [50, 3, 3, 8], false],
    ["2D channels_first", () => new SpatialDropout2D(0.4, { seed: 3, dataFormat: "channels_first" }), [50, 8, 3, 3], true],
    ["3D channels_first", () => new SpatialDropout3D(0.4, { seed: 4, dataFormat: "channels_first" }), [50, 8, 2, 2, 2], true],
  ] as const) {
    it(`${label}: in training each channel map is dropped or kept (scaled by 1/(1-rate)) as a whole, at rate ~0.4`, () => {
      const layer = make();
      const y = layer.apply(ones(shape as unknown as number[]), { training: true }) as Tensor;
      const maps = channelValues(y, channelsFirst as boolean);
      let dropped = 0;
      for (const vals of maps) {
        const first = vals[0];
        expect(first === 0 || Math.abs(first - 1 / 0.6) < 1e-6, `value ${first}`).toBe(true);
        for (const v of vals) expect(v).toBe(first);
        if (first === 0) dropped++;
      }
      // 400 channel maps, binomial(400, 0.4): mean 160, sd ~9.8; allow 5 sd.
      expect(maps.length).toBe(400);
      expect(Math.abs(dropped - 160)).toBeLessThan(50);
    });
  }

  it("inference (explicit or default) is the identity", () => {
    const input = new Tensor(Float32Array.from({ length: 24 }, (_, i) => i), [2, 3, 4], "float32");
    const layer = new SpatialDropout1D(0.9);
    expect(layer.apply(input)).toBe(input);
    expect(layer.apply(input, { training: false })).toBe(input);
  });

  it("reproducible: same seed -> same mask; setRandomSeed fixes unseeded layers; successive calls differ", () => {
    const x = ones([4, 5, 6]);
    const a = new SpatialDropout1D(0.5, { seed: 7 }).apply(x, { training: true }) as Tensor;
    const b = new SpatialDropout1D(0.5, { seed: 7 }).apply(x, { training: true }) as Tensor;
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    utils.setRandomSeed(123);
    const c = new SpatialDropout1D(0.5).apply(x, { training: true }) as Tensor;
    utils.setRandomSeed(123);
    const d = new SpatialDropout1D(0.5).apply(x, { training: true }) as Tensor;
    expect(Array.from(c.data)).toEqual(Array.from(d.data));
    const layer = new SpatialDropout1D(0.5, { seed: 7 });
    const first = layer.apply(x, { training: true }) as Tensor;
    const second = layer.apply(x, { training: true }) as Tensor;
    expect(Array.from(first.data)).not.toEqual(Array.from(second.data));
  });

  it("input rank is checked; symbolic calls keep the shape", () => {
    expect(() => new SpatialDropout2D(0.5).apply(ones([2, 3, 4]))).toThrow(/expected ndim=4, found ndim=3/);
    const out = new SpatialDropout3D(0.2).apply(Input({ shape: [2, 2, 2, 3] }), { training: true }) as { shape: unknown };
    expect(out.shape).toEqual([null, 2, 2, 2, 3]);
  });

  it("loads a Keras 2 config (trainable, noise_shape: null)", () => {
    const l = layers.deserialize({
      class_name: "SpatialDropout2D",
      config: { name: "spatial_dropout2d", trainable: true, dtype: "float32", rate: 0.25, noise_shape: null, seed: null, data_format: "channels_first" },
    });
    expect(l).toBeInstanceOf(SpatialDropout2D);
    expect(l.getConfig()).toEqual({ rate: 0.25, seed: null, name: "spatial_dropout2d", dtype: "float32", data_format: "channels_first" });
  });

  it("rejects a bad rate and noise_shape", () => {
    expect(() => new SpatialDropout1D(1.5)).toThrow(/Expected a float value between 0 and 1. Received: rate=1.5/);
    expect(() => new SpatialDropout1D(0.5, { noiseShape: [1, 1, 1] } as never)).toThrow(/does not take `noise_shape`/);
  });
});
