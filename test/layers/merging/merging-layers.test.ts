/**
 * The merge layers: contract harness, values computed by hand from the input
 * data, broadcasting and rank expansion, Keras's mask rules (the cases of
 * Keras's merging_test), Concatenate masks, Dot axes and the cosine identity
 * of Dot(normalize), the functional helpers, float64 gradients and errors.
 */
import { describe, expect, it } from "vitest";
import { Input, layers, Model, ops, Tensor } from "../../../src/index.js";
import { runLayerTest } from "../../utils/layer-test.js";
import { checkGradients, randomTensor } from "../../utils/gradcheck.js";

const { Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Dot } = layers;

const f32 = (values: number[], shape: number[]) => new Tensor(Float32Array.from(values), shape, "float32");
const bool = (values: number[], shape: number[]) => new Tensor(Uint8Array.from(values), shape, "bool");
const nums = (t: Tensor) => Array.from(t.data as ArrayLike<number>, Number);

/** Flat elementwise combination of same-shape tensors, in plain JS. */
function byHand(xs: Tensor[], fn: (vals: number[]) => number): number[] {
  return nums(xs[0]).map((_, i) => fn(xs.map((x) => Number(x.data[i]))));
}

describe("contract harness", () => {
  const elementwise = [Add, Subtract, Multiply, Average, Maximum, Minimum];
  for (const Cls of elementwise) {
    it(Cls.name, () => {
      runLayerTest({
        layerCls: Cls, initKwargs: {}, inputShape: [[2, 4, 5], [2, 4, 5]], expectedOutputShape: [2, 4, 5],
        expectedNumTrainableWeights: 0, expectedNumNonTrainableWeights: 0, expectedNumSeedGenerators: 0, expectedNumLosses: 0,
        supportsMasking: true,
      });
    });
  }
  it("Add of three inputs", () => {
    runLayerTest({ layerCls: Add, initKwargs: {}, inputShape: [[2, 3], [2, 3], [2, 3]], expectedOutputShape: [2, 3], supportsMasking: true });
  });
  it("Concatenate", () => {
    runLayerTest({
      layerCls: Concatenate, initKwargs: { axis: -1 }, inputShape: [[2, 4, 5], [2, 4, 3]], expectedOutputShape: [2, 4, 8], supportsMasking: true,
    });
  });
  it("Concatenate axis 1", () => {
    runLayerTest({ layerCls: Concatenate, initKwargs: { axis: 1 }, inputShape: [[2, 1, 5], [2, 3, 5]], expectedOutputShape: [2, 4, 5] });
  });
  it("Dot 2D", () => {
    runLayerTest({ layerCls: Dot, initArgs: [-1], initKwargs: {}, inputShape: [[2, 4], [2, 4]], expectedOutputShape: [2, 1], supportsMasking: true });
  });
  it("Dot 3D with normalize", () => {
    runLayerTest({
      layerCls: Dot, initArgs: [[2, 2]], initKwargs: { normalize: true }, inputShape: [[2, 4, 5], [2, 3, 5]], expectedOutputShape: [2, 4, 3],
    });
  });
});

