/**
 * Models saved by keras-ts and loaded back: bit-identical predictions, the
 * same names, configs, trainable flags and weights; optimizer state restored
 * so that training resumes exactly; files on disk and bytes; weights files;
 * subclassed models with Keras's attribute-derived paths; toJson /
 * modelFromJson / cloneModel consistent with the files.
 */
import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import { Input, Layer, Model, Sequential, Tensor, layers, models, ops, optimizers, saving, utils } from "../../src/index.js";
import { saveableEntries } from "../../src/saving/weights-layout.js";
import { writeZip } from "../../src/saving/zip-archive.js";
import { firstDifference } from "../layers/helpers.js";
import { h5Layout, kerasMembers } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "keras-ts-saving-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeEach(() => utils.clearSession());

/** Deterministic, non-trivial input data. */
function data(shape: number[], seed = 1): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out[i] = s / 2147483648 - 0.5;
  }
  return new Tensor(out, shape, "float32");
}

function bits(t: Tensor | Tensor[]): number[][] {
  return (Array.isArray(t) ? t : [t]).map((x) => Array.from(x.data as Float32Array));
}

function expectSameModel(a: Model, b: Model): void {
  expect(b.constructor).toBe(a.constructor);
  expect(b.name).toBe(a.name);
  expect(firstDifference(JSON.parse(JSON.stringify(b.getConfig())), JSON.parse(JSON.stringify(a.getConfig())))).toBeNull();
  expect(b.layers.map((l) => [l.name, l.constructor.name, l.trainable])).toEqual(a.layers.map((l) => [l.name, l.constructor.name, l.trainable]));
  expect(b.weights.map((w) => [w.name, w.shape, w.trainable])).toEqual(a.weights.map((w) => [w.name, w.shape, w.trainable]));
  b.weights.forEach((w, i) => expect(Array.from(w.value.data)).toEqual(Array.from(a.weights[i].value.data)));
}

/** Perturbs every weight so that nothing equals its initializer's value. */
function scramble(model: Model, seed = 7): void {
  model.weights.forEach((w, i) => {
    if (w.dtype !== "float32") return;
    w.assign(ops.add(w.value, ops.multiply(data(w.shape as number[], seed + i), 0.1)));
  });
}

function mlp(): Sequential {
  const model = new Sequential(
    [
      Input({ shape: [6], name: "features" }),
      new layers.Dense(8, { activation: "relu", name: "hidden" }),
      new layers.BatchNormalization({ name: "bn" }),
      new layers.Dropout(0.3, { name: "drop" }),
      new layers.Dense(3, { activation: "softmax", name: "probs" }),
    ],
    { name: "mlp" },
  );
  scramble(model);
  model.getLayer("hidden").trainable = false;
  return model;
}

function multiIo(): Model {
  const tokens = Input({ shape: [5], dtype: "int32", name: "tokens" });
  const numbers = Input({ shape: [3], name: "numbers" });
  const embedded = new layers.Embedding(11, 4, { maskZero: true, name: "embed" }).apply(tokens);
  const seq = new layers.Bidirectional(new layers.LSTM(3, { returnSequences: true }), { name: "bilstm" }).apply(embedded);
  const pooled = new layers.GRU(4, { name: "gru" }).apply(seq);
  const encoder = new Sequential([Input({ shape: [3], name: "enc_in" }), new layers.Dense(4, { activation: "tanh", name: "enc" })], { name: "encoder" });
  const shared = new layers.Dense(2, { name: "shared" });
  const a = shared.apply(encoder.apply(numbers));
  const b = shared.apply(pooled);
  const joined = new layers.Concatenate({ name: "join" }).apply([a, b]);
  const model = new Model({
    inputs: { tokens, numbers },
    outputs: { label: new layers.Dense(3, { name: "label" }).apply(joined), score: new layers.Dense(1, { name: "score" }).apply(joined) },
    name: "multi_io",
  });
  scramble(model);
  return model;
}

function multiIoInputs() {
  return { tokens: new Tensor(new Int32Array([1, 2, 3, 0, 0, 4, 5, 6, 7, 10]), [2, 5], "int32"), numbers: data([2, 3], 3) };
}

