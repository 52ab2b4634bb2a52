/**
 * ModelCheckpoint (file name templates in Python's format syntax,
 * saveBestOnly with min/max/auto modes, saveWeightsOnly, saveFreq in
 * batches, initialValueThreshold) and BackupAndRestore (an interrupted fit
 * resumes at the next epoch and ends exactly where an uninterrupted fit ends).
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { Input, Sequential, Tensor, callbacks, layers, optimizers, saving, utils } from "../../src/index.js";
import { formatPathTemplate } from "../../src/callbacks/path-template.js";

const root = mkdtempSync(join(tmpdir(), "keras-ts-checkpoints-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirCount = 0;
const freshDir = () => join(root, `run${++dirCount}`);

beforeEach(() => utils.clearSession());

describe("file name templates (Python str.format)", () => {
  const f = formatPathTemplate;
  it("Keras's example and common specs", () => {
    expect(f("model.{epoch:02d}-{val_loss:.2f}.keras", { epoch: 3, val_loss: 0.12345 })).toBe("model.03-0.12.keras");
    expect(f("{epoch}-{loss:.4e}", { epoch: 12, loss: 0.00012345 })).toBe("12-1.2345e-04");
    expect(f("{acc:.1%}", { acc: 0.8765 })).toBe("87.6%"); // Python multiplies the double by 100 first: 87.64999...
    expect(f("{x}|{y}|{z}", { x: 0.5, y: 2, z: 1e-5 })).toBe("0.5|2|1e-05");
    expect(f("{x:>8.3f}|{x:<8.3f}|{x:^9.3f}|{x:08.3f}|{x:+.1f}", { x: 0.5 })).toBe("   0.500|0.500   |  0.500  |0000.500|+0.5");
    expect(f("{x:g}|{y:g}|{z:.3g}", { x: 0.0001234, y: 1234567, z: 3.14159 })).toBe("0.0001234|1.23457e+06|3.14");
    expect(f("{x:08.3f}", { x: -0.5 })).toBe("-000.500");
    expect(f("{{literal}}-{epoch:03d}", { epoch: 7 })).toBe("{literal}-007");
  });

  it("rounds exact ties to even, as Python", () => {
    expect(f("{a:.2f} {b:.2f} {c:.0f} {d:.0f}", { a: 0.125, b: 0.375, c: 2.5, d: 3.5 })).toBe("0.12 0.38 2 4");
  });

  it("Keras's errors: a missing field, 'd' for a float", () => {
    expect(() => f("m-{val_acc:.2f}.keras", { epoch: 1, loss: 0.1 })).toThrow(`Failed to format this callback filepath: "m-{val_acc:.2f}.keras". Reason: 'val_acc'`);
    expect(() => f("{loss:02d}", { loss: 0.5 })).toThrow(/Unknown format code 'd' for object of type 'float'/);
  });
});

function data(n: number, d: number, seed: number): Tensor {
  const out = new Float32Array(n * d);
  let s = seed;
  for (let i = 0; i < out.length; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out[i] = s / 2147483648 - 0.5;
  }
  return new Tensor(out, [n, d], "float32");
}

const x = data(32, 4, 1);
const y = data(32, 1, 2);
const xv = data(8, 4, 3);
const yv = data(8, 1, 4);

function model(seed = 5): Sequential {
  const m = new Sequential([Input({ shape: [4], name: "x" }), new layers.Dense(6, { activation: "tanh" }), new layers.Dense(1)], { name: "reg" });
  const init = m.getWeights().map((w, i) => {
    const t = data(1, w.size, seed + i);
    return new Tensor(t.data, w.shape as number[], "float32");
  });
  m.setWeights(init);
  m.compile({ optimizer: new optimizers.SGD({ learningRate: 0.05 }), loss: "mse", metrics: ["mae"] });
  return m;
}

const fitOptions = { batchSize: 8, shuffle: false, verbose: 0 as const };

/** Weights after each epoch, captured by a callback. */
function recorder(m: Sequential): { callback: callbacks.Callback; perEpoch: number[][][] } {
  const perEpoch: number[][][] = [];
  const callback = new callbacks.LambdaCallback({ onEpochEnd: () => void perEpoch.push(m.getWeights().map((w) => Array.from(w.data))) });
  return { callback, perEpoch };
}

