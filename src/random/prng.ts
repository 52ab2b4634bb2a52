/**
 * Philox-4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3",
 * SC 2011): a counter-based generator. A 64-bit key (the Keras seed pair) and a
 * 128-bit counter map to four 32-bit words; no hidden state, so a seed pair
 * always reproduces the same stream, in any order and on any platform.
 *
 * `PhiloxStream` walks the counter forward and hands out words, uniforms and
 * normals; the distribution samplers in distributions.ts run their fill loops
 * over it.
 */

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;
const ROUNDS = 10;

/** High 32 bits of the 64-bit product of two uint32 (exact: every partial product fits in a double). */
function mulhi(a: number, b: number): number {
  const al = a & 0xffff;
  const ah = a >>> 16;
  const bl = b & 0xffff;
  const bh = b >>> 16;
  const ll = al * bl;
  const lh = al * bh;
  const hl = ah * bl;
  const mid = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (ah * bh + (lh >>> 16) + (hl >>> 16) + Math.floor(mid / 65536)) >>> 0;
}

/**
 * One Philox-4x32-10 block: encrypts counter (c0..c3) under key (k0, k1) and
 * writes the four output words into `out` (uint32 values).
 */
export function philox4x32(c0: number, c1: number, c2: number, c3: number, k0: number, k1: number, out: Uint32Array): void {
  c0 >>>= 0; c1 >>>= 0; c2 >>>= 0; c3 >>>= 0; k0 >>>= 0; k1 >>>= 0;
  for (let r = 0; r < ROUNDS; r++) {
    const hi0 = mulhi(M0, c0);
    const lo0 = Math.imul(M0, c0) >>> 0;
    const hi1 = mulhi(M1, c2);
    const lo1 = Math.imul(M1, c2) >>> 0;
    c0 = (hi1 ^ c1 ^ k0) >>> 0;
    c1 = lo1;
    c2 = (hi0 ^ c3 ^ k1) >>> 0;
    c3 = lo0;
    k0 = (k0 + W0) >>> 0;
    k1 = (k1 + W1) >>> 0;
  }
  out[0] = c0;
  out[1] = c1;
  out[2] = c2;
  out[3] = c3;
}

const TWO_POW_32 = 4294967296;
const TWO_POW_M24 = 1 / 16777216;
const TWO_POW_M53 = 1 / 9007199254740992;

/**
 * A sequential reader over the Philox stream of one key. `stream` separates
 * independent uses of the same key (it goes into the third counter word).
 */
export class PhiloxStream {
  private readonly k0: number;
  private readonly k1: number;
  private readonly streamId: number;
  private block = 0; // counter of the next block to generate (up to 2^53 blocks)
  private readonly words = new Uint32Array(4);
  private pos = 4; // next unread word in `words`
  private spareNormal: number | null = null;

  constructor(k0: number, k1: number, stream = 0) {
    this.k0 = k0 >>> 0;
    this.k1 = k1 >>> 0;
    this.streamId = stream >>> 0;
  }

  /** The next uint32 of the stream. */
  nextUint32(): number {
    if (this.pos === 4) {
      const b = this.block++;
      philox4x32(b >>> 0, Math.floor(b / TWO_POW_32) >>> 0, this.streamId, 0, this.k0, this.k1, this.words);
      this.pos = 0;
    }
    return this.words[this.pos++];
  }

  /** Uniform in [0, 1) with 24 random bits: every value is exactly a float32. */
  nextFloat24(): number {
    return (this.nextUint32() >>> 8) * TWO_POW_M24;
  }

  /** Uniform in [0, 1) with 53 random bits (a full double). */
  nextFloat53(): number {
    const a = this.nextUint32() >>> 5; // 27 bits
    const b = this.nextUint32() >>> 6; // 26 bits
    return (a * 67108864 + b) * TWO_POW_M53;
  }

  /** Standard normal by the Box-Muller transform (the second value of each pair is kept for the next call). */
  nextNormal(): number {
    if (this.spareNormal !== null) {
      const v = this.spareNormal;
      this.spareNormal = null;
      return v;
    }
    // 1 - u lies in (0, 1], so the logarithm is finite.
    const u1 = 1 - this.nextFloat53();
    const u2 = this.nextFloat53();
    const radius = Math.sqrt(-2 * Math.log(u1));
    const angle = 2 * Math.PI * u2;
    this.spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  /** Uniform integer in [0, n) for 1 <= n <= 2^32 (53-bit multiply: bias below 2^-21). */
  nextBelow(n: number): number {
    return Math.floor(this.nextFloat53() * n);
  }
}
