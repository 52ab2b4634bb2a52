/** The reference TypeScript backend: single-threaded, plain typed arrays. */
import type { Backend, ConvInfo, PoolInfo, PoolMode } from "../backend.js";
import { registerBackend } from "../backend.js";
import type { DType, TypedArray } from "../../engine/dtype.js";
import { binary, cast, select, unary } from "./elementwise.js";
import { gather, scatterAdd, stridedCopy, stridedScatter } from "./layout.js";
import { argReduce, cumulative, reduce, sort } from "./reduce.js";
import { segmentReduce } from "./segment.js";
import { matmul } from "./matmul.js";
import * as conv from "./conv.js";
import * as pool from "./pool.js";
import * as rnn from "./rnn.js";
import { adamUpdate } from "./optimizer-updates.js";
import { imageTransform, imageTransformBackward } from "./image.js";
import * as linalg from "./linalg.js";
import { fft } from "./fft.js";

export const cpuBackend: Backend = {
  name: "cpu",
  unary,
  binary,
  select,
  cast,
  stridedCopy,
  stridedScatter,
  gather,
  scatterAdd,
  reduce,
  argReduce,
  cumulative,
  sort,
  segmentReduce,
  matmul,
  conv: (x: TypedArray, k: TypedArray, info: ConvInfo, dt: DType) => conv.conv(x, k, info, dt),
  convBackpropInput: (dy: TypedArray, k: TypedArray, info: ConvInfo, dt: DType) => conv.convBackpropInput(dy, k, info, dt),
  convBackpropFilter: (x: TypedArray, dy: TypedArray, info: ConvInfo, dt: DType) => conv.convBackpropFilter(x, dy, info, dt),
  pool: (x: TypedArray, info: PoolInfo, mode: PoolMode, dt: DType) => pool.pool(x, info, mode, dt),
  poolBackward: (dy: TypedArray, x: TypedArray, info: PoolInfo, mode: PoolMode, dt: DType) => pool.poolBackward(dy, x, info, mode, dt),
  lstmForward: rnn.lstmForward,
  lstmBackward: rnn.lstmBackward,
  gruForward: rnn.gruForward,
  gruBackward: rnn.gruBackward,
  adamUpdate,
  imageTransform,
  imageTransformBackward,
  luFactor: linalg.luFactor,
  solve: linalg.solve,
  triangularSolve: linalg.triangularSolve,
  cholesky: linalg.cholesky,
  qr: linalg.qr,
  eigh: linalg.eigh,
  eig: linalg.eig,
  svd: linalg.svd,
  fft,
};

registerBackend("cpu", () => cpuBackend);
