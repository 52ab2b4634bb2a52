/**
 * keras.layers.STFTSpectrogram and MelSpectrogram: the layer contract (Keras's
 * own shape cases, scaled down), every mode against a direct DFT written
 * here, a pure sine landing in its bin, layouts (channels_first,
 * expand_dims), "same" padding, float64 gradients, configs with Keras's keys
 * and errors; for MelSpectrogram the HTK filterbank (peaks at the mel
 * centres, triangles, zero DC row), power_to_db and a tone's mel bin.
 */
import { describe, expect, it, vi } from "vitest";
import { Input, layers, models, ops, random as kerasRandom, saving, Sequential, Tensor } from "../../../src/index.js";
import { checkGradients, expectClose, randomTensor } from "../../utils/gradcheck.js";
import { runLayerTest } from "../../utils/layer-test.js";

const { STFTSpectrogram } = layers;

/** scipy.signal.get_window("hann" | "hamming", n, fftbins=periodic). */
function cosineWindow(kind: "hann" | "hamming", n: number, periodic: boolean): number[] {
  const a0 = kind === "hann" ? 0.5 : 0.54;
  const m = periodic ? n + 1 : n;
  return Array.from({ length: n }, (_, i) => a0 - (1 - a0) * Math.cos((2 * Math.PI * i) / (m - 1)));
}

/**
 * The reference: frames of `frame` samples every `step` (valid padding), each
 * windowed and transformed by a direct DFT of size `fft`; bins 0..fft/2.
 * Returns re[frame][bin], im[frame][bin] scaled by 1 / `scale`.
 */
function directStft(signal: number[], win: number[], step: number, fft: number, scale: number): { re: number[][]; im: number[][] } {
  const frames = Math.floor((signal.length - win.length) / step) + 1;
  const bins = Math.floor(fft / 2) + 1;
  const re: number[][] = [];
  const im: number[][] = [];
  for (let t = 0; t < frames; t++) {
    re.push([]);
    im.push([]);
    for (let f = 0; f < bins; f++) {
      let r = 0;
      let i = 0;
      for (let n = 0; n < win.length; n++) {
        const v = signal[t * step + n] * win[n];
        r += v * Math.cos((2 * Math.PI * f * n) / fft);
        i -= v * Math.sin((2 * Math.PI * f * n) / fft);
      }
      re[t].push(r / scale);
      im[t].push(i / scale);
    }
  }
  return { re, im };
}

/** (batch, time, channels) float64 signal and its per-(batch, channel) sample lists. */
function signals(batch: number, time: number, channels: number, seed: number): { x: Tensor; series: (b: number, c: number) => number[] } {
  const x = randomTensor([batch, time, channels], seed);
  const series = (b: number, c: number) => Array.from({ length: time }, (_, t) => x.data[(b * time + t) * channels + c]);
  return { x, series };
}

