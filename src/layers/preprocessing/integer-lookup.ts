/**
 * `keras.layers.IntegerLookup({ maxTokens, numOovIndices = 1, maskToken = null,
 * oovToken = -1, vocabulary, vocabularyDtype = "int64", idfWeights,
 * invert = false, outputMode = "int", sparse = false, padToMaxTokens = false,
 * oovMethod = "floormod", salt })`: maps integers to vocabulary indices
 * (index-lookup.ts has the rules). Inputs are int Tensors or arrays of
 * integers; inverted outputs are int32 Tensors (the engine stores Keras's
 * int64 as int32, so terms must fit in int32 to come back out).
 */
import { ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { layerOptionsFromConfig } from "../layer.js";
import { pyRepr } from "../py-format.js";
import { IndexLookup, IndexLookupOptions } from "./index-lookup.js";
import { intTensor, Token } from "./lookup-data.js";

export interface IntegerLookupOptions extends IndexLookupOptions {
  maskToken?: number | null;
  oovToken?: number | null;
  vocabulary?: readonly number[] | Tensor | null;
  vocabularyDtype?: string;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

export class IntegerLookup extends IndexLookup {
  constructor(options: IntegerLookupOptions = {}) {
    const { vocabularyDtype = "int64", oovToken = -1, ...rest } = options;
    const { maxTokens = null, numOovIndices = 1 } = rest;
    if (maxTokens !== null && !(maxTokens > 1)) {
      throw new ValueError(`If \`max_tokens\` is set for \`IntegerLookup\`, it must be greater than 1. Received: max_tokens=${pyRepr(maxTokens)}`);
    }
    if (!(numOovIndices >= 0)) {
      throw new ValueError(`The value of \`num_oov_indices\` argument for \`IntegerLookup\` must >= 0. Received: num_oov_indices=${pyRepr(numOovIndices)}`);
    }
    if (vocabularyDtype !== "int64") {
      throw new ValueError(`Only \`vocabulary_dtype='int64'\` is supported at this time. Received: vocabulary_dtype=${vocabularyDtype}`);
    }
    super({ ...rest, oovToken }, "int64");
  }

  protected override invertedOutput(tokens: (Token | null)[], shape: number[]): Tensor {
    for (const t of tokens) {
      if (typeof t !== "number" || t < INT32_MIN || t > INT32_MAX) {
        throw new ValueError(`IntegerLookup: the term ${pyRepr(t)} does not fit the int32 tensors keras-ts stores int64 values in.`);
      }
    }
    return intTensor(tokens as number[], shape);
  }

  static override fromConfig(config: Record<string, any>): IntegerLookup {
    return new IntegerLookup(layerOptionsFromConfig(config));
  }
}

registerBuiltin("keras.layers", "IntegerLookup", IntegerLookup);
