/**
 * The one narrow interface between the ops and the machines that compute.
 *
 * Every kernel is a pure function from typed arrays (plus shapes and small
 * parameter records) to a freshly allocated typed array. Ops and layers never
 * loop over elements; they call these. A WASM SIMD backend or a worker-thread
 * backend implements the same interface (copying into its own memory if it
 * must) and is swapped in with `setBackend`, without touching ops or layers.
 *
 * Conventions: row-major data; `Shape`s are concrete; the caller has already
 * validated shapes, axes and dtypes and passes the output dtype it wants.
 */
import type { DType, TypedArray } from "../engine/dtype.js";
import type { Shape } from "../engine/shape.js";

export type UnaryOp =
  | "neg" | "abs" | "sign" | "sqrt" | "rsqrt" | "square" | "reciprocal"
  | "exp" | "expm1" | "log" | "log1p" | "log2" | "log10"
  | "sin" | "cos" | "tan" | "asin" | "acos" | "atan"
  | "sinh" | "cosh" | "tanh" | "asinh" | "acosh" | "atanh"
  | "erf" | "erfinv" | "floor" | "ceil" | "round" | "trunc"
  | "sigmoid" | "relu" | "softplus" | "logicalNot"
  | "isnan" | "isinf" | "isfinite"
  // Fused activations and the derivatives their gradients need (src/ops/nn/activations.ts).
  | "relu6" | "hardSigmoid" | "hardSilu" | "hardTanh" | "softsign" | "logSigmoid" | "silu" | "siluGrad"
  | "gelu" | "geluGrad" | "geluTanh" | "geluTanhGrad" | "mish" | "mishGrad"
  | "sparsePlus" | "sparseSigmoid" | "tanhShrink" | "elu" | "selu";

export type BinaryOp =
  | "add" | "sub" | "mul" | "div" | "floorDiv" | "mod" | "pow" | "max" | "min" | "atan2"
  | "eq" | "ne" | "gt" | "ge" | "lt" | "le" | "and" | "or" | "xor";

export type ReduceOp = "sum" | "prod" | "max" | "min" | "any" | "all";
export type ArgReduceOp = "argmax" | "argmin";
export type CumulativeOp = "sum" | "prod" | "max" | "min";

export interface MatmulInfo {
  /** Number of matrix products. */
  batch: number;
  m: number;
  k: number;
  n: number;
  /** A is stored (k, m) per batch instead of (m, k). */
  transposeA: boolean;
  /** B is stored (n, k) per batch instead of (k, n). */
  transposeB: boolean;
  /** Elements between consecutive matrices; 0 broadcasts one matrix over the batch. */
  aBatchStride: number;
  bBatchStride: number;
}

/**
 * An N-d convolution in channels_last layout: x (batch, *inSpatial, inChannels),
 * kernel in Keras's layout (*kernelSpatial, inChannels / groups, outChannels),
 * output (batch, *outSpatial, outChannels).
 */
export interface ConvInfo {
  batch: number;
  inChannels: number;
  outChannels: number;
  groups: number;
  inSpatial: number[];
  outSpatial: number[];
  kernelSpatial: number[];
  strides: number[];
  dilations: number[];
  /** Zero padding before each spatial dimension (the rest of the window may run past the end: also zeros). */
  padBefore: number[];
}

/** A pooling window over channels_last data (batch, *inSpatial, channels). */
export interface PoolInfo {
  batch: number;
  channels: number;
  inSpatial: number[];
  outSpatial: number[];
  window: number[];
  strides: number[];
  padBefore: number[];
}

export type PoolMode = "max" | "avg";

/**
 * A whole recurrent sequence (src/backend/cpu/rnn.ts). `xProj` is the input
 * projection of every step, (batch, timesteps, gates * units) in time order;
 * steps run in reverse time with `goBackwards`, and `outputs` come back in
 * processing order, (batch, timesteps, units). A masked step (mask[b, t] == 0)
 * keeps the state and outputs the previous state h ("state"), zeros
 * ("zeros") or the previous output ("previous", zeros before the first).
 */
