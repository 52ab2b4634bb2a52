/**
 * `keras.ops.nn` activation functions (Keras 3.15.1 semantics), each next to its gradient.
 *
 * Most forwards run as one fused kernel (src/backend/cpu/activation-kernels.ts).
 * Backward passes are built from public ops so that higher-order gradients
 * work; where the first derivative itself is costly (gelu, silu, mish) it runs
 * as a fused kernel too, wrapped in a private op whose own gradient is the
 * (composed, differentiable) second derivative. Piecewise-linear pieces use
 * constant 0/1 masks, whose derivative is zero almost everywhere.
 *
 * Integer and bool inputs compute in float32, as Keras's float-valued
 * activations do; `relu` and `relu6` keep integer dtypes.
 */
import { Tensor, fromData } from "../../engine/tensor.js";
import { DType, allocate, floatResult, isFloat } from "../../engine/dtype.js";
import { ValueError } from "../../engine/errors.js";
import { formatShape, normalizeAxes, normalizeAxis } from "../../engine/shape.js";
import type { BinaryOp, UnaryOp } from "../../backend/backend.js";
import { recordGradient } from "../../autodiff/tape.js";
import { castTensor, runBinary, runUnary } from "../core/elementwise-helpers.js";
import { asTensor, backend, op, readOptions, TensorLike } from "../op.js";
import { add, divide, multiply, subtract } from "../math/arithmetic.js";
import { exp, negative, square, tanh } from "../math/unary.js";
import { sum } from "../reduction/sum.js";
import { reshape } from "../shape/reshape.js";
import { keptShape } from "../reduction/axis-args.js";
import { sparsemaxForward } from "./sparsemax-forward.js";

// ---------------------------------------------------------------------------
// Helpers: constants, masks and the shared shape of an elementwise activation
// ---------------------------------------------------------------------------

/** The input as a float tensor (int/bool compute in float32, as Keras does). */
function floatInput(x: TensorLike, name: string): Tensor {
  const t = asTensor(x, name);
  return isFloat(t.dtype) ? t : castTensor(t, floatResult(t.dtype));
}

function scalar(value: number, dtype: DType): Tensor {
  return asTensor(value, "scalar", dtype);
}

/** A constant tensor (no gradient) holding 1 where `x <cmp> value` and 0 elsewhere, in x's dtype. */
function indicator(x: Tensor, cmp: BinaryOp, value: number): Tensor {
  return runBinary(cmp, x, scalar(value, x.dtype), x.dtype, "indicator");
}

/** 1 where lo < x < hi: the region where a clipped linear piece has slope 1. */
function insideOpen(x: Tensor, lo: number, hi: number): Tensor {
  return runBinary("mul", indicator(x, "gt", lo), indicator(x, "lt", hi), x.dtype, "indicator");
}

function checkNumber(value: unknown, what: string, name: string): number {
  if (typeof value !== "number" || Number.isNaN(value)) {
    throw new ValueError(`ops.${name}: ${what} must be a number, received ${String(value)}.`);
  }
  return value;
}

type Derivative = (x: Tensor, out: Tensor) => Tensor;

/** An elementwise activation: one fused kernel forward, `g * derivative(x, out)` backward. */
function fusedActivation(name: string, kernel: UnaryOp, derivative: Derivative): (x: TensorLike) => Tensor {
  return op(name, (a: TensorLike): Tensor => {
    const x = floatInput(a, name);
    const out = runUnary(kernel, x, x.dtype);
    recordGradient([x], [out], ([g]) => [multiply(g, derivative(x, out))]);
    return out;
  });
}

/**
 * A private differentiable op computing a first derivative with a fused kernel;
 * `second` builds its derivative from public ops, so gradients of any order work.
 */
function derivativeOp(kernel: UnaryOp, second: (x: Tensor) => Tensor): (x: Tensor) => Tensor {
  const f = (x: Tensor): Tensor => {
    const out = runUnary(kernel, x, x.dtype);
    recordGradient([x], [out], ([g]) => [multiply(g, second(x))]);
    return out;
  };
  return f;
}

// ---------------------------------------------------------------------------
// Rectifiers and clipped linear units
// ---------------------------------------------------------------------------

