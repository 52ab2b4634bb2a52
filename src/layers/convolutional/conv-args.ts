/**
 * Argument handling and shape arithmetic shared by the convolution and
 * pooling layers: Keras's `standardize_tuple` / `standardize_padding`
 * (keras/src/utils/argument_validation.py) and the symbolic output-shape
 * rules of `compute_conv_output_shape`, `compute_conv_transpose_output_shape`
 * and `compute_pooling_output_shape`, where an unknown (null) spatial length
 * stays unknown.
 */
import { TypeError_, ValueError } from "../../engine/errors.js";
import type { ImageDataFormat } from "../../config/settings.js";
import { pyRepr, pyShape } from "../py-format.js";

export type Shape = readonly (number | null)[];

/** A list of ints as a Python tuple: (3, 3) or (3,). */
export function pyTuple(values: readonly (number | null)[]): string {
  return pyShape(values);
}

/**
 * Keras's `standardize_tuple(value, n, name, allow_zero)`: an int becomes an
 * n-tuple; a list must hold n integers, all > 0 (>= 0 with `allowZero`).
 */
export function standardizeTuple(value: unknown, n: number, name: string, allowZero = false): number[] {
  let message = `The \`${name}\` argument must be a tuple of ${n} integers. Received ${name}=${pyRepr(value)}`;
  let out: number[];
  if (typeof value === "number" && Number.isInteger(value)) {
    out = new Array<number>(n).fill(value);
  } else if (Array.isArray(value)) {
    if (value.length !== n) throw new ValueError(message);
    for (const v of value) {
      if (typeof v !== "number" || !Number.isInteger(v)) {
        message += ` including element ${pyRepr(v)} of type ${typeof v}`;
        throw new ValueError(message);
      }
    }
    out = value.slice() as number[];
  } else {
    throw new ValueError(message);
  }
  const bad = [...new Set(out.filter((v) => (allowZero ? v < 0 : v <= 0)))];
  if (bad.length) {
    throw new ValueError(`${message}, including values {${bad.join(", ")}} that do not satisfy \`value ${allowZero ? ">= 0" : "> 0"}\`.`);
  }
  return out;
}

export type ConvPadding = "valid" | "same" | "causal";

/** Keras's `standardize_padding`: lower-cased "valid" / "same" (and "causal" where allowed). */
export function standardizePadding(value: unknown, allowCausal = false): ConvPadding {
  if (typeof value !== "string") {
    throw new TypeError_(`The \`padding\` argument must be a string. Received: padding=${pyRepr(value)}`);
  }
  const padding = value.toLowerCase();
  const allowed = allowCausal ? ["valid", "same", "causal"] : ["valid", "same"];
  if (!allowed.includes(padding)) {
    throw new ValueError(
      `The \`padding\` argument must be a list/tuple or one of {${allowed.map((a) => `'${a}'`).join(", ")}}. Received: ${padding}`,
    );
  }
  return padding as ConvPadding;
}

/** Spatial dims of a full input shape, in order. */
export function spatialDims(inputShape: Shape, dataFormat: ImageDataFormat): (number | null)[] {
  return dataFormat === "channels_last" ? inputShape.slice(1, -1) : inputShape.slice(2);
}

/** The channel axis of an input (-1 or 1) and its size. */
export function channelAxis(dataFormat: ImageDataFormat): number {
  return dataFormat === "channels_last" ? -1 : 1;
}

export function inputChannels(inputShape: Shape, dataFormat: ImageDataFormat): number | null {
  return dataFormat === "channels_last" ? inputShape[inputShape.length - 1] : inputShape[1];
}

/** (batch, *spatial, channels) or (batch, channels, *spatial). */
export function assembleShape(batch: number | null, spatial: Shape, channels: number | null, dataFormat: ImageDataFormat): (number | null)[] {
  return dataFormat === "channels_last" ? [batch, ...spatial, channels] : [batch, channels, ...spatial];
}

/** The shape a per-channel vector is reshaped to before it is added to a rank `rank + 2` output. */
export function channelVectorShape(rank: number, channels: number, dataFormat: ImageDataFormat): number[] {
  const ones = new Array<number>(rank).fill(1);
  return dataFormat === "channels_last" ? [1, ...ones, channels] : [1, channels, ...ones];
}

/**
 * Keras's `compute_conv_output_shape`: "valid" gives floor((n - keff) / s) + 1
 * (a negative length is an error), "same" and "causal" give floor((n - 1) / s) + 1.
 */
