/**
 * The layer contract harness: keras-ts's counterpart of Keras's
 * `TestCase.run_layer_test` (keras/src/testing/test_case.py). Every layer's
 * tests call it once per configuration:
 *
 *   runLayerTest({
 *     layerCls: Dense, initArgs: [3], initKwargs: { activation: "relu" },
 *     inputShape: [2, 4],
 *     expectedOutputShape: [2, 3],
 *     expectedNumTrainableWeights: 2,
 *     supportsMasking: true,
 *   });
 *
 * How the layer is made: `new layerCls(...initArgs, initKwargs)` (Keras's
 * positional arguments go in `initArgs`, the options object in `initKwargs`;
 * with no `initArgs` it is `new layerCls(initKwargs)`), or `factory()` for
 * anything else. Every check uses a fresh instance.
 *
 * Inputs: `inputShape` (full shapes, batch included, all dims known) with
 * `inputDtype` (default float32), or `inputData` (Tensors). A single shape /
 * Tensor is one input; an array of shapes / Tensors is passed as one list
 * argument (as Keras does: merge layers, attention's [query, value]); with
 * `spreadInputs: true` they are passed as separate positional arguments
 * instead (`layer.apply(q, v, kwargs)`, `layer.build(qShape, vShape)`).
 * `callKwargs` (training, mask, returnAttentionScores, ...) go to every call.
 *
 * Checks, in Keras's order:
 *  1. argument sanity (not both inputShape and inputData, ...);
 *  2. expected weight / variable / seed-generator counts not given are
 *     measured on a fresh instance called eagerly, so the later checks
 *     compare instances against each other;
 *  3. config round trip: getConfig -> fromConfig -> getConfig identical as
 *     JSON (keys sorted) and the same set of instance properties; the same
 *     through keras.layers.serialize -> JSON text -> deserialize;
 *  4. `supportsMasking` when given;
 *  5. build: fresh instance, `build(inputShape)` -> built, weight counts;
 *  6. symbolic call on KerasTensors from keras.Input: built, weight counts,
 *     output shapes (null in expected shapes is a wildcard) and dtypes, and
 *     `computeMask(inputs)`'s shape when `expectedMaskShape` is given;
 *  7. `assertBuiltAfterInstantiation` (stateless layers are built at once);
 *  8. eager call: shapes, dtypes, values (`expectedOutput`, |a-b| <= atol +
 *     rtol|b|), `layer.losses.length`; the symbolic and eager outputs must
 *     agree in shape (symbolic null = wildcard) and dtype;
 *  9. training check (`runTrainingCheck`, default true): in training mode,
 *     d(sum of float outputs + sum of layer.losses) / d(trainable weights) by
 *     valueAndGrad: one gradient per weight, finite, of the weight's shape.
 *
 * It returns the eagerly called layer and its outputs for further checks.
 */
import { expect } from "vitest";
import { Input, Layer, layers, Tensor, valueAndGrad, ops, Variable } from "../../src/index.js";
import { customObjectScope, Serializable } from "../../src/saving/object-registration.js";
import { scanTrackedState } from "../../src/layers/layer-tracking.js";
import { flatten } from "../../src/utils/tree.js";
import { canonicalJson, firstDifference } from "./deep-diff.js";
import { rng } from "./gradcheck.js";

type Shape = (number | null)[];
type LayerClass = (new (...args: any[]) => Layer) & { fromConfig(config: Record<string, any>): Layer };

