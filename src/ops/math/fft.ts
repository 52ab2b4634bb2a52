/**
 * Fourier transforms: fft, fft2, ifft2 (complex to complex), rfft (real to
 * complex) and irfft (complex to real). keras-ts has no complex dtype, so, as
 * Keras does on every backend, a complex tensor is a pair [real, imag] of
 * real tensors of the same shape. Everything is built on one differentiable
 * transform along the last axis (`dft`), whose adjoint is the opposite
 * transform, so gradients of any order work.
 */
import { allocate, isFloat } from "../../engine/dtype.js";
import { ValueError } from "../../engine/errors.js";
import { formatShape } from "../../engine/shape.js";
import { Tensor, fromData } from "../../engine/tensor.js";
import { recordGradient } from "../../autodiff/tape.js";
import { asTensor, backend, op, readOptions, TensorLike } from "../op.js";
import { cast } from "../core/cast.js";
import { zerosLike } from "../core/creation.js";
import { multiply } from "./arithmetic.js";
import { negative } from "./unary.js";
import { concatenate } from "../shape/join.js";
import { pad, slice } from "../shape/slicing.js";
import { take } from "../shape/indexing.js";
import { swapaxes } from "../shape/dims.js";

/** A complex tensor as Keras passes it: [real, imag]. */
export type ComplexPair = readonly [TensorLike, TensorLike];

/**
 * The DFT along the last axis of the complex (re, im), unnormalized forward
 * (e^{-2 pi i jk/n}) or inverse (e^{+...} / n). Real-linear, so its adjoint is
 * n times the inverse transform (forward) or 1/n times the forward one (inverse).
 */
export function dft(re: Tensor, im: Tensor, inverse: boolean): [Tensor, Tensor] {
  const n = re.shape[re.rank - 1] ?? 1;
  const outer = n === 0 ? 0 : re.size / n;
  const out = backend().fft(re.data, im.data, outer, n, inverse, re.dtype);
  const outRe = fromData(out.re, re.shape, re.dtype);
  const outIm = fromData(out.im, re.shape, re.dtype);
  recordGradient([re, im], [outRe, outIm], ([gr, gi]) => {
    const [br, bi] = dft(gr, gi, !inverse);
    const scale = inverse ? 1 / n : n;
    return [multiply(br, scale), multiply(bi, scale)];
  });
  return [outRe, outIm];
}

/**
 * Reads a [real, imag] pair (Keras's checks and messages): two tensors of one
 * shape and a float dtype (mixed float32 / float64 promote), rank >= minRank.
 */
export function complexInput(x: unknown, opName: string, minRank: number): [Tensor, Tensor] {
  if (!Array.isArray(x) || x.length !== 2) {
    throw new ValueError(`ops.${opName}: Input \`x\` should be a tuple of two tensors - real and imaginary. Received: x=${describe(x)}`);
  }
  const re = asTensor(x[0], opName);
  const im = asTensor(x[1], opName);
  if (re.shape.length !== im.shape.length || re.shape.some((d, i) => d !== im.shape[i])) {
    throw new ValueError(
      `ops.${opName}: Input \`x\` should be a tuple of two tensors - real and imaginary. Both the real and imaginary parts should have the same shape. ` +
        `Received: x[0].shape = ${formatShape(re.shape)}, x[1].shape = ${formatShape(im.shape)}`,
    );
  }
  if (!isFloat(re.dtype) || !isFloat(im.dtype)) {
    throw new ValueError(`ops.${opName}: At least one tensor in input \`x\` is not of type float. Received: dtypes ${re.dtype} and ${im.dtype}.`);
  }
  if (re.rank < minRank) {
    throw new ValueError(`ops.${opName}: Input should have rank >= ${minRank}. Received: input.shape = ${formatShape(re.shape)}`);
  }
  const dt = re.dtype === "float64" || im.dtype === "float64" ? "float64" : "float32";
  return [re.dtype === dt ? re : cast(re, dt), im.dtype === dt ? im : cast(im, dt)];
}

function describe(x: unknown): string {
  if (x instanceof Tensor) return `Tensor of shape ${formatShape(x.shape)}`;
  if (Array.isArray(x)) return `an array of ${x.length} elements`;
  return String(x);
}

/** The last axis cut or zero-padded to `length` (what numpy's `n` argument does). */
export function fitLastAxis(t: Tensor, length: number): Tensor {
  const current = t.shape[t.rank - 1];
  if (current === length) return t;
  if (current > length) return slice(t, t.shape.map(() => 0), [...t.shape.slice(0, -1), length]);
  return pad(t, t.shape.map((_, i) => (i === t.rank - 1 ? [0, length - current] : [0, 0])));
}

