import { describe, expect, it } from "vitest";
import { GradientTape, Tensor, ops } from "../../src/index.js";
import { checkGradients, expectClose, randomTensor } from "../utils/gradcheck.js";
import { fixtureTensor, fixtureValues, loadFixture } from "../utils/fixtures.js";

const f64 = (v: number[], shape = [v.length]) => new Tensor(Float64Array.from(v), shape, "float64");
const i32 = (v: number[], shape = [v.length]) => new Tensor(Int32Array.from(v), shape, "int32");
const PI = Math.PI;

/** Operand shape pairs every binary gradient is checked over: broadcasting both ways, size-1 dims, scalars, empty dims. */
const SHAPE_PAIRS: [number[], number[]][] = [
  [[2, 3], [2, 3]],
  [[2, 3], [3]],
  [[3], [2, 3]],
  [[2, 1], [1, 3]],
  [[2, 3], []],
  [[], [4]],
  [[4, 1, 3], [2, 1]],
  [[0, 3], [3]],
  [[0, 3], [1, 3]],
];

/** Gradients of sum(f(x, y) * w) for both operands. */
function grads2(f: (x: Tensor, y: Tensor) => Tensor, x: Tensor, y: Tensor): [Tensor, Tensor] {
  const tape = new GradientTape();
  tape.watch([x, y]);
  const loss = tape.record(() => ops.sum(f(x, y)));
  const [gx, gy] = tape.gradient(loss, [x, y]);
  return [gx!, gy!];
}

describe("floorDivide and mod", () => {
  it("follow Python's sign rules for ints and floats", () => {
    const a = i32([-7, 7, -7, 7, 6]);
    const b = i32([2, 2, -2, -2, 3]);
    expect(ops.floorDivide(a, b).toArray()).toEqual([-4, 3, 3, -4, 2]);
    expect(ops.mod(a, b).toArray()).toEqual([1, 1, -1, -1, 0]);
    expect(ops.floorDivide(a, b).dtype).toBe("int32");
    const x = f64([-7.5, 7.5, -7.5, 7.5]);
    const y = f64([2, 2, -2, -2]);
    expect(ops.floorDivide(x, y).toArray()).toEqual([-4, 3, 3, -4]);
    expect(ops.mod(x, y).toArray()).toEqual([0.5, 1.5, -1.5, -0.5]);
    // x == floorDivide(x, y) * y + mod(x, y)
    const u = randomTensor([30], 3, -10, 10);
    const v = randomTensor([30], 4, 0.5, 3);
    expectClose(ops.add(ops.multiply(ops.floorDivide(u, v), v), ops.mod(u, v)), u.data, 1e-12, 1e-12);
  });

  it("handle division by zero like numpy", () => {
    // numpy: integer // 0 and % 0 give 0 (with a warning); floats give inf / nan.
    expect(ops.floorDivide(i32([5, -5]), 0).toArray()).toEqual([0, 0]);
    expect(ops.mod(i32([5, -5]), 0).toArray()).toEqual([0, 0]);
    expect(ops.floorDivide(f64([1, -1]), 0).toArray()).toEqual([Infinity, -Infinity]);
    expect(Number.isNaN(ops.mod(f64([1]), 0).item())).toBe(true);
  });

  it("promote dtypes like Keras, with bool computed as int32", () => {
    expect(ops.floorDivide(i32([7]), 2).dtype).toBe("int32");
    expect(ops.floorDivide(i32([7]), 2.5).dtype).toBe("float32");
    expect(ops.mod(i32([7]), 2.5).toArray()).toEqual([2]);
    expect(ops.mod(ops.convertToTensor([true, false]), ops.convertToTensor([true, true])).dtype).toBe("int32");
    expect(ops.mod(ops.convertToTensor([1.5], "float32"), f64([1])).dtype).toBe("float64");
    expect(ops.floorDivide(-7, 2).toArray()).toEqual(-4);
  });
});