function predictBits(model: Model, x: unknown): number[][] {
  const out = model.predict(x);
  if (out instanceof Tensor || Array.isArray(out)) return bits(out);
  return Object.keys(out).sort().map((k) => Array.from((out as Record<string, Tensor>)[k].data as Float32Array));
}

describe(".keras round trip", () => {
  it("Sequential: bit-identical predictions, names, configs, trainable flags, non-trainable statistics", async () => {
    const model = mlp();
    const x = data([4, 6]);
    const path = join(dir, "mlp.keras");
    await model.save(path);
    const loaded = await saving.loadModel(path);
    expectSameModel(model, loaded);
    expect(loaded.getLayer("hidden").trainable).toBe(false);
    expect(predictBits(loaded, x)).toEqual(predictBits(model, x));
    expect(loaded.toJson()).toBe(model.toJson());
  });

  it("Functional with dict inputs/outputs, masking, Bidirectional LSTM, GRU, a nested Sequential and a shared layer", async () => {
    const model = multiIo();
    const bytes = await model.save();
    const loaded = await models.loadModel(bytes);
    expectSameModel(model, loaded);
    expect(predictBits(loaded, multiIoInputs())).toEqual(predictBits(model, multiIoInputs()));
    // The file's weights: the nested model's layers under layers/sequential/layers, the cells under forward_layer/backward_layer.
    const paths = (await h5Layout(kerasMembers(bytes).get("model.weights.h5")!)).entries.filter((e) => e.type === "dataset").map((e) => e.path);
    expect(paths).toContain("layers/bidirectional/forward_layer/cell/vars/2");
    expect(paths).toContain("layers/bidirectional/backward_layer/cell/vars/0");
    expect(paths).toContain("layers/gru/cell/vars/2");
    expect(paths).toContain("layers/sequential/layers/dense/vars/0");
    expect(paths).toContain("layers/embedding/vars/0");
  });

  it("bytes, a bytes sink and a path give the same archive content", async () => {
    const model = mlp();
    const sink: { bytes?: Uint8Array } = {};
    const returned = await saving.saveModel(model, sink);
    expect(sink.bytes).toBe(returned);
    await model.save(join(dir, "same.keras"));
    const fromDisk = new Uint8Array(readFileSync(join(dir, "same.keras")));
    const a = kerasMembers(returned);
    const b = kerasMembers(fromDisk);
    expect([...a.keys()]).toEqual(["metadata.json", "config.json", "model.weights.h5"]);
    expect(new TextDecoder().decode(a.get("config.json"))).toBe(new TextDecoder().decode(b.get("config.json")));
    const loadedA = await saving.loadModel(returned);
    const loadedB = await saving.loadModel(fromDisk.buffer.slice(fromDisk.byteOffset, fromDisk.byteOffset + fromDisk.byteLength));
    expect(predictBits(loadedA, data([2, 6]))).toEqual(predictBits(loadedB, data([2, 6])));
  });

  it("config.json is model.toJson(), and modelFromJson(config.json) rebuilds the same config", async () => {
    const model = multiIo();
    const config = new TextDecoder().decode(kerasMembers(await model.save()).get("config.json"));
    expect(config).toBe(model.toJson());
    const rebuilt = models.modelFromJson(config);
    expect(firstDifference(JSON.parse(rebuilt.toJson()), JSON.parse(config))).toBeNull();
  });

  it("metadata.json: Keras's keys, version 3.15.1 and date format", async () => {
    const meta = JSON.parse(new TextDecoder().decode(kerasMembers(await mlp().save()).get("metadata.json")));
    expect(Object.keys(meta)).toEqual(["keras_version", "date_saved"]);
    expect(meta.keras_version).toBe("3.15.1");
    expect(meta.date_saved).toMatch(/^\d{4}-\d{2}-\d{2}@\d{2}:\d{2}:\d{2}$/);
  });

  it("refuses paths without the .keras extension, as Keras does", async () => {
    await expect(mlp().save(join(dir, "m.zip"))).rejects.toThrow(/Invalid filepath extension for saving/);
    await expect(saving.loadModel(join(dir, "m.zip"))).rejects.toThrow(/File format not supported/);
    await expect(saving.loadModel(join(dir, "missing.keras"))).rejects.toThrow(/file not found/);
  });
});