describe("STFTSpectrogram: layer contract (Keras's cases, shorter signals)", () => {
  const base = { frameLength: 16, fftLength: 32, dataFormat: "channels_last" };
  it("stft mode, two trainable kernels", () => {
    runLayerTest({
      layerCls: STFTSpectrogram, initKwargs: { ...base, frameStep: 4, mode: "stft" }, inputShape: [2, 64, 1],
      expectedOutputShape: [2, 13, 17 * 2], expectedNumTrainableWeights: 2, expectedNumNonTrainableWeights: 0,
      expectedNumSeedGenerators: 0, expectedNumLosses: 0, supportsMasking: false,
    });
  });
  it("real mode: one kernel", () => {
    runLayerTest({ layerCls: STFTSpectrogram, initKwargs: { ...base, frameStep: 7, mode: "real" }, inputShape: [2, 100, 1], expectedOutputShape: [2, Math.floor(84 / 7) + 1, 17], expectedNumTrainableWeights: 1 });
  });
  it("imag mode, same padding", () => {
    runLayerTest({ layerCls: STFTSpectrogram, initKwargs: { ...base, frameStep: 6, mode: "imag", padding: "same" }, inputShape: [2, 100, 1], expectedOutputShape: [2, 17, 17], expectedNumTrainableWeights: 1 });
  });
  it("trainable false: two non-trainable kernels; channels concatenated", () => {
    runLayerTest({
      layerCls: STFTSpectrogram, initKwargs: { ...base, frameStep: 4, trainable: false, padding: "same" }, inputShape: [2, 64, 3],
      expectedOutputShape: [2, 16, 17 * 3], expectedNumTrainableWeights: 0, expectedNumNonTrainableWeights: 2,
    });
  });
  it("expand_dims, channels_last and channels_first", () => {
    runLayerTest({ layerCls: STFTSpectrogram, initKwargs: { ...base, frameStep: 4, padding: "same", expandDims: true }, inputShape: [2, 64, 3], expectedOutputShape: [2, 16, 17, 3] });
    runLayerTest({
      layerCls: STFTSpectrogram, initKwargs: { ...base, frameStep: 4, padding: "same", expandDims: true, dataFormat: "channels_first", trainable: false },
      inputShape: [2, 3, 64], expectedOutputShape: [2, 3, 16, 17], expectedNumNonTrainableWeights: 2,
    });
  });
  it("defaults: log mode, frame 256, step 128, fft 256; unknown time stays unknown", () => {
    const layer = new STFTSpectrogram();
    expect([layer.mode, layer.frameLength, layer.step, layer.fftSize, layer.padding, layer.dataFormat]).toEqual(["log", 256, 128, 256, "valid", "channels_last"]);
    expect(layer.apply(Input({ shape: [null, 2] })).shape).toEqual([null, null, 129 * 2]);
    expect(layer.apply(Input({ shape: [1024, 2] })).shape).toEqual([null, 7, 258]);
    expect(new STFTSpectrogram({ frameLength: 100 }).fftSize).toBe(128);
  });
});