function checkLength(fftLength: unknown, opName: string): number {
  if (typeof fftLength !== "number" || !Number.isInteger(fftLength) || fftLength < 1) {
    throw new ValueError(`ops.${opName}: Invalid number of FFT data points (${String(fftLength)}) specified: fftLength must be a positive integer.`);
  }
  return fftLength;
}

/** The FFT along the last axis of a complex [real, imag] pair; returns [real, imag]. */
export const fft = op("fft", (x: ComplexPair): [Tensor, Tensor] => {
  const [re, im] = complexInput(x, "fft", 1);
  return dft(re, im, false);
});

/** The transform over the last two axes: along the last, then along the one before. */
function dft2(re: Tensor, im: Tensor, inverse: boolean): [Tensor, Tensor] {
  const [r1, i1] = dft(re, im, inverse);
  const [r2, i2] = dft(swapaxes(r1, -1, -2), swapaxes(i1, -1, -2), inverse);
  return [swapaxes(r2, -1, -2), swapaxes(i2, -1, -2)];
}

/** The 2-D FFT over the last two axes of a complex [real, imag] pair. */
export const fft2 = op("fft2", (x: ComplexPair): [Tensor, Tensor] => {
  const [re, im] = complexInput(x, "fft2", 2);
  return dft2(re, im, false);
});

/** The inverse 2-D FFT (with the 1 / (M N) factor) over the last two axes. */
export const ifft2 = op("ifft2", (x: ComplexPair): [Tensor, Tensor] => {
  const [re, im] = complexInput(x, "ifft2", 2);
  return dft2(re, im, true);
});

export interface FftLengthOptions {
  fftLength?: number | null;
}

/**
 * The FFT of a real signal along its last axis: the fftLength / 2 + 1 unique
 * bins (zero frequency first) as [real, imag]. The signal is cut or
 * zero-padded to fftLength (default: its length).
 */
export const rfft = op("rfft", (x: TensorLike, ...rest: [(number | null)?] | [FftLengthOptions]): [Tensor, Tensor] => {
  const { fftLength = null } = readOptions<FftLengthOptions & Record<string, unknown>>("rfft", rest, ["fftLength"]);
  let t = asTensor(x, "rfft");
  if (!isFloat(t.dtype)) t = cast(t, "float32");
  if (t.rank < 1) throw new ValueError(`ops.rfft: Input should have rank >= 1. Received: input.shape = ${formatShape(t.shape)}`);
  const n = checkLength(fftLength ?? t.shape[t.rank - 1], "rfft");
  const signal = fitLastAxis(t, n);
  const [re, im] = dft(signal, zerosLike(signal), false);
  const bins = Math.floor(n / 2) + 1;
  // The zero-frequency (and even-length Nyquist) bins of a real signal are real: drop the rounding residue.
  const realBins = allocate(im.dtype, bins).fill(1);
  realBins[0] = 0;
  if (n % 2 === 0) realBins[bins - 1] = 0;
  return [fitLastAxis(re, bins), multiply(fitLastAxis(im, bins), fromData(realBins, [bins], im.dtype))];
}) as {
  (x: TensorLike, fftLength?: number | null): [Tensor, Tensor];
  (x: TensorLike, options: FftLengthOptions): [Tensor, Tensor];
};

/**
 * The inverse of rfft: the real signal of length fftLength (default
 * 2 (bins - 1); pass it for odd lengths) whose spectrum has the given
 * [real, imag] bins. The bins are cut or zero-padded to fftLength / 2 + 1; the
 * imaginary parts of the zero-frequency (and even-length Nyquist) bins are ignored, as in numpy.
 */
export const irfft = op("irfft", (x: ComplexPair, ...rest: [(number | null)?] | [FftLengthOptions]): Tensor => {
  const { fftLength = null } = readOptions<FftLengthOptions & Record<string, unknown>>("irfft", rest, ["fftLength"]);
  const [re0, im0] = complexInput(x, "irfft", 1);
  const n = checkLength(fftLength ?? 2 * (re0.shape[re0.rank - 1] - 1), "irfft");
  const bins = Math.floor(n / 2) + 1;
  const re = fitLastAxis(re0, bins);
  const im = fitLastAxis(im0, bins);
  // The Hermitian completion: bin n - k is the conjugate of bin k.
  const mirrored = Array.from({ length: n - bins }, (_, i) => n - bins - i);
  if (mirrored.length === 0) return dft(re, im, true)[0];
  const idx = fromData(Int32Array.from(mirrored), [mirrored.length], "int32");
  const fullRe = concatenate([re, take(re, idx, -1)], -1);
  const fullIm = concatenate([im, negative(take(im, idx, -1))], -1);
  return dft(fullRe, fullIm, true)[0];
}) as {
  (x: ComplexPair, fftLength?: number | null): Tensor;
  (x: ComplexPair, options: FftLengthOptions): Tensor;
};
