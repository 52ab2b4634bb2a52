/** Pooling kernels (channels_last, N spatial dims). Implemented in the nn-ops work. */
import type { DType, TypedArray } from "../../engine/dtype.js";
import { NotImplementedError } from "../../engine/errors.js";
import type { PoolInfo, PoolMode } from "../backend.js";

export function pool(_x: TypedArray, _info: PoolInfo, _mode: PoolMode, _dt: DType): TypedArray {
  throw new NotImplementedError("cpu backend: pool is not implemented yet.");
}
export function poolBackward(_dy: TypedArray, _x: TypedArray, _info: PoolInfo, _mode: PoolMode, _dt: DType): TypedArray {
  throw new NotImplementedError("cpu backend: poolBackward is not implemented yet.");
}
