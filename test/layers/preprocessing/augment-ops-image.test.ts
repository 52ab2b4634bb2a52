/** ops.image: affineTransform (every fill mode, both interpolations, layouts, gradients), colour spaces and Gaussian blur. */
import { describe, expect, it } from "vitest";
import { ops, Tensor } from "../../../src/index.js";
import { checkGradients, expectClose, randomTensor } from "../../utils/gradcheck.js";
import { registerBackend, setBackend } from "../../../src/backend/backend.js";
import { cpuBackend } from "../../../src/backend/cpu/index.js";
import { imageTransform, imageTransformBackward } from "../../../src/backend/cpu/image.js";
import { GradientTape } from "../../../src/autodiff/tape.js";

/** Runs `fn` on the cpu backend with the image kernels present (or absent, so ops sample with gathers). */
function withImageKernels<T>(present: boolean, fn: () => T): T {
  const name = present ? "cpu-with-image-kernels" : "cpu-without-image-kernels";
  registerBackend(name, () => ({ ...cpuBackend, imageTransform: present ? imageTransform : undefined, imageTransformBackward: present ? imageTransformBackward : undefined }));
  setBackend(name);
  try {
    return fn();
  } finally {
    setBackend("cpu");
  }
}

/** The 5 x 5 image holding 0..24 row by row, as a (1, 5, 5, 1) batch. */
const grid5 = () => ops.reshape(ops.arange(0, 25, 1, "float64"), [1, 5, 5, 1]);
const rows = (t: Tensor) => ops.reshape(t, [-1, 5]).toArray() as number[][];
const shiftDown = [1, 0, 0, 0, 1, -2, 0, 0]; // y_in = y - 2: the content moves down two rows

describe("ops.image.affineTransform", () => {
  it("fills the uncovered rows by each fill mode", () => {
    const expected: Record<string, number[]> = {
      constant: [-1, -1, 0, 1, 2], // rows read by output rows 0..4 (-1: fill value)
      nearest: [0, 0, 0, 1, 2],
      wrap: [3, 4, 0, 1, 2],
      mirror: [2, 1, 0, 1, 2], // (c b | a b c)
      reflect: [1, 0, 0, 1, 2], // (b a | a b c)
    };
    for (const [mode, sourceRows] of Object.entries(expected)) {
      const out = ops.image.affineTransform(grid5(), shiftDown, { fillMode: mode, fillValue: -7 });
      const want = sourceRows.map((r) => [0, 1, 2, 3, 4].map((c) => (r < 0 ? -7 : 5 * r + c)));
      expect(rows(out), mode).toEqual(want);
    }
  });

  it("samples between pixels bilinearly, the constant fill counting as a pixel value beyond the edge", () => {
    // x_in = x + 0.5: halfway between columns; the last column blends pixel 4 with the fill value 10.
    const out = ops.image.affineTransform(grid5(), [1, 0, 0.5, 0, 1, 0, 0, 0], { fillValue: 10 });
    expect(rows(out)[1]).toEqual([5.5, 6.5, 7.5, 8.5, 0.5 * 9 + 0.5 * 10]);
    // Nearest rounds half up (scipy's order 0): x + 0.5 reads column x + 1.
    const nearest = ops.image.affineTransform(grid5(), [1, 0, 0.5, 0, 1, 0, 0, 0], "nearest", "nearest");
    expect(rows(nearest)[2]).toEqual([11, 12, 13, 14, 14]);
  });

  it("rotates by 180 and 90 degrees, one transform per image of a batch, in both data formats", () => {
    const x = ops.concatenate([grid5(), ops.multiply(grid5(), 10)], 0);
    const half = [-1, 0, 4, 0, -1, 4, 0, 0]; // x_in = 4 - x, y_in = 4 - y
    const quarter = [0, -1, 4, 1, 0, 0, 0, 0]; // x_in = 4 - y, y_in = x
    const out = ops.image.affineTransform(x, [half, quarter]);
    expect(rows(ops.slice(out, [0, 0, 0, 0], [1, 5, 5, 1]))).toEqual([0, 1, 2, 3, 4].map((r) => [0, 1, 2, 3, 4].map((c) => 24 - 5 * r - c)));
    const turned = rows(ops.slice(out, [1, 0, 0, 0], [1, 5, 5, 1]));
    expect(turned[0]).toEqual([40, 90, 140, 190, 240]);
    expect(turned[4]).toEqual([0, 50, 100, 150, 200]);
    const channelsFirst = ops.image.affineTransform(ops.transpose(x, [0, 3, 1, 2]), [half, quarter], { dataFormat: "channels_first" });
    expect(ops.transpose(channelsFirst, [0, 2, 3, 1]).toArray()).toEqual(out.toArray());
    // One image (rank 3) with one transform (rank 1).
    const single = ops.image.affineTransform(ops.squeeze(grid5(), 0), half);
    expect(single.shape).toEqual([5, 5, 1]);
    expect(rows(single)[0]).toEqual([24, 23, 22, 21, 20]);
  });

  it("applies the projective division by k = c0 x + c1 y + 1", () => {
    // a = identity scaled by 2, c0 = 1: x_in = 2x / (x + 1), y_in = 2y / (x + 1).
    const out = ops.image.affineTransform(grid5(), [2, 0, 0, 0, 2, 0, 1, 0], "nearest");
    const r = rows(out);
    expect(r[2][1]).toBe(5 * 2 + 1); // x=1, y=2: (1, 2)
    expect(r[3][3]).toBe(5 * 2 + 2); // x=3, y=3: (1.5 -> 2, 1.5 -> 2)
  });

  it("keeps integer images integer and leaves empty images empty", () => {
    const ints = ops.cast(grid5(), "int32");
    const out = ops.image.affineTransform(ints, [1, 0, 0.5, 0, 1, 0, 0, 0]);
    expect(out.dtype).toBe("int32");
    expect(rows(out)[0]).toEqual([0, 2, 2, 4, 2]); // 0.5, 1.5, 2.5, 3.5 rounded half to even, as numpy does; 2 = (4 + 0) / 2
    expect(ops.image.affineTransform(ops.zeros([2, 0, 3, 1]), [1, 0, 0, 0, 1, 0, 0, 0]).shape).toEqual([2, 0, 3, 1]);
  });

  it("gradients reach the images and the transform (every fill mode)", () => {
    const images = randomTensor([2, 4, 3, 2], 3);
    const transform = new Tensor(new Float64Array([0.9, 0.2, 0.3, -0.15, 1.1, -0.4, 0.01, 0.02, 0.8, -0.3, 1.17, 0.25, 0.95, 0.63, 0, 0]), [2, 8], "float64");
    for (const fillMode of ["constant", "nearest", "wrap", "mirror", "reflect"]) {
      checkGradients((x, t) => ops.image.affineTransform(x, t, { fillMode, fillValue: 0.5 }), [images, transform], { maxEntries: 24 });
    }
    checkGradients((x) => ops.image.affineTransform(x, transform, "nearest", "reflect"), [images]);
    checkGradients((x) => ops.image.affineTransform(x, [1, 0, 0.3, 0, 1, -0.6, 0, 0], { dataFormat: "channels_first" }), [randomTensor([2, 3, 4], 4)]);
  });

  it("rejects bad arguments, naming the op", () => {
    expect(() => ops.image.affineTransform(grid5(), shiftDown, { fillMode: "edge" })).toThrow(/affineTransform.*fill_mode.*edge/);
    expect(() => ops.image.affineTransform(grid5(), shiftDown, "bicubic")).toThrow(/affineTransform.*interpolation/);
    expect(() => ops.image.affineTransform(ops.zeros([5, 5]), shiftDown)).toThrow(/images rank/);
    expect(() => ops.image.affineTransform(grid5(), [[[1]]])).toThrow(/transform rank/);
    expect(() => ops.image.affineTransform(grid5(), [1, 0, 0])).toThrow(/8 coefficients/);
    expect(() => ops.image.affineTransform(grid5(), [shiftDown, shiftDown, shiftDown])).toThrow(/one transform per image/);
  });
});