describe("STFTSpectrogram: values", () => {
  it("a pure sine of bin k: all its energy in bin k (boxcar window, no scaling)", () => {
    const n = 32;
    const k = 5;
    const x = new Tensor(Float64Array.from({ length: 4 * n }, (_, i) => Math.sin((2 * Math.PI * k * i) / n)), [1, 4 * n, 1], "float64");
    const layer = new STFTSpectrogram({ mode: "magnitude", frameLength: n, frameStep: n, window: "boxcar", scaling: null, dtype: "float64" });
    const y = layer.apply(x) as Tensor;
    expect(y.shape).toEqual([1, 4, n / 2 + 1]);
    for (let t = 0; t < 4; t++) {
      for (let f = 0; f <= n / 2; f++) {
        // |sum sin(2 pi k j / n) e^{-2 pi i f j / n}| = n / 2 at f = k, 0 elsewhere (sqrt(eps) floor).
        expect(Math.abs(y.data[t * (n / 2 + 1) + f] - (f === k ? n / 2 : 0))).toBeLessThan(1e-3);
      }
    }
  });

  it.each(["hann", "hamming"] as const)("every mode = the direct DFT (window %s, density scaling, float64)", (kind) => {
    const [frame, step, fft] = [12, 5, 16];
    const { x, series } = signals(2, 40, 2, 3);
    const win = cosineWindow(kind, frame, false);
    const scale = Math.sqrt(win.reduce((s, w) => s + w * w, 0));
    const refs = [0, 1].map((b) => [0, 1].map((c) => directStft(series(b, c), win, step, fft, scale)));
    const bins = fft / 2 + 1;
    const frames = refs[0][0].re.length;
    const run = (mode: string) => new STFTSpectrogram({ mode: mode as never, frameLength: frame, frameStep: step, fftLength: fft, window: kind, dtype: "float64" }).apply(x) as Tensor;
    const expected = (fn: (re: number, im: number, f: number) => number) => {
      const out: number[] = [];
      for (let b = 0; b < 2; b++) for (let t = 0; t < frames; t++) for (let c = 0; c < 2; c++) for (let f = 0; f < bins; f++) out.push(fn(refs[b][c].re[t][f], refs[b][c].im[t][f], f));
      return out;
    };
    const mag = (re: number, im: number) => Math.sqrt(Math.max(re * re + im * im, 1e-7));
    expectClose(run("real"), expected((re) => re), 1e-9, 1e-9);
    expectClose(run("imag"), expected((_, im) => im), 1e-9, 1e-9);
    expectClose(run("magnitude"), expected(mag), 1e-9, 1e-9);
    expectClose(run("log"), expected((re, im) => Math.log(mag(re, im))), 1e-9, 1e-9);
    expectClose(run("angle"), expected((re, im) => Math.atan2(im, re)), 1e-9, 1e-9);
    expectClose(run("psd"), expected((re, im, f) => (re * re + im * im) * (f === 0 || f === bins - 1 ? 1 : 2)), 1e-9, 1e-9);
    // stft: per channel, the real bins then the imaginary bins.
    const stft = run("stft");
    expect(stft.shape).toEqual([2, frames, 2 * 2 * bins]);
    const want: number[] = [];
    for (let b = 0; b < 2; b++) for (let t = 0; t < frames; t++) for (let c = 0; c < 2; c++) want.push(...refs[b][c].re[t], ...refs[b][c].im[t]);
    expectClose(stft, want, 1e-9, 1e-9);
  });

  it("spectrum scaling divides by sum(window); periodic windows; a given window array", () => {
    const { x, series } = signals(1, 30, 1, 8);
    const win = cosineWindow("hann", 10, true);
    const sum = win.reduce((s, w) => s + w, 0);
    const ref = directStft(series(0, 0), win, 4, 16, sum);
    const flat = ref.re.flat();
    const options = { mode: "real" as const, frameLength: 10, frameStep: 4, fftLength: 16, scaling: "spectrum" as const, dtype: "float64" };
    expectClose(new STFTSpectrogram({ ...options, window: "hann", periodic: true }).apply(x) as Tensor, flat, 1e-9, 1e-9);
    expectClose(new STFTSpectrogram({ ...options, window: win }).apply(x) as Tensor, flat, 1e-9, 1e-9);
  });

  it("layouts: channels_first and expand_dims hold the same numbers as channels_last", () => {
    const { x } = signals(2, 48, 3, 5);
    const options = { mode: "psd" as const, frameLength: 8, frameStep: 4, fftLength: 8, dtype: "float64" };
    const last = new STFTSpectrogram(options).apply(x) as Tensor; // (2, frames, 3 * 5)
    const frames = last.shape[1];
    const expanded = new STFTSpectrogram({ ...options, expandDims: true }).apply(x) as Tensor; // (2, frames, 5, 3)
    expect(expanded.toArray()).toEqual(ops.transpose(ops.reshape(last, [2, frames, 3, 5]), [0, 1, 3, 2]).toArray());
    const xFirst = ops.transpose(x, [0, 2, 1]);
    const first = new STFTSpectrogram({ ...options, dataFormat: "channels_first" }).apply(xFirst) as Tensor; // (2, 15, frames)
    expect(first.toArray()).toEqual(ops.transpose(last, [0, 2, 1]).toArray());
    const firstExpanded = new STFTSpectrogram({ ...options, dataFormat: "channels_first", expandDims: true }).apply(xFirst) as Tensor;
    expect(firstExpanded.toArray()).toEqual(ops.transpose(ops.reshape(last, [2, frames, 3, 5]), [0, 2, 1, 3]).toArray());
  });

  it("same padding: ceil(time / step) frames, zeros split as TensorFlow's 'same' (extra on the right)", () => {
    const { x, series } = signals(1, 21, 1, 9);
    const y = new STFTSpectrogram({ mode: "real", frameLength: 8, frameStep: 4, fftLength: 8, window: "boxcar", scaling: null, padding: "same", dtype: "float64" }).apply(x) as Tensor;
    expect(y.shape).toEqual([1, 6, 5]);
    // total padding (6 - 1) * 4 + 8 - 21 = 7: 3 zeros before, 4 after.
    const padded = [0, 0, 0, ...series(0, 0), 0, 0, 0, 0];
    expectClose(y, directStft(padded, new Array(8).fill(1), 4, 8, 1).re.flat(), 1e-9, 1e-9);
  });

  it("psd with fft_length 2: bins DC and Nyquist only, nothing doubled", () => {
    const x = new Tensor(Float64Array.from([1, 2, 3, 5]), [1, 4, 1], "float64");
    const y = new STFTSpectrogram({ mode: "psd", frameLength: 2, frameStep: 2, window: "boxcar", scaling: null, dtype: "float64" }).apply(x) as Tensor;
    // frames [1, 2] and [3, 5]: DC = sum, Nyquist = x0 - x1, squared.
    expect(y.toArray()).toEqual([[[9, 1], [64, 4]]]);
  });

  it("float32 input casts the kernels; int input is refused", () => {
    const layer = new STFTSpectrogram({ frameLength: 8, frameStep: 4 });
    const y = layer.apply(ops.cast(randomTensor([1, 16, 1], 2), "float32")) as Tensor;
    expect(y.dtype).toBe("float32");
    expect(() => layer.apply(new Tensor(new Int32Array(16), [1, 16, 1], "int32"))).toThrow(/STFTSpectrogram: Invalid input type.*Received: input type=int32/);
  });
});

