/**
 * The zip container of `.keras` files, through fflate: members stored
 * (uncompressed) in the order given, as Python's zipfile writes them for
 * Keras. Reading checks the archive before trusting it: the central
 * directory must fit in the file, every member's size must match and its
 * CRC-32 must agree, so a truncated or bit-flipped file is refused with a
 * clear error instead of yielding silently damaged members (fflate itself
 * checks neither sizes nor checksums).
 */
import { unzipSync, zipSync } from "fflate";
import { ValueError } from "../engine/errors.js";

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;

/** A member as listed by the central directory. */
export interface ZipEntry {
  name: string;
  method: number;
  crc32: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** CRC-32 lookup tables for slicing-by-8 (eight bytes per step; ~4x the byte-wise loop on large weights). */
let crcTables: Uint32Array | null = null;
function tables(): Uint32Array {
  if (!crcTables) {
    const t = new Uint32Array(8 * 256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      t[n] = c >>> 0;
    }
    for (let k = 1; k < 8; k++) {
      for (let n = 0; n < 256; n++) t[k * 256 + n] = (t[(k - 1) * 256 + n] >>> 8) ^ t[t[(k - 1) * 256 + n] & 0xff];
    }
    crcTables = t;
  }
  return crcTables;
}

export function crc32(data: Uint8Array): number {
  const t = tables();
  let crc = 0xffffffff;
  let i = 0;
  const end8 = data.length - (data.length % 8);
  for (; i < end8; i += 8) {
    crc ^= data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24);
    crc =
      t[1792 + (crc & 0xff)] ^
      t[1536 + ((crc >>> 8) & 0xff)] ^
      t[1280 + ((crc >>> 16) & 0xff)] ^
      t[1024 + (crc >>> 24)] ^
      t[768 + data[i + 4]] ^
      t[512 + data[i + 5]] ^
      t[256 + data[i + 6]] ^
      t[data[i + 7]];
  }
  for (; i < data.length; i++) crc = t[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5) && (bytes[3] === 4 || bytes[3] === 6);
}

/** Writes a zip with the members stored, in the given order. */
export function writeZip(members: [string, Uint8Array][]): Uint8Array {
  const files: Record<string, [Uint8Array, { level: 0 }]> = {};
  for (const [name, data] of members) {
    if (name in files) throw new ValueError(`writeZip: duplicate member '${name}'.`);
    files[name] = [data, { level: 0 }];
  }
  return zipSync(files, { level: 0 });
}

/**
 * The central directory of a zip, validated: every offset and size stays
 * inside the file. Throws a ValueError describing the damage otherwise.
 */
