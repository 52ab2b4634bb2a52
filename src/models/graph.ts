/**
 * The graph of a functional model (Keras's `Function`): from the outputs'
 * `kerasHistory`, find every node, give each a depth (outputs 0, producers
 * deeper), order the operations by decreasing depth, check that everything
 * is computable from the inputs ("Graph disconnected") and that operation
 * names are unique; then run the nodes depth by depth on new inputs.
 */
import { ValueError } from "../engine/errors.js";
import { flatten, mapStructure, packSequenceAs } from "../utils/tree.js";
import { KerasTensor } from "../layers/keras-tensor.js";
import type { Node } from "../layers/node.js";
import type { Operation } from "../layers/operation.js";

export class FunctionalGraph {
  readonly inputsStruct: unknown;
  readonly outputsStruct: unknown;
  readonly inputs: KerasTensor[];
  readonly outputs: KerasTensor[];
  /** The nodes belonging to this graph. */
  readonly nodes: Set<Node>;
  readonly nodesByDepth: Map<number, Node[]>;
  /** Operations by decreasing depth (inputs first), ties in first-visit order. */
  readonly operations: Operation[];

  constructor(inputs: unknown, outputs: unknown) {
    this.inputsStruct = mapStructure((x) => x, inputs);
    this.outputsStruct = mapStructure((x) => x, outputs);
    this.inputs = flatten<KerasTensor>(inputs);
    this.outputs = flatten<KerasTensor>(outputs);
    if (this.inputs.length === 0) {
      throw new ValueError(`\`inputs\` argument cannot be empty. Received:\ninputs=${String(inputs)}\noutputs=${String(outputs)}`);
    }
    if (this.outputs.length === 0) {
      throw new ValueError(`\`outputs\` argument cannot be empty. Received:\ninputs=${String(inputs)}\noutputs=${String(outputs)}`);
    }
    const { nodes, nodesByDepth, operations } = mapGraph(this.inputs, this.outputs);
    this.nodes = nodes;
    this.nodesByDepth = nodesByDepth;
    this.operations = operations;
  }

  /** Depth keys from the deepest (the inputs) to 0 (the outputs). */
  depthKeys(): number[] {
    return [...this.nodesByDepth.keys()].sort((a, b) => b - a);
  }

  /**
   * Runs the graph on `flatInputs` (one value per input tensor):
   * `callNode(node, args, kwargs)` computes each node's outputs.
   */
  run(flatInputs: readonly unknown[], callNode: (node: Node, args: unknown[], kwargs: Record<string, unknown>) => unknown): any {
    const values = new Map<KerasTensor, unknown>();
    this.inputs.forEach((x, i) => values.set(x, flatInputs[i]));
    for (const depth of this.depthKeys()) {
      for (const node of this.nodesByDepth.get(depth)!) {
        if (node.isInput) continue;
        if (node.inputTensors.some((x) => !values.has(x))) continue;
        const [args, kwargs] = node.fillIn(values);
        const outs = flatten(callNode(node, args, kwargs));
        node.outputs.forEach((x, i) => values.set(x, outs[i]));
      }
    }
    const missing = this.outputs.find((x) => !values.has(x));
    if (missing) {
      throw new ValueError(
        `Could not compute output ${String(missing)}: it depends on tensors that are not among the model inputs ` +
          `(inputs: ${this.inputs.map((x) => x.name).join(", ")}).`,
      );
    }
    return packSequenceAs(this.outputsStruct, this.outputs.map((x) => values.get(x)));
  }
}

function producerNode(t: KerasTensor): Node | null {
  const h = t.kerasHistory;
  return h?.operation ? h.operation.inboundNodes[h.nodeIndex] : null;
}

/**
 * Keras's `_build_map`: the nodes reachable from `outputs` (stopping at
 * `inputs`), in topological order from the inputs, and each operation's
 * first-visit index.
 */
