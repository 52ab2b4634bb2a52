/**
 * Inclusive scans (running sums and products) along one axis, and the shift
 * they are differentiated with. Internal building blocks of cumsum, cumprod and
 * prod's gradient; not public ops.
 *
 * The product scan's gradient never divides by x, so zeros in the input get
 * exact gradients: for y_i = x_0 * ... * x_i,
 *   dL/dx_k = (x_0 * ... * x_{k-1}) * S_k,   S_k = sum_{i>=k} g_i * x_{k+1} * ... * x_i,
 * and S satisfies the linear recurrence S_k = g_k + x_{k+1} * S_{k+1}, which is
 * solved in log2(n) doubling steps (Hillis-Steele) made of shifts, products and
 * sums, all differentiable, so higher-order gradients work too.
 */
import { Tensor, fromData } from "../../engine/tensor.js";
import { allocate } from "../../engine/dtype.js";
import { stridesOf } from "../../engine/shape.js";
import { recordGradient } from "../../autodiff/tape.js";
import { backend } from "../op.js";
import { add, multiply } from "../math/arithmetic.js";

/**
 * out[.., i, ..] = x[.., i - k, ..] along `axis`; positions whose source falls
 * outside the axis get `fill`. Its adjoint is the opposite shift filled with 0.
 */
export function shiftAlong(x: Tensor, axis: number, k: number, fill: number): Tensor {
  const n = x.shape[axis];
  const moved = Math.max(0, n - Math.abs(k));
  const base = allocate(x.dtype, x.size);
  if (fill !== 0) base.fill(fill);
  let data = base;
  if (moved > 0 && x.size > 0) {
    const strides = stridesOf(x.shape);
    const partShape = x.shape.slice();
    partShape[axis] = moved;
    const from = k >= 0 ? 0 : -k * strides[axis];
    const to = k >= 0 ? k * strides[axis] : 0;
    const part = backend().stridedCopy(x.data, partShape, from, strides, x.dtype);
    data = backend().stridedScatter(base, part, partShape, to, strides, false);
  }
  const out = fromData(data, x.shape, x.dtype);
  recordGradient([x], [out], ([g]) => [shiftAlong(g, axis, -k, 0)]);
  return out;
}

export type ScanKind = "sum" | "prod";

/** Inclusive running sum or product along `axis` (from the end when `reverse`), in x's dtype. */
export function scan(kind: ScanKind, x: Tensor, axis: number, reverse: boolean): Tensor {
  const out = fromData(backend().cumulative(kind, x.data, x.shape, axis, reverse, x.dtype), x.shape, x.dtype);
  recordGradient([x], [out], ([g]) => [kind === "sum" ? scan("sum", g, axis, !reverse) : scanProductGradient(x, out, g, axis, reverse)]);
  return out;
}

/** dL/dx of y = scan("prod", x, axis, reverse) for the cotangent g, without dividing by x. */
function scanProductGradient(x: Tensor, y: Tensor, g: Tensor, axis: number, reverse: boolean): Tensor {
  // `d` points from an element to the one the scan reaches next.
  const d = reverse ? -1 : 1;
  const n = x.shape[axis];
  // Product of the elements the scan passed before k (1 for the first).
  const before = shiftAlong(y, axis, d, 1);
  // Solve S_k = g_k + x_next(k) * S_next(k) by doubling: after the step with span s,
  // sums[k] covers terms k..k+2s-1 and factors[k] is the product that carries a term 2s further.
  let sums = g;
  let factors = shiftAlong(x, axis, -d, 0);
  for (let span = 1; span < n; span *= 2) {
    sums = add(sums, multiply(factors, shiftAlong(sums, axis, -d * span, 0)));
    if (2 * span < n) factors = multiply(factors, shiftAlong(factors, axis, -d * span, 0));
  }
  return multiply(before, sums);
}
