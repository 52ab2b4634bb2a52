/**
 * `keras.layers.STFTSpectrogram({ mode, frameLength, frameStep, fftLength, window, periodic, scaling, padding, expandDims, dataFormat })`:
 * spectrograms of (batch, time, channels) signals (channels_last; (batch,
 * channels, time) for channels_first), as Keras computes them: each channel is
 * convolved on its own with DFT kernels (`real_kernel` = windowed cosines,
 * `imag_kernel` = windowed sines, made by `initializers.STFT` in `build`), one
 * output frame every `frameStep` samples. Being weights, the kernels can be
 * fine-tuned; `trainable: false` makes the layer a fixed preprocessing step.
 * Modes: real, imag, stft (real then imag bins), angle, magnitude, psd
 * (power with the interior bins doubled: a one-sided spectrum), log
 * (log magnitude).
 */
import { standardizeDataFormat, epsilon, ImageDataFormat } from "../../config/settings.js";
import { isFloat } from "../../engine/dtype.js";
import { TypeError_, ValueError } from "../../engine/errors.js";
import { Tensor } from "../../engine/tensor.js";
import type { Variable } from "../../engine/variable.js";
import { STFT, STFTWindow } from "../../initializers/stft.js";
import { cast } from "../../ops/core/cast.js";
import { add, arctan2, maximum } from "../../ops/math/arithmetic.js";
import { log, sqrt, square } from "../../ops/math/unary.js";
import { conv } from "../../ops/nn/conv.js";
import { reshape } from "../../ops/shape/reshape.js";
import { concatenate } from "../../ops/shape/join.js";
import { pad, slice } from "../../ops/shape/slicing.js";
import { transpose } from "../../ops/shape/transpose.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { convOutputShape } from "../convolutional/conv-args.js";
import { InputSpec } from "../input-spec.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { pyRepr } from "../py-format.js";

type Shape = readonly (number | null)[];
export type SpectrogramMode = "log" | "magnitude" | "psd" | "real" | "imag" | "angle" | "stft";

const MODES: readonly SpectrogramMode[] = ["log", "magnitude", "psd", "real", "imag", "angle", "stft"];
const WINDOWS = ["hann", "hamming", "boxcar"];
let fftLengthWarned = false;

export interface STFTSpectrogramOptions extends LayerOptions {
  mode?: SpectrogramMode;
  frameLength?: number;
  /** Samples between frames; defaults to floor(frameLength / 2). */
  frameStep?: number | null;
  /** Defaults to the smallest power of two >= frameLength. */
  fftLength?: number | null;
  window?: STFTWindow;
  periodic?: boolean;
  scaling?: "density" | "spectrum" | null;
  padding?: "valid" | "same";
  expandDims?: boolean;
  dataFormat?: ImageDataFormat | null;
}

function isPositiveInt(x: unknown): x is number {
  return typeof x === "number" && Number.isInteger(x) && x > 0;
}

export class STFTSpectrogram extends Layer {
  declare mode: SpectrogramMode;
  declare frameLength: number;
  declare frameStep: number | null;
  declare fftLength: number | null;
  declare window: STFTWindow;
  declare periodic: boolean;
  declare scaling: "density" | "spectrum" | null;
  declare padding: "valid" | "same";
  declare expandDims: boolean;
  declare dataFormat: ImageDataFormat;
  declare realKernel: Variable | null;
  declare imagKernel: Variable | null;

  constructor(options: STFTSpectrogramOptions = {}) {
    const {
      mode = "log", frameLength = 256, frameStep = null, fftLength = null, window = "hann", periodic = false,
      scaling = "density", padding = "valid", expandDims = false, dataFormat = null, ...base
    } = options;
    checkArguments(mode, frameLength, frameStep, fftLength, window, scaling, padding);
    super(base);
    this.mode = mode;
    this.frameLength = frameLength;
    this.frameStep = frameStep;
    this.fftLength = fftLength;
    this.window = window;
    this.periodic = periodic;
    this.scaling = scaling;
    this.padding = padding;
    this.expandDims = expandDims;
    this.dataFormat = standardizeDataFormat(dataFormat);
    this.inputSpec = new InputSpec({ ndim: 3 });
    this.realKernel = null;
    this.imagKernel = null;
  }