export interface LayerTestOptions {
  layerCls?: LayerClass;
  /** Keras's positional constructor arguments, in order. */
  initArgs?: unknown[];
  /** The options object (Keras's keyword arguments, camelCase). */
  initKwargs?: Record<string, unknown>;
  /** Makes a fresh layer; use instead of layerCls when construction is unusual. */
  factory?: () => Layer;
  inputShape?: number[] | number[][];
  inputDtype?: string | string[];
  inputData?: Tensor | Tensor[];
  /** Pass several inputs as separate positional arguments instead of one list. */
  spreadInputs?: boolean;
  callKwargs?: Record<string, unknown>;
  expectedOutputShape?: Shape | Shape[];
  expectedOutputDtype?: string | string[];
  /** Expected values: Tensors or nested number arrays (one per output when the layer has several). */
  expectedOutput?: unknown;
  expectedNumTrainableWeights?: number;
  expectedNumNonTrainableWeights?: number;
  expectedNumNonTrainableVariables?: number;
  expectedNumSeedGenerators?: number;
  expectedNumLosses?: number;
  supportsMasking?: boolean;
  expectedMaskShape?: Shape;
  customObjects?: Record<string, Serializable>;
  runTrainingCheck?: boolean;
  assertBuiltAfterInstantiation?: boolean;
  /** Tolerances for expectedOutput (Keras's assertAllClose defaults: 1e-6, 1e-6). */
  rtol?: number;
  atol?: number;
}

export interface LayerTestResult {
  layer: Layer;
  outputs: Tensor[];
}

const isShape = (x: unknown): x is Shape => Array.isArray(x) && x.every((d) => d === null || typeof d === "number");

/** Deterministic test data like Keras's `create_eager_tensors`: uniform in [0, 3), cast to `dtype`. */
export function randomInputTensor(shape: number[], dtype = "float32", seed = 1): Tensor {
  const r = rng(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: size }, () => 3 * r());
  switch (dtype) {
    case "float32": return new Tensor(Float32Array.from(values), shape, "float32");
    case "float64": return new Tensor(Float64Array.from(values), shape, "float64");
    case "int32": return new Tensor(Int32Array.from(values.map(Math.floor)), shape, "int32");
    case "bool": return new Tensor(Uint8Array.from(values.map((v) => (v >= 1.5 ? 1 : 0))), shape, "bool");
    default: throw new Error(`runLayerTest: unsupported input dtype ${dtype}`);
  }
}

/** Number of SeedGenerators owned by the layer and its sublayers (Keras's `get_seed_generators`). */
export function countSeedGenerators(layer: Layer): number {
  const seen = new Set<unknown>();
  for (const l of layer._flattenLayers(true)) {
    for (const g of scanTrackedState(l, (x) => x instanceof Layer).seedGenerators) seen.add(g);
  }
  return seen.size;
}

function shapeMatches(expected: Shape, actual: readonly (number | null)[]): boolean {
  return expected.length === actual.length && expected.every((d, i) => d === null || d === actual[i]);
}

function listOf<T>(x: T | T[], single: (x: unknown) => boolean): T[] {
  return single(x) ? [x as T] : (x as T[]);
}

/** Flat float64 values of a Tensor or nested number array. */
function valuesOf(x: unknown): { shape: readonly number[] | null; data: ArrayLike<number> } {
  if (x instanceof Tensor) return { shape: x.shape, data: x.data as ArrayLike<number> };
  return { shape: null, data: flatten<number>(x).map(Number) };
}

export function expectAllClose(actual: Tensor, expected: unknown, rtol: number, atol: number, what: string): void {
  const e = valuesOf(expected);
  if (e.shape) expect(actual.shape, `${what}: shape`).toEqual(e.shape);
  expect(actual.size, `${what}: number of values`).toBe(e.data.length);
  for (let i = 0; i < actual.size; i++) {
    const a = Number(actual.data[i]);
    const b = e.data[i];
    const ok = (Number.isNaN(a) && Number.isNaN(b)) || a === b || Math.abs(a - b) <= atol + rtol * Math.abs(b);
    if (!ok) expect.fail(`${what}: flat index ${i}: received ${a}, expected ${b} (|diff| ${Math.abs(a - b)} > ${atol} + ${rtol}*|expected|)`);
  }
}