describe("STFTSpectrogram and MelSpectrogram in models", () => {
  it("Sequential(Input, STFTSpectrogram) predicts like the layer; .keras keeps (fine-tuned) kernels and config", async () => {
    const layer = new STFTSpectrogram({ mode: "psd", frameLength: 16, frameStep: 8, fftLength: 32, name: "spec" });
    const model = new Sequential([Input({ shape: [null, 2] }), layer]);
    const x = ops.cast(randomTensor([2, 64, 2], 41), "float32");
    expect((model.predict(x, { verbose: 0 }) as Tensor).toArray()).toEqual((layer.apply(x) as Tensor).toArray());
    // Change a kernel as training would: the file must carry the new values.
    const [re, im] = layer.getWeights();
    layer.setWeights([ops.multiply(re, 1.5), im]);
    const y = model.predict(x, { verbose: 0 }) as Tensor;
    const loaded = await models.loadModel(await saving.saveModel(model));
    expect((loaded.predict(x, { verbose: 0 }) as Tensor).toArray()).toEqual(y.toArray());
    expect(loaded.getLayer("spec").getConfig()).toEqual(layer.getConfig());
  });

  it("MelSpectrogram in front of a Dense: .keras round trip", async () => {
    const model = new Sequential([Input({ shape: [512] }), new MelSpectrogram({ fftLength: 64, sequenceStride: 32, numMelBins: 8, name: "mel" }), new layers.Dense(3)]);
    const x = ops.cast(randomTensor([2, 512], 42), "float32");
    const y = model.predict(x, { verbose: 0 }) as Tensor;
    expect(y.shape).toEqual([2, 8, 3]);
    const loaded = await models.loadModel(await saving.saveModel(model));
    expect((loaded.predict(x, { verbose: 0 }) as Tensor).toArray()).toEqual(y.toArray());
  });
});

describe("STFTSpectrogram: gradients (float64 finite differences w.r.t. the signal)", () => {
  it.each(["real", "stft", "magnitude", "psd", "log"])("mode %s", (mode) => {
    const layer = new STFTSpectrogram({ mode: mode as never, frameLength: 6, frameStep: 3, fftLength: 8, dtype: "float64" });
    checkGradients((x) => layer.apply(x) as Tensor, [randomTensor([2, 15, 2], 13)]);
  });
  it("same padding, channels_first, expand_dims", () => {
    const layer = new STFTSpectrogram({ mode: "angle", frameLength: 4, frameStep: 2, padding: "same", dataFormat: "channels_first", expandDims: true, dtype: "float64" });
    checkGradients((x) => layer.apply(x) as Tensor, [randomTensor([1, 2, 9], 14, 0.5, 1.5)]);
  });
});

