/**
 * `keras.ops` calls on KerasTensors become Operation nodes whose class_name
 * is Keras's Operation class: mostly the op's name capitalised, but with
 * exceptions (ctc_loss -> CTCLoss, abs -> Absolute, rms_normalization ->
 * RMSNorm, fft -> FFT...). The table below is every op keras-ts records,
 * with the module and class that Keras 3.15.1's keras/src/ops/*.py give it.
 */
import { describe, expect, it } from "vitest";
import * as keras from "../../src/index.js";
import { opClassFor } from "../../src/layers/symbolic-ops.js";
import { builtinInfo, getBuiltin } from "../../src/saving/object-registration.js";

// opName -> "<module under keras.src.ops>.<class name>", read from Keras 3.15.1's source.
const KERAS_OPS: Record<string, string> = {
  abs: "numpy.Absolute", add: "numpy.Add", all: "numpy.All", amax: "numpy.Amax", amin: "numpy.Amin", any: "numpy.Any",
  arccos: "numpy.Arccos", arccosh: "numpy.Arccosh", arcsin: "numpy.Arcsin", arcsinh: "numpy.Arcsinh",
  arctan: "numpy.Arctan", arctan2: "numpy.Arctan2", arctanh: "numpy.Arctanh", argmax: "numpy.Argmax",
  argmin: "numpy.Argmin", argsort: "numpy.Argsort", average: "numpy.Average", averagePool: "nn.AveragePool",
  batchNormalization: "nn.BatchNorm", binaryCrossentropy: "nn.BinaryCrossentropy", bincount: "numpy.Bincount",
  broadcastTo: "numpy.BroadcastTo", cast: "core.Cast", categoricalCrossentropy: "nn.CategoricalCrossentropy",
  ceil: "numpy.Ceil", celu: "nn.Celu", cholesky: "linalg.Cholesky", choleskyInverse: "linalg.CholeskyInverse",
  clip: "numpy.Clip", concatenate: "numpy.Concatenate", conv: "nn.Conv", convTranspose: "nn.ConvTranspose",
  convertToTensor: "core.ConvertToTensor", cos: "numpy.Cos", cosh: "numpy.Cosh", countNonzero: "numpy.CountNonzero",
  cross: "numpy.Cross", ctcLoss: "nn.CTCLoss", cumprod: "numpy.Cumprod", cumsum: "numpy.Cumsum",
  depthwiseConv: "nn.DepthwiseConv", det: "linalg.Det", diag: "numpy.Diag", diagonal: "numpy.Diagonal",
  digitize: "numpy.Digitize", divide: "numpy.Divide", divideNoNan: "numpy.DivideNoNan", dot: "numpy.Dot",
  dotProductAttention: "nn.DotProductAttention", eig: "linalg.Eig", eigh: "linalg.Eigh", einsum: "numpy.Einsum",
  elu: "nn.Elu", equal: "numpy.Equal", erf: "math.Erf", erfinv: "math.Erfinv", exp: "numpy.Exp",
  expandDims: "numpy.ExpandDims", expm1: "numpy.Expm1", fft: "math.FFT", fft2: "math.FFT2", flip: "numpy.Flip",
  floor: "numpy.Floor", floorDivide: "numpy.FloorDivide", fullLike: "numpy.FullLike", gelu: "nn.Gelu", glu: "nn.Glu",
  greater: "numpy.Greater", greaterEqual: "numpy.GreaterEqual", hardShrink: "nn.HardShrink",
  hardSigmoid: "nn.HardSigmoid", hardSilu: "nn.HardSilu", hardTanh: "nn.HardTanh", hstack: "numpy.Hstack",
  ifft2: "math.IFFT2", inTopK: "math.InTopK", inner: "numpy.Inner", inv: "linalg.Inv", irfft: "math.IRFFT",
  isclose: "numpy.Isclose", isfinite: "numpy.Isfinite", isinf: "numpy.Isinf", isnan: "numpy.Isnan",
  istft: "math.ISTFT", layerNormalization: "nn.LayerNorm", leakyRelu: "nn.LeakyRelu", less: "numpy.Less",
  lessEqual: "numpy.LessEqual", linspace: "numpy.Linspace", log: "numpy.Log", log10: "numpy.Log10",
  log1p: "numpy.Log1p", log2: "numpy.Log2", logSigmoid: "nn.LogSigmoid", logSoftmax: "nn.LogSoftmax",
  logdet: "math.Logdet", logicalAnd: "numpy.LogicalAnd", logicalNot: "numpy.LogicalNot", logicalOr: "numpy.LogicalOr",
  logicalXor: "numpy.LogicalXor", logsumexp: "math.Logsumexp", lstsq: "linalg.Lstsq", luFactor: "linalg.LuFactor",
  matmul: "numpy.Matmul", max: "numpy.Max", maxPool: "nn.MaxPool", maximum: "numpy.Maximum", mean: "numpy.Mean",
  median: "numpy.Median", meshgrid: "numpy.Meshgrid", min: "numpy.Min", minimum: "numpy.Minimum", mod: "numpy.Mod",
  moments: "nn.Moments", moveaxis: "numpy.Moveaxis", multiply: "numpy.Multiply", nanToNum: "numpy.NanToNum",
  negative: "numpy.Negative", norm: "linalg.Norm", normalize: "nn.Normalize", notEqual: "numpy.NotEqual",
  oneHot: "nn.OneHot", onesLike: "numpy.OnesLike", outer: "numpy.Outer", pad: "numpy.Pad", power: "numpy.Power",
  prod: "numpy.Prod", qr: "linalg.Qr", quantile: "numpy.Quantile", reciprocal: "numpy.Reciprocal", relu: "nn.Relu",
  relu6: "nn.Relu6", repeat: "numpy.Repeat", reshape: "numpy.Reshape", rfft: "math.RFFT",
  rmsNormalization: "nn.RMSNorm", roll: "numpy.Roll", round: "numpy.Round", rsqrt: "math.Rsqrt",
  searchsorted: "numpy.SearchSorted", segmentMax: "math.SegmentMax", segmentSum: "math.SegmentSum",
  select: "numpy.Select", selu: "nn.Selu", separableConv: "nn.SeparableConv", sigmoid: "nn.Sigmoid",
  sign: "numpy.Sign", silu: "nn.Silu", sin: "numpy.Sin", sinh: "numpy.Sinh", slice: "core.Slice",
  sliceUpdate: "core.SliceUpdate", softShrink: "nn.SoftShrink", softmax: "nn.Softmax", softplus: "nn.Softplus",
  softsign: "nn.Softsign", solve: "linalg.Solve", solveTriangular: "linalg.SolveTriangular", sort: "numpy.Sort",
  sparseCategoricalCrossentropy: "nn.SparseCategoricalCrossentropy", sparsePlus: "nn.SparsePlus",
  sparseSigmoid: "nn.SparseSigmoid", sparsemax: "nn.Sparsemax", split: "numpy.Split", sqrt: "numpy.Sqrt",
  square: "numpy.Square", squareplus: "nn.Squareplus", squeeze: "numpy.Squeeze", stack: "numpy.Stack",
  std: "numpy.Std", stft: "math.STFT", stopGradient: "core.StopGradient", subtract: "numpy.Subtract", sum: "numpy.Sum",
  svd: "linalg.SVD", swapaxes: "numpy.Swapaxes", take: "numpy.Take", takeAlongAxis: "numpy.TakeAlongAxis",
  tan: "numpy.Tan", tanh: "numpy.Tanh", tanhShrink: "nn.TanhShrink", tensordot: "numpy.Tensordot",
  threshold: "nn.Threshold", tile: "numpy.Tile", topK: "math.TopK", trace: "numpy.Trace", transpose: "numpy.Transpose",
  tril: "numpy.Tril", triu: "numpy.Triu", trunc: "numpy.Trunc", unstack: "core.Unstack", var: "numpy.Var",
  vdot: "numpy.Vdot", vstack: "numpy.Vstack", where: "numpy.Where", zerosLike: "numpy.ZerosLike",
  // keras.ops.image
  affineTransform: "image.AffineTransform", gaussianBlur: "image.GaussianBlur", hsvToRgb: "image.HSVToRGB",
  rgbToGrayscale: "image.RGBToGrayscale", rgbToHsv: "image.RGBToHSV",
};

