/**
 * One full training step of an MLP 784-256-256-10 on a batch of 128 with
 * Adam: keras-ts through `model.trainOnBatch` (forward, sparse categorical
 * crossentropy from logits, tape gradients, Adam update, loss tracker), and
 * tfjs through `optimizer.minimize` on the same network written with tfjs
 * ops (tfjs-layers' trainOnBatch is async). Both start from the same
 * weights and data, so the first step's loss is the cross-check.
 */
import * as keras from "../src/index.js";
import { BenchCase, randomData } from "./harness.js";

const BATCH = 128;
const SIZES = [784, 256, 256, 10];

function labels(): Int32Array {
  const out = new Int32Array(BATCH);
  for (let i = 0; i < BATCH; i++) out[i] = (i * 7 + 3) % 10;
  return out;
}

/** Glorot-like scaled deterministic weights, identical for both implementations. */
function initialWeights(): { kernels: Float32Array[]; biases: Float32Array[] } {
  const kernels: Float32Array[] = [];
  const biases: Float32Array[] = [];
  for (let l = 0; l < SIZES.length - 1; l++) {
    const [fanIn, fanOut] = [SIZES[l], SIZES[l + 1]];
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    kernels.push(randomData(fanIn * fanOut, 10 + l).map((v) => v * limit));
    biases.push(new Float32Array(fanOut));
  }
  return { kernels, biases };
}

function mlpTrainStepCase(): BenchCase {
  const xData = randomData(BATCH * SIZES[0], 1);
  const yData = labels();
  const init = initialWeights();
  const layerFlops = SIZES.slice(1).reduce((s, out, l) => s + 2 * BATCH * SIZES[l] * out, 0);
  return {
    group: "training",
    name: `MLP ${SIZES.join("-")} training step (batch ${BATCH}, Adam)`,
    // forward + gradients of activations and weights: about three times the forward products
    flops: 3 * layerFlops,
    tolerance: 1e-4,
    ours() {
      const { layers } = keras;
      const model = new keras.Sequential([
        keras.Input({ shape: [SIZES[0]] }),
        new layers.Dense(SIZES[1], { activation: "relu" }),
        new layers.Dense(SIZES[2], { activation: "relu" }),
        new layers.Dense(SIZES[3]),
      ]);
      model.setWeights(init.kernels.flatMap((k, l) => [new keras.Tensor(k, [SIZES[l], SIZES[l + 1]], "float32"), init.biases[l]]));
      model.compile({ optimizer: new keras.optimizers.Adam(), loss: new keras.losses.SparseCategoricalCrossentropy({ fromLogits: true }) });
      const x = new keras.Tensor(xData, [BATCH, SIZES[0]], "float32");
      const y = new keras.Tensor(yData, [BATCH], "int32");
      return {
        run: () => {
          // The step's own loss (not the running mean over calls).
          model.resetMetrics();
          return [[model.trainOnBatch(x, y) as number]];
        },
      };
    },
    tfjs(tf) {
      const x = tf.tensor2d(xData, [BATCH, SIZES[0]]);
      const y = tf.oneHot(tf.tensor1d(yData, "int32"), SIZES[3]);
      const kernels = init.kernels.map((k, l) => tf.variable(tf.tensor2d(k, [SIZES[l], SIZES[l + 1]])));
      const biases = init.biases.map((b) => tf.variable(tf.tensor1d(b)));
      const optimizer = tf.train.adam(0.001, 0.9, 0.999, 1e-7);
      const forwardLoss = () => {
        let h: ReturnType<typeof tf.matMul> = x;
        kernels.forEach((k, l) => {
          h = tf.add(tf.matMul(h, k), biases[l]);
          if (l < kernels.length - 1) h = tf.relu(h);
        });
        return tf.losses.softmaxCrossEntropy(y, h) as ReturnType<typeof tf.scalar>;
      };
      return {
        run: () => {
          const loss = optimizer.minimize(forwardLoss, true)!;
          const value = loss.dataSync()[0];
          loss.dispose();
          return [[value]];
        },
        dispose: () => {
          tf.dispose([x, y, ...kernels, ...biases]);
          optimizer.dispose();
        },
      };
    },
  };
}

export const trainingCases: BenchCase[] = [mlpTrainStepCase()];