// A registered custom layer holding sublayers, and a subclassed model holding layers in attributes and a list.
class Block extends Layer {
  dense: Layer;
  norm: Layer;
  units: number;
  constructor(units: number, options: Record<string, unknown> = {}) {
    super(options);
    this.units = units;
    this.dense = new layers.Dense(units, { activation: "relu" });
    this.norm = new layers.LayerNormalization();
  }
  override call(x: Tensor) {
    return this.norm.apply(this.dense.apply(x));
  }
  override computeOutputShape(shape: (number | null)[]) {
    return [...shape.slice(0, -1), this.units];
  }
  override getConfig() {
    return { ...super.getConfig(), units: this.units };
  }
  static override fromConfig(config: Record<string, any>) {
    const { units, ...rest } = config;
    return new Block(units, { name: rest.name, trainable: rest.trainable });
  }
}
saving.registerKerasSerializable({ package: "SavingTest" })(Block);

class Tower extends Model {
  dense1: Layer;
  blocks: Layer[];
  constructor(options: Record<string, unknown> = {}) {
    super(options);
    this.blocks = [new Block(4), new Block(4)];
    this.dense1 = new layers.Dense(2);
  }
  override call(x: Tensor) {
    let h = x;
    for (const b of this.blocks) h = b.apply(h);
    return this.dense1.apply(h);
  }
  static override fromConfig(config: Record<string, any>) {
    return new Tower({ name: config.name, trainable: config.trainable });
  }
}
saving.registerKerasSerializable({ package: "SavingTest" })(Tower);

describe("subclassed models and custom layers", () => {
  it("paths follow Keras's attribute walk: sorted public attributes (blocks, dense1, layers), list items by class name", () => {
    const model = new Tower({ name: "tower" });
    model.predict(data([2, 3]));
    // blocks -> blocks/block, blocks/block_1 (and their own attributes dense, norm); dense1; layers adds nothing new.
    expect(saveableEntries(model).map((e) => e.path)).toEqual([
      "",
      "blocks/block",
      "blocks/block/dense",
      "blocks/block/norm",
      "blocks/block_1",
      "blocks/block_1/dense",
      "blocks/block_1/norm",
      "dense1",
    ]);
  });

  it("variables assigned as attributes (this.s = new Variable(...)) are saved, as Keras's tracker records them", async () => {
    class Scale extends Layer {
      declare s: keras.Variable;
      declare frozen: keras.Variable;
      override build() {
        this.frozen = new keras.Variable(ops.full([3], 5), { name: "frozen", trainable: false });
        this.s = new keras.Variable(ops.full([3], 2), { name: "s" });
      }
      override call(x: Tensor) {
        return ops.add(ops.multiply(x, this.s.value), this.frozen.value);
      }
    }
    const x = Input({ shape: [3], name: "x" });
    const model = new Model({ inputs: x, outputs: new Scale({ name: "scale" }).apply(x), name: "m" });
    const layer = model.getLayer("scale") as Scale;
    layer.s.assign(ops.full([3], 3));
    const bytes = await model.saveWeights();
    const datasets = (await h5Layout(bytes)).entries.filter((e) => e.type === "dataset").map((e) => e.path);
    // Trainable first, then non-trainable, as in Keras.
    expect(datasets).toEqual(["layers/scale/vars/0", "layers/scale/vars/1"]);
    const y = Input({ shape: [3], name: "x" });
    const other = new Model({ inputs: y, outputs: new Scale({ name: "scale" }).apply(y), name: "m" });
    await other.loadWeights(bytes);
    expect(Array.from((other.getLayer("scale") as Scale).s.value.data)).toEqual([3, 3, 3]);
  });

  it("round trip through a .keras file with the classes registered", async () => {
    const model = new Tower({ name: "tower" });
    const x = data([2, 3]);
    model.predict(x);
    scramble(model);
    const loaded = await saving.loadModel(await model.save());
    expect(loaded).toBeInstanceOf(Tower);
    expect(predictBits(loaded, x)).toEqual(predictBits(model, x));
    loaded.weights.forEach((w, i) => expect(Array.from(w.value.data)).toEqual(Array.from(model.weights[i].value.data)));
  });

  it("an unregistered class is refused with Keras's advice; customObjects supplies it", async () => {
    class Local extends Layer {
      override call(x: Tensor) {
        return ops.multiply(x, 2);
      }
    }
    const x = Input({ shape: [2], name: "x" });
    const model = new Model({ inputs: x, outputs: new Local({ name: "local" }).apply(x), name: "m" });
    const bytes = await model.save();
    await expect(saving.loadModel(bytes)).rejects.toThrow(/Could not locate class 'Local'/);
    const loaded = await saving.loadModel(bytes, { customObjects: { Local } });
    expect(predictBits(loaded, data([1, 2]))).toEqual(predictBits(model, data([1, 2])));
  });

  it("Lambda: a registered function round-trips; a Python lambda in the file is refused in safe mode", async () => {
    const triple = (t: Tensor) => ops.multiply(t, 3);
    saving.registerKerasSerializable({ package: "SavingTest", name: "triple" })(triple);
    const x = Input({ shape: [2], name: "x" });
    const model = new Model({ inputs: x, outputs: new layers.Lambda(triple, { name: "triple" }).apply(x), name: "m" });
    const bytes = await model.save();
    const loaded = await saving.loadModel(bytes);
    expect(predictBits(loaded, data([2, 2]))).toEqual(predictBits(model, data([2, 2])));

    // What Python Keras writes for `Lambda(lambda t: t * 3)`: the function's bytecode.
    const members = kerasMembers(bytes);
    const config = JSON.parse(new TextDecoder().decode(members.get("config.json")));
    const lambdaEntry = config.config.layers.find((l: any) => l.class_name === "Lambda");
    lambdaEntry.config.function = { class_name: "__lambda__", config: { code: "4wEAAAAAAAAA", defaults: null, closure: null } };
    members.set("config.json", new TextEncoder().encode(JSON.stringify(config)));
    const pythonFile = writeZip([...members.entries()]);
    await expect(saving.loadModel(pythonFile)).rejects.toThrow(/unsafe/);
    await expect(saving.loadModel(pythonFile, { safeMode: false })).rejects.toThrow(/Python|bytecode|lambda/i);
  });
});