export function runLayerTest(opts: LayerTestOptions): LayerTestResult | null {
  // 1. Argument sanity (Keras's run_layer_test raises the same complaints).
  if (opts.inputShape !== undefined && opts.inputData !== undefined) throw new Error("inputShape and inputData cannot be passed at the same time.");
  if (opts.expectedOutputShape !== undefined && opts.expectedOutput !== undefined) {
    throw new Error("expectedOutputShape and expectedOutput cannot be passed at the same time.");
  }
  if (opts.expectedOutput !== undefined && opts.inputData === undefined) throw new Error("In order to use expectedOutput, inputData must be provided.");
  if (opts.expectedMaskShape !== undefined && opts.supportsMasking !== true) {
    throw new Error("In order to use expectedMaskShape, supportsMasking must be true.");
  }
  if (!opts.layerCls && !opts.factory) throw new Error("runLayerTest needs layerCls or factory.");
  const make = (): Layer => {
    if (opts.factory) return opts.factory();
    const Cls = opts.layerCls!;
    return opts.initArgs ? new Cls(...opts.initArgs, opts.initKwargs ?? {}) : new Cls(opts.initKwargs ?? {});
  };
  const callKwargs = opts.callKwargs ?? {};

  // Inputs: shapes, dtypes and eager data.
  let shapes: number[][] | null = null;
  let dtypes: string[] = [];
  let single = true;
  if (opts.inputShape !== undefined) {
    single = isShape(opts.inputShape);
    const list: number[][] = listOf<number[]>(opts.inputShape as number[] | number[][], isShape);
    shapes = list;
    dtypes = opts.inputDtype === undefined ? list.map(() => "float32") : listOf(opts.inputDtype, (x) => typeof x === "string");
    if (dtypes.length !== list.length) throw new Error("The number of input shapes and dtypes does not match");
  } else if (opts.inputData !== undefined) {
    single = opts.inputData instanceof Tensor;
    const data = listOf(opts.inputData, (x) => x instanceof Tensor);
    shapes = data.map((t) => t.shape.slice());
    dtypes = data.map((t) => t.dtype);
  }
  const hasInputs = shapes !== null;
  const eagerData = (): Tensor[] =>
    opts.inputData !== undefined ? listOf(opts.inputData, (x) => x instanceof Tensor) : shapes!.map((s, i) => randomInputTensor(s, dtypes[i], 1 + i));
  const callLayer = (layer: Layer, inputs: unknown[], kwargs: Record<string, unknown>): unknown =>
    single ? layer.apply(inputs[0], kwargs) : opts.spreadInputs ? layer.apply(...inputs, kwargs) : layer.apply(inputs, kwargs);

  // 2. Counts not given are measured on a fresh instance called eagerly.
  let nTrainable = opts.expectedNumTrainableWeights;
  let nNonTrainable = opts.expectedNumNonTrainableWeights;
  let nNonTrainableVars = opts.expectedNumNonTrainableVariables;
  let nSeeds = opts.expectedNumSeedGenerators;
  if (hasInputs) {
    const layer = make();
    callLayer(layer, eagerData(), callKwargs);
    nTrainable ??= layer.trainableWeights.length;
    nNonTrainable ??= layer.nonTrainableWeights.length;
    nNonTrainableVars ??= layer.nonTrainableVariables.length;
    nSeeds ??= countSeedGenerators(layer);
  }

  // 3. Serialization round trips.
  runClassSerializationTest(make(), opts.layerCls, opts.customObjects);

  // 4. Masking support.
  if (opts.supportsMasking !== undefined) expect(make().supportsMasking, "Unexpected supportsMasking value").toBe(opts.supportsMasking);

  const buildAsserts = (layer: Layer, when: string) => {
    expect(layer.built, `${when}: layer should be built`).toBe(true);
    if (nTrainable !== undefined) expect(layer.trainableWeights.length, `${when}: number of trainableWeights`).toBe(nTrainable);
    if (nNonTrainable !== undefined) expect(layer.nonTrainableWeights.length, `${when}: number of nonTrainableWeights`).toBe(nNonTrainable);
    if (nNonTrainableVars !== undefined) expect(layer.nonTrainableVariables.length, `${when}: number of nonTrainableVariables`).toBe(nNonTrainableVars);
    if (nSeeds !== undefined) expect(countSeedGenerators(layer), `${when}: number of seed generators`).toBe(nSeeds);
  };
  const outputAsserts = (outputs: { shape: readonly (number | null)[]; dtype: string }[], when: string) => {
    if (opts.expectedOutputShape !== undefined) {
      const expected = listOf<Shape>(opts.expectedOutputShape as Shape | Shape[], isShape);
      expect(outputs.length, `${when}: number of outputs`).toBe(expected.length);
      expected.forEach((s, i) => {
        if (!shapeMatches(s, outputs[i].shape)) {
          expect.fail(`${when}: expected output shapes ${JSON.stringify(expected)} but received ${JSON.stringify(outputs.map((o) => o.shape))}`);
        }
      });
    }
    if (opts.expectedOutputDtype !== undefined) {
      const expected = listOf(opts.expectedOutputDtype, (x) => typeof x === "string");
      expect(outputs.map((o) => o.dtype), `${when}: output dtypes`).toEqual(outputs.map((_, i) => expected[Math.min(i, expected.length - 1)]));
    }
  };

  if (!hasInputs) return null;

  // 5. Build check.
  {
    const layer = make();
    if (single || !opts.spreadInputs) layer.build(single ? shapes![0] : shapes);
    else layer.build(...shapes!);
    buildAsserts(layer, "build(inputShape)");
  }

  // 6. Symbolic call.
  let symbolicOutputs: { shape: readonly (number | null)[]; dtype: string }[];
  {
    const kerasInputs = shapes!.map((s, i) => Input({ batchShape: s, dtype: dtypes[i] }));
    const layer = make();
    const out = callLayer(layer, kerasInputs, callKwargs);
    symbolicOutputs = flatten(out);
    buildAsserts(layer, "symbolic call");
    outputAsserts(symbolicOutputs, "symbolic call");
    if (opts.expectedMaskShape !== undefined) {
      const mask = layer.computeMask(single ? kerasInputs[0] : kerasInputs, null) as { shape: Shape } | null;
      expect(mask, "computeMask(inputs) returned no mask").toBeTruthy();
      expect(mask!.shape, "computeMask(inputs) shape").toEqual(opts.expectedMaskShape);
    }
  }

  // 7. Stateless layers are built right after construction.
  if (opts.assertBuiltAfterInstantiation) expect(make().built, "a stateless layer should be built after instantiation").toBe(true);

  // 8. Eager call.
  const layer = make();
  const inputs = eagerData();
  const outputs = flatten<Tensor>(callLayer(layer, inputs, callKwargs));
  outputAsserts(outputs, "eager call");
  expect(outputs.length, "symbolic and eager calls return the same number of outputs").toBe(symbolicOutputs.length);
  outputs.forEach((o, i) => {
    const s = symbolicOutputs[i];
    if (!shapeMatches(s.shape as Shape, o.shape)) expect.fail(`output ${i}: symbolic shape ${JSON.stringify(s.shape)} but eager shape ${JSON.stringify(o.shape)}`);
    expect(o.dtype, `output ${i}: eager dtype vs symbolic dtype`).toBe(s.dtype);
  });
  if (opts.expectedOutput !== undefined) {
    const expected = single || !Array.isArray(opts.expectedOutput) || outputs.length === 1 ? [opts.expectedOutput] : (opts.expectedOutput as unknown[]);
    expect(outputs.length, "number of outputs").toBe(expected.length);
    outputs.forEach((o, i) => expectAllClose(o, expected[i], opts.rtol ?? 1e-6, opts.atol ?? 1e-6, `output ${i}`));
  }
  if (opts.expectedNumLosses !== undefined) expect(layer.losses.length, "number of losses").toBe(opts.expectedNumLosses);

  // 9. Training-style check: gradients of sum(outputs) reach every trainable weight.
  if (opts.runTrainingCheck ?? true) runTrainingCheck(layer, inputs, callLayer, callKwargs);
  return { layer, outputs };
}