function opFunction(opName: string): (...args: any[]) => any {
  const fn = (keras.ops as any)[opName] ?? (keras.ops.nn as any)[opName] ?? (keras.ops.image as any)[opName];
  if (typeof fn !== "function") throw new Error(`no keras.ops.${opName}`);
  return fn;
}

describe("every op namespace is registered at import", () => {
  it("a config naming an ops.image or ops.linalg class resolves before the op was ever called", () => {
    // This describe runs first: nothing in this file has touched these ops yet.
    expect(getBuiltin("keras.src.ops.image", "GaussianBlur")).toBeDefined();
    expect(getBuiltin("keras.src.ops.linalg", "Qr")).toBeDefined();
  });
});

describe("Operation class names and modules are Keras's", () => {
  it.each(Object.entries(KERAS_OPS))("%s -> %s", (opName, expected) => {
    const cls = opClassFor(opName, opFunction(opName));
    const info = builtinInfo(cls)!;
    expect(`${info.module.replace(/^keras\.src\.ops\./, "")}.${info.className}`).toBe(expected);
    expect(cls.name).toBe(expected.split(".")[1]);
    // A config naming Keras's class finds the op again.
    expect(getBuiltin(info.module, info.className)).toBe(cls);
  });
});

describe("a functional model using such ops", () => {
  function build() {
    keras.utils.clearSession();
    const x = keras.Input({ shape: [4], name: "x" });
    const a = keras.ops.abs(x);
    const n = keras.ops.nn.rmsNormalization(a as never, { axis: -1 });
    const l = keras.ops.nn.layerNormalization(n as never, { epsilon: 0.001 });
    return new keras.Model({ inputs: x, outputs: l, name: "ops_model" });
  }

  it("serializes with Keras's class_name and module, and rebuilds from its JSON", () => {
    const model = build();
    const layers = (model.getConfig() as { layers: { class_name: string; module: string }[] }).layers;
    expect(layers.map((l) => [l.module, l.class_name])).toEqual([
      ["keras.layers", "InputLayer"],
      ["keras.src.ops.numpy", "Absolute"],
      ["keras.src.ops.nn", "RMSNorm"],
      ["keras.src.ops.nn", "LayerNorm"],
    ]);
    const x = new keras.Tensor(new Float32Array([1, -2, 3, -4, 0.5, 0.5, -0.5, 2]), [2, 4], "float32");
    const want = (model.predict(x, { verbose: 0 }) as keras.Tensor).toArray();
    const again = keras.models.modelFromJson(model.toJson());
    expect((again.predict(x, { verbose: 0 }) as keras.Tensor).toArray()).toEqual(want);
    // Layer normalization (no offset) leaves each row with mean 0.
    const row = (want as number[][])[0];
    expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(0, 5);
  });
});