describe("values by hand", () => {
  const xs = [1, 2, 3].map((seed) => ops.cast(randomTensor([2, 3, 4], seed, -2, 2), "float32") as Tensor);
  const cases: [string, any, (v: number[]) => number][] = [
    ["Add", new Add(), (v) => v[0] + v[1] + v[2]],
    ["Multiply", new Multiply(), (v) => v[0] * v[1] * v[2]],
    ["Average", new Average(), (v) => (v[0] + v[1] + v[2]) / 3],
    ["Maximum", new Maximum(), (v) => Math.max(...v)],
    ["Minimum", new Minimum(), (v) => Math.min(...v)],
  ];
  for (const [name, layer, fn] of cases) {
    it(`${name} of three inputs`, () => {
      const y = layer.apply(xs) as Tensor;
      expect(y.shape).toEqual([2, 3, 4]);
      const expected = byHand(xs, fn);
      nums(y).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
    });
  }
  it("Subtract", () => {
    const y = new Subtract().apply([xs[0], xs[1]]) as Tensor;
    expect(nums(y)).toEqual(byHand([xs[0], xs[1]], (v) => Math.fround(v[0] - v[1])));
  });

  it("broadcast compatible shapes: (2, 3, 4) + (2, 1, 4)", () => {
    const b = f32([10, 20, 30, 40, 50, 60, 70, 80], [2, 1, 4]);
    const y = new Add().apply([xs[0], b]) as Tensor;
    expect(y.shape).toEqual([2, 3, 4]);
    nums(y).forEach((v, i) => {
      const batch = Math.floor(i / 12);
      expect(v).toBeCloseTo(Number(xs[0].data[i]) + 10 * (batch * 4 + (i % 4) + 1), 4);
    });
  });

  it("inputs of lower rank get size-1 axes after the batch axis", () => {
    const v = f32([1, 2, 3, 4, 5, 6, 7, 8], [2, 4]);
    const layer = new Multiply();
    const y = layer.apply([xs[0], v]) as Tensor;
    expect(y.shape).toEqual([2, 3, 4]);
    nums(y).forEach((out, i) => expect(out).toBeCloseTo(Number(xs[0].data[i]) * (Math.floor(i / 12) * 4 + (i % 4) + 1), 4));
    const sym = layer.apply([Input({ shape: [3, 4] }), Input({ shape: [4] })]) as any;
    expect(sym.shape).toEqual([null, 3, 4]);
  });

  it("a single input passes through (Keras 3 accepts lists of one)", () => {
    expect(nums(new Add().apply([xs[0]]) as Tensor)).toEqual(nums(xs[0]));
  });

  it("Concatenate along the last and a middle axis", () => {
    const p = f32([1, 2, 3, 4], [1, 2, 2]);
    const q = f32([5, 6], [1, 2, 1]);
    expect((new Concatenate().apply([p, q]) as Tensor).toArray()).toEqual([[[1, 2, 5], [3, 4, 6]]]);
    const r = f32([7, 8], [1, 1, 2]);
    expect((new Concatenate({ axis: 1 }).apply([p, r]) as Tensor).toArray()).toEqual([[[1, 2], [3, 4], [7, 8]]]);
    expect((new Concatenate({ axis: -2 }).apply([p, r]) as Tensor).toArray()).toEqual([[[1, 2], [3, 4], [7, 8]]]);
  });
});

describe("Dot", () => {
  it("axes=1 on rank-2 inputs: one dot product per sample, shape (batch, 1)", () => {
    const x = f32([1, 2, 3, 4, 5, 6], [2, 3]);
    const y = f32([1, 0, -1, 2, 2, 2], [2, 3]);
    expect((new Dot(1).apply([x, y]) as Tensor).toArray()).toEqual([[-2], [30]]);
  });

  it("contracts the chosen axes: (b, 2, 3) . (b, 3, 2) with axes (2, 1) is a per-sample matmul", () => {
    const x = f32([1, 2, 3, 4, 5, 6], [1, 2, 3]);
    const y = f32([1, 2, 3, 4, 5, 6], [1, 3, 2]);
    // [[1,2,3],[4,5,6]] @ [[1,2],[3,4],[5,6]] = [[22, 28], [49, 64]]
    expect((new Dot([2, 1]).apply([x, y]) as Tensor).toArray()).toEqual([[[22, 28], [49, 64]]]);
    // axes (1, 2): x's axis 1 (size 2) with y's axis 2 (size 2): out[i, j] = sum_k x[k, i] y[j, k].
    const z = new Dot([1, 2]).apply([x, y]) as Tensor;
    expect(z.shape).toEqual([1, 3, 3]);
    const X = [[1, 2, 3], [4, 5, 6]];
    const Y = [[1, 2], [3, 4], [5, 6]];
    const expected = [0, 1, 2].map((i) => [0, 1, 2].map((j) => X[0][i] * Y[j][0] + X[1][i] * Y[j][1]));
    expect(z.toArray()).toEqual([expected]);
  });

  it("negative axes and a rank-4 second input (Keras's test_dot_higher_dim shape)", () => {
    const a = randomTensor([1, 3, 2], 3);
    const b = randomTensor([1, 1, 2, 3], 4);
    const layer = new Dot([-2, -1], { dtype: "float64" });
    const c = layer.apply([a, b]) as Tensor;
    expect(c.shape).toEqual([1, 2, 1, 2]);
    // c[0, i, j, k] = sum_t a[0, t, i] * b[0, j, k, t]
    for (let i = 0; i < 2; i++) {
      for (let k = 0; k < 2; k++) {
        let s = 0;
        for (let t = 0; t < 3; t++) s += Number(a.data[t * 2 + i]) * Number(b.data[k * 3 + t]);
        expect(Number(c.data[i * 2 + k])).toBeCloseTo(s, 12);
      }
    }
    expect((layer.apply([Input({ batchShape: [1, 3, 2] }), Input({ batchShape: [1, 1, 2, 3] })]) as any).shape).toEqual([1, 2, 1, 2]);
  });

  it("normalize=true gives cosine similarities computed by hand", () => {
    const a = randomTensor([2, 3, 4], 5);
    const b = randomTensor([2, 2, 4], 6);
    const cos = new Dot([2, 2], { normalize: true, dtype: "float64" }).apply([a, b]) as Tensor;
    expect(cos.shape).toEqual([2, 3, 2]);
    const row = (t: Tensor, start: number) => Array.from(t.data.slice(start, start + 4) as Float64Array);
    for (let n = 0; n < 2; n++) {
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < 2; j++) {
          const u = row(a, (n * 3 + i) * 4);
          const v = row(b, (n * 2 + j) * 4);
          const dot = u.reduce((s, x, k) => s + x * v[k], 0);
          const norm = (w: number[]) => Math.sqrt(w.reduce((s, x) => s + x * x, 0));
          expect(Number(cos.data[(n * 3 + i) * 2 + j])).toBeCloseTo(dot / (norm(u) * norm(v)), 12);
        }
      }
    }
    // A cosine similarity is scale-invariant and a vector's similarity with itself is 1.
    const self = new Dot(-1, { normalize: true, dtype: "float64" }).apply([a, ops.multiply(a, 3)]) as Tensor;
    expect(self.shape).toEqual([2, 3, 3]);
    for (let n = 0; n < 2; n++) for (let i = 0; i < 3; i++) expect(Number(self.data[n * 9 + i * 4])).toBeCloseTo(1, 12);
  });

  it("never carries a mask", () => {
    const x = f32([1, 2, 3, 4], [1, 2, 2]);
    const m = bool([1, 0], [1, 2]);
    const y = new Dot(2).apply([x, x], { mask: [m, m] }) as Tensor;
    expect(y.kerasMask ?? null).toBeNull();
  });
});

