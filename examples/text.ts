/**
 * The text example of `npm run example` (or `npm run example -- text`): which
 * language is a word written in, English, French or Spanish, read one
 * character at a time by an LSTM.
 *
 * Data: the word lists that the `an-array-of-english-words`,
 * `an-array-of-french-words` and `an-array-of-spanish-words` npm packages ship
 * (MIT; ~275,000, ~336,000 and ~637,000 words with their inflected forms).
 * Words of 3 to 14 letters that are in exactly one of the lists ("table",
 * "animal" or "final" are dropped: their language is ambiguous), 6,000 per
 * language drawn with a fixed seed, 15,000 to train and 3,000 held out.
 *
 * Characters become integer ids (0 is kept for padding); `Embedding` with
 * `maskZero` passes the padding mask on, so the LSTM reads each word up to its
 * last letter and no further.
 */
import { createRequire } from "node:module";
import * as keras from "../src/index.js";
import { isEntryPoint, reloadAndCompare, saveToOutput, shuffledIndices } from "./common.js";

const { layers } = keras;
const require = createRequire(import.meta.url);

export const LANGUAGES = ["english", "french", "spanish"] as const;
export const PER_LANGUAGE = 6000;
const HELD_OUT = 3000;
const MIN_LETTERS = 3;
export const MAX_LETTERS = 14;
const SEED = 20240601;
/** Chance is 1/3; a model that learned anything about spelling does much better. */
const EXPECTED_ACCURACY = 0.75;

export interface Words {
  words: string[];
  labels: number[];
}

/** Draws PER_LANGUAGE unambiguous words per language, then shuffles them all together. */
export function loadWords(): Words {
  const lists = LANGUAGES.map((lang) => require(`an-array-of-${lang}-words`) as string[]);
  const sets = lists.map((list) => new Set(list));
  const words: string[] = [];
  const labels: number[] = [];
  lists.forEach((list, label) => {
    let taken = 0;
    for (const i of shuffledIndices(list.length, SEED + label)) {
      const word = list[i];
      if (word.length < MIN_LETTERS || word.length > MAX_LETTERS) continue;
      if (sets.some((other, k) => k !== label && other.has(word))) continue;
      words.push(word);
      labels.push(label);
      if (++taken === PER_LANGUAGE) break;
    }
    if (taken < PER_LANGUAGE) throw new Error(`${LANGUAGES[label]}: only ${taken} usable words, expected ${PER_LANGUAGE}.`);
  });
  const order = shuffledIndices(words.length, SEED);
  return { words: order.map((i) => words[i]), labels: order.map((i) => labels[i]) };
}

/** Character ids 1..V in code-point order (0 pads); a character not in `alphabet` also maps to 0. */
export function encode(words: string[], alphabet: string[]): keras.Tensor {
  const ids = new Map(alphabet.map((c, i) => [c, i + 1]));
  const x = new Int32Array(words.length * MAX_LETTERS);
  words.forEach((word, row) => [...word].slice(0, MAX_LETTERS).forEach((c, t) => (x[row * MAX_LETTERS + t] = ids.get(c) ?? 0)));
  return new keras.Tensor(x, [words.length, MAX_LETTERS], "int32");
}

function buildModel(vocabularySize: number): keras.Model {
  return new keras.Sequential(
    [
      keras.Input({ shape: [MAX_LETTERS], dtype: "int32" }),
      new layers.Embedding(vocabularySize, 16, { maskZero: true }),
      new layers.LSTM(32),
      new layers.Dense(LANGUAGES.length),
    ],
    { name: "word_language_lstm" },
  );
}

/** Per-language accuracy from logits (argmax against the true label). */
function accuracyByLanguage(logits: keras.Tensor, labels: number[]): number[] {
  const classes = LANGUAGES.length;
  const right = new Array<number>(classes).fill(0);
  const total = new Array<number>(classes).fill(0);
  labels.forEach((label, row) => {
    let best = 0;
    for (let c = 1; c < classes; c++) if (logits.data[row * classes + c] > logits.data[row * classes + best]) best = c;
    total[label]++;
    if (best === label) right[label]++;
  });
  return right.map((r, c) => r / total[c]);
}

export interface TextResult {
  accuracy: number;
  seconds: number;
}

export async function runText(): Promise<TextResult> {
  keras.utils.setRandomSeed(1337);
  const { words, labels } = loadWords();
  const alphabet = [...new Set(words.join(""))].sort();
  const train = words.length - HELD_OUT;
  const x = encode(words, alphabet);
  const y = new keras.Tensor(Int32Array.from(labels), [labels.length], "int32");
  const xTrain = keras.ops.slice(x, [0, 0], [train, MAX_LETTERS]);
  const xTest = keras.ops.slice(x, [train, 0], [HELD_OUT, MAX_LETTERS]);
  const yTrain = keras.ops.slice(y, [0], [train]);
  const yTest = keras.ops.slice(y, [train], [HELD_OUT]);
  console.log(
    `\nWord language (an-array-of-{english,french,spanish}-words): ${train} training words, ${HELD_OUT} held out, ` +
      `${alphabet.length} characters (${alphabet.join("")}), up to ${MAX_LETTERS} per word.`,
  );

  const model = buildModel(alphabet.length + 1);
  model.compile({
    optimizer: new keras.optimizers.Adam({ learningRate: 5e-3 }),
    loss: new keras.losses.SparseCategoricalCrossentropy({ fromLogits: true }),
    metrics: ["accuracy"],
  });
  model.summary();
  const start = performance.now();
  await model.fit(xTrain, yTrain, { epochs: 8, batchSize: 64, validationData: [xTest, yTest] });
  const seconds = (performance.now() - start) / 1000;

  const { accuracy } = model.evaluate(xTest, yTest, { batchSize: 256, returnDict: true }) as Record<string, number>;
  // predict shows Keras's progress bar by default.
  const logits = model.predict(xTest, { batchSize: 256 }) as keras.Tensor;
  const perLanguage = accuracyByLanguage(logits, labels.slice(train));
  console.log(
    `TEXT: held-out accuracy ${(100 * accuracy).toFixed(2)}% on ${HELD_OUT} words (chance: 33.3%; ` +
      `${LANGUAGES.map((lang, c) => `${lang} ${(100 * perLanguage[c]).toFixed(1)}%`).join(", ")}), trained in ${seconds.toFixed(1)} s`,
  );
  const shown = words.slice(train, train + 8);
  const guesses = shown.map((word, i) => {
    const row = Array.from(logits.data.subarray(i * LANGUAGES.length, (i + 1) * LANGUAGES.length));
    return `${word} -> ${LANGUAGES[row.indexOf(Math.max(...row))]}`;
  });
  console.log(`Some held-out words: ${guesses.join(", ")}`);
  if (accuracy < EXPECTED_ACCURACY) {
    console.warn(`Warning: held-out accuracy ${(100 * accuracy).toFixed(2)}% is below the ${100 * EXPECTED_ACCURACY}% this example usually reaches.`);
  }

  const file = await saveToOutput(model, "text-language-lstm");
  const maxDiff = await reloadAndCompare(model, file, xTest);
  if (maxDiff > 1e-6) console.warn(`Warning: the reloaded model's predictions differ by ${maxDiff} from the trained model's.`);
  return { accuracy, seconds };
}

if (isEntryPoint(import.meta.url)) {
  runText().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
