/** RandomErasing, RandomGaussianBlur, MixUp, CutMix, and dict inputs of the image augmentation base. */
import { describe, expect, it } from "vitest";
import { Input, Model, ops, Tensor } from "../../../src/index.js";
import { CutMix, MixUp, RandomErasing, RandomGaussianBlur, RandomRotation } from "../../../src/layers/preprocessing/index.js";
import { expectClose, randomTensor } from "../../utils/gradcheck.js";
import { runLayerTest } from "../../utils/layer-test.js";

const f64 = { dtype: "float64" };
const flat = (t: Tensor) => Array.from(t.data);
const same = (a: Tensor, b: Tensor) => JSON.stringify(a.toArray()) === JSON.stringify(b.toArray());
/** Image i of a batch, flattened. */
const image = (t: Tensor, i: number) => flat(ops.slice(t, [i, 0, 0, 0], [1, ...t.shape.slice(1)]));

/** A batch whose image i holds the value 10 * (i + 1) everywhere (so every pixel tells its source image). */
function constantImages(n: number, h = 6, w = 8, c = 3): Tensor {
  const data = new Float64Array(n * h * w * c);
  for (let i = 0; i < n; i++) data.fill(10 * (i + 1), i * h * w * c, (i + 1) * h * w * c);
  return new Tensor(data, [n, h, w, c], "float64");
}

describe("RandomErasing", () => {
  it("contract harness", () => {
    runLayerTest({ layerCls: RandomErasing, initArgs: [], initKwargs: { seed: 1 }, inputShape: [2, 5, 6, 3], expectedOutputShape: [2, 5, 6, 3] });
  });

  it("fills one axis-aligned box per image with the fill value", () => {
    const x = constantImages(8);
    const y = new RandomErasing([1, 1], { scale: [0.1, 0.5], fillValue: 0, seed: 4, ...f64 }).apply(x) as Tensor;
    for (let i = 0; i < 8; i++) {
      const px = image(y, i);
      const erased: [number, number][] = [];
      for (let r = 0; r < 6; r++) for (let c = 0; c < 8; c++) {
        const v = px.slice((r * 8 + c) * 3, (r * 8 + c) * 3 + 3);
        expect(v.every((e) => e === v[0]), `image ${i} channels agree`).toBe(true);
        expect([0, 10 * (i + 1)]).toContain(v[0]);
        if (v[0] === 0) erased.push([r, c]);
      }
      // The erased pixels form a full rectangle.
      if (erased.length) {
        const rs = erased.map((p) => p[0]);
        const cs = erased.map((p) => p[1]);
        const area = (Math.max(...rs) - Math.min(...rs) + 1) * (Math.max(...cs) - Math.min(...cs) + 1);
        expect(erased.length, `image ${i}`).toBe(area);
      }
    }
  });

  it("scale 1 erases everything; per-channel fill values; probability 0 and inference erase nothing", () => {
    const x = constantImages(2, 3, 4, 3);
    const all = new RandomErasing([1, 1], { scale: [1, 1], fillValue: [1, 2, 300], ...f64 }).apply(x) as Tensor;
    expect(flat(all)).toEqual(new Array(24).fill([1, 2, 255]).flat()); // clipped to the value range
    const first = new RandomErasing([1, 1], { scale: [1, 1], fillValue: [1, 2, 3], dataFormat: "channels_first", ...f64 }).apply(ops.transpose(x, [0, 3, 1, 2])) as Tensor;
    expect(flat(ops.transpose(first, [0, 2, 3, 1]))).toEqual(new Array(24).fill([1, 2, 3]).flat());
    expect(same(new RandomErasing(0, { scale: [1, 1], ...f64 }).apply(x) as Tensor, x)).toBe(true);
    expect(same(new RandomErasing(1, f64).apply(x, { training: false }) as Tensor, x)).toBe(true);
    // Default fill: normal noise times value_range[1], clipped to the range.
    const noise = new RandomErasing([1, 1], { scale: [1, 1], seed: 1, ...f64 }).apply(x) as Tensor;
    expect(flat(noise).every((v) => v >= 0 && v <= 255)).toBe(true);
    expect(new Set(flat(noise)).size).toBeGreaterThan(5);
  });

  it("config and errors", () => {
    const layer = new RandomErasing(0.5, { scale: [0.1, 0.2], fillValue: 3, seed: 2 });
    expect(layer.getConfig()).toMatchObject({ factor: [0, 0.5], scale: [0.1, 0.2], fill_value: 3, value_range: [0, 255], seed: 2 });
    expect(RandomErasing.fromConfig(layer.getConfig()).getConfig()).toEqual(layer.getConfig());
    expect(() => new RandomErasing(0.5, { fillValue: [1, 2] })).toThrow(/RandomErasing: The `fill_value` argument/);
    expect(() => new RandomErasing(0.5, { scale: [0.5, 1.5, 2] })).toThrow(/RandomErasing: The `scale` argument/);
  });
});

