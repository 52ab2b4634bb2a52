import { afterEach, describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as config from "../../src/config/index.js";

describe("keras.config", () => {
  const saved = process.env.KERAS_HOME;
  afterEach(() => {
    if (saved === undefined) delete process.env.KERAS_HOME;
    else process.env.KERAS_HOME = saved;
    config.resetSettings();
  });

  it("defaults to channels_last / float32 / 1e-7 without a keras.json", () => {
    process.env.KERAS_HOME = mkdtempSync(join(tmpdir(), "keras-home-"));
    config.resetSettings();
    expect(config.imageDataFormat()).toBe("channels_last");
    expect(config.floatx()).toBe("float32");
    expect(config.epsilon()).toBe(1e-7);
  });

  it("reads image_data_format from $KERAS_HOME/keras.json", () => {
    const home = mkdtempSync(join(tmpdir(), "keras-home-"));
    writeFileSync(join(home, "keras.json"), JSON.stringify({ image_data_format: "channels_first", epsilon: 1e-5 }));
    process.env.KERAS_HOME = home;
    config.resetSettings();
    expect(config.imageDataFormat()).toBe("channels_first");
    expect(config.epsilon()).toBe(1e-5);
    expect(config.standardizeDataFormat(null)).toBe("channels_first");
  });

  it("rejects unknown data formats with Keras's message", () => {
    expect(() => config.setImageDataFormat("nhwc")).toThrow(/must be one of \{'channels_first', 'channels_last'\}/);
    expect(() => config.standardizeDataFormat("NCHW")).toThrow(/Received: data_format=NCHW/);
  });
});