/** max(x, 0). Integer inputs stay integers, as in Keras. */
export const relu = op("relu", (a: TensorLike): Tensor => {
  const t = asTensor(a, "relu");
  const x = t.dtype === "bool" ? castTensor(t, "int32") : t;
  const out = runUnary("relu", x, x.dtype);
  recordGradient([x], [out], ([g]) => [multiply(g, indicator(x, "gt", 0))]);
  return out;
});

/** min(max(x, 0), 6). Integer inputs stay integers. */
export const relu6 = op("relu6", (a: TensorLike): Tensor => {
  const t = asTensor(a, "relu6");
  const x = t.dtype === "bool" ? castTensor(t, "int32") : t;
  const out = runUnary("relu6", x, x.dtype);
  recordGradient([x], [out], ([g]) => [multiply(g, insideOpen(x, 0, 6))]);
  return out;
});

/** max(x, negativeSlope * x), Keras's formula (so slopes above 1 behave as numpy does). */
export const leakyRelu = op("leakyRelu", (a: TensorLike, ...rest: [number?] | [{ negativeSlope?: number }]): Tensor => {
  const { negativeSlope = 0.2 } = readOptions<{ negativeSlope: number }>("leakyRelu", rest, ["negativeSlope"]);
  checkNumber(negativeSlope, "negativeSlope", "leakyRelu");
  const x = floatInput(a, "leakyRelu");
  const scaled = runBinary("mul", x, scalar(negativeSlope, x.dtype), x.dtype, "leakyRelu");
  const out = runBinary("max", x, scaled, x.dtype, "leakyRelu");
  recordGradient([x], [out], ([g]) => {
    const keepsX = runBinary("ge", x, scaled, x.dtype, "leakyRelu");
    // slope = keepsX ? 1 : negativeSlope
    const slope = runBinary("add", runBinary("mul", keepsX, scalar(1 - negativeSlope, x.dtype), x.dtype, "leakyRelu"), scalar(negativeSlope, x.dtype), x.dtype, "leakyRelu");
    return [multiply(g, slope)];
  });
  return out;
}) as {
  (x: TensorLike, negativeSlope?: number): Tensor;
  (x: TensorLike, options: { negativeSlope?: number }): Tensor;
};

/** clip(x, -1, 1). */
export const hardTanh = fusedActivation("hardTanh", "hardTanh", (x) => insideOpen(x, -1, 1));

/** clip(x / 6 + 0.5, 0, 1). */
export const hardSigmoid = fusedActivation("hardSigmoid", "hardSigmoid", (x) =>
  runBinary("mul", insideOpen(x, -3, 3), scalar(1 / 6, x.dtype), x.dtype, "hardSigmoid"),
);

/** x * hardSigmoid(x). */
export const hardSilu = fusedActivation("hardSilu", "hardSilu", (x) =>
  add(hardSigmoid(x), multiply(x, runBinary("mul", insideOpen(x, -3, 3), scalar(1 / 6, x.dtype), x.dtype, "hardSilu"))),
);
export const hardSwish = hardSilu;

/** clip((x + 1) / 2, 0, 1). */
export const sparseSigmoid = fusedActivation("sparseSigmoid", "sparseSigmoid", (x) =>
  runBinary("mul", insideOpen(x, -1, 1), scalar(0.5, x.dtype), x.dtype, "sparseSigmoid"),
);

/** 0 below -1, (x + 1)^2 / 4 on [-1, 1], x above 1: its derivative is sparseSigmoid. */
export const sparsePlus = fusedActivation("sparsePlus", "sparsePlus", (x) => sparseSigmoid(x));

/** x where |x| > threshold, 0 elsewhere. */
export const hardShrink = op("hardShrink", (a: TensorLike, ...rest: [number?] | [{ threshold?: number }]): Tensor => {
  const { threshold = 0.5 } = readOptions<{ threshold: number }>("hardShrink", rest, ["threshold"]);
  checkNumber(threshold, "threshold", "hardShrink");
  const x = floatInput(a, "hardShrink");
  // |x| > t  <=>  x > t or x < -t
  const keep = runBinary("add", indicator(x, "gt", threshold), indicator(x, "lt", -threshold), x.dtype, "hardShrink");
  const out = runBinary("mul", x, keep, x.dtype, "hardShrink");
  recordGradient([x], [out], ([g]) => [multiply(g, keep)]);
  return out;
}) as {
  (x: TensorLike, threshold?: number): Tensor;
  (x: TensorLike, options: { threshold?: number }): Tensor;
};

