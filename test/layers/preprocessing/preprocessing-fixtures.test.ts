/** Normalization, Rescaling, Resizing, CenterCrop, CategoryEncoding and Discretization against the Keras 3.15.1 fixtures. */
import { describe, expect, it } from "vitest";
import { layers, Tensor } from "../../../src/index.js";
import { Normalization } from "../../../src/layers/preprocessing/normalization.js";
import { firstDifference } from "../../utils/deep-diff.js";
import { fixtureNames, fixtureTensor, loadFixture } from "../../utils/fixtures.js";
import { expectCloseToFixture, runLayerFixture } from "../../utils/layer-fixture.js";

const prefixes = ["normalization_", "rescaling", "resizing", "center_crop", "category_encoding", "discretization"];
const cases = [...new Set(prefixes.flatMap((p) => fixtureNames("layer", p)))];

describe("preprocessing layer fixtures", () => {
  it("finds every case", () => {
    expect(cases.sort()).toEqual([
      "category_encoding_count", "category_encoding_multi_hot", "category_encoding_one_hot",
      "center_crop", "discretization",
      "normalization_adapt", "normalization_given",
      "rescaling",
      "resizing_bilinear", "resizing_crop_to_aspect_ratio", "resizing_nearest",
    ]);
  });
  // Keras built normalization_adapt in adapt(adapt_data), so its build_config
  // is the adapt data's shape, not a symbolic call's: that part is checked in
  // the adapt test below instead.
  for (const name of cases) it(name, () => void runLayerFixture(name, { checkSymbolic: name !== "normalization_adapt" }));

  it("normalization_adapt: adapt(adapt_data) gives Keras's weights and build_config", () => {
    const fixture = loadFixture("normalization_adapt");
    const layer = layers.deserialize({ ...fixture.layer, build_config: undefined }) as Normalization;
    expect(layer.built).toBe(false);
    layer.adapt(fixtureTensor(fixture.adapt_data));
    const d = firstDifference(layers.serialize(layer), fixture.serialization.after_build);
    if (d) expect.fail(`serialize(adapted layer) differs from after_build at ${d}`);
    expect(layer.weights.map((w) => w.name)).toEqual(["mean", "variance", "count"]);
    layer.weights.forEach((w, i) => expectCloseToFixture(w.value, fixture.weights[i], 1e-6, 1e-6, `weight ${w.name}`));
    const out = layer.apply(fixtureTensor(fixture.inputs[0])) as Tensor;
    expectCloseToFixture(out, fixture.outputs[0], 1e-5, 1e-6, "output after adapt");
  });
});