describe("ops.image resampling kernel (backend imageTransform)", () => {
  it("matches the gather path for every fill mode and interpolation, in float32 and float64", () => {
    const images = randomTensor([2, 5, 4, 3], 11);
    const transform = [[0.9, 0.35, -1.2, -0.3, 1.1, 0.7, 0.02, -0.03], [-1, 0, 3, 0, -1, 4, 0, 0]];
    for (const dtype of ["float32", "float64"]) {
      const x = ops.cast(images, dtype);
      for (const interpolation of ["bilinear", "nearest"]) {
        for (const fillMode of ["constant", "nearest", "wrap", "mirror", "reflect"]) {
          const run = (present: boolean) => withImageKernels(present, () => ops.image.affineTransform(x, transform, { interpolation, fillMode, fillValue: 0.25 }));
          const fast = run(true);
          expect(fast.dtype).toBe(dtype);
          expectClose(fast, run(false).data, dtype === "float32" ? 1e-5 : 1e-12, dtype === "float32" ? 1e-6 : 1e-12);
        }
      }
    }
  });

  it("its gradient (the adjoint) and the adjoint's gradient are right", () => {
    const transform = [[0.8, -0.3, 1.17, 0.25, 0.95, 0.63, 0, 0]];
    withImageKernels(true, () => {
      for (const fillMode of ["constant", "reflect", "wrap"]) {
        checkGradients((x) => ops.image.affineTransform(x, transform, { fillMode, fillValue: 2 }), [randomTensor([1, 4, 5, 2], 12)]);
      }
      // Second order: gx = A^T v (the adjoint), and d/dv sum(gx * u) = A u, the sampling of u with no fill.
      const x = randomTensor([1, 4, 5, 2], 13);
      const v = randomTensor([1, 4, 5, 2], 14);
      const u = randomTensor([1, 4, 5, 2], 15);
      const outer = new GradientTape();
      outer.watch(v);
      const total = outer.record(() => {
        const inner = new GradientTape();
        inner.watch(x);
        const y = inner.record(() => ops.sum(ops.multiply(ops.image.affineTransform(x, transform[0], { fillValue: 2 }), v)));
        const [gx] = inner.gradient(y, [x]) as Tensor[];
        return ops.sum(ops.multiply(gx, u));
      });
      const [gv] = outer.gradient(total, [v]) as Tensor[];
      expectClose(gv, ops.image.affineTransform(u, transform[0], { fillValue: 0 }).data, 1e-12, 1e-12);
    });
  });
});

