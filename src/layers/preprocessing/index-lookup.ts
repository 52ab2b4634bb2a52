/**
 * Keras's `IndexLookup`, the base of StringLookup and IntegerLookup (not
 * exported by Keras either): maps vocabulary terms to integer indices, or
 * back with `invert`, then optionally encodes the indices
 * ("one_hot", "multi_hot", "count", "tf_idf").
 *
 * Index layout (Keras's): with `outputMode: "int"` and a mask token, index 0
 * is the mask; then `numOovIndices` OOV indices; then the vocabulary terms.
 * In the other modes there is no mask index and mask tokens are dropped.
 * With several OOV indices an unknown term picks one by hashing: strings by
 * Fingerprint64 (keyed SipHash with a `salt`), integers by `floormod`, or by
 * hashing their decimal string with `oovMethod: "farmhash"`.
 *
 * The vocabulary comes from the constructor / `setVocabulary` (an array; a
 * vocabulary given that way is kept in the config, as Keras does) or from
 * `adapt(data)`: terms sorted by frequency, ties by the term, largest first,
 * capped at `maxTokens`. An adapted vocabulary is saved as the asset
 * `vocabulary.txt` in `.keras` files, and "tf_idf" weights as the variable
 * `idf_weights`.
 *
 * keras-ts departures: data comes as JS arrays (strings) or Tensors
 * (integers), see lookup-data.ts; int outputs are int32 (Keras: int64);
 * vocabulary file paths and `sparse: true` are refused.
 */
import { RuntimeError, ValueError } from "../../engine/errors.js";
import { isTensor, Tensor } from "../../engine/tensor.js";
import { floatx } from "../../config/settings.js";
import { convertToTensor } from "../../ops/core/cast.js";
import { multiply } from "../../ops/math/arithmetic.js";
import { KerasTensor } from "../keras-tensor.js";
import { Layer, LayerOptions } from "../layer.js";
import { pyRepr } from "../py-format.js";
import { validateStringArg } from "./argument-validation.js";
import { encodeCategorical, encodedShape } from "./encode-categorical.js";
import { hashBucket, intToString, normalizeSalt, Salt, saltKey, utf8 } from "./hash-buckets.js";
import { flattenData, FlatData, intTensor, isSingleBatch, iterableBatches, nestValues, Token } from "./lookup-data.js";
import { TokenCounter } from "./token-counter.js";

type Shape = readonly (number | null)[];
export type LookupOutputMode = "int" | "one_hot" | "multi_hot" | "count" | "tf_idf";
/** A vocabulary: an array of terms or a 1-D Tensor of integers. */
export type Vocabulary = readonly Token[] | Tensor;

export interface IndexLookupOptions extends LayerOptions {
  maxTokens?: number | null;
  numOovIndices?: number;
  maskToken?: Token | null;
  oovToken?: Token | null;
  vocabulary?: Vocabulary | string | null;
  idfWeights?: readonly number[] | Tensor | null;
  invert?: boolean;
  outputMode?: string;
  /** keras-ts has no sparse tensors: only false is accepted. */
  sparse?: boolean;
  padToMaxTokens?: boolean;
  oovMethod?: string;
  salt?: Salt | null;
  /** Keras's hidden arguments, read back from configs. */
  vocabularySize?: number | null;
  hasInputVocabulary?: boolean;
}

const OUTPUT_MODES = ["int", "one_hot", "multi_hot", "count", "tf_idf"] as const;
const OPTION_KEYS = new Set([
  "maxTokens", "numOovIndices", "maskToken", "oovToken", "vocabulary", "idfWeights", "invert", "outputMode", "sparse",
  "padToMaxTokens", "oovMethod", "salt", "vocabularySize", "hasInputVocabulary", "name", "dtype", "trainable",
]);

/** Python's `str.splitlines` separators, as Keras reads vocabulary.txt. */
const LINE_BREAKS = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;

function listify(x: Vocabulary | readonly number[] | null): Token[] | null {
  if (x === null) return null;
  return isTensor(x) ? (flattenData(x, "listify").values as Token[]) : [...x];
}

