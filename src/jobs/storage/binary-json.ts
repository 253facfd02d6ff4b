// A JSON value stored compactly: its big numeric arrays and base64 blobs (the fitted trees' arrays, TreeSHAP
// covers) move out of the text into binary sections, the rest stays JSON (the "skeleton", readable in the file).
//
//   header (24 bytes, little-endian): magic "CQLPIPE\0", u16 format version, u16 flags (0), u32 skeleton bytes,
//                                     u32 section count, u32 reserved (0)
//   section table, 16 bytes each:     u8 kind, u8 element type, u8 codec, u8 reserved, u32 element count,
//                                     u32 data offset (from the start of the file, a multiple of 8), u32 stored bytes
//   skeleton (UTF-8 JSON), each moved value replaced by {"$bin": <section index>}; object keys that start
//   with "$" get one more "$" so no real key is read as a reference
//   section data, each at an 8-byte boundary (so an uncompressed section can be viewed in place)
//
// Lossless: a number array is stored in the narrowest element type that holds every value exactly (int8/16/32,
// float32, else float64) and decodes to the same numbers; a base64 string decodes to the same string; a typed
// array to the same class. A section of at least MIN_DEFLATE bytes is deflated (level 1) when that saves at
// least an eighth of it.
// Integrity is the caller's (the Artifact row's SHA-256 is checked on the whole file before decoding).
import { Buffer } from 'node:buffer';
import { deflateRawSync, inflateRawSync } from 'node:zlib';

export const BINARY_MAGIC = 'CQLPIPE\0';
export const BINARY_FORMAT_VERSION = 1;
const HEADER_BYTES = 24;
const ENTRY_BYTES = 16;
/** Arrays and strings shorter than this stay in the skeleton. */
const MIN_ARRAY = 16;
const MIN_BASE64 = 64;
/**
 * Smaller sections are stored raw: each deflateRawSync call costs ~20–50 µs whatever its size (a fresh zlib
 * state), and a 100-tree forest on a small dataset has hundreds of sections of a few hundred bytes: deflating
 * them took 10–20 ms of the run's critical path to save ~100 KB. Large forests' sections are far larger.
 */
const MIN_DEFLATE = 4096;

export class BinaryFormatError extends Error {
  override readonly name = 'BinaryFormatError';
}

const enum Kind {
  NumberArray = 0,
  Base64 = 1,
  Typed = 2,
}
const enum Codec {
  Raw = 0,
  Deflate = 1,
}

type TypedArray = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;
type TypedCtor = { new (buffer: ArrayBuffer, byteOffset?: number, length?: number): TypedArray; BYTES_PER_ELEMENT: number };
/** Element types by code; the code is stored, so the order is part of the format. */
const TYPES: readonly TypedCtor[] = [Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array];
const F64 = 7;

interface Section {
  kind: Kind;
  type: number;
  count: number;
  bytes: Uint8Array;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function narrowestType(a: readonly number[]): number | null {
  let allInt = true;
  let allF32 = true;
  let min = 0;
  let max = 0;
  for (const v of a) {
    if (typeof v !== 'number' || !Number.isFinite(v)) return null; // JSON's own treatment (null) is kept for those
    if (allInt && !Number.isInteger(v)) allInt = false; // -0 becomes 0, as in JSON
    if (allF32 && Math.fround(v) !== v) allF32 = false;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (allInt) {
    if (min >= -128 && max <= 127) return 0;
    if (min >= -32768 && max <= 32767) return 2;
    if (min >= -(2 ** 31) && max <= 2 ** 31 - 1) return 4;
  }
  return allF32 ? 6 : F64;
}

function typeCodeOf(a: ArrayBufferView): number {
  const code = TYPES.findIndex((C) => a instanceof C);
  if (code < 0) throw new BinaryFormatError(`${a.constructor.name} cannot be stored`);
  return code;
}

function bytesOf(a: TypedArray): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** Encodes a JSON-compatible value (typed arrays allowed) into the binary container. */
export function encodeBinaryJson(value: unknown): Uint8Array {
  const sections: Section[] = [];
  const add = (s: Section): { $bin: number } => {
    sections.push(s);
    return { $bin: sections.length - 1 };
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      if (v.length >= MIN_BASE64 && v.length % 4 === 0 && BASE64.test(v)) {
        const bytes = Buffer.from(v, 'base64');
        if (bytes.toString('base64') === v) return add({ kind: Kind.Base64, type: 1, count: bytes.length, bytes });
      }
      return v;
    }
    if (typeof v !== 'object' || v === null) return v;
    if (ArrayBuffer.isView(v)) {
      const a = v as TypedArray;
      return add({ kind: Kind.Typed, type: typeCodeOf(a), count: a.length, bytes: bytesOf(a) });
    }
    if (Array.isArray(v)) {
      if (v.length >= MIN_ARRAY && typeof v[0] === 'number') {
        const type = narrowestType(v as number[]);
        if (type !== null) {
          const C = TYPES[type] as TypedCtor;
          const typed = new C(new ArrayBuffer(v.length * C.BYTES_PER_ELEMENT));
          for (let i = 0; i < v.length; i++) typed[i] = v[i] as number;
          return add({ kind: Kind.NumberArray, type, count: v.length, bytes: bytesOf(typed) });
        }
      }
      return v.map(walk);
    }
    const json = (v as { toJSON?: unknown }).toJSON;
    if (typeof json === 'function') return walk((json as () => unknown).call(v));
    // fromEntries defines properties, so a "__proto__" key stays a key as with JSON.parse.
    return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k.startsWith('$') ? `$${k}` : k, walk(x)]));
  };
  const skeleton = Buffer.from(JSON.stringify(walk(value)), 'utf8');

  const stored = sections.map((s) => {
    if (s.bytes.byteLength < MIN_DEFLATE) return { codec: Codec.Raw, bytes: s.bytes };
    const z = deflateRawSync(s.bytes, { level: 1 });
    return z.byteLength <= s.bytes.byteLength * 0.875 ? { codec: Codec.Deflate, bytes: z } : { codec: Codec.Raw, bytes: s.bytes };
  });
  const align = (n: number): number => (n + 7) & ~7;
  let offset = align(HEADER_BYTES + sections.length * ENTRY_BYTES + skeleton.byteLength);
  const offsets = stored.map((s) => {
    const at = offset;
    offset = align(offset + s.bytes.byteLength);
    return at;
  });
  if (offset > 0xffffffff) throw new BinaryFormatError('the value is too large for the binary format (4 GB)');
  const out = new Uint8Array(offset);
  const view = new DataView(out.buffer);
  out.set(Buffer.from(BINARY_MAGIC, 'latin1'), 0);
  view.setUint16(8, BINARY_FORMAT_VERSION, true);
  view.setUint16(10, 0, true);
  view.setUint32(12, skeleton.byteLength, true);
  view.setUint32(16, sections.length, true);
  view.setUint32(20, 0, true);
  sections.forEach((s, i) => {
    const e = HEADER_BYTES + i * ENTRY_BYTES;
    const st = stored[i] as { codec: Codec; bytes: Uint8Array };
    view.setUint8(e, s.kind);
    view.setUint8(e + 1, s.type);
    view.setUint8(e + 2, st.codec);
    view.setUint32(e + 4, s.count, true);
    view.setUint32(e + 8, offsets[i] as number, true);
    view.setUint32(e + 12, st.bytes.byteLength, true);
    out.set(st.bytes, offsets[i] as number);
  });
  out.set(skeleton, HEADER_BYTES + sections.length * ENTRY_BYTES);
  return out;
}