function regression(): Sequential {
  const model = new Sequential([Input({ shape: [4], name: "x" }), new layers.Dense(5, { activation: "tanh" }), new layers.Dense(1)], { name: "reg" });
  scramble(model, 3);
  return model;
}

describe("optimizer state", () => {
  const x = data([32, 4], 11);
  const y = data([32, 1], 12);
  const fitOptions = { batchSize: 8, shuffle: false, verbose: 0 as const };

  it("training resumes exactly: 2 epochs, save, load, 2 more epochs = 4 uninterrupted epochs", async () => {
    const uninterrupted = regression();
    const initial = uninterrupted.getWeights();
    uninterrupted.compile({ optimizer: new optimizers.Adam({ learningRate: 0.01 }), loss: "mse", metrics: ["mae"] });
    const full = await uninterrupted.fit(x, y, { ...fitOptions, epochs: 4 });

    const first = regression();
    first.setWeights(initial);
    first.compile({ optimizer: new optimizers.Adam({ learningRate: 0.01 }), loss: "mse", metrics: ["mae"] });
    await first.fit(x, y, { ...fitOptions, epochs: 2 });
    const path = join(dir, "resume.keras");
    await first.save(path);

    const resumed = await saving.loadModel(path);
    const opt = (resumed as any).optimizer as optimizers.Optimizer;
    expect(opt).toBeInstanceOf(optimizers.Adam);
    expect(Number((opt.iterations as keras.Variable).value.data[0])).toBe(8);
    opt.variables.forEach((v, i) => expect(Array.from(v.value.data)).toEqual(Array.from((first as any).optimizer.variables[i].value.data)));
    const rest = await resumed.fit(x, y, { ...fitOptions, epochs: 4, initialEpoch: 2 });
    expect(rest.history.loss).toEqual(full.history.loss.slice(2));
    expect(rest.history.mae).toEqual(full.history.mae.slice(2));
    resumed.weights.forEach((w, i) => expect(Array.from(w.value.data)).toEqual(Array.from(uninterrupted.weights[i].value.data)));
  });

  it("optimizer/vars holds the iteration, the learning rate, then Adam's momentum/velocity per trainable variable", async () => {
    const model = regression();
    model.compile({ optimizer: new optimizers.Adam({ learningRate: 0.01 }), loss: "mse" });
    await model.fit(x, y, { ...fitOptions, epochs: 1 });
    const layout = await h5Layout(kerasMembers(await model.save()).get("model.weights.h5")!);
    const optVars = layout.entries.filter((e) => e.path.startsWith("optimizer/vars/"));
    expect(optVars.map((e) => [e.path, e.dtype, e.shape])).toEqual([
      ["optimizer/vars/0", "int32", []],
      ["optimizer/vars/1", "float32", []],
      ["optimizer/vars/2", "float32", [4, 5]],
      ["optimizer/vars/3", "float32", [4, 5]],
      ["optimizer/vars/4", "float32", [5]],
      ["optimizer/vars/5", "float32", [5]],
      ["optimizer/vars/6", "float32", [5, 1]],
      ["optimizer/vars/7", "float32", [5, 1]],
      ["optimizer/vars/8", "float32", [1]],
      ["optimizer/vars/9", "float32", [1]],
    ]);
    expect(layout.entries.find((e) => e.path === "optimizer/vars")!.attrs).toEqual({ name: "adam" });
  });

  it("loadWeights restores a compiled model's optimizer, building it first when training has not started", async () => {
    const model = regression();
    model.compile({ optimizer: new optimizers.Adam({ learningRate: 0.01 }), loss: "mse" });
    await model.fit(x, y, { ...fitOptions, epochs: 1 });
    const bytes = await model.saveWeights();
    const other = regression();
    other.compile({ optimizer: new optimizers.Adam({ learningRate: 0.01 }), loss: "mse" });
    const fresh = (other as any).optimizer as optimizers.Optimizer;
    expect(fresh.built).toBe(false);
    await other.loadWeights(bytes);
    expect(fresh.built).toBe(true);
    fresh.variables.forEach((v, i) => expect(Array.from(v.value.data)).toEqual(Array.from((model as any).optimizer.variables[i].value.data)));
  });

  it("a different optimizer state size warns and leaves the optimizer alone, as Keras does", async () => {
    const model = regression();
    model.compile({ optimizer: new optimizers.Adam(), loss: "mse" });
    await model.fit(x, y, { ...fitOptions, epochs: 1 });
    const bytes = await model.saveWeights();
    const other = regression();
    other.compile({ optimizer: new optimizers.SGD({ momentum: 0.9 }), loss: "mse" });
    await other.fit(x, y, { ...fitOptions, epochs: 1 });
    const warn = console.warn;
    const warnings: string[] = [];
    console.warn = (m: string) => warnings.push(String(m));
    try {
      await other.loadWeights(bytes);
    } finally {
      console.warn = warn;
    }
    expect(warnings.some((w) => /Skipping variable loading for optimizer/.test(w))).toBe(true);
    other.weights.forEach((w, i) => expect(Array.from(w.value.data)).toEqual(Array.from(model.weights[i].value.data)));
  });

  it("compile: false loads the model uncompiled", async () => {
    const model = regression();
    model.compile({ optimizer: "adam", loss: "mse" });
    const loaded = await saving.loadModel(await model.save(), { compile: false });
    expect(loaded.compiled).toBe(false);
    expect(loaded.getCompileConfig()).toEqual({});
  });
});