/** x - threshold above threshold, x + threshold below -threshold, 0 between. */
export const softShrink = op("softShrink", (a: TensorLike, ...rest: [number?] | [{ threshold?: number }]): Tensor => {
  const { threshold = 0.5 } = readOptions<{ threshold: number }>("softShrink", rest, ["threshold"]);
  checkNumber(threshold, "threshold", "softShrink");
  const x = floatInput(a, "softShrink");
  // x - clip(x, -t, t)
  const clipped = runBinary("min", runBinary("max", x, scalar(-threshold, x.dtype), x.dtype, "softShrink"), scalar(threshold, x.dtype), x.dtype, "softShrink");
  const out = runBinary("sub", x, clipped, x.dtype, "softShrink");
  recordGradient([x], [out], ([g]) => [
    multiply(g, runBinary("add", indicator(x, "gt", threshold), indicator(x, "lt", -threshold), x.dtype, "softShrink")),
  ]);
  return out;
}) as {
  (x: TensorLike, threshold?: number): Tensor;
  (x: TensorLike, options: { threshold?: number }): Tensor;
};

/** x where x > threshold, defaultValue elsewhere. */
export const threshold = op("threshold", (a: TensorLike, thresholdValue: number, defaultValue: number): Tensor => {
  checkNumber(thresholdValue, "threshold", "threshold");
  checkNumber(defaultValue, "defaultValue", "threshold");
  const x = floatInput(a, "threshold");
  const keep = indicator(x, "gt", thresholdValue);
  const out = fromData(
    backend().select(keep.data, keep.shape, x.data, x.shape, scalar(defaultValue, x.dtype).data, [], x.shape, x.dtype),
    x.shape,
    x.dtype,
  );
  recordGradient([x], [out], ([g]) => [multiply(g, keep)]);
  return out;
});

// ---------------------------------------------------------------------------
// Smooth activations
// ---------------------------------------------------------------------------

/** 1 / (1 + exp(-x)), evaluated stably for both signs. */
export const sigmoid = fusedActivation("sigmoid", "sigmoid", (_x, out) => multiply(out, subtract(1, out)));

/** log(1 + exp(x)), stable. */
export const softplus = fusedActivation("softplus", "softplus", (x) => sigmoid(x));

/** log(sigmoid(x)) = -softplus(-x). */
export const logSigmoid = fusedActivation("logSigmoid", "logSigmoid", (x) => sigmoid(negative(x)));

/** x / (1 + |x|); derivative 1 / (1 + |x|)^2 = (1 - |out|)^2. */
export const softsign = fusedActivation("softsign", "softsign", (x, out) =>
  square(subtract(1, multiply(out, runUnary("sign", x, x.dtype)))),
);

/** x - tanh(x); derivative tanh(x)^2 = (x - out)^2. */
export const tanhShrink = fusedActivation("tanhShrink", "tanhShrink", (x, out) => square(subtract(x, out)));

/** (x + sqrt(x^2 + b)) / 2; derivative (1 + x / sqrt(x^2 + b)) / 2 with sqrt(x^2 + b) = 2 out - x. */
export const squareplus = op("squareplus", (a: TensorLike, ...rest: [number?] | [{ b?: number }]): Tensor => {
  const { b = 4 } = readOptions<{ b: number }>("squareplus", rest, ["b"]);
  checkNumber(b, "b", "squareplus");
  const x = floatInput(a, "squareplus");
  const dt = x.dtype;
  const root = runUnary("sqrt", runBinary("add", runUnary("square", x, dt), scalar(b, dt), dt, "squareplus"), dt);
  const out = runBinary("mul", runBinary("add", x, root, dt, "squareplus"), scalar(0.5, dt), dt, "squareplus");
  recordGradient([x], [out], ([g]) => {
    const rootOfOut = subtract(multiply(out, 2), x);
    return [multiply(g, multiply(add(1, divide(x, rootOfOut)), 0.5))];
  });
  return out;
}) as {
  (x: TensorLike, b?: number): Tensor;
  (x: TensorLike, options: { b?: number }): Tensor;
};

