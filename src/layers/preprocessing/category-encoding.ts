/**
 * `keras.layers.CategoryEncoding(numTokens, { outputMode = "multi_hot", sparse = false })`:
 * encodes integer ids in [0, numTokens) as one-hot, multi-hot or count
 * vectors of length numTokens (see encode-categorical.ts), in the layer's
 * compute dtype. `call(inputs, { countWeights })` weights the counts.
 * Keras's legacy name "binary" is read as "multi_hot".
 */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import { KerasTensor } from "../keras-tensor.js";
import { convertToTensor } from "../../ops/core/cast.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { CallKwargs, Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { pyRepr } from "../py-format.js";
import { encodeCategorical, encodedShape, EncodingMode } from "./encode-categorical.js";

type Shape = readonly (number | null)[];

export interface CategoryEncodingOptions extends LayerOptions {
  outputMode?: string;
  /** keras-ts has no sparse tensors: only false is accepted. */
  sparse?: boolean;
}

export class CategoryEncoding extends Layer {
  declare numTokens: number;
  declare outputMode: Exclude<EncodingMode, "int">;
  declare sparse: boolean;

  constructor(numTokens: number | null, options: CategoryEncodingOptions = {}) {
    const { outputMode = "multi_hot", sparse = false, ...base } = options;
    super(base);
    const mode = outputMode === "binary" ? "multi_hot" : outputMode;
    if (mode !== "count" && mode !== "one_hot" && mode !== "multi_hot") {
      throw new ValueError(`Unknown arg for output_mode: ${pyRepr(outputMode)}`);
    }
    if (numTokens === null || numTokens === undefined) {
      throw new ValueError(
        "num_tokens must be set to use this layer. If the number of tokens is not known beforehand, use the IntegerLookup layer instead.",
      );
    }
    if (typeof numTokens !== "number" || !Number.isInteger(numTokens) || numTokens < 1) {
      throw new ValueError(`\`num_tokens\` must be >= 1. Received: num_tokens=${pyRepr(numTokens)}.`);
    }
    if (sparse) throw new ValueError("CategoryEncoding: sparse=true is not supported (keras-ts has no sparse tensors).");
    this.numTokens = numTokens;
    this.outputMode = mode;
    this.sparse = false;
    this._allowNonTensorPositionalArgs = true;
  }

  override call(inputs: Tensor, kwargs: CallKwargs = {}): Tensor {
    const countWeights = (kwargs.countWeights ?? null) as Tensor | null;
    if (countWeights !== null && this.outputMode !== "count") {
      throw new ValueError(
        `\`count_weights\` is not used when \`output_mode\` is not \`'count'\`. Received \`count_weights=${pyRepr(countWeights)}\`.`,
      );
    }
    const weights = countWeights === null ? null : convertToTensor(countWeights as never, this.computeDtype);
    return encodeCategorical(convertToTensor(inputs as never), this.outputMode, this.numTokens, this.computeDtype, weights, "CategoryEncoding");
  }

  override computeOutputShape(inputShape: Shape): (number | null)[] {
    return encodedShape(inputShape, this.outputMode, this.numTokens);
  }

  override computeOutputSpec(inputs: KerasTensor): KerasTensor {
    return new KerasTensor(this.computeOutputShape(inputs.shape), { dtype: this.computeDtype });
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), num_tokens: this.numTokens, output_mode: this.outputMode };
  }

  static override fromConfig(config: Record<string, any>): CategoryEncoding {
    const { numTokens, ...options } = layerOptionsFromConfig(config);
    return new CategoryEncoding(numTokens ?? null, options);
  }
}

registerBuiltin("keras.layers", "CategoryEncoding", CategoryEncoding);