async function weightsOf(path: string): Promise<number[][]> {
  const loaded = await saving.loadModel(path);
  return loaded.getWeights().map((w) => Array.from(w.data));
}

describe("ModelCheckpoint", () => {
  it("one .keras per epoch, named from the epoch and val_loss, holding that epoch's model", async () => {
    const dir = freshDir();
    const m = model();
    const rec = recorder(m);
    const cb = new callbacks.ModelCheckpoint(join(dir, "model.{epoch:02d}-{val_loss:.2f}.keras"));
    const history = await m.fit(x, y, { ...fitOptions, epochs: 3, validationData: [xv, yv], callbacks: [rec.callback, cb] });
    const expected = history.history.val_loss.map((v: number, i: number) => `model.${String(i + 1).padStart(2, "0")}-${v.toFixed(2)}.keras`);
    expect(readdirSync(dir).filter((n) => !n.startsWith(".")).sort()).toEqual(expected.slice().sort());
    for (let i = 0; i < 3; i++) expect(await weightsOf(join(dir, expected[i]))).toEqual(rec.perEpoch[i]);
  });

  it("saveBestOnly in max mode on a falling loss keeps the first epoch's model; min mode keeps the last", async () => {
    const dir = freshDir();
    const m = model();
    const rec = recorder(m);
    const worst = new callbacks.ModelCheckpoint(join(dir, "max.keras"), { monitor: "loss", mode: "max", saveBestOnly: true });
    const best = new callbacks.ModelCheckpoint(join(dir, "min.keras"), { monitor: "loss", mode: "min", saveBestOnly: true });
    const history = await m.fit(x, y, { ...fitOptions, epochs: 4, callbacks: [rec.callback, worst, best] });
    const losses = history.history.loss as number[];
    losses.slice(1).forEach((l, i) => expect(l).toBeLessThan(losses[i]));
    expect(await weightsOf(join(dir, "max.keras"))).toEqual(rec.perEpoch[0]);
    expect(await weightsOf(join(dir, "min.keras"))).toEqual(rec.perEpoch[3]);
    expect(worst.best).toBe(losses[0]);
    expect(best.best).toBe(losses[3]);
  });

  it("auto mode: losses are minimised, accuracy-like metrics maximised, unknown names refused", async () => {
    const m = model();
    const byLoss = new callbacks.ModelCheckpoint(join(freshDir(), "a.keras"), { monitor: "val_loss", saveBestOnly: true });
    await m.fit(x, y, { ...fitOptions, epochs: 1, validationData: [xv, yv], callbacks: [byLoss] });
    expect(byLoss.monitorOp).toBe("less");
    const cls = new Sequential([Input({ shape: [4] }), new layers.Dense(2, { activation: "softmax" })]);
    cls.compile({ optimizer: "sgd", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] });
    const labels = new Tensor(Int32Array.from({ length: 32 }, (_, i) => i % 2), [32], "int32");
    const byAcc = new callbacks.ModelCheckpoint(join(freshDir(), "b.keras"), { monitor: "accuracy", saveBestOnly: true });
    await cls.fit(x, labels, { ...fitOptions, epochs: 1, callbacks: [byAcc] });
    expect(byAcc.monitorOp).toBe("greater");
    const unknown = new callbacks.ModelCheckpoint(join(freshDir(), "c.keras"), { monitor: "something", saveBestOnly: true });
    await expect(m.fit(x, y, { ...fitOptions, epochs: 1, callbacks: [unknown] })).rejects.toThrow(/isn't able to automatically determine/);
  });

  it("initialValueThreshold: nothing is saved until the threshold is beaten", async () => {
    const dir = freshDir();
    const m = model();
    const cb = new callbacks.ModelCheckpoint(join(dir, "m.keras"), { monitor: "loss", mode: "min", saveBestOnly: true, initialValueThreshold: 1e-9 });
    await m.fit(x, y, { ...fitOptions, epochs: 2, callbacks: [cb] });
    expect(existsSync(join(dir, "m.keras"))).toBe(false);
  });

  it("saveWeightsOnly writes .weights.h5 files; saveFreq counts batches (4 per epoch here)", async () => {
    const dir = freshDir();
    const m = model();
    const cb = new callbacks.ModelCheckpoint(join(dir, "w-{epoch}-{batch}.weights.h5"), { saveWeightsOnly: true, saveFreq: 3 });
    await m.fit(x, y, { ...fitOptions, epochs: 2, callbacks: [cb] });
    // Batches 1..8 over two epochs of 4: saves after the 3rd and 6th batch seen.
    expect(readdirSync(dir).filter((n) => !n.startsWith(".")).sort()).toEqual(["w-1-3.weights.h5", "w-2-2.weights.h5"]);
    const other = model(99);
    await other.loadWeights(join(dir, "w-2-2.weights.h5"));
    expect(other.getWeights().length).toBe(4);
  });

  it("a .h5 path writes the legacy HDF5 format, as Keras", async () => {
    const dir = freshDir();
    const m = model();
    const warn = console.warn;
    const warnings: string[] = [];
    console.warn = (msg: string) => warnings.push(String(msg));
    try {
      await m.fit(x, y, { ...fitOptions, epochs: 1, callbacks: [new callbacks.ModelCheckpoint(join(dir, "m-{epoch}.h5"))] });
    } finally {
      console.warn = warn;
    }
    expect(warnings.some((w) => /This file format is considered legacy/.test(w))).toBe(true);
    expect(await weightsOf(join(dir, "m-1.h5"))).toEqual(m.getWeights().map((w) => Array.from(w.data)));
  });

  it("Keras's argument errors", () => {
    expect(() => new callbacks.ModelCheckpoint("m.h5x")).toThrow(/must end in `.keras`/);
    expect(() => new callbacks.ModelCheckpoint("m.keras", { saveWeightsOnly: true })).toThrow(/must end in `.weights.h5`/);
    expect(() => new callbacks.ModelCheckpoint("m.keras", { saveFreq: "batch" as never })).toThrow(/Unrecognized save_freq/);
  });
});

