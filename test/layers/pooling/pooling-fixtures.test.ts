/** Pooling layers against the Keras 3.15.1 fixtures: configs, symbolic shapes, outputs, gradients. */
import { describe, expect, it } from "vitest";
import { fixtureNames } from "../../utils/fixtures.js";
import { runLayerFixture } from "../../utils/layer-fixture.js";

const prefixes = ["maxpool", "avgpool", "global_", "adaptive_"];
const cases = prefixes.flatMap((p) => fixtureNames("layer", p));

describe("pooling layer fixtures", () => {
  it("finds every case", () => {
    expect(cases.sort()).toEqual([
      "adaptive_avgpool1d", "adaptive_avgpool2d", "adaptive_avgpool3d", "adaptive_maxpool1d", "adaptive_maxpool2d", "adaptive_maxpool3d",
      "avgpool1d", "avgpool2d_same", "avgpool2d_valid_strided", "avgpool3d",
      "global_avgpool1d", "global_avgpool1d_keepdims", "global_avgpool2d", "global_avgpool2d_keepdims", "global_avgpool3d",
      "global_avgpool3d_keepdims", "global_maxpool1d", "global_maxpool1d_keepdims", "global_maxpool2d", "global_maxpool2d_keepdims",
      "global_maxpool3d", "global_maxpool3d_keepdims",
      "maxpool1d", "maxpool2d_channels_first", "maxpool2d_same_strided", "maxpool2d_valid", "maxpool3d",
    ]);
  });
  for (const name of cases) it(name, () => void runLayerFixture(name));
});
