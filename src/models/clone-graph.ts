/**
 * Keras's `clone_graph_nodes`: a functional model may be created from
 * intermediate tensors (`new Model({ inputs: hidden, outputs })`). Each
 * intermediate input is replaced by a new `Input` named "<name>CLONE", and
 * the nodes between the inputs and the outputs are re-recorded on copies of
 * their tensors, so the original graph keeps its history and the layers
 * (with their weights) are shared between both models.
 */
import { flatten, mapStructure, packSequenceAs } from "../utils/tree.js";
import { Input, InputLayer } from "../layers/core/input-layer.js";
import { KerasTensor, isKerasTensor } from "../layers/keras-tensor.js";
import { Node } from "../layers/node.js";
import type { Operation } from "../layers/operation.js";
import { buildMap } from "./graph.js";

export function isInputKerasTensor(x: KerasTensor): boolean {
  const h = x.kerasHistory;
  const node = h?.operation ? h.operation.inboundNodes[h.nodeIndex] : null;
  return !!node && node.isInput;
}

function cloneTensor(x: KerasTensor): KerasTensor {
  return new KerasTensor(x.shape, { dtype: x.dtype, sparse: x.sparse, name: `${x.name}_clone` });
}

export function cloneGraphNodes(inputs: unknown, outputs: unknown): { inputs: unknown; outputs: unknown } {
  const flatInputs = flatten<KerasTensor>(inputs);
  const flatOutputs = flatten<KerasTensor>(outputs);
  const { ordered } = buildMap(flatInputs, flatOutputs);
  const tensors = new Map<KerasTensor, KerasTensor>();
  const operations = new Map<Operation, Operation>();

  const clonedInputs = flatInputs.map((x) => {
    if (isInputKerasTensor(x)) {
      tensors.set(x, x);
      return x;
    }
    const original = x.kerasHistory?.operation ?? null;
    const cloned = Input({
      batchShape: x.shape,
      dtype: x.dtype,
      sparse: x.sparse,
      name: `${x.name}CLONE`,
      optional: original instanceof InputLayer ? original.optional : false,
    });
    tensors.set(x, cloned);
    if (original) operations.set(original, cloned.kerasHistory!.operation!);
    return cloned;
  });
  const clonedOutputs = flatOutputs.map((x) => {
    const copy = cloneTensor(x);
    copy.kerasHistory = x.kerasHistory;
    tensors.set(x, copy);
    return copy;
  });

  const swap = (x: unknown): unknown => {
    if (!isKerasTensor(x)) return x;
    let copy = tensors.get(x);
    if (!copy) {
      copy = cloneTensor(x);
      tensors.set(x, copy);
    }
    return copy;
  };
  for (const node of ordered) {
    const operation = operations.get(node.operation) ?? node.operation;
    const outputsCopy = node.outputTensors.map((t) => swap(t));
    if (operation instanceof InputLayer) new Node(operation, [], {}, outputsCopy);
    else new Node(operation, mapStructure(swap, node.callArgs as unknown[]), mapStructure(swap, node.callKwargs), outputsCopy);
  }
  return { inputs: packSequenceAs(inputs, clonedInputs), outputs: packSequenceAs(outputs, clonedOutputs) };
}
