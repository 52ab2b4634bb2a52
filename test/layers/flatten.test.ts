/** keras.layers.Flatten: contract, Keras fixtures, hand-computed orders, data_format default, gradients. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { config, Input, layers, Tensor } from "../../src/index.js";
import { resetSettings } from "../../src/config/settings.js";
import { checkGradients, randomTensor } from "../utils/gradcheck.js";
import { runLayerFixture } from "../utils/layer-fixture.js";
import { runLayerTest } from "../utils/layer-test.js";

const { Flatten } = layers;
const iota = (shape: number[]) => new Tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i), shape, "float32");

describe("Flatten: layer contract", () => {
  it("channels_last rank 4", () => {
    runLayerTest({ layerCls: Flatten, inputShape: [2, 3, 4, 5], expectedOutputShape: [2, 60], expectedNumTrainableWeights: 0, expectedNumNonTrainableWeights: 0, expectedNumSeedGenerators: 0, supportsMasking: false });
  });
  it("channels_first rank 3", () => {
    runLayerTest({ layerCls: Flatten, initKwargs: { dataFormat: "channels_first" }, inputShape: [2, 3, 4], expectedOutputShape: [2, 12] });
  });
  it("rank 1 input gets a feature axis of 1", () => {
    runLayerTest({ layerCls: Flatten, inputData: iota([3]), expectedOutput: [[0], [1], [2]] });
  });
  it("integer input keeps its dtype", () => {
    runLayerTest({ layerCls: Flatten, inputShape: [2, 2, 3], inputDtype: "int32", expectedOutputShape: [2, 6], expectedOutputDtype: "int32" });
  });
});

describe("Flatten: Keras fixtures", () => {
  it.each(["flatten", "flatten_channels_first"])("%s", (name) => {
    runLayerFixture(name);
  });
});

describe("Flatten: values and shapes", () => {
  it("channels_last flattens in row-major order", () => {
    const y = new Flatten().apply(iota([2, 2, 3]));
    expect(y.toArray()).toEqual([[0, 1, 2, 3, 4, 5], [6, 7, 8, 9, 10, 11]]);
  });
  it("channels_first moves the channel axis last first", () => {
    // x[0, c, h, w] = 4c + 2h + w; flattened (h, w, c) order: x[0,0,0,0], x[0,1,0,0], x[0,0,0,1], x[0,1,0,1], ...
    const y = new Flatten({ dataFormat: "channels_first" }).apply(iota([1, 2, 2, 2]));
    expect(y.toArray()).toEqual([[0, 4, 1, 5, 2, 6, 3, 7]]);
  });
  it("symbolic shapes: an unknown non-batch dim makes the flat dim unknown", () => {
    expect(new Flatten().apply(Input({ shape: [3, 4] })).shape).toEqual([null, 12]);
    expect(new Flatten().apply(Input({ shape: [null, 4] })).shape).toEqual([null, null]);
    expect(new Flatten().computeOutputShape([5])).toEqual([5, 1]);
    expect(new Flatten().computeOutputShape([null, 2, 0])).toEqual([null, 0]);
  });
  it("empty tensors", () => {
    expect(new Flatten().apply(new Tensor(new Float32Array(0), [0, 3, 2], "float32")).shape).toEqual([0, 6]);
    expect(new Flatten().apply(new Tensor(new Float32Array(0), [2, 0, 3], "float32")).shape).toEqual([2, 0]);
  });
  it("rejects a scalar through its InputSpec", () => {
    expect(() => new Flatten().apply(new Tensor(new Float32Array([1]), [], "float32"))).toThrow(/expected min_ndim=1, found ndim=0/);
  });
  it("rejects an unknown data_format with Keras's message", () => {
    expect(() => new Flatten({ dataFormat: "channels_middle" })).toThrow(
      "The `data_format` argument must be one of {'channels_first', 'channels_last'}. Received: data_format=channels_middle",
    );
  });
  it("config: data_format is always written", () => {
    const cfg = new Flatten({ name: "f" }).getConfig();
    expect(cfg.data_format).toBe("channels_last");
    expect(Flatten.fromConfig(cfg).getConfig()).toEqual(cfg);
  });
});

describe("Flatten: data_format default", () => {
  const saved = process.env.KERAS_HOME;
  afterEach(() => {
    if (saved === undefined) delete process.env.KERAS_HOME;
    else process.env.KERAS_HOME = saved;
    resetSettings();
  });
  it("follows keras.config.setImageDataFormat", () => {
    config.setImageDataFormat("channels_first");
    expect(new Flatten().dataFormat).toBe("channels_first");
    config.setImageDataFormat("channels_last");
    expect(new Flatten().dataFormat).toBe("channels_last");
  });
  it("reads image_data_format from $KERAS_HOME/keras.json", () => {
    const dir = mkdtempSync(join(tmpdir(), "keras-home-"));
    try {
      writeFileSync(join(dir, "keras.json"), JSON.stringify({ image_data_format: "channels_first" }));
      process.env.KERAS_HOME = dir;
      resetSettings();
      const f = new Flatten();
      expect(f.dataFormat).toBe("channels_first");
      expect(f.getConfig().data_format).toBe("channels_first");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("Flatten: gradients (float64 finite differences)", () => {
  for (const [format, shape] of [
    ["channels_last", [2, 3, 4]],
    ["channels_first", [2, 3, 4]],
    ["channels_first", [1, 2, 3, 2]],
    ["channels_first", [3, 1, 1]],
    ["channels_last", [4]],
  ] as const) {
    it(`${format} ${JSON.stringify(shape)}`, () => {
      const layer = new Flatten({ dataFormat: format, dtype: "float64" });
      checkGradients((x) => layer.apply(x), [randomTensor(shape.slice(), 3)]);
    });
  }
});