const siluDerivative = derivativeOp("siluGrad", (x) => {
  // s (1 - s) (2 + x (1 - 2 s))
  const s = sigmoid(x);
  return multiply(multiply(s, subtract(1, s)), add(2, multiply(x, subtract(1, multiply(s, 2)))));
});

/** x * sigmoid(x). */
export const silu = fusedActivation("silu", "silu", (x) => siluDerivative(x));
export const swish = silu;

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const GELU_CUBIC = 0.044715;

const geluDerivative = derivativeOp("geluGrad", (x) => {
  // phi(x) (2 - x^2)
  const x2 = square(x);
  return multiply(multiply(exp(multiply(x2, -0.5)), INV_SQRT_2PI), subtract(2, x2));
});

const geluTanhDerivative = derivativeOp("geluTanhGrad", (x) => {
  // With u = c (x + a x^3), t = tanh(u): (1 - t^2) (u' - x t u'^2 + x u'' / 2), u' = c (1 + 3 a x^2), u'' = 6 c a x.
  const x2 = square(x);
  const t = tanh(multiply(add(x, multiply(multiply(x2, x), GELU_CUBIC)), SQRT_2_OVER_PI));
  const du = multiply(add(1, multiply(x2, 3 * GELU_CUBIC)), SQRT_2_OVER_PI);
  const inner = add(subtract(du, multiply(multiply(x, t), square(du))), multiply(x2, 3 * SQRT_2_OVER_PI * GELU_CUBIC));
  return multiply(subtract(1, square(t)), inner);
});

const geluExact = fusedActivation("gelu", "gelu", (x) => geluDerivative(x));
const geluApproximate = fusedActivation("gelu", "geluTanh", (x) => geluTanhDerivative(x));

/**
 * Gaussian error linear unit. `approximate` defaults to true as in keras.ops.gelu
 * (the tanh form); false gives the exact x * Phi(x).
 */
export const gelu = op("gelu", (a: TensorLike, ...rest: [boolean?] | [{ approximate?: boolean }]): Tensor => {
  const { approximate = true } = readOptions<{ approximate: boolean }>("gelu", rest, ["approximate"]);
  return approximate ? geluApproximate(a) : geluExact(a);
}) as {
  (x: TensorLike, approximate?: boolean): Tensor;
  (x: TensorLike, options: { approximate?: boolean }): Tensor;
};

const mishDerivative = derivativeOp("mishGrad", (x) => {
  // With T = tanh(softplus(x)), s = sigmoid(x): (1 - T^2) s (2 + x (1 - s) - 2 x T s)
  const t = tanh(softplus(x));
  const s = sigmoid(x);
  const xs = multiply(x, s);
  return multiply(multiply(subtract(1, square(t)), s), subtract(add(2, subtract(x, xs)), multiply(multiply(xs, t), 2)));
});

/** x * tanh(softplus(x)). */
export const mish = fusedActivation("mish", "mish", (x) => mishDerivative(x));

/**
 * An exponential unit: scale * (x where x >= 0, alpha * expm1(x / beta) elsewhere)
 * (elu: beta = scale = 1; celu: beta = alpha; selu: fixed alpha and scale).
 * elu with alpha 1 and selu run as one fused kernel.
 */
