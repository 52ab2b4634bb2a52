/** ReLU, LeakyReLU, ELU, Softmax and PReLU against the Keras 3.15.1 fixtures. */
import { describe, expect, it } from "vitest";
import { fixtureNames } from "../../utils/fixtures.js";
import { runLayerFixture } from "../../utils/layer-fixture.js";

const prefixes = ["relu_layer_", "leaky_relu", "elu_layer", "softmax_layer_", "prelu"];
const cases = prefixes.flatMap((p) => fixtureNames(undefined, p));

describe("activation layer fixtures", () => {
  it("finds every case", () => {
    expect(cases.sort()).toEqual([
      "elu_layer", "leaky_relu_layer", "prelu", "prelu_shared_axes",
      "relu_layer_max_value", "relu_layer_negative_slope_threshold",
      "softmax_layer_axis", "softmax_layer_masked",
    ]);
  });
  for (const name of cases) it(name, () => void runLayerFixture(name));
});
