/**
 * Short-time Fourier transforms (stft) and their inverse (istft) along the
 * last axis, with Keras's conventions (those of scipy.signal with
 * boundary=None and padded=False, rescaled as Keras does): frames of
 * fftLength samples every sequenceStride, the window (of sequenceLength,
 * centred in the frame) applied before an rfft; the inverse overlap-adds the
 * windowed frames and divides by the overlap-added squared window. Built from
 * differentiable ops: the framing is a gather and the overlap-add its adjoint.
 */
import { isFloat } from "../../engine/dtype.js";
import { TypeError_, ValueError } from "../../engine/errors.js";
import { formatShape } from "../../engine/shape.js";
import { Tensor } from "../../engine/tensor.js";
import { asTensor, op, readOptions, TensorLike } from "../op.js";
import { cast } from "../core/cast.js";
import { ones } from "../core/creation.js";
import { arange } from "../core/ranges.js";
import { divide, multiply, subtract } from "./arithmetic.js";
import { cos, square } from "./unary.js";
import { greater } from "./comparison.js";
import { where } from "./select.js";
import { reshape } from "../shape/reshape.js";
import { pad, slice } from "../shape/slicing.js";
import { broadcastTo } from "../shape/broadcast-to.js";
import { gatherAxis, scatterAddAxis } from "../shape/movement.js";
import { ComplexPair, complexInput, irfft, rfft } from "./fft.js";

export type StftWindow = "hann" | "hamming" | TensorLike | null;

/**
 * The analysis window of one frame (fftLength samples): scipy's periodic
 * "hann" / "hamming" (or a given tensor) of sequenceLength samples, centred
 * with zeros; no window means ones over the whole frame.
 */
function frameWindow(window: StftWindow, sequenceLength: number, fftLength: number, dtype: "float32" | "float64", opName: string): Tensor {
  if (window === null || window === undefined) return ones([fftLength], dtype);
  let win: Tensor;
  if (typeof window === "string") {
    if (window !== "hann" && window !== "hamming") {
      throw new ValueError(`ops.${opName}: If a string is passed to \`window\`, it must be one of \`"hann"\`, \`"hamming"\`. Received: window=${window}`);
    }
    // scipy returns ones for windows of length 1.
    if (sequenceLength === 1) {
      win = ones([1], dtype);
    } else {
      const [a0, a1] = window === "hann" ? [0.5, 0.5] : [0.54, 0.46];
      const phase = multiply(arange(sequenceLength, null, null, "float64"), (2 * Math.PI) / sequenceLength);
      win = cast(subtract(a0, multiply(cos(phase), a1)), dtype);
    }
  } else {
    win = asTensor(window, opName);
    if (win.rank !== 1 || win.shape[0] !== sequenceLength) {
      throw new ValueError(`ops.${opName}: The shape of \`window\` must be equal to [sequence_length]. Received: window shape=${formatShape(win.shape)}`);
    }
    win = cast(win, dtype);
  }
  const left = Math.floor((fftLength - sequenceLength) / 2);
  return pad(win, [[left, fftLength - sequenceLength - left]]);
}

function checkPositiveInt(value: unknown, name: string, opName: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new ValueError(`ops.${opName}: \`${name}\` must be a positive integer. Received: ${name}=${String(value)}`);
  }
  return value;
}

/** Positions of the samples of each frame: (frames, frameLength) flattened. */
function framePositions(frames: number, frameLength: number, stride: number): Int32Array {
  const idx = new Int32Array(frames * frameLength);
  for (let f = 0; f < frames; f++) for (let j = 0; j < frameLength; j++) idx[f * frameLength + j] = f * stride + j;
  return idx;
}

export interface StftOptions {
  window?: StftWindow;
  center?: boolean;
}

/**
 * The STFT of real signals (..., T): [real, imag], each (..., frames,
 * fftLength / 2 + 1). With `center` (default) the signal is first padded by
 * fftLength / 2 on both sides by reflection, so frame t is centred at
 * t * sequenceStride.
 */