export abstract class IndexLookup extends Layer {
  declare invert: boolean;
  declare maxTokens: number | null;
  declare numOovIndices: number;
  declare maskToken: Token | null;
  declare oovToken: Token | null;
  declare outputMode: LookupOutputMode;
  declare sparse: boolean;
  declare padToMaxTokens: boolean;
  declare vocabularyDtype: "int64" | "string";
  declare oovMethod: "floormod" | "farmhash";
  declare salt: [number, number] | null;
  declare inputVocabulary: Token[] | null;
  declare inputIdfWeights: number[] | null;
  declare _frozenVocabSize: number | null;
  declare _hasInputVocabulary: boolean;
  /** The vocabulary terms (without mask / OOV), in index order, and the index of each. */
  declare _tokens: Token[];
  declare _indexOf: Map<Token, number>;
  /** "tf_idf" weights, one per output index (floatx). */
  declare _idfWeights: Tensor | null;
  declare _counter: TokenCounter | null;

  constructor(options: IndexLookupOptions, vocabularyDtype: "int64" | "string") {
    const {
      maxTokens = null, numOovIndices = 1, maskToken = null, oovToken = null, vocabulary = null, idfWeights = null,
      invert = false, outputMode: rawMode = "int", sparse = false, padToMaxTokens = false, oovMethod = "floormod",
      salt = null, vocabularySize = null, hasInputVocabulary, name,
    } = options;
    const layer = new.target.name;
    const unknown = Object.keys(options).filter((k) => !OPTION_KEYS.has(k) && (options as Record<string, unknown>)[k] !== undefined);
    if (unknown.length) {
      throw new ValueError(`Unrecognized keyword argument(s): ${pyRepr(Object.fromEntries(unknown.map((k) => [k, (options as any)[k]])))}`);
    }
    if (maxTokens !== null && !(maxTokens > 1)) {
      throw new ValueError(`If set, \`max_tokens\` must be greater than 1. Received: max_tokens=${pyRepr(maxTokens)}`);
    }
    if (padToMaxTokens && maxTokens === null) {
      throw new ValueError(`If pad_to_max_tokens is True, must set \`max_tokens\`. Received: max_tokens=${pyRepr(maxTokens)}`);
    }
    if (!Number.isInteger(numOovIndices) || numOovIndices < 0) {
      throw new ValueError(`\`num_oov_indices\` must be greater than or equal to 0. Received: num_oov_indices=${pyRepr(numOovIndices)}`);
    }
    validateStringArg(oovMethod, ["floormod", "farmhash"], layer, "oov_method");
    const outputMode = rawMode === "binary" ? "multi_hot" : rawMode === "tf-idf" ? "tf_idf" : rawMode;
    validateStringArg(outputMode, OUTPUT_MODES, layer, "output_mode");
    if (invert && outputMode !== "int") {
      throw new ValueError(`\`output_mode\` must be \`'int'\` when \`invert\` is true. Received: output_mode=${outputMode}`);
    }
    if (sparse && outputMode === "int") {
      throw new ValueError(
        `\`sparse\` may only be true if \`output_mode\` is \`'one_hot'\`, \`'multi_hot'\`, \`'count'\` or \`'tf_idf'\`. Received: sparse=${pyRepr(sparse)} and output_mode=${outputMode}`,
      );
    }
    if (sparse) throw new ValueError(`${layer}: \`sparse=True\` can only be used with the TensorFlow backend (keras-ts has no sparse tensors).`);
    if (idfWeights !== null && outputMode !== "tf_idf") {
      throw new ValueError(
        `\`idf_weights\` should only be set if \`output_mode\` is \`'tf_idf'\`. Received: idf_weights=${pyRepr(listify(idfWeights))} and output_mode=${outputMode}`,
      );
    }
    super({ name });
    this._convertInputArgs = false;
    this._allowNonTensorPositionalArgs = true;
    this.invert = Boolean(invert);
    this.maxTokens = maxTokens;
    this.numOovIndices = numOovIndices;
    this.maskToken = maskToken;
    this.oovToken = oovToken;
    this.outputMode = outputMode as LookupOutputMode;
    this.sparse = false;
    this.padToMaxTokens = Boolean(padToMaxTokens);
    this.vocabularyDtype = vocabularyDtype;
    this.oovMethod = oovMethod as "floormod" | "farmhash";
    this.salt = normalizeSalt(salt, layer);
    this._frozenVocabSize = vocabularySize;
    if (typeof vocabulary === "string") {
      throw new ValueError(
        `${layer}: vocabulary file paths are not supported (keras-ts's core reads no files). Read the file and pass its lines as an array. Received: vocabulary='${vocabulary}'`,
      );
    }
    this.inputVocabulary = listify(vocabulary);
    this.inputIdfWeights = listify(idfWeights) as number[] | null;
    this._hasInputVocabulary = hasInputVocabulary ?? vocabulary !== null;
    this._tokens = [];
    this._indexOf = new Map();
    this._idfWeights = null;
    this._counter = null;
    if (this.maskToken !== null) this.checkTokens([this.maskToken], "mask_token");
    if (this.outputMode === "tf_idf") {
      if (this._hasInputVocabulary && idfWeights === null) {
        throw new ValueError("When specifying the `vocabulary` argument, in TF-IDF output mode, the `idf_weights` argument must also be provided.");
      }
      if (idfWeights !== null) this._idfWeights = convertToTensor(idfWeights as never, floatx());
    }
    if (vocabulary !== null) this.setVocabulary(vocabulary, idfWeights);
    if (!this._hasInputVocabulary) this._counter = new TokenCounter(this.outputMode === "tf_idf");
  }

