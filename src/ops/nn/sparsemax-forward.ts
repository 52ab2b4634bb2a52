/**
 * The forward pass of sparsemax, in kernels (no tape): Keras 3.15.1's threshold
 * and, for the backward pass, d tau / d x for every element.
 */
import { Tensor, fromData } from "../../engine/tensor.js";
import { allocate } from "../../engine/dtype.js";
import { stridesOf } from "../../engine/shape.js";
import { castTensor, runBinary } from "../core/elementwise-helpers.js";
import { asTensor, backend } from "../op.js";

/** A strided transpose without a gradient (the caller records its own). */
function permute(x: Tensor, perm: readonly number[]): Tensor {
  if (perm.every((p, i) => p === i)) return x;
  const strides = stridesOf(x.shape);
  const shape = perm.map((p) => x.shape[p]);
  return fromData(backend().stridedCopy(x.data, shape, 0, perm.map((p) => strides[p]), x.dtype), shape, x.dtype);
}

export interface SparsemaxParts {
  out: Tensor;
  /** d tau / d x_j = max(k - p_j, 0) / k, with p_j the position of x_j in decreasing order. */
  tauWeight: Tensor;
}

export function sparsemaxForward(x: Tensor, axis: number): SparsemaxParts {
  const dt = x.dtype;
  const rank = x.rank;
  const last = rank - 1;
  // Work with `axis` last: the sort and cumulative kernels run along one axis of contiguous rows.
  const perm = [...Array.from({ length: rank }, (_, i) => i).filter((i) => i !== axis), axis];
  const inverse = new Array<number>(rank);
  perm.forEach((p, i) => (inverse[p] = i));
  const xt = permute(x, perm);
  const shape = xt.shape;
  const n = shape[last];
  const keptShape = [...shape.slice(0, last), 1];
  const bin = (op: Parameters<typeof runBinary>[0], a: Tensor, b: Tensor): Tensor => runBinary(op, a, b, dt, "sparsemax");
  const rowSum = (t: Tensor): Tensor => fromData(backend().reduce("sum", t.data, shape, [last], dt), keptShape, dt);
  const one = asTensor(1, "sparsemax", dt);
  const zero = asTensor(0, "sparsemax", dt);

  const { values, indices: order } = backend().sort(xt.data, shape, true);
  const sorted = fromData(values, shape, dt);
  const cumsum = fromData(backend().cumulative("sum", values, shape, last, false, dt), shape, dt);
  const positions = allocate(dt, n);
  for (let i = 0; i < n; i++) positions[i] = i + 1;
  const r = fromData(positions, [n], dt);
  // support_i: z_i > (c_i - 1) / i
  const support = bin("gt", sorted, bin("div", bin("sub", cumsum, one), r));
  const k = rowSum(support);
  const tau = bin("div", bin("sub", rowSum(bin("mul", cumsum, support)), one), k);
  const out = bin("max", bin("sub", xt, tau), zero);

  // The inverse of the sort permutation gives each element's position in the sorted order.
  const orderAsFloat = castTensor(fromData(order, shape, "int32"), "float64");
  const ranks = castTensor(fromData(backend().sort(orderAsFloat.data, shape, false).indices, shape, "int32"), dt);
  const tauWeight = bin("div", bin("max", bin("sub", k, ranks), zero), k);
  return { out: permute(out, inverse), tauWeight: permute(tauWeight, inverse) };
}
