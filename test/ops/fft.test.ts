/** Fourier ops on [real, imag] pairs: known signals, a direct DFT, round trips, Keras's examples, errors, gradients. */
import { describe, expect, it } from "vitest";
import { Tensor, ops } from "../../src/index.js";
import { checkGradients, expectClose, randomTensor } from "../utils/gradcheck.js";

const f32 = (v: number[] | number[][]) => ops.convertToTensor(v, "float32");

/** The O(n^2) DFT along the last axis, written out independently of the library. */
function directDft(re: Tensor, im: Tensor, inverse = false): [number[], number[]] {
  const n = re.shape[re.rank - 1];
  const outRe: number[] = [];
  const outIm: number[] = [];
  const sign = inverse ? 1 : -1;
  for (let row = 0; row < re.size / n; row++) {
    for (let k = 0; k < n; k++) {
      let sr = 0;
      let si = 0;
      for (let j = 0; j < n; j++) {
        const angle = (sign * 2 * Math.PI * ((j * k) % n)) / n;
        const xr = re.data[row * n + j];
        const xi = im.data[row * n + j];
        sr += xr * Math.cos(angle) - xi * Math.sin(angle);
        si += xr * Math.sin(angle) + xi * Math.cos(angle);
      }
      outRe.push(inverse ? sr / n : sr);
      outIm.push(inverse ? si / n : si);
    }
  }
  return [outRe, outIm];
}

describe("fft", () => {
  it("transforms known signals: a delta, a constant, a cosine", () => {
    const [dr, di] = ops.fft([f32([1, 0, 0, 0]), f32([0, 0, 0, 0])]);
    expect(dr.toArray()).toEqual([1, 1, 1, 1]);
    expect(di.toArray()).toEqual([0, 0, 0, 0]);
    const [cr] = ops.fft([f32([2, 2, 2, 2, 2, 2]), ops.zeros([6])]);
    expectClose(cr, [12, 0, 0, 0, 0, 0], 0, 1e-6);
    // cos(2 pi 3 j / 16): n / 2 at bins 3 and 13.
    const cosine = ops.cos(ops.multiply(ops.arange(16, null, null, "float64"), (2 * Math.PI * 3) / 16));
    const [wr, wi] = ops.fft([cosine, ops.zerosLike(cosine)]);
    expectClose(wr, Array.from({ length: 16 }, (_, k) => (k === 3 || k === 13 ? 8 : 0)), 0, 1e-12);
    expectClose(wi, new Array(16).fill(0), 0, 1e-12);
  });

  it("matches a direct DFT for power-of-two and other lengths (Bluestein), batched, in float64 and float32", () => {
    for (const n of [1, 2, 3, 5, 7, 8, 12, 16, 17, 31]) {
      const re = randomTensor([2, 3, n], n);
      const im = randomTensor([2, 3, n], n + 100);
      const [er, ei] = directDft(re, im);
      const [r, i] = ops.fft([re, im]);
      expect(r.shape).toEqual([2, 3, n]);
      expectClose(r, er, 1e-10, 1e-12);
      expectClose(i, ei, 1e-10, 1e-12);
      const [r32] = ops.fft([ops.cast(re, "float32"), ops.cast(im, "float32")]);
      expect(r32.dtype).toBe("float32");
      expectClose(r32, er, 1e-4, 1e-5);
    }
  });

  it("matches Keras's documented example", () => {
    const [r, i] = ops.fft([f32([1, 2]), f32([0, 1])]);
    expect(r.toArray()).toEqual([3, -1]);
    expect(i.toArray()).toEqual([1, -1]);
  });
});

describe("fft2 and ifft2", () => {
  it("matches Keras's example and a direct 2-D DFT, and ifft2 inverts fft2", () => {
    const [r, i] = ops.fft2([f32([[1, 2], [2, 1]]), f32([[0, 1], [1, 0]])]);
    expect(r.toArray()).toEqual([[6, 0], [0, -2]]);
    expect(i.toArray()).toEqual([[2, 0], [0, -2]]);
    const re = randomTensor([2, 3, 5], 1);
    const im = randomTensor([2, 3, 5], 2);
    const [fr, fi] = ops.fft2([re, im]);
    // Along the last axis, then along the one before.
    const [ar, ai] = directDft(re, im);
    const rowsRe = ops.swapaxes(ops.reshape(ops.convertToTensor(ar, "float64"), [2, 3, 5]), -1, -2);
    const rowsIm = ops.swapaxes(ops.reshape(ops.convertToTensor(ai, "float64"), [2, 3, 5]), -1, -2);
    const [br, bi] = directDft(rowsRe, rowsIm);
    expectClose(ops.swapaxes(ops.reshape(ops.convertToTensor(br, "float64"), [2, 5, 3]), -1, -2), fr.data, 1e-10, 1e-12);
    expectClose(ops.swapaxes(ops.reshape(ops.convertToTensor(bi, "float64"), [2, 5, 3]), -1, -2), fi.data, 1e-10, 1e-12);
    const [rr, ri] = ops.ifft2([fr, fi]);
    expectClose(rr, re.data, 1e-12, 1e-12);
    expectClose(ri, im.data, 1e-12, 1e-12);
  });
});

