/** GaussianDropout, GaussianNoise, AlphaDropout, ActivityRegularization: training statistics, reproducibility, inference identity, losses, config. */
import { describe, expect, it } from "vitest";
import { Input, Model, Tensor, layers, ops, random, utils } from "../../../src/index.js";
import { runLayerTest } from "../../utils/layer-test.js";
import { randomTensor } from "../../utils/gradcheck.js";

const { GaussianDropout, GaussianNoise, AlphaDropout, ActivityRegularization } = layers;
const ones = (shape: number[]) => ops.ones(shape, "float32") as Tensor;

function stats(data: ArrayLike<number>): { mean: number; std: number } {
  let s = 0;
  for (let i = 0; i < data.length; i++) s += data[i];
  const mean = s / data.length;
  let v = 0;
  for (let i = 0; i < data.length; i++) v += (data[i] - mean) ** 2;
  return { mean, std: Math.sqrt(v / data.length) };
}

describe("GaussianDropout", () => {
  it("contract", () => {
    runLayerTest({ layerCls: GaussianDropout, initArgs: [0.3], inputShape: [2, 4], expectedOutputShape: [2, 4], expectedNumTrainableWeights: 0, expectedNumSeedGenerators: 1, supportsMasking: true, assertBuiltAfterInstantiation: true });
    runLayerTest({ layerCls: GaussianDropout, initArgs: [0], inputShape: [2, 4], expectedOutputShape: [2, 4], expectedNumSeedGenerators: 0 });
  });

  it("training multiplies by N(1, sqrt(rate / (1 - rate)))", () => {
    const rate = 0.2;
    const y = new GaussianDropout(rate, { seed: 1 }).apply(ones([100, 100]), { training: true }) as Tensor;
    const { mean, std } = stats(y.data as Float32Array);
    // 10^4 draws: standard error of the mean 0.005, of the std ~0.0035.
    expect(Math.abs(mean - 1)).toBeLessThan(0.02);
    expect(Math.abs(std - Math.sqrt(rate / (1 - rate)))).toBeLessThan(0.02);
    // Multiplicative: zero inputs stay zero.
    const z = new GaussianDropout(rate, { seed: 1 }).apply(ops.zeros([3, 3], "float32"), { training: true }) as Tensor;
    expect(Array.from(z.data).every((v) => v === 0)).toBe(true);
  });

  it("inference (default or explicit) is the identity; seeded draws reproduce; setRandomSeed fixes unseeded ones", () => {
    const x = randomTensor([3, 4], 2);
    const layer = new GaussianDropout(0.5);
    const x32 = ops.cast(x, "float32");
    expect(layer.apply(x32)).toBe(x32);
    expect(layer.apply(x32, { training: false })).toBe(x32);
    const a = new GaussianDropout(0.5, { seed: 5 }).apply(x32, { training: true }) as Tensor;
    const b = new GaussianDropout(0.5, { seed: 5 }).apply(x32, { training: true }) as Tensor;
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    utils.setRandomSeed(9);
    const c = new GaussianDropout(0.5).apply(x32, { training: true }) as Tensor;
    utils.setRandomSeed(9);
    const d = new GaussianDropout(0.5).apply(x32, { training: true }) as Tensor;
    expect(Array.from(c.data)).toEqual(Array.from(d.data));
    expect(Array.from(c.data)).not.toEqual(Array.from(x32.data));
  });

  it("argument errors", () => {
    expect(() => new GaussianDropout(-0.1)).toThrow("Invalid value received for argument `rate`. Expected a float value between 0 and 1. Received: rate=-0.1");
    expect(() => new GaussianDropout(1).apply(ones([2]), { training: true })).toThrow(/rate=1 gives noise of infinite standard deviation/);
    expect(new GaussianDropout(0.4, { seed: 3 }).getConfig()).toMatchObject({ rate: 0.4, seed: 3, trainable: true });
  });
});

describe("GaussianNoise", () => {
  it("contract", () => {
    runLayerTest({ layerCls: GaussianNoise, initArgs: [0.5], inputShape: [2, 3, 4], expectedOutputShape: [2, 3, 4], expectedNumSeedGenerators: 1, supportsMasking: true, assertBuiltAfterInstantiation: true });
  });

  it("training adds N(0, stddev) noise; inference is the identity", () => {
    const x = ops.cast(randomTensor([100, 100], 4, -5, 5), "float32");
    const y = new GaussianNoise(0.7, { seed: 2 }).apply(x, { training: true }) as Tensor;
    const noise = ops.subtract(y, x);
    const { mean, std } = stats(noise.data as Float32Array);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(std - 0.7)).toBeLessThan(0.02);
    const layer = new GaussianNoise(0.7);
    expect(layer.apply(x)).toBe(x);
  });

  it("seeded layers reproduce; successive calls differ", () => {
    const x = ones([4, 4]);
    const a = new GaussianNoise(0.3, { seed: 11 }).apply(x, { training: true }) as Tensor;
    const b = new GaussianNoise(0.3, { seed: 11 }).apply(x, { training: true }) as Tensor;
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    const layer = new GaussianNoise(0.3, { seed: 11 });
    const first = layer.apply(x, { training: true }) as Tensor;
    expect(Array.from(first.data)).toEqual(Array.from(a.data));
    expect(Array.from((layer.apply(x, { training: true }) as Tensor).data)).not.toEqual(Array.from(first.data));
  });

  it("Keras accepts 0 <= stddev <= 1 only", () => {
    expect(() => new GaussianNoise(1.5)).toThrow("Invalid value received for argument `stddev`. Expected a float value between 0 and 1. Received: stddev=1.5");
  });
});

