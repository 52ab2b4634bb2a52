/**
 * `keras.ops`: Keras 3's operations in camelCase. Each family lives in its own
 * file; this file only gathers the public names. `ops.nn` holds the neural
 * network ops, which Keras also exposes at the top of `keras.ops`.
 */
import { setTapeHelpers } from "../autodiff/tape.js";
import { add } from "./math/arithmetic.js";
import { cast } from "./core/cast.js";
import { onesLike, zerosLike } from "./core/creation.js";
import { reshape } from "./shape/reshape.js";

export * from "./core/cast.js";
export * from "./core/creation.js";
export * from "./core/ranges.js";
export * from "./math/arithmetic.js";
export * from "./math/unary.js";
export * from "./math/comparison.js";
export * from "./math/select.js";
export * from "./math/sorting.js";
export * from "./math/segment.js";
export * from "./math/extra.js";
export { fft, fft2, ifft2, rfft, irfft } from "./math/fft.js";
export { stft, istft } from "./math/stft.js";
export * from "./reduction/sum.js";
export * from "./reduction/extrema.js";
export * from "./reduction/statistics.js";
export * from "./reduction/cumulative.js";
export * from "./reduction/quantile.js";
export * from "./shape/reshape.js";
export * from "./shape/broadcast-to.js";
export * from "./shape/transpose.js";
export * from "./shape/dims.js";
export * from "./shape/join.js";
export * from "./shape/stacking.js";
export * from "./shape/slicing.js";
export * from "./shape/indexing.js";
export * from "./linalg/matmul.js";
export * from "./linalg/einsum.js";
export * from "./linalg/index.js";
export * as linalg from "./linalg/index.js";
export * from "./linalg/logdet.js";
export * from "./nn/index.js";
export * as nn from "./nn/index.js";
export * as image from "./image/index.js";

setTapeHelpers({ add, cast, onesLike, zerosLike, reshape });
