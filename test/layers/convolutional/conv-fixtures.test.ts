/** Convolution layers against the Keras 3.15.1 fixtures: configs, symbolic shapes, weights, outputs, gradients. */
import { describe, expect, it } from "vitest";
import { fixtureNames } from "../../utils/fixtures.js";
import { runLayerFixture } from "../../utils/layer-fixture.js";

const prefixes = ["conv1d_", "conv2d_", "conv3d", "depthwise_conv", "separable_conv"];
const cases = prefixes.flatMap((p) => fixtureNames("layer", p));

describe("convolution layer fixtures", () => {
  it("finds every case", () => {
    expect(cases.sort()).toEqual([
      "conv1d_causal_dilated", "conv1d_same_channels_first", "conv1d_transpose", "conv1d_transpose_same_output_padding",
      "conv1d_valid_strided", "conv2d_channels_first", "conv2d_groups_same", "conv2d_same_strided",
      "conv2d_transpose_channels_first", "conv2d_transpose_output_padding", "conv2d_transpose_same", "conv2d_valid_dilated",
      "conv3d", "conv3d_transpose", "depthwise_conv1d", "depthwise_conv2d", "separable_conv1d", "separable_conv2d",
    ]);
  });
  for (const name of cases) it(name, () => void runLayerFixture(name));
});