describe("STFTSpectrogram: config and errors", () => {
  it("Keras's keys, in Keras's order; round trip through serialize", () => {
    const layer = new STFTSpectrogram({ mode: "psd", frameLength: 64, frameStep: 16, window: "hamming", periodic: true, scaling: "spectrum", padding: "same", expandDims: true, dataFormat: "channels_first", name: "spec" });
    const config = layer.getConfig();
    expect(Object.keys(config)).toEqual(["name", "trainable", "dtype", "mode", "frame_length", "frame_step", "fft_length", "window", "periodic", "scaling", "padding", "data_format", "expand_dims"]);
    expect(config).toMatchObject({ mode: "psd", frame_length: 64, frame_step: 16, fft_length: null, window: "hamming", periodic: true, scaling: "spectrum", padding: "same", data_format: "channels_first", expand_dims: true });
    const back = layers.deserialize(JSON.parse(JSON.stringify(layers.serialize(layer))));
    expect(back).toBeInstanceOf(STFTSpectrogram);
    expect(back.getConfig()).toEqual(config);
  });

  it("kernels: real_kernel / imag_kernel of shape (frame_length, 1, fft_length / 2 + 1), made by initializers.STFT", () => {
    const layer = new STFTSpectrogram({ frameLength: 8, fftLength: 16, window: "boxcar", scaling: null });
    layer.build([null, 32, 1]);
    expect(layer.weights.map((w) => [w.name, w.shape])).toEqual([["real_kernel", [8, 1, 9]], ["imag_kernel", [8, 1, 9]]]);
    // kernel[t, 0, f] = cos / sin(-2 pi t f / 16)
    const [re, im] = layer.getWeights();
    expectClose(re, Array.from({ length: 72 }, (_, i) => Math.cos((-2 * Math.PI * Math.floor(i / 9) * (i % 9)) / 16)), 1e-5, 1e-5);
    expectClose(im, Array.from({ length: 72 }, (_, i) => Math.sin((-2 * Math.PI * Math.floor(i / 9) * (i % 9)) / 16)), 1e-5, 1e-5);
  });

  it("errors name the layer and the bad value", () => {
    expect(() => new STFTSpectrogram({ frameLength: 16, frameStep: 17 })).toThrow(/STFTSpectrogram: `frame_step` should be a positive integer not greater than `frame_length`. Received frame_step=17, frame_length=16/);
    expect(() => new STFTSpectrogram({ frameLength: 16, frameStep: 0 })).toThrow(/frame_step=0/);
    expect(() => new STFTSpectrogram({ frameLength: 16, fftLength: 8 })).toThrow(/`fft_length` should be not less than `frame_length`. Received fft_length=8, frame_length=16/);
    expect(() => new STFTSpectrogram({ mode: "power" as never })).toThrow(/Output mode is invalid, it must be one of log, magnitude, psd, real, imag, angle, stft. Received: mode='power'/);
    expect(() => new STFTSpectrogram({ scaling: "l2" as never })).toThrow(/Scaling is invalid/);
    expect(() => new STFTSpectrogram({ padding: "causal" as never })).toThrow(/Padding is invalid, it should be 'valid', 'same'. Received: padding='causal'/);
    expect(() => new STFTSpectrogram({ window: "kaiser" as never })).toThrow(/STFTSpectrogram: Unknown window type 'kaiser'/);
    expect(() => new STFTSpectrogram({ frameLength: 4, window: [1, 1, 1] })).toThrow(/window length=3, frame_length=4/);
    expect(() => new STFTSpectrogram({ dataFormat: "nhwc" as never })).toThrow(/data_format/);
    expect(() => new STFTSpectrogram().apply(Input({ shape: [100] }))).toThrow(/expected ndim=3, found ndim=2/);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    new STFTSpectrogram({ frameLength: 10, fftLength: 12 });
    expect(warn.mock.calls.flat().join("\n")).toMatch(/`fft_length` is recommended to be a power of two. Received fft_length=12/);
    warn.mockRestore();
  });
});

const { MelSpectrogram } = layers;
const mel = (hz: number) => 1127 * Math.log(1 + hz / 700);

