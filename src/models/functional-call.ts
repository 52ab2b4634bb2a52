/**
 * Running a functional model (Keras's `Functional.call`): standardize the
 * inputs (dict <-> list by input names, dtype per Input, squeeze / expand a
 * trailing size-1 axis), then execute the graph node by node. Also the
 * model's automatic input spec.
 */
import { ValueError } from "../engine/errors.js";
import { toTensor } from "../engine/convert.js";
import { isTensor, Tensor } from "../engine/tensor.js";
import { expandDims, squeeze } from "../ops/shape/dims.js";
import { isPlainObject } from "../ops/op.js";
import { flatten, mapStructure } from "../utils/tree.js";
import { InputSpec } from "../layers/input-spec.js";
import { KerasTensor, isKerasTensor } from "../layers/keras-tensor.js";
import { Layer, isLayer } from "../layers/layer.js";
import { InputLayer } from "../layers/core/input-layer.js";
import { pyShape } from "../layers/py-format.js";
import type { FunctionalGraph } from "./graph.js";

function describeStructure(x: unknown): string {
  if (x === null || x === undefined) return "None";
  if (isKerasTensor(x)) return x.name;
  if (isTensor(x)) return `Tensor(shape=${pyShape(x.shape)})`;
  if (Array.isArray(x)) return `[${x.map(describeStructure).join(", ")}]`;
  if (isPlainObject(x)) return `{${Object.entries(x).map(([k, v]) => `'${k}': ${describeStructure(v)}`).join(", ")}}`;
  return String(x);
}

/** Inputs as a flat list of tensors in `graph.inputs` order. */
export function standardizeInputs(graph: FunctionalGraph, inputs: unknown): unknown[] {
  const struct = graph.inputsStruct;
  let value = inputs;
  if (isPlainObject(inputs) && !isPlainObject(struct)) {
    // A dict for a model built with a list (or a single tensor): match keys with input names.
    const names = graph.inputs.map((x) => x.name);
    if (names.every((n) => n in inputs)) value = names.map((n) => inputs[n]);
  } else if (!isPlainObject(inputs) && !Array.isArray(inputs) && Array.isArray(struct) && struct.length === 1) {
    value = [inputs];
  }
  let flat = flatten(value);
  // A single input given as one nested JS array is one tensor, not a list of inputs.
  if (graph.inputs.length === 1 && Array.isArray(value) && flat.length > 1 && flat.every((v) => typeof v === "number" || typeof v === "boolean")) {
    flat = [value];
  }
  if (flat.length !== graph.inputs.length) {
    throw new ValueError(
      `The structure of \`inputs\` doesn't match the expected structure.\nExpected: ${describeStructure(struct)}\n` +
        `Received: inputs=${describeStructure(inputs)}`,
    );
  }
  return flat.map((x, i) => {
    const ref = graph.inputs[i];
    if (x === null || x === undefined) {
      const layer = ref.kerasHistory?.operation;
      if (layer instanceof InputLayer && !layer.optional) {
        throw new ValueError(`The input '${ref.name}' is not optional, but None was passed. Please provide a valid tensor.`);
      }
      return x;
    }
    if (isKerasTensor(x)) return x;
    const mask = isTensor(x) ? x.kerasMask : undefined;
    let t = toTensor(x, ref.dtype, `Functional input '${ref.name}'`);
    t = adjustRank(t, ref, inputPath(struct, i));
    if (mask) t.kerasMask = mask;
    return t;
  });
}

/** Keras's path of the i-th flattened input in the input structure ("" for a single tensor, "0", "a"...). */
function inputPath(struct: unknown, index: number): string {
  if (Array.isArray(struct)) return String(index);
  if (isPlainObject(struct)) return Object.keys(struct).sort()[index] ?? String(index);
  return "";
}

function adjustRank(x: Tensor, ref: KerasTensor, path: string): Tensor {
  const rank = x.rank;
  const refRank = ref.shape.length;
  if (rank === refRank) return x;
  if (rank === refRank + 1 && x.shape[rank - 1] === 1) return squeeze(x, -1);
  if (rank === refRank - 1 && ref.shape[refRank - 1] === 1) return expandDims(x, -1);
  throw new ValueError(
    `Invalid input shape for input Tensor(shape=${pyShape(x.shape)}, dtype=${x.dtype}) with name '${ref.name}' and path '${path}'. ` +
      `Expected shape ${pyShape(ref.shape)}, but input has incompatible shape ${pyShape(x.shape)}`,
  );
}

/** Executes the graph eagerly: layers through `apply` (so training / masks propagate), ops through `call`. */
export function runGraphEagerly(graph: FunctionalGraph, flatInputs: unknown[]): any {
  return graph.run(flatInputs, (node, args, kwargs) =>
    isLayer(node.operation) ? node.operation.apply(...args, kwargs) : node.operation.call(...args),
  );
}

/** Output KerasTensors for symbolic inputs, by running each node's `computeOutputSpec`. */
export function runGraphSymbolically(graph: FunctionalGraph, flatInputs: unknown[]): any {
  const same = flatInputs.every((x, i) => isKerasTensor(x) && x.shape.length === graph.inputs[i].shape.length && x.shape.every((d, k) => d === graph.inputs[i].shape[k]));
  if (same) return mapStructure((x: KerasTensor) => new KerasTensor(x.shape, { dtype: x.dtype }), graph.outputsStruct);
  return graph.run(flatInputs, (node, args, kwargs) =>
    isLayer(node.operation) ? (node.operation as Layer).computeOutputSpec(...args, kwargs) : node.operation.computeOutputSpec(...args),
  );
}

/** Keras's automatic input spec of a functional model: one spec per input, batch dimension free. */
export function functionalInputSpec(graph: FunctionalGraph): InputSpec[] | null {
  const make = (x: KerasTensor, name?: string) => {
    const layer = x.kerasHistory?.operation;
    const shape = x.shape.slice();
    if (shape.length) shape[0] = null;
    return new InputSpec({
      shape,
      allowLastAxisSqueeze: true,
      name: name ?? layer?.name ?? null,
      optional: layer instanceof InputLayer ? layer.optional : false,
    });
  };
  const struct = graph.inputsStruct;
  if (isPlainObject(struct)) {
    if (!Object.values(struct).every(isKerasTensor)) return null;
    return Object.keys(struct).sort().map((k) => make(struct[k] as KerasTensor, k));
  }
  return graph.inputs.map((x) => make(x));
}
