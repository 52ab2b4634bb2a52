/**
 * Functional model configs, exactly as Keras 3.15 writes them: each
 * operation's envelope plus its `name` and `inbound_nodes` (the original call
 * arguments with KerasTensors as `__keras_tensor__` dicts, node indices
 * renumbered to this model's nodes), and `input_layers` / `output_layers`
 * mirroring the model's input / output structure. `functionalFromConfig`
 * rebuilds the graph from Keras 3 configs and from the Keras 2 nested-list
 * `inbound_nodes` form.
 */
import { IndexError, ValueError } from "../engine/errors.js";
import { isTensor } from "../engine/tensor.js";
import { isPlainObject } from "../ops/op.js";
import { deserializeKerasObject, serializeKerasObject } from "../saving/serialization-lib.js";
import { mapStructure } from "../utils/tree.js";
import { camelToSnake, snakeToCamel } from "../utils/naming.js";
import { KerasTensor, isKerasTensor } from "../layers/keras-tensor.js";
import { isLayer } from "../layers/layer.js";
import type { Node } from "../layers/node.js";
import { Operation } from "../layers/operation.js";
import { Model, setFunctionalConfig, setFunctionalFromConfig, unpackSingleton } from "./model.js";
import { Functional } from "./functional.js";

/** A nested functional model starts its node count at 1 in `input_layers` / `output_layers` (a Keras convention). */
function isFunctionalOperation(op: Operation): boolean {
  return op instanceof Functional;
}

function serializeNodeValue(x: unknown, ownNodes: Set<Node>): unknown {
  if (isKerasTensor(x)) {
    const h = x.kerasHistory;
    let nodeIndex = h?.nodeIndex ?? 0;
    if (h?.operation) {
      let irrelevant = 0;
      for (let i = 0; i < nodeIndex; i++) if (!ownNodes.has(h.operation.inboundNodes[i])) irrelevant++;
      nodeIndex -= irrelevant;
    }
    return {
      class_name: "__keras_tensor__",
      config: { shape: x.shape.slice(), dtype: x.dtype, keras_history: [h?.operation?.name ?? null, nodeIndex, h?.tensorIndex ?? 0] },
    };
  }
  if (Array.isArray(x)) return x.map((e) => serializeNodeValue(e, ownNodes));
  if (isPlainObject(x)) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, serializeNodeValue(v, ownNodes)]));
  if (x === undefined) return null;
  return serializeKerasObject(x);
}

function serializeNode(node: Node, ownNodes: Set<Node>): Record<string, unknown> | null {
  if (node.inputTensors.length === 0) return null;
  return {
    args: serializeNodeValue(node.callArgs as unknown[], ownNodes),
    // Layer call keywords are camelCase in TypeScript and snake_case in Keras's config (use_causal_mask).
    kwargs: serializeNodeValue(isLayer(node.operation) ? renameKeys(node.callKwargs, camelToSnake) : node.callKwargs, ownNodes),
  };
}

/** `Functional.get_config()`. */
export function functionalConfig(model: Model): Record<string, any> {
  const graph = model._graph!;
  const reindex = new Map<Node, number>();
  for (const op of graph.operations) {
    let kept = isFunctionalOperation(op) ? 1 : 0;
    for (const node of op.inboundNodes) if (graph.nodes.has(node)) reindex.set(node, kept++);
  }
  const layers = graph.operations.map((op) => {
    const inbound = op.inboundNodes.filter((n) => graph.nodes.has(n)).map((n) => serializeNode(n, graph.nodes)).filter((n) => n !== null);
    const envelope = serializeKerasObject(op) as Record<string, unknown>;
    envelope.name = op.name;
    envelope.inbound_nodes = inbound;
    return envelope;
  });
  const tensorConfig = (t: KerasTensor) => {
    const h = t.kerasHistory!;
    const node = h.operation!.inboundNodes[h.nodeIndex];
    if (!graph.nodes.has(node)) throw new Error(`Internal error: could not find node of ${String(t)} in model ${model.name}.`);
    return [h.operation!.name, reindex.get(node)!, h.tensorIndex];
  };
  return {
    name: model.name,
    trainable: model.trainable,
    layers,
    input_layers: mapStructure(tensorConfig, graph.inputsStruct),
    output_layers: mapStructure(tensorConfig, graph.outputsStruct),
  };
}

/** A revived `__keras_tensor__`: a placeholder that names the tensor it stands for. */
class RevivedTensor {
  constructor(readonly history: [string, number, number]) {}
}

function deserializeNodeValue(x: unknown, options: { customObjects?: unknown }): unknown {
  if (Array.isArray(x)) return x.map((e) => deserializeNodeValue(e, options));
  if (isPlainObject(x)) {
    if (x.class_name === "__keras_tensor__") return new RevivedTensor((x.config as { keras_history: [string, number, number] }).keras_history);
    if (typeof x.class_name === "string" && "config" in x) return deserializeKerasObject(x, options as never);
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, deserializeNodeValue(v, options)]));
  }
  return x;
}

