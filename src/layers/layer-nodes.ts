/**
 * tf.keras's multi-node accessors, which Keras 3 dropped and keras-ts keeps:
 * `getInputAt(i)`, `getOutputAt(i)`, the shape and mask variants, and the
 * `inputShape` / `outputShape` / `inputMask` / `outputMask` properties, with
 * tf.keras's semantics and messages.
 */
import { AttributeError, RuntimeError, ValueError } from "../engine/errors.js";
import type { KerasTensor } from "./keras-tensor.js";
import type { Operation } from "./operation.js";

type Attr = "input" | "output" | "input shape" | "output shape";

function checkIndex(op: Operation, index: number, attr: Attr): void {
  if (op.inboundNodes.length === 0) {
    throw new RuntimeError(`The layer ${op.name} has never been called and thus has no defined ${attr}.`);
  }
  if (!Number.isInteger(index) || index < 0 || index >= op.inboundNodes.length) {
    throw new ValueError(`Asked to get ${attr} at node ${index}, but the layer has only ${op.inboundNodes.length} inbound nodes.`);
  }
}

function unwrap<T>(values: readonly T[]): T | T[] {
  return values.length === 1 ? values[0] : values.slice();
}

export function getInputAt(op: Operation, index: number): KerasTensor | KerasTensor[] {
  checkIndex(op, index, "input");
  return unwrap(op.inboundNodes[index].inputTensors);
}

export function getOutputAt(op: Operation, index: number): KerasTensor | KerasTensor[] {
  checkIndex(op, index, "output");
  return unwrap(op.inboundNodes[index].outputTensors);
}

export function getInputShapeAt(op: Operation, index: number): (number | null)[] | (number | null)[][] {
  checkIndex(op, index, "input shape");
  return unwrap(op.inboundNodes[index].inputTensors.map((t) => t.shape.slice()));
}

export function getOutputShapeAt(op: Operation, index: number): (number | null)[] | (number | null)[][] {
  checkIndex(op, index, "output shape");
  return unwrap(op.inboundNodes[index].outputTensors.map((t) => t.shape.slice()));
}

function maskOf(x: KerasTensor | KerasTensor[]): KerasTensor | null | (KerasTensor | null)[] {
  return Array.isArray(x) ? x.map((t) => t.kerasMask ?? null) : x.kerasMask ?? null;
}

export function getInputMaskAt(op: Operation, index: number): KerasTensor | null | (KerasTensor | null)[] {
  return maskOf(getInputAt(op, index));
}

export function getOutputMaskAt(op: Operation, index: number): KerasTensor | null | (KerasTensor | null)[] {
  return maskOf(getOutputAt(op, index));
}

/**
 * tf.keras `input_shape` / `output_shape` on a layer: the node-0 shapes when
 * every node has the same shapes, an error otherwise.
 */
export function nodeShape(op: Operation, which: "input" | "output"): (number | null)[] | (number | null)[][] {
  if (op.inboundNodes.length === 0) {
    throw new AttributeError(
      `The layer "${op.name}" has never been called and thus has no defined ${which} shape. ` +
        `Note that the \`${which}_shape\` property is only available for Functional and Sequential models.`,
    );
  }
  const shapesOf = (i: number) =>
    which === "input" ? getInputShapeAt(op, i) : getOutputShapeAt(op, i);
  const first = JSON.stringify(shapesOf(0));
  for (let i = 1; i < op.inboundNodes.length; i++) {
    if (JSON.stringify(shapesOf(i)) !== first) {
      throw new AttributeError(
        `The layer "${op.name}" has multiple inbound nodes, with different ${which} shapes. Hence the notion of ` +
          `"${which} shape" is ill-defined for the layer. Use \`get_${which}_shape_at(node_index)\` instead.`,
      );
    }
  }
  return shapesOf(0);
}

/** tf.keras `input_mask` / `output_mask`: the masks of `input` / `output`. */
export function nodeMask(op: Operation, which: "input" | "output"): KerasTensor | null | (KerasTensor | null)[] {
  const x = which === "input" ? op.input : op.output;
  return maskOf(x);
}
