/**
 * `keras.layers.StringLookup({ maxTokens, numOovIndices = 1, maskToken = null,
 * oovToken = "[UNK]", vocabulary, idfWeights, invert = false, outputMode = "int",
 * padToMaxTokens = false, sparse = false, encoding = "utf-8", salt })`:
 * maps strings to vocabulary indices (index-lookup.ts has the rules).
 *
 * keras-ts has no string tensors: strings come in as JS strings or nested
 * arrays of them (`layer.apply([["a", "b"], ["c", "z"]])`, `adapt(["a", "b"])`),
 * and with `invert: true` the layer returns nested arrays of strings instead
 * of a string tensor. Only the UTF-8 encoding exists (JS strings are Unicode).
 */
import { ValueError } from "../../engine/errors.js";
import { registerBuiltin } from "../../saving/object-registration.js";
import { layerOptionsFromConfig } from "../layer.js";
import { pyRepr } from "../py-format.js";
import { IndexLookup, IndexLookupOptions } from "./index-lookup.js";

export interface StringLookupOptions extends IndexLookupOptions {
  maskToken?: string | null;
  oovToken?: string | null;
  vocabulary?: readonly string[] | string | null;
  encoding?: string;
}

export class StringLookup extends IndexLookup {
  declare encoding: string;

  constructor(options: StringLookupOptions = {}) {
    const { encoding = "utf-8", oovToken = "[UNK]", ...rest } = options;
    if (typeof encoding !== "string" || !/^utf[-_]?8$/i.test(encoding)) {
      throw new ValueError(`StringLookup: only the 'utf-8' encoding is supported (JS strings are Unicode). Received: encoding=${pyRepr(encoding)}`);
    }
    super({ ...rest, oovToken }, "string");
    this.encoding = encoding;
  }

  override getConfig(): Record<string, any> {
    // There is only one valid dtype for strings, so Keras does not expose it.
    const { vocabulary_dtype: _unused, ...config } = super.getConfig();
    return { ...config, encoding: this.encoding };
  }

  static override fromConfig(config: Record<string, any>): StringLookup {
    return new StringLookup(layerOptionsFromConfig(config));
  }
}

registerBuiltin("keras.layers", "StringLookup", StringLookup);
