/**
 * The state a lookup layer accumulates during `adapt`: how often each token
 * occurs and, for "tf_idf", in how many documents (rows) it occurs. Keras
 * keeps the same counts in TensorFlow hash tables.
 *
 * The learned vocabulary is ordered as Keras orders it
 * (`np.lexsort((tokens, counts))[::-1]`): most frequent first, ties broken by
 * the token itself, largest first (strings compared by code point, which is
 * the byte order of their UTF-8 encoding that numpy compares).
 */
import type { Token } from "./lookup-data.js";

/** Orders two strings by Unicode code point (UTF-8 byte order), unlike `<` which compares UTF-16 units. */
export function compareCodePoints(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(j)!;
    if (ca !== cb) return ca < cb ? -1 : 1;
    i += ca > 0xffff ? 2 : 1;
    j += cb > 0xffff ? 2 : 1;
  }
  if (i >= a.length) return j >= b.length ? 0 : -1;
  return 1;
}

export function compareTokens(a: Token, b: Token): number {
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
  return compareCodePoints(String(a), String(b));
}

function addCount(map: Map<Token, number>, token: Token): void {
  map.set(token, (map.get(token) ?? 0) + 1);
}

export class TokenCounter {
  readonly counts = new Map<Token, number>();
  /** Per-token document frequencies; null unless the layer computes IDF weights. */
  readonly documentCounts: Map<Token, number> | null;
  numDocuments = 0;

  constructor(trackDocuments: boolean) {
    this.documentCounts = trackDocuments ? new Map() : null;
  }

  /** Counts the tokens of a batch of documents (each document a list of tokens). */
  update(documents: readonly (readonly Token[])[]): void {
    for (const doc of documents) for (const token of doc) addCount(this.counts, token);
    if (!this.documentCounts) return;
    for (const doc of documents) for (const token of new Set(doc)) addCount(this.documentCounts, token);
    this.numDocuments += documents.length;
  }

  /** Forgets a token (the mask and OOV tokens never enter the vocabulary). */
  remove(token: Token | null): void {
    if (token === null) return;
    this.counts.delete(token);
  }

  /** The distinct tokens seen, most frequent first, ties by token, largest first. */
  sortedTokens(): Token[] {
    return [...this.counts.keys()].sort((a, b) => this.counts.get(b)! - this.counts.get(a)! || compareTokens(b, a));
  }

  /** Keras's inverse document frequency of each token: log(1 + numDocuments / (1 + documentCount)). */
  inverseDocumentFrequency(tokens: readonly Token[]): number[] {
    return tokens.map((t) => Math.log(1 + this.numDocuments / (1 + (this.documentCounts?.get(t) ?? 0))));
  }

  reset(): void {
    this.counts.clear();
    this.documentCounts?.clear();
    this.numDocuments = 0;
  }
}
