/**
 * `keras.layers.TextVectorization({ maxTokens, standardize = "lower_and_strip_punctuation",
 * split = "whitespace", ngrams = null, outputMode = "int", outputSequenceLength = null,
 * padToMaxTokens = false, vocabulary, idfWeights, sparse = false, ragged = false,
 * encoding = "utf-8" })`: turns strings into token indices or encoded vectors.
 * Each string is standardized, split into tokens, optionally expanded into
 * n-grams (text-tokenize.ts), then looked up in a StringLookup whose mask
 * token is "" (index 0, the padding) and OOV token "[UNK]" (index 1).
 *
 * "int" output is `[batch, sequenceLength]`: token lists are padded with 0 or
 * truncated to `outputSequenceLength`, or padded to the longest one. The other
 * modes give one vector per string (the StringLookup encodings).
 *
 * keras-ts departures: strings come in as JS strings / nested arrays of them
 * (`layer.apply(["the cat", "a dog"])`); a `standardize` function is applied to
 * each string and a `split` function returns each string's tokens (Keras
 * passes whole string tensors); `ragged` and `sparse` outputs do not exist.
 */
import { NotImplementedError, ValueError } from "../../engine/errors.js";
import type { Tensor } from "../../engine/tensor.js";
import { floatx } from "../../config/settings.js";
import { getRegisteredName, getRegisteredObject, isRegisteredCustom, registerBuiltin, Serializable } from "../../saving/object-registration.js";
import { isPlainObject } from "../../ops/op.js";
import { KerasTensor } from "../keras-tensor.js";
import { Layer, LayerOptions, layerOptionsFromConfig } from "../layer.js";
import { pyRepr } from "../py-format.js";
import { validateStringArg } from "./argument-validation.js";
import { flattenData, intTensor, isSingleBatch, iterableBatches } from "./lookup-data.js";
import { StringLookup } from "./string-lookup.js";
import { ngramsOf, Split, splitText, Standardize, standardizeText } from "./text-tokenize.js";

type Shape = readonly (number | null)[];

export interface TextVectorizationOptions extends LayerOptions {
  maxTokens?: number | null;
  standardize?: Standardize;
  split?: Split;
  ngrams?: number | readonly number[] | null;
  outputMode?: string;
  outputSequenceLength?: number | null;
  padToMaxTokens?: boolean;
  vocabulary?: readonly string[] | null;
  idfWeights?: readonly number[] | null;
  /** keras-ts has no sparse tensors: only false is accepted. */
  sparse?: boolean;
  /** keras-ts has no ragged tensors: only false is accepted. */
  ragged?: boolean;
  encoding?: string;
  /** Keras's hidden arguments, read back from configs. */
  vocabularySize?: number | null;
  hasInputVocabulary?: boolean;
}

/** Preprocessed text: one token list per row, the rows laid out in `batchShape`. */
interface TokenRows {
  rows: string[][];
  batchShape: number[];
  /** A single unsplit string: "int" output is then a scalar. */
  scalar: boolean;
}

export class TextVectorization extends Layer {
  declare _standardize: Standardize;
  declare _split: Split;
  declare _ngramsArg: number | number[] | null;
  declare _ngrams: number[] | null;
  declare _outputMode: "int" | "one_hot" | "multi_hot" | "count" | "tf_idf";
  declare _outputSequenceLength: number | null;
  declare _encoding: string;
  declare _lookupLayer: StringLookup;

  constructor(options: TextVectorizationOptions = {}) {
    const {
      maxTokens = null, standardize = "lower_and_strip_punctuation", split = "whitespace", ngrams = null,
      outputMode: rawMode = "int", outputSequenceLength = null, padToMaxTokens = false, vocabulary = null,
      idfWeights = null, sparse = false, ragged = false, encoding = "utf-8", vocabularySize = null,
      hasInputVocabulary, ...base
    } = options;
    if (sparse) throw new ValueError("`sparse=True` can only be used with the TensorFlow backend (keras-ts has no sparse tensors).");
    if (ragged) throw new ValueError("`ragged=True` can only be used with the TensorFlow backend (keras-ts has no ragged tensors).");
    validateStringArg(standardize, ["lower_and_strip_punctuation", "lower", "strip_punctuation"], "TextVectorization", "standardize", {
      allowNone: true,
      allowCallables: true,
    });
    validateStringArg(split, ["whitespace", "character"], "TextVectorization", "split", { allowNone: true, allowCallables: true });
    const outputMode = rawMode === "binary" ? "multi_hot" : rawMode === "tf-idf" ? "tf_idf" : rawMode;
    validateStringArg(outputMode, ["int", "one_hot", "multi_hot", "count", "tf_idf"], "TextVectorization", "output_mode");
    const validNgrams =
      ngrams === null ||
      (Number.isInteger(ngrams) && (ngrams as number) >= 0) ||
      (Array.isArray(ngrams) && ngrams.every((n) => Number.isInteger(n) && n > 0));
    if (!validNgrams) throw new ValueError(`\`ngrams\` must be None, an integer, or a tuple of integers. Received: ngrams=${pyRepr(ngrams)}`);
    if (outputMode === "int" && !(outputSequenceLength === null || Number.isInteger(outputSequenceLength))) {
      throw new ValueError(
        `\`output_sequence_length\` must be either None or an integer when \`output_mode\` is 'int'. Received: output_sequence_length=${pyRepr(outputSequenceLength)}`,
      );
    }
    if (outputMode !== "int" && outputSequenceLength !== null) {
      throw new ValueError(`\`output_sequence_length\` must not be set if \`output_mode\` is not 'int'. Received output_sequence_length=${pyRepr(outputSequenceLength)}.`);
    }
    super(base);
    this._standardize = standardize;
    this._split = split;
    this._ngramsArg = ngrams === null ? null : typeof ngrams === "number" ? ngrams : [...ngrams];
    this._ngrams = ngrams === null ? null : typeof ngrams === "number" ? Array.from({ length: ngrams }, (_, i) => i + 1) : [...ngrams];
    this._outputMode = outputMode as TextVectorization["_outputMode"];
    this._outputSequenceLength = outputSequenceLength;
    this._encoding = encoding;
    this._lookupLayer = new StringLookup({
      maxTokens, vocabulary, idfWeights, padToMaxTokens, maskToken: "", outputMode, encoding, vocabularySize,
      hasInputVocabulary: hasInputVocabulary ?? vocabulary !== null,
    });
    this._convertInputArgs = false;
    this._allowNonTensorPositionalArgs = true;
  }

