/**
 * Damaged and foreign files: truncated at many offsets, random byte flips,
 * wrong or missing members, weights of another architecture, unknown
 * classes. Each gives an Error with a clear message (or, for a flip in a
 * byte no reader uses, the original model) - never a crash, a hang or a
 * silently different model - and the HDF5 library keeps working afterwards.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { Input, Model, Sequential, Tensor, layers, saving, utils } from "../../src/index.js";
import { H5Writer } from "../../src/saving/h5-store.js";
import { writeZip } from "../../src/saving/zip-archive.js";
import { fixtureBytes, fixtureModelFromJson, kerasMembers, loadFixture, outputsMismatch, predictFixture } from "./helpers.js";

beforeEach(() => utils.clearSession());

const CASE = "sequential_cnn";
const fx = loadFixture(CASE);
const kerasFile = fixtureBytes(`${CASE}.keras`);
const weightsFile = fixtureBytes(`${CASE}.weights.h5`);

/** A deterministic generator (the tests must be reproducible). */
function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

/** Outcome of loading damaged bytes: "error" (with an Error), or "same" when the model is exactly the original. */
async function outcome(load: () => Promise<Model>): Promise<"error" | "same" | "different"> {
  let model: Model;
  try {
    model = await load();
  } catch (e) {
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).message.length).toBeGreaterThan(10);
    return "error";
  }
  return outputsMismatch(predictFixture(model, fx), fx) === null ? "same" : "different";
}

async function expectHealthyAfterwards(): Promise<void> {
  const model = await saving.loadModel(kerasFile);
  expect(outputsMismatch(predictFixture(model, fx), fx)).toBeNull();
}

describe("truncated files", () => {
  it(".keras truncated at 130 offsets: every load is refused", async () => {
    const offsets = new Set<number>([0, 1, 4, 21, 22, 29, 30, 31, 64, 100, kerasFile.length - 1, kerasFile.length - 22, kerasFile.length - 23]);
    for (let i = 0; i < 120; i++) offsets.add(Math.floor((i * kerasFile.length) / 120));
    for (const n of offsets) {
      await expect(saving.loadModel(kerasFile.slice(0, n)), `truncated at ${n}`).rejects.toThrow(/zip|truncated|corrupted|not a valid|neither/);
    }
    await expectHealthyAfterwards();
  }, 60_000);

  it(".weights.h5 truncated at 125 offsets: every load is refused and the model is left unchanged", async () => {
    const model = fixtureModelFromJson(fx);
    const before = model.getWeights().map((w) => Array.from(w.data));
    const offsets = new Set<number>([0, 1, 7, 8, 16, 100, 512, 1024, weightsFile.length - 1]);
    for (let i = 0; i < 120; i++) offsets.add(Math.floor((i * weightsFile.length) / 120));
    for (const n of offsets) {
      await expect(model.loadWeights(weightsFile.slice(0, n)), `truncated at ${n}`).rejects.toThrow(Error);
    }
    expect(model.getWeights().map((w) => Array.from(w.data))).toEqual(before);
    await expectHealthyAfterwards();
  }, 60_000);
});

describe("random byte flips", () => {
  it(".keras with flipped bytes: refused (CRC-32, structure) unless the byte is unused; never a different model", async () => {
    const random = rng(42);
    const counts = { error: 0, same: 0, different: 0 };
    for (let trial = 0; trial < 150; trial++) {
      const bytes = kerasFile.slice();
      const flips = 1 + Math.floor(random() * 3);
      for (let f = 0; f < flips; f++) bytes[Math.floor(random() * bytes.length)] ^= 1 << Math.floor(random() * 8);
      counts[await outcome(() => saving.loadModel(bytes))]++;
    }
    expect(counts.different).toBe(0);
    expect(counts.error).toBeGreaterThan(130);
    await expectHealthyAfterwards();
  }, 120_000);

  it(".weights.h5 with flipped bytes (HDF5 has no checksums on data): errors or a load, never a crash or hang", async () => {
    const random = rng(7);
    const counts = { error: 0, same: 0, different: 0 };
    for (let trial = 0; trial < 200; trial++) {
      const bytes = weightsFile.slice();
      for (let f = 0; f < 4; f++) bytes[Math.floor(random() * bytes.length)] ^= 1 << Math.floor(random() * 8);
      counts[
        await outcome(async () => {
          const model = saving.deserializeKerasObject(fx.model) as Model;
          await model.loadWeights(bytes);
          return model;
        })
      ]++;
    }
    expect(counts.error + counts.same + counts.different).toBe(200);
    expect(counts.error).toBeGreaterThan(0);
    await expectHealthyAfterwards();
  }, 120_000);
});