export interface RnnInfo {
  batch: number;
  timesteps: number;
  units: number;
  goBackwards: boolean;
  maskedOutput: "state" | "zeros" | "previous";
  /** Keep what the backward kernel needs (in `workspace`); inference skips it. */
  saveForBackward: boolean;
  /** Whether the backward kernel must compute the initial states' gradients (default true; false skips the last product). */
  initialStateGrads?: boolean;
  /** Whether the backward kernel returns the input bias gradient (the column sums of dXProj). */
  inputBiasGrad?: boolean;
}

/** What a forward kernel keeps for its backward kernel; opaque, backend-specific. */
export type RnnWorkspace = { readonly [name: string]: TypedArray };

export interface LstmForwardResult { outputs: TypedArray; h: TypedArray; c: TypedArray; workspace: RnnWorkspace | null }
export interface LstmBackwardResult { dXProj: TypedArray; dh0: TypedArray; dc0: TypedArray; dRecurrentKernel: TypedArray; dInputBias: TypedArray | null }
export interface GruForwardResult { outputs: TypedArray; h: TypedArray; workspace: RnnWorkspace | null }
export interface GruBackwardResult { dXProj: TypedArray; dh0: TypedArray; dRecurrentKernel: TypedArray; dRecurrentBias: TypedArray | null; dInputBias: TypedArray | null }

export interface Backend {
  readonly name: string;

  // ---- elementwise ----
  unary(op: UnaryOp, x: TypedArray, outDtype: DType): TypedArray;
  /** numpy-broadcasting binary op; `outShape` is the broadcast shape. */
  binary(op: BinaryOp, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, outShape: Shape, outDtype: DType): TypedArray;
  /** `cond ? a : b`, all three broadcast to `outShape`. */
  select(cond: TypedArray, condShape: Shape, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, outShape: Shape, outDtype: DType): TypedArray;
  cast(x: TypedArray, outDtype: DType): TypedArray;

  // ---- layout ----
  /**
   * out[i0..ik] = x[offset + sum_j i_j * strides[j]] for every index of `outShape`.
   * Transpose, broadcast (stride 0), slice (offset, step), flip (negative stride) are all this one kernel.
   */
  stridedCopy(x: TypedArray, outShape: Shape, offset: number, strides: readonly number[], outDtype: DType): TypedArray;
  /**
   * The adjoint of `stridedCopy`: returns a copy of `base` in which each element of `values` (shape
   * `valuesShape`) is written (or, with `accumulate`, added) at offset + sum_j i_j * strides[j].
   */
  stridedScatter(base: TypedArray, values: TypedArray, valuesShape: Shape, offset: number, strides: readonly number[], accumulate: boolean): TypedArray;
  /** Rows of `x` along `axis` picked by `indices` (already bounds-checked, non-negative). */
  gather(x: TypedArray, shape: Shape, axis: number, indices: Int32Array): TypedArray;
  /** The adjoint of `gather`: zeros of `outShape` with `updates` rows added at `indices` along `axis`. */
  scatterAdd(updates: TypedArray, outShape: Shape, axis: number, indices: Int32Array, outDtype: DType): TypedArray;

  // ---- reductions ----
  /** Reduces the (sorted, distinct) `axes`; output shape is `shape` without them. */
  reduce(op: ReduceOp, x: TypedArray, shape: Shape, axes: readonly number[], outDtype: DType): TypedArray;
  argReduce(op: ArgReduceOp, x: TypedArray, shape: Shape, axis: number): Int32Array;
  cumulative(op: CumulativeOp, x: TypedArray, shape: Shape, axis: number, reverse: boolean, outDtype: DType): TypedArray;
  /** Sorts along the last axis; returns values and the int32 positions they came from (stable). */
  sort(x: TypedArray, shape: Shape, descending: boolean): { values: TypedArray; indices: Int32Array };
  /** Max / min of the rows of x (n, ...rest) per segment id (n,) (-1: dropped) into (numSegments, ...rest); empty segments hold the identity. */
  segmentReduce(op: "max" | "min", x: TypedArray, shape: Shape, ids: Int32Array, numSegments: number, outDtype: DType): TypedArray;