class Interrupt extends callbacks.Callback {
  constructor(private readonly atEpoch: number) {
    super();
  }
  override onEpochBegin(epoch: number): void {
    if (epoch === this.atEpoch) throw new Error("Interrupting!");
  }
}

describe("BackupAndRestore", () => {
  it("an interrupted fit resumes at the next epoch and ends exactly like an uninterrupted one", async () => {
    const reference = model();
    const full = await reference.fit(x, y, { ...fitOptions, epochs: 5 });

    const dir = freshDir();
    const m = model();
    const backup = new callbacks.BackupAndRestore(dir);
    await expect(m.fit(x, y, { ...fitOptions, epochs: 5, callbacks: [backup, new Interrupt(3)] })).rejects.toThrow("Interrupting!");
    expect(readdirSync(dir).filter((n) => !n.startsWith(".")).sort()).toEqual(["latest.weights.h5", "training_metadata.json"]);

    // A new process would rebuild the model and optimizer from scratch: do the same.
    const restarted = model(123);
    const history = await restarted.fit(x, y, { ...fitOptions, epochs: 5, callbacks: [new callbacks.BackupAndRestore(dir)] });
    expect(history.history.loss).toEqual(full.history.loss.slice(3));
    expect(restarted.getWeights().map((w) => Array.from(w.data))).toEqual(reference.getWeights().map((w) => Array.from(w.data)));
    expect(existsSync(dir)).toBe(false);
  });

  it("deleteCheckpoint: false keeps the backup; saveFreq in batches records the epoch reached", async () => {
    const dir = freshDir();
    const m = model();
    await m.fit(x, y, { ...fitOptions, epochs: 2, callbacks: [new callbacks.BackupAndRestore(dir, { saveFreq: 3, deleteCheckpoint: false })] });
    expect(existsSync(join(dir, "latest.weights.h5"))).toBe(true);
    expect(existsSync(join(dir, "training_metadata.json"))).toBe(true);
  });

  it("argument errors and an unbuilt model", async () => {
    expect(() => new callbacks.BackupAndRestore("")).toThrow(/Empty `backup_dir`/);
    expect(() => new callbacks.BackupAndRestore("d", { saveFreq: 0 })).toThrow(/Invalid value for argument `save_freq`/);
    const unbuilt = new Sequential([new layers.Dense(1)]);
    unbuilt.compile({ optimizer: "sgd", loss: "mse" });
    await expect(unbuilt.fit(x, y, { ...fitOptions, epochs: 1, callbacks: [new callbacks.BackupAndRestore(freshDir())] })).rejects.toThrow(
      /you model must be built before you call `fit\(\)`/,
    );
  });
});
