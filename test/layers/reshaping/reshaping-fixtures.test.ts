/** Permute, RepeatVector, Cropping*D, UpSampling*D and ZeroPadding*D against the Keras 3.15.1 fixtures. */
import { describe, expect, it } from "vitest";
import { fixtureNames } from "../../utils/fixtures.js";
import { runLayerFixture } from "../../utils/layer-fixture.js";

const prefixes = ["permute", "repeat_vector", "cropping", "upsampling", "zero_padding"];
const cases = prefixes.flatMap((p) => fixtureNames("layer", p));

describe("reshaping layer fixtures", () => {
  it("finds every case", () => {
    expect(cases.sort()).toEqual([
      "cropping1d", "cropping2d", "cropping2d_channels_first", "cropping3d",
      "permute", "repeat_vector",
      "upsampling1d", "upsampling2d_bilinear", "upsampling2d_nearest", "upsampling3d",
      "zero_padding1d", "zero_padding2d", "zero_padding3d",
    ]);
  });
  for (const name of cases) it(name, () => void runLayerFixture(name));
});
