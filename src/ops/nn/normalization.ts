/**
 * Normalization primitives of `keras.ops.nn`: moments, batchNormalization,
 * normalize, rmsNormalization and layerNormalization (Keras 3.15.1 signatures).
 * All are compositions of public differentiable ops, so gradients of any order
 * come from the ops they are built of.
 */
import { Tensor } from "../../engine/tensor.js";
import { floatResult, isFloat } from "../../engine/dtype.js";
import { ValueError } from "../../engine/errors.js";
import { formatShape, normalizeAxes, normalizeAxis } from "../../engine/shape.js";
import { epsilon as configEpsilon } from "../../config/settings.js";
import { asTensor, op, readOptions, TensorLike } from "../op.js";
import { cast } from "../core/cast.js";
import { add, divide, maximum, minimum, multiply, subtract } from "../math/arithmetic.js";
import { negative, rsqrt, square } from "../math/unary.js";
import { mean, sum } from "../reduction/sum.js";
import { norm } from "../reduction/statistics.js";
import { reshape } from "../shape/reshape.js";

type Axes = number | readonly number[];

function floatTensor(x: TensorLike, name: string): Tensor {
  const t = asTensor(x, name);
  return isFloat(t.dtype) ? t : cast(t, floatResult(t.dtype));
}

/** A tensor argument in x's dtype (a differentiable cast, so float parameters keep their gradients). */
function like(v: TensorLike | number, x: Tensor, name: string): Tensor {
  if (typeof v === "number") return asTensor(v, name, x.dtype);
  const t = asTensor(v, name);
  return t.dtype === x.dtype ? t : cast(t, x.dtype);
}

/** Keras turns a scalar input into shape (1,) before normalizing it. */
function atLeast1d(x: Tensor): Tensor {
  return x.rank === 0 ? reshape(x, [1]) : x;
}

/**
 * Mean and variance of `x` over `axes`. The variance is the two-pass
 * mean((x - mean)^2): equal to Keras's E[x^2] - E[x]^2 up to rounding, without
 * its cancellation when |mean| is large. `synchronized` only matters for
 * multi-device training, which keras-ts does not do: it is accepted and has no effect.
 */
export const moments = op("moments", (x: TensorLike, axes: Axes, ...rest: [boolean?, boolean?] | [{ keepdims?: boolean; synchronized?: boolean }]): [Tensor, Tensor] => {
  const { keepdims = false } = readOptions<{ keepdims: boolean; synchronized: boolean }>("moments", rest, ["keepdims", "synchronized"]);
  const t = floatTensor(x, "moments");
  if (axes === undefined || axes === null) {
    throw new ValueError("ops.moments: `axes` is required (a number or an array of axes), received " + String(axes) + ".");
  }
  const ax = normalizeAxes(axes, t.rank, "ops.moments");
  const m = mean(t, ax, true);
  const variance = mean(square(subtract(t, m)), ax, keepdims);
  return [keepdims ? m : reshape(m, t.shape.filter((_, i) => !ax.includes(i))), variance];
}) as {
  (x: TensorLike, axes: Axes, keepdims?: boolean, synchronized?: boolean): [Tensor, Tensor];
  (x: TensorLike, axes: Axes, options: { keepdims?: boolean; synchronized?: boolean }): [Tensor, Tensor];
};

interface BatchNormOptions {
  offset?: TensorLike | null;
  scale?: TensorLike | null;
  epsilon?: number;
}

/**
 * (x - mean) / sqrt(variance + epsilon) * scale + offset, with the statistics
 * given per entry of `axis`, computed as Keras does: x * inv + (offset - mean * inv).
 * 1-D statistics must have length x.shape[axis]; other shapes must broadcast against x.
 */
export const batchNormalization = op("batchNormalization", (
  x: TensorLike,
  meanArg: TensorLike,
  varianceArg: TensorLike,
  axis: number,
  ...rest: [(TensorLike | null)?, (TensorLike | null)?, number?] | [BatchNormOptions]
): Tensor => {
  const { offset = null, scale = null, epsilon = 1e-3 } = readOptions<BatchNormOptions & Record<string, unknown>>("batchNormalization", rest, ["offset", "scale", "epsilon"]);
  const t = floatTensor(x, "batchNormalization");
  if (typeof axis !== "number") throw new ValueError(`ops.batchNormalization: axis must be an integer, received ${String(axis)}.`);
  const ax = normalizeAxis(axis, t.rank, "ops.batchNormalization");
  const channels = t.shape[ax];
  const broadcastShape = t.shape.map((d, i) => (i === ax ? d : 1));
  const statistic = (v: TensorLike, name: string): Tensor => {
    const s = like(v, t, "batchNormalization");
    if (s.rank !== 1) return s;
    if (s.shape[0] !== channels) {
      throw new ValueError(
        `ops.batchNormalization: Arguments \`${name}\` must be a vector of length \`x.shape[axis]\`. ` +
          `Expected: \`${formatShape([channels])}\`. Received: \`${formatShape(s.shape)}\`.`,
      );
    }
    return reshape(s, broadcastShape);
  };
  const m = statistic(meanArg, "mean");
  const v = statistic(varianceArg, "variance");
  let inv = rsqrt(add(v, epsilon));
  if (scale !== null) inv = multiply(inv, statistic(scale, "scale"));
  let shift = negative(multiply(m, inv));
  if (offset !== null) shift = add(shift, statistic(offset, "offset"));
  return add(multiply(t, inv), shift);
}) as {
  (x: TensorLike, mean: TensorLike, variance: TensorLike, axis: number, offset?: TensorLike | null, scale?: TensorLike | null, epsilon?: number): Tensor;
  (x: TensorLike, mean: TensorLike, variance: TensorLike, axis: number, options: BatchNormOptions): Tensor;
};