export const stft = op("stft", (
  x: TensorLike, sequenceLength: number, sequenceStride: number, fftLength: number, ...rest: [StftWindow?, boolean?] | [StftOptions]
): [Tensor, Tensor] => {
  const { window = "hann", center = true } = readOptions<StftOptions & Record<string, unknown>>("stft", rest, ["window", "center"]);
  const t = asTensor(x, "stft");
  if (t.dtype !== "float32" && t.dtype !== "float64") {
    throw new TypeError_(`ops.stft: Invalid input type. Expected \`float32\` or \`float64\`. Received: input type=${t.dtype}`);
  }
  if (t.rank < 1) throw new ValueError(`ops.stft: Input should have rank >= 1. Received: input.shape = ${formatShape(t.shape)}`);
  checkPositiveInt(sequenceLength, "sequence_length", "stft");
  const stride = checkPositiveInt(sequenceStride, "sequence_stride", "stft");
  checkPositiveInt(fftLength, "fft_length", "stft");
  if (fftLength < sequenceLength) {
    throw new ValueError(`ops.stft: \`fft_length\` must equal or larger than \`sequence_length\`. Received: sequence_length=${sequenceLength}, fft_length=${fftLength}`);
  }
  const win = frameWindow(window, sequenceLength, fftLength, t.dtype, "stft");
  const half = Math.floor(fftLength / 2);
  const signal = center ? pad(t, t.shape.map((_, i) => (i === t.rank - 1 ? [half, half] : [0, 0])), "reflect") : t;
  const length = signal.shape[signal.rank - 1];
  const frames = 1 + Math.floor((length - fftLength) / stride);
  if (length < fftLength) {
    throw new ValueError(
      `ops.stft: the signal (${length} samples${center ? " after centre padding" : ""}) is shorter than fft_length=${fftLength}: no frame fits.`,
    );
  }
  const framed = gatherAxis(signal, signal.rank - 1, framePositions(frames, fftLength, stride), [frames, fftLength]);
  return rfft(multiply(framed, win), fftLength);
}) as {
  (x: TensorLike, sequenceLength: number, sequenceStride: number, fftLength: number, window?: StftWindow, center?: boolean): [Tensor, Tensor];
  (x: TensorLike, sequenceLength: number, sequenceStride: number, fftLength: number, options: StftOptions): [Tensor, Tensor];
};

/** Sums (..., frames, frameLength) frames placed every `stride` samples: (..., (frames - 1) stride + frameLength). */
function overlapAdd(framed: Tensor, stride: number): Tensor {
  const frames = framed.shape[framed.rank - 2];
  const frameLength = framed.shape[framed.rank - 1];
  const batch = framed.shape.slice(0, -2);
  const outLength = (frames - 1) * stride + frameLength;
  const flat = reshape(framed, [...batch, frames * frameLength]);
  return scatterAddAxis(flat, [...batch, outLength], batch.length, framePositions(frames, frameLength, stride));
}

export interface IstftOptions {
  length?: number | null;
  window?: StftWindow;
  center?: boolean;
}

/**
 * The inverse of stft for [real, imag] (..., frames, bins): the signal
 * (..., T) with the same sequenceLength, sequenceStride, fftLength, window and
 * center as the forward transform; `length` cuts the output to that many samples.
 */
export const istft = op("istft", (
  x: ComplexPair, sequenceLength: number, sequenceStride: number, fftLength: number,
  ...rest: [(number | null)?, StftWindow?, boolean?] | [IstftOptions]
): Tensor => {
  const { length = null, window = "hann", center = true } = readOptions<IstftOptions & Record<string, unknown>>("istft", rest, ["length", "window", "center"]);
  const [re, im] = complexInput(x, "istft", 2);
  checkPositiveInt(sequenceLength, "sequence_length", "istft");
  const stride = checkPositiveInt(sequenceStride, "sequence_stride", "istft");
  checkPositiveInt(fftLength, "fft_length", "istft");
  if (length !== null) checkPositiveInt(length, "length", "istft");
  if (!isFloat(re.dtype)) throw new ValueError("ops.istft: the input must be of a float dtype.");
  const frames = re.shape[re.rank - 2];
  const win = frameWindow(window, sequenceLength, fftLength, re.dtype as "float32" | "float64", "istft");
  const signal = overlapAdd(multiply(irfft([re, im], fftLength), win), stride);
  // scipy's normalization by the overlap-added squared window, where it is not ~0.
  const norm = overlapAdd(broadcastTo(square(win), [frames, fftLength]), stride);
  const safe = where(greater(norm, 1e-10), norm, 1);
  let out = divide(signal, safe);
  // Keras's rescaling without a window (scipy multiplied by the window sum, fftLength ones).
  if (window === null || window === undefined) out = multiply(out, fftLength / stride);
  const total = out.shape[out.rank - 1];
  const start = center ? Math.floor(fftLength / 2) : 0;
  const end = length !== null ? start + length : center ? total - Math.floor(fftLength / 2) : total;
  return sliceLastAxis(out, Math.min(start, total), Math.max(Math.min(start, total), Math.min(end, total)));
}) as {
  (x: ComplexPair, sequenceLength: number, sequenceStride: number, fftLength: number, length?: number | null, window?: StftWindow, center?: boolean): Tensor;
  (x: ComplexPair, sequenceLength: number, sequenceStride: number, fftLength: number, options: IstftOptions): Tensor;
};

/** t[..., start:end] (numpy slicing, already clamped). */
function sliceLastAxis(t: Tensor, start: number, end: number): Tensor {
  return slice(t, t.shape.map((_, i) => (i === t.rank - 1 ? start : 0)), [...t.shape.slice(0, -1), end - start]);
}