describe("RandomGaussianBlur", () => {
  it("contract harness", () => {
    runLayerTest({ layerCls: RandomGaussianBlur, initArgs: [], initKwargs: { seed: 1 }, inputShape: [2, 5, 6, 3], expectedOutputShape: [2, 5, 6, 3] });
  });

  it("blurs with the drawn sigma when applied, clipped to the value range", () => {
    const x = ops.multiply(randomTensor([2, 5, 6, 3], 3, 0, 1), 255);
    const y = new RandomGaussianBlur([1, 1], { sigma: [0.5, 0.5], ...f64 }).apply(x) as Tensor;
    expectClose(y, ops.image.gaussianBlur(x, 3, 0.5 + 1e-6).data, 1e-9, 1e-9);
    const five = new RandomGaussianBlur([1, 1], { kernelSize: 5, sigma: [0.8, 0.8], ...f64 }).apply(x) as Tensor;
    expectClose(five, ops.image.gaussianBlur(x, 5, 0.8 + 1e-6).data, 1e-9, 1e-9);
    expect(same(new RandomGaussianBlur(0, f64).apply(x) as Tensor, x)).toBe(true);
    expect(same(new RandomGaussianBlur(1, f64).apply(x, { training: false }) as Tensor, x)).toBe(true);
  });

  it("config and errors", () => {
    const layer = new RandomGaussianBlur(0.5, { kernelSize: 5, sigma: 0.7, seed: 1 });
    expect(layer.getConfig()).toMatchObject({ factor: [0, 0.5], kernel_size: [5, 5], sigma: [0, 0.7], value_range: [0, 255], seed: 1 });
    expect(RandomGaussianBlur.fromConfig(layer.getConfig()).getConfig()).toEqual(layer.getConfig());
    expect(() => new RandomGaussianBlur(1, { kernelSize: 4 })).toThrow(/RandomGaussianBlur: kernel_size must be an odd number/);
    expect(() => new RandomGaussianBlur(1, { sigma: 2 })).toThrow(/RandomGaussianBlur: The `sigma` argument/);
  });
});

describe("MixUp", () => {
  it("contract harness", () => {
    runLayerTest({ layerCls: MixUp, initKwargs: { seed: 1 }, inputShape: [4, 3, 3, 2], expectedOutputShape: [4, 3, 3, 2] });
  });

  it("blends images and labels with one weight and one permutation", () => {
    const n = 6;
    const x = constantImages(n, 2, 2, 1);
    const labels = ops.oneHot(ops.arange(0, n, 1, "int32"), n, { dtype: "float64" });
    const out = new MixUp({ alpha: 0.4, seed: 3, ...f64 }).apply({ images: x, labels }) as Record<string, Tensor>;
    const lab = out.labels.toArray() as number[][];
    const weights = new Set<string>();
    for (let i = 0; i < n; i++) {
      const own = lab[i][i];
      const partner = lab[i].findIndex((v, k) => k !== i && v > 0);
      const w = partner < 0 ? 1 : own;
      weights.add(w.toFixed(9));
      const expected = w * 10 * (i + 1) + (1 - w) * 10 * ((partner < 0 ? i : partner) + 1);
      for (const v of image(out.images, i)) expect(v).toBeCloseTo(expected, 9);
    }
    expect(weights.size).toBe(1);
    expect(same(new MixUp(f64).apply(x, { training: false }) as Tensor, x)).toBe(true);
    const layer = new MixUp({ alpha: 0.3, seed: 5 });
    expect(layer.getConfig()).toMatchObject({ alpha: 0.3, seed: 5 });
    expect(MixUp.fromConfig(layer.getConfig()).getConfig()).toEqual(layer.getConfig());
  });
});