export function isBinaryJson(bytes: Uint8Array): boolean {
  return bytes.byteLength >= HEADER_BYTES && Buffer.from(bytes.buffer, bytes.byteOffset, 8).toString('latin1') === BINARY_MAGIC;
}

function fail(why: string): never {
  throw new BinaryFormatError(`not a valid binary pipeline file: ${why}`);
}

/** Decodes encodeBinaryJson's output; anything malformed is BinaryFormatError. */
export function decodeBinaryJson(bytes: Uint8Array): unknown {
  if (!isBinaryJson(bytes)) fail('no CQLPIPE header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(8, true);
  if (version !== BINARY_FORMAT_VERSION) fail(`format version ${version} (this server reads ${BINARY_FORMAT_VERSION})`);
  const skeletonBytes = view.getUint32(12, true);
  const count = view.getUint32(16, true);
  const skeletonAt = HEADER_BYTES + count * ENTRY_BYTES;
  if (skeletonAt + skeletonBytes > bytes.byteLength) fail('the skeleton runs past the end of the file');

  const decodeSection = (i: number): unknown => {
    if (!Number.isInteger(i) || i < 0 || i >= count) fail(`reference to section ${i} of ${count}`);
    const e = HEADER_BYTES + i * ENTRY_BYTES;
    const kind = view.getUint8(e);
    const type = view.getUint8(e + 1);
    const codec = view.getUint8(e + 2);
    const n = view.getUint32(e + 4, true);
    const at = view.getUint32(e + 8, true);
    const size = view.getUint32(e + 12, true);
    const C = TYPES[type];
    if (!C || kind > Kind.Typed || codec > Codec.Deflate) fail(`section ${i} has an unknown kind, type or codec`);
    if (at % 8 !== 0 || at < skeletonAt + skeletonBytes || at + size > bytes.byteLength) fail(`section ${i} lies outside the file`);
    const expected = n * C.BYTES_PER_ELEMENT;
    let raw = bytes.subarray(at, at + size);
    if (codec === Codec.Deflate) {
      try {
        raw = inflateRawSync(raw, { maxOutputLength: Math.max(1, expected) });
      } catch {
        fail(`section ${i} does not inflate to ${expected} bytes`);
      }
    }
    if (raw.byteLength !== expected) fail(`section ${i} holds ${raw.byteLength} bytes, expected ${expected}`);
    if (kind === Kind.Base64) return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64');
    // A copy: aligned, and independent of the file's buffer.
    const copy = new ArrayBuffer(expected);
    new Uint8Array(copy).set(raw);
    const typed = new C(copy);
    return kind === Kind.Typed ? typed : Array.from(typed);
  };

  let skeleton: unknown;
  try {
    skeleton = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + skeletonAt, skeletonBytes).toString('utf8')) as unknown;
  } catch {
    fail('the skeleton is not JSON');
  }
  const walk = (v: unknown): unknown => {
    if (typeof v !== 'object' || v === null) return v;
    if (Array.isArray(v)) return v.map(walk);
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && keys[0] === '$bin') return decodeSection(o.$bin as number);
    return Object.fromEntries(keys.map((k) => [k.startsWith('$') ? k.slice(1) : k, walk(o[k])]));
  };
  return walk(skeleton);
}
