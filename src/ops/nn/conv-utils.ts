/**
 * Argument handling shared by the convolution and pooling ops: tuples from
 * ints, padding names, Keras/XLA padding sizes and output lengths, and the
 * channels_first <-> channels_last moves (the kernels only know channels_last).
 */
import { ValueError } from "../../engine/errors.js";
import { formatShape } from "../../engine/shape.js";
import type { Tensor } from "../../engine/tensor.js";
import { standardizeDataFormat, type ImageDataFormat } from "../../config/settings.js";
import { transpose } from "../shape/transpose.js";

export type DataFormat = ImageDataFormat;

/** `data_format=None` means `keras.config.imageDataFormat()`; other values are checked with Keras's message. */
export function resolveDataFormat(dataFormat: unknown): DataFormat {
  return standardizeDataFormat(dataFormat);
}

/**
 * Keras's `standardize_tuple`: an int becomes an n-tuple; a list must have n
 * integers >= `min` (1 for sizes and strides, 0 for output padding).
 */
export function normalizeTuple(value: unknown, n: number, argName: string, opName: string, min = 1): number[] {
  const message = `ops.${opName}: the \`${argName}\` argument must be a tuple of ${n} integers. Received ${argName}=${JSON.stringify(value)}`;
  let out: number[];
  if (typeof value === "number") out = new Array<number>(n).fill(value);
  else if (Array.isArray(value) && value.length === n && value.every((v) => typeof v === "number")) out = value.slice();
  else throw new ValueError(message);
  if (!out.every((v) => Number.isInteger(v))) throw new ValueError(message);
  const bad = out.filter((v) => v < min);
  if (bad.length > 0) throw new ValueError(`${message} including values {${bad.join(", ")}} that do not satisfy \`value >= ${min}\``);
  return out;
}

export type Padding = "valid" | "same" | "causal";

/** Lower-cases `padding` (as Keras does) and checks it is one of `allowed`. */
export function normalizePadding<P extends Padding>(padding: unknown, allowed: readonly P[], opName: string): P {
  const p = typeof padding === "string" ? padding.toLowerCase() : padding;
  if (!allowed.includes(p as P)) {
    const names = allowed.map((a) => `'${a}'`).join(", ");
    throw new ValueError(`ops.${opName}: argument \`padding\` must be one of ${names}. Received: padding=${String(padding)}`);
  }
  return p as P;
}

/** One spatial dim of a convolution or pooling window: the zero padding before it and the output length. */
export interface WindowDim {
  padBefore: number;
  out: number;
}

/**
 * Padding and output length of one spatial dim, Keras/XLA rules:
 * valid: no padding, out = floor((n - keff) / s) + 1;
 * same: out = ceil(n / s), total pad = max((out - 1) * s + keff - n, 0), the smaller half before;
 * causal: (k - 1) * d zeros on the left only, out = ceil(n / s).
 * `keff` is the dilated kernel extent (k - 1) * d + 1. A negative "valid" length is returned as is
 * for the caller to report.
 */
export function windowDim(n: number, k: number, s: number, d: number, padding: Padding): WindowDim {
  const keff = (k - 1) * d + 1;
  if (padding === "valid") return { padBefore: 0, out: Math.floor((n - keff) / s) + 1 };
  const out = Math.ceil(n / s);
  if (padding === "causal") return { padBefore: keff - 1, out };
  const total = Math.max((out - 1) * s + keff - n, 0);
  return { padBefore: Math.floor(total / 2), out };
}

/**
 * A transposed convolution's output length and the padding of the convolution
 * it is the input-gradient of, following Keras's conversion of
 * (padding, output_padding) to XLA paddings (backend_utils): "valid" gives
 * (n - 1) * s + keff + outputPadding with outputPadding defaulting to
 * max(keff, s) - keff; "same" gives n * s, or (n - 1) * s + keff % 2 + outputPadding.
 */
export function transposeDim(n: number, k: number, s: number, d: number, padding: "valid" | "same", outputPadding: number | null): WindowDim {
  const keff = (k - 1) * d + 1;
  let left: number;
  let right: number;
  if (padding === "valid") {
    const op = outputPadding ?? Math.max(keff, s) - keff;
    left = keff - 1;
    right = keff - 1 + op;
  } else {
    const total = outputPadding === null ? s + keff - 2 : keff + (keff % 2) - 2 + outputPadding;
    left = Math.min(Math.floor(total / 2) + (total % 2), keff - 1);
    right = total - left;
  }
  // The stride-dilated input ((n - 1) * s + 1 long) is padded by (left, right) and correlated with the flipped kernel.
  const out = (n - 1) * s + 1 + left + right - (keff - 1);
  return { padBefore: keff - 1 - left, out };
}

/** Channels moved last: (batch, C, *spatial) -> (batch, *spatial, C). Differentiable (it is `transpose`). */
export function toChannelsLast(x: Tensor, dataFormat: DataFormat): Tensor {
  if (dataFormat === "channels_last") return x;
  const r = x.rank;
  return transpose(x, [0, ...Array.from({ length: r - 2 }, (_, i) => i + 2), 1]);
}

/** The inverse of `toChannelsLast`. */
export function fromChannelsLast(y: Tensor, dataFormat: DataFormat): Tensor {
  if (dataFormat === "channels_last") return y;
  const r = y.rank;
  return transpose(y, [0, r - 1, ...Array.from({ length: r - 2 }, (_, i) => i + 1)]);
}

/** Inputs must be (batch, *spatial, channels) with 1 to 3 spatial dims. */
export function checkSpatialRank(x: Tensor, opName: string, what = "inputs"): number {
  if (x.rank < 3 || x.rank > 5) {
    throw new ValueError(
      `ops.${opName}: ${what} must have rank 3, 4 or 5 (batch, 1 to 3 spatial dims, channels), received shape ${formatShape(x.shape)}.`,
    );
  }
  return x.rank - 2;
}

/** Keras's message for a "valid" window larger than the input. */
export function checkPositiveOutput(outSpatial: readonly number[], detail: string, opName: string): void {
  if (outSpatial.some((o) => o <= 0)) {
    throw new ValueError(`ops.${opName}: Computed output size would be zero or negative. Received ${detail}.`);
  }
}
