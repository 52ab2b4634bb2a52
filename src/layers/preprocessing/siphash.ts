/**
 * SipHash-2-4 with a 128-bit key given as two unsigned 64-bit words, the
 * keyed hash behind TensorFlow's `tf.strings.to_hash_bucket_strong`
 * (`StrongKeyedHash`, highwayhash's SipHash), which Keras's Hashing layer
 * uses when it has a `salt`. Written from the SipHash paper (Aumasson &
 * Bernstein, 2012); checked against its reference vectors.
 */

const MASK64 = (1n << 64n) - 1n;
const u64 = (x: bigint): bigint => x & MASK64;
const rotl = (x: bigint, b: bigint): bigint => u64((x << b) | (x >> (64n - b)));

type State = [bigint, bigint, bigint, bigint];

function sipRound(v: State): void {
  v[0] = u64(v[0] + v[1]);
  v[1] = rotl(v[1], 13n) ^ v[0];
  v[0] = rotl(v[0], 32n);
  v[2] = u64(v[2] + v[3]);
  v[3] = rotl(v[3], 16n) ^ v[2];
  v[0] = u64(v[0] + v[3]);
  v[3] = rotl(v[3], 21n) ^ v[0];
  v[2] = u64(v[2] + v[1]);
  v[1] = rotl(v[1], 17n) ^ v[2];
  v[2] = rotl(v[2], 32n);
}

function compress(v: State, m: bigint): void {
  v[3] ^= m;
  sipRound(v);
  sipRound(v);
  v[0] ^= m;
}

/** SipHash-2-4 of `bytes` under key (k0, k1); an unsigned 64-bit BigInt. */
export function sipHash24(key: readonly [bigint, bigint], bytes: Uint8Array): bigint {
  const [k0, k1] = [u64(key[0]), u64(key[1])];
  const v: State = [k0 ^ 0x736f6d6570736575n, k1 ^ 0x646f72616e646f6dn, k0 ^ 0x6c7967656e657261n, k1 ^ 0x7465646279746573n];
  const len = bytes.length;
  const whole = len - (len % 8);
  for (let i = 0; i < whole; i += 8) {
    let m = 0n;
    for (let j = 7; j >= 0; j--) m = (m << 8n) | BigInt(bytes[i + j]);
    compress(v, m);
  }
  // The last block: the remaining bytes, with the length's low byte on top.
  let last = BigInt(len & 0xff) << 56n;
  for (let j = len - whole - 1; j >= 0; j--) last |= BigInt(bytes[whole + j]) << BigInt(8 * j);
  compress(v, last);
  v[2] ^= 0xffn;
  for (let r = 0; r < 4; r++) sipRound(v);
  return v[0] ^ v[1] ^ v[2] ^ v[3];
}
