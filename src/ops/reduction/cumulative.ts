/**
 * cumsum and cumprod: Keras's `(x, axis=None, dtype=None)`. axis null scans the
 * flattened tensor. The result has `dtype` (default: x's dtype), with bool
 * becoming int32 as in Keras. Gradients: a reverse running sum for cumsum; for
 * cumprod an exact formula that never divides by x (see scan.ts).
 */
import { Tensor } from "../../engine/tensor.js";
import { DType, standardizeDType } from "../../engine/dtype.js";
import { normalizeAxis } from "../../engine/shape.js";
import { asTensor, op, readOptions, TensorLike } from "../op.js";
import { reshape } from "../shape/reshape.js";
import { cast } from "../core/cast.js";
import { ScanKind, scan } from "./scan.js";

export interface CumulativeOptions {
  axis?: number | null;
  dtype?: DType | string | null;
}

type CumulativeFn = {
  (x: TensorLike, axis?: number | null, dtype?: DType | string | null): Tensor;
  (x: TensorLike, options: CumulativeOptions): Tensor;
};

function cumulative(name: string, kind: ScanKind): CumulativeFn {
  return op(name, (x: TensorLike, ...rest: unknown[]): Tensor => {
    const t = asTensor(x, name);
    const { axis = null, dtype = null } = readOptions<CumulativeOptions & Record<string, unknown>>(name, rest, ["axis", "dtype"]);
    let outDtype = dtype !== null && dtype !== undefined ? standardizeDType(dtype, `ops.${name}`) : t.dtype;
    if (outDtype === "bool") outDtype = "int32";
    const xs = t.dtype === outDtype ? t : cast(t, outDtype);
    if (axis === null) return scan(kind, reshape(xs, [xs.size]), 0, false);
    return scan(kind, xs, normalizeAxis(axis, xs.rank, `ops.${name}`), false);
  }) as CumulativeFn;
}

/** Running sum along `axis` (null: over the flattened tensor). */
export const cumsum = cumulative("cumsum", "sum");
/** Running product along `axis` (null: over the flattened tensor). */
export const cumprod = cumulative("cumprod", "prod");