describe("ops.image colour spaces", () => {
  const rgb = new Tensor(new Float64Array([1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1, 0.5, 0.25, 0, 0.2, 0.4, 0.8]), [1, 2, 3, 3], "float64");

  it("rgbToGrayscale weighs the channels 0.2989, 0.587, 0.114", () => {
    const g = ops.image.rgbToGrayscale(rgb);
    expect(g.shape).toEqual([1, 2, 3, 1]);
    expectClose(g, [0.2989, 0.587, 0.114, 0.9999, 0.2989 * 0.5 + 0.587 * 0.25, 0.2989 * 0.2 + 0.587 * 0.4 + 0.114 * 0.8]);
    const first = ops.image.rgbToGrayscale(ops.transpose(rgb, [0, 3, 1, 2]), { dataFormat: "channels_first" });
    expect(first.shape).toEqual([1, 1, 2, 3]);
    expectClose(first, g.data);
    expect(ops.image.rgbToGrayscale(ops.cast(ops.multiply(rgb, 200), "int32")).dtype).toBe("int32");
  });

  it("rgbToHsv gives the hue, saturation and value of known colours, and hsvToRgb inverts it", () => {
    const hsv = ops.image.rgbToHsv(rgb);
    // red, green, blue, white, orange (0.5, 0.25, 0): hue 1/12, azure-ish (0.2, 0.4, 0.8): hue 0.6111
    expectClose(hsv, [0, 1, 1, 1 / 3, 1, 1, 2 / 3, 1, 1, 0, 0, 1, 1 / 12, 1, 0.5, (4 + (0.2 - 0.4) / 0.6) / 6, 0.75, 0.8], 1e-12, 1e-12);
    expectClose(ops.image.hsvToRgb(hsv), rgb.data, 1e-12, 1e-12);
    checkGradients((x) => ops.image.hsvToRgb(x), [new Tensor(new Float64Array([0.1, 0.5, 0.7, 0.45, 0.9, 0.3, 0.8, 0.2, 0.6]), [1, 1, 3, 3], "float64")]);
    expect(() => ops.image.rgbToHsv(ops.cast(rgb, "int32"))).toThrow(/expected float dtype/);
    expect(() => ops.image.rgbToHsv(ops.zeros([1, 2, 2, 4]))).toThrow(/3 \(RGB\) channels/);
  });
});

describe("ops.image.gaussianBlur", () => {
  it("convolves with the normalised Gaussian, zero padded", () => {
    const impulse = ops.reshape(ops.oneHot(12, 25, { dtype: "float64" }), [1, 5, 5, 1]);
    const blurred = ops.image.gaussianBlur(impulse, [3, 3], [1, 1]);
    const g = [Math.exp(-0.5), 1, Math.exp(-0.5)];
    const total = g[0] + g[1] + g[2];
    const r = rows(blurred);
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) expect(r[2 + dy][2 + dx]).toBeCloseTo((g[dy + 1] * g[dx + 1]) / total ** 2, 12);
    expect(r[0]).toEqual([0, 0, 0, 0, 0]);
    // Zero padding: a constant image loses mass at the border.
    const ones = ops.image.gaussianBlur(ops.ones([4, 4, 1], "float64"));
    expect(ones.shape).toEqual([4, 4, 1]);
    expect(ones.data[5]).toBeCloseTo(1, 12);
    expect(ones.data[0]).toBeCloseTo(((g[1] + g[2]) / total) ** 2, 12);
    checkGradients((x) => ops.image.gaussianBlur(x, 3, 0.8), [randomTensor([1, 4, 5, 2], 9)]);
  });
});

describe("ops.image on KerasTensors", () => {
  it("records an operation node (module keras.src.ops.image) that a functional model runs", async () => {
    const { Input, Model } = await import("../../../src/index.js");
    const input = Input({ shape: [5, 5, 1] });
    const output = ops.image.affineTransform(input, [-1, 0, 4, 0, -1, 4, 0, 0]);
    expect(output.shape).toEqual([null, 5, 5, 1]);
    const model = new Model({ inputs: input, outputs: output as never });
    const x = ops.reshape(ops.arange(0, 25, 1, "float32"), [1, 5, 5, 1]);
    expect(Array.from((model.predict(x) as Tensor).data)).toEqual(Array.from(x.data).reverse());
    const layerConfig = (model.getConfig().layers as { module: string; class_name: string }[]).find((l) => l.class_name === "AffineTransform");
    expect(layerConfig?.module).toBe("keras.src.ops.image");
  });
});