  // ---------------------------------------------------------------- index layout

  /** Index of the first OOV index: 1 when index 0 is the mask ("int" mode with a mask token). */
  protected oovStartIndex(): number {
    return this.maskToken !== null && this.outputMode === "int" ? 1 : 0;
  }

  /** Index of the first vocabulary term. */
  protected tokenStartIndex(): number {
    return this.oovStartIndex() + this.numOovIndices;
  }

  /** The terms' kind: what forward inputs and vocabularies hold. */
  protected get tokenKind(): "string" | "int" {
    return this.vocabularyDtype === "string" ? "string" : "int";
  }

  /** Refuses terms of the wrong type (strings for IntegerLookup, numbers for StringLookup). */
  protected checkTokens(tokens: readonly unknown[], what: string): void {
    const kind = this.tokenKind;
    for (const t of tokens) {
      const ok = kind === "string" ? typeof t === "string" : typeof t === "number" && Number.isInteger(t);
      if (!ok) {
        throw new ValueError(
          `${this.constructor.name}: \`${what}\` must hold ${kind === "string" ? "strings" : "integers"}. Received: ${pyRepr(t)}`,
        );
      }
    }
  }

  // ---------------------------------------------------------------- vocabulary

  /** The current vocabulary size, mask and OOV indices included. */
  vocabularySize(): number {
    return this._tokens.length + this.tokenStartIndex();
  }

  /**
   * The vocabulary in index order: with special tokens (mask, OOV) a term's
   * position is its index; without them just the terms.
   */
  getVocabulary(includeSpecialTokens = true): Token[] {
    const vocab: Token[] = new Array(this.vocabularySize()).fill(this.oovToken);
    this._tokens.forEach((t, i) => (vocab[this.tokenStartIndex() + i] = t));
    if (this.maskToken !== null && this.outputMode === "int") vocab[0] = this.maskToken;
    return includeSpecialTokens ? vocab : vocab.slice(this.tokenStartIndex());
  }

