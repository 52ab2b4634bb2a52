/** SpectralNormalization: contract, one power-iteration step by hand, convergence to the spectral norm, inference, config, errors. */
import { describe, expect, it } from "vitest";
import { Tensor, layers } from "../../../src/index.js";
import { runLayerTest } from "../../utils/layer-test.js";

const { SpectralNormalization, Dense, Embedding, ReLU, Wrapper } = layers;
const t32 = (data: number[], shape: number[]) => new Tensor(Float32Array.from(data), shape, "float32");
function expectNumbers(actual: ArrayLike<number>, expected: number[], tol = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(Math.abs(Number(actual[i]) - e), `index ${i}: ${actual[i]} vs ${e}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(e))));
}

/** Plain-JS power iteration on a row-major (m, n) matrix, as the layer's rule describes it. */
function powerStep(w: number[], m: number, n: number, u: number[], iterations: number): { u: number[]; sigma: number } {
  const unit = (a: number[]) => {
    const s = Math.sqrt(a.reduce((acc, x) => acc + x * x, 0));
    return a.map((x) => x / s);
  };
  let v: number[] = [];
  for (let it = 0; it < iterations; it++) {
    v = unit(Array.from({ length: m }, (_, i) => u.reduce((acc, uj, j) => acc + uj * w[i * n + j], 0)));
    u = unit(Array.from({ length: n }, (_, j) => v.reduce((acc, vi, i) => acc + vi * w[i * n + j], 0)));
  }
  let sigma = 0;
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) sigma += v[i] * w[i * n + j] * u[j];
  return { u, sigma };
}

describe("SpectralNormalization", () => {
  it("contract: wraps Dense, one non-trainable vector_u", () => {
    runLayerTest({
      factory: () => new SpectralNormalization(new Dense(3)), layerCls: SpectralNormalization,
      inputShape: [2, 4], expectedOutputShape: [2, 3], expectedNumTrainableWeights: 2, expectedNumNonTrainableWeights: 1,
    });
    runLayerTest({
      factory: () => new SpectralNormalization(new Dense(2, { useBias: false }), { powerIterations: 3 }), layerCls: SpectralNormalization,
      inputShape: [2, 3, 4], expectedOutputShape: [2, 3, 2], expectedNumTrainableWeights: 1, expectedNumNonTrainableWeights: 1,
    });
  });

  it("weights in Keras's order and a config holding the wrapped layer", () => {
    const sn = new SpectralNormalization(new Dense(3, { name: "d" }), { name: "sn", powerIterations: 2 });
    sn.build([null, 4]);
    expect(sn.weights.map((w) => w.name)).toEqual(["kernel", "vector_u", "bias"]);
    expect(sn.vectorU!.shape).toEqual([1, 3]);
    const cfg = sn.getConfig();
    expect(cfg.power_iterations).toBe(2);
    expect(cfg.layer).toMatchObject({ module: "keras.layers", class_name: "Dense", config: { name: "d", units: 3 } });
    const revived = SpectralNormalization.fromConfig(JSON.parse(JSON.stringify(cfg)));
    expect(revived.layer).toBeInstanceOf(Dense);
    expect(revived.getConfig()).toEqual(cfg);
  });

  it("one training call: one power-iteration step from vector_u, kernel divided by sigma", () => {
    const w = [1, 2, 0.5, -1, 0, 3, 2, 1, -2, 0.5, 1, 1];
    const u0 = [0.3, -0.2, 0.9];
    const sn = new SpectralNormalization(new Dense(3, { useBias: false }));
    sn.build([null, 4]);
    sn.setWeights([t32(w, [4, 3]), t32(u0, [1, 3])]);
    const x = t32([1, 0, 0, 0, 0, 1, 0, 0], [2, 4]);
    const y = sn.apply(x, { training: true }) as Tensor;
    const { u, sigma } = powerStep(w, 4, 3, u0, 1);
    expectNumbers(sn.vectorU!.value.data, u);
    const normalized = w.map((v) => v / sigma);
    expectNumbers(sn.kernel!.value.data, normalized);
    // The output uses the normalized kernel: rows 0 and 1 of it.
    expectNumbers(y.data, normalized.slice(0, 6));
  });

  it("many iterations: sigma converges to the largest singular value", () => {
    // diag(3, 1) padded: singular values 3 and 1.
    const w = [3, 0, 0, 1, 0, 0];
    const sn = new SpectralNormalization(new Dense(2, { useBias: false }), { powerIterations: 40 });
    sn.build([null, 3]);
    sn.setWeights([t32(w, [3, 2]), t32([0.6, 0.8], [1, 2])]);
    sn.apply(t32([1, 1, 1], [1, 3]), { training: true });
    expectNumbers(sn.kernel!.value.data, [1, 0, 0, 1 / 3, 0, 0], 1e-5);
  });

  it("inference leaves kernel and vector_u alone (default and explicit)", () => {
    const sn = new SpectralNormalization(new Dense(2, { useBias: false }));
    sn.build([null, 2]);
    sn.setWeights([t32([2, 0, 0, 2], [2, 2]), t32([1, 0], [1, 2])]);
    const y = sn.apply(t32([1, 1], [1, 2])) as Tensor;
    expectNumbers(y.data, [2, 2]);
    sn.apply(t32([1, 1], [1, 2]), { training: false });
    expectNumbers(sn.kernel!.value.data, [2, 0, 0, 2]);
    expectNumbers(sn.vectorU!.value.data, [1, 0]);
  });

  it("an all-zero kernel is left unchanged (no division by a zero norm)", () => {
    const sn = new SpectralNormalization(new Dense(2, { useBias: false, kernelInitializer: "zeros" }));
    const y = sn.apply(t32([1, 2], [1, 2]), { training: true }) as Tensor;
    expectNumbers(y.data, [0, 0]);
    expect(Array.from(sn.kernel!.value.data).every((v) => v === 0)).toBe(true);
  });

  it("wraps Embedding through its embeddings matrix", () => {
    const sn = new SpectralNormalization(new Embedding(5, 3));
    const y = sn.apply(new Tensor(Int32Array.from([0, 4]), [1, 2], "int32"), { training: true }) as Tensor;
    expect(y.shape).toEqual([1, 2, 3]);
    expect(sn.vectorU!.shape).toEqual([1, 3]);
  });

  it("errors: a layer without kernel, power_iterations <= 0, not a layer", () => {
    expect(() => new SpectralNormalization(new ReLU()).build([null, 3])).toThrow("ReLU object has no attribute 'kernel' nor 'embeddings'");
    expect(() => new SpectralNormalization(new Dense(2), { powerIterations: 0 })).toThrow("`power_iterations` should be greater than zero. Received: `power_iterations=0`");
    expect(() => new SpectralNormalization({} as never)).toThrow(/supplied to Wrapper isn't a supported layer type/);
  });

  it("is a keras.layers.Wrapper: `layer` is the wrapped layer, built by the wrapper, config = Wrapper's plus power_iterations", () => {
    const dense = new Dense(2, { name: "inner" });
    const sn = new SpectralNormalization(dense, { name: "sn" });
    expect(sn).toBeInstanceOf(Wrapper);
    expect(sn.layer).toBe(dense);
    sn.build([null, 3]);
    expect(dense.built).toBe(true);
    expect(dense.kernel).toBeDefined();
    const cfg = sn.getConfig();
    expect(Object.keys(cfg)).toEqual(["name", "trainable", "dtype", "layer", "power_iterations"]);
    const revived = SpectralNormalization.fromConfig(JSON.parse(JSON.stringify(cfg)));
    expect(revived).toBeInstanceOf(SpectralNormalization);
    expect(revived).toBeInstanceOf(Wrapper);
    expect((revived.layer as InstanceType<typeof Dense>).units).toBe(2);
  });
});
