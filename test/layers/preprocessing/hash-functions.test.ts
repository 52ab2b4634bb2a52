/**
 * The hash functions behind Hashing, HashedCrossing and the lookup layers'
 * OOV buckets, against published values: FarmHash Fingerprint64 vectors
 * (tecnickcom/farmhash64's test table, every length branch incl. > 64 bytes),
 * the SipHash-2-4 paper's reference vectors, and outputs printed in the
 * TensorFlow / Keras documentation.
 */
import { describe, expect, it } from "vitest";
import { fingerprint64, fingerprintCat64 } from "../../../src/layers/preprocessing/fingerprint64.js";
import { sipHash24 } from "../../../src/layers/preprocessing/siphash.js";
import { hashBucketFast, hashBucketStrong, intToString, normalizeSalt, saltKey, utf8 } from "../../../src/layers/preprocessing/hash-buckets.js";
import { compareCodePoints } from "../../../src/layers/preprocessing/token-counter.js";

const LOREM =
  "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. " +
  "Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. Duis aute irure " +
  "dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur. Excepteur sint occaecat cupidatat non " +
  "proident, sunt in culpa qui officia deserunt mollit anim id est laborum.";

const FINGERPRINT64: [string, bigint][] = [
  ["", 0x9ae16a3b2f90404fn],
  ["a", 0xb3454265b6df75e3n],
  ["ab", 0xaa8d6e5242ada51en],
  ["abc", 0x24a5b3a074e7f369n],
  ["abcd", 0x1a5502de4a1f8101n],
  ["abcdefg", 0x3c40c92b1ccb7355n],
  ["abcdefgh", 0xfee9d22990c82909n],
  ["0123456789", 0xad052244b781c4ebn],
  ["0123456789'01234", 0x4283d4ef43627f64n],
  ["0123456789=012345", 0x46a7416ed4861e3bn],
  ["0123456789$0123456789!0", 0xd78d5f852d522e6an],
  ["C is as portable as Stonehedge!!", 0xb944f8a16261e414n],
  ["Discard medicine more than two years old.", 0xe8f89ab6df9bdd25n],
  ["How can you write a big system without C++?  -Paul Glick", 0x5a0a6efd52e84e2an],
  ["Give me a rock, paper and scissors and I will move the world.  CCFestoon", 0xa2b8bf3032021993n],
  ["There is no reason for any individual to have a computer in their home. -Ken Olsen, 1977", 0x7e85d7b050ed2967n],
  [
    "The fugacity of a constituent in a mixture of gases at a given temperature is proportional to its mole fraction.  Lewis-Randall Rule",
    0x098eff6958c5e91an,
  ],
  [LOREM, 0xc3f02c4ffd5d71e6n],
];

describe("Fingerprint64 (farmhashna::Hash64)", () => {
  it.each(FINGERPRINT64)("matches the published value for %j", (text, expected) => {
    expect(fingerprint64(utf8(text)).toString(16)).toBe(expected.toString(16));
  });

  it("covers every length branch (0-16, 17-32, 33-64, > 64 bytes)", () => {
    const lengths = new Set(FINGERPRINT64.map(([s]) => (s.length <= 16 ? 0 : s.length <= 32 ? 1 : s.length <= 64 ? 2 : 3)));
    expect([...lengths].sort()).toEqual([0, 1, 2, 3]);
  });

  it("gives the buckets printed in TensorFlow's and Keras's documentation", () => {
    // tf.strings.to_hash_bucket_fast(["Hello", "TensorFlow", "2.x"], 3) -> [0, 2, 2]
    expect(["Hello", "TensorFlow", "2.x"].map((s) => hashBucketFast(s, 3))).toEqual([0, 2, 2]);
    // keras.layers.Hashing(num_bins=3) on A..E -> 1, 0, 1, 1, 2
    expect(["A", "B", "C", "D", "E"].map((s) => hashBucketFast(s, 3))).toEqual([1, 0, 1, 1, 2]);
  });

  it("spreads many keys evenly over buckets (within 4 standard deviations)", () => {
    const bins = new Array(16).fill(0);
    for (let i = 0; i < 4000; i++) bins[hashBucketFast(`key-${i}`, 16)]++;
    const sd = Math.sqrt(4000 * (1 / 16) * (15 / 16));
    for (const n of bins) expect(Math.abs(n - 250)).toBeLessThan(4 * sd);
  });

  it("FingerprintCat64 depends on both arguments and their order", () => {
    const a = fingerprint64(utf8("a"));
    const b = fingerprint64(utf8("b"));
    expect(fingerprintCat64(a, b)).not.toBe(fingerprintCat64(b, a));
    expect(fingerprintCat64(a, b)).toBe(fingerprintCat64(a, b));
    expect(fingerprintCat64(a, b) < 1n << 64n).toBe(true);
  });
});

describe("SipHash-2-4", () => {
  // The paper's key 00 01 .. 0f, read as two little-endian words.
  const key: [bigint, bigint] = [0x0706050403020100n, 0x0f0e0d0c0b0a0908n];
  const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => i);

  it("matches the reference vectors", () => {
    expect(sipHash24(key, bytes(0)).toString(16)).toBe("726fdb47dd0e0e31");
    expect(sipHash24(key, bytes(15)).toString(16)).toBe("a129ca6149be45e5");
  });

  it("gives the buckets printed in TensorFlow's and Keras's documentation", () => {
    // tf.strings.to_hash_bucket_strong(["Hello", "TF"], 3, [1, 2]) -> [2, 0]
    expect(["Hello", "TF"].map((s) => hashBucketStrong(s, 3, [1n, 2n]))).toEqual([2, 0]);
    // keras.layers.Hashing(num_bins=3, salt=[133, 137]) and salt=133
    expect(["A", "B", "C", "D", "E"].map((s) => hashBucketStrong(s, 3, [133n, 137n]))).toEqual([1, 2, 1, 0, 2]);
    expect(["A", "B", "C", "D", "E"].map((s) => hashBucketStrong(s, 3, saltKey(normalizeSalt(133, "t")!)))).toEqual([0, 0, 2, 1, 0]);
  });
});

describe("helpers", () => {
  it("intToString writes integers in plain decimal, as tf.as_string", () => {
    expect(intToString(-12)).toBe("-12");
    expect(intToString(1e21)).toBe("1000000000000000000000");
  });

  it("normalizeSalt accepts one integer or a pair and refuses the rest", () => {
    expect(normalizeSalt(7, "Hashing")).toEqual([7, 7]);
    expect(normalizeSalt([1, 2], "Hashing")).toEqual([1, 2]);
    expect(normalizeSalt(null, "Hashing")).toBeNull();
    expect(() => normalizeSalt([1, 2, 3], "Hashing")).toThrow(/`salt` argument for `Hashing`/);
    expect(() => normalizeSalt(1.5, "Hashing")).toThrow(/salt=1.5/);
  });

  it("compareCodePoints orders by code point (UTF-8 byte order), not UTF-16 units", () => {
    expect(compareCodePoints("\u{1F600}", "\uFFFD")).toBe(1);
    expect("\u{1F600}" < "\uFFFD").toBe(true); // what plain JS comparison would say
    expect(compareCodePoints("ab", "abc")).toBe(-1);
    expect(compareCodePoints("abc", "abc")).toBe(0);
    expect(compareCodePoints("b", "abc")).toBe(1);
  });
});