describe("rfft and irfft", () => {
  it("match Keras's documented examples", () => {
    const x = f32([0, 1, 2, 3, 4]);
    const [r, i] = ops.rfft(x);
    expectClose(r, [10, -2.5, -2.5], 1e-6, 1e-6);
    expectClose(i, [0, 3.4409548, 0.81229924], 1e-6, 1e-6);
    expect(i.data[0]).toBe(0);
    expect(i.dtype).toBe("float32");
    const [r3, i3] = ops.rfft(x, 3);
    expectClose(r3, [3, -1.5], 1e-6, 1e-6);
    expectClose(i3, [0, 0.8660254], 1e-6, 1e-6);
    expectClose(ops.irfft(ops.rfft(x, 5), 5), [0, 1, 2, 3, 4], 1e-6, 1e-6);
  });

  it("pad and crop to fftLength, and invert each other for even and odd lengths", () => {
    const x = randomTensor([3, 6], 5);
    const [pr, pi] = ops.rfft(x, { fftLength: 10 });
    expect(pr.shape).toEqual([3, 6]);
    const [er, ei] = directDft(ops.pad(x, [[0, 0], [0, 4]]), ops.zeros([3, 10], "float64"));
    const firstBins = (v: number[]) => v.filter((_, idx) => idx % 10 < 6);
    expectClose(pr, firstBins(er), 1e-12, 1e-12);
    expectClose(pi, firstBins(ei), 1e-12, 1e-12);
    for (const n of [6, 7, 1, 16]) {
      const signal = randomTensor([2, n], 10 + n);
      const back = ops.irfft(ops.rfft(signal), n);
      expect(back.shape).toEqual([2, n]);
      expectClose(back, signal.data, 1e-12, 1e-12);
    }
    // Default length 2 (bins - 1).
    expect(ops.irfft(ops.rfft(randomTensor([8], 3))).shape).toEqual([8]);
  });

  it("irfft ignores the imaginary parts of the zero and Nyquist bins, as numpy", () => {
    const re = f32([0, 1, 2, 3, 4]);
    const out = ops.irfft([re, re]);
    expect(out.shape).toEqual([8]);
    // Hand value at t = 0: (X0 + 2 (X1 + X2 + X3) + X4) / 8 with real parts 0..4.
    expect(out.data[0]).toBeCloseTo(2, 6);
    expectClose(ops.irfft([ops.zeros([5]), f32([7, 0, 0, 0, 9])]), new Array(8).fill(0), 0, 1e-7);
  });
});

describe("stft and istft", () => {
  it("match Keras's documented examples", () => {
    const x = f32([0, 1, 2, 3, 4]);
    const [r, i] = ops.stft(x, 3, 2, 3);
    expectClose(r, [0.75, -0.375, 3.75, -1.875, 5.25, -2.625], 1e-6, 1e-6);
    expectClose(i, [0, 0.64951905, 0, 0.64951905, 0, -0.64951905], 1e-6, 1e-6);
    expectClose(ops.istft(ops.stft(x, 1, 1, 1), 1, 1, 1), [0, 1, 2, 3, 4], 1e-6, 1e-6);
  });

  it("frame counts follow Keras's formula, with and without centring", () => {
    const x = randomTensor([2, 50], 1);
    expect(ops.stft(x, 8, 4, 16)[0].shape).toEqual([2, 1 + Math.floor((50 + 16 - 16) / 4), 9]);
    expect(ops.stft(x, 8, 4, 16, "hamming", false)[0].shape).toEqual([2, 1 + Math.floor((50 - 16) / 4), 9]);
    expect(ops.stft(x, 10, 3, 10, { window: null, center: false })[1].shape).toEqual([2, 14, 6]);
  });

  it("with no window and no centring, frames are plain rffts", () => {
    const x = randomTensor([20], 2);
    const [r, i] = ops.stft(x, 8, 4, 8, null, false);
    const frame = ops.slice(x, [4], [8]);
    const [fr, fi] = ops.rfft(frame);
    expectClose(ops.slice(r, [1, 0], [1, 5]), fr.data, 1e-12, 1e-12);
    expectClose(ops.slice(i, [1, 0], [1, 5]), fi.data, 1e-12, 1e-12);
  });

  it("istft(stft(x)) recovers x (hann, hamming, a custom window, fftLength > sequenceLength, batches)", () => {
    const x = randomTensor([2, 64], 3);
    for (const [seq, stride, n, window] of [
      [16, 4, 16, "hann"],
      [16, 8, 32, "hamming"],
      [12, 3, 16, "hann"],
    ] as const) {
      const back = ops.istft(ops.stft(x, seq, stride, n, window), seq, stride, n, { window, length: 64 });
      expect(back.shape).toEqual([2, 64]);
      expectClose(back, x.data, 1e-10, 1e-10);
    }
    const custom = ops.add(ops.ones([16], "float64"), randomTensor([16], 4, 0, 0.5));
    const back = ops.istft(ops.stft(x, 16, 4, 16, custom), 16, 4, 16, null, custom);
    expectClose(back, x.data, 1e-10, 1e-10);
    // Without centring, the interior (where the window overlap is not zero) is recovered.
    const raw = ops.istft(ops.stft(x, 16, 4, 16, "hann", false), 16, 4, 16, null, "hann", false);
    expectClose(ops.slice(raw, [0, 4], [2, 56]), ops.slice(x, [0, 4], [2, 56]).data, 1e-10, 1e-10);
  });

  it("rejects bad arguments naming the op", () => {
    expect(() => ops.stft(ops.convertToTensor([1, 2, 3, 4]), 2, 1, 2)).toThrow(/ops\.stft: Invalid input type. Expected `float32` or `float64`. Received: input type=int32/);
    expect(() => ops.stft(f32([1, 2, 3, 4]), 4, 1, 2)).toThrow(/ops\.stft: `fft_length` must equal or larger than `sequence_length`/);
    expect(() => ops.stft(f32([1, 2, 3, 4]), 2, 1, 2, "blackman" as never)).toThrow(/ops\.stft: If a string is passed to `window`, it must be one of `"hann"`, `"hamming"`/);
    expect(() => ops.stft(f32([1, 2, 3, 4]), 2, 1, 2, f32([1, 1, 1]))).toThrow(/ops\.stft: The shape of `window` must be equal to \[sequence_length\]/);
    expect(() => ops.stft(f32([1, 2, 3]), 2, 1, 8, "hann", false)).toThrow(/ops\.stft: the signal \(3 samples\) is shorter than fft_length=8/);
    expect(() => ops.istft([f32([[1, 2]]), f32([[1, 2]])], 2, 0, 2)).toThrow(/ops\.istft: `sequence_stride` must be a positive integer/);
    expect(() => ops.istft([f32([1, 2]), f32([1, 2])], 2, 1, 2)).toThrow(/ops\.istft: Input should have rank >= 2/);
  });
});

