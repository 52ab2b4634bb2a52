/**
 * conv2d, channels_last, "same" padding, stride 1: forward, and forward plus
 * the gradients for the input and the kernel (what one training step of a
 * Conv2D layer costs). tfjs-wasm has no Conv2DBackpropFilter kernel: n/a.
 */
import * as keras from "../src/index.js";
import type { Tensor } from "../src/index.js";
import type * as TF from "@tensorflow/tfjs";
import { BenchCase, randomData, tfjsRun } from "./harness.js";

const BATCH = 8, SIZE = 32, IN_CH = 16, OUT_CH = 32, KSIZE = 3;
const X_SHAPE: [number, number, number, number] = [BATCH, SIZE, SIZE, IN_CH];
const K_SHAPE: [number, number, number, number] = [KSIZE, KSIZE, IN_CH, OUT_CH];
const Y_SHAPE: [number, number, number, number] = [BATCH, SIZE, SIZE, OUT_CH];
const FORWARD_FLOPS = 2 * BATCH * SIZE * SIZE * OUT_CH * KSIZE * KSIZE * IN_CH;
const LABEL = `conv2d x[${X_SHAPE}] k[${K_SHAPE}] same`;

const xData = randomData(X_SHAPE.reduce((a, b) => a * b), 11);
const kData = randomData(K_SHAPE.reduce((a, b) => a * b), 12);
const dyData = randomData(Y_SHAPE.reduce((a, b) => a * b), 13);

type ConvFn = (x: Tensor, k: Tensor, options: { strides: number; padding: string }) => Tensor;

/** keras.ops.conv, or a NotImplementedError while the conv work has not landed. */
function oursConv(): ConvFn {
  const conv = (keras.ops as unknown as { conv?: ConvFn }).conv;
  if (typeof conv !== "function") throw new keras.errors.NotImplementedError("keras.ops.conv is not exported yet.");
  return conv;
}

const forward: BenchCase = {
  group: "conv",
  name: `${LABEL} forward`,
  flops: FORWARD_FLOPS,
  ours() {
    const conv = oursConv();
    const x = new keras.Tensor(xData, X_SHAPE, "float32");
    const k = new keras.Tensor(kData, K_SHAPE, "float32");
    return { run: () => [conv(x, k, { strides: 1, padding: "same" }).data] };
  },
  tfjs(tf) {
    const x = tf.tensor4d(xData, X_SHAPE);
    const k = tf.tensor4d(kData, K_SHAPE);
    return { run: tfjsRun(tf, () => tf.conv2d(x, k, 1, "same")), dispose: () => tf.dispose([x, k]) };
  },
};

const backward: BenchCase = {
  group: "conv",
  name: `${LABEL} fwd+bwd (dx, dk)`,
  flops: 3 * FORWARD_FLOPS, // forward, input gradient, kernel gradient
  ours() {
    const conv = oursConv();
    const x = new keras.Tensor(xData, X_SHAPE, "float32");
    const k = new keras.Tensor(kData, K_SHAPE, "float32");
    const dy = new keras.Tensor(dyData, Y_SHAPE, "float32");
    return {
      run: () => {
        const tape = new keras.GradientTape();
        tape.watch(x, k);
        const y = tape.record(() => conv(x, k, { strides: 1, padding: "same" }));
        const [dx, dk] = tape.gradient(y, [x, k], { outputGradients: dy });
        return [dx!.data, dk!.data];
      },
    };
  },
  tfjs(tf) {
    const x = tf.tensor4d(xData, X_SHAPE);
    const k = tf.tensor4d(kData, K_SHAPE);
    const dy = tf.tensor4d(dyData, Y_SHAPE);
    const grads = tf.grads((a: TF.Tensor, b: TF.Tensor) => tf.conv2d(a as TF.Tensor4D, b as TF.Tensor4D, 1, "same"));
    return { run: tfjsRun(tf, () => grads([x, k], dy)), dispose: () => tf.dispose([x, k, dy]) };
  },
  tolerance: 1e-3,
};

export const convCases: BenchCase[] = [forward, backward];
