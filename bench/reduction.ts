/** Sums of a 1000x1000 float32 matrix: along rows (axis 1), along columns (axis 0), and in full. */
import * as keras from "../src/index.js";
import { BenchCase, randomData, tfjsRun } from "./harness.js";

const N = 1000;
const data = randomData(N * N, 31);

function sumCase(axis: 0 | 1 | null): BenchCase {
  return {
    group: "reduction",
    name: `sum ${N}x${N} f32, ${axis === null ? "all axes" : `axis=${axis}`}`,
    ours() {
      const x = new keras.Tensor(data, [N, N], "float32");
      return { run: () => [keras.ops.sum(x, axis).data] };
    },
    tfjs(tf) {
      const x = tf.tensor2d(data, [N, N]);
      return { run: tfjsRun(tf, () => tf.sum(x, axis ?? undefined)), dispose: () => x.dispose() };
    },
    // Float32 sums of a million terms: summation order alone moves the last digits.
    tolerance: 1e-3,
  };
}

export const reductionCases: BenchCase[] = [sumCase(1), sumCase(0), sumCase(null)];
