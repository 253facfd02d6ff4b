// categoricalImputation with a constant (PyCaret's categorical_imputation="<text>"): missing cells become that
// level before the column is encoded, so it is a level of its own (or joins an existing one of that name).
import { compareStrings } from '../frame/infer.js';

export function fillCodes(codes: Int32Array, levels: readonly string[], value: string): { codes: Int32Array; levels: string[] } {
  const all = [...new Set([...levels, value])].sort(compareStrings);
  const index = new Map(all.map((l, i) => [l, i]));
  const remap = Int32Array.from(levels, (l) => index.get(l) as number);
  const filled = index.get(value) as number;
  return { codes: Int32Array.from(codes, (c) => (c < 0 ? filled : (remap[c] as number))), levels: all };
}
