/**
 * `model.toJson()` and `config.json` are written as Python's json.dumps
 * writes Keras's config: floats with `repr(float)` (`1e-07`, `2.0`), ints as
 * ints. Integral values are floats where Keras holds the entry as a float
 * (python-float-keys.ts); what a Python user typed (`MaxNorm(2.0)` against
 * the int default 2) cannot be known from a JavaScript number.
 */
import { describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import { pythonFloatRepr, toPythonJson } from "../../src/saving/python-json.js";
import { loadFixture } from "../utils/fixtures.js";

describe("pythonFloatRepr is Python's repr(float)", () => {
  it.each([
    [0, "0.0"],
    [-0, "-0.0"],
    [1, "1.0"],
    [-3, "-3.0"],
    [0.5, "0.5"],
    [0.1, "0.1"],
    [0.30000000000000004, "0.30000000000000004"],
    [123.456, "123.456"],
    [0.0001, "0.0001"],
    [0.00012, "0.00012"],
    [0.00001, "1e-05"],
    [1e-7, "1e-07"],
    [1.5e-7, "1.5e-07"],
    [-2.5e-10, "-2.5e-10"],
    [1e15, "1000000000000000.0"],
    [1234567890123456, "1234567890123456.0"],
    [1e16, "1e+16"],
    [-2.5e20, "-2.5e+20"],
    [1e100, "1e+100"],
    [5e-324, "5e-324"],
    [1.7976931348623157e308, "1.7976931348623157e+308"],
    [Math.fround(0.1), "0.10000000149011612"],
    [NaN, "NaN"],
    [Infinity, "Infinity"],
    [-Infinity, "-Infinity"],
  ])("%s -> %s", (x, want) => {
    expect(pythonFloatRepr(x)).toBe(want);
  });
});

describe("toPythonJson", () => {
  it("writes ints as ints and non-integral numbers as Python floats, with Python's separators", () => {
    expect(toPythonJson({ a: 1, b: [0.5, 1e-7, 2], c: null, d: "x", e: true, f: undefined })).toBe(
      '{"a": 1, "b": [0.5, 1e-07, 2], "c": null, "d": "x", "e": true}',
    );
  });

  it("writes integral values of entries Keras holds as floats as floats, only inside that class's config", () => {
    const envelope = (module: string, className: string, config: Record<string, unknown>) => ({ module, class_name: className, config, registered_name: null });
    const text = toPythonJson({
      lstm: envelope("keras.layers", "LSTM", { units: 4, dropout: 0, recurrent_dropout: 0.25 }),
      reg: envelope("keras.regularizers", "L1L2", { l1: 0, l2: 1 }),
      // Same class name, other module: the metric's label_smoothing defaults to the int 0.
      metric: envelope("keras.metrics", "BinaryCrossentropy", { label_smoothing: 0 }),
      loss: envelope("keras.losses", "BinaryCrossentropy", { label_smoothing: 0 }),
      aug: envelope("keras.layers", "RandomErasing", { factor: [0, 1] }),
      notAnEnvelope: { dropout: 0 },
    });
    expect(text).toBe(
      '{"lstm": {"module": "keras.layers", "class_name": "LSTM", "config": {"units": 4, "dropout": 0.0, "recurrent_dropout": 0.25}, "registered_name": null}, ' +
        '"reg": {"module": "keras.regularizers", "class_name": "L1L2", "config": {"l1": 0.0, "l2": 1.0}, "registered_name": null}, ' +
        '"metric": {"module": "keras.metrics", "class_name": "BinaryCrossentropy", "config": {"label_smoothing": 0}, "registered_name": null}, ' +
        '"loss": {"module": "keras.losses", "class_name": "BinaryCrossentropy", "config": {"label_smoothing": 0.0}, "registered_name": null}, ' +
        '"aug": {"module": "keras.layers", "class_name": "RandomErasing", "config": {"factor": [0.0, 1.0]}, "registered_name": null}, ' +
        '"notAnEnvelope": {"dropout": 0}}',
    );
  });

  it("layers built in keras-ts write their float defaults as Keras does", () => {
    const lstm = JSON.parse(JSON.stringify(keras.layers.serialize(new keras.layers.LSTM(3))));
    const text = toPythonJson(lstm);
    expect(text).toContain('"dropout": 0.0, "recurrent_dropout": 0.0');
    const bn = toPythonJson(keras.layers.serialize(new keras.layers.BatchNormalization({ momentum: 1 })));
    expect(bn).toContain('"momentum": 1.0, "epsilon": 0.001');
  });
});

describe("model.toJson() is Keras's to_json text", () => {
  it.each(["serial_functional_dict_io", "serial_functional_shared_layer", "serial_nested_model"])("%s: identical", (name) => {
    const fx = loadFixture(name);
    expect(keras.models.modelFromJson(fx.to_json).toJson()).toBe(fx.to_json);
  });

  it("serial_compiled_model: identical but for the loss weight the Python user wrote as 1.0", () => {
    const fx = loadFixture("serial_compiled_model");
    const ours = keras.models.modelFromJson(fx.to_json).toJson();
    expect(ours).toBe(fx.to_json.replace('"cls": 1.0', '"cls": 1'));
    expect(ours).toContain('"epsilon": 1e-07');
  });

  it("serial_sequential: identical but for MaxNorm(2.0), whose Keras default is the int 2", () => {
    const fx = loadFixture("serial_sequential");
    expect(keras.models.modelFromJson(fx.to_json).toJson()).toBe(fx.to_json.replace('"max_value": 2.0', '"max_value": 2'));
  });
});
