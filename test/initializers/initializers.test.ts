import { describe, expect, it } from "vitest";
import { initializers, random, ops, Variable, Tensor } from "../../src/index.js";
import { householderQR } from "../../src/initializers/orthogonal.js";
import { customObjectScope, registerKerasSerializable } from "../../src/saving/object-registration.js";
import { expectClose, randomTensor } from "../utils/gradcheck.js";
import { statsOf } from "../random/stats.js";

const {
  Initializer, Zeros, Ones, Constant, Identity, RandomNormal, RandomUniform, TruncatedNormal, VarianceScaling,
  GlorotUniform, GlorotNormal, HeUniform, HeNormal, LecunUniform, LecunNormal, Orthogonal, STFT, get, serialize, deserialize, computeFans,
} = initializers;

describe("deterministic initializers", () => {
  it("Zeros, Ones and Constant fill the shape in the requested dtype", () => {
    expect(new Zeros().apply([2, 3]).toArray()).toEqual([[0, 0, 0], [0, 0, 0]]);
    const ones = new Ones().apply([2], "int32");
    expect(ones.dtype).toBe("int32");
    expect(ones.toArray()).toEqual([1, 1]);
    expect(new Constant(0.5).apply([3], "float64").toArray()).toEqual([0.5, 0.5, 0.5]);
    expect(new Constant({ value: -2 }).apply([2]).toArray()).toEqual([-2, -2]);
    expect(new Zeros().apply([]).shape).toEqual([]);
    expect(new Ones().apply([0, 4]).shape).toEqual([0, 4]);
  });

  it("Constant broadcasts an array value", () => {
    expect(new Constant([1, 2, 3]).apply([2, 3]).toArray()).toEqual([[1, 2, 3], [1, 2, 3]]);
    expect(() => new Constant([1, 2]).apply([2, 3])).toThrow(/cannot fill shape/);
    expect(new Constant([1, 2]).getConfig()).toEqual({ value: [1, 2] });
  });

  it("Identity makes (rectangular) identity matrices and only 2-D ones", () => {
    expect(new Identity().apply([2, 3]).toArray()).toEqual([[1, 0, 0], [0, 1, 0]]);
    expect(new Identity(3).apply([3, 2]).toArray()).toEqual([[3, 0], [0, 3], [0, 0]]);
    expect(() => new Identity().apply([2, 2, 2])).toThrow(/only be used for 2D matrices/);
    // Keras 2 configs carry the gain.
    expect(Identity.fromConfig({ gain: 2 }).apply([2, 2]).toArray()).toEqual([[2, 0], [0, 2]]);
  });

  it("defaults to floatx and validates shapes", () => {
    expect(new Zeros().apply([2]).dtype).toBe("float32");
    expect(() => new Zeros().apply([2, -1])).toThrow(/non-negative/);
  });
});

describe("fans", () => {
  it("follow Keras's compute_fans", () => {
    expect(computeFans([])).toEqual([1, 1]);
    expect(computeFans([7])).toEqual([7, 7]);
    expect(computeFans([3, 5])).toEqual([3, 5]);
    expect(computeFans([3, 3, 16, 32])).toEqual([144, 288]);
    expect(computeFans([5, 4, 6])).toEqual([20, 30]);
    expect(computeFans([8, 2, 4], [0], [1, 2])).toEqual([8, 8]);
    expect(computeFans([8, 2, 4], [-1], [0])).toEqual([4, 8]);
  });
});

