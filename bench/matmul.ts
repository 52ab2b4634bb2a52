/** Square float32 matrix products, the kernel behind Dense, LSTM/GRU gates and im2col convolutions. */
import * as keras from "../src/index.js";
import { setAsmKernelEnabled } from "../src/backend/cpu/matmul.js";
import { BenchCase, randomData, tfjsRun } from "./harness.js";

/** `plainJs`: time our fallback kernel (used where the asm.js module cannot be built) instead of the asm.js one. */
function matmulCase(n: number, plainJs = false): BenchCase {
  const aData = randomData(n * n, 1);
  const bData = randomData(n * n, 2);
  return {
    group: "matmul",
    name: `matmul ${n}x${n} @ ${n}x${n} f32${plainJs ? " (our plain JS kernel)" : ""}`,
    flops: 2 * n * n * n,
    ours() {
      const a = new keras.Tensor(aData, [n, n], "float32");
      const b = new keras.Tensor(bData, [n, n], "float32");
      if (!plainJs) return { run: () => [keras.ops.matmul(a, b).data] };
      return {
        run: () => {
          setAsmKernelEnabled(false);
          try {
            return [keras.ops.matmul(a, b).data];
          } finally {
            setAsmKernelEnabled(true);
          }
        },
      };
    },
    tfjs(tf) {
      const a = tf.tensor2d(aData, [n, n]);
      const b = tf.tensor2d(bData, [n, n]);
      return { run: tfjsRun(tf, () => tf.matMul(a, b)), dispose: () => tf.dispose([a, b]) };
    },
  };
}

export const matmulCases: BenchCase[] = [...[128, 256, 512, 1024].map((n) => matmulCase(n)), matmulCase(512, true)];
