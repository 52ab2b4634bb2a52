/** A chain of elementwise ops on 1M floats: y = tanh(x * a + b) * sigmoid(x), forward only. */
import * as keras from "../src/index.js";
import { BenchCase, randomData, tfjsRun } from "./harness.js";

const SIZE = 1 << 20;
const A = 1.5, B = -0.25;
const xData = randomData(SIZE, 21);

const chain: BenchCase = {
  group: "elementwise",
  name: `tanh(x*a+b)*sigmoid(x), ${SIZE} f32`,
  ours() {
    const { ops } = keras;
    const x = new keras.Tensor(xData, [SIZE], "float32");
    return { run: () => [ops.multiply(ops.tanh(ops.add(ops.multiply(x, A), B)), ops.sigmoid(x)).data] };
  },
  tfjs(tf) {
    const x = tf.tensor1d(xData);
    return {
      run: tfjsRun(tf, () => tf.mul(tf.tanh(tf.add(tf.mul(x, A), B)), tf.sigmoid(x))),
      dispose: () => x.dispose(),
    };
  },
};

export const elementwiseCases: BenchCase[] = [chain];
