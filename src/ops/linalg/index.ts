/**
 * `keras.ops.linalg`: the linear algebra ops, which Keras also exposes at the
 * top of `keras.ops` (norm lives with the reductions).
 */
export { cholesky, choleskyInverse } from "./cholesky.js";
export { det } from "./det.js";
export { eig } from "./eig.js";
export { eigh } from "./eigh.js";
export { inv } from "./inv.js";
export { lstsq } from "./lstsq.js";
export { luFactor } from "./lu-factor.js";
export { norm } from "../reduction/statistics.js";
export { qr } from "./qr.js";
export { solve } from "./solve.js";
export { solveTriangular } from "./solve-triangular.js";
export { svd } from "./svd.js";