  // ---- linear algebra ----
  matmul(a: TypedArray, b: TypedArray, info: MatmulInfo, outDtype: DType): TypedArray;

  // ---- convolution and pooling (channels_last) ----
  conv(x: TypedArray, kernel: TypedArray, info: ConvInfo, outDtype: DType): TypedArray;
  convBackpropInput(dy: TypedArray, kernel: TypedArray, info: ConvInfo, outDtype: DType): TypedArray;
  convBackpropFilter(x: TypedArray, dy: TypedArray, info: ConvInfo, outDtype: DType): TypedArray;
  pool(x: TypedArray, info: PoolInfo, mode: PoolMode, outDtype: DType): TypedArray;
  poolBackward(dy: TypedArray, x: TypedArray, info: PoolInfo, mode: PoolMode, outDtype: DType): TypedArray;

  // ---- recurrent sequences (sigmoid gates, tanh activation), see RnnInfo ----
  /** LSTM (gates i, f, c, o): recurrentKernel (units, 4 units); h0, c0 (batch, units); inputBias (4 units) is added to xProj, or null. */
  lstmForward(xProj: TypedArray, inputBias: TypedArray | null, h0: TypedArray, c0: TypedArray, recurrentKernel: TypedArray, mask: Uint8Array | null, info: RnnInfo, outDtype: DType): LstmForwardResult;
  lstmBackward(workspace: RnnWorkspace, dOutputs: TypedArray, dh: TypedArray, dc: TypedArray, recurrentKernel: TypedArray, mask: Uint8Array | null, info: RnnInfo, outDtype: DType): LstmBackwardResult;
  /** GRU (gates z, r, h): resetAfter applies r after the recurrent product, which then has a bias (3 units, or null). */
  gruForward(xProj: TypedArray, inputBias: TypedArray | null, h0: TypedArray, recurrentKernel: TypedArray, recurrentBias: TypedArray | null, mask: Uint8Array | null, info: RnnInfo & { resetAfter: boolean }, outDtype: DType): GruForwardResult;
  gruBackward(workspace: RnnWorkspace, dOutputs: TypedArray, dh: TypedArray, recurrentKernel: TypedArray, mask: Uint8Array | null, info: RnnInfo & { resetAfter: boolean; hasRecurrentBias: boolean }, outDtype: DType): GruBackwardResult;

  // ---- optimizer updates (one pass instead of a dozen elementwise ops) ----
  /** One Adam step of one variable, see AdamState; float dtypes only, every array the same length. */
  adamUpdate(state: AdamState, gradient: TypedArray, coefficients: AdamCoefficients, dtype: DType): AdamState;

  // ---- dense factorizations of `batch` row-major matrices (float dtypes; see src/backend/cpu/linalg.ts) ----
  // Numerical failure is returned (first failing batch index, or -1), never thrown.
  /** LU with partial pivoting of (m, n) matrices: L (unit lower) and U packed, pivots (min(m, n)) as 0-based row swaps. */
  luFactor(a: TypedArray, batch: number, m: number, n: number, outDtype: DType): { lu: TypedArray; pivots: Int32Array };
  /** x = a^-1 b for (n, n) a and (n, k) b; `singular`: first matrix with an exactly zero pivot. */
  solve(a: TypedArray, b: TypedArray, batch: number, n: number, k: number, outDtype: DType): { x: TypedArray; singular: number };
  /** x = t^-1 b reading only the lower (or upper) triangle of (n, n) t; `singular`: first with a zero diagonal. */
  triangularSolve(t: TypedArray, b: TypedArray, batch: number, n: number, k: number, lower: boolean, outDtype: DType): { x: TypedArray; singular: number };
  /** Lower Cholesky factor, reading the lower triangle; `failed`: first matrix that is not positive definite. */
  cholesky(a: TypedArray, batch: number, n: number, outDtype: DType): { factor: TypedArray; failed: number };
  /** Householder QR (LAPACK signs): reduced q (m, k), r (k, n), or complete q (m, m), r (m, n). */
  qr(a: TypedArray, batch: number, m: number, n: number, complete: boolean, outDtype: DType): { q: TypedArray; r: TypedArray };
  /** Symmetric eigenproblem (lower triangle read): ascending values (n), unit vectors as columns (n, n). */
  eigh(a: TypedArray, batch: number, n: number, outDtype: DType): { values: TypedArray; vectors: TypedArray; converged: boolean };
  /** General eigenproblem: values as (re, im) parts; unit vector columns, NaN for matrices with a complex pair. */
  eig(a: TypedArray, batch: number, n: number, outDtype: DType): { valuesRe: TypedArray; valuesIm: TypedArray; vectors: TypedArray; converged: boolean };
  /** SVD a = u diag(s) vt, s descending (min(m, n)); u (m, m | k), vt (n | k, n); u, vt empty without computeUv. */
  svd(a: TypedArray, batch: number, m: number, n: number, fullMatrices: boolean, computeUv: boolean, outDtype: DType): { u: TypedArray; s: TypedArray; vt: TypedArray; converged: boolean };