function runTrainingCheck(
  layer: Layer,
  inputs: Tensor[],
  callLayer: (layer: Layer, inputs: unknown[], kwargs: Record<string, unknown>) => unknown,
  callKwargs: Record<string, unknown>,
): void {
  const weights: Variable[] = layer.trainableWeights;
  const { value, grads } = valueAndGrad(() => {
    const outs = flatten<Tensor>(callLayer(layer, inputs, { ...callKwargs, training: true }));
    let total: Tensor = ops.zeros([], "float32");
    for (const o of outs) if (o.dtype === "float32" || o.dtype === "float64") total = ops.add(total, ops.cast(ops.sum(o), "float32"));
    for (const loss of layer.losses) total = ops.add(total, ops.cast(ops.sum(loss), "float32"));
    return total;
  }, weights);
  expect(Number.isFinite(value.item()), "training check: the loss is finite").toBe(true);
  expect(grads.length, "training check: one gradient per trainable weight").toBe(weights.length);
  grads.forEach((g, i) => {
    expect(g, `training check: gradient of ${weights[i].path}`).toBeTruthy();
    expect(g.shape, `training check: gradient shape of ${weights[i].path}`).toEqual(weights[i].shape);
    for (let k = 0; k < g.size; k++) {
      if (!Number.isFinite(Number(g.data[k]))) expect.fail(`training check: gradient of ${weights[i].path} is not finite at flat index ${k}`);
    }
  });
}

