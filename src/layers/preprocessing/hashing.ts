/**
 * `keras.layers.Hashing(numBins, { maskValue = null, salt = null,
 * outputMode = "int", sparse = false })`: hashes each input value to a bin
 * in [0, numBins). Values are turned into strings first (integers as decimal,
 * floats truncated to integers), then hashed as TensorFlow does: FarmHash
 * Fingerprint64 by default, SipHash-2-4 keyed by `salt` (one integer, used
 * twice, or two). With a `maskValue`, bin 0 is reserved for it and the other
 * values go to bins 1..numBins-1. Bins are then encoded by `outputMode`
 * ("int", "one_hot", "multi_hot", "count") as CategoryEncoding does.
 *
 * keras-ts has no string tensors: strings come in as JS strings or nested
 * arrays of them; integers as Tensors or arrays. "int" outputs use the
 * "int64" dtype policy as Keras does (stored as int32 by the engine).
 */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import { floatx } from "../../config/settings.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { KerasTensor } from "../keras-tensor.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { pyRepr } from "../py-format.js";
import { encodeCategorical, encodedShape, EncodingMode, ENCODING_MODES } from "./encode-categorical.js";
import { hashBucket, intToString, normalizeSalt, Salt, saltKey } from "./hash-buckets.js";
import { flattenData, FlatData, intTensor, Token } from "./lookup-data.js";

type Shape = readonly (number | null)[];

export interface HashingOptions extends LayerOptions {
  maskValue?: Token | null;
  salt?: Salt | null;
  outputMode?: string;
  /** keras-ts has no sparse tensors: only false is accepted. */
  sparse?: boolean;
}

export class Hashing extends Layer {
  declare numBins: number;
  declare maskValue: Token | null;
  declare salt: [number, number] | null;
  declare strongHash: boolean;
  declare outputMode: EncodingMode;
  declare sparse: boolean;

  constructor(numBins: number, options: HashingOptions = {}) {
    const { maskValue = null, salt = null, outputMode = "int", sparse = false, dtype, ...base } = options;
    super({ ...base, dtype: dtype ?? (outputMode === "int" ? "int64" : floatx()) });
    if (numBins === null || numBins === undefined || !(numBins > 0) || !Number.isInteger(numBins)) {
      throw new ValueError(`The \`num_bins\` for \`Hashing\` cannot be \`None\` or non-positive values. Received: num_bins=${pyRepr(numBins)}.`);
    }
    if (outputMode === "int" && !["int32", "int64"].includes(this.dtypePolicy.name)) {
      throw new ValueError(`When \`output_mode="int"\`, \`dtype\` should be an integer type, 'int32' or 'in64'. Received: dtype=${pyRepr(this.dtypePolicy.name)}`);
    }
    if (!(ENCODING_MODES as readonly string[]).includes(outputMode)) {
      throw new ValueError(
        `Invalid value for argument \`output_mode\`. Expected one of (${ENCODING_MODES.map((m) => `'${m}'`).join(", ")}). Received: output_mode=${outputMode}`,
      );
    }
    if (sparse && outputMode === "int") {
      throw new ValueError(
        `\`sparse\` may only be true if \`output_mode\` is \`"one_hot"\`, \`"multi_hot"\`, or \`"count"\`. Received: sparse=${pyRepr(sparse)} and output_mode=${outputMode}`,
      );
    }
    if (sparse) throw new ValueError("Hashing: sparse=true is not supported (keras-ts has no sparse tensors).");
    this.numBins = numBins;
    this.maskValue = maskValue;
    this.salt = normalizeSalt(salt, "Hashing");
    this.strongHash = this.salt !== null;
    this.outputMode = outputMode as EncodingMode;
    this.sparse = false;
    this._convertInputArgs = false;
    this._allowNonTensorPositionalArgs = true;
    this.buildAtInit();
  }

  override call(inputs: unknown): Tensor {
    const flat = flattenData(inputs, "Hashing");
    let shape = flat.shape;
    // Keras squeezes a trailing 1 before one-hot encoding, so [n, 1] -> [n, numBins].
    if (this.outputMode === "one_hot" && shape[shape.length - 1] === 1) shape = shape.slice(0, -1);
    const bins = intTensor(this.hashValuesToBins(flat), shape);
    return encodeCategorical(bins, this.outputMode, this.numBins, this.variableDtype, null, "Hashing");
  }

  /** Bin of each value; the mask value (when set) takes bin 0 and shifts the others up by one. */
  private hashValuesToBins(flat: FlatData): number[] {
    const masking = this.maskValue !== null && this.numBins > 1;
    const hashBins = masking ? this.numBins - 1 : this.numBins;
    const key = this.salt ? saltKey(this.salt) : null;
    return flat.values.map((v) => {
      if (masking && v === this.maskValue) return 0;
      const text = typeof v === "string" ? v : intToString(Math.trunc(v));
      return hashBucket(text, hashBins, key) + (masking ? 1 : 0);
    });
  }

  override computeOutputShape(inputShape: Shape): (number | null)[] {
    let shape = inputShape.slice();
    if (this.outputMode === "one_hot" && shape[shape.length - 1] === 1) shape = shape.slice(0, -1);
    return encodedShape(shape, this.outputMode, this.numBins);
  }

  override computeOutputSpec(inputs: KerasTensor): KerasTensor {
    return new KerasTensor(this.computeOutputShape(inputs.shape), { dtype: this.variableDtype });
  }

  override getConfig(): Record<string, any> {
    return {
      ...super.getConfig(),
      num_bins: this.numBins,
      salt: this.salt === null ? null : this.salt.slice(),
      mask_value: this.maskValue,
      output_mode: this.outputMode,
      sparse: this.sparse,
    };
  }

  static override fromConfig(config: Record<string, any>): Hashing {
    const { numBins, ...options } = layerOptionsFromConfig(config);
    return new Hashing(numBins, options);
  }
}

registerBuiltin("keras.layers", "Hashing", Hashing);