describe("wrong, missing and foreign members", () => {
  const members = kerasMembers(kerasFile);
  const rezip = (changes: Record<string, Uint8Array | null>) => {
    const out: [string, Uint8Array][] = [];
    for (const [name, data] of members) if (!(name in changes)) out.push([name, data]);
    for (const [name, data] of Object.entries(changes)) if (data) out.push([name, data]);
    return writeZip(out);
  };
  const text = (s: string) => new TextEncoder().encode(s);

  it("no config.json", async () => {
    await expect(saving.loadModel(rezip({ "config.json": null }))).rejects.toThrow(/no config.json/);
  });

  it("no model.weights.h5", async () => {
    await expect(saving.loadModel(rezip({ "model.weights.h5": null }))).rejects.toThrow(/expected a model.weights.h5/);
  });

  it("config.json that is not JSON, or not a Keras object, or not a model", async () => {
    await expect(saving.loadModel(rezip({ "config.json": text("{not json") }))).rejects.toThrow(/not valid JSON/);
    await expect(saving.loadModel(rezip({ "config.json": text("[1, 2]") }))).rejects.toThrow(/does not describe a Keras object/);
    const dense = JSON.stringify({ module: "keras.layers", class_name: "Dense", config: { units: 2, name: "d" }, registered_name: null });
    await expect(saving.loadModel(rezip({ "config.json": text(dense) }))).rejects.toThrow(/describes a Dense, not a model/);
  });

  it("an unknown class in config.json", async () => {
    const config = JSON.parse(new TextDecoder().decode(members.get("config.json")));
    config.config.layers[1].class_name = "NoSuchLayer";
    await expect(saving.loadModel(rezip({ "config.json": text(JSON.stringify(config)) }))).rejects.toThrow(/Could not locate class 'NoSuchLayer'/);
  });

  it("model.weights.h5 that is not HDF5", async () => {
    await expect(saving.loadModel(rezip({ "model.weights.h5": text("hello") }))).rejects.toThrow(/not an HDF5 file/);
  });

  it("model.weights.h5 of another architecture: the mismatching layers are named", async () => {
    const other = fixtureBytes("sequential_mlp.keras");
    const err = await saving.loadModel(rezip({ "model.weights.h5": kerasMembers(other).get("model.weights.h5")! })).catch((e) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toMatch(/objects could not be loaded/);
    expect(err.message).toMatch(/expected \d+ variables, but received \d+ variables|shape/);
  });

  it("foreign bytes: empty, random, a PNG header, a zip of something else, an HDF5 file that is not Keras's", async () => {
    const random = rng(3);
    const noise = Uint8Array.from({ length: 4096 }, () => Math.floor(random() * 256));
    await expect(saving.loadModel(new Uint8Array(0))).rejects.toThrow(/neither/);
    await expect(saving.loadModel(noise)).rejects.toThrow(/neither/);
    await expect(saving.loadModel(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]))).rejects.toThrow(/neither/);
    await expect(saving.loadModel(writeZip([["readme.txt", text("hi")]]))).rejects.toThrow(/no config.json/);
    const w = await H5Writer.create();
    w.writeTensor("data", new Tensor(new Float32Array([1, 2]), [2], "float32"));
    const foreignH5 = w.finish();
    await expect(saving.loadModel(foreignH5)).rejects.toThrow(/No model config found/);
    const model = fixtureModelFromJson(fx);
    await expect(model.loadWeights(foreignH5)).rejects.toThrow(/not a Keras weights file/);
    await expect(model.loadWeights(noise)).rejects.toThrow(/neither a weights file/);
  });

  it("datasets not named 0..n-1 in a vars group", async () => {
    const w = await H5Writer.create();
    w.group("vars");
    w.writeTensor("layers/dense/vars/0", new Tensor(new Float32Array(6), [3, 2], "float32"));
    w.writeTensor("layers/dense/vars/kernel", new Tensor(new Float32Array(2), [2], "float32"));
    const model = new Sequential([Input({ shape: [3] }), new layers.Dense(2)]);
    await expect(model.loadWeights(w.finish())).rejects.toThrow(/should hold datasets named 0..1/);
  });
});

