/**
 * The two containers under the file formats: the zip layer (CRC-32 against
 * Python's zlib values, member order, stored entries) and the HDF5 layer
 * (dtypes, scalars, empty shapes, string attributes and their character
 * sets, int64 and float16 datasets as Keras may write them, file paths in
 * Node and the message without a file system).
 */
import { describe, expect, it } from "vitest";
import { Tensor, saving } from "../../src/index.js";
import { H5Reader, H5Writer, loadH5wasm } from "../../src/saving/h5-store.js";
import { crc32, listZip, readZip, writeZip } from "../../src/saving/zip-archive.js";

describe("zip", () => {
  it("CRC-32 equals zlib.crc32 (values computed with Python)", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
    const b = new Uint8Array(256 * 3 + 3);
    for (let i = 0; i < 768; i++) b[i] = i % 256;
    b.set([97, 98, 99], 768);
    expect(crc32(b)).toBe(0x9d3a9924);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it("members are stored, in the given order, and read back intact", () => {
    const members: [string, Uint8Array][] = [
      ["metadata.json", new TextEncoder().encode("{}")],
      ["config.json", new TextEncoder().encode('{"a": 1}')],
      ["model.weights.h5", Uint8Array.from({ length: 1000 }, (_, i) => i % 251)],
      ["assets/layers/lookup/vocab.txt", new TextEncoder().encode("a\nb")],
    ];
    const zip = writeZip(members);
    const entries = listZip(zip, "z");
    expect(entries.map((e) => [e.name, e.method, e.size])).toEqual(members.map(([n, d]) => [n, 0, d.length]));
    const back = readZip(zip, "z");
    for (const [n, d] of members) expect(Array.from(back.get(n)!)).toEqual(Array.from(d));
    expect(() => writeZip([["a", new Uint8Array(1)], ["a", new Uint8Array(1)]])).toThrow(/duplicate member/);
  });
});

describe("HDF5 store", () => {
  it("tensors of every dtype, scalars and empty shapes round-trip (bool is written as uint8: h5wasm cannot write numpy's enum)", async () => {
    const w = await H5Writer.create();
    const tensors: [string, Tensor][] = [
      ["f32", new Tensor(new Float32Array([1.5, -2.25, 3e-8, 1e30]), [2, 2], "float32")],
      ["f64", new Tensor(new Float64Array([Math.PI, -1e-300]), [2], "float64")],
      ["i32", new Tensor(new Int32Array([2147483647, -2147483648, 0]), [3], "int32")],
      ["scalar", new Tensor(new Int32Array([7]), [], "int32")],
      ["empty", new Tensor(new Float32Array(0), [0, 3], "float32")],
    ];
    for (const [name, t] of tensors) w.writeTensor(`g/${name}`, t);
    const r = await H5Reader.open(w.finish(), "t");
    try {
      for (const [name, t] of tensors) {
        const back = r.readTensor(`g/${name}`);
        expect([back.dtype === "bool" ? "bool" : back.dtype, back.shape]).toEqual([t.dtype === "bool" ? "bool" : t.dtype, t.shape]);
        expect(Array.from(back.data)).toEqual(Array.from(t.data));
      }
      expect(r.datasetInfo("g/f32")).toMatchObject({ shape: [2, 2], dtype: "float32", byteLength: 16 });
      expect(r.datasetInfo("g/scalar").shape).toEqual([]);
      expect(r.keys("g")).toEqual(["empty", "f32", "f64", "i32", "scalar"]);
      expect(r.has("g/missing")).toBe(false);
      expect(r.keys("no/such/group")).toEqual([]);
      expect(() => r.readTensor("g/missing")).toThrow(/has no dataset 'g\/missing'/);
    } finally {
      r.close();
    }
  });

  it("bool tensors are stored as uint8 and read back as their 0/1 values", async () => {
    const w = await H5Writer.create();
    w.writeTensor("b", new Tensor(new Uint8Array([1, 0, 1]), [3], "bool"));
    const r = await H5Reader.open(w.finish(), "t");
    try {
      expect(r.datasetInfo("b").dtype).toBe("uint8");
      expect(Array.from(r.readTensor("b").data)).toEqual([1, 0, 1]);
    } finally {
      r.close();
    }
  });

  it("string attributes: UTF-8 like h5py's str, ASCII like its bytes; empty lists as empty float64 arrays", async () => {
    const w = await H5Writer.create();
    w.setStringAttr("vars", "name", "dénse_ü");
    w.setStringAttr("", "model_config", '{"class_name": "Sequential"}', "ascii");
    w.setStringListAttr("model_weights", "layer_names", ["a", "dense"]);
    w.setStringListAttr("model_weights/a", "weight_names", []);
    const r = await H5Reader.open(w.finish(), "t");
    try {
      expect(r.attr("vars", "name")).toBe("dénse_ü");
      expect(r.attrType("vars", "name")).toEqual({ type: "string", charset: "utf-8", shape: [] });
      expect(r.attrType("", "model_config")).toEqual({ type: "string", charset: "ascii", shape: [] });
      expect(r.attr("model_weights", "layer_names")).toEqual(["a", "dense"]);
      expect(r.attr("model_weights/a", "weight_names")).toEqual([]);
      expect(r.attrType("model_weights/a", "weight_names")).toEqual({ type: "number", shape: [0] });
      expect(r.attr("vars", "absent")).toBeUndefined();
    } finally {
      r.close();
    }
  });

  it("int64 datasets (Keras's iteration counter in some versions) read as int32; out-of-range values are refused", async () => {
    const h5 = await loadH5wasm();
    const name = "/int64-test.h5";
    const f = new h5.File(name, "w");
    f.create_dataset({ name: "small", data: new BigInt64Array([3n, -4n]), shape: [2], dtype: "<q" });
    f.create_dataset({ name: "huge", data: new BigInt64Array([2n ** 40n]), shape: [1], dtype: "<q" });
    f.close();
    const bytes = h5.FS!.readFile(name) as Uint8Array;
    h5.FS!.unlink(name);
    const r = await H5Reader.open(bytes, "t");
    try {
      const small = r.readTensor("small");
      expect([small.dtype, Array.from(small.data)]).toEqual(["int32", [3, -4]]);
      expect(() => r.readTensor("huge")).toThrow(/does not fit keras-ts's int32/);
    } finally {
      r.close();
    }
  });

  it("without a file system (browsers), paths are refused with advice to pass bytes", async () => {
    const proc = globalThis.process as unknown as { getBuiltinModule?: unknown };
    const original = proc.getBuiltinModule;
    proc.getBuiltinModule = undefined;
    try {
      await expect(saving.loadModel("model.keras")).rejects.toThrow(/file paths need a file system .* pass or request bytes/);
    } finally {
      proc.getBuiltinModule = original;
    }
  });
});
