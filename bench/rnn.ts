/**
 * Recurrent layers: LSTM(128) and GRU(128) over sequences of length 50, input
 * dimension 32, batch 32 — inference, and one training step (forward, mean
 * squared error, backward, one Adam update). keras-ts runs its fused sequence
 * kernels; TensorFlow.js runs tf.layers.lstm / tf.layers.gru (a tensor op per
 * gate per step). Both start from the same weights, so the first run's loss
 * and recurrent-kernel gradient are cross-checked. tfjs's GRU has no
 * `resetAfter: true`, so the GRU cases use resetAfter=false on both sides.
 */
import type * as TF from "@tensorflow/tfjs";
import * as keras from "../src/index.js";
import { BenchCase, Outputs, randomData, tfjsRun } from "./harness.js";

const BATCH = 32;
const STEPS = 50;
const FEATURES = 32;
const UNITS = 128;

type Kind = "lstm" | "gru";

const GATES: Record<Kind, number> = { lstm: 4, gru: 3 };

/** The layer's weights (kernel, recurrent kernel, bias) as flat float32 data, shared by both sides. */
function weightData(kind: Kind): Float32Array[] {
  const g = GATES[kind] * UNITS;
  const scale = (d: Float32Array, s: number) => d.map((v) => v * s);
  return [
    scale(randomData(FEATURES * g, 11), Math.sqrt(6 / (FEATURES + g))),
    scale(randomData(UNITS * g, 12), 1 / Math.sqrt(UNITS)),
    scale(randomData(g, 13), 0.1),
  ];
}

/** Multiply-adds of one forward pass: the input projection and the recurrent product of every step. */
function forwardFlops(kind: Kind): number {
  const g = GATES[kind] * UNITS;
  return 2 * BATCH * STEPS * (FEATURES + UNITS) * g;
}

function oursLayer(kind: Kind): keras.layers.RNN {
  const layer = kind === "lstm" ? new keras.layers.LSTM(UNITS) : new keras.layers.GRU(UNITS, { resetAfter: false });
  layer.build([BATCH, STEPS, FEATURES]);
  const shapes = layer.weights.map((w) => w.shape.slice());
  layer.setWeights(weightData(kind).map((d, i) => new keras.Tensor(d, shapes[i], "float32")));
  return layer;
}

function tfjsLayer(tf: typeof TF, kind: Kind, x: TF.Tensor): TF.layers.Layer {
  const layer = kind === "lstm" ? tf.layers.lstm({ units: UNITS, recurrentActivation: "sigmoid" }) : tf.layers.gru({ units: UNITS, recurrentActivation: "sigmoid", resetAfter: false } as never);
  tf.tidy(() => layer.apply(x) as TF.Tensor);
  const data = weightData(kind);
  const weights = layer.getWeights().map((w, i) => tf.tensor(data[i], w.shape));
  layer.setWeights(weights);
  tf.dispose(weights);
  return layer;
}

function inference(kind: Kind): BenchCase {
  const xData = randomData(BATCH * STEPS * FEATURES, 1);
  return {
    group: "rnn",
    name: `${kind.toUpperCase()}(${UNITS}) inference [${BATCH},${STEPS},${FEATURES}]`,
    flops: forwardFlops(kind),
    ours() {
      const layer = oursLayer(kind);
      const x = new keras.Tensor(xData, [BATCH, STEPS, FEATURES], "float32");
      return { run: () => [(layer.apply(x) as keras.Tensor).data] };
    },
    tfjs(tf) {
      const x = tf.tensor3d(xData, [BATCH, STEPS, FEATURES]);
      const layer = tfjsLayer(tf, kind, x);
      return { run: tfjsRun(tf, () => layer.apply(x) as TF.Tensor), dispose: () => { tf.dispose(x); layer.dispose(); } };
    },
  };
}

function trainStep(kind: Kind): BenchCase {
  const xData = randomData(BATCH * STEPS * FEATURES, 2);
  const yData = randomData(BATCH * UNITS, 3);
  return {
    group: "rnn",
    name: `${kind.toUpperCase()}(${UNITS}) train step (fwd+bwd+Adam) [${BATCH},${STEPS},${FEATURES}]`,
    flops: 3 * forwardFlops(kind),
    tolerance: 1e-3,
    ours() {
      const layer = oursLayer(kind);
      const x = new keras.Tensor(xData, [BATCH, STEPS, FEATURES], "float32");
      const y = new keras.Tensor(yData, [BATCH, UNITS], "float32");
      const optimizer = new keras.optimizers.Adam({ learningRate: 1e-3 });
      const variables = layer.trainableWeights;
      return {
        run: (): Outputs => {
          const { value, grads } = keras.valueAndGrad(
            () => keras.ops.mean(keras.ops.square(keras.ops.subtract(layer.apply(x, { training: true }) as keras.Tensor, y))),
            variables,
          );
          optimizer.applyGradients(grads.map((g, i) => [g, variables[i]] as const));
          return [value.data, grads[1].data];
        },
      };
    },
    tfjs(tf) {
      const x = tf.tensor3d(xData, [BATCH, STEPS, FEATURES]);
      const y = tf.tensor2d(yData, [BATCH, UNITS]);
      const layer = tfjsLayer(tf, kind, x);
      const optimizer = tf.train.adam(1e-3, 0.9, 0.999, 1e-7);
      const variables = layer.trainableWeights.map((w) => (w as unknown as { val: TF.Variable }).val);
      const recurrentName = variables[1].name;
      return {
        run: () => {
          let outputs: Outputs = [];
          tf.tidy(() => {
            const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(tf.sub(layer.apply(x, { training: true }) as TF.Tensor, y))) as TF.Scalar, variables);
            outputs = [value.dataSync(), grads[recurrentName].dataSync()];
            optimizer.applyGradients(grads as TF.NamedTensorMap as never);
          });
          return outputs;
        },
        dispose: () => {
          tf.dispose([x, y]);
          layer.dispose();
          optimizer.dispose();
        },
      };
    },
  };
}

export const rnnCases: BenchCase[] = [trainStep("lstm"), inference("lstm"), trainStep("gru"), inference("gru")];
