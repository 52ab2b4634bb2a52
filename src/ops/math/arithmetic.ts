/** Broadcasting arithmetic: add, subtract, multiply, divide, ... each next to its gradient. */
import { Tensor } from "../../engine/tensor.js";
import { floatResult } from "../../engine/dtype.js";
import { recordGradient } from "../../autodiff/tape.js";
import { binaryOperands, castTensor, runBinary, unbroadcast } from "../core/elementwise-helpers.js";
import { op, TensorLike } from "../op.js";

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

// `negative` lives with the unary ops; re-imported here for the gradients above.
import { negative } from "./unary.js";
