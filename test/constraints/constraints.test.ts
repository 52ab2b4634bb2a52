import { describe, expect, it } from "vitest";
import { constraints, ops, Tensor, config } from "../../src/index.js";
import { loadFixture, fixtureTensor, fixtureValues } from "../utils/fixtures.js";
import { expectClose, randomTensor } from "../utils/gradcheck.js";

const { MaxNorm, MinMaxNorm, NonNeg, UnitNorm, Constraint, get, serialize, deserialize } = constraints;
const fx = loadFixture("regularizers_and_constraints");
const w = fixtureTensor(fx.w);

describe("Keras fixture: constraint projections of one matrix", () => {
  for (const c of fx.constraints) {
    it(`${c.class_name} ${JSON.stringify(c.config)}`, () => {
      const con = deserialize(c.serialized);
      expect(con.getConfig()).toEqual(c.config);
      expect(serialize(con)).toEqual(c.serialized);
      const projected = con.apply(w);
      expect(projected.shape).toEqual(c.value.shape);
      expectClose(projected, fixtureValues(c.value), 1e-5, 1e-6);
    });
  }
});

function columnNorms(t: Tensor): number[] {
  return Array.from(ops.sqrt(ops.sum(ops.square(t), 0)).data);
}

describe("projections", () => {
  const m = ops.convertToTensor([[3, 0.3], [4, 0.4]], "float64"); // column norms 5 and 0.5
  const eps = config.epsilon();

  it("MaxNorm rescales only columns above maxValue", () => {
    const n = columnNorms(new MaxNorm({ maxValue: 2 }).apply(m));
    expect(n[0]).toBeCloseTo((2 * 5) / (5 + eps), 12);
    expect(n[1]).toBeCloseTo((0.5 * 0.5) / (0.5 + eps), 12);
  });

  it("MinMaxNorm pulls norms into [min, max] at the given rate", () => {
    const n = columnNorms(new MinMaxNorm({ minValue: 1, maxValue: 2, rate: 0.5 }).apply(m));
    expect(n[0]).toBeCloseTo(((0.5 * 2 + 0.5 * 5) * 5) / (5 + eps), 10);
    expect(n[1]).toBeCloseTo(((0.5 * 1 + 0.5 * 0.5) * 0.5) / (0.5 + eps), 10);
  });

  it("UnitNorm normalizes along the axis (rows with axis 1)", () => {
    const rows = new UnitNorm({ axis: 1 }).apply(m);
    expectClose(rows, [3 / Math.hypot(3, 0.3), 0.3 / Math.hypot(3, 0.3), 4 / Math.hypot(4, 0.4), 0.4 / Math.hypot(4, 0.4)], 1e-6, 0);
    expectClose(ops.convertToTensor(columnNorms(new UnitNorm().apply(randomTensor([5, 3], 2)))), [1, 1, 1], 1e-6, 0);
  });

  it("NonNeg zeroes negative weights and keeps the dtype", () => {
    const y = new NonNeg().apply(ops.convertToTensor([[-1, 2], [0.5, -0.25]], "float64"));
    expect(y.dtype).toBe("float64");
    expectClose(y, [0, 2, 0.5, 0], 0, 0);
  });

  it("accepts tuple axes, and Constraint is the identity", () => {
    const t = randomTensor([2, 3, 4], 5);
    const y = new MaxNorm({ maxValue: 0.1, axis: [0, 1] }).apply(t);
    const norms = ops.sqrt(ops.sum(ops.square(y), [0, 1]));
    for (const v of norms.data) expect(v).toBeLessThanOrEqual(0.1 + 1e-9);
    expect(new Constraint().apply(t)).toBe(t);
  });

  it("has Keras's defaults", () => {
    expect(new MaxNorm().getConfig()).toEqual({ max_value: 2, axis: 0 });
    expect(new MinMaxNorm().getConfig()).toEqual({ min_value: 0, max_value: 1, rate: 1, axis: 0 });
    expect(new UnitNorm().getConfig()).toEqual({ axis: 0 });
    expect(new NonNeg().getConfig()).toEqual({});
    expect(() => new MaxNorm({ max_value: 2 } as never)).toThrow(/unknown option "max_value"/);
  });
});

describe("get / serialize / deserialize", () => {
  it("resolves string identifiers", () => {
    expect(get("max_norm")).toBeInstanceOf(MaxNorm);
    expect(get("MaxNorm")).toBeInstanceOf(MaxNorm);
    expect(get("non_neg")).toBeInstanceOf(NonNeg);
    expect(get("unit_norm")).toBeInstanceOf(UnitNorm);
    expect(get("min_max_norm")).toBeInstanceOf(MinMaxNorm);
    expect(() => get("maxnorm")).toThrow("Could not interpret constraint identifier: maxnorm");
  });

  it("passes instances through, instantiates classes, maps null to null, reads Keras 2 envelopes", () => {
    const c = new NonNeg();
    expect(get(c)).toBe(c);
    expect(get(null)).toBeNull();
    expect(get(UnitNorm)).toBeInstanceOf(UnitNorm);
    expect(get({ class_name: "MaxNorm", config: { max_value: 3, axis: 1 } })!.getConfig()).toEqual({ max_value: 3, axis: 1 });
    expect(get({ class_name: "max_norm", config: {} })).toBeInstanceOf(MaxNorm);
  });

  it("round-trips every class", () => {
    for (const c of [new MaxNorm({ maxValue: 3, axis: [0, 1] }), new MinMaxNorm({ minValue: 0.1, maxValue: 4, rate: 0.3, axis: 1 }), new NonNeg(), new UnitNorm({ axis: -1 })]) {
      const back = deserialize(JSON.parse(JSON.stringify(serialize(c))));
      expect(back.constructor).toBe(c.constructor);
      expect(back.getConfig()).toEqual(c.getConfig());
    }
  });
});