describe("masks (Keras's merging_test cases)", () => {
  // Masking(0) of x1 gives [0, 1, 0, 1]; of x2 [0, 0, 1, 1].
  const x1 = () => f32([0, 0, 1, 2, 0, 0, 3, 4], [1, 4, 2]);
  const x2 = () => f32([0, 0, 0, 0, 1, 2, 3, 4], [1, 4, 2]);
  const m1 = bool([0, 1, 0, 1], [1, 4]);
  const m2 = bool([0, 0, 1, 1], [1, 4]);
  const masked = (t: Tensor, m: Tensor) => {
    t.kerasMask = m as never;
    return t;
  };
  const cases: [string, any, number[], number[]][] = [
    // [layer, output with only x1 masked, output with both masked]
    ["Add", Add, [0, 0, 1, 2, 1, 2, 6, 8], [0, 0, 1, 2, 1, 2, 6, 8]],
    ["Subtract", Subtract, [0, 0, 1, 2, -1, -2, 0, 0], [0, 0, 1, 2, -1, -2, 0, 0]],
    ["Average", Average, [0, 0, 0.5, 1, 0.5, 1, 3, 4], [0, 0, 0.5, 1, 0.5, 1, 3, 4]],
    ["Multiply", Multiply, [0, 0, 0, 0, 1, 2, 9, 16], [0, 0, 1, 2, 1, 2, 9, 16]],
    ["Minimum", Minimum, [0, 0, 0, 0, 1, 2, 3, 4], [0, 0, 1, 2, 1, 2, 3, 4]],
  ];
  for (const [name, Cls, oneMasked, bothMasked] of cases) {
    it(name, () => {
      const y1 = new Cls().apply([masked(x1(), m1), x2()]) as Tensor;
      expect(nums(y1)).toEqual(oneMasked);
      expect(y1.kerasMask ?? null).toBeNull();
      const y2 = new Cls().apply([masked(x1(), m1), masked(x2(), m2)]) as Tensor;
      expect(nums(y2)).toEqual(bothMasked);
      expect(nums(y2.kerasMask as Tensor)).toEqual([0, 1, 1, 1]);
    });
  }
  it("Maximum (negative values, so a masked zero would otherwise win)", () => {
    const n1 = () => f32([0, 0, -1, -2, 0, 0, -3, -4], [1, 4, 2]);
    const n2 = () => f32([0, 0, 0, 0, -1, -2, -3, -4], [1, 4, 2]);
    const y1 = new Maximum().apply([masked(n1(), m1), n2()]) as Tensor;
    expect(nums(y1)).toEqual([0, 0, 0, 0, -1, -2, -3, -4]);
    expect(y1.kerasMask ?? null).toBeNull();
    const y2 = new Maximum().apply([masked(n1(), m1), masked(n2(), m2)]) as Tensor;
    expect(nums(y2)).toEqual([0, 0, -1, -2, -1, -2, -3, -4]);
    expect(nums(y2.kerasMask as Tensor)).toEqual([0, 1, 1, 1]);
  });

  it("masks passed as the `mask` call argument count like attached ones", () => {
    const y = new Maximum().apply([x1(), x2()], { mask: [m1, m2] }) as Tensor;
    expect(nums(y.kerasMask as Tensor)).toEqual([0, 1, 1, 1]);
  });

  it("computeMask: OR of the masks, null when any is missing, Keras's argument errors", () => {
    const layer = new Add();
    expect(nums(layer.computeMask([x1(), x2()], [m1, m2]) as Tensor)).toEqual([0, 1, 1, 1]);
    expect(layer.computeMask([x1(), x2()], [m1, null])).toBeNull();
    expect(layer.computeMask([x1(), x2()], null)).toBeNull();
    expect(() => layer.computeMask([x1(), x2()], m1)).toThrow("`mask` should be a list.");
    expect(() => layer.computeMask(x1(), [null, null])).toThrow("`inputs` should be a list.");
    expect(() => layer.computeMask([x1(), x2()], [null])).toThrow(/The lists `inputs` and `mask` should have the same length.*of length 2, and mask=.* of length 1/);
  });

  it("Concatenate: masks side by side along the time axis, OR along the feature axis", () => {
    const y1 = new Concatenate({ axis: 1 }).apply([masked(x1(), m1), x2()]) as Tensor;
    expect(nums(y1)).toEqual([0, 0, 1, 2, 0, 0, 3, 4, 0, 0, 0, 0, 1, 2, 3, 4]);
    expect(nums(y1.kerasMask as Tensor)).toEqual([0, 1, 0, 1, 1, 1, 1, 1]);
    const y2 = new Concatenate({ axis: 2 }).apply([masked(x1(), m1), x2()]) as Tensor;
    expect(nums(y2)).toEqual([0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 1, 2, 3, 4, 3, 4]);
    expect(nums(y2.kerasMask as Tensor)).toEqual([1, 1, 1, 1]);
    const y3 = new Concatenate({ axis: 2 }).apply([masked(x1(), m1), masked(x2(), m2)]) as Tensor;
    expect(nums(y3.kerasMask as Tensor)).toEqual([0, 1, 1, 1]);
    expect(new Concatenate().computeMask([x1(), x2()], [null, null])).toBeNull();
  });

  it("Concatenate mask in a functional model (Embedding with maskZero on one branch)", () => {
    const ids = Input({ shape: [3], dtype: "int32" });
    const feats = Input({ shape: [2, 2] });
    const emb = new layers.Embedding(5, 2, { maskZero: true }).apply(ids) as any;
    const joined = new Concatenate({ axis: 1 }).apply([emb, feats]) as any;
    expect(joined.shape).toEqual([null, 5, 2]);
    expect(joined.kerasMask.shape).toEqual([null, 5]);
    const model = new Model({ inputs: [ids, feats], outputs: joined.kerasMask });
    const out = model.apply([new Tensor(Int32Array.from([0, 3, 0]), [1, 3], "int32"), f32([1, 2, 3, 4], [1, 2, 2])]) as Tensor;
    expect(nums(out)).toEqual([0, 1, 0, 1, 1]);
  });
});

