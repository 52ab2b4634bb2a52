/**
 * FarmHash Fingerprint64 (`farmhashna::Hash64`), the hash behind TensorFlow's
 * `tf.fingerprint`, `tf.strings.to_hash_bucket_fast` and `tf.sparse.cross_hashed`,
 * which Keras's Hashing, HashedCrossing and lookup layers (OOV buckets) use.
 * Written from the FarmHash algorithm description; checked against published
 * Fingerprint64 values (test/layers/preprocessing/hash-functions.test.ts).
 *
 * Arithmetic is unsigned 64-bit, done with BigInt and wrapped after every
 * multiply / add (`u64`). Preprocessing hashes short strings, so BigInt's
 * cost is acceptable here; no tensor math runs through this file.
 */

const MASK64 = (1n << 64n) - 1n;
const K0 = 0xc3a5c85c97cb3127n;
const K1 = 0xb492b66fbe98f273n;
const K2 = 0x9ae16a3b2f90404fn;

const u64 = (x: bigint): bigint => x & MASK64;

function fetch64(s: Uint8Array, i: number): bigint {
  const lo = (s[i] | (s[i + 1] << 8) | (s[i + 2] << 16) | (s[i + 3] << 24)) >>> 0;
  const hi = (s[i + 4] | (s[i + 5] << 8) | (s[i + 6] << 16) | (s[i + 7] << 24)) >>> 0;
  return (BigInt(hi) << 32n) | BigInt(lo);
}

function fetch32(s: Uint8Array, i: number): bigint {
  return BigInt((s[i] | (s[i + 1] << 8) | (s[i + 2] << 16) | (s[i + 3] << 24)) >>> 0);
}

function rotate(v: bigint, shift: bigint): bigint {
  return shift === 0n ? v : u64((v >> shift) | (v << (64n - shift)));
}

const shiftMix = (v: bigint): bigint => v ^ (v >> 47n);

function hashLen16(u: bigint, v: bigint, mul: bigint): bigint {
  let a = u64((u ^ v) * mul);
  a ^= a >> 47n;
  let b = u64((v ^ a) * mul);
  b ^= b >> 47n;
  return u64(b * mul);
}

function hashLen0to16(s: Uint8Array): bigint {
  const len = s.length;
  if (len >= 8) {
    const mul = K2 + BigInt(len) * 2n;
    const a = u64(fetch64(s, 0) + K2);
    const b = fetch64(s, len - 8);
    const c = u64(rotate(b, 37n) * mul + a);
    const d = u64((rotate(a, 25n) + b) * mul);
    return hashLen16(c, d, mul);
  }
  if (len >= 4) {
    const mul = K2 + BigInt(len) * 2n;
    const a = fetch32(s, 0);
    return hashLen16(BigInt(len) + (a << 3n), fetch32(s, len - 4), mul);
  }
  if (len > 0) {
    const y = BigInt(s[0] + (s[len >> 1] << 8));
    const z = BigInt(len + (s[len - 1] << 2));
    return u64(shiftMix(u64(y * K2) ^ u64(z * K0)) * K2);
  }
  return K2;
}

function hashLen17to32(s: Uint8Array): bigint {
  const len = s.length;
  const mul = K2 + BigInt(len) * 2n;
  const a = u64(fetch64(s, 0) * K1);
  const b = fetch64(s, 8);
  const c = u64(fetch64(s, len - 8) * mul);
  const d = u64(fetch64(s, len - 16) * K2);
  return hashLen16(u64(rotate(u64(a + b), 43n) + rotate(c, 30n) + d), u64(a + rotate(u64(b + K2), 18n) + c), mul);
}

function hashLen33to64(s: Uint8Array): bigint {
  const len = s.length;
  const mul = K2 + BigInt(len) * 2n;
  const a = u64(fetch64(s, 0) * K2);
  const b = fetch64(s, 8);
  const c = u64(fetch64(s, len - 8) * mul);
  const d = u64(fetch64(s, len - 16) * K2);
  const y = u64(rotate(u64(a + b), 43n) + rotate(c, 30n) + d);
  const z = hashLen16(y, u64(a + rotate(u64(b + K2), 18n) + c), mul);
  const e = u64(fetch64(s, 16) * mul);
  const f = fetch64(s, 24);
  const g = u64((y + fetch64(s, len - 32)) * mul);
  const h = u64((z + fetch64(s, len - 24)) * mul);
  return hashLen16(u64(rotate(u64(e + f), 43n) + rotate(g, 30n) + h), u64(e + rotate(u64(f + a), 18n) + g), mul);
}

