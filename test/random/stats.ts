/** Summary statistics of a draw, for the distribution tests. */
import type { Tensor } from "../../src/index.js";

export interface Stats { mean: number; std: number; min: number; max: number; count: number }

export function statsOf(t: Tensor | ArrayLike<number>): Stats {
  const data = "data" in (t as Tensor) ? (t as Tensor).data : (t as ArrayLike<number>);
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    sum += data[i];
    if (data[i] < min) min = data[i];
    if (data[i] > max) max = data[i];
  }
  const mean = sum / data.length;
  let sq = 0;
  for (let i = 0; i < data.length; i++) sq += (data[i] - mean) ** 2;
  return { mean, std: Math.sqrt(sq / data.length), min, max, count: data.length };
}