describe("functional helpers", () => {
  const a = Input({ shape: [3], name: "a" });
  const b = Input({ shape: [3], name: "b" });
  it("build the layer and call it (symbolic and eager)", () => {
    expect((layers.add([a, b]) as any).shape).toEqual([null, 3]);
    expect((layers.subtract([a, b], { name: "diff" }) as any).shape).toEqual([null, 3]);
    expect((layers.concatenate([a, b]) as any).shape).toEqual([null, 6]);
    const x = f32([1, 2, 3], [1, 3]);
    const y = f32([4, 5, 6], [1, 3]);
    expect(nums(layers.add([x, y]) as Tensor)).toEqual([5, 7, 9]);
    expect(nums(layers.subtract([x, y]) as Tensor)).toEqual([-3, -3, -3]);
    expect(nums(layers.multiply([x, y]) as Tensor)).toEqual([4, 10, 18]);
    expect(nums(layers.average([x, y]) as Tensor)).toEqual([2.5, 3.5, 4.5]);
    expect(nums(layers.maximum([x, y]) as Tensor)).toEqual([4, 5, 6]);
    expect(nums(layers.minimum([x, y]) as Tensor)).toEqual([1, 2, 3]);
    expect(nums(layers.dot([x, y]) as Tensor)).toEqual([32]);
    expect(nums(layers.dot([x, y], 1) as Tensor)).toEqual([32]);
    const cos = nums(layers.dot([x, y], { axes: 1, normalize: true }) as Tensor)[0];
    expect(cos).toBeCloseTo(32 / (Math.sqrt(14) * Math.sqrt(77)), 6);
    const p = f32([1, 2], [1, 1, 2]);
    expect((layers.concatenate([p, p], 1) as Tensor).shape).toEqual([1, 2, 2]);
    expect((layers.concatenate([p, p], { axis: 1 }) as Tensor).shape).toEqual([1, 2, 2]);
  });

  it("the named layer appears in the model's config with Keras's list-argument node", () => {
    const out = layers.concatenate([a, b], { axis: -1, name: "joined" });
    const model = new Model({ inputs: [a, b], outputs: out });
    const entry = (model.getConfig().layers as any[]).find((l) => l.name === "joined");
    expect(entry.class_name).toBe("Concatenate");
    expect(entry.config.axis).toBe(-1);
    expect(entry.build_config).toEqual({ input_shape: [[null, 3], [null, 3]] });
    expect(entry.inbound_nodes[0].args[0].map((t: any) => t.config.keras_history[0])).toEqual(["a", "b"]);
  });
});