function exponentialUnit(name: string, a: TensorLike, alpha: number, beta: number, scale = 1): Tensor {
  const x = floatInput(a, name);
  const dt = x.dtype;
  const positive = indicator(x, "ge", 0);
  let out: Tensor;
  if (name === "selu") {
    out = runUnary("selu", x, dt);
  } else if (alpha === 1 && beta === 1) {
    out = runUnary("elu", x, dt);
  } else {
    const scaledX = beta === 1 ? x : runBinary("div", x, scalar(beta, dt), dt, name);
    const negativePart = runBinary("mul", runUnary("expm1", scaledX, dt), scalar(alpha, dt), dt, name);
    out = fromData(backend().select(positive.data, x.shape, x.data, x.shape, negativePart.data, x.shape, x.shape, dt), x.shape, dt);
  }
  recordGradient([x], [out], ([g]) => {
    // positive ? scale : scale * alpha / beta * exp(x / beta) = (out + scale * alpha) / beta
    const negativeSlope = multiply(add(out, scale * alpha), 1 / beta);
    const notPositive = runBinary("sub", scalar(1, dt), positive, dt, name);
    const positiveSlope = scale === 1 ? positive : runBinary("mul", positive, scalar(scale, dt), dt, name);
    return [multiply(g, add(positiveSlope, multiply(notPositive, negativeSlope)))];
  });
  return out;
}

/** x for x >= 0, alpha * (exp(x) - 1) below. */
export const elu = op("elu", (a: TensorLike, ...rest: [number?] | [{ alpha?: number }]): Tensor => {
  const { alpha = 1 } = readOptions<{ alpha: number }>("elu", rest, ["alpha"]);
  return exponentialUnit("elu", a, checkNumber(alpha, "alpha", "elu"), 1);
}) as {
  (x: TensorLike, alpha?: number): Tensor;
  (x: TensorLike, options: { alpha?: number }): Tensor;
};

const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;

/** scale * elu(x, alpha) with the self-normalising constants. */
export const selu = op("selu", (a: TensorLike): Tensor => exponentialUnit("selu", a, SELU_ALPHA, 1, SELU_SCALE));

/** x for x >= 0, alpha * (exp(x / alpha) - 1) below. */
export const celu = op("celu", (a: TensorLike, ...rest: [number?] | [{ alpha?: number }]): Tensor => {
  const { alpha = 1 } = readOptions<{ alpha: number }>("celu", rest, ["alpha"]);
  checkNumber(alpha, "alpha", "celu");
  if (alpha === 0) throw new ValueError("ops.celu: alpha must be non-zero (it divides x), received 0.");
  return exponentialUnit("celu", a, alpha, alpha);
}) as {
  (x: TensorLike, alpha?: number): Tensor;
  (x: TensorLike, options: { alpha?: number }): Tensor;
};

/**
 * Gated linear unit: splits `x` in two halves a, b along `axis` and returns a * sigmoid(b).
 * The halves are taken by viewing the axis as (2, n) and summing against a one-hot
 * selector: only reshape, multiply and sum, so every order of gradient comes for free.
 */
export const glu = op("glu", (a: TensorLike, ...rest: [number?] | [{ axis?: number }]): Tensor => {
  const { axis = -1 } = readOptions<{ axis: number }>("glu", rest, ["axis"]);
  const x = floatInput(a, "glu");
  const ax = normalizeAxis(axis, x.rank, "ops.glu");
  const size = x.shape[ax];
  if (size % 2 !== 0) {
    throw new ValueError(`ops.glu: axis size must be divisible by 2. Received: x.shape=${formatShape(x.shape)} with axis=${axis}`);
  }
  const split = [...x.shape.slice(0, ax), 2, size / 2, ...x.shape.slice(ax + 1)];
  const pairs = reshape(x, split);
  const selectorShape = split.map((d, i) => (i === ax ? 2 : 1));
  const half = (which: number): Tensor => {
    const selector = allocate(x.dtype, 2);
    selector[which] = 1;
    return sum(multiply(pairs, fromData(selector, selectorShape, x.dtype)), ax);
  };
  return multiply(half(0), sigmoid(half(1)));
}) as {
  (x: TensorLike, axis?: number): Tensor;
  (x: TensorLike, options: { axis?: number }): Tensor;
};

// ---------------------------------------------------------------------------
// Normalising activations over an axis
// ---------------------------------------------------------------------------

type SoftmaxAxis = number | readonly number[] | null;

/** Reduces `x` over `axes` with a kernel, keeping the reduced dims (size 1). No gradient. */
function reduceKept(kind: "max" | "sum", x: Tensor, axes: number[]): Tensor {
  return fromData(backend().reduce(kind, x.data, x.shape, axes, x.dtype), keptShape(x.shape, axes), x.dtype);
}