  /** The frame step in use: `frameStep`, or half the frame. */
  get step(): number {
    return this.frameStep ?? Math.floor(this.frameLength / 2);
  }

  /** The FFT size in use: `fftLength`, or the next power of two. */
  get fftSize(): number {
    return this.fftLength ?? 2 ** Math.ceil(Math.log2(this.frameLength));
  }

  override build(_inputShape?: unknown): void {
    const shape = [this.frameLength, 1, Math.floor(this.fftSize / 2) + 1];
    const kernel = (side: "real" | "imag") =>
      this.addWeight({ name: `${side}_kernel`, shape, initializer: new STFT({ side, window: this.window, scaling: this.scaling, periodic: this.periodic }) });
    if (this.mode !== "imag") this.realKernel = kernel("real");
    if (this.mode !== "real") this.imagKernel = kernel("imag");
    this.built = true;
  }

  /** One kernel over every channel on its own: (batch, channels, frames, bins). */
  private convolve(inputs: Tensor, kernel: Variable): Tensor {
    const channelsLast = this.dataFormat === "channels_last";
    const [batch, a, b] = inputs.shape;
    const [time, channels] = channelsLast ? [a, b] : [b, a];
    const signals = reshape(channelsLast ? transpose(inputs, [0, 2, 1]) : inputs, [batch * channels, time, 1]);
    const k = kernel.value.dtype === inputs.dtype ? kernel.value : cast(kernel.value, inputs.dtype);
    const out = conv(signals, k, { strides: this.step, padding: this.padding, dataFormat: "channels_last" });
    return reshape(out, [batch, channels, out.shape[1], out.shape[2]]);
  }

  /** (batch, channels, frames, bins) to the output layout of `dataFormat` and `expandDims`. */
  private arrange(x: Tensor): Tensor {
    const [batch, channels, frames, bins] = x.shape;
    if (this.dataFormat === "channels_last") {
      if (this.expandDims) return transpose(x, [0, 2, 3, 1]);
      return reshape(transpose(x, [0, 2, 1, 3]), [batch, frames, channels * bins]);
    }
    if (this.expandDims) return x;
    return reshape(transpose(x, [0, 1, 3, 2]), [batch, channels * bins, frames]);
  }

  override call(inputs: Tensor): Tensor {
    if (!isFloat(inputs.dtype)) {
      throw new TypeError_(`STFTSpectrogram: Invalid input type. Expected \`float16\`, \`float32\` or \`float64\`. Received: input type=${inputs.dtype}`);
    }
    const real = this.mode !== "imag" ? this.convolve(inputs, this.realKernel!) : null;
    const imag = this.mode !== "real" ? this.convolve(inputs, this.imagKernel!) : null;
    switch (this.mode) {
      case "real":
        return this.arrange(real!);
      case "imag":
        return this.arrange(imag!);
      case "angle":
        return this.arrange(arctan2(imag!, real!));
      case "stft":
        return this.arrange(concatenate([real!, imag!], { axis: -1 }));
    }
    const power = add(square(real!), square(imag!));
    if (this.mode === "psd") {
      // One-sided spectrum: every bin but the first and the last counts twice.
      const bins = power.shape[3];
      if (bins <= 2) return this.arrange(power);
      const interior = slice(power, [0, 0, 0, 1], [...power.shape.slice(0, 3), bins - 2]);
      return this.arrange(add(power, pad(interior, [[0, 0], [0, 0], [0, 0], [1, 1]])));
    }
    const magnitude = this.arrange(sqrt(maximum(power, epsilon())));
    return this.mode === "magnitude" ? magnitude : log(maximum(magnitude, epsilon()));
  }

