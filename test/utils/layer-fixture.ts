/**
 * Runs a `kind: "layer"` Keras golden fixture (test/fixtures/keras/<name>.json,
 * format in /work/shared/fixtures/keras/README.md) against keras-ts:
 *
 *   runLayerFixture("dense_relu");
 *   runLayerFixture("attention_causal_scores", { callKwargs: { ... } });
 *
 * 1. Config: the layer rebuilt from `serialization.get_config` through
 *    keras.layers.deserialize has exactly that getConfig(), and serializes to
 *    `serialization.before_build`; the layer rebuilt from the `layer` envelope
 *    (so built from its build_config) serializes to `layer` (= `after_build`,
 *    build_config included). Differences name the first differing JSON path.
 *    A fresh layer is also called symbolically in the wrapper graph on
 *    keras.Input tensors (the InputLayers' batch shapes and dtypes): its
 *    build_config must then come out as Keras's, and the symbolic outputs must
 *    fit the fixture outputs' shapes (null = any) and dtypes.
 * 2. The wrapper model (`model`: a Sequential, or a Functional graph when the
 *    layer takes several inputs or keyword arguments) is replayed eagerly: the
 *    other layers are deserialized from `model.config`, and each layer is called
 *    as its `inbound_nodes` say (positional args and kwargs, KerasTensor
 *    references resolved to the tensors computed so far; `training: false`).
 *    `callKwargs` add to / override the kwargs of the tested layer's calls.
 * 3. The fixture `weights` (Keras's `model.weights` order: each layer's weights
 *    in model layer order) are set with setWeights, after checking count,
 *    names, shapes and trainability.
 * 4. Outputs are compared with `outputs` (|a-b| <= 1e-6 + 1e-5|b|; integer
 *    and bool outputs exactly), the first output's Keras mask with
 *    `output_mask` exactly (and, for Sequential wrappers, no mask when the
 *    fixture has none).
 * 5. Gradients: the VJP with the fixture's `upstream` (loss = sum_i
 *    sum(outputs[i] * upstream[i])), computed with valueAndGrad, w.r.t. the
 *    float inputs and the trainable weights, against `grads` (|a-b| <= 1e-5 +
 *    1e-4|b|: keras-ts runs in float32, the fixture gradients are float64).
 *
 * Returns the tested layer, the replayed model's layers and the outputs.
 */
import { expect } from "vitest";
import { Input, KerasTensor, Layer, layers, Tensor, valueAndGrad, ops, Variable } from "../../src/index.js";
import type { Serializable } from "../../src/saving/object-registration.js";
import { flatten } from "../../src/utils/tree.js";
import { FixtureArray, fixtureTensor, fixtureValues, loadFixture } from "./fixtures.js";
import { firstDifference } from "./deep-diff.js";

export interface LayerFixtureOptions {
  customObjects?: Record<string, Serializable>;
  /** Extra or overriding call kwargs for the tested layer (camelCase, as `layer.apply` takes them). */
  callKwargs?: Record<string, unknown>;
  /** Output tolerances (default rtol 1e-5, atol 1e-6). */
  rtol?: number;
  atol?: number;
  /** Gradient tolerances (default rtol 1e-4, atol 1e-5). */
  gradRtol?: number;
  gradAtol?: number;
  /**
   * Output dtypes to expect instead of the fixture's, where Keras's numpy
   * backend (which made the fixtures) differs from its other backends; e.g.
   * numpy's sparsemax returns float64 for float32 input, jax/tf/torch float32.
   */
  outputDtypes?: string[];
  /** Skip parts (default: all run when the fixture has the data). */
  checkConfig?: boolean;
  checkSymbolic?: boolean;
  checkGrads?: boolean;
}

export interface LayerFixtureResult {
  fixture: any;
  layer: Layer;
  /** All non-input layers of the wrapper model, in model order. */
  modelLayers: Layer[];
  outputs: Tensor[];
}

type Envelope = { class_name: string; config: any; [k: string]: unknown };

/** A call of one layer in the wrapper graph: positional args and kwargs, with KerasTensor references unresolved. */
interface GraphCall {
  layerName: string;
  nodeIndex: number;
  args: unknown[];
  kwargs: Record<string, unknown>;
}

interface Graph {
  inputNames: string[];
  layers: { name: string; layer: Layer }[];
  calls: GraphCall[];
  /** [layerName, nodeIndex, tensorIndex] of each model output; null for a Sequential (last call's outputs). */
  outputs: [string, number, number][] | null;
  sequential: boolean;
}

const isTensorRef = (x: unknown): x is { class_name: "__keras_tensor__"; config: { keras_history: [string, number, number] } } =>
  typeof x === "object" && x !== null && (x as Envelope).class_name === "__keras_tensor__";

