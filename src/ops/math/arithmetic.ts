/**
 * Broadcasting arithmetic: add, subtract, multiply, divide, floorDivide, mod,
 * power, maximum, minimum, arctan2, each next to its gradient.
 *
 * Operands go through `binaryOperands`: numpy broadcasting and Keras's dtype
 * promotion, with JS numbers weakly typed like Python scalars. Gradients follow
 * JAX's conventions and are built from public ops (so they can be differentiated again).
 */
import { Tensor } from "../../engine/tensor.js";
import { DType, floatResult } from "../../engine/dtype.js";
import { ValueError } from "../../engine/errors.js";
import { recordGradient } from "../../autodiff/tape.js";
import { binaryOperands, castTensor, runBinary, unbroadcast } from "../core/elementwise-helpers.js";
import { zerosLike } from "../core/creation.js";
import { cast } from "../core/cast.js";
import { backend, op, TensorLike } from "../op.js";
import { log, negative, square } from "./unary.js";
import { equal, greater, less } from "./comparison.js";
import { where } from "./select.js";

type Operand = TensorLike | number;

export const add = op("add", (a: Operand, b: Operand): Tensor => {
  const [x, y, dt] = binaryOperands(a, b, "add");
  const out = runBinary(dt === "bool" ? "or" : "add", x, y, dt, "add");
  recordGradient([x, y], [out], ([g]) => [unbroadcast(g, x.shape), unbroadcast(g, y.shape)]);
  return out;
});

export const subtract = op("subtract", (a: Operand, b: Operand): Tensor => {
  const [x, y, dt] = binaryOperands(a, b, "subtract");
  const out = runBinary("sub", x, y, dt, "subtract");
  recordGradient([x, y], [out], ([g]) => [unbroadcast(g, x.shape), unbroadcast(negative(g), y.shape)]);
  return out;
});

export const multiply = op("multiply", (a: Operand, b: Operand): Tensor => {
  const [x, y, dt] = binaryOperands(a, b, "multiply");
  const out = runBinary(dt === "bool" ? "and" : "mul", x, y, dt, "multiply");
  recordGradient([x, y], [out], ([g]) => [unbroadcast(multiply(g, y), x.shape), unbroadcast(multiply(g, x), y.shape)]);
  return out;
});

/** True division: integer inputs give floatx, as in Keras. */
export const divide = op("divide", (a: Operand, b: Operand): Tensor => {
  let [x, y, dt] = binaryOperands(a, b, "divide");
  const fdt = floatResult(dt);
  if (fdt !== dt) {
    x = castTensor(x, fdt);
    y = castTensor(y, fdt);
  }
  const out = runBinary("div", x, y, fdt, "divide");
  recordGradient([x, y], [out], ([g]) => [
    unbroadcast(divide(g, y), x.shape),
    unbroadcast(negative(divide(multiply(g, out), y)), y.shape),
  ]);
  return out;
});

/** Operands of integer-valued ops that numpy has no bool loop for: bool is computed as int32. */
function intOrFloatOperands(a: Operand, b: Operand, opName: string): [Tensor, Tensor, DType] {
  const [x, y, dt] = binaryOperands(a, b, opName);
  if (dt !== "bool") return [x, y, dt];
  return [castTensor(x, "int32"), castTensor(y, "int32"), "int32"];
}

/** Python's `//`: floor(x / y). Integer division by zero gives 0, as numpy does. The gradient is zero. */
export const floorDivide = op("floorDivide", (a: Operand, b: Operand): Tensor => {
  const [x, y, dt] = intOrFloatOperands(a, b, "floorDivide");
  const out = runBinary("floorDiv", x, y, dt, "floorDivide");
  recordGradient([x, y], [out], () => [zerosLike(x), zerosLike(y)]);
  return out;
});

/**
 * Python's `%`: the result takes the sign of the divisor. Integer modulo by zero gives 0, as numpy does.
 * mod = x - floor(x / y) * y, so d/dx = 1 and d/dy = -floor(x / y).
 */