  override build(_inputShape?: Shape | null): void {
    this.built = true;
  }

  // ---------------------------------------------------------------- vocabulary

  getVocabulary(includeSpecialTokens = true): string[] {
    return this._lookupLayer.getVocabulary(includeSpecialTokens) as string[];
  }

  vocabularySize(): number {
    return this._lookupLayer.vocabularySize();
  }

  setVocabulary(vocabulary: readonly string[], idfWeights: readonly number[] | null = null): void {
    this._lookupLayer.setVocabulary(vocabulary, idfWeights);
  }

  /**
   * Learns the vocabulary from `data`: one batch of strings (a 1-D array is
   * that many documents) or an iterable of batches.
   */
  adapt(data: unknown): void {
    this.resetState();
    if (isSingleBatch(data)) {
      const flat = flattenData(data, "TextVectorization.adapt");
      // A plain list of strings is as many documents (Keras expands it to [n, 1]).
      this.updateState(flat.shape.length === 1 ? flat.values.map((v) => [v]) : data);
    } else {
      for (const batch of iterableBatches(data, "TextVectorization")) this.updateState(batch);
    }
    this.finalizeState();
  }

  updateState(data: unknown): void {
    this._lookupLayer._updateDocuments(this.preprocess(data).rows);
  }

  finalizeState(): void {
    this._lookupLayer.finalizeState();
  }

  resetState(): void {
    this._lookupLayer.resetState();
  }

  // ---------------------------------------------------------------- call

  /** Standardizes, splits and n-grams the strings of `inputs` into token rows. */
  private preprocess(inputs: unknown): TokenRows {
    const flat = flattenData(inputs, "TextVectorization");
    if (flat.kind !== "string" && flat.kind !== "empty") {
      throw new ValueError("TextVectorization: expected string inputs (a string or nested arrays of strings). Received numbers.");
    }
    const texts = (flat.values as string[]).map((s) => standardizeText(s, this._standardize));
    let shape = flat.shape;
    let rows: string[][];
    let batchShape: number[];
    if (this._split !== null) {
      if (shape.length > 1) {
        if (shape[shape.length - 1] !== 1) {
          throw new ValueError(
            `When using \`TextVectorization\` to tokenize strings, the input rank must be 1 or the last shape dimension must be 1. Received: inputs.shape=${pyRepr(shape)} with rank=${shape.length}`,
          );
        }
        shape = shape.slice(0, -1);
      }
      const split = this._split;
      rows = texts.map((t) => splitText(t, split));
      batchShape = shape;
      if (batchShape.length === 0) rows = [rows[0]];
    } else if (shape.length === 0) {
      rows = [texts];
      batchShape = [];
    } else {
      const width = shape[shape.length - 1];
      batchShape = shape.slice(0, -1);
      const count = batchShape.reduce((a, b) => a * b, 1);
      rows = Array.from({ length: count }, (_, r) => texts.slice(r * width, (r + 1) * width));
    }
    if (this._ngrams !== null) rows = rows.map((r) => ngramsOf(r, this._ngrams!));
    return { rows, batchShape, scalar: this._split === null && this._ngrams === null && flat.shape.length === 0 };
  }

