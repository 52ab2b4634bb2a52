/**
 * `Node`: one call of an operation on symbolic tensors. It records the call's
 * arguments (with the KerasTensors in place), wires itself into the producing
 * operations' `outboundNodes` and this operation's `inboundNodes`, and stamps
 * each output with its `kerasHistory` (operation, node index, tensor index).
 */
import { ValueError } from "../engine/errors.js";
import { flatten, mapStructure } from "../utils/tree.js";
import { KerasTensor, isKerasTensor } from "./keras-tensor.js";
import type { Operation } from "./operation.js";

export class Node {
  readonly operation: Operation;
  /** The positional arguments of the call, KerasTensors included, as given. */
  readonly callArgs: readonly unknown[];
  /** The keyword arguments of the call (training, mask, ...). */
  readonly callKwargs: Readonly<Record<string, unknown>>;
  /** The flattened outputs. */
  readonly outputs: readonly KerasTensor[];
  /** The KerasTensors among the arguments (args then kwargs, in Keras's flatten order). */
  readonly inputTensors: readonly KerasTensor[];
  /** A root node (an InputLayer's): no tensor arguments. */
  readonly isInput: boolean;

  constructor(operation: Operation, callArgs: readonly unknown[] = [], callKwargs: Record<string, unknown> = {}, outputs: unknown = null) {
    this.operation = operation;
    this.callArgs = callArgs.slice();
    this.callKwargs = { ...callKwargs };
    const flatOutputs = outputs === null || outputs === undefined ? [] : flatten(outputs).filter((x) => x !== null && x !== undefined);
    for (const x of flatOutputs) {
      if (!isKerasTensor(x)) {
        throw new ValueError(
          `All operation outputs must be tensors. Operation ${String(operation)} returned a non-tensor. Non-tensor received: ${String(x)}`,
        );
      }
    }
    this.outputs = flatOutputs as KerasTensor[];
    this.inputTensors = flatten([this.callArgs, this.callKwargs]).filter(isKerasTensor);

    const zeroHistory = this.inputTensors.some((x) => !x.recordHistory);
    if (!zeroHistory) {
      for (const t of this.inputTensors) {
        if (!t.kerasHistory) t.kerasHistory = { operation: null, nodeIndex: 0, tensorIndex: 0 };
      }
    }
    operation.inboundNodes.push(this);
    for (const t of this.inputTensors) {
      const producer = t.kerasHistory?.operation;
      if (producer) producer.outboundNodes.push(this);
    }
    if (!zeroHistory) {
      const nodeIndex = operation.inboundNodes.length - 1;
      this.outputs.forEach((t, i) => {
        t.kerasHistory = { operation, nodeIndex, tensorIndex: i };
      });
    }
    this.isInput = this.inputTensors.length === 0;
  }

  /** The output tensors (Keras's `output_tensors`). */
  get outputTensors(): readonly KerasTensor[] {
    return this.outputs;
  }

  /** The nodes that produced this node's inputs. */
  get parentNodes(): Node[] {
    const out: Node[] = [];
    for (const t of this.inputTensors) {
      const h = t.kerasHistory;
      if (h?.operation) out.push(h.operation.inboundNodes[h.nodeIndex]);
    }
    return out;
  }

  /** tf.keras: the operations that produced the inputs. */
  get inboundLayers(): Operation[] {
    return this.inputTensors.map((t) => t.kerasHistory?.operation).filter((o): o is Operation => !!o);
  }

  /** tf.keras: input shapes (one shape, or a list for several inputs). */
  get inputShapes(): (number | null)[] | (number | null)[][] {
    const shapes = this.inputTensors.map((t) => t.shape.slice());
    return shapes.length === 1 ? shapes[0] : shapes;
  }

  get outputShapes(): (number | null)[] | (number | null)[][] {
    const shapes = this.outputs.map((t) => t.shape.slice());
    return shapes.length === 1 ? shapes[0] : shapes;
  }

  /**
   * The call's arguments with each KerasTensor replaced by its value in
   * `values` (Keras's `SymbolicArguments.fill_in`).
   */
  fillIn(values: Map<KerasTensor, unknown>): [unknown[], Record<string, unknown>] {
    const swap = (x: unknown): unknown => (isKerasTensor(x) ? (values.has(x) ? values.get(x) : null) : x);
    return [mapStructure(swap, this.callArgs as unknown[]), mapStructure(swap, this.callKwargs)];
  }
}
