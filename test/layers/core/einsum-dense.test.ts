/** EinsumDense: Keras's equation analysis (kernel, bias and output shapes), values, LoRA, config, saving, gradients, errors. */
import { describe, expect, it } from "vitest";
import { Input, Tensor, layers, ops } from "../../../src/index.js";
import { analyzeEinsumString } from "../../../src/layers/core/einsum-dense.js";
import { runLayerTest } from "../../utils/layer-test.js";
import { randomTensor } from "../../utils/gradcheck.js";
import { checkLayerGradients } from "../layer-gradcheck.js";

const { EinsumDense } = layers;
const t32 = (values: number[], shape: number[]) => new Tensor(Float32Array.from(values), shape, "float32");
const values = (t: Tensor) => Array.from(t.data as Float32Array);

function expectNumbers(actual: ArrayLike<number>, expected: number[], tol = 1e-6): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(Math.abs(Number(actual[i]) - e), `index ${i}: ${actual[i]} vs ${e}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(e))));
}

describe("EinsumDense shape analysis (Keras's _analyze_einsum_string)", () => {
  // [equation, bias_axes, input shape, output_shape, kernel, bias, full output]: Keras's own test table plus elided cases.
  const cases: [string, string | null, (number | null)[], number | (number | null)[], number[], number[] | null, (number | null)[]][] = [
    ["ab,bc->ac", "c", [null, 32], 64, [32, 64], [64], [null, 64]],
    ["ab,bc->ac", null, [null, 32], [64], [32, 64], null, [null, 64]],
    // A None in output_shape stays None in Keras's static output shape, even where the input knows the size.
    ["abc,cd->abd", "d", [null, 32, 128], [null, 64], [128, 64], [64], [null, null, 64]],
    ["abc,cd->abd", "d", [null, 32, 128], [32, 64], [128, 64], [64], [null, 32, 64]],
    ["abc,cde->abde", "de", [null, 4, 3], [null, 2, 3], [3, 2, 3], [2, 3], [null, null, 2, 3]],
    // Bias on d only: it spans the output from d on, with 1 for e so that it broadcasts.
    ["abc,cde->abde", "d", [null, 4, 3], [4, 2, 3], [3, 2, 3], [2, 1], [null, 4, 2, 3]],
    ["abc,cde->abde", "e", [null, 4, 3], [4, 2, 3], [3, 2, 3], [3], [null, 4, 2, 3]],
    // Bias over a sequence axis taken from the input.
    ["abc,cd->abd", "bd", [null, 5, 3], [5, 7], [3, 7], [5, 7], [null, 5, 7]],
    // Left ellipsis: the elided axes (batch included) keep their input order.
    ["...b,bc->...c", "c", [null, 2, 3, 4], 3, [4, 3], [3], [null, 2, 3, 3]],
    ["...b,bc->...c", "c", [null, 4], 3, [4, 3], [3], [null, 3]],
    // Right ellipsis: elided axes are appended and the bias gets a 1 per elided axis.
    ["ab...,bc->ac...", "c", [null, 4, 7, 9], 5, [4, 5], [5, 1, 1], [null, 5, 7, 9]],
    // A kernel axis sized by the output only.
    ["ab,bcd->acd", "cd", [null, 6], [2, 3], [6, 2, 3], [2, 3], [null, 2, 3]],
  ];
  for (const [eq, bias, input, out, kernel, biasShape, full] of cases) {
    it(`${eq} bias=${bias} input ${JSON.stringify(input)} output_shape ${JSON.stringify(out)}`, () => {
      const r = analyzeEinsumString(eq, bias, input, out);
      expect(r.kernelShape).toEqual(kernel);
      expect(r.biasShape).toEqual(biasShape);
      expect(r.fullOutputShape).toEqual(full);
    });
  }

  it("Keras's errors", () => {
    expect(() => analyzeEinsumString("ab->ac", null, [null, 3], 4)).toThrow(
      "Invalid einsum equation 'ab->ac'. Equations must be in the form [X],[Y]->[Z], ...[X],[Y]->...[Z], or [X]...,[Y]->[Z]....",
    );
    expect(() => analyzeEinsumString("ab,bc->ac", "x", [null, 3], 4)).toThrow("Bias dimension 'x' was requested, but is not part of the output spec 'ac'");
    expect(() => analyzeEinsumString("abc,cd->abd", null, [null, 5, 3], [6, 4])).toThrow(
      "Input shape and output shape do not match at shared dimension 'b'. Input shape is 5, and output shape is 6.",
    );
    expect(() => analyzeEinsumString("ab,bx->ac", null, [null, 3], 4)).toThrow(/Dimension 'c' was specified in the output 'ac' but has no corresponding dim/);
    expect(() => analyzeEinsumString("ab,bcx->ac", null, [null, 3], 4)).toThrow(
      "Weight dimension 'x' did not have a match in either the input spec 'ab' or the output spec 'ac'. For this layer, the weight must be fully specified.",
    );
  });
});

describe("EinsumDense layer", () => {
  it("contract: dense, sequence, ellipsis and 3-axis kernel configurations", () => {
    runLayerTest({
      layerCls: EinsumDense, initArgs: ["ab,bc->ac", 4], initKwargs: { biasAxes: "c", activation: "relu" },
      inputShape: [2, 3], expectedOutputShape: [2, 4], expectedNumTrainableWeights: 2, expectedNumNonTrainableWeights: 0,
    });
    runLayerTest({
      layerCls: EinsumDense, initArgs: ["abc,cd->abd", [null, 5]], initKwargs: { biasAxes: "d" },
      inputShape: [2, 3, 4], expectedOutputShape: [2, null, 5], expectedNumTrainableWeights: 2,
    });
    runLayerTest({
      layerCls: EinsumDense, initArgs: ["...b,bc->...c", 3], initKwargs: {},
      inputShape: [2, 2, 3, 4], expectedOutputShape: [2, 2, 3, 3], expectedNumTrainableWeights: 1,
    });
    runLayerTest({
      layerCls: EinsumDense, initArgs: ["abc,cde->abde", [null, 2, 3]], initKwargs: { biasAxes: "d" },
      inputShape: [2, 4, 3], expectedOutputShape: [2, null, 2, 3], expectedNumTrainableWeights: 2,
    });
  });

  it("'ab,bc->ac' with bias is x @ W + b (hand-computed)", () => {
    const layer = new EinsumDense("ab,bc->ac", 2, { biasAxes: "c" });
    layer.build([null, 3]);
    expect(layer.weights.map((w) => [w.name, w.shape])).toEqual([["kernel", [3, 2]], ["bias", [2]]]);
    layer.setWeights([[[1, 2], [3, 4], [5, 6]], [10, 20]]);
    const y = layer.apply(t32([1, 0, -1, 2, 1, 0], [2, 3])) as Tensor;
    // [1,0,-1] @ W = [1-5, 2-6] = [-4, -4]; [2,1,0] @ W = [2+3, 4+4] = [5, 8].
    expectNumbers(values(y), [6, 16, 15, 28]);
  });

  it("bias on 'd' only broadcasts over e; right ellipsis keeps trailing axes", () => {
    const layer = new EinsumDense("abc,cde->abde", [null, 2, 2], { biasAxes: "d" });
    layer.build([null, 1, 1]);
    expect(layer.bias!.shape).toEqual([2, 1]);
    layer.setWeights([[[[1, 2], [3, 4]]], [[100], [200]]]);
    const y = layer.apply(t32([2], [1, 1, 1])) as Tensor;
    expect(y.shape).toEqual([1, 1, 2, 2]);
    expectNumbers(values(y), [102, 104, 206, 208]);

    const right = new EinsumDense("ab...,bc->ac...", 2, { biasAxes: "c" });
    const x = t32([1, 2, 3, 4, 5, 6], [1, 2, 3]); // a=1, b=2, elided axis of 3
    right.build([null, 2, 3]);
    expect(right.bias!.shape).toEqual([2, 1]);
    right.setWeights([[[1, 0], [1, 1]], [[0], [10]]]);
    const yr = right.apply(x) as Tensor;
    expect(yr.shape).toEqual([1, 2, 3]);
    // c=0: x[b=0] + x[b=1] = [5, 7, 9]; c=1: x[b=1] + 10 = [14, 15, 16].
    expectNumbers(values(yr), [5, 7, 9, 14, 15, 16]);
  });

  it("symbolic output shape from keras.Input (None where output_shape says None, as Keras), and the input spec after build", () => {
    const layer = new EinsumDense("abc,cd->abd", [null, 64], { biasAxes: "d" });
    const y = layer.apply(Input({ shape: [32, 128] }));
    expect(y.shape).toEqual([null, null, 64]);
    expect((layer.apply(t32(new Array(2 * 32 * 128).fill(0), [2, 32, 128])) as Tensor).shape).toEqual([2, 32, 64]);
    expect(layer.inputSpec).toMatchObject({ ndim: 3 });
    expect(() => layer.apply(t32([1, 2], [1, 2]))).toThrow(/expected ndim=3, found ndim=2/);
  });

  it("config: Keras 3.15.1 keys (output_shape tuple, activity_regularizer, quantization_config) and round trip", () => {
    const layer = new EinsumDense("ab,bc->ac", 4, { biasAxes: "c", activation: "relu", name: "ed" });
    const config = layer.getConfig();
    expect(Object.keys(config)).toEqual([
      "name", "trainable", "dtype", "output_shape", "equation", "activation", "bias_axes", "kernel_initializer", "bias_initializer",
      "kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint", "bias_constraint", "quantization_config",
    ]);
    expect(config.output_shape).toEqual([4]);
    expect(EinsumDense.fromConfig(config).getConfig()).toEqual(config);
    expect(() => new EinsumDense("ab,bc->ac", 4, { quantizationConfig: {} as never })).toThrow(/quantization is not supported/);
    expect(() => new EinsumDense("ab,bc->ac", "4" as never)).toThrow(/`output_shape` must be an integer or a list/);
  });

  it("LoRA: frozen kernel, low-rank update scaled by alpha / rank, merged on save", () => {
    const layer = new EinsumDense("abc,cde->abde", [null, 2, 3], { biasAxes: "de", loraRank: 2, loraAlpha: 4 });
    layer.build([null, 4, 3]);
    expect(layer.weights.map((w) => [w.name, w.shape, w.trainable])).toEqual([
      ["kernel", [3, 2, 3], false], ["bias", [2, 3], true], ["lora_kernel_a", [3, 2, 2], true], ["lora_kernel_b", [2, 3], true],
    ]);
    const kernel = randomTensor([3, 2, 3], 1);
    const a = randomTensor([3, 2, 2], 2);
    const b = randomTensor([2, 3], 3);
    layer.setWeights([kernel, ops.zeros([2, 3]), a, b]);
    const effective = ops.add(kernel, ops.multiply(ops.matmul(a, b), 2)) as Tensor;
    expectNumbers(values(layer.kernel as Tensor), values(ops.cast(effective, "float32") as Tensor), 1e-6);
    expect(layer.getConfig()).toMatchObject({ lora_rank: 2, lora_alpha: 4 });

    const store: Record<string, Tensor> = {};
    layer.saveOwnVariables(store);
    expect(Object.keys(store)).toEqual(["0", "1"]);
    expectNumbers(values(store["0"]), values(layer.kernel as Tensor));
    layer.loadOwnVariables(store);
    expectNumbers(values(layer.loraKernelB!.value), new Array(6).fill(0));
    expectNumbers(values(layer.kernel as Tensor), values(store["0"]));

    expect(() => layer.enableLora(2)).toThrow("lora is already enabled. This can only be done once per layer.");
    expect(() => new EinsumDense("ab,bc->ac", 2).enableLora(1)).toThrow("Cannot enable lora on a layer that isn't yet built.");
    const constrained = new EinsumDense("ab,bc->ac", 2, { kernelConstraint: "non_neg" });
    constrained.build([null, 3]);
    expect(() => constrained.enableLora(1)).toThrow(/Lora is incompatible with kernel constraints/);
  });

  it("float64 gradients w.r.t. input, kernel and bias: plain, 3-axis kernel, left and right ellipsis", () => {
    const configs: [string, number | (number | null)[], string | null, number[]][] = [
      ["ab,bc->ac", 3, "c", [2, 4]],
      ["abc,cde->abde", [null, 2, 3], "d", [2, 3, 4]],
      ["...b,bc->...c", 2, "c", [2, 2, 3, 3]],
      ["ab...,bc->ac...", 2, "c", [2, 3, 2]],
    ];
    for (const [eq, out, bias, shape] of configs) {
      const layer = new EinsumDense(eq, out, { biasAxes: bias, activation: "tanh", dtype: "float64" });
      layer.build(shape);
      layer.setWeights(layer.weights.map((w, i) => randomTensor(w.shape.slice(), 20 + i).data));
      checkLayerGradients(layer, ops.cast(randomTensor(shape, 5), "float64") as Tensor);
    }
  });
});