describe("shape mismatches", () => {
  const build = (units: number) => new Sequential([Input({ shape: [3], name: "x" }), new layers.Dense(units, { name: "d" }), new layers.Dense(1, { name: "o" })], { name: "m" });

  it(".weights.h5 of a wider Dense: Keras's message, and nothing is changed", async () => {
    const bytes = await build(5).saveWeights();
    const target = build(4);
    const before = target.getWeights().map((t) => Array.from(t.data));
    const err = await target.loadWeights(bytes).catch((e) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toMatch(/A total of 2 objects could not be loaded/);
    expect(err.message).toMatch(/Expected \[3, 4\], received \[3, 5\]|shape/);
    expect(target.getWeights().map((t) => Array.from(t.data))).toEqual(before);
  });

  it("skipMismatch warns and loads what fits", async () => {
    const source = build(5);
    const bytes = await source.saveWeights();
    const target = new Sequential([Input({ shape: [3], name: "x" }), new layers.Dense(5, { name: "d" }), new layers.Dense(2, { name: "o" })], { name: "m" });
    const warn = console.warn;
    const warnings: string[] = [];
    console.warn = (m: string) => warnings.push(String(m));
    try {
      await target.loadWeights(bytes, { skipMismatch: true });
    } finally {
      console.warn = warn;
    }
    expect(warnings.some((w) => /could not be loaded/.test(w))).toBe(true);
    expect(Array.from(target.getLayer("d").getWeights()[0].data)).toEqual(Array.from(source.getLayer("d").getWeights()[0].data));
  });

  it("legacy .h5 into a model of another shape: Keras's legacy message, nothing changed", async () => {
    const model = saving.deserializeKerasObject(loadFixture("sequential_mlp").model) as Model;
    const before = model.getWeights().map((t) => Array.from(t.data));
    await expect(model.loadWeights(fixtureBytes(`${CASE}.h5`))).rejects.toThrow(/Layer count mismatch|Weight count mismatch|Shape mismatch/);
    expect(model.getWeights().map((t) => Array.from(t.data))).toEqual(before);
    const wrongShape = new Sequential(
      [Input({ shape: [5], name: "x" }), new layers.Dense(7, { name: "dense" }), new layers.Dense(3, { name: "dense_1" })],
      { name: "m" },
    );
    await expect(wrongShape.loadWeights(fixtureBytes("sequential_mlp.h5"))).rejects.toThrow(/Shape mismatch in layer #0 \(named dense\)/);
  });

  it("a zip member claiming an impossible unpacked size is refused before unpacking", async () => {
    const bytes = writeZip([["config.json", new TextEncoder().encode("{}")]]);
    // Turn the member into a deflated one claiming 4 GB from 2 bytes.
    const view = new DataView(bytes.buffer);
    const cd = view.getUint32(bytes.length - 22 + 16, true);
    view.setUint16(cd + 10, 8, true);
    view.setUint32(cd + 24, 0xfffffff0, true);
    await expect(saving.loadModel(bytes)).rejects.toThrow(/impossible unpacked size/);
  });
});
