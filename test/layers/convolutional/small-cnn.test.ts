/**
 * A small functional CNN, Conv2D -> MaxPooling2D -> Conv2D ->
 * GlobalAveragePooling2D -> Dense, built from keras.Input: its summary()
 * checked line by line against Keras 3's format (parameter counts worked out
 * by hand), and its JSON config round trip through model.toJson() /
 * keras.models.modelFromJson().
 */
import { describe, expect, it } from "vitest";
import * as keras from "../../../src/index.js";
import { Tensor } from "../../../src/index.js";
import { randomTensor } from "../../utils/gradcheck.js";

function smallCnn(): keras.Model {
  const inputs = keras.Input({ shape: [28, 28, 1], name: "image" });
  let x = new keras.layers.Conv2D(8, 3, { activation: "relu", name: "conv2d" }).apply(inputs);
  x = new keras.layers.MaxPooling2D({ poolSize: 2, name: "max_pooling2d" }).apply(x);
  x = new keras.layers.Conv2D(16, 3, { padding: "same", name: "conv2d_1" }).apply(x);
  x = new keras.layers.GlobalAveragePooling2D({ name: "global_average_pooling2d" }).apply(x);
  const outputs = new keras.layers.Dense(10, { activation: "softmax", name: "dense" }).apply(x);
  return new keras.Model({ inputs, outputs, name: "small_cnn" });
}

describe("a small CNN built from keras.Input", () => {
  it("summary() in Keras's format", () => {
    // Parameters: conv2d 3*3*1*8 + 8 = 80; conv2d_1 3*3*8*16 + 16 = 1,168; dense 16*10 + 10 = 170;
    // total 1,418 float32 = 5,672 bytes = 5.54 KB. Shapes: 28 - 2 = 26 (valid 3x3), 26 / 2 = 13 (pool), 13 (same).
    let text = "";
    smallCnn().summary({ printFn: (t) => (text += t) });
    expect(text.split("\n")).toEqual([
      'Model: "small_cnn"',
      "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓",
      "┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃",
      "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩",
      "│ image (InputLayer)              │ (None, 28, 28, 1)      │             0 │",
      "├─────────────────────────────────┼────────────────────────┼───────────────┤",
      "│ conv2d (Conv2D)                 │ (None, 26, 26, 8)      │            80 │",
      "├─────────────────────────────────┼────────────────────────┼───────────────┤",
      "│ max_pooling2d (MaxPooling2D)    │ (None, 13, 13, 8)      │             0 │",
      "├─────────────────────────────────┼────────────────────────┼───────────────┤",
      "│ conv2d_1 (Conv2D)               │ (None, 13, 13, 16)     │         1,168 │",
      "├─────────────────────────────────┼────────────────────────┼───────────────┤",
      "│ global_average_pooling2d        │ (None, 16)             │             0 │",
      "│ (GlobalAveragePooling2D)        │                        │               │",
      "├─────────────────────────────────┼────────────────────────┼───────────────┤",
      "│ dense (Dense)                   │ (None, 10)             │           170 │",
      "└─────────────────────────────────┴────────────────────────┴───────────────┘",
      " Total params: 1,418 (5.54 KB)",
      " Trainable params: 1,418 (5.54 KB)",
      " Non-trainable params: 0 (0.00 B)",
      "",
    ]);
  });

  it("countParams per layer matches the hand counts", () => {
    const model = smallCnn();
    expect(model.layers.map((l) => [l.name, l.countParams()])).toEqual([
      ["image", 0], ["conv2d", 80], ["max_pooling2d", 0], ["conv2d_1", 1168], ["global_average_pooling2d", 0], ["dense", 170],
    ]);
    expect(model.countParams()).toBe(1418);
  });

  it("round-trips through toJson / modelFromJson to an equal config and the same predictions", () => {
    const model = smallCnn();
    const json = model.toJson();
    const parsed = JSON.parse(json);
    expect(parsed.class_name).toBe("Functional");
    expect(parsed.config.layers.map((l: { class_name: string }) => l.class_name)).toEqual([
      "InputLayer", "Conv2D", "MaxPooling2D", "Conv2D", "GlobalAveragePooling2D", "Dense",
    ]);
    const conv = parsed.config.layers[1].config;
    expect(conv).toMatchObject({ filters: 8, kernel_size: [3, 3], strides: [1, 1], padding: "valid", data_format: "channels_last", groups: 1, activation: "relu" });
    expect(parsed.config.layers[2].config).toMatchObject({ pool_size: [2, 2], strides: [2, 2], padding: "valid" });

    const revived = keras.models.modelFromJson(json);
    expect(revived.toJson()).toBe(json);
    expect(revived.getConfig()).toEqual(model.getConfig());

    revived.setWeights(model.getWeights());
    const x = keras.ops.cast(randomTensor([2, 28, 28, 1], 3), "float32");
    const a = model.predict(x) as Tensor;
    const b = revived.predict(x) as Tensor;
    expect(a.shape).toEqual([2, 10]);
    expect(Array.from(b.data)).toEqual(Array.from(a.data));
    // Softmax rows sum to one.
    for (let r = 0; r < 2; r++) expect(Math.abs(Array.from(a.data.slice(r * 10, r * 10 + 10)).reduce((s, v) => s + v, 0) - 1)).toBeLessThan(1e-6);
  });
});
