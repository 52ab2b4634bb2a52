/**
 * `keras.ops`: Keras 3's operations in camelCase. Each family lives in its own
 * folder; this file only gathers the public names.
 */
import { setTapeHelpers } from "../autodiff/tape.js";
import { add } from "./math/arithmetic.js";
import { cast } from "./core/cast.js";
import { onesLike, zerosLike } from "./core/creation.js";
import { reshape } from "./shape/reshape.js";

export * from "./core/cast.js";
export * from "./core/creation.js";
export * from "./math/arithmetic.js";
export * from "./math/unary.js";
export * from "./reduction/sum.js";
export * from "./shape/reshape.js";
export * from "./shape/broadcast-to.js";
export * from "./shape/transpose.js";
export * from "./linalg/matmul.js";

setTapeHelpers({ add, cast, onesLike, zerosLike, reshape });