  /**
   * Replaces the vocabulary (and, for "tf_idf", the IDF weights). The array
   * may start with the special tokens in index order
   * ([mask,] oov x numOovIndices); otherwise they are added.
   */
  setVocabulary(vocabulary: Vocabulary | string, idfWeights: readonly number[] | Tensor | null = null): void {
    const layer = this.constructor.name;
    if (this.outputMode === "tf_idf") {
      if (idfWeights === null || idfWeights === undefined) throw new ValueError("`idf_weights` must be set if output_mode is 'tf_idf'.");
    } else if (idfWeights !== null && idfWeights !== undefined) {
      throw new ValueError(
        `\`idf_weights\` should only be set if output_mode is \`'tf_idf'\`. Received: output_mode=${this.outputMode} and idf_weights=${pyRepr(listify(idfWeights))}`,
      );
    }
    if (typeof vocabulary === "string") {
      throw new ValueError(`${layer}: vocabulary file paths are not supported (keras-ts's core reads no files). Pass the terms as an array.`);
    }
    const flat = flattenData(vocabulary, layer);
    if (flat.shape.length > 1) throw new ValueError(`${layer}: the vocabulary must be 1-D. Received shape ${pyRepr(flat.shape)}.`);
    const vocab = flat.values;
    if (vocab.length === 0) throw new ValueError(`Cannot set an empty vocabulary. Received: vocabulary=${pyRepr(vocab)}`);
    this.checkTokens(vocab, "vocabulary");
    const oovStart = this.oovStartIndex();
    const tokenStart = this.tokenStartIndex();
    const special: Token[] = [...new Array(oovStart).fill(this.maskToken), ...new Array(this.numOovIndices).fill(this.oovToken)];
    const foundSpecial = vocab.length >= tokenStart && special.every((s, i) => vocab[i] === s);
    const tokens = foundSpecial ? vocab.slice(tokenStart) : vocab;
    const seen = new Set<Token>();
    const repeated = new Set<Token>();
    for (const t of tokens) (seen.has(t) ? repeated : seen).add(t);
    if (repeated.size) {
      throw new ValueError(`The passed vocabulary has at least one repeated term. Please uniquify your dataset. The repeated terms are: ${pyRepr([...repeated])}`);
    }
    const misplaced = (token: Token | null, what: string): void => {
      if (token === null || !seen.has(token)) return;
      throw new ValueError(
        "Found reserved " + what + " token at unexpected location in `vocabulary`. Note that passed `vocabulary` does not need to include the OOV and mask tokens. " +
          `Either remove all mask and OOV tokens, or include them only at the start of the vocabulary in precisely this order: ${pyRepr(special)}. ` +
          `Received: ${what === "mask" ? "mask_token" : "oov_token"}=${token} at vocabulary index [${vocab.lastIndexOf(token)}]`,
      );
    };
    misplaced(this.maskToken, "mask");
    if (this.invert) misplaced(this.oovToken, "OOV");
    const newSize = tokenStart + tokens.length;
    if (this.maxTokens !== null && newSize > this.maxTokens) {
      throw new ValueError(
        `Attempted to set a vocabulary larger than the maximum vocab size. Received vocabulary size is ${newSize}; \`max_tokens\` is ${this.maxTokens}.`,
      );
    }
    this.setTable(tokens);
    this.recordVocabularySize();
    if (this.outputMode === "tf_idf") this.setIdfWeights(listify(idfWeights!) as number[], vocab.length, foundSpecial);
  }

  /** Stores IDF weights for a set vocabulary, padded as Keras pads them (front: their mean, for the special indices; back: zeros up to maxTokens). */
  private setIdfWeights(weights: number[], vocabLength: number, foundSpecial: boolean): void {
    if (weights.length !== vocabLength) {
      throw new ValueError(`\`idf_weights\` must be the same length as vocabulary. len(idf_weights) is ${weights.length}; len(vocabulary) is ${vocabLength}`);
    }
    const front = foundSpecial ? 0 : this.tokenStartIndex();
    const mean = weights.reduce((s, w) => s + w, 0) / weights.length;
    const back = this.padToMaxTokens && this.maxTokens !== null ? this.maxTokens - front - weights.length : 0;
    this._idfWeights = convertToTensor([...new Array(front).fill(mean), ...weights, ...new Array(Math.max(back, 0)).fill(0)], floatx());
  }

