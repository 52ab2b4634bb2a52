/** The merge layers against the Keras 3.15.1 fixtures (Functional wrappers with two or three inputs). */
import { describe, expect, it } from "vitest";
import { fixtureNames } from "../../utils/fixtures.js";
import { runLayerFixture } from "../../utils/layer-fixture.js";

const cases = fixtureNames("layer", "merge_");

describe("merge layer fixtures", () => {
  it("finds every case", () => {
    expect(cases.sort()).toEqual([
      "merge_add", "merge_average", "merge_concatenate", "merge_concatenate_axis1",
      "merge_dot_2d", "merge_dot_axes_1_1", "merge_dot_normalize",
      "merge_maximum", "merge_minimum", "merge_multiply", "merge_subtract",
    ]);
  });
  for (const name of cases) it(name, () => void runLayerFixture(name));
});
