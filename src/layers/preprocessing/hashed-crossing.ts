/**
 * `keras.layers.HashedCrossing(numBins, { outputMode = "int", sparse = false })`:
 * crosses categorical features with the hashing trick, as
 * `tf.sparse.cross_hashed` does: per sample, starting from TensorFlow's
 * default key, each feature's hash (Fingerprint64 of a string, the value
 * itself for an integer) is folded in with FingerprintCat64; the result
 * modulo `numBins` is the bin. `outputMode` "one_hot" one-hot encodes it.
 *
 * Called on a list of at least two inputs of equal shape: scalars, `[batch]`
 * or `[batch, 1]` (a list of plain values is, as a Python list is in Keras,
 * that many scalar features). Strings come as JS strings / arrays of them, integers as
 * Tensors or arrays (keras-ts has no string tensors).
 */
import { ValueError } from "../../engine/errors.js";
import { isTensor, Tensor } from "../../engine/tensor.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { KerasTensor } from "../keras-tensor.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { pyRepr, pyShape } from "../py-format.js";
import { validateStringArg } from "./argument-validation.js";
import { encodeCategorical } from "./encode-categorical.js";
import { fingerprint64, fingerprintCat64 } from "./fingerprint64.js";
import { utf8 } from "./hash-buckets.js";
import { flattenData, FlatData, intTensor } from "./lookup-data.js";

type Shape = readonly (number | null)[];

/** `tf.sparse.cross_hashed`'s default `hash_key`. */
const DEFAULT_HASH_KEY = 0xdecafcaffen;

export interface HashedCrossingOptions extends LayerOptions {
  outputMode?: string;
  /** keras-ts has no sparse tensors: only false is accepted. */
  sparse?: boolean;
}

export class HashedCrossing extends Layer {
  declare numBins: number;
  declare outputMode: "int" | "one_hot";
  declare sparse: boolean;

  constructor(numBins: number, options: HashedCrossingOptions = {}) {
    const { outputMode = "int", sparse = false, dtype, ...base } = options;
    super({ ...base, dtype: dtype ?? (outputMode === "int" ? "int64" : null) });
    if (sparse) throw new ValueError("`sparse=True` can only be used with the TensorFlow backend (keras-ts has no sparse tensors).");
    validateStringArg(outputMode, ["int", "one_hot"], "HashedCrossing", "output_mode");
    if (!Number.isInteger(numBins) || numBins < 1) {
      throw new ValueError(`HashedCrossing: \`num_bins\` must be a positive integer. Received: num_bins=${pyRepr(numBins)}`);
    }
    this.numBins = numBins;
    this.outputMode = outputMode as "int" | "one_hot";
    this.sparse = false;
    this._convertInputArgs = false;
    this._allowNonTensorPositionalArgs = true;
    this.buildAtInit();
  }

  override call(inputs: unknown): Tensor {
    if (!Array.isArray(inputs)) {
      throw new ValueError(`\`HashedCrossing\` should be called on a list or tuple of inputs. Received: inputs=${describe(inputs)}`);
    }
    if (inputs.length < 2) throw new ValueError(`\`HashedCrossing\` should be called on at least two inputs. Received: inputs=${describe(inputs)}`);
    const features = inputs.map((x) => flattenData(x, "HashedCrossing"));
    this.checkInputs(features, inputs);
    const shape = features[0].shape;
    const bins = BigInt(this.numBins);
    const crossed = features[0].values.map((_, i) => {
      let hashed = DEFAULT_HASH_KEY;
      for (const f of features) {
        const v = f.values[i];
        hashed = fingerprintCat64(hashed, typeof v === "string" ? fingerprint64(utf8(v)) : BigInt.asUintN(64, BigInt(v)));
      }
      return Number(hashed % bins);
    });
    return encodeCategorical(intTensor(crossed, shape), this.outputMode, this.numBins, this.computeDtype, null, "HashedCrossing");
  }

  private checkInputs(features: FlatData[], inputs: unknown[]): void {
    const first = features[0].shape;
    if (first.length > 2 || (first.length === 2 && first[1] !== 1)) {
      throw new ValueError(`All \`HashedCrossing\` inputs should have shape \`()\`, \`(batch_size)\` or \`(batch_size, 1)\`. Received: inputs=${describe(inputs)}`);
    }
    if (!features.every((f) => f.shape.join() === first.join() && f.shape.length === first.length)) {
      throw new ValueError(`All \`HashedCrossing\` inputs should have equal shape. Received: inputs=${describe(inputs)}`);
    }
    if (features.some((f) => f.kind === "float")) {
      throw new ValueError(`All \`HashedCrossing\` inputs should have an integer or string dtype. Received: inputs=${describe(inputs)}`);
    }
  }

  override computeOutputShape(inputShapes: Shape[]): (number | null)[] {
    if (!Array.isArray(inputShapes) || inputShapes.length !== 2 || !inputShapes.every(Array.isArray)) {
      throw new ValueError(`Expected as input a list/tuple of 2 tensors. Received input_shape=${pyRepr(inputShapes)}`);
    }
    const [a, b] = inputShapes;
    if (a[a.length - 1] !== b[b.length - 1]) {
      throw new ValueError(`Expected the two input tensors to have identical shapes. Received input_shape=${pyRepr(inputShapes)}`);
    }
    if (this.outputMode === "int") return a.slice();
    if (a[a.length - 1] !== 1) return [...a, this.numBins];
    return [...a.slice(0, -1), this.numBins];
  }

  override computeOutputSpec(inputs: KerasTensor[]): KerasTensor {
    return new KerasTensor(this.computeOutputShape(inputs.map((t) => t.shape)), { dtype: this.computeDtype });
  }

  override getConfig(): Record<string, any> {
    // Keras writes `self.dtype`, a plain dtype name, not a policy envelope.
    const dtype = this.dtypePolicy.name === "int64" ? "int64" : this.variableDtype;
    return { num_bins: this.numBins, output_mode: this.outputMode, sparse: this.sparse, name: this.name, dtype };
  }

  static override fromConfig(config: Record<string, any>): HashedCrossing {
    const { numBins, ...options } = layerOptionsFromConfig(config);
    return new HashedCrossing(numBins, options);
  }
}

function describe(inputs: unknown): string {
  if (!Array.isArray(inputs)) return pyRepr(inputs);
  return `[${inputs.map((x) => (isTensor(x) ? `Tensor(shape=${pyShape(x.shape)}, dtype=${x.dtype})` : pyRepr(x))).join(", ")}]`;
}

registerBuiltin("keras.layers", "HashedCrossing", HashedCrossing);