export function convOutputShape(
  inputShape: Shape, filters: number, kernelSize: readonly number[], strides: readonly number[], padding: ConvPadding,
  dataFormat: ImageDataFormat, dilationRate: readonly number[],
): (number | null)[] {
  const spatial = spatialDims(inputShape, dataFormat);
  const kernelShape = [...kernelSize, inputChannels(inputShape, dataFormat), filters];
  if (kernelShape.length !== inputShape.length) {
    throw new ValueError(
      `Kernel shape must have the same length as input, but received kernel of shape ${pyTuple(kernelShape)} and input of shape ${pyShape(inputShape)}.`,
    );
  }
  const out = spatial.map((n, i) => {
    if (n === null) return null;
    if (padding === "valid") {
      const len = Math.floor((n - dilationRate[i] * (kernelSize[i] - 1) - 1) / strides[i]) + 1;
      if (len < 0) {
        throw new ValueError(
          `Computed output size would be negative. Received \`inputs shape=${pyShape(inputShape)}\`, ` +
            `\`kernel shape=${pyTuple(kernelShape)}\`, \`dilation_rate=${pyRepr(dilationRate.slice())}\`.`,
        );
      }
      return len;
    }
    return Math.floor((n - 1) / strides[i]) + 1;
  });
  return assembleShape(inputShape[0], out, filters, dataFormat);
}

/**
 * Keras's transposed-convolution output length (backend_utils
 * `compute_conv_transpose_output_length`), with keff the dilated kernel extent:
 * no output padding: "valid" n * s + max(keff - s, 0), "same" n * s;
 * with output padding p: (n - 1) * s + keff - 2 * pad + p, pad = keff // 2 for "same", 0 for "valid".
 */
export function convTransposeLength(n: number | null, k: number, s: number, d: number, padding: ConvPadding, outputPadding: number | null): number | null {
  if (n === null) return null;
  const keff = k + (k - 1) * (d - 1);
  if (outputPadding === null) return padding === "valid" ? n * s + Math.max(keff - s, 0) : n * s;
  const pad = padding === "same" ? Math.floor(keff / 2) : 0;
  return (n - 1) * s + keff - 2 * pad + outputPadding;
}

export function convTransposeOutputShape(
  inputShape: Shape, kernelSize: readonly number[], filters: number, strides: readonly number[], padding: ConvPadding,
  outputPadding: readonly number[] | null, dataFormat: ImageDataFormat, dilationRate: readonly number[],
): (number | null)[] {
  const spatial = spatialDims(inputShape, dataFormat);
  if (spatial.length !== kernelSize.length) {
    throw new ValueError(
      `Kernel shape must have the same length as input, but received kernel of shape ` +
        `${pyTuple([...kernelSize, filters, inputChannels(inputShape, dataFormat)])} and input of shape ${pyShape(inputShape)}.`,
    );
  }
  const out = spatial.map((n, i) =>
    convTransposeLength(n, kernelSize[i], strides[i], dilationRate[i], padding, outputPadding ? outputPadding[i] : null),
  );
  return assembleShape(inputShape[0], out, filters, dataFormat);
}

/** Keras's `compute_pooling_output_shape`: as a convolution with a window of `poolSize`, channels unchanged. */
export function poolingOutputShape(
  inputShape: Shape, poolSize: readonly number[], strides: readonly number[], padding: string, dataFormat: ImageDataFormat,
): (number | null)[] {
  const spatial = spatialDims(inputShape, dataFormat);
  const p = padding.toLowerCase();
  if (p !== "valid" && p !== "same") {
    throw new ValueError(`Argument \`padding\` must be either 'valid' or 'same'. Received: padding=${padding}`);
  }
  const out = spatial.map((n, i) => {
    if (n === null) return null;
    if (p === "valid") {
      const len = Math.floor((n - poolSize[i]) / strides[i]) + 1;
      if (len < 0) {
        throw new ValueError(
          `Computed output size would be negative. Received: \`inputs.shape=${pyShape(inputShape)}\` and \`pool_size=${pyTuple(poolSize)}\`.`,
        );
      }
      return len;
    }
    return Math.floor((n - 1) / strides[i]) + 1;
  });
  return assembleShape(inputShape[0], out, inputChannels(inputShape, dataFormat), dataFormat);
}
