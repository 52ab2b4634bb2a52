/**
 * loadModel creates every weight and then overwrites it from the file; the
 * initializers must not run for weights the file assigns (for large models
 * they were about half the load time), and must still run, in creation
 * order, for a weight nobody assigns.
 */
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as keras from "../../src/index.js";
import { Initializer } from "../../src/initializers/initializer.js";
import { Variable, withDeferredInitialValues } from "../../src/engine/variable.js";
import { makePendingInitialValues } from "../../src/saving/keras-file.js";
import { legacyModelBytes } from "../../src/saving/legacy-h5-save.js";
import { fixturePath, fixtureTensor, loadFixture } from "../utils/fixtures.js";

afterEach(() => vi.restoreAllMocks());

/** A counting initializer: each call returns `calls` (1, 2, ...) everywhere. */
function countingInit() {
  let calls = 0;
  const fn = (shape: number[]) => keras.ops.full(shape, ++calls);
  return { fn, calls: () => calls };
}

describe("withDeferredInitialValues", () => {
  it("runs an initializer on first read, once, and never when an assign comes first", () => {
    const a = countingInit();
    const [vars, pending] = withDeferredInitialValues(() => [
      new Variable(a.fn, { shape: [2, 3], name: "read_first" }),
      new Variable(a.fn, { shape: [4], dtype: "float64", name: "assigned_first" }),
      new Variable([1, 2], { name: "concrete" }),
    ]);
    expect(a.calls()).toBe(0);
    // Only initializer-made variables wait; a concrete initial value is kept as given.
    expect(pending).toEqual([vars[0], vars[1]]);
    expect(vars.map((v) => v.initialValuePending)).toEqual([true, true, false]);
    // Shape and dtype are known without the value.
    expect(vars[0].shape).toEqual([2, 3]);
    expect(vars[1].dtype).toBe("float64");
    expect(vars[0].size).toBe(6);
    expect(a.calls()).toBe(1);
    expect(vars[0].toArray()).toEqual([[1, 1, 1], [1, 1, 1]]);
    expect(a.calls()).toBe(1);

    vars[1].assign([5, 6, 7, 8]);
    expect(vars[1].initialValuePending).toBe(false);
    expect(vars[1].toArray()).toEqual([5, 6, 7, 8]);
    expect(a.calls()).toBe(1);
    expect(vars[2].toArray()).toEqual([1, 2]);
  });

  it("assignAdd on a deferred variable starts from the initializer's value", () => {
    const a = countingInit();
    const [v] = withDeferredInitialValues(() => new Variable(a.fn, { shape: [2] }));
    v.assignAdd([10, 20]);
    expect(v.toArray()).toEqual([11, 21]);
  });

  it("variables created outside the scope (after it, or after it threw) are made at once", () => {
    const a = countingInit();
    expect(() =>
      withDeferredInitialValues(() => {
        throw new Error("boom");
      }),
    ).toThrow("boom");
    const v = new Variable(a.fn, { shape: [1] });
    expect(v.initialValuePending).toBe(false);
    expect(a.calls()).toBe(1);
  });

  it("makePendingInitialValues runs the initializers still pending, in creation order", () => {
    const a = countingInit();
    const [[x, y, z], pending] = withDeferredInitialValues(() => [
      new Variable(a.fn, { shape: [1] }),
      new Variable(a.fn, { shape: [1] }),
      new Variable(a.fn, { shape: [1] }),
    ]);
    y.assign([0]);
    makePendingInitialValues(pending);
    expect(pending.map((v) => v.initialValuePending)).toEqual([false, false, false]);
    expect([x.toArray(), y.toArray(), z.toArray()]).toEqual([[1], [0], [2]]);
  });
});

describe("loadModel skips the initializers of the weights it loads", () => {
  function bigModel() {
    return new keras.Sequential(
      [keras.Input({ shape: [64] }), new keras.layers.Dense(32), new keras.layers.BatchNormalization(), new keras.layers.Dense(8)],
      { name: "big" },
    );
  }

  it(".keras: no initializer call, every weight equal to the saved one", async () => {
    const model = bigModel();
    const bytes = await model.save();
    const spy = vi.spyOn(Initializer.prototype, "apply");
    const loaded = await keras.saving.loadModel(bytes);
    expect(spy).not.toHaveBeenCalled();
    expect(loaded.weights.map((w) => w.path)).toEqual(model.weights.map((w) => w.path.replace(/^big\//, "")));
    loaded.weights.forEach((w, i) => {
      expect(w.initialValuePending).toBe(false);
      expect(Array.from(w.value.data)).toEqual(Array.from(model.weights[i].value.data));
    });
  });

  it("legacy .h5: no initializer call either", async () => {
    const model = bigModel();
    const bytes = await legacyModelBytes(model);
    const spy = vi.spyOn(Initializer.prototype, "apply");
    const loaded = await keras.saving.loadModel(bytes);
    expect(spy).not.toHaveBeenCalled();
    loaded.weights.forEach((w, i) => expect(Array.from(w.value.data)).toEqual(Array.from(model.weights[i].value.data)));
  });

  it("a Keras-written .keras fixture loads without initializer calls and reproduces Keras's outputs", async () => {
    const fx = loadFixture("sequential_mlp");
    const spy = vi.spyOn(Initializer.prototype, "apply");
    const loaded = await keras.saving.loadModel(new Uint8Array(readFileSync(fixturePath("sequential_mlp.keras"))));
    expect(spy).not.toHaveBeenCalled();
    const y = loaded.predict(fixtureTensor(fx.inputs[0]), { verbose: 0 }) as keras.Tensor;
    const want = fixtureTensor(fx.outputs[0]).data;
    y.data.forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThanOrEqual(1e-6 + 1e-5 * Math.abs(want[i])));
  });

  it("a load that fails leaves no deferred variable behind in later code", async () => {
    const bytes = await bigModel().save();
    await expect(keras.saving.loadModel(bytes.slice(0, 200))).rejects.toThrow();
    const v = new Variable("ones", { shape: [2] });
    expect(v.initialValuePending).toBe(false);
  });
});
