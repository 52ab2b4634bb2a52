import { describe, it } from "vitest";
import { runLayerFixture } from "../../utils/layer-fixture.js";

describe("ConvLSTM fixtures", () => {
  it("conv_lstm1d", () => { runLayerFixture("conv_lstm1d"); });
  it("conv_lstm2d", () => { runLayerFixture("conv_lstm2d"); });
});