/** Keras 3 call kwargs are snake_case; `layer.apply` takes camelCase. */
function camelKwargs(kwargs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(kwargs).map(([k, v]) => [k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()), v]));
}

function tripleList(x: unknown): [string, number, number][] {
  if (Array.isArray(x) && typeof x[0] === "string") return [x as [string, number, number]];
  return x as [string, number, number][];
}

/** Rebuilds the wrapper model's layers and call graph from `model.config`. */
function parseModel(fixture: any, tested: Layer, customObjects?: Record<string, Serializable>, unbuilt = false): Graph {
  const model = fixture.model as Envelope;
  const config = model.config;
  const testedName = fixture.layer.config.name as string;
  const make = (entry: Envelope): Layer => {
    if (entry.config?.name === testedName && entry.class_name === fixture.layer.class_name) return tested;
    const { name: _n, inbound_nodes: _i, build_config, ...envelope } = entry;
    return layers.deserialize((unbuilt ? envelope : { ...envelope, build_config }) as never, customObjects);
  };
  const entries = config.layers as Envelope[];
  if (model.class_name === "Sequential") {
    const inputEntry = entries.find((e) => e.class_name === "InputLayer");
    const body = entries.filter((e) => e.class_name !== "InputLayer");
    const built = body.map((e) => ({ name: e.config.name as string, layer: make(e) }));
    return {
      inputNames: [inputEntry ? inputEntry.config.name : "input"],
      layers: built,
      calls: built.map((l) => ({ layerName: l.name, nodeIndex: 0, args: [], kwargs: {} })),
      outputs: null,
      sequential: true,
    };
  }
  const inputNames = tripleList(config.input_layers).map((t) => t[0]);
  const built: { name: string; layer: Layer }[] = [];
  const calls: GraphCall[] = [];
  for (const entry of entries) {
    if (entry.class_name === "InputLayer") continue;
    const name = (entry.name ?? entry.config.name) as string;
    built.push({ name, layer: make(entry) });
    (entry.inbound_nodes as { args: unknown[]; kwargs: Record<string, unknown> }[]).forEach((node, nodeIndex) => {
      calls.push({ layerName: name, nodeIndex, args: node.args, kwargs: node.kwargs ?? {} });
    });
  }
  return { inputNames, layers: built, calls, outputs: tripleList(config.output_layers), sequential: false };
}

/** Replays the graph eagerly on `inputs`; returns the model outputs (flattened). */
function runGraph<T = Tensor>(graph: Graph, inputs: T[], testedLayer: Layer, extraKwargs: Record<string, unknown>): T[] {
  const kwargsFor = (layer: Layer, recorded: Record<string, unknown>) => ({
    training: false,
    ...recorded,
    ...(layer === testedLayer ? extraKwargs : {}),
  });
  const byName = new Map(graph.layers.map((l) => [l.name, l.layer]));
  if (graph.sequential) {
    let x: unknown = inputs[0];
    for (const { layer } of graph.layers) x = layer.apply(x, kwargsFor(layer, {}));
    return flatten<T>(x);
  }
  const produced = new Map<string, T[]>();
  graph.inputNames.forEach((name, i) => produced.set(`${name}:0`, [inputs[i]]));
  const resolve = (x: unknown): unknown => {
    if (isTensorRef(x)) {
      const [layer, node, index] = x.config.keras_history;
      const outs = produced.get(`${layer}:${node}`);
      if (!outs) throw new MissingInput();
      return outs[index];
    }
    if (Array.isArray(x)) return x.map(resolve);
    if (typeof x === "object" && x !== null && !("class_name" in x)) {
      return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, resolve(v)]));
    }
    return x;
  };
  // Calls run as soon as their inputs exist (model config order is topological except for shared layers).
  let pending = graph.calls.slice();
  while (pending.length) {
    const next: GraphCall[] = [];
    for (const call of pending) {
      let args: unknown[];
      let kwargs: Record<string, unknown>;
      try {
        args = resolve(call.args) as unknown[];
        kwargs = resolve(camelKwargs(call.kwargs)) as Record<string, unknown>;
      } catch (e) {
        if (e instanceof MissingInput) {
          next.push(call);
          continue;
        }
        throw e;
      }
      const layer = byName.get(call.layerName)!;
      produced.set(`${call.layerName}:${call.nodeIndex}`, flatten<T>(layer.apply(...args, kwargsFor(layer, kwargs))));
    }
    if (next.length === pending.length) throw new Error(`runLayerFixture: cannot resolve the inputs of ${next.map((c) => c.layerName).join(", ")}`);
    pending = next;
  }
  return graph.outputs!.map(([layer, node, index]) => produced.get(`${layer}:${node}`)![index]);
}

class MissingInput extends Error {}