  private setTable(tokens: readonly Token[]): void {
    const start = this.tokenStartIndex();
    this._tokens = tokens.slice();
    this._indexOf = new Map(tokens.map((t, i) => [t, start + i]));
  }

  /** Fixes the output depth (Keras's `_record_vocabulary_size`); it may not change once fixed in the encoding modes. */
  protected recordVocabularySize(): void {
    const size = this.vocabularySize();
    if (this.outputMode !== "int" && !this.padToMaxTokens && this._frozenVocabSize !== null && size !== this._frozenVocabSize) {
      throw new RuntimeError(
        `When using \`output_mode=${this.outputMode}\` and \`pad_to_max_tokens=False\`, the vocabulary size cannot be changed after the layer is called. ` +
          `Old vocab size is ${this._frozenVocabSize}, new vocab size is ${size}`,
      );
    }
    this._frozenVocabSize = size;
  }

  // ---------------------------------------------------------------- adapt

  /**
   * Learns the vocabulary from `data`: one batch (an array or Tensor; a 1-D
   * array is that many one-term documents) or an iterable of batches (a
   * 1-D batch is one document). Rows are the documents "tf_idf" counts.
   */
  adapt(data: unknown): void {
    this.resetState();
    if (isSingleBatch(data)) {
      const flat = this.adaptData(data);
      this._updateDocuments(flat.shape.length <= 1 ? flat.values.map((t) => [t]) : documentsOf(flat));
    } else {
      for (const batch of iterableBatches(data, this.constructor.name)) this.updateState(batch);
    }
    this.finalizeState();
  }

  /** Counts the terms of one batch (a 0-D or 1-D batch is one document). */
  updateState(data: unknown): void {
    this._updateDocuments(documentsOf(this.adaptData(data)));
  }

  private adaptData(data: unknown): FlatData {
    const flat = flattenData(data, `${this.constructor.name}.adapt`);
    this.checkTokens(flat.values, "adapt data");
    return flat;
  }

  /** Counts documents of terms (TextVectorization feeds its token lists here). */
  _updateDocuments(documents: readonly (readonly Token[])[]): void {
    if (this._hasInputVocabulary || !this._counter) {
      throw new ValueError(
        `Cannot adapt layer '${this.name}' after setting a static vocabulary via \`vocabulary\` argument or \`set_vocabulary()\` method.`,
      );
    }
    this._counter.update(documents);
  }

  finalizeState(): void {
    const counter = this._counter;
    if (this._hasInputVocabulary || !counter || counter.counts.size === 0) {
      this.recordVocabularySize();
      return;
    }
    counter.remove(this.maskToken);
    counter.remove(this.oovToken);
    let tokens = counter.sortedTokens();
    if (this.maxTokens) tokens = tokens.slice(0, this.maxTokens - this.tokenStartIndex());
    this.setTable(tokens);
    if (this.outputMode === "tf_idf") {
      const idf = counter.inverseDocumentFrequency(tokens).map(Math.fround);
      const mean = Math.fround(idf.reduce((s, w) => s + w, 0) / idf.length);
      const back = this.padToMaxTokens && this.maxTokens !== null ? this.maxTokens - this.tokenStartIndex() - idf.length : 0;
      this._idfWeights = convertToTensor([...new Array(this.tokenStartIndex()).fill(mean), ...idf, ...new Array(Math.max(back, 0)).fill(0)], floatx());
    }
    counter.reset();
    this.recordVocabularySize();
  }

  resetState(): void {
    if (this._hasInputVocabulary) return;
    this._counter?.reset();
  }

  // ---------------------------------------------------------------- call

  override call(inputs: unknown): any {
    this.ensureKnownVocabSize();
    const flat = flattenData(inputs, this.constructor.name);
    if (this.invert) return this.invertLookup(this.integerValues(flat, inputs), flat.shape);
    const keys = this.tokenKind === "string" ? this.stringValues(flat) : this.integerValues(flat, inputs);
    const ids = this._lookupTokens(keys);
    const idsTensor = intTensor(ids, flat.shape);
    return this.outputMode === "int" ? idsTensor : this._encodeLookups(idsTensor);
  }

