/** Regularization layers against the Keras 3.15.1 fixtures (inference mode: the identity), configs included. */
import { describe, expect, it } from "vitest";
import { fixtureNames, fixtureTensor } from "../../utils/fixtures.js";
import { runLayerFixture } from "../../utils/layer-fixture.js";

const prefixes = ["spatialdropout", "gaussiandropout_inference", "gaussiannoise_inference", "alphadropout_inference", "activity_regularization"];
const cases = prefixes.flatMap((p) => fixtureNames(undefined, p));

describe("regularization layer fixtures", () => {
  it("finds every case", () => {
    expect(cases.sort()).toEqual([
      "activity_regularization", "alphadropout_inference", "gaussiandropout_inference", "gaussiannoise_inference",
      "spatialdropout1d_inference", "spatialdropout2d_inference", "spatialdropout3d_inference",
    ]);
  });
  for (const name of cases) {
    it(name, () => {
      const { outputs, fixture } = runLayerFixture(name);
      // Inference is the identity: the output is the input, bit for bit.
      expect(Array.from(outputs[0].data)).toEqual(Array.from(fixtureTensor(fixture.inputs[0]).data));
    });
  }
});
