import { describe, expect, it } from "vitest";
import { GradientTape, Tensor, ops } from "../../src/index.js";
import { checkGradients, expectClose, randomTensor } from "../utils/gradcheck.js";
import { fixtureTensor, fixtureValues, loadFixture } from "../utils/fixtures.js";

const f64 = (v: number[], shape = [v.length]) => new Tensor(Float64Array.from(v), shape, "float64");
const i32 = (v: number[], shape = [v.length]) => new Tensor(Int32Array.from(v), shape, "int32");
const bools = (v: boolean[], shape = [v.length]) => new Tensor(Uint8Array.from(v.map(Number)), shape, "bool");

/** Gradients of sum(f(...xs) * w) for each of `xs` (null when unconnected). */
function gradsOf(f: (...xs: Tensor[]) => Tensor, xs: Tensor[], w?: Tensor): (Tensor | null)[] {
  const tape = new GradientTape();
  tape.watch(xs);
  const loss = tape.record(() => ops.sum(w ? ops.multiply(f(...xs), w) : f(...xs)));
  return tape.gradient(loss, xs, { unconnectedGradients: "none" });
}

describe("where", () => {
  it("selects with three-way broadcasting", () => {
    const cond = bools([true, false], [2, 1]);
    const out = ops.where(cond, f64([1, 2, 3]), f64([-1], []));
    expect(out.shape).toEqual([2, 3]);
    expect(out.toArray()).toEqual([[1, 2, 3], [-1, -1, -1]]);
    const x = f64([-2, 0.5, 3]);
    expect(ops.where(ops.greater(x, 0), x, 0).toArray()).toEqual([0, 0.5, 3]);
    expect(ops.where(bools([true, false]), { x1: 1, x2: 2 }).toArray()).toEqual([1, 2]);
    expect(ops.where(bools([], [0, 3]), 1, 2).shape).toEqual([0, 3]);
  });

  it("tests any condition dtype for non-zero (NaN is true)", () => {
    expect(ops.where(f64([0, -0.5, NaN]), 1, 0).toArray()).toEqual([0, 1, 1]);
    expect(ops.where(i32([3, 0]), 1, 0).toArray()).toEqual([1, 0]);
  });

  it("promotes x1 and x2 like add", () => {
    const c = bools([true, false]);
    expect(ops.where(c, 1, 0).dtype).toBe("int32");
    expect(ops.where(c, 1, 0.5).dtype).toBe("float32");
    expect(ops.where(c, 1, 0.5).toArray()).toEqual([1, 0.5]);
    expect(ops.where(c, i32([1, 2]), 0.5).dtype).toBe("float32");
    expect(ops.where(c, i32([1, 2]), 7).dtype).toBe("int32");
    expect(ops.where(c, ops.convertToTensor([1, 2], "float32"), f64([3, 4])).dtype).toBe("float64");
    expect(ops.where(c, true, false).dtype).toBe("bool");
  });

  it("routes the gradient to x1 where the condition holds and to x2 elsewhere", () => {
    const cond = bools([true, false, true]);
    const [gc, g1, g2] = gradsOf((c, a, b) => ops.where(c, a, b), [f64([1, 0, 1]), f64([1, 2, 3]), f64([4, 5, 6])]);
    expect(gc).toBeNull();
    expect(g1!.toArray()).toEqual([1, 0, 1]);
    expect(g2!.toArray()).toEqual([0, 1, 0]);
    // Broadcast operands collect their gradient.
    const [, s1, s2] = gradsOf((c, a, b) => ops.where(c, a, b), [cond, f64([2], []), f64([1, 2, 3])]);
    expect(s1!.toArray()).toEqual(2);
    expect(s2!.toArray()).toEqual([0, 1, 0]);
  });

  it("matches finite differences over several shapes", () => {
    const cases: [number[], number[], number[]][] = [
      [[2, 3], [2, 3], [2, 3]],
      [[2, 1], [3], []],
      [[3], [2, 1], [1, 3]],
      [[], [2, 2], [2]],
      [[0, 3], [3], [1]],
      [[4, 1, 3], [2, 1], [3]],
    ];
    cases.forEach(([sc, s1, s2], k) => {
      const cond = ops.greater(randomTensor(sc, 80 + k), 0);
      checkGradients((a, b) => ops.where(cond, a, b), [randomTensor(s1, 90 + k), randomTensor(s2, 95 + k)]);
    });
  });

  it("errors name ops.where", () => {
    expect(() => ops.where(bools([true, false]), f64([1, 2, 3]), 0)).toThrow(/ops\.where: cannot broadcast shapes \(2,\) and \(3,\)/);
    expect(() => ops.where(bools([true]), f64([1, 2]), f64([1, 2, 3]))).toThrow(/ops\.where: cannot broadcast shapes \(2,\) and \(3,\)/);
    expect(() => (ops.where as (c: unknown) => Tensor)(bools([true]))).toThrow(/ops\.where: both x1 and x2 are required/);
    expect(() => ops.where(bools([true]), 1, undefined as never)).toThrow(/ops\.where: both x1 and x2 are required.*x2=undefined/);
    expect(() => ops.where("yes" as never, 1, 0)).toThrow(/ops\.where: cannot convert string yes to a tensor/);
    expect(() => ops.where(bools([true]), {} as never, 0)).toThrow(/ops\.where: cannot convert an object of type Object to a tensor/);
    expect(() => ops.where(bools([true]), [1], "z" as never)).toThrow(/ops\.where: cannot convert string z/);
  });
});

