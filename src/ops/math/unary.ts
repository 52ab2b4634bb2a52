/**
 * Unary math ops, each with its derivative.
 *
 * Dtypes follow Keras 3: float-valued functions (exp, log, sin, erf, sqrt,
 * floor, ceil, ...) of int/bool inputs give float32; abs, sign, round, trunc
 * and negative keep the input dtype. Derivatives are built from public ops so
 * higher-order gradients work; piecewise-constant functions (sign, floor, ceil,
 * round, trunc) have a zero gradient, as in JAX.
 */
import { Tensor } from "../../engine/tensor.js";
import { floatResult, isFloat } from "../../engine/dtype.js";
import { ValueError } from "../../engine/errors.js";
import type { UnaryOp } from "../../backend/backend.js";
import { recordGradient } from "../../autodiff/tape.js";
import { castTensor, runBinary, runUnary } from "../core/elementwise-helpers.js";
import { zerosLike } from "../core/creation.js";
import { asTensor, op, readOptions, TensorLike } from "../op.js";
import { add, divide, multiply, subtract } from "./arithmetic.js";

type Derivative = (g: Tensor, x: Tensor, out: Tensor) => Tensor;

/** A float-valued elementwise function (int/bool inputs compute in float32) and its derivative. */
function floatUnary(name: string, kernel: UnaryOp, derivative: Derivative): (x: TensorLike) => Tensor {
  return op(name, (a: TensorLike): Tensor => {
    const x = asTensor(a, name);
    const out = runUnary(kernel, x, floatResult(x.dtype));
    recordGradient([x], [out], ([g]) => [derivative(g, x, out)]);
    return out;
  });
}

/** A piecewise-constant function that keeps the input dtype; its gradient is zero. */
function steppedUnary(name: string, kernel: UnaryOp): (x: TensorLike) => Tensor {
  return op(name, (a: TensorLike): Tensor => {
    const x = asTensor(a, name);
    const out = runUnary(kernel, x, x.dtype);
    recordGradient([x], [out], () => [zerosLike(x)]);
    return out;
  });
}

/** The same, but the result is a float (Keras's floor and ceil promote ints to floatx). */
function steppedFloatUnary(name: string, kernel: UnaryOp): (x: TensorLike) => Tensor {
  return op(name, (a: TensorLike): Tensor => {
    const x = asTensor(a, name);
    const out = runUnary(kernel, x, floatResult(x.dtype));
    recordGradient([x], [out], () => [zerosLike(x)]);
    return out;
  });
}

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
const SQRT_PI_OVER_TWO = Math.sqrt(Math.PI) / 2;

// ---- dtype-preserving ----

export const negative = op("negative", (a: TensorLike): Tensor => {
  const x = asTensor(a, "negative");
  const out = runUnary("neg", x, x.dtype);
  recordGradient([x], [out], ([g]) => [negative(g)]);
  return out;
});

/** |x|; its derivative is sign(x) (0 at 0, as in JAX). */
export const abs = op("abs", (a: TensorLike): Tensor => {
  const x = asTensor(a, "abs");
  const out = runUnary("abs", x, x.dtype);
  recordGradient([x], [out], ([g]) => [multiply(g, sign(x))]);
  return out;
});

/** Keras's alias of `abs`. */
export const absolute = abs;

export const sign = steppedUnary("sign", "sign");

export const square = op("square", (a: TensorLike): Tensor => {
  const x = asTensor(a, "square");
  const out = runUnary("square", x, x.dtype === "bool" ? "int32" : x.dtype);
  recordGradient([x], [out], ([g]) => [multiply(g, multiply(x, 2))]);
  return out;
});

/** Rounds toward zero; integer and bool tensors come back unchanged, as in Keras. */
export const trunc = op("trunc", (a: TensorLike): Tensor => {
  const x = asTensor(a, "trunc");
  if (!isFloat(x.dtype)) return x;
  const out = runUnary("trunc", x, x.dtype);
  recordGradient([x], [out], () => [zerosLike(x)]);
  return out;
});

/**
 * numpy's round: half to even, at `decimals` decimal places (negative decimals
 * round to tens, hundreds, ...). Like numpy it scales, rounds and unscales in
 * the tensor's own dtype, so float32 results match numpy's bit for bit. Ints
 * stay ints.
 */
