/**
 * `keras.ops.conv`, `depthwiseConv`, `separableConv`, `convTranspose`.
 *
 * Everything reduces to three channels_last primitives over one `ConvInfo`:
 * the convolution, its gradient w.r.t. the input and its gradient w.r.t. the
 * kernel. Each is bilinear and records the other two as its gradients, so
 * gradients of any order flow through convolutions. A transposed convolution
 * is exactly a convolution's input gradient (Keras uses XLA's
 * `conv_transpose(transpose_kernel=True)`), so it is the second primitive
 * with the padding Keras derives from (padding, output_padding).
 */
import { Tensor, fromData } from "../../engine/tensor.js";
import { DType, floatResult, promoteTypes } from "../../engine/dtype.js";
import { ValueError } from "../../engine/errors.js";
import { formatShape } from "../../engine/shape.js";
import type { ConvInfo } from "../../backend/backend.js";
import { recordGradient } from "../../autodiff/tape.js";
import { asTensor, backend, isPlainObject, op, readOptions, TensorLike } from "../op.js";
import { cast } from "../core/cast.js";
import { reshape } from "../shape/reshape.js";
import {
  DataFormat, Padding, checkPositiveOutput, checkSpatialRank, fromChannelsLast, normalizePadding, normalizeTuple,
  resolveDataFormat, toChannelsLast, transposeDim, windowDim,
} from "./conv-utils.js";

// ---------------------------------------------------------------- channels_last primitives

function inputShapeOf(info: ConvInfo): number[] {
  return [info.batch, ...info.inSpatial, info.inChannels];
}
function outputShapeOf(info: ConvInfo): number[] {
  return [info.batch, ...info.outSpatial, info.outChannels];
}
function kernelShapeOf(info: ConvInfo): number[] {
  return [...info.kernelSpatial, info.inChannels / info.groups, info.outChannels];
}

/** y = conv(x, kernel). */
function convPrimitive(x: Tensor, kernel: Tensor, info: ConvInfo): Tensor {
  const dt = x.dtype;
  const y = fromData(backend().conv(x.data, kernel.data, info, dt), outputShapeOf(info), dt);
  recordGradient([x, kernel], [y], ([g]) => [convInputGrad(g, kernel, info), convKernelGrad(x, g, info)]);
  return y;
}

/** dx = d<conv(x, kernel), dy>/dx: linear in dy and in kernel. */
function convInputGrad(dy: Tensor, kernel: Tensor, info: ConvInfo): Tensor {
  const dt = dy.dtype;
  const dx = fromData(backend().convBackpropInput(dy.data, kernel.data, info, dt), inputShapeOf(info), dt);
  // <dx(dy, k), g> = <dy, conv(g, k)>: so d/d dy = conv(g, k) and d/dk = kernel gradient of conv(g, .) against dy.
  recordGradient([dy, kernel], [dx], ([g]) => [convPrimitive(g, kernel, info), convKernelGrad(g, dy, info)]);
  return dx;
}

/** dk = d<conv(x, kernel), dy>/dkernel: linear in x and in dy. */
function convKernelGrad(x: Tensor, dy: Tensor, info: ConvInfo): Tensor {
  const dt = x.dtype;
  const dk = fromData(backend().convBackpropFilter(x.data, dy.data, info, dt), kernelShapeOf(info), dt);
  // <dk(x, dy), g> = <dy, conv(x, g)>: so d/dx = input gradient of conv(., g) against dy, d/d dy = conv(x, g).
  recordGradient([x, dy], [dk], ([g]) => [convInputGrad(dy, g, info), convPrimitive(x, g, info)]);
  return dk;
}

// ---------------------------------------------------------------- argument handling

type ConvOptions = {
  strides?: number | number[];
  padding?: string;
  dataFormat?: string | null;
  dilationRate?: number | number[];
};
const CONV_OPTIONS = ["strides", "padding", "dataFormat", "dilationRate"] as const;