interface NormalizeOptions {
  axis?: Axes;
  order?: number;
  epsilon?: number | null;
}

/**
 * x / max(norm(x, order, axis), epsilon). For order 2, as Keras does,
 * x * min(rsqrt(sum(x^2)), 1 / epsilon); other orders use ops.norm (so a
 * two-axis `axis` gives the matrix norm, as numpy's linalg.norm does).
 */
export const normalize = op("normalize", (x: TensorLike, ...rest: [Axes?, number?, (number | null)?] | [NormalizeOptions]): Tensor => {
  const { axis = -1, order = 2, epsilon = null } = readOptions<NormalizeOptions & Record<string, unknown>>("normalize", rest, ["axis", "order", "epsilon"]);
  if (typeof order !== "number" || !Number.isInteger(order) || order < 1) {
    throw new ValueError(`ops.normalize: Argument \`order\` must be an int >= 1. Received: order=${String(order)}`);
  }
  const t = atLeast1d(floatTensor(x, "normalize"));
  const eps = epsilon ?? configEpsilon();
  const ax = typeof axis === "number" ? normalizeAxis(axis, t.rank, "ops.normalize") : normalizeAxes(axis, t.rank, "ops.normalize");
  if (order === 2) {
    const invNorm = rsqrt(sum(square(t), ax, true));
    return multiply(t, minimum(invNorm, 1 / eps));
  }
  return divide(t, maximum(norm(t, { ord: order, axis: ax, keepdims: true }), eps));
}) as {
  (x: TensorLike, axis?: Axes, order?: number, epsilon?: number | null): Tensor;
  (x: TensorLike, options: NormalizeOptions): Tensor;
};

interface RmsOptions {
  scale?: TensorLike | number;
  axis?: Axes;
  epsilon?: number | null;
}

/** x * rsqrt(mean(x^2, axis) + epsilon) * scale (Zhang & Sennrich's RMSNorm; no centering). */
export const rmsNormalization = op("rmsNormalization", (x: TensorLike, ...rest: [(TensorLike | number)?, Axes?, (number | null)?] | [RmsOptions]): Tensor => {
  const { scale = 1, axis = -1, epsilon = null } = readOptions<RmsOptions & Record<string, unknown>>("rmsNormalization", rest, ["scale", "axis", "epsilon"]);
  const t = atLeast1d(floatTensor(x, "rmsNormalization"));
  const ax = normalizeAxes(axis, t.rank, "ops.rmsNormalization");
  const inv = rsqrt(add(mean(square(t), ax, true), epsilon ?? configEpsilon()));
  return multiply(multiply(t, inv), like(scale ?? 1, t, "rmsNormalization"));
}) as {
  (x: TensorLike, scale?: TensorLike | number, axis?: Axes, epsilon?: number | null): Tensor;
  (x: TensorLike, options: RmsOptions): Tensor;
};

interface LayerNormOptions {
  gamma?: TensorLike | null;
  beta?: TensorLike | null;
  axis?: Axes;
  epsilon?: number | null;
  rmsScaling?: boolean;
}

/**
 * Layer normalization over `axis`: (x - mean) * rsqrt(var + epsilon) * gamma + beta.
 * With rmsScaling, Keras's shortcut x * rsqrt(var + epsilon) * gamma (centered
 * variance, mean not subtracted). gamma and beta of a lower rank than x are laid
 * along the normalized axes, as Keras does.
 */
export const layerNormalization = op("layerNormalization", (
  x: TensorLike,
  ...rest: [(TensorLike | null)?, (TensorLike | null)?, Axes?, (number | null)?, boolean?] | [LayerNormOptions]
): Tensor => {
  const { gamma = null, beta = null, axis = -1, epsilon = null, rmsScaling = false } = readOptions<LayerNormOptions & Record<string, unknown>>(
    "layerNormalization", rest, ["gamma", "beta", "axis", "epsilon", "rmsScaling"],
  );
  const t = floatTensor(x, "layerNormalization");
  const ax = normalizeAxes(axis, t.rank, "ops.layerNormalization");
  const eps = epsilon ?? configEpsilon();
  const broadcastShape = t.shape.map((d, i) => (ax.includes(i) ? d : 1));
  const onlyLast = ax.length === 1 && ax[0] === t.rank - 1;
  const param = (v: TensorLike): Tensor => {
    const p = like(v, t, "layerNormalization");
    return p.rank !== t.rank && !onlyLast ? reshape(p, broadcastShape) : p;
  };
  if (rmsScaling) {
    const [, variance] = moments(t, ax, true);
    const out = multiply(t, rsqrt(add(variance, eps)));
    return gamma === null ? out : multiply(out, param(gamma));
  }
  const [m, variance] = moments(t, ax, true);
  let inv = rsqrt(add(variance, eps));
  if (gamma !== null) inv = multiply(inv, param(gamma));
  let shift = negative(multiply(m, inv));
  if (beta !== null) shift = add(shift, param(beta));
  return add(multiply(t, inv), shift);
}) as {
  (x: TensorLike, gamma?: TensorLike | null, beta?: TensorLike | null, axis?: Axes, epsilon?: number | null, rmsScaling?: boolean): Tensor;
  (x: TensorLike, options: LayerNormOptions): Tensor;
};