/** exp(x - max) and its sum over `axes`: the numerically stable core of softmax and logSoftmax. */
function shiftedExp(x: Tensor, axes: number[], name: string): { shifted: Tensor; e: Tensor; total: Tensor } {
  const shifted = runBinary("sub", x, reduceKept("max", x, axes), x.dtype, name);
  const e = runUnary("exp", shifted, x.dtype);
  return { shifted, e, total: reduceKept("sum", e, axes) };
}

function softmaxAxes(x: Tensor, axis: SoftmaxAxis | undefined, name: string): number[] {
  return normalizeAxes(axis === undefined ? -1 : axis, x.rank, `ops.${name}`);
}

/** exp(x) / sum(exp(x)) over `axis` (a number, an array of axes, or null for all). */
export const softmax = op("softmax", (a: TensorLike, ...rest: [SoftmaxAxis?] | [{ axis?: SoftmaxAxis }]): Tensor => {
  const { axis } = readOptions<{ axis: SoftmaxAxis }>("softmax", rest, ["axis"]);
  const x = floatInput(a, "softmax");
  const axes = softmaxAxes(x, axis, "softmax");
  const { e, total } = shiftedExp(x, axes, "softmax");
  const out = runBinary("div", e, total, x.dtype, "softmax");
  // d/dx: out * (g - sum(g * out))
  recordGradient([x], [out], ([g]) => [multiply(out, subtract(g, sum(multiply(g, out), axes, true)))]);
  return out;
}) as {
  (x: TensorLike, axis?: SoftmaxAxis): Tensor;
  (x: TensorLike, options: { axis?: SoftmaxAxis }): Tensor;
};

/** x - max(x) - log(sum(exp(x - max(x)))) over `axis`. */
export const logSoftmax = op("logSoftmax", (a: TensorLike, ...rest: [SoftmaxAxis?] | [{ axis?: SoftmaxAxis }]): Tensor => {
  const { axis } = readOptions<{ axis: SoftmaxAxis }>("logSoftmax", rest, ["axis"]);
  const x = floatInput(a, "logSoftmax");
  const axes = softmaxAxes(x, axis, "logSoftmax");
  const { shifted, total } = shiftedExp(x, axes, "logSoftmax");
  const out = runBinary("sub", shifted, runUnary("log", total, x.dtype), x.dtype, "logSoftmax");
  // d/dx: g - softmax(x) * sum(g)
  recordGradient([x], [out], ([g]) => [subtract(g, multiply(exp(out), sum(g, axes, true)))]);
  return out;
}) as {
  (x: TensorLike, axis?: SoftmaxAxis): Tensor;
  (x: TensorLike, options: { axis?: SoftmaxAxis }): Tensor;
};

/**
 * Sparsemax, exactly as Keras 3.15.1 computes it: with the logits sorted in
 * decreasing order z, their cumulative sums c and the support k (the z_i with
 * z_i > (c_i - 1) / i), tau = (sum of c over the support - 1) / k (Keras's
 * threshold, not the textbook c_k) and the output is max(x - tau, 0).
 * d tau / d x_j = max(k - p_j, 0) / k where p_j is x_j's position in the sorted order.
 */
export const sparsemax = op("sparsemax", (a: TensorLike, ...rest: [number?] | [{ axis?: number }]): Tensor => {
  const { axis = -1 } = readOptions<{ axis: number }>("sparsemax", rest, ["axis"]);
  const x = floatInput(a, "sparsemax");
  const ax = normalizeAxis(axis, x.rank, "ops.sparsemax");
  const { out, tauWeight } = sparsemaxForward(x, ax);
  recordGradient([x], [out], ([g]) => {
    const active = indicator(out, "gt", 0);
    const ga = multiply(g, active);
    return [subtract(ga, multiply(tauWeight, sum(ga, ax, true)))];
  });
  return out;
}) as {
  (x: TensorLike, axis?: number): Tensor;
  (x: TensorLike, options: { axis?: number }): Tensor;
};