describe("weights files", () => {
  it("saveWeights / loadWeights round trip through a .weights.h5 path", async () => {
    const model = multiIo();
    const path = join(dir, "multi.weights.h5");
    await model.saveWeights(path);
    utils.clearSession();
    const other = multiIo(); // same architecture, different (scrambled) values
    await other.loadWeights(path);
    expect(predictBits(other, multiIoInputs())).toEqual(predictBits(model, multiIoInputs()));
  });

  it("loadWeights reads the weights of a .keras file too", async () => {
    const model = mlp();
    const path = join(dir, "w.keras");
    await model.save(path);
    const other = mlp();
    scramble(other, 99);
    await other.loadWeights(path);
    expect(predictBits(other, data([3, 6]))).toEqual(predictBits(model, data([3, 6])));
  });

  it("extensions are checked as in Keras", async () => {
    await expect(mlp().saveWeights(join(dir, "w.h5"))).rejects.toThrow(/must end in `.weights.h5`/);
    await expect(mlp().loadWeights(join(dir, "w.bin"))).rejects.toThrow(/File format not supported/);
  });

  it("objectsToSkip leaves those layers out of the file", async () => {
    const model = mlp();
    const bytes = await model.saveWeights(undefined, { objectsToSkip: [model.getLayer("bn")] });
    const paths = (await h5Layout(bytes)).entries.map((e) => e.path);
    expect(paths).toContain("layers/dense/vars/0");
    expect(paths.some((p) => p.startsWith("layers/batch_normalization"))).toBe(false);
  });
});

