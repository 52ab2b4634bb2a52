/** Fan-in and fan-out of a weight shape, as Keras's `compute_fans`. */
import { normalizeAxis } from "../engine/shape.js";

/**
 * Rank 0: (1, 1). Rank 1: (n, n). Rank 2: (rows, cols). Rank >= 3 is taken to
 * be a convolution kernel (..., in, out): both fans are multiplied by the
 * receptive field, the product of the leading dimensions.
 *
 * With `inputAxes` / `outputAxes` (Keras 3.15, used for EinsumDense and
 * attention kernels) the fans are the products of the dimensions on those axes.
 */
export function computeFans(
  shape: readonly number[],
  inputAxes: readonly number[] | null = null,
  outputAxes: readonly number[] | null = null,
): [number, number] {
  if (inputAxes && outputAxes) {
    const prod = (axes: readonly number[]) => axes.reduce((p, a) => p * shape[normalizeAxis(a, shape.length, "computeFans")], 1);
    return [prod(inputAxes), prod(outputAxes)];
  }
  if (shape.length === 0) return [1, 1];
  if (shape.length === 1) return [shape[0], shape[0]];
  if (shape.length === 2) return [shape[0], shape[1]];
  let receptive = 1;
  for (let i = 0; i < shape.length - 2; i++) receptive *= shape[i];
  return [shape[shape.length - 2] * receptive, shape[shape.length - 1] * receptive];
}
