/**
 * `keras.layers.InputLayer` and `keras.Input(...)`: the entry point of a
 * functional graph. An InputLayer holds one KerasTensor (its output) made by
 * a root Node with no arguments.
 */
import { DType, standardizeDType } from "../../engine/dtype.js";
import { ValueError } from "../../engine/errors.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { floatx } from "../../config/settings.js";
import { configToOptions } from "../../utils/naming.js";
import { KerasTensor, isKerasTensor } from "../keras-tensor.js";
import { Layer } from "../layer.js";
import { Node } from "../node.js";
import { pyRepr } from "../py-format.js";

export type PartialShapeLike = readonly (number | null)[];

export interface InputLayerOptions {
  shape?: PartialShapeLike | null;
  batchSize?: number | null;
  dtype?: DType | string | null;
  /** Accepted and kept in configs; data is always stored dense. */
  sparse?: boolean | null;
  ragged?: boolean | null;
  batchShape?: PartialShapeLike | null;
  /** An existing KerasTensor to use as this layer's output. */
  inputTensor?: KerasTensor | null;
  optional?: boolean;
  name?: string | null;
  /** Deprecated spellings found in older configs. */
  inputShape?: PartialShapeLike | null;
  batchInputShape?: PartialShapeLike | null;
}

const KNOWN = new Set(["shape", "batchSize", "dtype", "sparse", "ragged", "batchShape", "inputTensor", "optional", "name", "inputShape", "batchInputShape"]);

function standardizeShape(shape: PartialShapeLike, what: string): (number | null)[] {
  if (!Array.isArray(shape)) throw new ValueError(`Cannot convert '${pyRepr(shape)}' to a shape. (${what})`);
  return shape.map((d) => {
    if (d === null) return null;
    if (typeof d !== "number" || !Number.isInteger(d) || d < 0) {
      throw new ValueError(`Cannot convert '${pyRepr(shape)}' to a shape. Found invalid dimension '${String(d)}'.`);
    }
    return d;
  });
}

function sameShape(a: PartialShapeLike, b: PartialShapeLike): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export class InputLayer extends Layer {
  declare readonly batchShape: (number | null)[];
  declare _inputDtype: DType;
  declare sparse: boolean;
  declare ragged: boolean;
  declare optional: boolean;
  declare _inputTensor: KerasTensor;

  constructor(options: InputLayerOptions = {}) {
    super({ name: options.name ?? null });
    const unknown = Object.keys(options).filter((k) => !KNOWN.has(k) && (options as Record<string, unknown>)[k] !== undefined);
    if (unknown.length) {
      throw new ValueError(`Unrecognized keyword arguments passed to InputLayer: ${pyRepr(Object.fromEntries(unknown.map((k) => [k, (options as Record<string, unknown>)[k]])))}`);
    }
    let shape = options.shape ?? options.inputShape ?? null;
    let batchShape = options.batchShape ?? options.batchInputShape ?? null;
    const batchSize = options.batchSize ?? null;
    let dtype: DType | string | null = options.dtype ?? null;
    let sparse = options.sparse ?? null;
    const tensor = options.inputTensor ?? null;
    if (tensor !== null) {
      if (!isKerasTensor(tensor)) {
        throw new ValueError(`Argument \`input_tensor\` must be a KerasTensor. Received invalid type: input_tensor=${String(tensor)} (of type ${typeof tensor})`);
      }
      if (batchSize !== null && (tensor.shape.length < 1 || tensor.shape[0] !== batchSize)) {
        throw new ValueError("When providing the `input_tensor` argument, you cannot provide an incompatible `batch_size` argument.");
      }
      if (shape !== null && !sameShape(shape, tensor.shape.slice(1))) {
        throw new ValueError("When providing the `input_tensor` argument, you cannot provide an incompatible `shape` argument.");
      }
      if (batchShape !== null && !sameShape(batchShape, tensor.shape)) {
        throw new ValueError("When providing the `input_tensor` argument, you cannot provide an incompatible `batch_shape` argument.");
      }
      if (dtype !== null && standardizeDType(dtype) !== tensor.dtype) {
        throw new ValueError("When providing the `input_tensor` argument, you cannot provide an incompatible `dtype` argument.");
      }
      if (sparse !== null && tensor.sparse !== sparse) {
        throw new ValueError("When providing the `input_tensor` argument, you cannot provide an incompatible `sparse` argument.");
      }
      batchShape = tensor.shape;
      dtype = tensor.dtype;
      sparse = tensor.sparse;
    } else {
      if (shape !== null && batchShape !== null) throw new ValueError("You cannot pass both `shape` and `batch_shape` at the same time.");
      if (batchSize !== null && batchShape !== null) throw new ValueError("You cannot pass both `batch_size` and `batch_shape` at the same time.");
      if (shape === null && batchShape === null) throw new ValueError("You must pass a `shape` argument.");
      if (shape !== null) batchShape = [batchSize, ...standardizeShape(shape, "shape")];
    }
    (this as { batchShape: (number | null)[] }).batchShape = standardizeShape(batchShape as PartialShapeLike, "batch_shape");
    this._inputDtype = standardizeDType(dtype ?? floatx(), "InputLayer");
    this.sparse = Boolean(sparse);
    this.ragged = Boolean(options.ragged);
    this._inputTensor =
      tensor ??
      new KerasTensor(this.batchShape, { dtype: this._inputDtype, sparse: this.sparse, ragged: this.ragged, name: options.name ?? null });
    new Node(this, [], {}, this._inputTensor);
    this.built = true;
    this.optional = options.optional ?? false;
  }

  override call(): null {
    return null;
  }

  /** The dtype of the input (a plain dtype name, as in the config). */
  override get dtype(): DType {
    return this._inputDtype;
  }

  /** tf.keras: an InputLayer's input shape is the list of its batch shape. */
  override get inputShape(): any {
    return [this.batchShape.slice()];
  }

  override get outputShape(): any {
    return this.batchShape.slice();
  }

  override getConfig(): Record<string, any> {
    return {
      batch_shape: this.batchShape.slice(),
      dtype: this._inputDtype,
      sparse: this.sparse,
      ragged: this.ragged,
      name: this.name,
      optional: this.optional,
    };
  }

  static override fromConfig(config: Record<string, any>): InputLayer {
    const options = configToOptions(config) as InputLayerOptions & Record<string, unknown>;
    // Keras 2 configs: "batch_input_shape", a dtype policy dict, and no "optional".
    if (options.dtype !== null && typeof options.dtype === "object") {
      options.dtype = ((options.dtype as { config?: { name?: string } }).config?.name ?? null) as string | null;
    }
    return new InputLayer(options);
  }
}

export interface InputOptions {
  shape?: PartialShapeLike | null;
  batchSize?: number | null;
  dtype?: DType | string | null;
  sparse?: boolean | null;
  ragged?: boolean | null;
  batchShape?: PartialShapeLike | null;
  name?: string | null;
  /** An existing KerasTensor to wrap. */
  tensor?: KerasTensor | null;
  optional?: boolean;
}

/** `keras.Input(...)`: a KerasTensor made by a new InputLayer. */
export function Input(options: InputOptions = {}): KerasTensor {
  const { tensor, ...rest } = options;
  const layer = new InputLayer({ ...rest, inputTensor: tensor ?? null });
  return layer.output as KerasTensor;
}

registerBuiltin("keras.layers", "InputLayer", InputLayer);
