/** Normalization layers against the Keras 3.15.1 fixtures: configs, weights, outputs, gradients. */
import { describe, expect, it } from "vitest";
import { fixtureNames } from "../../utils/fixtures.js";
import { runLayerFixture } from "../../utils/layer-fixture.js";

const prefixes = ["batchnorm_", "layernorm", "groupnorm", "rmsnorm", "unitnorm"];
const cases = prefixes.flatMap((p) => fixtureNames(undefined, p));

describe("normalization layer fixtures", () => {
  it("finds every case", () => {
    expect(cases.sort()).toEqual([
      "batchnorm_axis1", "batchnorm_inference", "batchnorm_inference_image",
      "groupnorm", "groupnorm_axis1",
      "layernorm", "layernorm_axes", "layernorm_rms_scaling",
      "rmsnorm", "unitnorm", "unitnorm_axes",
    ]);
  });
  for (const name of cases) it(name, () => void runLayerFixture(name));
});
