/**
 * `model.save("m.h5")` writes the legacy HDF5 format as Keras 3.15.1 does.
 * Every fixture model is rebuilt (config + weights), saved as `.h5` and
 * compared with the `.h5` Keras wrote: root attributes (keras_version,
 * backend, model_config as JSON, their character sets), the `model_weights`
 * layout (layer groups, `layer_names`, `weight_names`, datasets, shapes,
 * dtypes, values). Dataset paths are the variables' paths: where the rebuilt
 * model's paths differ from the original's (Keras prefixes the variables of
 * a Sequential built in code with the model's name, not those of layers
 * rebuilt from a config), the comparison follows `weight_names` instead.
 * Then the file loads back in keras-ts with the same predictions.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { Model, saving, utils } from "../../src/index.js";
import { H5Reader } from "../../src/saving/h5-store.js";
import { readListAttr } from "../../src/saving/legacy-h5.js";
import { legacyModelBytes } from "../../src/saving/legacy-h5-save.js";
import { firstDifference } from "../layers/helpers.js";
import { fixtureNames } from "../utils/fixtures.js";
import { fixtureBytes, fixtureModelFromJson, loadFixture, missingClasses, outputsMismatch, predictFixture, withoutSharedIds } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "keras-ts-legacy-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => utils.clearSession());

const CASES = [...fixtureNames("layer"), ...fixtureNames("model")].filter((name) => {
  const fx = loadFixture(name);
  if (missingClasses(fx.model).size > 0) return false;
  try {
    saving.deserializeKerasObject(fx.model);
    return true;
  } catch {
    return false;
  }
});

interface LegacySummary {
  root: Record<string, unknown>;
  rootTypes: Record<string, unknown>;
  modelWeightsAttrs: Record<string, unknown>;
  layers: { name: string; weightCount: number; lastNames: string[]; shapes: number[][]; dtypes: string[]; values: number[][] }[];
  optimizer: string[] | null;
  datasetPaths: string[];
}

async function summarize(bytes: Uint8Array): Promise<LegacySummary> {
  const r = await H5Reader.open(bytes, "legacy");
  try {
    const root: Record<string, unknown> = {};
    const rootTypes: Record<string, unknown> = {};
    for (const n of r.attrNames("")) {
      const v = r.attr("", n);
      root[n] = n === "model_config" || n === "training_config" ? withoutSharedIds(JSON.parse(String(v))) : v;
      rootTypes[n] = r.attrType("", n);
    }
    const modelWeightsAttrs = Object.fromEntries(r.attrNames("model_weights").map((n) => [n, [r.attr("model_weights", n), r.attrType("model_weights", n)]]));
    const layers = [...readListAttr(r, "model_weights", "layer_names"), "top_level_model_weights"].map((name) => {
      const g = `model_weights/${name}`;
      const names = readListAttr(r, g, "weight_names");
      const tensors = names.map((n) => r.readTensor(`${g}/${n}`));
      return {
        name,
        weightCount: names.length,
        lastNames: names.map((n) => n.split("/").pop()!),
        shapes: tensors.map((t) => t.shape as number[]),
        dtypes: tensors.map((t) => t.dtype),
        values: tensors.map((t) => Array.from(t.data as Float32Array)),
      };
    });
    const datasetPaths: string[] = [];
    const walk = (p: string) => {
      for (const k of r.keys(p)) {
        const c = p ? `${p}/${k}` : k;
        if (r.isGroup(c)) walk(c);
        else datasetPaths.push(c);
      }
    };
    walk("");
    const optimizer = r.isGroup("optimizer_weights") ? readListAttr(r, "optimizer_weights", "weight_names") : null;
    return { root, rootTypes, modelWeightsAttrs, layers, optimizer, datasetPaths };
  } finally {
    r.close();
  }
}

describe.each(CASES)("fixture %s saved as legacy .h5", (name) => {
  const fx = loadFixture(name);
  it("matches Keras's .h5 (attributes, model_config, layer groups, weights) and loads back", async () => {
    const model = fixtureModelFromJson(fx);
    const ours = await summarize(await legacyModelBytes(model));
    const theirs = await summarize(fixtureBytes(`${name}.h5`));
    expect(firstDifference(ours.root, theirs.root)).toBeNull();
    expect(firstDifference(ours.rootTypes, theirs.rootTypes)).toBeNull();
    expect(firstDifference(ours.modelWeightsAttrs, theirs.modelWeightsAttrs)).toBeNull();
    expect(firstDifference(ours.layers, theirs.layers)).toBeNull();
    expect(ours.optimizer).toEqual(theirs.optimizer);
    const samePaths = model.weights.map((w) => w.path).join() === fx.weights.map((w: { path: string }) => w.path).join();
    if (samePaths) expect(ours.datasetPaths).toEqual(theirs.datasetPaths);
    else expect(ours.datasetPaths.length).toBe(theirs.datasetPaths.length);

    const path = join(dir, `${name}.h5`);
    const warn = console.warn;
    console.warn = () => {};
    try {
      await model.save(path);
    } finally {
      console.warn = warn;
    }
    const loaded = (await saving.loadModel(path)) as Model;
    const reference = outputsMismatch(predictFixture(model, fx), fx);
    expect(outputsMismatch(predictFixture(loaded, fx), fx)).toBe(reference);
  });
});

it("a compiled model: training_config and optimizer_weights as Keras writes them (serial_compiled_model)", async () => {
  const fx = loadFixture("serial_compiled_model");
  const keras = await import("../../src/index.js");
  const model = saving.deserializeKerasObject({ ...fx.serialize_keras_object, compile_config: undefined }) as Model;
  const c = fx.compile_config;
  model.compile({
    optimizer: keras.optimizers.deserialize(c.optimizer),
    loss: { reg: c.loss.reg, cls: keras.losses.deserialize(c.loss.cls) },
    lossWeights: c.loss_weights,
    metrics: c.metrics,
  });
  const ours = await summarize(await legacyModelBytes(model));
  expect(firstDifference(ours.root.training_config, fx.keras_zip.legacy_h5_training_config)).toBeNull();
  expect(firstDifference(ours.root.model_config, withoutSharedIds(fx.keras_zip.legacy_h5_model_config))).toBeNull();
  expect(ours.optimizer).toEqual(["adam/iteration"]);
  const legacyLayout = fx.keras_zip.legacy_h5_layout.entries.filter((e: any) => e.type === "dataset").map((e: any) => e.path);
  expect(ours.datasetPaths.sort()).toEqual(legacyLayout.sort());
});