describe("float64 finite-difference gradients", () => {
  const f64 = { dtype: "float64" };
  const shapes = [[2, 3, 4], [2, 1, 4]];
  const elementwise: [string, () => any][] = [
    ["Add", () => new Add(f64)], ["Subtract", () => new Subtract(f64)], ["Multiply", () => new Multiply(f64)],
    ["Average", () => new Average(f64)], ["Maximum", () => new Maximum(f64)], ["Minimum", () => new Minimum(f64)],
  ];
  for (const [name, make] of elementwise) {
    it(`${name} with broadcasting`, () => {
      const layer = make();
      checkGradients((p, q) => layer.apply([p, q]) as Tensor, [randomTensor(shapes[0], 1), randomTensor(shapes[1], 2)]);
    });
  }
  it("Add with rank expansion and a size-1 batch", () => {
    const layer = new Add(f64);
    checkGradients((p, q) => layer.apply([p, q]) as Tensor, [randomTensor([1, 2, 3], 1), randomTensor([1, 3], 2)]);
  });
  it("Concatenate (negative axis)", () => {
    const layer = new Concatenate({ axis: -2, ...f64 });
    checkGradients((p, q, r) => layer.apply([p, q, r]) as Tensor, [randomTensor([2, 1, 3], 1), randomTensor([2, 2, 3], 2), randomTensor([2, 3, 3], 3)]);
  });
  it("Dot on several axes and with normalize", () => {
    for (const [axes, s1, s2, normalize] of [
      [1, [2, 3], [2, 3], false], [[1, 2], [2, 3, 2], [2, 4, 3], false], [[2, 2], [2, 3, 4], [2, 2, 4], true], [-1, [2, 4], [2, 3, 4], true],
    ] as [any, number[], number[], boolean][]) {
      const layer = new Dot(axes, { normalize, ...f64 });
      checkGradients((p, q) => layer.apply([p, q]) as Tensor, [randomTensor(s1, 4), randomTensor(s2, 5)]);
    }
  });
  it("Multiply and Minimum with masks", () => {
    const m1 = bool([1, 0, 1, 1, 0, 1], [2, 3]);
    const m2 = bool([0, 0, 1, 1, 1, 0], [2, 3]);
    for (const layer of [new Multiply(f64), new Minimum(f64)]) {
      checkGradients((p, q) => layer.apply([p, q], { mask: [m1, m2] }) as Tensor, [randomTensor([2, 3, 2], 6), randomTensor([2, 3, 2], 7)]);
    }
  });
});