/** Model weights in Keras's order: each layer's weights, layers in model order, each variable once. */
function modelWeights(graph: Graph): Variable[] {
  return [...new Set(graph.layers.flatMap((l) => l.layer.weights))];
}

function modelTrainableWeights(graph: Graph): Variable[] {
  return [...new Set(graph.layers.flatMap((l) => l.layer.trainableWeights))];
}

function fixtureDtype(dtype: string): string {
  return dtype === "int64" ? "int32" : dtype;
}

/** |actual - expected| <= atol + rtol * |expected| everywhere (exact for integer / bool data); fails naming the first bad entry. */
export function expectCloseToFixture(actual: Tensor, expected: FixtureArray, rtol: number, atol: number, what: string): void {
  expect(actual.shape, `${what}: shape`).toEqual(expected.shape);
  const values = fixtureValues(expected);
  const exact = !(actual.dtype === "float32" || actual.dtype === "float64");
  for (let i = 0; i < values.length; i++) {
    const a = Number(actual.data[i]);
    const b = values[i];
    if (Number.isNaN(a) && Number.isNaN(b)) continue;
    if (a === b) continue;
    const err = Math.abs(a - b);
    if (exact || !(err <= atol + rtol * Math.abs(b))) {
      expect.fail(`${what}: flat index ${i} of shape [${expected.shape}]: received ${a}, expected ${b} (|diff| ${err}; atol ${atol}, rtol ${rtol})`);
    }
  }
}