describe("variance scaling", () => {
  it("GlorotUniform draws from U(-l, l) with l = sqrt(6 / (fan_in + fan_out))", () => {
    const t = new GlorotUniform({ seed: 1 }).apply([200, 300]);
    const limit = Math.sqrt(6 / 500);
    const s = statsOf(t);
    expect(s.min).toBeGreaterThanOrEqual(-limit);
    expect(s.max).toBeLessThan(limit);
    expect(s.max).toBeGreaterThan(0.99 * limit);
    expect(Math.abs(s.std - limit / Math.sqrt(3))).toBeLessThan(0.01 * limit);
  });

  it("He and Lecun normals have the truncation-corrected variance scale / fan_in", () => {
    for (const [cls, scale] of [[HeNormal, 2], [LecunNormal, 1]] as const) {
      const s = statsOf(new cls({ seed: 2 }).apply([400, 300]));
      expect(Math.abs(s.std - Math.sqrt(scale / 400))).toBeLessThan(0.02 * Math.sqrt(scale / 400));
      // Truncated at 2 stddev of the underlying normal.
      expect(s.max).toBeLessThanOrEqual((2 * Math.sqrt(scale / 400)) / 0.87962566103423978 + 1e-6);
    }
  });

  it("HeUniform, LecunUniform and GlorotNormal use their limits", () => {
    expect(statsOf(new HeUniform({ seed: 3 }).apply([100, 10])).max).toBeLessThan(Math.sqrt(6 / 100));
    expect(statsOf(new LecunUniform({ seed: 3 }).apply([100, 10])).max).toBeLessThan(Math.sqrt(3 / 100));
    const g = statsOf(new GlorotNormal({ seed: 3 }).apply([300, 300]));
    expect(Math.abs(g.std - Math.sqrt(2 / 600))).toBeLessThan(0.02 * Math.sqrt(2 / 600));
  });

  it("uses input_axes / output_axes for the fans when given", () => {
    const vs = new VarianceScaling({ scale: 1, mode: "fan_out", distribution: "uniform", inputAxes: [0], outputAxes: [1, 2], seed: 4 });
    const s = statsOf(vs.apply([64, 4, 25]));
    expect(s.max).toBeLessThan(Math.sqrt(3 / 100));
    expect(s.max).toBeGreaterThan(0.99 * Math.sqrt(3 / 100));
    expect(vs.getConfig()).toMatchObject({ input_axes: [0], output_axes: [1, 2] });
    expect(new GlorotUniform({ inputAxes: [0], outputAxes: [1] }).getConfig()).toEqual({ seed: null, input_axes: [0], output_axes: [1] });
  });

  it("validates its arguments with Keras's messages", () => {
    expect(() => new VarianceScaling({ scale: 0 })).toThrow(/`scale` must be positive/);
    expect(() => new VarianceScaling({ mode: "fan_x" as never })).toThrow(/Invalid `mode` argument: fan_x/);
    expect(() => new VarianceScaling({ distribution: "cauchy" as never })).toThrow(/Invalid `distribution` argument: cauchy/);
    expect(new VarianceScaling({ distribution: "normal" }).distribution).toBe("truncated_normal");
    expect(() => new GlorotUniform({ scale: 2 } as never)).toThrow(/unknown option "scale"/);
    expect(() => new RandomUniform({ minVal: 1 } as never)).toThrow(/unknown option "minVal"/);
  });

  it("random initializers refuse integer dtypes", () => {
    expect(() => new RandomNormal().apply([2], "int32")).toThrow(/floating point/);
  });
});

describe("seeding (Keras 3 semantics)", () => {
  it("an integer seed gives the same values on every call and for a fresh initializer", () => {
    const a = new RandomUniform({ minval: -1, maxval: 1, seed: 3 });
    const first = a.apply([4, 4]).toArray();
    expect(a.apply([4, 4]).toArray()).toEqual(first);
    expect(new RandomUniform({ minval: -1, maxval: 1, seed: 3 }).apply([4, 4]).toArray()).toEqual(first);
    expect(new RandomUniform({ minval: -1, maxval: 1, seed: 4 }).apply([4, 4]).toArray()).not.toEqual(first);
  });

  it("an unseeded initializer repeats itself, two unseeded ones differ, setRandomSeed reproduces both", () => {
    random.setRandomSeed(77);
    const a = new GlorotUniform();
    const b = new GlorotUniform();
    const va = a.apply([5, 5]).toArray();
    expect(a.apply([5, 5]).toArray()).toEqual(va);
    expect(b.apply([5, 5]).toArray()).not.toEqual(va);
    random.setRandomSeed(77);
    expect(new GlorotUniform().apply([5, 5]).toArray()).toEqual(va);
    expect(new GlorotUniform().getConfig()).toEqual({ seed: null, input_axes: null, output_axes: null });
  });

  it("a SeedGenerator seed gives new values on each call and serializes the generator", () => {
    const init = new TruncatedNormal({ seed: new random.SeedGenerator(5) });
    expect(init.apply([6]).toArray()).not.toEqual(init.apply([6]).toArray());
    const env = serialize(init);
    expect(env.config.seed).toEqual({ module: "keras.random", class_name: "SeedGenerator", config: { seed: 5 }, registered_name: null });
    const back = deserialize(env) as InstanceType<typeof TruncatedNormal>;
    expect(back.apply([6]).toArray()).toEqual(new TruncatedNormal({ seed: new random.SeedGenerator(5) }).apply([6]).toArray());
  });

  it("rejects other seed types", () => {
    expect(() => new RandomNormal({ seed: 1.5 })).toThrow(/`seed` argument should be an instance of `keras.random.SeedGenerator\(\)` or an integer/);
  });
});