describe("configs", () => {
  it("merge layers have the base config; Concatenate adds axis, Dot axes and normalize", () => {
    const cfg = new Add({ name: "add" }).getConfig();
    expect(Object.keys(cfg).sort()).toEqual(["dtype", "name", "trainable"]);
    expect(new Concatenate({ name: "c", axis: 1 }).getConfig().axis).toBe(1);
    const dot = new Dot([1, 2], { normalize: true }).getConfig();
    expect([dot.axes, dot.normalize]).toEqual([[1, 2], true]);
    expect(new Dot(-1).getConfig().axes).toBe(-1);
    for (const layer of [new Concatenate({ axis: -2 }), new Dot([2, 1], { normalize: true }), new Maximum()]) {
      const copy = layers.deserialize(JSON.parse(JSON.stringify(layers.serialize(layer))));
      expect(copy.constructor).toBe(layer.constructor);
      expect(copy.getConfig()).toEqual(layer.getConfig());
    }
  });
});

describe("Keras's errors", () => {
  const a = Input({ shape: [4, 5] });
  const b = Input({ shape: [4, 5] });
  const c = Input({ shape: [4, 5] });
  it("Subtract needs exactly 2 inputs", () => {
    expect(() => new Subtract().apply([a, b, c])).toThrow(/A `Subtract` layer should be called on exactly 2 inputs. Received: input_shape=\[\(None, 4, 5\)/);
    expect(() => new Subtract().apply([a])).toThrow(/layer should be called on exactly 2 inputs/);
  });
  it("Dot needs exactly 2 inputs with matching contracted axes", () => {
    expect(() => new Dot(1).apply([a, b, c])).toThrow(/A `Dot` layer should be called on a list of 2 inputs/);
    expect(() => new Dot([1, 2]).apply([a, b])).toThrow("Incompatible input shapes: axis values 4 (at axis 1) != 5 (at axis 2). Full input shapes: (None, 4, 5), (None, 4, 5)");
    expect(() => new Dot("x" as never)).toThrow(/Invalid type for argument `axes`: it should be a list or an int/);
    expect(() => new Dot([1, 2, 3] as never)).toThrow(/it should contain two elements/);
    expect(() => new Dot([1, 0.5])).toThrow(/list elements should be integers/);
    expect(() => new Dot(0).apply([f32([1, 2], [1, 2]), f32([1, 2], [1, 2])])).toThrow(/Cannot perform batch_dot over axis 0/);
  });
  it("a merge layer needs a list of inputs", () => {
    expect(() => new Add().apply(a)).toThrow(
      "A merge layer should be called on a list of inputs. Received: input_shape=(None, 4, 5) (not a list of shapes)",
    );
    // An empty JS array converts to a tensor of shape (0,), which is not a list of inputs either.
    expect(() => new Add().apply([])).toThrow("A merge layer should be called on a list of inputs. Received: input_shape=(0,) (not a list of shapes)");
    expect(() => new Add().computeOutputShape([])).toThrow(/A merge layer should be called on a list of at least 1 input. Received 0 inputs/);
  });
  it("different batch sizes and incompatible shapes", () => {
    expect(() => new Add().apply([f32([1, 2], [2, 1]), f32([1, 2, 3], [3, 1])])).toThrow(/Cannot merge tensors with different batch sizes. Received tensors with shapes \[\(2, 1\), \(3, 1\)\]/);
    expect(() => new Add().apply([a, Input({ shape: [4, 3] })])).toThrow("Inputs have incompatible shapes. Received shapes (4, 5) and (4, 3)");
  });
  it("Concatenate shapes must match except on the axis", () => {
    expect(() => new Concatenate().apply([f32(new Array(10).fill(1), [1, 2, 1, 1, 5]), f32(new Array(4).fill(1), [1, 1, 1, 1, 4])])).toThrow(
      /A `Concatenate` layer requires inputs with matching shapes except for the concatenation axis/,
    );
    expect(() => new Concatenate({ axis: 1 }).apply([a, Input({ shape: [4] })])).toThrow(/requires inputs with matching shapes/);
    const ok = new Concatenate().apply([f32(new Array(5).fill(1), [1, 1, 1, 1, 5]), f32(new Array(4).fill(1), [1, 1, 1, 1, 4])]) as Tensor;
    expect(ok.shape).toEqual([1, 1, 1, 1, 9]);
  });
});