/** Both operands as tensors of one float dtype (ints become floatx, as the conv backends require floats). */
function floatOperands(a: TensorLike, b: TensorLike, opName: string): [Tensor, Tensor] {
  const x = asTensor(a, opName);
  const k = asTensor(b, opName);
  const dt: DType = floatResult(promoteTypes(x.dtype, k.dtype));
  return [x.dtype === dt ? x : cast(x, dt), k.dtype === dt ? k : cast(k, dt)];
}

function checkKernelRank(x: Tensor, kernel: Tensor, opName: string, what = "kernel"): void {
  if (kernel.rank !== x.rank) {
    throw new ValueError(
      `ops.${opName}: ${what} shape must have the same length as input, but received ${what} of shape ` +
        `${formatShape(kernel.shape)} and input of shape ${formatShape(x.shape)}.`,
    );
  }
}

/**
 * The conv of channels_last `x` with a Keras-layout kernel; groups are implied
 * by the kernel's input channels, as in Keras (inChannels / kernel.shape[-2]).
 */
function convChannelsLast(
  x: Tensor, kernel: Tensor, strides: number[], padding: Padding, dilations: number[], opName: string, detail: () => string,
): Tensor {
  const n = x.rank - 2;
  const inC = x.shape[n + 1];
  const cinG = kernel.shape[n];
  const outC = kernel.shape[n + 1];
  if (cinG === 0 || inC % cinG !== 0) {
    throw new ValueError(
      `ops.${opName}: the number of input channels must be evenly divisible by the kernel's input channels. ` +
        `Received input channels ${inC} and kernel input channels ${cinG} (kernel shape ${formatShape(kernel.shape)}).`,
    );
  }
  const groups = inC / cinG;
  if (outC % groups !== 0) {
    throw new ValueError(
      `ops.${opName}: the kernel's output channels (${outC}) must be divisible by the number of groups (${groups} = ` +
        `input channels ${inC} / kernel input channels ${cinG}).`,
    );
  }
  const inSpatial = x.shape.slice(1, n + 1);
  const kernelSpatial = kernel.shape.slice(0, n);
  const dims = inSpatial.map((len, i) => windowDim(len, kernelSpatial[i], strides[i], dilations[i], padding));
  const outSpatial = dims.map((d) => d.out);
  if (padding === "valid") checkPositiveOutput(outSpatial, detail(), opName);
  const info: ConvInfo = {
    batch: x.shape[0], inChannels: inC, outChannels: outC, groups,
    inSpatial, outSpatial, kernelSpatial, strides, dilations, padBefore: dims.map((d) => d.padBefore),
  };
  return convPrimitive(x, kernel, info);
}

interface Resolved {
  x: Tensor;
  kernel: Tensor;
  n: number;
  strides: number[];
  dilations: number[];
  dataFormat: DataFormat;
  padding: Padding;
}

function resolveConvArgs(inputs: TensorLike, kernelIn: TensorLike, o: Partial<ConvOptions>, opName: string, paddings: readonly Padding[]): Resolved {
  const dataFormat = resolveDataFormat(o.dataFormat);
  const [x0, kernel] = floatOperands(inputs, kernelIn, opName);
  const n = checkSpatialRank(x0, opName);
  checkKernelRank(x0, kernel, opName);
  let padding = normalizePadding(o.padding ?? "valid", paddings, opName);
  if (padding === "causal" && n !== 1) {
    throw new ValueError(`ops.${opName}: padding="causal" is only supported for 1-D convolutions, received an input of rank ${x0.rank}.`);
  }
  const strides = normalizeTuple(o.strides ?? 1, n, "strides", opName);
  const dilations = normalizeTuple(o.dilationRate ?? 1, n, "dilation_rate", opName);
  return { x: toChannelsLast(x0, dataFormat), kernel, n, strides, dilations, dataFormat, padding };
}