  // ---- Fourier transforms (src/backend/cpu/fft.ts) ----
  /** Complex DFT of `outer` rows of length n (re, im): e^{-2 pi i jk/n}, or with `inverse` e^{+...} / n. */
  fft(re: TypedArray, im: TypedArray, outer: number, n: number, inverse: boolean, outDtype: DType): { re: TypedArray; im: TypedArray };

  // ---- image resampling (optional: without it ops.image samples with gathers, several times slower) ----
  /** Channels-last images resampled through one projective transform per image, see ImageTransformInfo. */
  imageTransform?(images: TypedArray, transforms: Float64Array, info: ImageTransformInfo, outDtype: DType): TypedArray;
  /** The adjoint of imageTransform in the images (the fill value gets no gradient). */
  imageTransformBackward?(dy: TypedArray, transforms: Float64Array, info: ImageTransformInfo, outDtype: DType): TypedArray;
}

/**
 * Resampling of (batch, height, width, channels) images into
 * (batch, outHeight, outWidth, channels) (src/backend/cpu/image.ts):
 * `transforms` holds 8 coefficients [a0, a1, a2, b0, b1, b2, c0, c1] per
 * image; output pixel (x, y) reads the input at ((a0 x + a1 y + a2) / k,
 * (b0 x + b1 y + b2) / k), k = c0 x + c1 y + 1. Nearest rounds half up,
 * bilinear weighs the four surrounding pixels; positions beyond the image
 * read the image extended by `fillMode` (constant: `fillValue`).
 */
export interface ImageTransformInfo {
  batch: number;
  height: number;
  width: number;
  channels: number;
  outHeight: number;
  outWidth: number;
  interpolation: "nearest" | "bilinear";
  fillMode: "constant" | "nearest" | "wrap" | "mirror" | "reflect";
  fillValue: number;
}

/**
 * Adam's per-variable arrays. `velocityHat` (amsgrad only) is null otherwise.
 * The update equals Keras's op-by-op rule with each operation rounded to the
 * dtype (src/optimizers/adam.ts):
 *   m += (g - m) * (1 - beta1);  v += (g*g - v) * (1 - beta2);  vHat = max(vHat, v)
 *   variable -= m * alpha / (sqrt(vHat or v) + epsilon)
 */
export interface AdamState {
  variable: TypedArray;
  momentum: TypedArray;
  velocity: TypedArray;
  velocityHat: TypedArray | null;
}

export interface AdamCoefficients {
  /** lr * sqrt(1 - beta2^t) / (1 - beta1^t), already rounded to the dtype. */
  alpha: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

let current: Backend | null = null;
const registry = new Map<string, () => Backend>();

export function registerBackend(name: string, factory: () => Backend): void {
  registry.set(name, factory);
}

export function setBackend(name: string): void {
  const factory = registry.get(name);
  if (!factory) throw new Error(`setBackend: unknown backend "${name}". Registered: ${[...registry.keys()].join(", ")}.`);
  current = factory();
}

export function getBackend(): Backend {
  if (current === null) setBackend("cpu");
  return current!;
}