describe("Orthogonal", () => {
  it("householderQR reconstructs A = Q R with orthonormal Q", () => {
    const m = 7;
    const n = 4;
    const a = randomTensor([m, n], 11).data as Float64Array;
    const { q, rDiag } = householderQR(a, m, n);
    // R = Q^T A must be upper triangular with diag(R) = rDiag, and Q R = A.
    const r = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < m; k++) s += q[k * n + i] * a[k * n + j];
      r[i * n + j] = s;
    }
    for (let i = 0; i < n; i++) {
      expect(Math.abs(r[i * n + i] - rDiag[i])).toBeLessThan(1e-12);
      for (let j = 0; j < i; j++) expect(Math.abs(r[i * n + j])).toBeLessThan(1e-12);
    }
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += q[i * n + k] * r[k * n + j];
      expect(Math.abs(s - a[i * n + j])).toBeLessThan(1e-12);
    }
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < m; k++) s += q[k * n + i] * q[k * n + j];
      expect(Math.abs(s - (i === j ? 1 : 0))).toBeLessThan(1e-12);
    }
  });

  it("gives orthogonal rows when there are fewer rows than columns, scaled by the gain", () => {
    const w = new Orthogonal({ gain: 2, seed: 1 }).apply([3, 8], "float64");
    const gram = ops.matmul(w, ops.transpose(w));
    expectClose(gram, [4, 0, 0, 0, 4, 0, 0, 0, 4], 0, 1e-12);
  });

  it("makes square kernels orthogonal and is reproducible with a seed", () => {
    const w = new Orthogonal({ seed: 2 }).apply([5, 5], "float64");
    expectClose(ops.matmul(ops.transpose(w), w), new Identity().apply([5, 5]).data, 0, 1e-12);
    expect(new Orthogonal({ seed: 2 }).apply([5, 5], "float64").toArray()).toEqual(w.toArray());
    expect(() => new Orthogonal().apply([4])).toThrow(/at least two-dimensional/);
  });
});

describe("STFT", () => {
  it("has Keras's defaults and validates its options", () => {
    expect(new STFT().getConfig()).toEqual({ side: "real", window: "hann", periodic: false, scaling: "density" });
    expect(() => new STFT({ side: "both" as never })).toThrow(/side/);
    expect(() => new STFT({ window: "kaiser" as never })).toThrow(/window/);
    expect(() => new STFT().apply([4, 4])).toThrow(/frame_length/);
  });

  it("with a boxcar window and no scaling is the plain DFT basis", () => {
    const t = new STFT({ window: null, scaling: null }).apply([4, 1, 3], "float64");
    // kernel[t, 0, f] = cos(-2 pi t f / 4)
    const expected: number[] = [];
    for (let tt = 0; tt < 4; tt++) for (let f = 0; f < 3; f++) expected.push(Math.cos((-2 * Math.PI * tt * f) / 4));
    expectClose(t, expected, 0, 1e-12);
  });
});