describe("clip", () => {
  it("limits values to [xMin, xMax]", () => {
    const x = f64([-3, -1, 0, 1, 3, NaN]);
    expect(ops.clip(x, -2, 2).toArray()).toEqual([-2, -1, 0, 1, 2, NaN]);
    expect(ops.clip(x, null, 0.5).toArray()).toEqual([-3, -1, 0, 0.5, 0.5, NaN]);
    expect(ops.clip(x, 0, null).toArray()).toEqual([0, 0, 0, 1, 3, NaN]);
    // Tensor bounds broadcast against x.
    const m = ops.clip(f64([0, 5, 10, 0, 5, 10], [2, 3]), f64([1, 6], [2, 1]), f64([4, 8, 9]));
    // Row 2: lo = 6 lifts 0 and 5 to 6, then hi = [4, 8, 9] caps the first at 4.
    expect(m.toArray()).toEqual([[1, 5, 9], [4, 6, 9]]);
    // numpy's min(max(x, lo), hi): with lo > hi everything is hi.
    expect(ops.clip(x, 2, 1).toArray()).toEqual([1, 1, 1, 1, 1, NaN]);
  });

  it("keeps x's dtype (bool becomes int32), as in Keras", () => {
    // numpy: clip([-3, 0, 3], -2.5, 2.5) = [-2.5, 0, 2.5] cast back to int32 = [-2, 0, 2].
    const c = ops.clip(i32([-3, 0, 3]), -2.5, 2.5);
    expect(c.dtype).toBe("int32");
    expect(c.toArray()).toEqual([-2, 0, 2]);
    const b = ops.clip(ops.convertToTensor([true, false]), 0, 0);
    expect(b.dtype).toBe("int32");
    expect(b.toArray()).toEqual([0, 0]);
    const f32 = ops.clip(ops.convertToTensor([0.5, 3], "float32"), f64([1]), 2);
    expect(f32.dtype).toBe("float32");
    expect(f32.toArray()).toEqual([1, 2]);
  });

  it("passes the gradient where xMin <= x <= xMax, boundaries included", () => {
    const [g] = gradsOf((t) => ops.clip(t, -1, 1), [f64([-2, -1, 0, 1, 2])]);
    expect(g!.toArray()).toEqual([0, 1, 1, 1, 0]);
  });

  it("gives tensor bounds the gradient where they are the output", () => {
    const x = f64([-2, 0, 2, 5]);
    const lo = f64([-1], []);
    const hi = f64([1, 1, 3, 3]);
    const [gx, glo, ghi] = gradsOf((a, l, h) => ops.clip(a, l, h), [x, lo, hi]);
    expect(gx!.toArray()).toEqual([0, 1, 1, 0]);
    expect(glo!.toArray()).toEqual(1);
    expect(ghi!.toArray()).toEqual([0, 0, 0, 1]);
    // lo > hi: the output is hi everywhere, so only hi gets a gradient.
    const [ax, al, ah] = gradsOf((a, l, h) => ops.clip(a, l, h), [f64([-5, 0, 5]), f64([2], []), f64([1], [])]);
    expect(ax!.toArray()).toEqual([0, 0, 0]);
    expect(al!.toArray()).toEqual(0);
    expect(ah!.toArray()).toEqual(3);
  });

  it("matches finite differences over several shapes", () => {
    const shapes = [[2, 3], [1], [], [0, 3], [3, 1, 2]];
    shapes.forEach((shape, k) => checkGradients((t) => ops.clip(t, -0.5, 0.5), [randomTensor(shape, 120 + k)]));
    checkGradients((t, l, h) => ops.clip(t, l, h), [randomTensor([3, 4], 130), randomTensor([4], 131, -1, 0), randomTensor([3, 1], 132, 0, 1)]);
    checkGradients((t, l) => ops.clip(t, l, null), [randomTensor([2, 3], 133), randomTensor([2, 1], 134)]);
  });

  it("matches the Keras hard_tanh fixture (clip to [-1, 1])", () => {
    const call = loadFixture("activation_fn_hard_tanh").calls[0];
    const x = fixtureTensor(call.x);
    expectClose(ops.clip(x, -1, 1), fixtureValues(call.y), 0, 0);
    const [g] = gradsOf((t) => ops.clip(t, -1, 1), [ops.cast(x, "float64")], fixtureTensor(call.grads.upstream));
    expectClose(g!, fixtureValues(call.grads.x), 1e-12, 1e-12);
  });

  it("errors are clear", () => {
    expect(() => ops.clip(f64([1]), null, null)).toThrow(/ops\.clip: at least one of xMin and xMax must be given/);
    expect(() => ops.clip(f64([1, 2]), f64([0, 0, 0]), 1)).toThrow(/ops\.clip: cannot broadcast shapes \(2,\) and \(3,\)/);
    expect(() => ops.clip(f64([1, 2]), 0, f64([1, 1, 1]))).toThrow(/ops\.clip: cannot broadcast shapes/);
    expect(() => ops.clip("x" as never, 0, 1)).toThrow(/ops\.clip: cannot convert string x/);
    expect(() => ops.clip(f64([1]), "low" as never, 1)).toThrow(/ops\.clip: cannot convert string low/);
  });
});
