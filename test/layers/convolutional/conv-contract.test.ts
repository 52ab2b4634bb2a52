/**
 * The layer contract (runLayerTest: config round trips, build, symbolic and
 * eager shapes, weight counts, a training step) for every convolution layer,
 * over the argument combinations of Keras's conv tests: padding, strides,
 * dilation, groups, data formats, causal padding, output padding, depth
 * multipliers. Expected output shapes are worked out by hand in the comments.
 */
import { describe, expect, it } from "vitest";
import { layers } from "../../../src/index.js";
import { runLayerTest } from "../../utils/layer-test.js";

const {
  Conv1D, Conv2D, Conv3D, Conv1DTranspose, Conv2DTranspose, Conv3DTranspose, DepthwiseConv1D, DepthwiseConv2D,
  SeparableConv1D, SeparableConv2D,
} = layers;

type Case = { name: string; cls: any; args: unknown[]; kwargs: Record<string, unknown>; input: number[]; output: number[]; trainable: number };

const cases: Case[] = [
  // Conv1D: valid 10 -> 10 - 2 = 8; same keeps 10; causal keeps 10; strides 2 valid: floor((10 - 3) / 2) + 1 = 4.
  { name: "Conv1D valid", cls: Conv1D, args: [5, 3], kwargs: {}, input: [2, 10, 4], output: [2, 8, 5], trainable: 2 },
  { name: "Conv1D same, no bias", cls: Conv1D, args: [5, 3], kwargs: { padding: "same", useBias: false }, input: [2, 10, 4], output: [2, 10, 5], trainable: 1 },
  { name: "Conv1D causal, dilation 2", cls: Conv1D, args: [6, 2], kwargs: { padding: "causal", dilationRate: 2 }, input: [2, 10, 4], output: [2, 10, 6], trainable: 2 },
  { name: "Conv1D strided, groups 2", cls: Conv1D, args: [6, 3], kwargs: { strides: 2, groups: 2 }, input: [2, 10, 4], output: [2, 4, 6], trainable: 2 },
  { name: "Conv1D channels_first", cls: Conv1D, args: [6, 3], kwargs: { dataFormat: "channels_first" }, input: [2, 4, 10], output: [2, 6, 8], trainable: 2 },
  // Conv2D: (10, 10) valid 3x3 -> (8, 8); strides (2, 1) same -> (5, 10); dilation 2 valid: keff 5 -> (6, 6).
  { name: "Conv2D valid", cls: Conv2D, args: [5, 2], kwargs: {}, input: [2, 10, 10, 4], output: [2, 9, 9, 5], trainable: 2 },
  { name: "Conv2D same strided", cls: Conv2D, args: [6, [3, 2]], kwargs: { padding: "same", strides: [2, 1] }, input: [2, 10, 10, 4], output: [2, 5, 10, 6], trainable: 2 },
  { name: "Conv2D dilated, groups 2", cls: Conv2D, args: [6, 3], kwargs: { dilationRate: 2, groups: 2 }, input: [2, 10, 10, 4], output: [2, 6, 6, 6], trainable: 2 },
  { name: "Conv2D channels_first", cls: Conv2D, args: [6, 3], kwargs: { dataFormat: "channels_first", padding: "same" }, input: [2, 4, 10, 8], output: [2, 6, 10, 8], trainable: 2 },
  // Conv3D: (8, 8, 8) valid 3 -> 6 each; strides 2 same -> 4 each.
  { name: "Conv3D valid", cls: Conv3D, args: [3, 3], kwargs: {}, input: [1, 8, 8, 8, 2], output: [1, 6, 6, 6, 3], trainable: 2 },
  { name: "Conv3D same strided, channels_first", cls: Conv3D, args: [4, 2], kwargs: { strides: 2, padding: "same", dataFormat: "channels_first" }, input: [1, 2, 8, 8, 8], output: [1, 4, 4, 4, 4], trainable: 2 },
  // Transposed: valid n * s + max(k - s, 0); same n * s; output_padding: (n - 1) * s + k - 2 * (k // 2 if same) + p.
  { name: "Conv1DTranspose valid strided", cls: Conv1DTranspose, args: [5, 3], kwargs: { strides: 2 }, input: [2, 8, 4], output: [2, 17, 5], trainable: 2 },
  { name: "Conv1DTranspose same, output padding", cls: Conv1DTranspose, args: [5, 3], kwargs: { strides: 2, padding: "same", outputPadding: 1 }, input: [2, 8, 4], output: [2, 16, 5], trainable: 2 },
  { name: "Conv2DTranspose same", cls: Conv2DTranspose, args: [5, 2], kwargs: { strides: 2, padding: "same" }, input: [2, 4, 5, 3], output: [2, 8, 10, 5], trainable: 2 },
  { name: "Conv2DTranspose dilated, channels_first", cls: Conv2DTranspose, args: [5, 3], kwargs: { dilationRate: 2, dataFormat: "channels_first" }, input: [2, 3, 4, 5], output: [2, 5, 8, 9], trainable: 2 },
  { name: "Conv3DTranspose", cls: Conv3DTranspose, args: [2, 2], kwargs: { strides: [2, 1, 1], outputPadding: [1, 0, 0] }, input: [1, 3, 3, 3, 2], output: [1, 7, 4, 4, 2], trainable: 2 },
  // Depthwise: channels * multiplier outputs.
  { name: "DepthwiseConv1D", cls: DepthwiseConv1D, args: [3], kwargs: { depthMultiplier: 2 }, input: [2, 10, 4], output: [2, 8, 8], trainable: 2 },
  { name: "DepthwiseConv1D same strided, channels_first", cls: DepthwiseConv1D, args: [3], kwargs: { strides: 2, padding: "same", dataFormat: "channels_first" }, input: [2, 4, 9], output: [2, 4, 5], trainable: 2 },
  { name: "DepthwiseConv2D dilated", cls: DepthwiseConv2D, args: [2], kwargs: { depthMultiplier: 3, dilationRate: 2, useBias: false }, input: [2, 6, 6, 2], output: [2, 4, 4, 6], trainable: 1 },
  // Separable: depthwise then pointwise to `filters`.
  { name: "SeparableConv1D", cls: SeparableConv1D, args: [5, 3], kwargs: { depthMultiplier: 2 }, input: [2, 10, 4], output: [2, 8, 5], trainable: 3 },
  { name: "SeparableConv2D same, channels_first", cls: SeparableConv2D, args: [5, 3], kwargs: { padding: "same", dataFormat: "channels_first", useBias: false }, input: [2, 3, 6, 6], output: [2, 5, 6, 6], trainable: 2 },
];

