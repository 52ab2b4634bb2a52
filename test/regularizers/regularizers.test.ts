import { describe, expect, it } from "vitest";
import { regularizers, ops, Tensor } from "../../src/index.js";
import { registerKerasSerializable } from "../../src/saving/object-registration.js";
import { loadFixture, fixtureTensor, fixtureValues } from "../utils/fixtures.js";
import { checkGradients, expectClose, randomTensor } from "../utils/gradcheck.js";

const { L1, L2, L1L2, OrthogonalRegularizer, Regularizer, get, serialize, deserialize } = regularizers;
const fx = loadFixture("regularizers_and_constraints");
const w = fixtureTensor(fx.w);

describe("Keras fixture: regularizer penalties of one matrix", () => {
  for (const r of fx.regularizers) {
    it(`${r.class_name} ${JSON.stringify(r.config)}`, () => {
      const reg = deserialize(r.serialized);
      expect(reg.getConfig()).toEqual(r.config);
      expect(serialize(reg)).toEqual(r.serialized);
      const value = reg.apply(w);
      expect(value.shape).toEqual([]);
      expectClose(value, fixtureValues(r.value), 1e-6, 1e-7);
    });
  }
});

describe("penalties", () => {
  const x = ops.convertToTensor([[1, -2], [3, -4]], "float64");

  it("L1, L2 and L1L2 by hand", () => {
    expectClose(new L1(0.5).apply(x), [Math.fround(0.5) * 10], 0, 1e-12);
    expectClose(new L2({ l2: 0.1 }).apply(x), [0.1 * 30], 0, 1e-12);
    expectClose(new L1L2({ l1: 0.01, l2: 0.02 }).apply(x), [0.01 * 10 + 0.02 * 30], 0, 1e-12);
    expect(new L1L2().apply(x).item()).toBe(0);
  });

  it("OrthogonalRegularizer is zero for orthogonal rows and columns", () => {
    const q = ops.convertToTensor([[0.6, 0.8], [-0.8, 0.6]], "float64");
    expect(Math.abs(new OrthogonalRegularizer({ factor: 1 }).apply(q).item())).toBeLessThan(1e-12);
    // Rows (1, 0) and (1, 1): cosine 1/sqrt(2); one pair; penalty factor * 0.5 * 2 * cos / 1.
    const m = ops.convertToTensor([[1, 0], [1, 1]], "float64");
    expectClose(new OrthogonalRegularizer({ factor: 0.5 }).apply(m), [0.5 * 0.5 * 2 * Math.SQRT1_2], 0, 1e-12);
    // Columns (1, 1) and (0, 1): the same angle.
    expectClose(new OrthogonalRegularizer({ factor: 0.5, mode: "columns" }).apply(m), [0.5 * 0.5 * 2 * Math.SQRT1_2], 0, 1e-12);
  });

  it("has Keras's defaults and stores L1 and the orthogonal factor as float32, as Keras does", () => {
    expect(new L1().getConfig()).toEqual({ l1: 0.009999999776482582 });
    expect(new L2().getConfig()).toEqual({ l2: 0.01 });
    expect(new L1L2().getConfig()).toEqual({ l1: 0, l2: 0 });
    expect(new OrthogonalRegularizer().getConfig()).toEqual({ factor: Math.fround(0.01), mode: "rows" });
    expect(new L1({ l1: null }).getConfig()).toEqual({ l1: Math.fround(0.01) });
  });

  it("has float64 finite-difference gradients", () => {
    for (const shape of [[5], [3, 4], [2, 3, 2], [1, 1]]) {
      const t = randomTensor(shape, 9);
      checkGradients((v) => new L1(0.3).apply(v), [t]);
      checkGradients((v) => new L2(0.3).apply(v), [t]);
      checkGradients((v) => new L1L2({ l1: 0.1, l2: 0.2 }).apply(v), [t]);
    }
    checkGradients((v) => new OrthogonalRegularizer({ factor: 0.3 }).apply(v), [randomTensor([4, 3], 10)]);
    checkGradients((v) => new OrthogonalRegularizer({ factor: 0.3, mode: "columns" }).apply(v), [randomTensor([3, 5], 11)]);
  });

  it("rejects invalid arguments with Keras's messages", () => {
    expect(() => new L1(-1)).toThrow(/Invalid value for argument l1: expected a non-negative float/);
    expect(() => new L2({ l2: Infinity })).toThrow(/l2/);
    expect(() => new OrthogonalRegularizer({ mode: "diag" as never })).toThrow(/Expected one of \{'rows', 'columns'\}. Received: mode=diag/);
    expect(() => new OrthogonalRegularizer().apply(randomTensor([2, 2, 2], 1))).toThrow(/must have rank 2/);
    expect(() => new L1({ l2: 1 } as never)).toThrow(/unknown option "l2"/);
  });
});

describe("get / serialize / deserialize", () => {
  it("resolves string identifiers", () => {
    expect(get("l1")!.getConfig()).toEqual({ l1: Math.fround(0.01) });
    expect(get("l2")!.getConfig()).toEqual({ l2: 0.01 });
    expect(get("l1_l2")!.getConfig()).toEqual({ l1: 0.01, l2: 0.01 });
    expect(get("l1l2")).toBeInstanceOf(L1L2);
    expect(get("L1L2")).toBeInstanceOf(L1L2);
    expect(get("orthogonal_regularizer")).toBeInstanceOf(OrthogonalRegularizer);
    expect(get("OrthogonalRegularizer")).toBeInstanceOf(OrthogonalRegularizer);
    expect(() => get("l3")).toThrow("Could not interpret regularizer identifier: l3");
  });

  it("passes instances through, instantiates classes, maps null to null", () => {
    const r = new L2(0.5);
    expect(get(r)).toBe(r);
    expect(get(null)).toBeNull();
    expect(get(L1)).toBeInstanceOf(L1);
  });

  it("reads Keras 2 envelopes and round-trips every class", () => {
    expect(get({ class_name: "L1L2", config: { l1: 0.0, l2: 0.001 } })!.getConfig()).toEqual({ l1: 0, l2: 0.001 });
    for (const r of [new L1(0.2), new L2(0.3), new L1L2({ l1: 0.1, l2: 0.4 }), new OrthogonalRegularizer({ factor: 0.2, mode: "columns" })]) {
      const back = deserialize(JSON.parse(JSON.stringify(serialize(r))));
      expect(back.constructor).toBe(r.constructor);
      expect(back.getConfig()).toEqual(r.getConfig());
    }
  });

  it("supports registered custom regularizers", () => {
    class SumSquares extends Regularizer {
      override call(x: Tensor) {
        return ops.sum(ops.square(x));
      }
      override getConfig() {
        return {};
      }
    }
    registerKerasSerializable({ package: "Test" })(SumSquares);
    const env = serialize(new SumSquares());
    expect(env.registered_name).toBe("Test>SumSquares");
    expect(deserialize(env).apply(ops.convertToTensor([1, 2], "float32")).item()).toBe(5);
    expect(() => serialize(new Regularizer())).toThrow(/getConfig/);
  });
});
