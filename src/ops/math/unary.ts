/** Unary math ops, each with its derivative. */
import { Tensor } from "../../engine/tensor.js";
import { floatResult } from "../../engine/dtype.js";
import { recordGradient } from "../../autodiff/tape.js";
import { runUnary } from "../core/elementwise-helpers.js";
import { asTensor, op, TensorLike } from "../op.js";
import { multiply, divide } from "./arithmetic.js";

export const negative = op("negative", (a: TensorLike): Tensor => {
  const x = asTensor(a, "negative");
  const out = runUnary("neg", x, x.dtype);
  recordGradient([x], [out], ([g]) => [negative(g)]);
  return out;
});

export const exp = op("exp", (a: TensorLike): Tensor => {
  const x = asTensor(a, "exp");
  const out = runUnary("exp", x, floatResult(x.dtype));
  recordGradient([x], [out], ([g]) => [multiply(g, out)]);
  return out;
});

export const log = op("log", (a: TensorLike): Tensor => {
  const x = asTensor(a, "log");
  const out = runUnary("log", x, floatResult(x.dtype));
  recordGradient([x], [out], ([g]) => [divide(g, x)]);
  return out;
});

export const square = op("square", (a: TensorLike): Tensor => {
  const x = asTensor(a, "square");
  const out = runUnary("square", x, x.dtype === "bool" ? "int32" : x.dtype);
  recordGradient([x], [out], ([g]) => [multiply(g, multiply(x, 2))]);
  return out;
});

export const sqrt = op("sqrt", (a: TensorLike): Tensor => {
  const x = asTensor(a, "sqrt");
  const out = runUnary("sqrt", x, floatResult(x.dtype));
  recordGradient([x], [out], ([g]) => [divide(g, multiply(out, 2))]);
  return out;
});