describe("convolution layers: the layer contract", () => {
  for (const c of cases) {
    it(c.name, () => {
      runLayerTest({
        layerCls: c.cls, initArgs: c.args, initKwargs: c.kwargs, inputShape: c.input,
        expectedOutputShape: c.output, expectedNumTrainableWeights: c.trainable, expectedNumNonTrainableWeights: 0,
        expectedNumSeedGenerators: 0, expectedNumLosses: 0, supportsMasking: false,
      });
    });
  }

  it("unknown spatial dims stay unknown in symbolic shapes", () => {
    const x = layers.Input({ shape: [null, null, 3] });
    expect(new Conv2D(4, 3, { strides: 2 }).apply(x).shape).toEqual([null, null, null, 4]);
    expect(new Conv2DTranspose(4, 3, { strides: 2 }).apply(x).shape).toEqual([null, null, null, 4]);
    expect(new DepthwiseConv2D(3, { depthMultiplier: 2 }).apply(x).shape).toEqual([null, null, null, 6]);
    expect(new SeparableConv2D(5, 3).apply(x).shape).toEqual([null, null, null, 5]);
  });

  it("aliases name the same classes and deserialize", () => {
    expect(layers.Convolution1D).toBe(Conv1D);
    expect(layers.Convolution2D).toBe(Conv2D);
    expect(layers.Convolution3D).toBe(Conv3D);
    expect(layers.Convolution1DTranspose).toBe(Conv1DTranspose);
    expect(layers.Convolution2DTranspose).toBe(Conv2DTranspose);
    expect(layers.Convolution3DTranspose).toBe(Conv3DTranspose);
    expect(layers.SeparableConvolution1D).toBe(SeparableConv1D);
    expect(layers.SeparableConvolution2D).toBe(SeparableConv2D);
    const config = new Conv2D(3, 2).getConfig();
    const revived = layers.deserialize({ class_name: "Convolution2D", config });
    expect(revived).toBeInstanceOf(Conv2D);
    // Serialized under the canonical name.
    expect(layers.serialize(revived).class_name).toBe("Conv2D");
    expect(layers.deserialize({ class_name: "SeparableConvolution1D", config: new SeparableConv1D(2, 3).getConfig() })).toBeInstanceOf(SeparableConv1D);
  });
});