  private stringValues(flat: FlatData): Token[] {
    if (flat.kind !== "string" && flat.kind !== "empty") {
      throw new ValueError(`${this.constructor.name}: expected string inputs (nested arrays of strings). Received numbers.`);
    }
    return flat.values;
  }

  /** Integer inputs; a float Tensor is truncated (Keras casts it to int64), other non-integers are refused. */
  private integerValues(flat: FlatData, inputs: unknown): number[] {
    if (flat.kind === "string") throw new ValueError(`${this.constructor.name}: expected integer inputs. Received strings.`);
    if (flat.kind === "float") {
      if (!isTensor(inputs)) throw new ValueError(`${this.constructor.name}: expected integer inputs. Received non-integer numbers.`);
      return (flat.values as number[]).map(Math.trunc);
    }
    return flat.values as number[];
  }

  /**
   * The index of each term: the mask token gives 0 ("int" mode) or -1
   * (dropped by the encodings), unknown terms an OOV index.
   */
  _lookupTokens(values: readonly Token[]): Int32Array {
    const ids = new Int32Array(values.length);
    const maskValue = this.outputMode === "int" ? 0 : -1;
    const oovStart = this.oovStartIndex();
    const missing: Token[] = [];
    const key = this.salt ? saltKey(this.salt) : null;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (this.maskToken !== null && v === this.maskToken) {
        ids[i] = maskValue;
        continue;
      }
      const index = this._indexOf.get(v);
      if (index !== undefined) ids[i] = index;
      else if (this.numOovIndices === 0) missing.push(v);
      else if (this.numOovIndices === 1) ids[i] = oovStart;
      else ids[i] = oovStart + this.oovBucket(v, key);
    }
    if (missing.length) {
      throw new ValueError(
        `${this.constructor.name}: When \`num_oov_indices=0\` all inputs should be in vocabulary, found OOV values ${pyRepr(missing)}, consider setting \`num_oov_indices=1\`.`,
      );
    }
    return ids;
  }

  private oovBucket(v: Token, key: readonly [bigint, bigint] | null): number {
    const n = this.numOovIndices;
    if (typeof v === "string") return hashBucket(v, n, key);
    if (this.oovMethod === "farmhash") return hashBucket(intToString(v), n, key);
    return ((v % n) + n) % n;
  }

  /** Index -> term: the mask token for index 0 when there is one, the OOV token for unknown indices. */
  private invertLookup(ids: readonly number[], shape: number[]): unknown {
    const start = this.tokenStartIndex();
    const out = ids.map((id) => {
      if (this.maskToken !== null && id === 0) return this.maskToken;
      const token = this._tokens[id - start];
      return id >= start && token !== undefined ? token : this.oovToken;
    });
    return this.invertedOutput(out, shape);
  }

  /** How inverted terms are returned: nested string arrays (StringLookup) or an int32 Tensor (IntegerLookup). */
  protected invertedOutput(tokens: (Token | null)[], shape: number[]): unknown {
    return nestValues(tokens, shape);
  }

  /** "one_hot" / "multi_hot" / "count" / "tf_idf" encoding of looked-up indices. */
  _encodeLookups(ids: Tensor): Tensor {
    const depth = this.padToMaxTokens ? this.maxTokens! : this._frozenVocabSize!;
    const mode = this.outputMode === "tf_idf" ? "count" : (this.outputMode as "one_hot" | "multi_hot" | "count");
    const encoded = encodeCategorical(ids, mode, depth, floatx(), null, this.constructor.name);
    if (this.outputMode !== "tf_idf") return encoded;
    if (this._idfWeights === null) throw new ValueError("When `output_mode` is `'tf_idf'`, `idf_weights` must be provided.");
    return multiply(encoded, this._idfWeights);
  }

  private ensureKnownVocabSize(): void {
    if (this.outputMode === "int" || this.padToMaxTokens || this._frozenVocabSize !== null) return;
    throw new RuntimeError(
      `When using \`output_mode=${this.outputMode}\` and \`pad_to_max_tokens=False\`, you must set the layer's vocabulary before calling it. ` +
        "Either pass a `vocabulary` argument to the layer, or call `adapt` with some sample data.",
    );
  }

  override computeOutputShape(inputShape: Shape): (number | null)[] {
    if (this.outputMode === "int") return inputShape.slice();
    const depth = this.padToMaxTokens ? this.maxTokens! : this._frozenVocabSize;
    const mode = this.outputMode === "tf_idf" ? "count" : this.outputMode;
    return encodedShape(inputShape, mode, depth as number);
  }

  override computeOutputSpec(inputs: KerasTensor): KerasTensor {
    if (this.invert && this.tokenKind === "string") {
      throw new ValueError(`${this.constructor.name}: invert=True outputs strings, which keras-ts tensors cannot hold; call the layer eagerly on arrays.`);
    }
    return new KerasTensor(this.computeOutputShape(inputs.shape), { dtype: this.outputMode === "int" ? "int32" : floatx() });
  }

  override getBuildConfig(): Record<string, unknown> {
    return {};
  }

  override buildFromConfig(_config: Record<string, any> | null | undefined): void {
    this.build(null);
  }

  // ---------------------------------------------------------------- saving

  override getConfig(): Record<string, any> {
    return {
      ...super.getConfig(),
      invert: this.invert,
      max_tokens: this.maxTokens,
      num_oov_indices: this.numOovIndices,
      oov_token: this.oovToken,
      mask_token: this.maskToken,
      output_mode: this.outputMode,
      sparse: this.sparse,
      pad_to_max_tokens: this.padToMaxTokens,
      vocabulary_dtype: this.vocabularyDtype,
      idf_weights: this.inputIdfWeights === null ? null : this.inputIdfWeights.slice(),
      vocabulary: this.inputVocabulary === null ? null : this.inputVocabulary.slice(),
      vocabulary_size: this._frozenVocabSize,
      oov_method: this.oovMethod,
      salt: this.salt === null ? null : this.salt.slice(),
    };
  }

  /** Keras saves only "tf_idf" weights, as `idf_weights`. */
  override saveOwnVariables(store: Record<string, Tensor>): void {
    if (this.outputMode === "tf_idf" && this._idfWeights !== null) store.idf_weights = this._idfWeights;
  }

  override loadOwnVariables(store: Record<string, unknown>): void {
    if (this.outputMode !== "tf_idf") return;
    if (store.idf_weights === undefined) throw new ValueError(`${this.constructor.name} '${this.name}': the weights file has no \`idf_weights\`.`);
    this._idfWeights = convertToTensor(store.idf_weights as never, floatx());
  }

  /** An adapted vocabulary goes to `vocabulary.txt` (one term per line, special tokens first); a given one is in the config. */
  saveAssets(files: Map<string, Uint8Array>): void {
    if (this.inputVocabulary !== null) return;
    files.set("vocabulary.txt", utf8(this.getVocabulary(true).map(String).join("\n")));
  }

  loadAssets(files: Map<string, Uint8Array>): void {
    if (this.inputVocabulary !== null) return;
    const bytes = files.get("vocabulary.txt");
    if (!bytes) return;
    const lines = new TextDecoder().decode(bytes).split(LINE_BREAKS);
    while (lines.length && lines[lines.length - 1] === "") lines.pop();
    if (lines.length === 0) return;
    const values = this.tokenKind === "string" ? lines : lines.map((l) => parseInt(l, 10));
    this.setVocabulary(values, this.outputMode === "tf_idf" ? this._idfWeights : null);
  }
}

/** The documents of an adapt batch: rows along the first axis (a 0-D or 1-D batch is one document). */
function documentsOf(flat: FlatData): Token[][] {
  if (flat.shape.length <= 1) return [flat.values];
  const rows = flat.shape[0];
  const width = rows === 0 ? 0 : flat.values.length / rows;
  return Array.from({ length: rows }, (_, r) => flat.values.slice(r * width, (r + 1) * width));
}
