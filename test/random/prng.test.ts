import { describe, expect, it } from "vitest";
import { philox4x32, PhiloxStream } from "../../src/random/prng.js";
import { statsOf } from "./stats.js";

describe("Philox-4x32-10", () => {
  // Known-answer vectors of the Random123 distribution (kat_vectors, philox4x32 with 10 rounds).
  it("matches the Random123 known-answer vectors", () => {
    const out = new Uint32Array(4);
    philox4x32(0, 0, 0, 0, 0, 0, out);
    expect([...out]).toEqual([0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]);
    philox4x32(0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, out);
    expect([...out]).toEqual([0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd]);
    philox4x32(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0, out);
    expect([...out]).toEqual([0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1]);
  });

  it("streams the blocks of consecutive counters in order", () => {
    const s = new PhiloxStream(7, 9);
    const words = Array.from({ length: 8 }, () => s.nextUint32());
    const block = new Uint32Array(4);
    philox4x32(0, 0, 0, 0, 7, 9, block);
    expect(words.slice(0, 4)).toEqual([...block]);
    philox4x32(1, 0, 0, 0, 7, 9, block);
    expect(words.slice(4)).toEqual([...block]);
  });

  it("gives different streams for different keys and stream ids", () => {
    const a = new PhiloxStream(1, 0).nextUint32();
    expect(new PhiloxStream(1, 0).nextUint32()).toBe(a);
    expect(new PhiloxStream(2, 0).nextUint32()).not.toBe(a);
    expect(new PhiloxStream(1, 1).nextUint32()).not.toBe(a);
    expect(new PhiloxStream(1, 0, 1).nextUint32()).not.toBe(a);
  });

  it("produces uniform floats in [0, 1) and standard normals", () => {
    const s = new PhiloxStream(3, 4);
    const u = Float64Array.from({ length: 200000 }, () => s.nextFloat53());
    const su = statsOf(u);
    expect(su.min).toBeGreaterThanOrEqual(0);
    expect(su.max).toBeLessThan(1);
    expect(Math.abs(su.mean - 0.5)).toBeLessThan(0.003);
    expect(Math.abs(su.std - Math.sqrt(1 / 12))).toBeLessThan(0.002);
    const f = Float64Array.from({ length: 100000 }, () => s.nextFloat24());
    expect(f.filter((v) => Math.fround(v) !== v).length).toBe(0); // 24-bit values are exact float32s
    const n = Float64Array.from({ length: 200000 }, () => s.nextNormal());
    const sn = statsOf(n);
    expect(Math.abs(sn.mean)).toBeLessThan(0.01);
    expect(Math.abs(sn.std - 1)).toBeLessThan(0.01);
    // Tail mass beyond 2 sigma of a standard normal: 4.55%.
    const tail = n.filter((v) => Math.abs(v) > 2).length / n.length;
    expect(Math.abs(tail - 0.0455)).toBeLessThan(0.003);
  });

  it("draws integers below n without going out of range", () => {
    const s = new PhiloxStream(5, 6);
    const counts = new Array(7).fill(0);
    for (let i = 0; i < 70000; i++) counts[s.nextBelow(7)]++;
    for (const c of counts) expect(Math.abs(c - 10000)).toBeLessThan(500);
  });
});
