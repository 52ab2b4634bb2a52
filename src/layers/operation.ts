/**
 * `keras.Operation`: the base of layers and of the op nodes that raw
 * `keras.ops` calls create on KerasTensors. An operation has a unique name
 * and the lists of nodes where it was called (`inboundNodes`) and where its
 * outputs were consumed (`outboundNodes`).
 */
import { AttributeError, ValueError } from "../engine/errors.js";
import { anySymbolic } from "../ops/op.js";
import { collectKerasTensors, inferOutputSpec } from "./output-spec.js";
import { autoName } from "./object-names.js";
import { Node } from "./node.js";

export class Operation {
  name: string;
  /** Nodes created by calling this operation on symbolic tensors (Keras's `_inbound_nodes`). */
  readonly inboundNodes: Node[] = [];
  /** Nodes that consumed this operation's outputs (Keras's `_outbound_nodes`). */
  readonly outboundNodes: Node[] = [];

  constructor(name?: string | null) {
    const n = name ?? autoName(new.target.name);
    if (typeof n !== "string" || n.includes("/")) {
      throw new ValueError(
        `Argument \`name\` must be a string and cannot contain character \`/\`. Received: name=${String(n)} (of type ${typeof n})`,
      );
    }
    this.name = n;
  }

  /** The computation on concrete tensors. */
  call(..._args: unknown[]): unknown {
    throw new Error(`Operation ${this.constructor.name} does not implement call().`);
  }

  /**
   * Calls the operation: symbolically (recording a Node) when any argument is
   * a KerasTensor, eagerly otherwise.
   */
  apply(...args: unknown[]): any {
    if (anySymbolicDeep(args)) return this.symbolicCall(...args);
    return this.call(...args);
  }

  symbolicCall(...args: unknown[]): unknown {
    const outputs = this.computeOutputSpec(...args);
    new Node(this, args, {}, outputs);
    return outputs;
  }

  /** Output KerasTensors for symbolic arguments; by default inferred by running `call` on dummy values. */
  computeOutputSpec(...args: unknown[]): unknown {
    try {
      return inferOutputSpec((a) => this.call(...a), args);
    } catch (e) {
      throw outputSpecError(this, e);
    }
  }

  getConfig(): Record<string, unknown> {
    return { name: this.name };
  }

  /** Input tensor(s) of the first call (a single tensor is unwrapped). */
  get input(): any {
    return nodeAttribute(this, 0, "input");
  }

  /** Output tensor(s) of the first call (a single tensor is unwrapped). */
  get output(): any {
    return nodeAttribute(this, 0, "output");
  }

  toString(): string {
    return `<Operation name=${this.name}>`;
  }
}

/** Symbolic check that also looks inside nested structures (arrays/dicts of KerasTensors). */
export function anySymbolicDeep(args: readonly unknown[]): boolean {
  return anySymbolic(args) || collectKerasTensors(args).size > 0;
}

export function outputSpecError(op: Operation, e: unknown): Error {
  const cls = op.constructor.name;
  const msg = e instanceof Error ? e.message : String(e);
  const err = new (e instanceof Error ? (e.constructor as ErrorConstructor) : Error)(
    `Could not automatically infer the output shape / dtype of '${op.name}' (of type ${cls}). ` +
      `Either the \`${cls}.call()\` method is incorrect, or you need to implement the ` +
      `\`${cls}.computeOutputSpec() / computeOutputShape()\` method. Error encountered:\n\n${msg}`,
  );
  return err;
}

function nodeAttribute(op: Operation, index: number, attr: "input" | "output"): any {
  if (op.inboundNodes.length === 0) {
    throw new AttributeError(`The layer ${op.name} has never been called and thus has no defined ${attr}.`);
  }
  if (op.inboundNodes.length <= index) {
    throw new ValueError(
      `Asked to get ${attr} at node ${index}, but the operation has only ${op.inboundNodes.length} inbound nodes.`,
    );
  }
  const node = op.inboundNodes[index];
  const values = attr === "input" ? node.inputTensors : node.outputTensors;
  return values.length === 1 ? values[0] : values.slice();
}