describe("power", () => {
  it("computes powers, keeping ints int", () => {
    const p = ops.power(i32([2, 3, -2, 5]), i32([3, 2, 3, 0]));
    expect(p.dtype).toBe("int32");
    expect(p.toArray()).toEqual([8, 9, -8, 1]);
    expect(ops.power(i32([2, 3]), 2).dtype).toBe("int32");
    const r = ops.power(i32([4, 9]), 0.5);
    expect(r.dtype).toBe("float32");
    expect(r.toArray()).toEqual([2, 3]);
    expect(ops.power(2, f64([0.5, -1, 10])).toArray()).toEqual([Math.SQRT2, 0.5, 1024]);
    expect(ops.power(f64([-2, 0, 0]), f64([3, 0, -1])).toArray()).toEqual([-8, 1, Infinity]);
    expect(Number.isNaN(ops.power(f64([-2]), 0.5).item())).toBe(true);
  });

  it("refuses negative integer exponents of integer tensors, as numpy does", () => {
    expect(() => ops.power(i32([2, 3]), i32([1, -1]))).toThrow(/ops\.power: integers to negative integer powers are not allowed/);
    expect(() => ops.power(i32([2]), -2)).toThrow(/ops\.power: integers to negative integer powers/);
    // A float exponent makes it a float computation.
    expect(ops.power(i32([2]), -1.5).dtype).toBe("float32");
  });

  it("gradients: d/dx = y x^(y-1), d/dy = x^y log x", () => {
    const x = f64([0.5, 2, 3]);
    const y = f64([2, -1, 0.5]);
    const [gx, gy] = grads2(ops.power, x, y);
    expectClose(gx, [2 * 0.5, -1 / 4, 0.5 / Math.sqrt(3)], 1e-14, 1e-15);
    expectClose(gy, [0.25 * Math.log(0.5), 0.5 * Math.log(2), Math.sqrt(3) * Math.log(3)], 1e-14, 1e-15);
  });

  it("follows JAX at x = 0 and for negative bases", () => {
    // x = 0, y = 0: d/dx taken as 0 (not 0 * 0^-1 = NaN); d/dy uses log(0) -> 0.
    let [gx, gy] = grads2(ops.power, f64([0, 0]), f64([0, 2]));
    expect(gx.toArray()).toEqual([0, 0]);
    expect(gy.toArray()).toEqual([0, 0]);
    // Negative base, integer exponent: d/dx is right; d/dy is NaN (log of a negative), as in JAX.
    [gx, gy] = grads2(ops.power, f64([-2, -3]), f64([2, 3]));
    expect(gx.toArray()).toEqual([-4, 27]);
    expect(Array.from(gy.data).every((v) => Number.isNaN(v))).toBe(true);
    // With a JS-number exponent there is no exponent gradient to poison anything.
    const x = f64([-2, 1.5]);
    const tape = new GradientTape();
    tape.watch(x);
    const loss = tape.record(() => ops.sum(ops.power(x, 3)));
    expect(tape.gradient(loss, [x])[0]!.toArray()).toEqual([12, 6.75]);
  });

  it("matches finite differences (x > 0) over several shapes", () => {
    SHAPE_PAIRS.forEach(([sa, sb], k) =>
      checkGradients(ops.power, [randomTensor(sa, 10 + k, 0.3, 2.5), randomTensor(sb, 50 + k, -2, 2)]),
    );
    checkGradients((x) => ops.power(x, 3), [randomTensor([2, 3], 7, -2, 2)]);
    checkGradients((y) => ops.power(2.5, y), [randomTensor([2, 3], 8, -2, 2)]);
  });
});

