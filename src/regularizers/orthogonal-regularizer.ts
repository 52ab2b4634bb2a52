/**
 * `keras.regularizers.OrthogonalRegularizer({ factor=0.01, mode="rows" })`:
 * pushes the rows (or columns) of a 2-D kernel towards orthogonality. With
 * the rows normalized to unit length, the penalty is
 * factor * 0.5 * sum|off-diagonal entries of W W^T| / (n (n - 1) / 2).
 */
import { Tensor } from "../engine/tensor.js";
import { ValueError } from "../engine/errors.js";
import { formatShape } from "../engine/shape.js";
import { epsilon } from "../config/settings.js";
import { abs, rsqrt, square } from "../ops/math/unary.js";
import { divide, maximum, multiply, subtract } from "../ops/math/arithmetic.js";
import { sum } from "../ops/reduction/sum.js";
import { matmul } from "../ops/linalg/matmul.js";
import { transpose } from "../ops/shape/transpose.js";
import { eye } from "../ops/core/ranges.js";
import { Regularizer, RegularizerConfig, checkOptions, validateFloatArg } from "./regularizer.js";

/** x scaled to unit L2 norm along `axis` (norms floored at epsilon, as `keras.ops.normalize`). */
function normalize(x: Tensor, axis: number): Tensor {
  const eps = epsilon();
  return multiply(x, rsqrt(maximum(sum(square(x), axis, true), eps * eps)));
}

export class OrthogonalRegularizer extends Regularizer {
  /** Stored as float32, as Keras does (its config reads back 0.1 as 0.10000000149011612). */
  readonly factor: number;
  readonly mode: "rows" | "columns";

  constructor(options: { factor?: number; mode?: "rows" | "columns" } = {}) {
    super();
    checkOptions("OrthogonalRegularizer", options, ["factor", "mode"]);
    this.factor = Math.fround(validateFloatArg(options.factor ?? 0.01, "factor"));
    const mode = options.mode ?? "rows";
    if (mode !== "rows" && mode !== "columns") {
      throw new ValueError(`Invalid value for argument \`mode\`. Expected one of {'rows', 'columns'}. Received: mode=${String(mode)}`);
    }
    this.mode = mode;
  }

  override call(x: Tensor): Tensor {
    if (x.rank !== 2) {
      throw new ValueError(`Inputs to OrthogonalRegularizer must have rank 2. Received: inputs.shape=${formatShape(x.shape)}`);
    }
    const product =
      this.mode === "rows"
        ? matmul(normalize(x, 1), transpose(normalize(x, 1)))
        : matmul(transpose(normalize(x, 0)), normalize(x, 0));
    const size = product.shape[0];
    const offDiagonal = multiply(product, subtract(1, eye(size, { dtype: x.dtype })));
    const numPairs = (size * (size - 1)) / 2;
    return divide(multiply(sum(abs(offDiagonal)), this.factor * 0.5), numPairs);
  }

  override getConfig(): RegularizerConfig {
    return { factor: this.factor, mode: this.mode };
  }
}