describe("complex input checks", () => {
  it("requires a pair of float tensors of one shape", () => {
    expect(() => ops.fft(f32([1, 2]) as never)).toThrow(/ops\.fft: Input `x` should be a tuple of two tensors - real and imaginary/);
    expect(() => ops.fft([f32([1, 2]), f32([1, 2, 3])])).toThrow(/ops\.fft: .*Both the real and imaginary parts should have the same shape. Received: x\[0\].shape = \(2,\), x\[1\].shape = \(3,\)/);
    expect(() => ops.fft([ops.convertToTensor([1, 2]), ops.convertToTensor([1, 2])])).toThrow(/ops\.fft: At least one tensor in input `x` is not of type float/);
    expect(() => ops.fft2([f32([1, 2]), f32([1, 2])])).toThrow(/ops\.fft2: Input should have rank >= 2/);
    expect(() => ops.irfft([f32([1]), f32([1])])).toThrow(/ops\.irfft: Invalid number of FFT data points \(0\)/);
    expect(() => ops.rfft(f32([1, 2]), 0)).toThrow(/ops\.rfft: Invalid number of FFT data points \(0\)/);
    const mixed = ops.fft([ops.convertToTensor([1, 2], "float64"), f32([0, 0])]);
    expect(mixed[0].dtype).toBe("float64");
  });
});

describe("gradients (float64 finite differences)", () => {
  const both = ([r, i]: [Tensor, Tensor]) => ops.concatenate([r, i], -1);

  it("fft, fft2, ifft2 over both parts, several lengths", () => {
    for (const shape of [[5], [2, 8], [3, 1], [2, 3, 6]]) {
      const re = randomTensor(shape, shape.length + shape[0]);
      const im = randomTensor(shape, 20 + shape.length);
      checkGradients((a, b) => both(ops.fft([a, b])), [re, im]);
      if (shape.length >= 2) {
        checkGradients((a, b) => both(ops.fft2([a, b])), [re, im]);
        checkGradients((a, b) => both(ops.ifft2([a, b])), [re, im]);
      }
    }
  });

  it("rfft and irfft with cropping, padding, even and odd lengths", () => {
    const x = randomTensor([2, 7], 30);
    for (const n of [null, 4, 7, 10]) checkGradients((a) => both(ops.rfft(a, n)), [x]);
    const re = randomTensor([2, 5], 31);
    const im = randomTensor([2, 5], 32);
    for (const n of [null, 9, 5, 12]) checkGradients((a, b) => ops.irfft([a, b], n), [re, im]);
  });

  it("stft and istft", () => {
    const x = randomTensor([2, 20], 40);
    checkGradients((a) => both(ops.stft(a, 6, 3, 8)), [x]);
    checkGradients((a) => both(ops.stft(a, 8, 4, 8, null, false)), [x]);
    const [r, i] = ops.stft(x, 8, 2, 8);
    checkGradients((a, b) => ops.istft([a, b], 8, 2, 8), [r, i]);
    checkGradients((a, b) => ops.istft([a, b], 8, 2, 8, { length: 15, window: "hamming" }), [r, i]);
  });
});
