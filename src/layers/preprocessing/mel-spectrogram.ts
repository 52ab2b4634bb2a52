/**
 * `keras.layers.MelSpectrogram({ fftLength, sequenceStride, sequenceLength, window, samplingRate, numMelBins, minFreq, maxFreq, powerToDb, topDb, magExp, minPower, refPower })`:
 * audio (samples) or (batch, samples) to (numMelBins, frames) or (batch,
 * numMelBins, frames), as Keras computes it: a centred `ops.stft`, the
 * magnitude raised to `magExp`, re-weighted by triangular HTK mel filters
 * (`linearToMelWeightMatrix`), then optionally in decibels:
 * 10 log10(max(S, minPower) / max(|refPower|, minPower)), floored at the
 * batch's maximum minus `topDb`.
 */
import { DType } from "../../engine/dtype.js";
import { ValueError } from "../../engine/errors.js";
import { Tensor } from "../../engine/tensor.js";
import { cast } from "../../ops/core/cast.js";
import { add, maximum, multiply, power, subtract } from "../../ops/math/arithmetic.js";
import { log10, sqrt, square } from "../../ops/math/unary.js";
import { stft, StftWindow } from "../../ops/math/stft.js";
import { max } from "../../ops/reduction/extrema.js";
import { tensordot } from "../../ops/linalg/einsum.js";
import { swapaxes } from "../../ops/shape/dims.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { pyRepr } from "../py-format.js";

type Shape = readonly (number | null)[];

/** The HTK mel scale: 1127 ln(1 + f / 700). */
const MEL_BREAK_FREQUENCY_HERTZ = 700;
const MEL_HIGH_FREQUENCY_Q = 1127;

export function hertzToMel(hertz: number): number {
  return MEL_HIGH_FREQUENCY_Q * Math.log(1 + hertz / MEL_BREAK_FREQUENCY_HERTZ);
}

export interface MelWeightMatrixOptions {
  numMelBins?: number;
  numSpectrogramBins?: number;
  samplingRate?: number;
  lowerEdgeHertz?: number;
  upperEdgeHertz?: number;
  dtype?: DType;
}

/**
 * Keras's `linear_to_mel_weight_matrix` (TensorFlow's, HTK convention):
 * (numSpectrogramBins, numMelBins) triangles whose peaks are 1, linear in mel
 * between the band edges (numMelBins + 2 points evenly spaced in mel from
 * lowerEdgeHertz to upperEdgeHertz); the DC bin's row is zero.
 */
export function linearToMelWeightMatrix(options: MelWeightMatrixOptions = {}): Tensor {
  const {
    numMelBins = 20, numSpectrogramBins = 129, samplingRate = 8000, lowerEdgeHertz = 125, upperEdgeHertz = 3800, dtype = "float32",
  } = options;
  const lowMel = hertzToMel(lowerEdgeHertz);
  const highMel = hertzToMel(upperEdgeHertz);
  const edge = (i: number) => lowMel + ((highMel - lowMel) * i) / (numMelBins + 1);
  const nyquist = samplingRate / 2;
  const out = new Float64Array(numSpectrogramBins * numMelBins);
  // Row 0 (DC) stays zero, as HTK excludes it.
  for (let k = 1; k < numSpectrogramBins; k++) {
    const binMel = hertzToMel((nyquist * k) / (numSpectrogramBins - 1));
    for (let m = 0; m < numMelBins; m++) {
      const [lower, center, upper] = [edge(m), edge(m + 1), edge(m + 2)];
      const rising = (binMel - lower) / (center - lower);
      const falling = (upper - binMel) / (upper - center);
      out[k * numMelBins + m] = Math.max(0, Math.min(rising, falling));
    }
  }
  const matrix = new Tensor(out, [numSpectrogramBins, numMelBins], "float64");
  return dtype === "float64" ? matrix : cast(matrix, dtype);
}

export interface MelSpectrogramOptions extends LayerOptions {
  fftLength?: number;
  sequenceStride?: number;
  /** The window length; defaults to fftLength. */
  sequenceLength?: number | null;
  window?: StftWindow;
  samplingRate?: number;
  numMelBins?: number;
  minFreq?: number;
  /** Defaults to floor(samplingRate / 2). */
  maxFreq?: number | null;
  powerToDb?: boolean;
  topDb?: number;
  magExp?: number;
  minPower?: number;
  refPower?: number;
}

function checkPositiveInt(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new ValueError(`MelSpectrogram: \`${name}\` must be a positive integer. Received: ${name}=${pyRepr(value)}`);
  }
  return value;
}

export class MelSpectrogram extends Layer {
  declare fftLength: number;
  declare sequenceStride: number;
  declare sequenceLength: number;
  declare window: StftWindow;
  declare samplingRate: number;
  declare numMelBins: number;
  declare minFreq: number;
  declare maxFreq: number;
  declare powerToDb: boolean;
  declare topDb: number;
  declare magExp: number;
  declare minPower: number;
  declare refPower: number;

