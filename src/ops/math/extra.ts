/**
 * Small numpy/Keras ops composed from other public ops (their gradients come
 * from those ops): divideNoNan, ...
 */
import { Tensor } from "../../engine/tensor.js";
import { op, TensorLike } from "../op.js";
import { binaryOperands } from "../core/elementwise-helpers.js";
import { divide } from "./arithmetic.js";
import { equal } from "./comparison.js";
import { where } from "./select.js";

type Operand = TensorLike | number;

/**
 * Keras's `divide_no_nan(x1, x2)`: x1 / x2, but 0 where x2 == 0 (even for
 * x1 == 0 or x1 = inf). The divisor is made safe before dividing, so the
 * gradient is finite too: zero for both operands where x2 == 0.
 */
export const divideNoNan = op("divideNoNan", (x1: Operand, x2: Operand): Tensor => {
  const [a, b] = binaryOperands(x1, x2, "divideNoNan");
  const isZero = equal(b, 0);
  const safe = where(isZero, 1, b);
  const q = divide(a, safe);
  return where(isZero, 0, q);
});
