/**
 * TextVectorization's string steps, as the TensorFlow ops Keras calls
 * compute them: standardization (`tf.strings.lower`, which lowercases ASCII
 * letters only, and stripping Python's `string.punctuation`), splitting
 * (`tf.strings.split`: runs of ASCII whitespace, ends trimmed;
 * `tf.strings.unicode_split`: code points) and `tf.strings.ngrams`
 * (for each width in order, every window joined by a space; rows shorter
 * than a width give none of that width).
 */

/** A standardization step: a Keras name, null (none), or a function applied to each string. */
export type Standardize = "lower_and_strip_punctuation" | "lower" | "strip_punctuation" | ((text: string) => string) | null;
/** A split step: a Keras name, null (keep whole strings), or a function returning each string's tokens. */
export type Split = "whitespace" | "character" | ((text: string) => string[]) | null;

/** Keras's punctuation regex: ASCII `string.punctuation`. */
const PUNCTUATION = /[!"#$%&()*+,\-./:;<=>?@[\\\]^_`{|}~']/g;
const ASCII_WHITESPACE = /[ \t\n\v\f\r]+/;

function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

export function standardizeText(text: string, standardize: Standardize): string {
  if (standardize === "lower" || standardize === "lower_and_strip_punctuation") text = asciiLower(text);
  if (standardize === "strip_punctuation" || standardize === "lower_and_strip_punctuation") text = text.replace(PUNCTUATION, "");
  if (typeof standardize === "function") {
    const out = standardize(text);
    if (typeof out !== "string") throw new TypeError(`TextVectorization: the \`standardize\` function must return a string; it returned ${String(out)}.`);
    return out;
  }
  return text;
}

export function splitText(text: string, split: Exclude<Split, null>): string[] {
  if (split === "whitespace") return text.split(ASCII_WHITESPACE).filter((t) => t.length > 0);
  if (split === "character") return Array.from(text);
  const tokens = split(text);
  if (!Array.isArray(tokens) || tokens.some((t) => typeof t !== "string")) {
    throw new TypeError(`TextVectorization: the \`split\` function must return an array of strings; it returned ${String(tokens)}.`);
  }
  return tokens;
}

/** The n-grams of one row of tokens for each width in `widths`, widths in the given order. */
export function ngramsOf(tokens: readonly string[], widths: readonly number[]): string[] {
  const out: string[] = [];
  for (const w of widths) {
    for (let i = 0; i + w <= tokens.length; i++) out.push(tokens.slice(i, i + w).join(" "));
  }
  return out;
}