describe("CutMix", () => {
  it("contract harness", () => {
    runLayerTest({ layerCls: CutMix, initArgs: [], initKwargs: { seed: 1 }, inputShape: [4, 5, 6, 3], expectedOutputShape: [4, 5, 6, 3] });
  });

  it("pastes a box from the partner image and mixes the labels by the kept area", () => {
    const n = 8;
    const x = constantImages(n);
    const labels = ops.oneHot(ops.arange(0, n, 1, "int32"), n, { dtype: "float64" });
    const out = new CutMix(1, { seed: 6, ...f64 }).apply({ images: x, labels }) as Record<string, Tensor>;
    const lab = out.labels.toArray() as number[][];
    let pasted = 0;
    for (let i = 0; i < n; i++) {
      const px = image(out.images, i);
      const partnerValue = px.find((v) => v !== 10 * (i + 1));
      const partner = partnerValue === undefined ? i : partnerValue / 10 - 1;
      expect(px.every((v) => v === 10 * (i + 1) || v === 10 * (partner + 1))).toBe(true);
      if (partner !== i) {
        pasted++;
        const ownShare = px.filter((v) => v === 10 * (i + 1)).length / px.length;
        // Keras mixes by the box's real-valued area; the pixel count rounds it.
        expect(Math.abs(lab[i][i] - ownShare)).toBeLessThan(0.35);
        expect(lab[i][i] + lab[i][partner]).toBeCloseTo(1, 9);
      }
    }
    expect(pasted).toBeGreaterThan(0);
    expect(same(new CutMix(1, { seed: 1, ...f64 }).apply(x, { training: false }) as Tensor, x)).toBe(true);
    // A single image has nothing to mix with.
    const one = ops.slice(x, [0, 0, 0, 0], [1, 6, 8, 3]);
    expect(same(new CutMix(1, { seed: 1, ...f64 }).apply(ops.squeeze(one, 0)) as Tensor, ops.squeeze(one, 0))).toBe(true);
    const layer = new CutMix(0.5, { seed: 2 });
    expect(layer.getConfig()).toMatchObject({ factor: [0, 0.5], seed: 2 });
    expect(CutMix.fromConfig(layer.getConfig()).getConfig()).toEqual(layer.getConfig());
  });
});

describe("image augmentation base", () => {
  it("applies one transformation to the images and masks of a dict; single images and labels keep their rank", () => {
    const images = randomTensor([5, 5, 1], 2);
    const out = new RandomRotation([0.5, 0.5], f64).apply({ images, segmentation_masks: images, labels: ops.ones([3]) }) as Record<string, Tensor>;
    expect(out.images.shape).toEqual([5, 5, 1]);
    expect(flat(out.segmentation_masks)).toEqual(flat(out.images));
    expect(out.labels.shape).toEqual([3]);
    expect(() => new RandomRotation(0.1).apply({ labels: ops.ones([3]) } as never)).toThrow(/"images" entry/);
    expect(() => new RandomRotation(0.1).apply({ images, bounding_boxes: ops.ones([1, 4]) } as never)).toThrow(/bounding boxes are not supported/);
  });

  it("works inside a functional model: augmentation in training, identity in predict", async () => {
    const input = Input({ shape: [4, 4, 1] });
    const output = new RandomRotation([0.5, 0.5]).apply(input);
    const model = new Model({ inputs: input, outputs: output as never });
    const x = ops.reshape(ops.arange(0, 16, 1, "float32"), [1, 4, 4, 1]);
    expect(flat(model.predict(x) as Tensor)).toEqual(flat(x));
    expectClose(model.apply(x, { training: true }) as Tensor, flat(x).reverse(), 0, 1e-5);
  });
});