function describe(x: Tensor, kernel: Tensor, r: Resolved): string {
  return `\`inputs shape=${formatShape(x.shape)}\`, \`kernel shape=${formatShape(kernel.shape)}\`, ` +
    `\`dilation_rate=${JSON.stringify(r.dilations)}\`, \`strides=${JSON.stringify(r.strides)}\`, \`padding=${r.padding}\``;
}

// ---------------------------------------------------------------- public ops

/**
 * N-d convolution (1 to 3 spatial dims). `kernel` is (*kernelSize, inChannels / groups, outChannels);
 * a kernel with fewer input channels than the input makes a grouped convolution.
 */
export const conv = op("conv", (inputs: TensorLike, kernel: TensorLike, ...rest: unknown[]): Tensor => {
  const o = readOptions<ConvOptions>("conv", rest, CONV_OPTIONS);
  const r = resolveConvArgs(inputs, kernel, o, "conv", ["valid", "same", "causal"]);
  const y = convChannelsLast(r.x, r.kernel, r.strides, r.padding, r.dilations, "conv", () => describe(r.x, r.kernel, r));
  return fromChannelsLast(y, r.dataFormat);
});

/** Depthwise convolution: kernel (*kernelSize, inChannels, multiplier); output channel c * multiplier + m reads channel c. */
export const depthwiseConv = op("depthwiseConv", (inputs: TensorLike, kernel: TensorLike, ...rest: unknown[]): Tensor => {
  const o = readOptions<ConvOptions>("depthwiseConv", rest, CONV_OPTIONS);
  const r = resolveConvArgs(inputs, kernel, o, "depthwiseConv", ["valid", "same"]);
  const dw = depthwiseAsGrouped(r, "depthwiseConv");
  const y = convChannelsLast(r.x, dw, r.strides, r.padding, r.dilations, "depthwiseConv", () => describe(r.x, r.kernel, r));
  return fromChannelsLast(y, r.dataFormat);
});

/** (*k, C, multiplier) -> (*k, 1, C * multiplier): the same numbers, read as a conv with C groups. */
function depthwiseAsGrouped(r: Resolved, opName: string): Tensor {
  const inC = r.x.shape[r.n + 1];
  const kc = r.kernel.shape[r.n];
  if (kc !== inC) {
    throw new ValueError(
      `ops.${opName}: The number of input channels must match the kernel's input channels. ` +
        `Received: input channels=${inC}, kernel input channels=${kc}, data_format='${r.dataFormat}'.`,
    );
  }
  const ks = r.kernel.shape;
  return reshape(r.kernel, [...ks.slice(0, r.n), 1, ks[r.n] * ks[r.n + 1]]);
}

/** Depthwise conv followed by a pointwise (1x1) conv with `pointwiseKernel` (*ones, inChannels * multiplier, outChannels). */
export const separableConv = op(
  "separableConv",
  (inputs: TensorLike, depthwiseKernel: TensorLike, pointwiseKernel: TensorLike, ...rest: unknown[]): Tensor => {
    const o = readOptions<ConvOptions>("separableConv", rest, CONV_OPTIONS);
    const r = resolveConvArgs(inputs, depthwiseKernel, o, "separableConv", ["valid", "same"]);
    const pw0 = asTensor(pointwiseKernel, "separableConv");
    const pw = pw0.dtype === r.x.dtype ? pw0 : cast(pw0, floatResult(promoteTypes(pw0.dtype, r.x.dtype)));
    checkKernelRank(r.x, pw, "separableConv", "pointwise_kernel");
    if (pw.shape.slice(0, r.n).some((k) => k !== 1)) {
      throw new ValueError(`ops.separableConv: pointwise_kernel must have spatial size 1, received shape ${formatShape(pw.shape)}.`);
    }
    const depthOut = r.kernel.shape[r.n] * r.kernel.shape[r.n + 1];
    if (pw.shape[r.n] !== depthOut) {
      throw new ValueError(
        `ops.separableConv: pointwise_kernel must have ${depthOut} input channels (input channels * depth multiplier), ` +
          `received shape ${formatShape(pw.shape)}.`,
      );
    }
    const dw = depthwiseAsGrouped(r, "separableConv");
    const mid = convChannelsLast(r.x, dw, r.strides, r.padding, r.dilations, "separableConv", () => describe(r.x, r.kernel, r));
    const x = mid.dtype === pw.dtype ? mid : cast(mid, pw.dtype);
    const ones = new Array<number>(r.n).fill(1);
    const y = convChannelsLast(x, pw, ones, "valid", ones, "separableConv", () => describe(x, pw, r));
    return fromChannelsLast(y, r.dataFormat);
  },
);