export const mod = op("mod", (a: Operand, b: Operand): Tensor => {
  const [x, y, dt] = intOrFloatOperands(a, b, "mod");
  const out = runBinary("mod", x, y, dt, "mod");
  recordGradient([x, y], [out], ([g]) => [
    unbroadcast(g, x.shape),
    unbroadcast(negative(multiply(g, floorDivide(x, y))), y.shape),
  ]);
  return out;
});

/**
 * x ** y. Integer tensors stay integer (and, as in numpy and TensorFlow, a negative integer
 * exponent is an error rather than a silently truncated 0; results past int32 wrap around).
 * Gradients follow JAX: d/dx = y * x^(y-1), taken as 0 where y == 0; d/dy = out * log(x),
 * with log(0) replaced by 0. For x < 0, d/dy is NaN (log of a negative number), exactly as
 * in JAX, even where the forward value is finite (integer-valued y).
 */
export const power = op("power", (a: Operand, b: Operand): Tensor => {
  let [x, y, dt] = binaryOperands(a, b, "power");
  if (dt === "bool") {
    [x, y, dt] = [castTensor(x, "int32"), castTensor(y, "int32"), "int32"];
  }
  if (dt === "int32" && y.size > 0) {
    const smallest = backend().reduce("min", y.data, y.shape, y.shape.map((_, i) => i), "int32")[0];
    if (smallest < 0) {
      throw new ValueError(`ops.power: integers to negative integer powers are not allowed (received an int32 exponent of ${smallest}).`);
    }
  }
  const out = runBinary("pow", x, y, dt, "power");
  // A JS number operand is a constant: skip its (possibly costly) gradient.
  const xConst = typeof a === "number";
  const yConst = typeof b === "number";
  recordGradient([x, y], [out], ([g]) => [
    xConst ? null : unbroadcast(multiply(g, where(equal(y, 0), 0, multiply(y, power(x, subtract(y, 1))))), x.shape),
    yConst ? null : unbroadcast(multiply(g, multiply(out, log(where(equal(x, 0), 1, x)))), y.shape),
  ]);
  return out;
});

/**
 * The share of the gradient that goes to `x` in maximum (`pick` = greater) or minimum (`pick` = less):
 * 1 where x wins, 0.5 at ties (JAX's convention), 0 where y wins.
 */
function winnerShare(x: Tensor, y: Tensor, pick: typeof greater, dtype: DType): Tensor {
  return add(cast(pick(x, y), dtype), multiply(cast(equal(x, y), dtype), 0.5));
}

/** Elementwise maximum; NaN propagates, as in numpy. */
export const maximum = op("maximum", (a: Operand, b: Operand): Tensor => {
  const [x, y, dt] = binaryOperands(a, b, "maximum");
  const out = runBinary("max", x, y, dt, "maximum");
  recordGradient([x, y], [out], ([g]) => {
    const share = winnerShare(x, y, greater, g.dtype);
    return [unbroadcast(multiply(g, share), x.shape), unbroadcast(multiply(g, subtract(1, share)), y.shape)];
  });
  return out;
});

/** Elementwise minimum; NaN propagates, as in numpy. */
export const minimum = op("minimum", (a: Operand, b: Operand): Tensor => {
  const [x, y, dt] = binaryOperands(a, b, "minimum");
  const out = runBinary("min", x, y, dt, "minimum");
  recordGradient([x, y], [out], ([g]) => {
    const share = winnerShare(x, y, less, g.dtype);
    return [unbroadcast(multiply(g, share), x.shape), unbroadcast(multiply(g, subtract(1, share)), y.shape)];
  });
  return out;
});

/** atan2(x1, x2), the angle of the point (x2, x1); integer inputs give floats. */
export const arctan2 = op("arctan2", (a: Operand, b: Operand): Tensor => {
  let [x, y, dt] = binaryOperands(a, b, "arctan2");
  const fdt = floatResult(dt);
  if (fdt !== dt) {
    x = castTensor(x, fdt);
    y = castTensor(y, fdt);
  }
  const out = runBinary("atan2", x, y, fdt, "arctan2");
  recordGradient([x, y], [out], ([g]) => {
    const r2 = add(square(x), square(y));
    return [unbroadcast(multiply(g, divide(y, r2)), x.shape), unbroadcast(negative(multiply(g, divide(x, r2))), y.shape)];
  });
  return out;
});