/** Keras's `run_class_serialization_test`: both round trips give the same config and the same instance properties. */
export function runClassSerializationTest(instance: Layer, cls?: LayerClass, customObjects?: Record<string, Serializable>): Layer {
  const Cls = cls ?? (instance.constructor as LayerClass);
  const inScope = <T>(fn: () => T): T => (customObjects ? customObjectScope(customObjects, fn) : fn());
  const config = instance.getConfig();
  // A config is plain JSON: no undefined values, functions or class instances that JSON would drop or mangle.
  const plain = firstDifference(config, JSON.parse(JSON.stringify(config)));
  if (plain) expect.fail(`getConfig() is not plain JSON: ${plain}`);
  const configJson = canonicalJson(config);
  const props = Object.keys(instance).sort();

  const revived = inScope(() => Cls.fromConfig(JSON.parse(JSON.stringify(config))));
  const revivedConfig = revived.getConfig();
  const diff = firstDifference(JSON.parse(canonicalJson(revivedConfig)), JSON.parse(configJson));
  if (diff) expect.fail(`getConfig -> fromConfig -> getConfig round trip differs at ${diff}`);
  expect(canonicalJson(revivedConfig), "getConfig round trip (JSON)").toBe(configJson);
  expect(Object.keys(revived).sort(), "fromConfig: instance properties").toEqual(props);

  const serialized = JSON.stringify(layers.serialize(instance));
  const revived2 = inScope(() => layers.deserialize(JSON.parse(serialized), customObjects));
  expect(revived2.constructor, "deserialize: class").toBe(instance.constructor);
  const revived2Config = revived2.getConfig();
  const diff2 = firstDifference(JSON.parse(canonicalJson(revived2Config)), JSON.parse(configJson));
  if (diff2) expect.fail(`serialize -> JSON -> deserialize round trip differs at ${diff2}`);
  expect(canonicalJson(revived2Config), "serialize round trip (JSON)").toBe(configJson);
  expect(Object.keys(revived2).sort(), "deserialize: instance properties").toEqual(props);
  return revived2;
}