describe("maximum and minimum", () => {
  it("compute elementwise extremes with broadcasting and NaN propagation", () => {
    const a = f64([1, 5, -2, NaN, 3], [5]);
    const b = f64([2, 4, -2, 0, NaN], [5]);
    expect(ops.maximum(a, b).toArray()).toEqual([2, 5, -2, NaN, NaN]);
    expect(ops.minimum(a, b).toArray()).toEqual([1, 4, -2, NaN, NaN]);
    const m = ops.maximum(f64([1, 5, 3, 0], [2, 2]), f64([2, 4]));
    expect(m.toArray()).toEqual([[2, 5], [3, 4]]);
    expect(ops.minimum(i32([1, 5]), 3).toArray()).toEqual([1, 3]);
  });

  it("promote like add", () => {
    expect(ops.maximum(i32([1]), 2).dtype).toBe("int32");
    expect(ops.maximum(i32([1]), 2.5).dtype).toBe("float32");
    expect(ops.maximum(i32([1]), 2.5).toArray()).toEqual([2.5]);
    expect(ops.minimum(ops.convertToTensor([1.5], "float32"), f64([1])).dtype).toBe("float64");
    expect(ops.maximum(ops.convertToTensor([true, false]), ops.convertToTensor([false, false])).toArray()).toEqual([true, false]);
  });

  it("split the gradient 0.5 / 0.5 at ties", () => {
    const x = f64([1, 2, 3]);
    const y = f64([3, 2, 1]);
    let [gx, gy] = grads2(ops.maximum, x, y);
    expect(gx.toArray()).toEqual([0, 0.5, 1]);
    expect(gy.toArray()).toEqual([1, 0.5, 0]);
    [gx, gy] = grads2(ops.minimum, x, y);
    expect(gx.toArray()).toEqual([1, 0.5, 0]);
    expect(gy.toArray()).toEqual([0, 0.5, 1]);
    // Central differences see the same 0.5 at a tie.
    checkGradients(ops.maximum, [f64([1, 2, 3]), f64([1, 2, 3])]);
    checkGradients(ops.minimum, [f64([1, 2, 3]), f64([1, 2, 3])]);
    // A broadcast scalar collects its shares: relu-like maximum(x, 0) with one tie.
    [gx, gy] = grads2(ops.maximum, f64([-1, 0, 2]), f64([0], []));
    expect(gx.toArray()).toEqual([0, 0.5, 1]);
    expect(gy.toArray()).toEqual(1.5);
  });

  it("match finite differences over several shapes", () => {
    for (const f of [ops.maximum, ops.minimum]) {
      SHAPE_PAIRS.forEach(([sa, sb], k) => checkGradients(f, [randomTensor(sa, 20 + k), randomTensor(sb, 60 + k)]));
    }
  });

  it("match the Keras Maximum / Minimum merge-layer fixtures", () => {
    for (const [name, f] of [["merge_maximum", ops.maximum], ["merge_minimum", ops.minimum]] as const) {
      const fx = loadFixture(name);
      const [a, b] = fx.inputs.map(fixtureTensor);
      expect(Array.from(f(a, b).data)).toEqual(Array.from(fixtureTensor(fx.outputs[0]).data));
      const a64 = ops.cast(a, "float64");
      const b64 = ops.cast(b, "float64");
      const upstream = fixtureTensor(fx.grads.upstream[0]);
      const tape = new GradientTape();
      tape.watch([a64, b64]);
      const loss = tape.record(() => ops.sum(ops.multiply(f(a64, b64), upstream)));
      const [ga, gb] = tape.gradient(loss, [a64, b64]);
      expectClose(ga!, fixtureValues(fx.grads.inputs[0]), 1e-12, 1e-12);
      expectClose(gb!, fixtureValues(fx.grads.inputs[1]), 1e-12, 1e-12);
    }
  });
});