export function listZip(bytes: Uint8Array, label: string): ZipEntry[] {
  const bad = (why: string) => new ValueError(`${label} is not a valid zip archive (truncated or corrupted?): ${why}.`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (o: number) => view.getUint16(o, true);
  const u32 = (o: number) => view.getUint32(o, true);
  const u64 = (o: number) => {
    const v = view.getBigUint64(o, true);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw bad("a zip64 size is out of range");
    return Number(v);
  };
  if (bytes.length < 22) throw bad(`only ${bytes.length} bytes`);
  let eocd = -1;
  for (let o = bytes.length - 22; o >= Math.max(0, bytes.length - 22 - 65535); o--) {
    if (u32(o) === EOCD_SIG && o + 22 + u16(o + 20) <= bytes.length) {
      eocd = o;
      break;
    }
  }
  if (eocd < 0) throw bad("no end-of-central-directory record");
  let count = u16(eocd + 10);
  let cdSize = u32(eocd + 12);
  let cdOffset = u32(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || u32(loc) !== ZIP64_LOCATOR_SIG) throw bad("zip64 locator missing");
    const z = u64(loc + 8);
    if (z + 56 > bytes.length || u32(z) !== ZIP64_EOCD_SIG) throw bad("zip64 end record missing");
    count = u64(z + 32);
    cdSize = u64(z + 40);
    cdOffset = u64(z + 48);
  }
  if (cdOffset + cdSize > bytes.length || count * 46 > cdSize) throw bad("the central directory does not fit in the file");
  const entries: ZipEntry[] = [];
  let o = cdOffset;
  for (let i = 0; i < count; i++) {
    if (o + 46 > cdOffset + cdSize || u32(o) !== CENTRAL_SIG) throw bad(`central directory entry ${i} is damaged`);
    const nameLen = u16(o + 28);
    const extraLen = u16(o + 30);
    const commentLen = u16(o + 32);
    if (o + 46 + nameLen + extraLen + commentLen > cdOffset + cdSize) throw bad(`central directory entry ${i} overruns the directory`);
    const name = new TextDecoder().decode(bytes.subarray(o + 46, o + 46 + nameLen));
    let compressedSize = u32(o + 20);
    let size = u32(o + 24);
    let localOffset = u32(o + 42);
    // Zip64 extended sizes (extra field 0x0001), in this order, only for the fields that overflowed.
    for (let e = o + 46 + nameLen; e + 4 <= o + 46 + nameLen + extraLen; ) {
      const id = u16(e);
      const len = u16(e + 2);
      if (id === 1) {
        let p = e + 4;
        if (size === 0xffffffff) (size = u64(p)), (p += 8);
        if (compressedSize === 0xffffffff) (compressedSize = u64(p)), (p += 8);
        if (localOffset === 0xffffffff) localOffset = u64(p);
      }
      e += 4 + len;
    }
    entries.push({ name, method: u16(o + 10), crc32: u32(o + 16), compressedSize, size, localOffset });
    o += 46 + nameLen + extraLen + commentLen;
  }
  for (const e of entries) {
    const lo = e.localOffset;
    if (lo + 30 > bytes.length || u32(lo) !== LOCAL_SIG) throw bad(`the local header of '${e.name}' is missing`);
    const start = lo + 30 + u16(lo + 26) + u16(lo + 28);
    if (start + e.compressedSize > bytes.length) throw bad(`member '${e.name}' runs past the end of the file`);
    if (e.method !== 0 && e.method !== 8) throw bad(`member '${e.name}' uses compression method ${e.method}`);
    if (e.method === 0 && e.size !== e.compressedSize) throw bad(`stored member '${e.name}' has inconsistent sizes`);
    // Deflate expands at most ~1032:1: a larger claim is corruption (or a zip bomb), refused before allocating.
    if (e.method === 8 && e.size > e.compressedSize * 1032 + 1024) throw bad(`member '${e.name}' claims an impossible unpacked size`);
  }
  return entries;
}

/** Limit on the total unpacked size, against zip bombs (a deflated member can claim any size). */
const MAX_UNPACKED_BYTES = 4 * 2 ** 30;

/**
 * The members of a zip (by name), after checking the archive structure,
 * every member's size and CRC-32.
 */
export function readZip(bytes: Uint8Array, label: string, wanted?: (name: string) => boolean): Map<string, Uint8Array> {
  const entries = listZip(bytes, label);
  const total = entries.reduce((s, e) => s + e.size, 0);
  if (total > MAX_UNPACKED_BYTES) throw new ValueError(`${label}: the archive claims ${total} bytes once unpacked; refusing (zip bomb?).`);
  const byName = new Map(entries.map((e) => [e.name, e]));
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (f) => byName.has(f.name) && (!wanted || wanted(f.name)) });
  } catch (e) {
    throw new ValueError(`${label} is not a valid zip archive (truncated or corrupted?): ${e instanceof Error ? e.message : String(e)}.`);
  }
  const out = new Map<string, Uint8Array>();
  for (const [name, data] of Object.entries(files)) {
    const entry = byName.get(name)!;
    if (data.length !== entry.size || crc32(data) !== entry.crc32) {
      throw new ValueError(`${label}: member '${name}' is corrupted (its size or CRC-32 does not match the zip directory).`);
    }
    out.set(name, data);
  }
  return out;
}
