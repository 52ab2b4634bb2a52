import { describe, expect, it } from "vitest";
import { ops, config } from "../../src/index.js";
import { DTypePolicy, dtypePolicy, setDtypePolicy, get, serialize, deserialize } from "../../src/dtype-policies/index.js";
import { deserializeKerasObject } from "../../src/saving/serialization-lib.js";
import { loadFixture } from "../utils/fixtures.js";

describe("DTypePolicy", () => {
  it("float32 and float64 policies compute and store in that dtype", () => {
    const p = new DTypePolicy("float32");
    expect([p.name, p.computeDtype, p.variableDtype]).toEqual(["float32", "float32", "float32"]);
    const d = new DTypePolicy({ name: "float64" });
    expect([d.name, d.computeDtype, d.variableDtype]).toEqual(["float64", "float64", "float64"]);
    expect(p.getConfig()).toEqual({ name: "float32" });
    expect(String(p)).toBe('<DTypePolicy "float32">');
    expect(p.isQuantized).toBe(false);
  });

  it("accepts mixed and half-precision names, computing in float32 on this engine", () => {
    for (const name of ["mixed_float16", "mixed_bfloat16", "float16", "bfloat16"]) {
      const p = new DTypePolicy(name);
      expect(p.name).toBe(name);
      expect(p.computeDtype).toBe("float32");
      expect(p.variableDtype).toBe("float32");
      expect(serialize(p).config).toEqual({ name });
    }
  });

  it("rejects unknown names with Keras's message", () => {
    expect(() => new DTypePolicy("float8")).toThrow(/Cannot convert 'float8' to a mixed precision DTypePolicy/);
    expect(() => new DTypePolicy(3 as never)).toThrow(/'name' must be a string/);
  });

  it("convertInput casts floating tensors when autocasting, leaves the rest", () => {
    const p = new DTypePolicy("float64");
    const f = ops.convertToTensor([1.5], "float32");
    expect(p.convertInput(f, true, "float64").dtype).toBe("float64");
    expect(p.convertInput(f, false, "float64")).toBe(f);
    const i = ops.convertToTensor([1]);
    expect(p.convertInput(i, true, "float64")).toBe(i);
  });
});

describe("global policy", () => {
  it("defaults to floatx and can be set by name or instance", () => {
    expect(dtypePolicy().name).toBe("float32");
    expect(new DTypePolicy().name).toBe("float32");
    setDtypePolicy("mixed_float16");
    try {
      expect(dtypePolicy().name).toBe("mixed_float16");
      expect(get(null).name).toBe("mixed_float16");
      setDtypePolicy(new DTypePolicy("float64"));
      expect(new DTypePolicy().name).toBe("float64");
    } finally {
      setDtypePolicy(null);
    }
    config.setFloatx("float64");
    try {
      expect(dtypePolicy().name).toBe("float64");
    } finally {
      config.setFloatx("float32");
    }
    expect(() => setDtypePolicy(42 as never)).toThrow(/Invalid `policy` argument/);
  });
});

describe("get / serialize / deserialize", () => {
  it("serializes as Keras's envelope, which a Keras layer fixture uses", () => {
    const env = serialize(new DTypePolicy("float32"));
    expect(env).toEqual({ module: "keras", class_name: "DTypePolicy", config: { name: "float32" }, registered_name: null });
    const dense = loadFixture("dense_act_celu");
    expect(dense.layer.config.dtype).toEqual(env);
    const back = deserializeKerasObject(dense.layer.config.dtype);
    expect(back).toBeInstanceOf(DTypePolicy);
    expect(back.name).toBe("float32");
  });

  it("reads plain dtype strings (Keras 3.0-3.3) and legacy policy class names", () => {
    expect(deserialize("float64").computeDtype).toBe("float64");
    expect(get("float32")).toBeInstanceOf(DTypePolicy);
    expect(deserialize({ module: "keras", class_name: "FloatDTypePolicy", config: { name: "float64" }, registered_name: null }).name).toBe("float64");
    expect(deserialize({ class_name: "Policy", config: { name: "mixed_float16" } }).name).toBe("mixed_float16");
    const p = new DTypePolicy("float64");
    expect(get(p)).toBe(p);
    expect(() => get(5 as never)).toThrow(/Cannot interpret `dtype` argument/);
  });
});