describe("arctan2", () => {
  it("gives the angle in all four quadrants", () => {
    const y = f64([1, 1, -1, -1, 0, 0]);
    const x = f64([1, -1, -1, 1, -1, 1]);
    expectClose(ops.arctan2(y, x), [PI / 4, (3 * PI) / 4, (-3 * PI) / 4, -PI / 4, PI, 0], 1e-15, 1e-15);
    const i = ops.arctan2(i32([1]), i32([1]));
    expect(i.dtype).toBe("float32");
    expect(i.item()).toBe(Math.fround(PI / 4));
    expect(ops.arctan2(ops.convertToTensor([1], "float32"), f64([1])).dtype).toBe("float64");
  });

  it("has both partial derivatives", () => {
    const [gy, gx] = grads2(ops.arctan2, f64([3]), f64([4]));
    expectClose(gy, [4 / 25], 1e-15);
    expectClose(gx, [-3 / 25], 1e-15);
    SHAPE_PAIRS.forEach(([sa, sb], k) => checkGradients(ops.arctan2, [randomTensor(sa, 30 + k), randomTensor(sb, 70 + k, 0.5, 2)]));
  });
});

describe("floorDivide and mod gradients", () => {
  it("floorDivide has a zero gradient; mod has d/dx = 1, d/dy = -floor(x / y)", () => {
    let [gx, gy] = grads2(ops.floorDivide, f64([7.5, -3]), f64([2, 2]));
    expect(gx.toArray()).toEqual([0, 0]);
    expect(gy.toArray()).toEqual([0, 0]);
    [gx, gy] = grads2(ops.mod, f64([7.5, -3]), f64([2, 2]));
    expect(gx.toArray()).toEqual([1, 1]);
    expect(gy.toArray()).toEqual([-3, 2]);
  });

  it("match finite differences over several shapes (away from the jumps)", () => {
    // Values on a grid kept 0.25 away from every multiple of the divisor.
    const grid = (shape: number[], seed: number) => {
      const t = randomTensor(shape, seed, -4, 4);
      return new Tensor(t.data.map((v) => Math.floor(v) + 0.25 + 0.5 * ((Math.abs(v) * 7) % 1)), shape, "float64");
    };
    const divisor = (shape: number[]) => new Tensor(new Float64Array(shape.reduce((a, b) => a * b, 1)).fill(1), shape, "float64");
    SHAPE_PAIRS.forEach(([sa, sb], k) => {
      checkGradients(ops.mod, [grid(sa, 40 + k), divisor(sb)]);
      checkGradients(ops.floorDivide, [grid(sa, 40 + k), divisor(sb)]);
    });
  });
});

describe("mixed-precision operands", () => {
  it("a float32 operand promoted to float64 still gets its gradient", () => {
    const a = ops.convertToTensor([1, 2], "float32");
    const b = f64([0.5, 4]);
    for (const f of [ops.multiply, ops.maximum, ops.power, ops.arctan2]) {
      const [ga, gb] = grads2(f, a, b);
      expect(ga.dtype, f.name).toBe("float32");
      expect(gb.dtype, f.name).toBe("float64");
      expect(Array.from(ga.data).some((v) => v !== 0), f.name).toBe(true);
    }
    const [ga] = grads2(ops.multiply, a, b);
    expect(ga.toArray()).toEqual([0.5, 4]);
  });
});

describe("binary op errors", () => {
  it("name the op on incompatible broadcast shapes", () => {
    const a = ops.zeros([2, 3]);
    const b = ops.zeros([4]);
    for (const [name, f] of [
      ["floorDivide", ops.floorDivide], ["mod", ops.mod], ["power", ops.power],
      ["maximum", ops.maximum], ["minimum", ops.minimum], ["arctan2", ops.arctan2],
    ] as const) {
      expect(() => f(a, b)).toThrow(new RegExp(`ops\\.${name}: cannot broadcast shapes \\(2, 3\\) and \\(4,\\)`));
    }
  });

  it("reject values that are not tensors", () => {
    expect(() => ops.power("a" as never, 2)).toThrow(/ops\.power: cannot convert string a to a tensor/);
    expect(() => ops.maximum(f64([1]), {} as never)).toThrow(/ops\.maximum: cannot convert an object of type Object/);
    expect(() => ops.mod(f64([1]), null as never)).toThrow(/ops\.mod: cannot convert null/);
    expect(() => ops.arctan2(undefined as never, 1)).toThrow(/ops\.arctan2: cannot convert undefined/);
  });
});
