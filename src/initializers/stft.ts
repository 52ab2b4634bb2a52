/**
 * `keras.initializers.STFT({ side="real", window="hann", scaling="density", periodic=false })`:
 * the kernel of a Conv1D that computes one side (real or imaginary) of a
 * short-time Fourier transform. Shape (frameLength, inputChannels, fftBins):
 * kernel[t, c, f] = cos or sin(-2 pi t f / ((fftBins - 1) * 2)) * window[t] / scaling.
 */
import { DType, allocate } from "../engine/dtype.js";
import { ValueError } from "../engine/errors.js";
import { formatShape } from "../engine/shape.js";
import { Tensor } from "../engine/tensor.js";
import { Initializer, InitializerConfig, checkOptions } from "./initializer.js";

export type STFTWindow = "hann" | "hamming" | "boxcar" | number[] | null;

export interface STFTOptions {
  side?: "real" | "imag";
  window?: STFTWindow;
  scaling?: "density" | "spectrum" | null;
  periodic?: boolean;
}

/** scipy.signal.get_window for the generalized-cosine windows; `periodic` drops the last point of a length n + 1 window. */
function windowValues(window: STFTWindow, length: number, periodic: boolean): Float64Array {
  if (Array.isArray(window)) {
    if (window.length !== length) {
      throw new ValueError(`STFT: the window must be 1-D of length frame_length=${length}, received length ${window.length}.`);
    }
    return Float64Array.from(window);
  }
  const out = new Float64Array(length);
  if (window === "boxcar" || window === null) return out.fill(1);
  const a0 = window === "hann" ? 0.5 : 0.54; // hann and hamming: a0 - (1 - a0) cos(2 pi n / (M - 1))
  const m = periodic ? length + 1 : length;
  if (m === 1) return out.fill(1);
  for (let n = 0; n < length; n++) out[n] = a0 - (1 - a0) * Math.cos((2 * Math.PI * n) / (m - 1));
  return out;
}

export class STFT extends Initializer {
  readonly side: "real" | "imag";
  readonly window: STFTWindow;
  readonly scaling: "density" | "spectrum" | null;
  readonly periodic: boolean;

  constructor(options: STFTOptions = {}) {
    super();
    checkOptions("STFT", options, ["side", "window", "scaling", "periodic"]);
    this.side = options.side ?? "real";
    this.window = options.window === undefined ? "hann" : options.window;
    this.scaling = options.scaling === undefined ? "density" : options.scaling;
    this.periodic = options.periodic ?? false;
    if (this.side !== "real" && this.side !== "imag") {
      throw new ValueError(`STFT: \`side\` must be "real" or "imag", received ${JSON.stringify(this.side)}.`);
    }
    if (typeof this.window === "string" && !["hann", "hamming", "boxcar"].includes(this.window)) {
      throw new ValueError(`STFT: unsupported window ${JSON.stringify(this.window)}; supported: "hann", "hamming", "boxcar", an array, or null.`);
    }
    if (this.scaling !== null && this.scaling !== "density" && this.scaling !== "spectrum") {
      throw new ValueError(`STFT: \`scaling\` must be "density", "spectrum" or null, received ${JSON.stringify(this.scaling)}.`);
    }
  }

  override call(shape: number[], dtype: DType): Tensor {
    if (shape.length !== 3) {
      throw new ValueError(`STFT: expected a shape (frame_length, input_channels, fft_length), received ${formatShape(shape)}.`);
    }
    const [frames, channels, bins] = shape;
    // Keras computes in the output dtype; rounding each step to float32 reproduces its values to the last bit or two.
    const round = dtype === "float64" ? (x: number) => x : Math.fround;
    const win = windowValues(this.window, frames, this.periodic).map(round);
    let scaling = 1;
    if (this.window !== null) {
      if (this.scaling === "density") scaling = round(Math.sqrt(win.reduce((s, w) => s + w * w, 0)));
      else if (this.scaling === "spectrum") scaling = round(win.reduce((s, w) => s + Math.abs(w), 0));
    }
    const period = (bins - 1) * 2;
    const pi = round(Math.PI);
    const trig = this.side === "real" ? Math.cos : Math.sin;
    const data = allocate(dtype, frames * channels * bins);
    for (let t = 0; t < frames; t++) {
      for (let f = 0; f < bins; f++) {
        const freq = round(f / period);
        const angle = round(round(round(-2 * t) * freq) * pi);
        const value = round(round(round(trig(angle)) * win[t]) / scaling);
        for (let c = 0; c < channels; c++) data[(t * channels + c) * bins + f] = value;
      }
    }
    return new Tensor(data, shape, dtype);
  }

  override getConfig(): InitializerConfig {
    return { side: this.side, window: this.window, periodic: this.periodic, scaling: this.scaling };
  }
}