describe("cloneModel", () => {
  it("Sequential: same config, new layers with their own (fresh) weights", () => {
    const model = mlp();
    const clone = models.cloneModel(model);
    expect(firstDifference(JSON.parse(clone.toJson()), JSON.parse(model.toJson()))).toBeNull();
    clone.weights.forEach((w, i) => expect(w).not.toBe(model.weights[i]));
    expect(Array.from(clone.getLayer("probs").weights[0].value.data)).not.toEqual(Array.from(model.getLayer("probs").weights[0].value.data));
    clone.setWeights(model.getWeights());
    expect(predictBits(clone, data([2, 6]))).toEqual(predictBits(model, data([2, 6])));
  });

  it("Functional: the graph replayed on new inputs, a shared layer stays shared, nested models kept", () => {
    const model = multiIo();
    const clone = models.cloneModel(model);
    expect(firstDifference(JSON.parse(clone.toJson()), JSON.parse(model.toJson()))).toBeNull();
    expect(clone.getLayer("shared").inboundNodes.length).toBe(2);
    clone.setWeights(model.getWeights());
    expect(predictBits(clone, multiIoInputs())).toEqual(predictBits(model, multiIoInputs()));
  });

  it("cloneFunction is applied to every layer; recursive reaches nested models", () => {
    const model = multiIo();
    const seen: string[] = [];
    models.cloneModel(model, {
      recursive: true,
      cloneFunction: (layer) => {
        seen.push(layer.name);
        return (layer.constructor as any).fromConfig(layer.getConfig());
      },
    });
    expect(seen).toContain("enc");
    expect(seen).toContain("bilstm");
    expect(seen.filter((n) => n === "shared")).toHaveLength(1);
  });

  it("subclassed models are rebuilt from their config; cloneFunction is refused for them", () => {
    const model = new Tower({ name: "tower" });
    model.predict(data([1, 3]));
    const clone = models.cloneModel(model);
    expect(clone).toBeInstanceOf(Tower);
    expect(() => models.cloneModel(model, { cloneFunction: (l) => l })).toThrow(/only supported for Sequential models or Functional models/);
  });
});

describe("atomic writes", () => {
  it("a save that fails before the rename leaves the previous file intact and no temporary file", async () => {
    const { atomicWriteFile } = await import("../../src/saving/atomic-write.js");
    const path = join(dir, "atomic.keras");
    await mlp().save(path);
    const before = readFileSync(path);
    let temp = "";
    expect(() =>
      atomicWriteFile(path, new Uint8Array(1000), {
        chunkSize: 100,
        beforeRename: (t) => {
          temp = t;
          throw new Error("power cut");
        },
      }),
    ).toThrow(/power cut/);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(temp).not.toBe("");
    expect(existsSync(temp)).toBe(false);
  });

  it("a save whose model fails to serialize leaves the previous file intact", async () => {
    const path = join(dir, "atomic2.keras");
    const model = mlp();
    await model.save(path);
    const before = readFileSync(path);
    const bad = mlp();
    (bad.getLayer("probs") as any).saveOwnVariables = () => {
      throw new Error("cannot read variables");
    };
    await expect(bad.save(path)).rejects.toThrow(/cannot read variables/);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(keras).toBeDefined();
  });
});