type ConvTransposeOptions = ConvOptions & {
  outputPadding?: number | number[] | null;
};
const CONV_TRANSPOSE_OPTIONS = ["padding", "outputPadding", "dataFormat", "dilationRate"] as const;

/**
 * Transposed convolution ("deconvolution"): kernel (*kernelSize, outChannels, inChannels).
 * Output length per dim: "valid": (n - 1) * s + keff + outputPadding (default max(keff, s) - keff);
 * "same": n * s, or (n - 1) * s + keff % 2 + outputPadding when outputPadding is given.
 * `strides` is required as in Keras; it may also come inside the options object.
 */
export const convTranspose = op("convTranspose", (inputs: TensorLike, kernel: TensorLike, ...rest: unknown[]): Tensor => {
  let strides: unknown;
  let o: Partial<ConvTransposeOptions>;
  if (rest.length === 1 && isPlainObject(rest[0])) {
    const { strides: s, ...others } = rest[0] as ConvTransposeOptions;
    strides = s;
    o = readOptions<ConvTransposeOptions>("convTranspose", [others], CONV_TRANSPOSE_OPTIONS);
  } else {
    strides = rest[0];
    o = readOptions<ConvTransposeOptions>("convTranspose", rest.slice(1), CONV_TRANSPOSE_OPTIONS);
  }
  if (strides === undefined || strides === null) throw new ValueError("ops.convTranspose: missing required argument `strides`.");
  const r = resolveConvArgs(inputs, kernel, { ...o, strides: strides as number | number[] }, "convTranspose", ["valid", "same"]);
  const { x, n } = r;
  const inC = x.shape[n + 1];
  const ks = r.kernel.shape;
  if (ks[n + 1] !== inC) {
    throw new ValueError(
      `ops.convTranspose: The number of input channels must match the kernel's input channels. ` +
        `Received: input channels=${inC}, kernel input channels=${ks[n + 1]}, data_format='${r.dataFormat}'.`,
    );
  }
  const outputPadding = o.outputPadding === undefined || o.outputPadding === null
    ? null
    : normalizeTuple(o.outputPadding, n, "output_padding", "convTranspose", 0);
  const kernelSpatial = ks.slice(0, n);
  const spatial = x.shape.slice(1, n + 1);
  const dims = spatial.map((len, i) =>
    transposeDim(len, kernelSpatial[i], r.strides[i], r.dilations[i], r.padding as "valid" | "same", outputPadding ? outputPadding[i] : null),
  );
  const outSpatial = dims.map((d) => d.out);
  if (outSpatial.some((v) => v < 0)) {
    throw new ValueError(`ops.convTranspose: Computed output size would be negative. Received ${describe(x, r.kernel, r)}.`);
  }
  // The conv whose input gradient this is maps (batch, *outSpatial, outChannels) to x's shape.
  const info: ConvInfo = {
    batch: x.shape[0], inChannels: ks[n], outChannels: inC, groups: 1,
    inSpatial: outSpatial, outSpatial: spatial, kernelSpatial, strides: r.strides, dilations: r.dilations,
    padBefore: dims.map((d) => d.padBefore),
  };
  return fromChannelsLast(convInputGrad(x, r.kernel, info), r.dataFormat);
});
