/**
 * The pieces of `npm run example` that can be checked without training: the
 * seeded shuffle, the word data of the text example (drawn from the packages,
 * unambiguous, the same every run) and the character encoding with its
 * padding. The training runs themselves are `npm run example`.
 */
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { seededRandom, shuffledIndices } from "../../examples/common.js";
import { encode, LANGUAGES, loadWords, MAX_LETTERS, PER_LANGUAGE } from "../../examples/text.js";

const require = createRequire(import.meta.url);

describe("examples/common", () => {
  it("seededRandom: the same numbers for the same seed, in [0, 1), different for another seed", () => {
    const a = Array.from({ length: 1000 }, seededRandom(7));
    const b = Array.from({ length: 1000 }, seededRandom(7));
    const c = Array.from({ length: 1000 }, seededRandom(8));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(Math.min(...a)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...a)).toBeLessThan(1);
    // Roughly uniform: the mean of 1000 draws is within 0.05 of 1/2 (its standard deviation is ~0.009).
    expect(Math.abs(a.reduce((s, v) => s + v, 0) / a.length - 0.5)).toBeLessThan(0.05);
  });

  it("shuffledIndices: a permutation of 0..n-1, fixed by the seed", () => {
    const order = shuffledIndices(500, 42);
    expect([...order].sort((x, y) => x - y)).toEqual(Array.from({ length: 500 }, (_, i) => i));
    expect(order).toEqual(shuffledIndices(500, 42));
    expect(order).not.toEqual(shuffledIndices(500, 43));
    expect(shuffledIndices(0, 1)).toEqual([]);
    expect(shuffledIndices(1, 1)).toEqual([0]);
  });
});

describe("examples/text data", () => {
  const { words, labels } = loadWords();
  const lists = LANGUAGES.map((lang) => new Set(require(`an-array-of-${lang}-words`) as string[]));

  it("draws PER_LANGUAGE words of each language, each from its own list and from no other", () => {
    expect(words.length).toBe(PER_LANGUAGE * LANGUAGES.length);
    LANGUAGES.forEach((_, label) => expect(labels.filter((l) => l === label).length).toBe(PER_LANGUAGE));
    words.forEach((word, i) => {
      lists.forEach((list, k) => expect(list.has(word), `${word} in list ${k}`).toBe(k === labels[i]));
      expect(word.length).toBeGreaterThanOrEqual(3);
      expect(word.length).toBeLessThanOrEqual(MAX_LETTERS);
    });
  });

  it("is the same every run, with the languages mixed (not in blocks)", () => {
    const again = loadWords();
    expect(again.words).toEqual(words);
    expect(again.labels).toEqual(labels);
    // Among the first 300 shuffled words every language appears many times.
    const head = labels.slice(0, 300);
    LANGUAGES.forEach((_, label) => expect(head.filter((l) => l === label).length).toBeGreaterThan(60));
  });

  it("encode: ids 1..V by the alphabet's order, 0 pads after the last letter and stands for unknown characters", () => {
    const x = encode(["abc", "cab", "azb"], ["a", "b", "c"]);
    expect(x.shape).toEqual([3, MAX_LETTERS]);
    expect(x.dtype).toBe("int32");
    const pad = (ids: number[]) => [...ids, ...new Array<number>(MAX_LETTERS - ids.length).fill(0)];
    expect(x.toArray()).toEqual([pad([1, 2, 3]), pad([3, 1, 2]), pad([1, 0, 2])]);
    // Accented letters are one character each (code points, not UTF-16 units).
    expect(encode(["été"], ["t", "é"]).toArray()).toEqual([pad([2, 1, 2])]);
  });
});
