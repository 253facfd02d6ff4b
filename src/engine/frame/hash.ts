import { createHash } from 'node:crypto';
import type { Frame } from './frame.js';

// Canonical encoding, hashed with SHA-256 (it depends on the data only, not on how it was loaded):
//   "caretql.frame.v1\n" rows:u32le ncols:u32le, then per column in order:
//   name (u32le byte length + UTF-8), kind byte (0 numeric, 1 categorical),
//   numeric: rows × f64le with every missing value as the one canonical NaN and -0 as 0;
//   categorical: per row the cell as (i32le byte length + UTF-8), -1 for missing.
// Categorical cells are hashed as strings rather than codes so that the hash does not depend on which
// levels a Frame carries (Frame.select keeps unused levels).

const CANONICAL_NAN = new Uint8Array(new Float64Array([NaN]).buffer);

export function frameSha256(frame: Frame): string {
  const h = createHash('sha256');
  const u32 = (n: number): void => {
    const b = Buffer.allocUnsafe(4);
    b.writeUInt32LE(n >>> 0);
    h.update(b);
  };
  h.update('caretql.frame.v1\n');
  u32(frame.rows);
  u32(frame.columns.length);
  for (const c of frame.columns) {
    const name = Buffer.from(c.name, 'utf8');
    u32(name.length);
    h.update(name);
    if (c.kind === 'numeric') {
      h.update(Uint8Array.of(0));
      const chunk = new Float64Array(Math.min(frame.rows, 8192));
      const bytes = new Uint8Array(chunk.buffer);
      for (let from = 0; from < frame.rows; from += chunk.length) {
        const to = Math.min(frame.rows, from + chunk.length);
        for (let i = from; i < to; i++) chunk[i - from] = (c.values[i] as number) + 0; // -0 + 0 = 0
        const used = bytes.subarray(0, (to - from) * 8);
        for (let i = from; i < to; i++) if (Number.isNaN(chunk[i - from])) used.set(CANONICAL_NAN, (i - from) * 8);
        h.update(used);
      }
    } else {
      h.update(Uint8Array.of(1));
      const encoded = c.levels.map((l) => Buffer.from(l, 'utf8'));
      const missing = Buffer.alloc(4);
      missing.writeInt32LE(-1);
      const lengths = encoded.map((b) => {
        const l = Buffer.allocUnsafe(4);
        l.writeInt32LE(b.length);
        return l;
      });
      for (let i = 0; i < frame.rows; i++) {
        const code = c.codes[i] as number;
        if (code < 0) h.update(missing);
        else {
          h.update(lengths[code] as Buffer);
          h.update(encoded[code] as Buffer);
        }
      }
    }
  }
  return h.digest('hex');
}
