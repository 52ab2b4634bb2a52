/** BatchNormalization: contract, training updates of the moving statistics by hand, inference, freezing, masks, config, gradients. */
import { describe, expect, it } from "vitest";
import { Input, Model, Tensor, layers, ops } from "../../../src/index.js";
import { runLayerTest } from "../../utils/layer-test.js";
import { randomTensor } from "../../utils/gradcheck.js";
import { checkLayerGradients } from "../layer-gradcheck.js";

const { BatchNormalization } = layers;

const t32 = (values: number[][], shape?: number[]) => {
  const flat = values.flat();
  return new Tensor(Float32Array.from(flat), shape ?? [values.length, values[0].length], "float32");
};
const values = (t: Tensor) => Array.from(t.data as Float32Array);
function expectNumbers(actual: ArrayLike<number>, expected: number[], tol = 1e-6): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(Math.abs(Number(actual[i]) - e), `index ${i}: ${actual[i]} vs ${e}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(e))));
}

describe("BatchNormalization: contract", () => {
  it("default (axis -1) on a 2D input", () => {
    runLayerTest({
      layerCls: BatchNormalization, initKwargs: {}, inputShape: [2, 3],
      expectedOutputShape: [2, 3], expectedNumTrainableWeights: 2, expectedNumNonTrainableWeights: 2, supportsMasking: true,
    });
  });
  it("axis 1, channels first images, momentum / epsilon options", () => {
    runLayerTest({
      layerCls: BatchNormalization, initKwargs: { axis: 1, momentum: 0.8, epsilon: 1e-2 }, inputShape: [2, 3, 4, 4],
      expectedOutputShape: [2, 3, 4, 4], expectedNumTrainableWeights: 2, expectedNumNonTrainableWeights: 2,
    });
  });
  it("center and scale off: only the moving statistics", () => {
    runLayerTest({
      layerCls: BatchNormalization, initKwargs: { center: false, scale: false }, inputShape: [3, 5],
      expectedOutputShape: [3, 5], expectedNumTrainableWeights: 0, expectedNumNonTrainableWeights: 2,
    });
  });
  it("a list of axes: one statistic per (axis-1, axis-3) pair", () => {
    const { layer } = runLayerTest({
      layerCls: BatchNormalization, initKwargs: { axis: [1, 3] }, inputShape: [2, 3, 4, 2],
      expectedOutputShape: [2, 3, 4, 2], expectedNumTrainableWeights: 2, expectedNumNonTrainableWeights: 2,
    })!;
    expect(layer.weights.map((w) => [w.name, w.shape])).toEqual([
      ["gamma", [3, 2]], ["beta", [3, 2]], ["moving_mean", [3, 2]], ["moving_variance", [3, 2]],
    ]);
  });
  it("weights in Keras's order, moving statistics non-trainable", () => {
    const bn = new BatchNormalization();
    bn.build([null, 4]);
    expect(bn.weights.map((w) => `${w.name}:${w.trainable}`)).toEqual(["gamma:true", "beta:true", "moving_mean:false", "moving_variance:false"]);
    expect(values(bn.movingMean!.value)).toEqual([0, 0, 0, 0]);
    expect(values(bn.movingVariance!.value)).toEqual([1, 1, 1, 1]);
  });
});

describe("BatchNormalization: training and inference", () => {
  // Two channels, three samples: batch mean [3, 6], biased variance [8/3, 32/3].
  const x1 = t32([[1, 2], [3, 6], [5, 10]]);
  // Second batch: mean [1, 2], biased variance [1, 4].
  const x2 = t32([[0, 0], [2, 4]]);
  const gamma = [2, 0.5];
  const beta = [1, -1];
  const eps = 1e-3;
  const momentum = 0.9;

  const makeLayer = () => {
    const bn = new BatchNormalization({ momentum, epsilon: eps });
    bn.build([null, 2]);
    bn.setWeights([gamma, beta, [0, 0], [1, 1]]);
    return bn;
  };
  const normalized = (x: number[][], mean: number[], variance: number[]) =>
    x.flatMap((row) => row.map((v, c) => ((v - mean[c]) / Math.sqrt(variance[c] + eps)) * gamma[c] + beta[c]));

  it("two training calls: batch statistics in the outputs, moving = moving * momentum + batch * (1 - momentum)", () => {
    const bn = makeLayer();
    const y1 = bn.apply(x1, { training: true }) as Tensor;
    expectNumbers(values(y1), normalized([[1, 2], [3, 6], [5, 10]], [3, 6], [8 / 3, 32 / 3]), 1e-6);
    const mm1 = [0 * 0.9 + 3 * 0.1, 0 * 0.9 + 6 * 0.1];
    const mv1 = [1 * 0.9 + (8 / 3) * 0.1, 1 * 0.9 + (32 / 3) * 0.1];
    expectNumbers(values(bn.movingMean!.value), mm1);
    expectNumbers(values(bn.movingVariance!.value), mv1);

    const y2 = bn.apply(x2, { training: true }) as Tensor;
    expectNumbers(values(y2), normalized([[0, 0], [2, 4]], [1, 2], [1, 4]), 1e-6);
    const mm2 = [mm1[0] * 0.9 + 1 * 0.1, mm1[1] * 0.9 + 2 * 0.1];
    const mv2 = [mv1[0] * 0.9 + 1 * 0.1, mv1[1] * 0.9 + 4 * 0.1];
    expectNumbers(values(bn.movingMean!.value), mm2);
    expectNumbers(values(bn.movingVariance!.value), mv2);
    expectNumbers(values(bn.movingMean!.value), [0.37, 0.74]);

    // Inference then uses the moving statistics and leaves them alone.
    const y3 = bn.apply(x1, { training: false }) as Tensor;
    expectNumbers(values(y3), normalized([[1, 2], [3, 6], [5, 10]], mm2, mv2), 1e-6);
    expectNumbers(values(bn.movingMean!.value), mm2);
  });

  it("training defaults to inference: no kwarg uses the moving statistics and updates nothing", () => {
    const bn = makeLayer();
    const y = bn.apply(x1) as Tensor;
    expectNumbers(values(y), normalized([[1, 2], [3, 6], [5, 10]], [0, 0], [1, 1]), 1e-6);
    expect(values(bn.movingMean!.value)).toEqual([0, 0]);
    expect(values(bn.movingVariance!.value)).toEqual([1, 1]);
  });

  it("trainable = false freezes the layer: training: true normalizes with the moving statistics and does not update them", () => {
    const bn = makeLayer();
    bn.setWeights([gamma, beta, [1, 2], [4, 9]]);
    bn.trainable = false;
    const y = bn.apply(x1, { training: true }) as Tensor;
    expectNumbers(values(y), normalized([[1, 2], [3, 6], [5, 10]], [1, 2], [4, 9]), 1e-6);
    expect(values(bn.movingMean!.value)).toEqual([1, 2]);
    expect(values(bn.movingVariance!.value)).toEqual([4, 9]);
    expect(bn.trainableWeights.length).toBe(0);
    expect(bn.nonTrainableWeights.length).toBe(4);
  });

  it("channels-first statistics (axis 1) reduce over batch and spatial axes", () => {
    // (batch 2, channels 2, 2 positions): channel 0 holds 1..4, channel 1 holds 10, 20, 30, 40.
    const x = new Tensor(Float32Array.from([1, 2, 10, 20, 3, 4, 30, 40]), [2, 2, 2], "float32");
    const bn = new BatchNormalization({ axis: 1, momentum: 0.5, center: false, scale: false });
    const y = bn.apply(x, { training: true }) as Tensor;
    expectNumbers(values(bn.movingMean!.value), [0.5 * 2.5, 0.5 * 25]);
    expectNumbers(values(bn.movingVariance!.value), [0.5 + 0.5 * 1.25, 0.5 + 0.5 * 125]);
    const s0 = Math.sqrt(1.25 + 1e-3);
    const s1 = Math.sqrt(125 + 1e-3);
    expectNumbers(values(y), [(1 - 2.5) / s0, (2 - 2.5) / s0, (10 - 25) / s1, (20 - 25) / s1, (3 - 2.5) / s0, (4 - 2.5) / s0, (30 - 25) / s1, (40 - 25) / s1], 1e-5);
  });

  it("a mask leaves masked entries out of the batch statistics", () => {
    // (batch 2, time 3, channels 1); the masked entries hold 100 and would dominate an unmasked mean.
    const x = new Tensor(Float32Array.from([1, 2, 100, 3, 100, 100]), [2, 3, 1], "float32");
    const mask = new Tensor(Uint8Array.from([1, 1, 0, 1, 0, 0]), [2, 3], "bool");
    const bn = new BatchNormalization({ momentum: 0, center: false, scale: false });
    bn.apply(x, { training: true, mask });
    // Keras divides by (count + 1e-7): mean = 6 / 3, variance = ((1-2)^2 + 0 + (3-2)^2) / 3.
    expectNumbers(values(bn.movingMean!.value), [6 / (3 + 1e-7)], 1e-6);
    expectNumbers(values(bn.movingVariance!.value), [2 / (3 + 1e-7)], 1e-6);
  });

  it("rejects a mask that is not one dimension less than the inputs", () => {
    const bn = new BatchNormalization();
    const x = t32([[1, 2], [3, 4]]);
    const mask = new Tensor(Uint8Array.from([1, 1, 1, 1]), [2, 2], "bool");
    expect(() => bn.apply(x, { training: true, mask })).toThrow(/The mask provided should be one dimension less than the inputs. Received: mask.shape=\(2, 2\), inputs.shape=\(2, 2\)/);
  });

  it("float64 gradients: training mode (through the batch statistics) and inference mode", () => {
    const x = randomTensor([4, 3], 3, -2, 2);
    const bn = new BatchNormalization({ dtype: "float64" });
    bn.build([null, 3]);
    bn.setWeights([randomTensor([3], 4, 0.5, 1.5), randomTensor([3], 5), randomTensor([3], 6), randomTensor([3], 8, 0.5, 1.5)]);
    checkLayerGradients(bn, x, { training: true });
    checkLayerGradients(bn, x, { training: false });
  });

  it("float64 gradients on images, channels first, size-1 spatial dims", () => {
    const bn = new BatchNormalization({ axis: 1, dtype: "float64" });
    checkLayerGradients(bn, randomTensor([3, 2, 1, 2], 9, -1, 1), { training: true });
    const bn2 = new BatchNormalization({ axis: -1, scale: false, dtype: "float64" });
    checkLayerGradients(bn2, randomTensor([2, 3, 2], 10, -1, 1), { training: true });
  });

  it("runs inside a functional model; predict uses the moving statistics", () => {
    const inp = Input({ shape: [2] });
    const bn = new BatchNormalization();
    const model = new Model({ inputs: inp, outputs: bn.apply(inp) });
    bn.setWeights([gamma, beta, [1, 2], [4, 9]]);
    const y = model.predict(x1) as Tensor;
    expectNumbers(values(y), normalized([[1, 2], [3, 6], [5, 10]], [1, 2], [4, 9]), 1e-6);
  });
});

describe("BatchNormalization: config and arguments", () => {
  it("renorm arguments round-trip in the config", () => {
    const bn = new BatchNormalization({ renormClipping: { rmax: 3, rmin: 0.3 }, renormMomentum: 0.9, synchronized: true });
    const cfg = bn.getConfig();
    expect(cfg.renorm).toBe(false);
    expect(cfg.renorm_clipping).toEqual({ rmax: 3, rmin: 0.3 });
    expect(cfg.renorm_momentum).toBe(0.9);
    expect(cfg.synchronized).toBe(true);
    expect(BatchNormalization.fromConfig(cfg).getConfig()).toEqual(cfg);
    expect(Object.keys(cfg).slice(-4)).toEqual(["synchronized", "renorm", "renorm_clipping", "renorm_momentum"]);
  });
  it("renorm = true is refused with a clear error", () => {
    expect(() => new BatchNormalization({ renorm: true })).toThrow(/renorm=True .* not supported yet/);
  });
  it("rejects bad renorm_clipping keys, axes and unknown options", () => {
    expect(() => new BatchNormalization({ renormClipping: { rmx: 1 } as never })).toThrow(/Received invalid keys for `renorm_clipping` argument/);
    expect(() => new BatchNormalization({ axis: 1.5 })).toThrow(/`axis` must be an integer/);
    expect(() => new BatchNormalization({ fused: true } as never)).toThrow(/Unrecognized keyword arguments passed to BatchNormalization/);
    const bn = new BatchNormalization({ axis: 3 });
    expect(() => bn.apply(t32([[1, 2]]))).toThrow(/out of bounds/);
  });
  it("the input spec pins the channel dimension after build", () => {
    const bn = new BatchNormalization();
    bn.apply(t32([[1, 2, 3]]));
    expect(() => bn.apply(t32([[1, 2]]))).toThrow(/expected axis -1 of input shape to have value 3, but received input with shape \(1, 2\)/);
  });
  it("loads a tf.keras 2 config (axis as a list, bare initializer dicts, string dtype)", () => {
    const bn = layers.deserialize({
      class_name: "BatchNormalization",
      config: {
        name: "bn", trainable: true, dtype: "float32", axis: [3], momentum: 0.9, epsilon: 0.001, center: true, scale: true,
        beta_initializer: { class_name: "Zeros", config: {} }, gamma_initializer: { class_name: "Ones", config: {} },
        moving_mean_initializer: { class_name: "Zeros", config: {} }, moving_variance_initializer: { class_name: "Ones", config: {} },
        beta_regularizer: null, gamma_regularizer: null, beta_constraint: null, gamma_constraint: null,
      },
    }) as InstanceType<typeof BatchNormalization>;
    const y = bn.apply(ops.ones([1, 2, 2, 3], "float32")) as Tensor;
    expect(bn.weights.map((w) => w.shape)).toEqual([[3], [3], [3], [3]]);
    expectNumbers(values(y), new Array(12).fill(1 / Math.sqrt(1 + 1e-3)), 1e-6);
    expect(bn.getConfig().axis).toEqual([3]);
  });

  it("int inputs are normalized as floats", () => {
    const bn = new BatchNormalization({ center: false, scale: false });
    const y = bn.apply(new Tensor(Int32Array.from([1, 3]), [2, 1], "int32"), { training: true }) as Tensor;
    expect(y.dtype).toBe("float32");
    expectNumbers(values(y), [-1 / Math.sqrt(1 + 1e-3), 1 / Math.sqrt(1 + 1e-3)], 1e-6);
  });
  it("ops.batchNormalization agrees with the layer in inference", () => {
    const bn = new BatchNormalization({ axis: 1 });
    const x = randomTensor([2, 3, 2], 2);
    const x32 = ops.cast(x, "float32");
    bn.build([null, 3, 2]);
    bn.setWeights([[1, 2, 3], [0.1, 0.2, 0.3], [0.5, -0.5, 0], [1, 2, 0.5]]);
    const y = bn.apply(x32) as Tensor;
    const ref = ops.batchNormalization(x32, [0.5, -0.5, 0], [1, 2, 0.5], 1, { offset: [0.1, 0.2, 0.3], scale: [1, 2, 3], epsilon: 1e-3 });
    expectNumbers(values(y), values(ref), 1e-6);
  });
});
