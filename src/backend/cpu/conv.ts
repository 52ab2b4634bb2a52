/** Convolution kernels (channels_last, N spatial dims). Implemented in the nn-ops work. */
import type { DType, TypedArray } from "../../engine/dtype.js";
import { NotImplementedError } from "../../engine/errors.js";
import type { ConvInfo } from "../backend.js";

export function conv(_x: TypedArray, _k: TypedArray, _info: ConvInfo, _dt: DType): TypedArray {
  throw new NotImplementedError("cpu backend: conv is not implemented yet.");
}
export function convBackpropInput(_dy: TypedArray, _k: TypedArray, _info: ConvInfo, _dt: DType): TypedArray {
  throw new NotImplementedError("cpu backend: convBackpropInput is not implemented yet.");
}
export function convBackpropFilter(_x: TypedArray, _dy: TypedArray, _info: ConvInfo, _dt: DType): TypedArray {
  throw new NotImplementedError("cpu backend: convBackpropFilter is not implemented yet.");
}