describe("MelSpectrogram: mel filterbank (HTK, as Keras computes it)", () => {
  const layer = new MelSpectrogram();
  const options = { numMelBins: 10, numSpectrogramBins: 65, samplingRate: 8000, lowerEdgeHertz: 100, upperEdgeHertz: 3500 };
  const w = layer.linearToMelWeightMatrix({ ...options, dtype: "float64" });
  const at = (k: number, m: number) => w.data[k * 10 + m];
  const binMel = (k: number) => mel((4000 * k) / 64);
  const centres = Array.from({ length: 10 }, (_, m) => mel(100) + ((mel(3500) - mel(100)) * (m + 1)) / 11);

  it("shape (spectrogram bins, mel bins); the DC row is zero; weights in [0, 1]", () => {
    expect(w.shape).toEqual([65, 10]);
    for (let m = 0; m < 10; m++) expect(at(0, m)).toBe(0);
    for (const v of w.data) expect(v >= 0 && v <= 1).toBe(true);
    expect(layer.linearToMelWeightMatrix().shape).toEqual([129, 20]);
    expect(layer.linearToMelWeightMatrix().dtype).toBe("float32");
  });

  it("each filter peaks at the bin nearest its mel centre, and is zero outside its two neighbours' centres", () => {
    for (let m = 0; m < 10; m++) {
      const column = Array.from({ length: 65 }, (_, k) => at(k, m));
      const peak = column.indexOf(Math.max(...column));
      const nearest = Array.from({ length: 65 }, (_, k) => Math.abs(binMel(k) - centres[m]));
      expect(peak).toBe(nearest.indexOf(Math.min(...nearest)));
      const lower = m === 0 ? mel(100) : centres[m - 1];
      const upper = m === 9 ? mel(3500) : centres[m + 1];
      for (let k = 1; k < 65; k++) if (binMel(k) <= lower || binMel(k) >= upper) expect(at(k, m)).toBe(0);
    }
  });

  it("triangles linear in mel: rising edge (b - lower) / (centre - lower); neighbours sum to 1 between centres", () => {
    for (let k = 1; k < 65; k++) {
      const b = binMel(k);
      if (b > centres[0] && b < centres[9]) {
        let sum = 0;
        for (let m = 0; m < 10; m++) sum += at(k, m);
        expect(sum).toBeCloseTo(1, 12);
      }
      if (b > mel(100) && b < centres[0]) expect(at(k, 0)).toBeCloseTo((b - mel(100)) / (centres[0] - mel(100)), 12);
    }
  });
});

/** Direct reference for one signal: reflect-padded, periodic-hann frames, |DFT|^magExp @ mel matrix: (frames, mel). */
function directMel(signal: number[], fft: number, stride: number, magExp: number, matrix: Tensor): number[][] {
  const half = fft / 2;
  const padded = [...signal.slice(1, half + 1).reverse(), ...signal, ...signal.slice(-half - 1, -1).reverse()];
  const win = cosineWindow("hann", fft, true);
  const { re, im } = directStft(padded, win, stride, fft, 1);
  const melBins = matrix.shape[1];
  return re.map((row, t) => {
    const power = row.map((r, f) => Math.sqrt(r * r + im[t][f] * im[t][f]) ** magExp);
    return Array.from({ length: melBins }, (_, m) => power.reduce((s, p, f) => s + p * matrix.data[f * melBins + m], 0));
  });
}