export function runLayerFixture(nameOrFixture: string | any, options: LayerFixtureOptions = {}): LayerFixtureResult {
  const fixture = typeof nameOrFixture === "string" ? loadFixture(nameOrFixture) : nameOrFixture;
  const label = fixture.name as string;
  if (fixture.kind !== "layer") throw new Error(`runLayerFixture: ${label} is a '${fixture.kind}' fixture, not a 'layer' one.`);
  const { customObjects } = options;
  const envelope = fixture.layer as Envelope;

  // 1. Config and serialization.
  if (options.checkConfig ?? true) {
    const ser = fixture.serialization;
    const fresh = layers.deserialize(
      { module: envelope.module, class_name: envelope.class_name, config: ser.get_config, registered_name: envelope.registered_name ?? null },
      customObjects,
    );
    const d1 = firstDifference(fresh.getConfig(), ser.get_config);
    if (d1) expect.fail(`${label}: getConfig() of the layer rebuilt from serialization.get_config differs at ${d1}`);
    const d2 = firstDifference(layers.serialize(fresh), ser.before_build);
    if (d2) expect.fail(`${label}: serialize(unbuilt layer) differs from serialization.before_build at ${d2}`);
  }
  const layer = layers.deserialize(envelope as never, customObjects);
  if (options.checkConfig ?? true) {
    const d3 = firstDifference(layers.serialize(layer), envelope);
    if (d3) expect.fail(`${label}: serialize(layer rebuilt from the 'layer' envelope) differs at ${d3}`);
    const d4 = firstDifference(layers.serialize(layer), fixture.serialization.after_build);
    if (d4) expect.fail(`${label}: serialize(built layer) differs from serialization.after_build at ${d4}`);
  }

  // 1b. Symbolic replay on keras.Input tensors with fresh, unbuilt layers: the
  // layer builds from the symbolic call as in Keras (so its build_config must
  // come out as Keras's), and the symbolic output shapes must fit the outputs.
  if (options.checkSymbolic ?? true) {
    const fresh = layers.deserialize(
      { module: envelope.module, class_name: envelope.class_name, config: fixture.serialization.get_config, registered_name: envelope.registered_name ?? null },
      customObjects,
    );
    const symbolicGraph = parseModel(fixture, fresh, customObjects, true);
    const inputEntries = new Map((fixture.model.config.layers as Envelope[]).filter((e) => e.class_name === "InputLayer").map((e) => [e.config.name, e.config]));
    const kerasInputs = symbolicGraph.inputNames.map((name, i) => {
      const cfg = inputEntries.get(name);
      const shape = cfg?.batch_shape ?? [null, ...(fixture.inputs[i].shape as number[]).slice(1)];
      return Input({ batchShape: shape, dtype: cfg?.dtype ?? fixtureDtype(fixture.inputs[i].dtype), name });
    });
    const symbolicOutputs = runGraph<KerasTensor>(symbolicGraph, kerasInputs, fresh, options.callKwargs ?? {});
    expect(symbolicOutputs.length, `${label}: number of symbolic outputs`).toBe(fixture.outputs.length);
    symbolicOutputs.forEach((o, i) => {
      const expected = fixture.outputs[i] as FixtureArray;
      const fits = o.shape.length === expected.shape.length && o.shape.every((d, k) => d === null || d === expected.shape[k]);
      if (!fits) expect.fail(`${label}: symbolic output ${i} has shape ${JSON.stringify(o.shape)}, which does not fit the output shape ${JSON.stringify(expected.shape)}`);
      expect(o.dtype, `${label}: symbolic dtype of output ${i}`).toBe(options.outputDtypes?.[i] ?? fixtureDtype(expected.dtype));
    });
    if (options.checkConfig ?? true) {
      const d5 = firstDifference(layers.serialize(fresh), fixture.serialization.after_build);
      if (d5) expect.fail(`${label}: serialize(layer built by a symbolic call) differs from serialization.after_build at ${d5}`);
    }
  }

  // 2. The wrapper graph; one call builds every layer.
  const graph = parseModel(fixture, layer, customObjects);
  const inputs = (fixture.inputs as FixtureArray[]).map(fixtureTensor);
  const extra = options.callKwargs ?? {};
  runGraph(graph, inputs, layer, extra);

  // 3. Weights.
  const weights = modelWeights(graph);
  const expectedWeights = fixture.weights as FixtureArray[];
  expect(weights.length, `${label}: number of weights (${weights.map((w) => w.path).join(", ")})`).toBe(expectedWeights.length);
  weights.forEach((w, i) => {
    const e = expectedWeights[i];
    expect(w.name, `${label}: name of weight ${i} (fixture path ${e.path})`).toBe(e.name);
    expect(w.shape, `${label}: shape of weight ${e.path}`).toEqual(e.shape);
    expect(w.trainable, `${label}: trainable flag of weight ${e.path}`).toBe(e.trainable);
  });
  let offset = 0;
  for (const { layer: l } of graph.layers) {
    const n = l.weights.filter((w) => weights.includes(w)).length;
    if (n === 0) continue;
    l.setWeights(expectedWeights.slice(offset, offset + n).map(fixtureTensor));
    offset += n;
  }

  // 4. Outputs and mask.
  const outputs = runGraph(graph, inputs, layer, extra);
  const expectedOutputs = fixture.outputs as FixtureArray[];
  expect(outputs.length, `${label}: number of outputs`).toBe(expectedOutputs.length);
  outputs.forEach((o, i) => {
    expect(o.dtype, `${label}: dtype of output ${i}`).toBe(options.outputDtypes?.[i] ?? fixtureDtype(expectedOutputs[i].dtype));
    expectCloseToFixture(o, expectedOutputs[i], options.rtol ?? 1e-5, options.atol ?? 1e-6, `${label}: output ${i}`);
  });
  const mask = outputs[0].kerasMask as Tensor | null | undefined;
  if (fixture.output_mask) {
    expect(mask, `${label}: the output should carry a Keras mask`).toBeTruthy();
    expect(mask!.dtype, `${label}: mask dtype`).toBe("bool");
    expectCloseToFixture(mask!, fixture.output_mask, 0, 0, `${label}: output mask`);
  } else if (graph.sequential) {
    // The fixtures record `output_mask` as `layer.compute_mask(input)` for single-input wrappers only.
    expect(mask ?? null, `${label}: the output should carry no mask`).toBeNull();
  }

  // 5. Gradients (VJP with the fixture's upstream).
  if (fixture.grads && (options.checkGrads ?? true)) {
    const g = fixture.grads;
    const trainable = modelTrainableWeights(graph);
    expect(trainable.length, `${label}: number of trainable weights`).toBe(g.weights.length);
    trainable.forEach((w, i) => expect(w.name, `${label}: trainable weight ${i} (fixture path ${g.weights[i].path})`).toBe(g.weights[i].name));
    const floatInputs = inputs.map((x, i) => (g.inputs[i] && (x.dtype === "float32" || x.dtype === "float64") ? x : null));
    const watched = floatInputs.filter((x): x is Tensor => x !== null);
    const upstream = (g.upstream as FixtureArray[]).map(fixtureTensor);
    const { grads } = valueAndGrad(() => {
      const outs = runGraph(graph, inputs, layer, extra);
      let total: Tensor = ops.zeros([], "float32");
      outs.forEach((o, i) => {
        if (upstream[i]) total = ops.add(total, ops.sum(ops.multiply(o, ops.cast(upstream[i], o.dtype))));
      });
      return total;
    }, [...watched, ...trainable]);
    const rtol = options.gradRtol ?? 1e-4;
    const atol = options.gradAtol ?? 1e-5;
    let k = 0;
    floatInputs.forEach((x, i) => {
      if (!x) return;
      expectCloseToFixture(grads[k++], g.inputs[i], rtol, atol, `${label}: gradient w.r.t. input ${i}`);
    });
    trainable.forEach((w, i) => expectCloseToFixture(grads[k + i], g.weights[i], rtol, atol, `${label}: gradient w.r.t. ${g.weights[i].path}`));
  }

  return { fixture, layer, modelLayers: graph.layers.map((l) => l.layer), outputs };
}