export function buildMap(inputs: KerasTensor[], outputs: KerasTensor[]): { ordered: Node[]; operationIndex: Map<Operation, number> } {
  const finished = new Set<Node>();
  const inProgress = new Set<Node>();
  const ordered: Node[] = [];
  const operationIndex = new Map<Operation, number>();
  const inputSet = new Set(inputs);

  const visit = (tensor: KerasTensor): void => {
    const node = producerNode(tensor);
    if (!node) return;
    const op = node.operation;
    if (finished.has(node)) return;
    if (inProgress.has(node)) throw new ValueError(`Tensor ${String(tensor)} from operation '${op.name}' is part of a cycle.`);
    if (!operationIndex.has(op)) operationIndex.set(op, operationIndex.size);
    inProgress.add(node);
    if (!node.isInput && !inputSet.has(tensor)) for (const t of node.inputTensors) visit(t);
    finished.add(node);
    inProgress.delete(node);
    ordered.push(node);
  };
  for (const out of outputs) visit(out);
  return { ordered, operationIndex };
}

/** Keras's `map_graph`. */
export function mapGraph(inputs: KerasTensor[], outputs: KerasTensor[]) {
  const { ordered, operationIndex } = buildMap(inputs, outputs);
  const nodes = new Set(ordered);
  const nodeDepth = new Map<Node, number>();
  const opDepth = new Map<Operation, number>();
  for (let i = ordered.length - 1; i >= 0; i--) {
    const node = ordered[i];
    if (!nodeDepth.has(node)) nodeDepth.set(node, 0);
    const depth = Math.max(nodeDepth.get(node)!, opDepth.get(node.operation) ?? 0);
    opDepth.set(node.operation, depth);
    nodeDepth.set(node, depth);
    for (const parent of node.parentNodes) nodeDepth.set(parent, Math.max(depth + 1, nodeDepth.get(parent) ?? 0));
  }
  // Inputs not connected to any output still belong to the graph (at depth 0).
  for (const x of inputs) {
    const op = x.kerasHistory?.operation;
    if (op && !opDepth.has(op)) {
      opDepth.set(op, 0);
      operationIndex.set(op, -1);
      nodeDepth.set(op.inboundNodes[0], 0);
      nodes.add(op.inboundNodes[0]);
    }
  }

  const nodesByDepth = new Map<number, Node[]>();
  for (const [node, depth] of nodeDepth) {
    if (!nodesByDepth.has(depth)) nodesByDepth.set(depth, []);
    nodesByDepth.get(depth)!.push(node);
  }
  const opsByDepth = new Map<number, Operation[]>();
  for (const [op, depth] of opDepth) {
    if (!opsByDepth.has(depth)) opsByDepth.set(depth, []);
    opsByDepth.get(depth)!.push(op);
  }
  const operations: Operation[] = [];
  for (const depth of [...opsByDepth.keys()].sort((a, b) => b - a)) {
    operations.push(...opsByDepth.get(depth)!.sort((a, b) => operationIndex.get(a)! - operationIndex.get(b)!));
  }

  const computable = new Set<KerasTensor>(inputs);
  const accessed: string[] = [];
  for (const depth of [...nodesByDepth.keys()].sort((a, b) => b - a)) {
    for (const node of nodesByDepth.get(depth)!) {
      for (const x of node.inputTensors) {
        if (!computable.has(x)) {
          throw new ValueError(
            `Graph disconnected: cannot find parent for tensor ${String(x)} at operation '${String(node.operation)}'. ` +
              `The following previous operations were accessed without issue: [${accessed.map((n) => `'${n}'`).join(", ")}]`,
          );
        }
        accessed.push(node.operation.name);
      }
      for (const x of node.outputs) computable.add(x);
    }
  }

  const counts = new Map<string, number>();
  for (const op of operations) counts.set(op.name, (counts.get(op.name) ?? 0) + 1);
  for (const op of operations) {
    const n = counts.get(op.name)!;
    if (n !== 1) throw new ValueError(`The name "${op.name}" is used ${n} times in the model. All operation names should be unique.`);
  }
  return { nodes, nodesByDepth, operations };
}
