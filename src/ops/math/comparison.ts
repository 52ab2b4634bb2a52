/**
 * Comparisons, logical ops and floating-point class tests. Every result is a
 * bool tensor, and none of them has a gradient.
 */
import { Tensor } from "../../engine/tensor.js";
import type { DType } from "../../engine/dtype.js";
import type { BinaryOp, UnaryOp } from "../../backend/backend.js";
import { runBinary, runUnary } from "../core/elementwise-helpers.js";
import { asTensor, op, TensorLike } from "../op.js";

type Operand = TensorLike | number | boolean;

function isScalar(x: unknown): x is number | boolean {
  return typeof x === "number" || typeof x === "boolean";
}

/**
 * The dtype a JS number takes when compared with a tensor. numpy (which Keras's
 * comparisons call directly) compares a float32 array with a Python float rounded
 * to float32, and compares ints with floats exactly; the kernels compare in
 * double precision, so float64 keeps everything else exact.
 */
function scalarDtypeAgainst(other: DType, scalar: number | boolean): DType {
  if (typeof scalar === "boolean") return "bool";
  return other === "float32" ? "float32" : "float64";
}

/**
 * Both operands as tensors, without promoting the tensors: the kernels read any
 * typed array and compare the values as doubles, which is exact for every dtype pair.
 */
function comparisonOperands(a: Operand, b: Operand, opName: string): [Tensor, Tensor] {
  if (isScalar(a) && !isScalar(b)) {
    const tb = asTensor(b, opName);
    return [asTensor(a, opName, scalarDtypeAgainst(tb.dtype, a)), tb];
  }
  if (isScalar(b) && !isScalar(a)) {
    const ta = asTensor(a, opName);
    return [ta, asTensor(b, opName, scalarDtypeAgainst(ta.dtype, b))];
  }
  return [asTensor(a, opName), asTensor(b, opName)];
}

function comparison(name: string, kernel: BinaryOp): (x1: Operand, x2: Operand) => Tensor {
  return op(name, (a: Operand, b: Operand): Tensor => {
    const [x, y] = comparisonOperands(a, b, name);
    return runBinary(kernel, x, y, "bool", name);
  });
}

/** Logical ops take any dtype and test truthiness (non-zero; NaN counts as true, as in numpy). */
function logical(name: string, kernel: BinaryOp): (x1: Operand, x2: Operand) => Tensor {
  return op(name, (a: Operand, b: Operand): Tensor => runBinary(kernel, asTensor(a, name), asTensor(b, name), "bool", name));
}

function predicate(name: string, kernel: UnaryOp): (x: Operand) => Tensor {
  return op(name, (a: Operand): Tensor => runUnary(kernel, asTensor(a, name), "bool"));
}

export const equal = comparison("equal", "eq");
export const notEqual = comparison("notEqual", "ne");
export const greater = comparison("greater", "gt");
export const greaterEqual = comparison("greaterEqual", "ge");
export const less = comparison("less", "lt");
export const lessEqual = comparison("lessEqual", "le");

export const logicalAnd = logical("logicalAnd", "and");
export const logicalOr = logical("logicalOr", "or");
export const logicalXor = logical("logicalXor", "xor");
export const logicalNot = predicate("logicalNot", "logicalNot");

/** Integer and bool tensors are never NaN or infinite. */
export const isnan = predicate("isnan", "isnan");
export const isinf = predicate("isinf", "isinf");
export const isfinite = predicate("isfinite", "isfinite");
