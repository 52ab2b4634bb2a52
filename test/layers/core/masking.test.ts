/** Masking: hand-computed masks and outputs, masks reaching later layers, mask values, config, gradients. */
import { describe, expect, it } from "vitest";
import { Input, Model, Sequential, Tensor, layers, ops, valueAndGrad } from "../../../src/index.js";
import { runLayerTest } from "../../utils/layer-test.js";
import { checkLayerGradients } from "../layer-gradcheck.js";

const { Masking } = layers;
const t32 = (values: number[], shape: number[]) => new Tensor(Float32Array.from(values), shape, "float32");
/** Values with -0 read as 0 (a zeroed negative entry is -0). */
const plain = (t: Tensor) => Array.from(t.data as Float32Array, (v) => v + 0);

// Two sequences of 3 steps with 2 features; padding steps are all zeros (or all -1 below).
const x = t32([1, 2, 0, 0, 3, 0, /* */ 0, 0, 0, 5, -1, -1], [2, 3, 2]);

describe("Masking", () => {
  it("contract: stateless, supports masking, mask of shape (batch, steps)", () => {
    runLayerTest({
      layerCls: Masking, initKwargs: { maskValue: 0 }, inputShape: [2, 3, 4], expectedOutputShape: [2, 3, 4],
      expectedNumTrainableWeights: 0, supportsMasking: true, expectedMaskShape: [2, 3], assertBuiltAfterInstantiation: true,
    });
  });

  it("a step is masked only when every feature equals mask_value; masked steps are zeroed", () => {
    const y = new Masking().apply(x) as Tensor;
    expect(plain(y)).toEqual([1, 2, 0, 0, 3, 0, 0, 0, 0, 5, -1, -1]);
    expect(y.kerasMask!.dtype).toBe("bool");
    expect(y.kerasMask!.toArray()).toEqual([[true, false, true], [false, true, true]]);

    const m1 = new Masking({ maskValue: -1 });
    const y1 = m1.apply(x) as Tensor;
    expect(y1.kerasMask!.toArray()).toEqual([[true, true, true], [true, true, false]]);
    expect(plain(y1)).toEqual([1, 2, 0, 0, 3, 0, 0, 0, 0, 5, 0, 0]);
    expect((m1.computeMask(x) as Tensor).toArray()).toEqual([[true, true, true], [true, true, false]]);
  });

  it("the mask reaches the next layer: a masked mean over the unmasked steps only (Sequential and functional)", () => {
    const model = new Sequential([Input({ shape: [3, 2] }), new Masking(), new layers.GlobalAveragePooling1D()]);
    // Sequence 0: steps 0 and 2 -> ([1,2] + [3,0]) / 2; sequence 1: steps 1 and 2 -> ([0,5] + [-1,-1]) / 2.
    expect(Array.from((model.apply(x) as Tensor).data)).toEqual([2, 1, -0.5, 2]);

    const inp = Input({ shape: [3, 2] });
    const masked = new Masking().apply(inp);
    expect(masked.kerasMask.shape).toEqual([null, 3]);
    const fn = new Model({ inputs: inp, outputs: new layers.GlobalAveragePooling1D().apply(masked) });
    expect(Array.from((fn.apply(x) as Tensor).data)).toEqual([2, 1, -0.5, 2]);
  });

  it("config: mask_value as a float, default 0, round trip", () => {
    const config = new Masking({ maskValue: -1, name: "pad" }).getConfig();
    expect(config).toMatchObject({ name: "pad", mask_value: -1 });
    expect(new Masking().getConfig().mask_value).toBe(0);
    expect(Masking.fromConfig(config).maskValue).toBe(-1);
    expect(() => new Masking({ maskValue: "x" as never })).toThrow(/`mask_value` must be a number or a tensor/);
  });

  it("float64 gradients: ones at kept steps, zeros at masked steps", () => {
    const layer = new Masking({ dtype: "float64" });
    // Finite differences only away from masked steps (perturbing a padding entry unmasks its step).
    checkLayerGradients(layer, ops.cast(t32([1, 2, 0.5, 0, 3, 0, 0.1, 0, 0, 5, -1, -1], [2, 3, 2]), "float64") as Tensor);
    const x64 = ops.cast(x, "float64") as Tensor;
    const { grads } = valueAndGrad(() => ops.sum(layer.apply(x64) as Tensor), [x64]);
    expect(Array.from(grads[0].data)).toEqual([1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 1, 1]);
  });
});