function tensorAt(created: Map<string, Operation>, name: string, nodeIndex: number, tensorIndex: number): KerasTensor {
  const layer = created.get(name);
  if (!layer) throw new ValueError(`Unknown layer: ${name}`);
  if (layer.inboundNodes.length <= nodeIndex) {
    throw new IndexError(`Layer node index out of bounds.\ninbound_layer = ${String(layer)}\ninbound_node_index = ${nodeIndex}`);
  }
  return layer.inboundNodes[nodeIndex].outputTensors[tensorIndex];
}

function deserializeNode(nodeData: unknown, created: Map<string, Operation>, customObjects: unknown): [unknown[], Record<string, unknown>] {
  if (!nodeData || (Array.isArray(nodeData) && nodeData.length === 0)) return [[], {}];
  if (Array.isArray(nodeData)) {
    // Keras 2: a node is a list of [layer_name, node_index, tensor_index, kwargs?].
    const tensors: KerasTensor[] = [];
    let kwargs: Record<string, unknown> = {};
    for (const entry of nodeData as unknown[][]) {
      if (entry.length !== 3 && entry.length !== 4) throw new ValueError("Cannot deserialize the model (invalid config data?)");
      tensors.push(tensorAt(created, entry[0] as string, entry[1] as number, entry[2] as number));
      if (entry.length === 4) kwargs = (deserializeNodeValue(entry[3], { customObjects }) ?? {}) as Record<string, unknown>;
    }
    return [[unpackSingleton(tensors)], kwargs];
  }
  const data = nodeData as { args?: unknown; kwargs?: unknown };
  const revive = (x: unknown): unknown => (x instanceof RevivedTensor ? tensorAt(created, ...x.history) : x);
  const args = mapStructure(revive, deserializeNodeValue(data.args ?? [], { customObjects })) as unknown[];
  const kwargs = mapStructure(revive, deserializeNodeValue(data.kwargs ?? {}, { customObjects })) as Record<string, unknown>;
  return [args, kwargs];
}

/** Keras's `functional_from_config`. */
export function functionalFromConfig(cls: typeof Model, config: Record<string, any>, customObjects?: unknown): Model {
  const created = new Map<string, Operation>();
  const pending = new Map<Operation, unknown[]>();
  const layersData = config.layers as Record<string, any>[];
  for (const layerData of layersData) {
    const layer = deserializeKerasObject(layerData, { customObjects: customObjects as never, moduleHint: "keras.layers" });
    if (!(layer instanceof Operation)) {
      throw new ValueError(`Unexpected object from deserialization, expected a layer or operation, got a ${typeof layer}`);
    }
    created.set(layerData.name ?? layer.name, layer);
    const inbound = (layerData.inbound_nodes ?? []) as unknown[];
    if (inbound.length) pending.set(layer, inbound.slice());
  }
  while (pending.size) {
    let progressed = false;
    for (const layerData of layersData) {
      const layer = created.get(layerData.name ?? "")!;
      const list = pending.get(layer);
      if (!list) continue;
      let i = 0;
      for (; i < list.length; i++) {
        let call: [unknown[], Record<string, unknown>];
        try {
          call = deserializeNode(list[i], created, customObjects);
        } catch (e) {
          if (e instanceof IndexError) break;
          throw e;
        }
        if (isLayer(layer)) layer.apply(...call[0], renameKeys(call[1], snakeToCamel));
        else layer.apply(...call[0]);
        progressed = true;
      }
      if (i < list.length) pending.set(layer, list.slice(i));
      else pending.delete(layer);
    }
    if (!progressed) {
      throw new ValueError(
        `Cannot rebuild the functional model '${config.name}': the inbound nodes of ${[...pending.keys()].map((l) => `'${l.name}'`).join(", ")} ` +
          "refer to nodes that never get created.",
      );
    }
  }
  const getTensor = (name: string, nodeIndex: number, tensorIndex: number) => {
    const layer = created.get(name);
    if (!layer) throw new Error(`Internal error: could not find layer ${name}.`);
    return tensorAt(created, name, isFunctionalOperation(layer) ? nodeIndex - 1 : nodeIndex, tensorIndex);
  };
  const mapTensors = (t: unknown): unknown => {
    if (Array.isArray(t) && t.length === 3 && typeof t[0] === "string") return getTensor(t[0], t[1] as number, t[2] as number);
    if (Array.isArray(t)) return t.map(mapTensors);
    if (isPlainObject(t)) return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, mapTensors(v)]));
    return t;
  };
  const inputs = mapTensors(config.input_layers);
  const outputs = mapTensors(config.output_layers);
  const Ctor = (cls === Model ? Functional : cls) as unknown as new (o: Record<string, unknown>) => Model;
  const model = new Ctor({ inputs, outputs, name: config.name ?? null });
  if (typeof config.trainable === "boolean") model.trainable = config.trainable;
  return model;
}

function renameKeys(kwargs: Readonly<Record<string, unknown>>, rename: (key: string) => string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(kwargs).map(([k, v]) => [rename(k), v]));
}

setFunctionalConfig(functionalConfig);
setFunctionalFromConfig(functionalFromConfig);
void isTensor;
