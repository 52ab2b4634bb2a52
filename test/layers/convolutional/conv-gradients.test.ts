/**
 * Float64 finite-difference gradient checks of every convolution layer, with
 * respect to the input and each trainable weight, over padding modes,
 * strides, dilation, groups, both data formats, size-1 dims and LoRA.
 */
import { describe, it } from "vitest";
import { layers } from "../../../src/index.js";
import { randomTensor } from "../../utils/gradcheck.js";
import { checkLayerGradients } from "../layer-gradcheck.js";

const L = layers;
const f64 = { dtype: "float64", biasInitializer: "random_normal" } as const;

const cases: [string, () => layers.Layer, number[]][] = [
  ["Conv1D causal dilated", () => new L.Conv1D(3, 3, { ...f64, padding: "causal", dilationRate: 2, activation: "tanh" }), [2, 7, 2]],
  ["Conv1D valid strided, channels_first", () => new L.Conv1D(2, 2, { ...f64, strides: 2, dataFormat: "channels_first" }), [2, 3, 7]],
  ["Conv2D same strided, groups 2", () => new L.Conv2D(4, [3, 2], { ...f64, strides: 2, padding: "same", groups: 2 }), [2, 5, 4, 4]],
  ["Conv2D size-1 dims", () => new L.Conv2D(2, [1, 3], { ...f64, padding: "same" }), [1, 1, 4, 1]],
  ["Conv3D", () => new L.Conv3D(2, 2, { ...f64, strides: [1, 2, 1] }), [1, 3, 4, 3, 2]],
  ["Conv1DTranspose same, output padding", () => new L.Conv1DTranspose(2, 4, { ...f64, strides: 3, padding: "same", outputPadding: 1 }), [2, 3, 2]],
  ["Conv2DTranspose valid, channels_first", () => new L.Conv2DTranspose(2, 3, { ...f64, strides: [2, 1], dataFormat: "channels_first" }), [1, 2, 3, 2]],
  ["Conv3DTranspose", () => new L.Conv3DTranspose(2, 2, { ...f64, strides: [2, 1, 2] }), [1, 2, 2, 2, 2]],
  ["DepthwiseConv1D", () => new L.DepthwiseConv1D(3, { ...f64, depthMultiplier: 2, padding: "same" }), [2, 5, 3]],
  ["DepthwiseConv2D dilated", () => new L.DepthwiseConv2D(2, { ...f64, dilationRate: 2 }), [1, 5, 5, 2]],
  ["SeparableConv1D", () => new L.SeparableConv1D(3, 3, { ...f64, depthMultiplier: 2 }), [2, 6, 2]],
  ["SeparableConv2D same strided", () => new L.SeparableConv2D(3, 3, { ...f64, strides: 2, padding: "same" }), [1, 5, 4, 2]],
  ["Conv2D with LoRA (gradients reach lora_kernel_a and lora_kernel_b)", () => {
    const l = new L.Conv2D(3, 2, { ...f64, loraRank: 2 });
    l.build([null, 4, 4, 2]);
    l.loraKernelB!.assign(randomTensor([2, 3], 5));
    return l;
  }, [1, 4, 4, 2]],
];

describe("convolution layers: float64 finite-difference gradients", () => {
  cases.forEach(([name, make, shape], i) => {
    it(name, () => {
      checkLayerGradients(make(), randomTensor(shape, 20 + i), {}, { tol: 1e-6 });
    });
  });
});