  constructor(options: MelSpectrogramOptions = {}) {
    const {
      fftLength = 2048, sequenceStride = 512, sequenceLength = null, window = "hann", samplingRate = 16000, numMelBins = 128,
      minFreq = 20.0, maxFreq = null, powerToDb = true, topDb = 80.0, magExp = 2.0, minPower = 1e-10, refPower = 1.0, ...base
    } = options;
    super(base);
    this.fftLength = checkPositiveInt(fftLength, "fft_length");
    this.sequenceStride = checkPositiveInt(sequenceStride, "sequence_stride");
    this.sequenceLength = checkPositiveInt(sequenceLength || fftLength, "sequence_length");
    if (this.fftLength < this.sequenceLength) {
      throw new ValueError(
        "MelSpectrogram: `fft_length` must be greater than or equal to `sequence_length`. " +
          `Received: \`sequence_length\`=${this.sequenceLength}, \`fft_length\`=${this.fftLength}.`,
      );
    }
    this.window = window;
    this.samplingRate = samplingRate;
    this.numMelBins = checkPositiveInt(numMelBins, "num_mel_bins");
    this.minFreq = minFreq;
    this.maxFreq = maxFreq || Math.trunc(samplingRate / 2);
    if (!(this.minFreq >= 0 && this.maxFreq > this.minFreq)) {
      throw new ValueError(`MelSpectrogram: expected 0 <= min_freq < max_freq. Received: min_freq=${minFreq}, max_freq=${this.maxFreq}`);
    }
    this.powerToDb = powerToDb;
    this.topDb = topDb;
    this.magExp = magExp;
    this.minPower = minPower;
    this.refPower = refPower;
    this.built = true;
  }

  override call(inputs: Tensor): Tensor {
    if (inputs.rank !== 1 && inputs.rank !== 2) {
      throw new ValueError(`MelSpectrogram: expected audio of shape (samples) or (batch, samples). Received: inputs.shape=(${inputs.shape.join(", ")})`);
    }
    // ops.stft runs in float32 or float64.
    const dtype = this.computeDtype === "float64" ? "float64" : "float32";
    const signal = inputs.dtype === dtype ? inputs : cast(inputs, dtype);
    let spec = this.spectrogram(signal);
    spec = tensordot(spec, this.melMatrix(spec.shape[spec.rank - 1]), 1);
    if (this.powerToDb) spec = this.decibels(spec);
    const out = swapaxes(spec, -1, -2);
    return out.dtype === this.computeDtype ? out : cast(out, this.computeDtype);
  }

  /** |STFT| ** magExp: (..., frames, fftLength / 2 + 1). */
  private spectrogram(signal: Tensor): Tensor {
    const [re, im] = stft(signal, this.sequenceLength, this.sequenceStride, this.fftLength, { window: this.window, center: true });
    return power(sqrt(add(square(re), square(im))), this.magExp);
  }

  private melMatrix(bins: number): Tensor {
    return this.linearToMelWeightMatrix({
      numMelBins: this.numMelBins, numSpectrogramBins: bins, samplingRate: this.samplingRate, lowerEdgeHertz: this.minFreq, upperEdgeHertz: this.maxFreq,
    });
  }

  /** Keras's method name: the filterbank this layer applies (see the module function). */
  linearToMelWeightMatrix(options: MelWeightMatrixOptions = {}): Tensor {
    return linearToMelWeightMatrix(options);
  }

  private decibels(spec: Tensor): Tensor {
    const ref = 10 * Math.log10(Math.max(Math.abs(this.refPower), this.minPower));
    const db = subtract(multiply(log10(maximum(spec, this.minPower)), 10), ref);
    // The floor is relative to the loudest value of the whole input, batch included (as Keras).
    return maximum(db, subtract(max(db), this.topDb));
  }

  /** Frames of a centred STFT: 1 + floor((samples + 2 floor(fft / 2) - fft) / stride). */
  private frames(samples: number | null): number | null {
    if (samples === null) return null;
    return 1 + Math.floor((samples + 2 * Math.floor(this.fftLength / 2) - this.fftLength) / this.sequenceStride);
  }

  override computeOutputShape(inputShape: Shape): (number | null)[] {
    if (inputShape.length === 1) return [this.numMelBins, this.frames(inputShape[0])];
    return [inputShape[0], this.numMelBins, this.frames(inputShape[1])];
  }

  override getConfig(): Record<string, any> {
    return {
      ...super.getConfig(),
      fft_length: this.fftLength,
      sequence_stride: this.sequenceStride,
      sequence_length: this.sequenceLength,
      window: this.window,
      sampling_rate: this.samplingRate,
      num_mel_bins: this.numMelBins,
      min_freq: this.minFreq,
      max_freq: this.maxFreq,
      power_to_db: this.powerToDb,
      top_db: this.topDb,
      mag_exp: this.magExp,
      min_power: this.minPower,
      ref_power: this.refPower,
    };
  }

  static override fromConfig(config: Record<string, any>): MelSpectrogram {
    return new MelSpectrogram(layerOptionsFromConfig(config));
  }
}

registerBuiltin("keras.layers", "MelSpectrogram", MelSpectrogram);