  override computeOutputShape(inputShape: Shape): (number | null)[] {
    const channelsLast = this.dataFormat === "channels_last";
    const channels = channelsLast ? inputShape[2] : inputShape[1];
    const bins = (Math.floor(this.fftSize / 2) + 1) * (this.mode === "stft" ? 2 : 1);
    const filters = channels === null ? null : bins * channels;
    const shape = convOutputShape(inputShape, filters as number, [this.frameLength], [this.step], this.padding, this.dataFormat, [1]);
    const frames = channelsLast ? shape[1] : shape[2];
    if (this.expandDims) return channelsLast ? [shape[0], frames, bins, channels] : [shape[0], channels, frames, bins];
    return shape;
  }

  override getConfig(): Record<string, any> {
    return {
      ...super.getConfig(),
      mode: this.mode,
      frame_length: this.frameLength,
      frame_step: this.frameStep,
      fft_length: this.fftLength,
      window: this.window,
      periodic: this.periodic,
      scaling: this.scaling,
      padding: this.padding,
      data_format: this.dataFormat,
      expand_dims: this.expandDims,
    };
  }

  static override fromConfig(config: Record<string, any>): STFTSpectrogram {
    return new STFTSpectrogram(layerOptionsFromConfig(config));
  }
}

/** Keras's constructor checks, in its order and wording (prefixed with the layer). */
function checkArguments(
  mode: unknown, frameLength: unknown, frameStep: unknown, fftLength: unknown, window: unknown, scaling: unknown, padding: unknown,
): void {
  const fail = (message: string) => {
    throw new ValueError(`STFTSpectrogram: ${message}`);
  };
  if (!isPositiveInt(frameLength)) fail(`\`frame_length\` should be a positive integer. Received frame_length=${pyRepr(frameLength)}`);
  const length = frameLength as number;
  if (frameStep !== null && (!isPositiveInt(frameStep) || frameStep > length)) {
    fail(`\`frame_step\` should be a positive integer not greater than \`frame_length\`. Received frame_step=${pyRepr(frameStep)}, frame_length=${length}`);
  }
  if (fftLength !== null) {
    if (!isPositiveInt(fftLength) || fftLength < length) {
      fail(`\`fft_length\` should be not less than \`frame_length\`. Received fft_length=${pyRepr(fftLength)}, frame_length=${length}`);
    }
    const n = fftLength as number;
    if ((n & -n) !== n && !fftLengthWarned) {
      fftLengthWarned = true;
      console.warn(`\`fft_length\` is recommended to be a power of two. Received fft_length=${n}`);
    }
  }
  if (!MODES.includes(mode as SpectrogramMode)) fail(`Output mode is invalid, it must be one of ${MODES.join(", ")}. Received: mode=${pyRepr(mode)}`);
  if (scaling !== null && scaling !== "density" && scaling !== "spectrum") {
    fail(`Scaling is invalid, it must be \`None\`, 'density' or 'spectrum'. Received scaling=${pyRepr(scaling)}`);
  }
  if (padding !== "valid" && padding !== "same") fail(`Padding is invalid, it should be 'valid', 'same'. Received: padding=${pyRepr(padding)}`);
  if (typeof window === "string" && !WINDOWS.includes(window)) {
    fail(`Unknown window type ${pyRepr(window)}: keras-ts supports ${WINDOWS.map((w) => `'${w}'`).join(", ")}, an array of frame_length values, or null.`);
  }
  if (Array.isArray(window) && window.length !== length) {
    fail(`The shape of \`window\` must be equal to [frame_length]. Received: window length=${window.length}, frame_length=${length}`);
  }
}

registerBuiltin("keras.layers", "STFTSpectrogram", STFTSpectrogram);