describe("MelSpectrogram: values", () => {
  it("power mel spectrogram = |DFT|^2 of centred frames through the filterbank (float64)", () => {
    const layer = new MelSpectrogram({ fftLength: 16, sequenceStride: 4, samplingRate: 1000, numMelBins: 6, minFreq: 30, powerToDb: false, dtype: "float64" });
    const x = randomTensor([2, 40], 21);
    const y = layer.apply(x) as Tensor;
    expect(y.shape).toEqual([2, 6, 11]);
    const matrix = layer.linearToMelWeightMatrix({ numMelBins: 6, numSpectrogramBins: 9, samplingRate: 1000, lowerEdgeHertz: 30, upperEdgeHertz: 500 });
    const want: number[] = [];
    for (let b = 0; b < 2; b++) {
      const ref = directMel(Array.from(x.data.slice(b * 40, (b + 1) * 40)), 16, 4, 2, matrix);
      for (let m = 0; m < 6; m++) for (let t = 0; t < 11; t++) want.push(ref[t][m]);
    }
    expectClose(y, want, 1e-9, 1e-9);
  });

  it("unbatched input: (mel bins, frames); magExp 1 gives the magnitude", () => {
    const layer = new MelSpectrogram({ fftLength: 16, sequenceStride: 5, samplingRate: 1000, numMelBins: 4, powerToDb: false, magExp: 1, dtype: "float64" });
    const x = randomTensor([33], 22);
    const y = layer.apply(x) as Tensor;
    expect(y.shape).toEqual([4, 7]);
    const matrix = layer.linearToMelWeightMatrix({ numMelBins: 4, numSpectrogramBins: 9, samplingRate: 1000, lowerEdgeHertz: 20, upperEdgeHertz: 500 });
    const ref = directMel(Array.from(x.data), 16, 5, 1, matrix);
    expectClose(y, Array.from({ length: 28 }, (_, i) => ref[i % 7][Math.floor(i / 7)]), 1e-9, 1e-9);
  });

  it("a 1 kHz tone: the loudest mel bin is the one whose centre is nearest 1 kHz", () => {
    const sr = 8000;
    const x = new Tensor(Float32Array.from({ length: 4096 }, (_, i) => Math.sin((2 * Math.PI * 1000 * i) / sr)), [4096], "float32");
    const layer = new MelSpectrogram({ fftLength: 512, sequenceStride: 256, samplingRate: sr, numMelBins: 40 });
    const y = layer.apply(x) as Tensor;
    expect(y.shape).toEqual([40, 17]);
    const centres = Array.from({ length: 40 }, (_, m) => mel(20) + ((mel(4000) - mel(20)) * (m + 1)) / 41);
    const dist = centres.map((c) => Math.abs(c - mel(1000)));
    const expectedBin = dist.indexOf(Math.min(...dist));
    for (let t = 2; t < 15; t++) {
      const column = Array.from({ length: 40 }, (_, m) => y.data[m * 17 + t]);
      expect(column.indexOf(Math.max(...column))).toBe(expectedBin);
    }
  });

  it("power_to_db: 10 log10(max(S, min_power)) - 10 log10(|ref_power|), floored at the global max - top_db", () => {
    const sr = 8000;
    const x = new Tensor(Float64Array.from({ length: 2 * 1024 }, (_, i) => (i < 1024 ? 1 : 0.001) * Math.sin((2 * Math.PI * 700 * i) / sr)), [2, 1024], "float64");
    const common = { fftLength: 256, sequenceStride: 128, samplingRate: sr, numMelBins: 16, dtype: "float64" };
    const raw = new MelSpectrogram({ ...common, powerToDb: false }).apply(x) as Tensor;
    const db = new MelSpectrogram({ ...common, refPower: -2, topDb: 30, minPower: 1e-8 }).apply(x) as Tensor;
    const unfloored = Array.from(raw.data, (s) => 10 * Math.log10(Math.max(s, 1e-8)) - 10 * Math.log10(2));
    const top = Math.max(...unfloored);
    expectClose(db, unfloored.map((v) => Math.max(v, top - 30)), 1e-9, 1e-9);
    // The floor is shared by the batch: the quiet second signal sits at the floor almost everywhere.
    expect(Array.from(db.data.slice(db.size / 2)).filter((v) => v === top - 30).length).toBeGreaterThan(db.size / 4);
  });

  it("float32 compute: float32 output; int samples are converted", () => {
    const layer = new MelSpectrogram({ fftLength: 32, sequenceStride: 8, numMelBins: 8 });
    const y = layer.apply(new Tensor(Int32Array.from({ length: 64 }, (_, i) => (i % 7) - 3), [1, 64], "int32")) as Tensor;
    expect(y.dtype).toBe("float32");
    expect(y.shape).toEqual([1, 8, 9]);
  });
});

