import { describe, expect, it } from "vitest";
import { GradientTape, Tensor, ops } from "../../src/index.js";
import { checkGradients, expectClose, randomTensor } from "../utils/gradcheck.js";
import { fixtureTensor, fixtureValues, loadFixture } from "../utils/fixtures.js";

const f64 = (v: number[], shape = [v.length]) => new Tensor(Float64Array.from(v), shape, "float64");
const PI = Math.PI;

/** Shapes every gradient is checked over: plain, size-1, scalar, empty, rank 3 with a size-1 dim. */
const SHAPES = [[2, 3], [1], [], [0, 3], [3, 1, 2]];

/** d sum(f(x)) / dx through the tape. */
function grad(f: (x: Tensor) => Tensor, x: Tensor): Tensor {
  const tape = new GradientTape();
  tape.watch(x);
  const y = tape.record(() => ops.sum(f(x)));
  return tape.gradient(y, [x])[0]!;
}

describe("unary math values", () => {
  it("trigonometric functions hit known values", () => {
    expectClose(ops.sin(f64([0, PI / 6, PI / 2, -PI / 6])), [0, 0.5, 1, -0.5], 1e-14, 1e-15);
    expectClose(ops.cos(f64([0, PI / 3, PI])), [1, 0.5, -1], 1e-14, 1e-15);
    expectClose(ops.tan(f64([0, PI / 4, -PI / 4])), [0, 1, -1], 1e-14, 1e-15);
    expectClose(ops.arcsin(f64([0.5, -1, 0])), [PI / 6, -PI / 2, 0], 1e-14, 1e-15);
    expectClose(ops.arccos(f64([0.5, -1, 1])), [PI / 3, PI, 0], 1e-14, 1e-15);
    expectClose(ops.arctan(f64([1, -1, 0])), [PI / 4, -PI / 4, 0], 1e-14, 1e-15);
    // Out of the domain: NaN, as numpy.
    expect(Number.isNaN(ops.arcsin(f64([2])).item())).toBe(true);
  });

  it("hyperbolic functions hit known values", () => {
    const e = Math.E;
    expectClose(ops.sinh(f64([1, 0])), [(e - 1 / e) / 2, 0], 1e-14, 1e-15);
    expectClose(ops.cosh(f64([1, 0])), [(e + 1 / e) / 2, 1], 1e-14, 1e-15);
    expectClose(ops.tanh(f64([0.5, 0, 100])), [(e - 1) / (e + 1), 0, 1], 1e-14, 1e-15);
    expectClose(ops.arcsinh(f64([1])), [Math.log(1 + Math.SQRT2)], 1e-14);
    expectClose(ops.arccosh(f64([2, 1])), [Math.log(2 + Math.sqrt(3)), 0], 1e-14, 1e-15);
    expectClose(ops.arctanh(f64([0.5])), [0.5 * Math.log(3)], 1e-14);
    expect(ops.arctanh(f64([1])).item()).toBe(Infinity);
  });

  it("identities hold at random points", () => {
    const x = randomTensor([50], 11, -3, 3);
    const ones = new Array(50).fill(1);
    expectClose(ops.add(ops.square(ops.sin(x)), ops.square(ops.cos(x))), ones, 1e-14, 1e-14);
    expectClose(ops.subtract(ops.square(ops.cosh(x)), ops.square(ops.sinh(x))), ones, 1e-12, 1e-12);
    expectClose(ops.tan(x), ops.divide(ops.sin(x), ops.cos(x)).data, 1e-12, 1e-12);
    expectClose(ops.tanh(x), ops.divide(ops.sinh(x), ops.cosh(x)).data, 1e-12, 1e-14);
    expectClose(ops.arcsinh(ops.sinh(x)), x.data, 1e-12, 1e-12);
    expectClose(ops.arctan(ops.tan(ops.multiply(x, 0.5))), ops.multiply(x, 0.5).data, 1e-12, 1e-12);
    const u = randomTensor([50], 12, -0.99, 0.99);
    expectClose(ops.sin(ops.arcsin(u)), u.data, 1e-12, 1e-14);
    expectClose(ops.cos(ops.arccos(u)), u.data, 1e-12, 1e-14);
    expectClose(ops.tanh(ops.arctanh(u)), u.data, 1e-12, 1e-14);
    expectClose(ops.add(ops.arcsin(u), ops.arccos(u)), new Array(50).fill(PI / 2), 1e-14, 1e-14);
  });

  it("exponentials and logarithms", () => {
    expectClose(ops.log2(f64([8, 0.5, 1])), [3, -1, 0], 0, 0);
    expectClose(ops.log10(f64([1000, 0.01])), [3, -2], 1e-15, 0);
    // expm1 and log1p keep full precision near 0, where exp(x) - 1 and log(1 + x) would not.
    expectClose(ops.expm1(f64([1e-10, 1])), [1.00000000005e-10, Math.E - 1], 1e-15, 0);
    expectClose(ops.log1p(f64([1e-10, Math.E - 1])), [9.9999999995e-11, 1], 1e-15, 0);
    expectClose(ops.rsqrt(f64([4, 0.25, 1])), [0.5, 2, 1], 0, 0);
    expect(ops.rsqrt(f64([0])).item()).toBe(Infinity);
    expectClose(ops.reciprocal(f64([4, -0.5])), [0.25, -2], 0, 0);
    expect(ops.log(f64([0])).item()).toBe(-Infinity);
    expect(Number.isNaN(ops.log(f64([-1])).item())).toBe(true);
  });

  it("erf and erfinv hit tabulated values and invert each other", () => {
    // Reference values of erf (Abramowitz & Stegun, to 16 digits).
    expectClose(
      ops.erf(f64([0, 0.5, 1, 2, -3, 4])),
      [0, 0.5204998778130465, 0.8427007929497149, 0.9953222650189527, -0.9999779095030014, 0.9999999845827421],
      1e-14, 1e-16,
    );
    expectClose(ops.erfinv(f64([0, 0.5, -0.5])), [0, 0.4769362762044699, -0.4769362762044699], 1e-13, 1e-16);
    expect(ops.erfinv(f64([1, -1])).toArray()).toEqual([Infinity, -Infinity]);
    const x = randomTensor([40], 13, -2.5, 2.5);
    expectClose(ops.erfinv(ops.erf(x)), x.data, 1e-9, 1e-12);
  });

  it("abs, sign and negative keep the dtype", () => {
    const i = ops.convertToTensor([-3, 0, 2]);
    expect(ops.abs(i).toArray()).toEqual([3, 0, 2]);
    expect(ops.abs(i).dtype).toBe("int32");
    expect(ops.absolute(i).toArray()).toEqual([3, 0, 2]);
    expect(ops.sign(i).toArray()).toEqual([-1, 0, 1]);
    expect(ops.sign(i).dtype).toBe("int32");
    expect(ops.sign(f64([-2.5, 0, 0.1, NaN])).toArray()).toEqual([-1, 0, 1, NaN]);
    expect(ops.negative(i).toArray()).toEqual([3, 0, -2]);
  });

  it("floor, ceil and trunc round in their directions", () => {
    const x = f64([-1.5, -0.5, 0.5, 1.5, 2]);
    expect(ops.floor(x).toArray()).toEqual([-2, -1, 0, 1, 2]);
    expect(ops.ceil(x).toArray()).toEqual([-1, -0, 1, 2, 2]);
    expect(ops.trunc(x).toArray()).toEqual([-1, -0, 0, 1, 2]);
  });

  it("round is half to even, with decimals", () => {
    const x = ops.convertToTensor([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5, 1.26]);
    expect(ops.round(x).toArray()).toEqual([-2, -2, -0, 0, 2, 2, 4, 1]);
    // numpy computes in the tensor's dtype: round(x * 10) / 10 in float32. float32(-0.35) * 10
    // rounds to exactly -3.5 in float32, which goes to the even -4: numpy's float32 answer is -0.4.
    const r1 = ops.round(ops.convertToTensor([1.26, -0.35, 2.25]), 1);
    expect(Array.from(r1.data)).toEqual([Math.fround(1.3), Math.fround(-0.4), Math.fround(2.2)]);
    expect(ops.round(ops.convertToTensor([1.26]), { decimals: 1 }).data[0]).toBe(Math.fround(1.3));
    expect(ops.round(f64([1234.5678]), 2).item()).toBeCloseTo(1234.57, 12);
    // Negative decimals round to tens, hundreds, ... (half to even).
    expect(ops.round(f64([15, 25, 149, -150]), -1).toArray()).toEqual([20, 20, 150, -150]);
    expect(ops.round(f64([1250, 1350]), -2).toArray()).toEqual([1200, 1400]);
    const ints = ops.convertToTensor([15, 25, -15, 123]);
    expect(ops.round(ints).toArray()).toEqual([15, 25, -15, 123]);
    const r = ops.round(ints, -1);
    expect(r.dtype).toBe("int32");
    expect(r.toArray()).toEqual([20, 20, -20, 120]);
  });

  it("follows Keras's dtype rules", () => {
    const i = ops.convertToTensor([1, 2]);
    const b = ops.convertToTensor([true, false]);
    const f32 = ops.convertToTensor([1.5, 2.5]);
    const floatValued = [
      ops.sqrt, ops.rsqrt, ops.reciprocal, ops.exp, ops.expm1, ops.log, ops.log1p, ops.log2, ops.log10,
      ops.sin, ops.cos, ops.tan, ops.arcsin, ops.arccos, ops.arctan, ops.sinh, ops.cosh, ops.tanh,
      ops.arcsinh, ops.arccosh, ops.arctanh, ops.erf, ops.erfinv, ops.floor, ops.ceil,
    ];
    for (const f of floatValued) {
      expect(f(i).dtype, f.name).toBe("float32");
      expect(f(b).dtype, f.name).toBe("float32");
      expect(f(f32).dtype, f.name).toBe("float32");
      expect(f(f64([0.5])).dtype, f.name).toBe("float64");
    }
    // Integer inputs are converted to float before the function is applied.
    expect(ops.reciprocal(ops.convertToTensor([2, 4])).toArray()).toEqual([0.5, 0.25]);
    expect(ops.floor(i).toArray()).toEqual([1, 2]);
    for (const f of [ops.abs, ops.sign, ops.round, ops.trunc, ops.negative]) {
      expect(f(i).dtype, f.name).toBe("int32");
      expect(f(f32).dtype, f.name).toBe("float32");
    }
    expect(ops.trunc(b).dtype).toBe("bool");
    expect(ops.square(b).dtype).toBe("int32");
    // JS numbers and nested arrays are accepted.
    expect(ops.cos(0).item()).toBe(1);
    expect(ops.abs([[-1.5]]).toArray()).toEqual([[1.5]]);
  });

  it("matches the Keras fixtures for tanh and exp", () => {
    for (const [name, f] of [["activation_fn_tanh", ops.tanh], ["activation_fn_exponential", ops.exp]] as const) {
      const call = loadFixture(name).calls[0];
      const x = fixtureTensor(call.x);
      const y = f(x);
      expect(y.dtype).toBe("float32");
      expectClose(y, fixtureValues(call.y), 1e-6, 1e-7);
      const x64 = ops.cast(x, "float64");
      const upstream = fixtureTensor(call.grads.upstream);
      const tape = new GradientTape();
      tape.watch(x64);
      const loss = tape.record(() => ops.sum(ops.multiply(f(x64), upstream)));
      expectClose(tape.gradient(loss, [x64])[0]!, fixtureValues(call.grads.x), 1e-10, 1e-12);
    }
  });
});