export const round = op("round", (a: TensorLike, ...rest: [number?] | [{ decimals?: number }]): Tensor => {
  const x = asTensor(a, "round");
  const { decimals = 0 } = readOptions<{ decimals: number }>("round", rest, ["decimals"]);
  if (!Number.isInteger(decimals)) {
    throw new ValueError(`ops.round: decimals must be an integer, received ${String(decimals)}.`);
  }
  let out: Tensor;
  if (!isFloat(x.dtype)) {
    if (decimals >= 0) return x;
    // numpy divides in float64, rounds, multiplies back and casts to the int dtype.
    const scale = asTensor(10 ** -decimals, "round", "float64");
    const scaled = runBinary("div", castTensor(x, "float64"), scale, "float64", "round");
    out = castTensor(runBinary("mul", runUnary("round", scaled, "float64"), scale, "float64", "round"), x.dtype);
  } else if (decimals === 0) {
    out = runUnary("round", x, x.dtype);
  } else {
    const up = decimals > 0;
    const scale = asTensor(10 ** Math.abs(decimals), "round", x.dtype);
    const scaled = runBinary(up ? "mul" : "div", x, scale, x.dtype, "round");
    out = runBinary(up ? "div" : "mul", runUnary("round", scaled, x.dtype), scale, x.dtype, "round");
  }
  recordGradient([x], [out], () => [zerosLike(x)]);
  return out;
}) as {
  (x: TensorLike, decimals?: number): Tensor;
  (x: TensorLike, options: { decimals?: number }): Tensor;
};

// ---- piecewise constant, float-valued (Keras promotes ints to floatx) ----

export const floor = steppedFloatUnary("floor", "floor");
export const ceil = steppedFloatUnary("ceil", "ceil");

// ---- powers, exponentials and logarithms ----

export const sqrt = floatUnary("sqrt", "sqrt", (g, _x, out) => divide(g, multiply(out, 2)));

/** 1 / sqrt(x); d/dx = -out / (2x). */
export const rsqrt = floatUnary("rsqrt", "rsqrt", (g, x, out) => multiply(g, multiply(divide(out, x), -0.5)));

/** 1 / x; d/dx = -out^2. Integer inputs give floats (JAX's rule), not numpy's integer division. */
export const reciprocal = floatUnary("reciprocal", "reciprocal", (g, _x, out) => negative(multiply(g, square(out))));

export const exp = floatUnary("exp", "exp", (g, _x, out) => multiply(g, out));
export const expm1 = floatUnary("expm1", "expm1", (g, _x, out) => multiply(g, add(out, 1)));
export const log = floatUnary("log", "log", (g, x) => divide(g, x));
export const log1p = floatUnary("log1p", "log1p", (g, x) => divide(g, add(x, 1)));
export const log2 = floatUnary("log2", "log2", (g, x) => divide(g, multiply(x, Math.LN2)));
export const log10 = floatUnary("log10", "log10", (g, x) => divide(g, multiply(x, Math.LN10)));

// ---- trigonometric ----

export const sin = floatUnary("sin", "sin", (g, x) => multiply(g, cos(x)));
export const cos = floatUnary("cos", "cos", (g, x) => negative(multiply(g, sin(x))));
export const tan = floatUnary("tan", "tan", (g, _x, out) => multiply(g, add(square(out), 1)));
export const arcsin = floatUnary("arcsin", "asin", (g, x) => divide(g, sqrt(subtract(1, square(x)))));
export const arccos = floatUnary("arccos", "acos", (g, x) => negative(divide(g, sqrt(subtract(1, square(x))))));
export const arctan = floatUnary("arctan", "atan", (g, x) => divide(g, add(square(x), 1)));

// ---- hyperbolic ----

export const sinh = floatUnary("sinh", "sinh", (g, x) => multiply(g, cosh(x)));
export const cosh = floatUnary("cosh", "cosh", (g, x) => multiply(g, sinh(x)));
export const tanh = floatUnary("tanh", "tanh", (g, _x, out) => multiply(g, subtract(1, square(out))));
export const arcsinh = floatUnary("arcsinh", "asinh", (g, x) => divide(g, sqrt(add(square(x), 1))));
export const arccosh = floatUnary("arccosh", "acosh", (g, x) => divide(g, sqrt(subtract(square(x), 1))));
export const arctanh = floatUnary("arctanh", "atanh", (g, x) => divide(g, subtract(1, square(x))));

// ---- error function ----

/** d/dx erf(x) = 2/sqrt(pi) * exp(-x^2). */
export const erf = floatUnary("erf", "erf", (g, x) => multiply(g, multiply(exp(negative(square(x))), TWO_OVER_SQRT_PI)));

/** d/dy erfinv(y) = sqrt(pi)/2 * exp(erfinv(y)^2). */
export const erfinv = floatUnary("erfinv", "erfinv", (g, _x, out) => multiply(g, multiply(exp(square(out)), SQRT_PI_OVER_TWO)));