describe("MelSpectrogram: contract, gradients, config, errors", () => {
  it("layer contract, batched and unbatched (Keras's example shapes, shorter signals)", () => {
    runLayerTest({
      layerCls: MelSpectrogram, initKwargs: { numMelBins: 16, samplingRate: 8000, sequenceStride: 64, fftLength: 256 }, inputShape: [2, 1000],
      expectedOutputShape: [2, 16, 16], expectedNumTrainableWeights: 0, expectedNumNonTrainableWeights: 0, expectedNumSeedGenerators: 0,
      expectedNumLosses: 0, supportsMasking: false,
    });
    runLayerTest({ layerCls: MelSpectrogram, initKwargs: { numMelBins: 8, sequenceStride: 100, fftLength: 128 }, inputShape: [1001], expectedOutputShape: [8, 11] });
    expect(new MelSpectrogram({ fftLength: 15, sequenceStride: 4 }).computeOutputShape([2, 40])).toEqual([2, 128, 10]);
    expect(new MelSpectrogram().apply(Input({ shape: [null] })).shape).toEqual([null, 128, null]);
  });

  it.each([[2, false], [1, true]])("float64 finite differences w.r.t. the samples (magExp %d, powerToDb %s)", (magExp, powerToDb) => {
    const layer = new MelSpectrogram({ fftLength: 8, sequenceStride: 3, samplingRate: 100, numMelBins: 3, minFreq: 5, magExp, powerToDb, topDb: 500, dtype: "float64" });
    checkGradients((x) => layer.apply(x) as Tensor, [randomTensor([2, 12], 31)]);
  });

  it("config: Keras's keys in Keras's order, defaults filled (sequence_length, max_freq)", () => {
    const config = new MelSpectrogram({ fftLength: 1024, samplingRate: 22050, name: "mel" }).getConfig();
    expect(Object.keys(config)).toEqual([
      "name", "trainable", "dtype", "fft_length", "sequence_stride", "sequence_length", "window", "sampling_rate", "num_mel_bins",
      "min_freq", "max_freq", "power_to_db", "top_db", "mag_exp", "min_power", "ref_power",
    ]);
    expect(config).toMatchObject({
      fft_length: 1024, sequence_stride: 512, sequence_length: 1024, window: "hann", sampling_rate: 22050, num_mel_bins: 128,
      min_freq: 20, max_freq: 11025, power_to_db: true, top_db: 80, mag_exp: 2, min_power: 1e-10, ref_power: 1,
    });
    const back = layers.deserialize(JSON.parse(JSON.stringify(layers.serialize(new MelSpectrogram({ window: "hamming", numMelBins: 40 })))));
    expect(back).toBeInstanceOf(MelSpectrogram);
    expect((back as InstanceType<typeof MelSpectrogram>).window).toBe("hamming");
  });

  it("errors name the layer", () => {
    expect(() => new MelSpectrogram({ fftLength: 256, sequenceLength: 512 })).toThrow(/MelSpectrogram: `fft_length` must be greater than or equal to `sequence_length`. Received: `sequence_length`=512, `fft_length`=256/);
    expect(() => new MelSpectrogram({ sequenceStride: 0 })).toThrow(/MelSpectrogram: `sequence_stride` must be a positive integer. Received: sequence_stride=0/);
    expect(() => new MelSpectrogram({ numMelBins: 2.5 })).toThrow(/num_mel_bins=2.5/);
    expect(() => new MelSpectrogram({ minFreq: 9000, samplingRate: 16000 })).toThrow(/min_freq=9000, max_freq=8000/);
    expect(() => new MelSpectrogram().apply(randomTensor([1, 2, 4096], 1))).toThrow(/MelSpectrogram: expected audio of shape \(samples\) or \(batch, samples\). Received: inputs.shape=\(1, 2, 4096\)/);
  });
});

describe("docs/layers.md: call options, tied embeddings and audio (verbatim)", () => {
  it("runs and gives the stated shapes", () => {
    const keras = { layers, ops, random: kerasRandom };
    const embed = new keras.layers.ReversibleEmbedding(100, 16);
    const hidden = embed.apply(keras.ops.convertToTensor([[3, 7, 42]], "int32")); // shape [1, 3, 16]
    const logits = embed.apply(hidden, { reverse: true });                        // shape [1, 3, 100]
    expect([hidden.shape, logits.shape]).toEqual([[1, 3, 16], [1, 3, 100]]);

    const stft = new keras.layers.STFTSpectrogram({ frameLength: 256, frameStep: 128, fftLength: 512, padding: "same" });
    expect(stft.apply(keras.random.uniform([3, 16000, 1])).shape).toEqual([3, 125, 257]);
    const mel = new keras.layers.MelSpectrogram({ numMelBins: 64, samplingRate: 8000, sequenceStride: 256, fftLength: 2048 });
    expect(mel.apply(keras.random.uniform([16000])).shape).toEqual([64, 63]);
  });
});