describe("get / serialize / deserialize", () => {
  it("resolves Keras string identifiers and aliases", () => {
    const cases: [string, string][] = [
      ["glorot_uniform", "GlorotUniform"], ["GlorotUniform", "GlorotUniform"], ["glorot_normal", "GlorotNormal"],
      ["he_normal", "HeNormal"], ["he_uniform", "HeUniform"], ["lecun_normal", "LecunNormal"], ["lecun_uniform", "LecunUniform"],
      ["zeros", "Zeros"], ["zero", "Zeros"], ["ones", "Ones"], ["one", "Ones"], ["constant", "Constant"],
      ["uniform", "RandomUniform"], ["random_uniform", "RandomUniform"], ["normal", "RandomNormal"], ["random_normal", "RandomNormal"],
      ["truncated_normal", "TruncatedNormal"], ["variance_scaling", "VarianceScaling"], ["orthogonal", "Orthogonal"],
      ["OrthogonalInitializer", "Orthogonal"], ["identity", "Identity"], ["IdentityInitializer", "Identity"], ["stft", "STFT"],
    ];
    for (const [id, cls] of cases) expect(get(id)!.constructor.name, id).toBe(cls);
    expect(get("uniform")!.getConfig()).toEqual({ seed: null, minval: -0.05, maxval: 0.05 });
    expect(get("normal")!.getConfig()).toEqual({ seed: null, mean: 0, stddev: 0.05 });
    expect(get("orthogonal")!.getConfig()).toEqual({ seed: null, gain: 1 });
    expect(() => get("glorot")).toThrow("Could not interpret initializer identifier: glorot");
  });

  it("passes instances and functions through, instantiates classes, maps null to null", () => {
    const g = new GlorotUniform();
    expect(get(g)).toBe(g);
    expect(get(null)).toBeNull();
    expect(get(undefined)).toBeNull();
    expect(get(HeNormal)).toBeInstanceOf(HeNormal);
    const fn = (shape: number[]) => ops.ones(shape);
    expect(get(fn)).toBe(fn);
  });

  it("reads Keras 2 envelopes (no module) and snake_case class names", () => {
    expect(get({ class_name: "GlorotUniform", config: { seed: null } })).toBeInstanceOf(GlorotUniform);
    expect(get({ class_name: "glorot_uniform", config: {} })).toBeInstanceOf(GlorotUniform);
    const vs = deserialize({ class_name: "VarianceScaling", config: { scale: 2, mode: "fan_avg", distribution: "uniform", seed: 3 } });
    expect(vs.getConfig()).toEqual({ seed: 3, scale: 2, mode: "fan_avg", distribution: "uniform", input_axes: null, output_axes: null });
  });

  it("round-trips every class with non-default arguments", () => {
    const objects = [
      new Constant(0.25), new RandomNormal({ mean: 1, stddev: 3, seed: 2 }), new RandomUniform({ minval: 0, maxval: 2, seed: 3 }),
      new TruncatedNormal({ mean: -1, stddev: 0.1, seed: 4 }),
      new VarianceScaling({ scale: 0.5, mode: "fan_out", distribution: "untruncated_normal", seed: 5 }),
      new GlorotNormal({ seed: 6 }), new HeUniform({ seed: 7 }), new Orthogonal({ gain: 0.5, seed: 8 }),
      new STFT({ side: "imag", window: "hamming", scaling: "spectrum", periodic: true }), new Zeros(), new Ones(),
    ];
    for (const obj of objects) {
      const env = serialize(obj);
      expect(env.module).toBe("keras.initializers");
      expect(env.class_name).toBe(obj.constructor.name);
      const back = deserialize(JSON.parse(JSON.stringify(env)));
      expect(back.constructor).toBe(obj.constructor);
      expect(back.getConfig()).toEqual(obj.getConfig());
      expect((back.apply([3, 4, 5]) as Tensor).toArray()).toEqual(obj.apply([3, 4, 5]).toArray());
    }
  });

  it("finds registered custom initializers by name, in configs and in scopes", () => {
    class HalfOnes extends Initializer {
      override call(shape: number[], dtype: "float32" | "float64" | "int32" | "bool") {
        return ops.full(shape, 0.5, dtype);
      }
    }
    registerKerasSerializable({ package: "Test" })(HalfOnes);
    const env = serialize(new HalfOnes());
    expect(env).toEqual({ module: null, class_name: "HalfOnes", config: {}, registered_name: "Test>HalfOnes" });
    expect(deserialize(env).apply([2]).toArray()).toEqual([0.5, 0.5]);
    class Twos extends Initializer {
      override call(shape: number[]) {
        return ops.full(shape, 2, "float32");
      }
    }
    expect(customObjectScope({ Twos }, () => get("Twos")!.apply([1]).toArray())).toEqual([2]);
  });

  it("lets Variables take string initializers", () => {
    const v = new Variable("ones", { shape: [2, 2], dtype: "float64" });
    expect(v.value.toArray()).toEqual([[1, 1], [1, 1]]);
    expect(new Variable("glorot_uniform", { shape: [3, 4] }).shape).toEqual([3, 4]);
    expect(() => new Variable("not_an_initializer", { shape: [2] })).toThrow(/Could not interpret initializer identifier/);
  });
});