describe("unary math gradients", () => {
  // [op, low, high]: inputs drawn inside the op's domain.
  const cases: [string, (x: Tensor) => Tensor, number, number][] = [
    ["negative", ops.negative, -2, 2],
    ["abs (away from 0)", (x) => ops.abs(ops.add(x, ops.multiply(ops.sign(x), 0.1))), -2, 2],
    ["square", ops.square, -2, 2],
    ["sqrt", ops.sqrt, 0.2, 3],
    ["rsqrt", ops.rsqrt, 0.2, 3],
    ["reciprocal", ops.reciprocal, 0.3, 3],
    ["reciprocal (negative)", ops.reciprocal, -3, -0.3],
    ["exp", ops.exp, -2, 2],
    ["expm1", ops.expm1, -2, 2],
    ["log", ops.log, 0.2, 3],
    ["log1p", ops.log1p, -0.5, 3],
    ["log2", ops.log2, 0.2, 3],
    ["log10", ops.log10, 0.2, 3],
    ["sin", ops.sin, -3, 3],
    ["cos", ops.cos, -3, 3],
    ["tan", ops.tan, -1.2, 1.2],
    ["arcsin", ops.arcsin, -0.9, 0.9],
    ["arccos", ops.arccos, -0.9, 0.9],
    ["arctan", ops.arctan, -3, 3],
    ["sinh", ops.sinh, -2, 2],
    ["cosh", ops.cosh, -2, 2],
    ["tanh", ops.tanh, -2, 2],
    ["arcsinh", ops.arcsinh, -3, 3],
    ["arccosh", ops.arccosh, 1.2, 3],
    ["arctanh", ops.arctanh, -0.9, 0.9],
    ["erf", ops.erf, -2, 2],
    ["erfinv", ops.erfinv, -0.9, 0.9],
  ];
  for (const [name, f, lo, hi] of cases) {
    it(`${name} matches finite differences over several shapes`, () => {
      SHAPES.forEach((shape, k) => checkGradients(f, [randomTensor(shape, 100 + k, lo, hi)]));
    });
  }

  it("abs' is sign, 0 at 0", () => {
    expect(grad(ops.abs, f64([-2, 0, 3])).toArray()).toEqual([-1, 0, 1]);
  });

  it("piecewise-constant ops have a zero gradient", () => {
    const x = randomTensor([2, 3], 21, -3, 3);
    const stepped: ((t: Tensor) => Tensor)[] = [ops.floor, ops.ceil, (t) => ops.round(t), ops.trunc, ops.sign, (t) => ops.round(t, 1)];
    for (const f of stepped) {
      const g = grad(f, x);
      expect(g.shape).toEqual([2, 3]);
      expect(Array.from(g.data)).toEqual(new Array(6).fill(0));
      checkGradients(f, [x]);
    }
    // They stay differentiable as part of a larger expression: d/dx (x - floor(x)) = 1.
    expect(Array.from(grad((t) => ops.subtract(t, ops.floor(t)), x).data)).toEqual(new Array(6).fill(1));
  });

  it("second derivatives are right (gradients are built from differentiable ops)", () => {
    const x = randomTensor([5], 31, -1.5, 1.5);
    const second = (f: (t: Tensor) => Tensor): Tensor => {
      const outer = new GradientTape();
      outer.watch(x);
      const g1 = outer.record(() => ops.sum(grad(f, x)));
      return outer.gradient(g1, [x])[0]!;
    };
    const xs = Array.from(x.data);
    expectClose(second(ops.sin), xs.map((v) => -Math.sin(v)), 1e-12, 1e-12);
    expectClose(second(ops.tanh), xs.map((v) => -2 * Math.tanh(v) * (1 - Math.tanh(v) ** 2)), 1e-12, 1e-12);
    expectClose(second(ops.erf), xs.map((v) => (-4 * v * Math.exp(-v * v)) / Math.sqrt(PI)), 1e-12, 1e-12);
    expectClose(second(ops.arctan), xs.map((v) => (-2 * v) / (1 + v * v) ** 2), 1e-12, 1e-12);
    expectClose(second(ops.abs), new Array(5).fill(0), 0, 0);
  });
});

describe("unary math errors", () => {
  it("rejects values that are not tensors, naming the op", () => {
    expect(() => ops.sin("abc" as never)).toThrow(/ops\.sin: cannot convert string abc to a tensor/);
    expect(() => ops.exp({ a: 1 } as never)).toThrow(/ops\.exp: cannot convert an object of type Object/);
    expect(() => ops.abs(undefined as never)).toThrow(/ops\.abs: cannot convert undefined/);
    expect(() => ops.round(null as never)).toThrow(/ops\.round: cannot convert null/);
  });

  it("rejects bad round arguments", () => {
    expect(() => ops.round(f64([1.5]), 0.5)).toThrow(/ops\.round: decimals must be an integer, received 0\.5/);
    expect(() => ops.round(f64([1.5]), { digits: 1 } as never)).toThrow(/ops\.round: unknown option "digits"/);
  });
});