describe("AlphaDropout", () => {
  const ALPHA_P = -1.6732632423543772848170429916717 * 1.0507009873554804934193349852946;

  it("contract", () => {
    runLayerTest({ layerCls: AlphaDropout, initArgs: [0.3], inputShape: [2, 5], expectedOutputShape: [2, 5], expectedNumSeedGenerators: 1, supportsMasking: true, assertBuiltAfterInstantiation: true });
    runLayerTest({ layerCls: AlphaDropout, initArgs: [0.3], initKwargs: { noiseShape: [null, 1, 5], seed: 1 }, inputShape: [2, 3, 5], expectedOutputShape: [2, 3, 5] });
  });

  it("kept entries become a * x + b, dropped ones a * alpha' + b", () => {
    const rate = 0.25;
    const a = ((1 - rate) * (1 + rate * ALPHA_P ** 2)) ** -0.5;
    const b = -a * ALPHA_P * rate;
    const x = ops.cast(randomTensor([40, 10], 6, -1, 1), "float32");
    const y = new AlphaDropout(rate, { seed: 4 }).apply(x, { training: true }) as Tensor;
    let dropped = 0;
    for (let i = 0; i < x.size; i++) {
      const kept = Math.abs(y.data[i] - (a * x.data[i] + b)) < 1e-5;
      const drop = Math.abs(y.data[i] - (a * ALPHA_P + b)) < 1e-5;
      expect(kept || drop, `entry ${i}: ${y.data[i]}`).toBe(true);
      if (drop && !kept) dropped++;
    }
    // 400 entries at rate 0.25: mean 100, sd ~8.7.
    expect(Math.abs(dropped - 100)).toBeLessThan(45);
  });

  it("keeps zero mean and unit variance of standard normal inputs (self-normalizing)", () => {
    const z = random.normal([200, 100], { seed: 3 });
    const y = new AlphaDropout(0.1, { seed: 8 }).apply(z, { training: true }) as Tensor;
    const { mean, std } = stats(y.data as Float32Array);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(std - 1)).toBeLessThan(0.03);
  });

  it("noise_shape broadcasts the mask (null entries take the input's size); inference is the identity", () => {
    const x = ones([3, 4, 5]);
    const y = new AlphaDropout(0.5, { noiseShape: [null, 1, 5], seed: 2 }).apply(x, { training: true }) as Tensor;
    for (let n = 0; n < 3; n++) {
      for (let k = 0; k < 5; k++) {
        const col = [0, 1, 2, 3].map((t) => y.data[(n * 4 + t) * 5 + k]);
        for (const v of col) expect(v).toBe(col[0]);
      }
    }
    const layer = new AlphaDropout(0.5);
    expect(layer.apply(x)).toBe(x);
    expect(() => new AlphaDropout(0.5, { noiseShape: [1, 5] }).apply(x, { training: true })).toThrow(/must have the rank of the inputs/);
    expect(new AlphaDropout(0.2, { seed: 3 }).getConfig()).toMatchObject({ rate: 0.2, seed: 3, noise_shape: null });
  });
});

describe("ActivityRegularization", () => {
  it("contract: one loss per call", () => {
    runLayerTest({ layerCls: ActivityRegularization, initKwargs: { l1: 0.1, l2: 0.2 }, inputShape: [2, 3], expectedOutputShape: [2, 3], expectedNumLosses: 1, supportsMasking: true, assertBuiltAfterInstantiation: true });
  });

  it("identity output; loss = (l1 * sum|x| + l2 * sum(x^2)) / batch size", () => {
    const x = new Tensor(Float32Array.from([1, -2, 3, -4]), [2, 2], "float32");
    const layer = new ActivityRegularization({ l1: 0.01, l2: 0.02 });
    const y = layer.apply(x) as Tensor;
    expect(Array.from(y.data)).toEqual([1, -2, 3, -4]);
    expect(layer.losses.length).toBe(1);
    expect(layer.losses[0].item()).toBeCloseTo((0.01 * 10 + 0.02 * 30) / 2, 6);
    // Losses are cleared at the start of each call.
    layer.apply(x);
    expect(layer.losses.length).toBe(1);
  });

  it("config: l1 and l2, no activity_regularizer entry; activityRegularizer cannot be passed", () => {
    const cfg = new ActivityRegularization({ l1: 0.5 }).getConfig();
    expect(cfg).toMatchObject({ l1: 0.5, l2: 0 });
    expect("activity_regularizer" in cfg).toBe(false);
    expect(() => new ActivityRegularization({ activityRegularizer: "l2" } as never)).toThrow(/cannot be passed/);
  });

  it("the loss reaches a model's losses", () => {
    const inp = Input({ shape: [2] });
    const model = new Model({ inputs: inp, outputs: new ActivityRegularization({ l2: 1 }).apply(inp) });
    model.apply(new Tensor(Float32Array.from([3, 4]), [1, 2], "float32"));
    expect(model.losses.map((l) => l.item())).toEqual([25]);
  });
});
