/**
 * `keras.ops.maxPool` and `keras.ops.averagePool` over 1 to 3 spatial dims.
 *
 * Windows never include padding: "same" max pooling ignores the padded border
 * and "same" average pooling divides by the number of real elements, as Keras
 * does. The kernels work on channels_last data; channels_first is transposed
 * there and back.
 */
import { Tensor, fromData } from "../../engine/tensor.js";
import { floatResult } from "../../engine/dtype.js";
import { NotImplementedError } from "../../engine/errors.js";
import { formatShape } from "../../engine/shape.js";
import type { PoolInfo, PoolMode } from "../../backend/backend.js";
import { recordGradient } from "../../autodiff/tape.js";
import { asTensor, backend, op, readOptions, TensorLike } from "../op.js";
import { cast } from "../core/cast.js";
import {
  checkPositiveOutput, checkSpatialRank, fromChannelsLast, normalizePadding, normalizeTuple, resolveDataFormat,
  toChannelsLast, windowDim,
} from "./conv-utils.js";

function poolPrimitive(x: Tensor, info: PoolInfo, mode: PoolMode): Tensor {
  const shape = [info.batch, ...info.outSpatial, info.channels];
  const y = fromData(backend().pool(x.data, info, mode, x.dtype), shape, x.dtype);
  recordGradient([x], [y], ([g]) => [poolGradient(g, x, info, mode)]);
  return y;
}

/**
 * dx for upstream dy. Average pooling's gradient is linear in dy and does not
 * depend on x, and its own gradient is average pooling again, so gradients of
 * any order work. Max pooling's gradient routes dy to each window's argmax;
 * differentiating that once more (w.r.t. dy, a gather at the argmax positions)
 * is not implemented and raises rather than giving a silent zero.
 */
function poolGradient(dy: Tensor, x: Tensor, info: PoolInfo, mode: PoolMode): Tensor {
  const shape = [info.batch, ...info.inSpatial, info.channels];
  const dt = dy.dtype;
  const dx = fromData(backend().poolBackward(dy.data, x.data, info, mode, dt), shape, dt);
  if (mode === "avg") {
    recordGradient([dy], [dx], ([g]) => [poolPrimitive(g, info, "avg")]);
  } else {
    recordGradient([dy, x], [dx], () => {
      throw new NotImplementedError("ops.maxPool: gradients of order two and higher through max pooling are not implemented.");
    });
  }
  return dx;
}

type PoolOptions = {
  strides?: number | number[] | null;
  padding?: string;
  dataFormat?: string | null;
};
const POOL_OPTIONS = ["strides", "padding", "dataFormat"] as const;

function pool(mode: PoolMode, opName: string, inputs: TensorLike, poolSize: number | number[], rest: unknown[]): Tensor {
  const o = readOptions<PoolOptions>(opName, rest, POOL_OPTIONS);
  const dataFormat = resolveDataFormat(o.dataFormat);
  let x0 = asTensor(inputs, opName);
  const n = checkSpatialRank(x0, opName);
  const window = normalizeTuple(poolSize, n, "pool_size", opName);
  const strides = o.strides === undefined || o.strides === null ? window : normalizeTuple(o.strides, n, "strides", opName);
  const padding = normalizePadding(o.padding ?? "valid", ["valid", "same"], opName);
  // The mean of integers is a float (floatx), as Keras's average pooling returns.
  if (mode === "avg" && floatResult(x0.dtype) !== x0.dtype) x0 = cast(x0, floatResult(x0.dtype));
  const x = toChannelsLast(x0, dataFormat);
  const inSpatial = x.shape.slice(1, n + 1);
  const dims = inSpatial.map((len, i) => windowDim(len, window[i], strides[i], 1, padding));
  const outSpatial = dims.map((d) => d.out);
  if (padding === "valid") {
    checkPositiveOutput(
      outSpatial,
      `\`inputs.shape=${formatShape(x0.shape)}\`, \`pool_size=${JSON.stringify(window)}\`, \`strides=${JSON.stringify(strides)}\`, \`padding=${padding}\``,
      opName,
    );
  }
  const info: PoolInfo = {
    batch: x.shape[0], channels: x.shape[n + 1], inSpatial, outSpatial, window, strides, padBefore: dims.map((d) => d.padBefore),
  };
  return fromChannelsLast(poolPrimitive(x, info, mode), dataFormat);
}

/** Max pooling: `maxPool(inputs, poolSize, strides = poolSize, padding = "valid", dataFormat = null)`. */
export const maxPool = op("maxPool", (inputs: TensorLike, poolSize: number | number[], ...rest: unknown[]): Tensor =>
  pool("max", "maxPool", inputs, poolSize, rest),
);

/** Average pooling: `averagePool(inputs, poolSize, strides = poolSize, padding = "valid", dataFormat = null)`. */
export const averagePool = op("averagePool", (inputs: TensorLike, poolSize: number | number[], ...rest: unknown[]): Tensor =>
  pool("avg", "averagePool", inputs, poolSize, rest),
);
