/**
 * TensorFlow's string bucketing as Keras's hashing preprocessing uses it:
 * `tf.strings.to_hash_bucket_fast` (Fingerprint64 of the UTF-8 bytes, modulo
 * the bucket count, unsigned) and `tf.strings.to_hash_bucket_strong` (keyed
 * SipHash-2-4), plus `tf.as_string` for integers and the `salt` argument
 * shared by Hashing and the lookup layers.
 */
import { ValueError } from "../../engine/errors.js";
import { pyRepr } from "../py-format.js";
import { fingerprint64 } from "./fingerprint64.js";
import { sipHash24 } from "./siphash.js";

const encoder = new TextEncoder();

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** `tf.strings.to_hash_bucket_fast(text, numBuckets)`. */
export function hashBucketFast(text: string, numBuckets: number): number {
  return Number(fingerprint64(utf8(text)) % BigInt(numBuckets));
}

/** `tf.strings.to_hash_bucket_strong(text, numBuckets, key)`. */
export function hashBucketStrong(text: string, numBuckets: number, key: readonly [bigint, bigint]): number {
  return Number(sipHash24(key, utf8(text)) % BigInt(numBuckets));
}

/** `tf.as_string` of an integer: plain decimal, never exponent notation. */
export function intToString(value: number): string {
  return BigInt(value).toString();
}

/** A hashing salt: one integer (used twice) or two integers. */
export type Salt = number | readonly [number, number] | readonly number[];

/**
 * Keras's salt normalisation: an integer `s` means `[s, s]`, a pair is kept;
 * anything else is refused (naming `layer`).
 */
export function normalizeSalt(salt: Salt | null | undefined, layer: string): [number, number] | null {
  if (salt === null || salt === undefined) return null;
  if (Array.isArray(salt) && salt.length === 2 && salt.every((s) => Number.isInteger(s))) return [salt[0], salt[1]];
  if (typeof salt === "number" && Number.isInteger(salt)) return [salt, salt];
  throw new ValueError(
    `The \`salt\` argument for \`${layer}\` can only be a tuple of size 2 integers, or a single integer. Received: salt=${pyRepr(salt)}.`,
  );
}

/** The SipHash key of a normalised salt (each word taken as unsigned 64-bit, as TF reads the attribute). */
export function saltKey(salt: readonly [number, number]): [bigint, bigint] {
  return [BigInt.asUintN(64, BigInt(salt[0])), BigInt.asUintN(64, BigInt(salt[1]))];
}

/** A string's bucket: the keyed hash when `key` is given, Fingerprint64 otherwise. */
export function hashBucket(text: string, numBuckets: number, key: readonly [bigint, bigint] | null): number {
  return key ? hashBucketStrong(text, numBuckets, key) : hashBucketFast(text, numBuckets);
}