  override call(inputs: unknown): Tensor {
    const { rows, batchShape, scalar } = this.preprocess(inputs);
    const lookup = this._lookupLayer;
    const ids = rows.map((r) => lookup._lookupTokens(r));
    if (this._outputMode === "int") {
      if (scalar) return intTensor(ids[0], []);
      const length = this._outputSequenceLength ?? Math.max(0, ...ids.map((r) => r.length));
      return intTensor(padRows(ids, length, 0), [...batchShape, length]);
    }
    const longest = Math.max(0, ...ids.map((r) => r.length));
    if (this._outputMode === "one_hot") {
      if (ids.some((r) => r.length !== longest)) {
        throw new ValueError("TextVectorization: output_mode='one_hot' needs token lists of equal length (keras-ts has no ragged tensors).");
      }
      return lookup._encodeLookups(intTensor(padRows(ids, longest, -1), [...batchShape, longest]));
    }
    // Index -1 is dropped by the encodings, so padding with it leaves the counts of each row intact.
    const width = Math.max(longest, 1);
    return lookup._encodeLookups(intTensor(padRows(ids, width, -1), [...batchShape, width]));
  }

  override computeOutputShape(inputShape: Shape): (number | null)[] {
    if (this._outputMode === "int") return [inputShape[0] ?? null, this._outputSequenceLength];
    let shape = inputShape.slice();
    if (this._split === null) {
      if (shape.length <= 1) shape = [...shape, 1];
    } else shape = [...shape, null];
    return this._lookupLayer.computeOutputShape(shape);
  }

  override computeOutputSpec(inputs: KerasTensor): KerasTensor {
    return new KerasTensor(this.computeOutputShape(inputs.shape), { dtype: this._outputMode === "int" ? "int32" : floatx() });
  }

  // ---------------------------------------------------------------- saving

  override getConfig(): Record<string, any> {
    const lookup = this._lookupLayer;
    const ngrams = this._ngramsArg;
    return {
      ...super.getConfig(),
      max_tokens: lookup.maxTokens,
      standardize: serializeTextFunction(this._standardize, "standardize"),
      split: serializeTextFunction(this._split, "split"),
      ngrams: Array.isArray(ngrams) ? ngrams.slice() : ngrams,
      output_mode: this._outputMode,
      output_sequence_length: this._outputSequenceLength,
      pad_to_max_tokens: lookup.padToMaxTokens,
      sparse: lookup.sparse,
      ragged: false,
      vocabulary: lookup.inputVocabulary === null ? null : lookup.inputVocabulary.slice(),
      idf_weights: lookup.inputIdfWeights === null ? null : lookup.inputIdfWeights.slice(),
      encoding: this._encoding,
      vocabulary_size: this.vocabularySize(),
    };
  }

  static override fromConfig(config: Record<string, any>, customObjects?: Record<string, Serializable> | Map<string, Serializable>): TextVectorization {
    const options = layerOptionsFromConfig(config);
    for (const key of ["standardize", "split"] as const) {
      if (options[key] !== null && options[key] !== undefined && typeof options[key] !== "string") {
        options[key] = deserializeTextFunction(options[key], key, customObjects);
      }
    }
    return new TextVectorization(options);
  }

  override saveOwnVariables(store: Record<string, Tensor>): void {
    this._lookupLayer.saveOwnVariables(store);
  }

  override loadOwnVariables(store: Record<string, unknown>): void {
    this._lookupLayer.loadOwnVariables(store);
  }

  saveAssets(files: Map<string, Uint8Array>): void {
    this._lookupLayer.saveAssets(files);
  }

  loadAssets(files: Map<string, Uint8Array>): void {
    this._lookupLayer.loadAssets(files);
  }
}

/** Rows of ids laid end to end, each padded with `fill` or truncated to `length`. */
function padRows(rows: readonly Int32Array[], length: number, fill: number): Int32Array {
  const out = new Int32Array(rows.length * length).fill(fill);
  rows.forEach((r, i) => out.set(r.subarray(0, length), i * length));
  return out;
}

/** A `standardize` / `split` function in a config: only registered functions can be named there. */
function serializeTextFunction(value: unknown, argName: string): unknown {
  if (typeof value !== "function") return value;
  if (isRegisteredCustom(value as Serializable)) {
    const name = getRegisteredName(value as Serializable);
    return { module: null, class_name: "function", config: name, registered_name: name };
  }
  throw new ValueError(
    `TextVectorization: cannot serialize the \`${argName}\` function '${value.name || "<anonymous>"}'. ` +
      "Register it with keras.saving.registerKerasSerializable() so the config names it, and register it again before loading.",
  );
}

function deserializeTextFunction(config: unknown, argName: string, customObjects?: Record<string, Serializable> | Map<string, Serializable>): unknown {
  const names: string[] = [];
  if (isPlainObject(config)) {
    if (typeof config.registered_name === "string") names.push(config.registered_name);
    if (typeof config.config === "string") names.push(config.config);
  }
  for (const name of names) {
    const fn = getRegisteredObject(name, customObjects);
    if (typeof fn === "function") return fn;
  }
  throw new NotImplementedError(
    `TextVectorization: could not locate the \`${argName}\` function ${pyRepr(names[0] ?? null)}. Register it with ` +
      `keras.saving.registerKerasSerializable() or pass it in \`customObjects\`. Full config: ${JSON.stringify(config)}`,
  );
}

registerBuiltin("keras.layers", "TextVectorization", TextVectorization);