/** Two 64-bit lanes mixed from the 32 bytes at `i` and two seeds. */
function weakHashLen32WithSeeds(s: Uint8Array, i: number, seedA: bigint, seedB: bigint): [bigint, bigint] {
  const w = fetch64(s, i);
  const x = fetch64(s, i + 8);
  const y = fetch64(s, i + 16);
  const z = fetch64(s, i + 24);
  let a = u64(seedA + w);
  let b = rotate(u64(seedB + a + z), 21n);
  const c = a;
  a = u64(a + x + y);
  b = u64(b + rotate(a, 44n));
  return [u64(a + z), u64(b + c)];
}

/** Inputs over 64 bytes: 64-byte blocks through a 56-byte state, then the last 64 bytes again. */
function hashLongerThan64(s: Uint8Array): bigint {
  const len = s.length;
  const seed = 81n;
  let x = seed;
  let y = u64(seed * K1 + 113n);
  let z = u64(shiftMix(u64(y * K2 + 113n)) * K2);
  let v: [bigint, bigint] = [0n, 0n];
  let w: [bigint, bigint] = [0n, 0n];
  x = u64(x * K2 + fetch64(s, 0));
  const end = Math.floor((len - 1) / 64) * 64;
  const last64 = end + ((len - 1) & 63) - 63;
  let p = 0;
  do {
    x = u64(rotate(u64(x + y + v[0] + fetch64(s, p + 8)), 37n) * K1);
    y = u64(rotate(u64(y + v[1] + fetch64(s, p + 48)), 42n) * K1);
    x ^= w[1];
    y = u64(y + v[0] + fetch64(s, p + 40));
    z = u64(rotate(u64(z + w[0]), 33n) * K1);
    v = weakHashLen32WithSeeds(s, p, u64(v[1] * K1), u64(x + w[0]));
    w = weakHashLen32WithSeeds(s, p + 32, u64(z + w[1]), u64(y + fetch64(s, p + 16)));
    [z, x] = [x, z];
    p += 64;
  } while (p !== end);
  const mul = K1 + ((z & 0xffn) << 1n);
  p = last64;
  w[0] = u64(w[0] + BigInt((len - 1) & 63));
  v[0] = u64(v[0] + w[0]);
  w[0] = u64(w[0] + v[0]);
  x = u64(rotate(u64(x + y + v[0] + fetch64(s, p + 8)), 37n) * mul);
  y = u64(rotate(u64(y + v[1] + fetch64(s, p + 48)), 42n) * mul);
  x ^= u64(w[1] * 9n);
  y = u64(y + v[0] * 9n + fetch64(s, p + 40));
  z = u64(rotate(u64(z + w[0]), 33n) * mul);
  v = weakHashLen32WithSeeds(s, p, u64(v[1] * mul), u64(x + w[0]));
  w = weakHashLen32WithSeeds(s, p + 32, u64(z + w[1]), u64(y + fetch64(s, p + 16)));
  [z, x] = [x, z];
  return hashLen16(
    u64(hashLen16(v[0], w[0], mul) + shiftMix(y) * K0 + z),
    u64(hashLen16(v[1], w[1], mul) + x),
    mul,
  );
}

/** Fingerprint64 of a byte string, as an unsigned 64-bit BigInt. */
export function fingerprint64(bytes: Uint8Array): bigint {
  const len = bytes.length;
  if (len <= 16) return hashLen0to16(bytes);
  if (len <= 32) return hashLen17to32(bytes);
  if (len <= 64) return hashLen33to64(bytes);
  return hashLongerThan64(bytes);
}

/**
 * TensorFlow's `FingerprintCat64(fp1, fp2)`: combines two fingerprints
 * (what `tf.sparse.cross_hashed` folds over the crossed features).
 */
export function fingerprintCat64(fp1: bigint, fp2: bigint): bigint {
  const kMul = 0xc6a4a7935bd1e995n;
  let result = fp1 ^ kMul;
  result ^= u64(shiftMix(u64(fp2 * kMul)) * kMul);
  result = u64(result * kMul);
  result = u64(shiftMix(result) * kMul);
  return shiftMix(result);
}
