import type { RawCell } from '../types.js';
import { EngineInputError } from '../errors.js';
import type { CategoricalColumn, Column } from './frame.js';
import { isMissingToken, parseDecimal } from './numbers.js';

// Column type inference, shared by the CSV and inline loaders: a column is numeric when every
// non-missing cell is a finite number (or a string that reads as one); otherwise it is categorical
// with its distinct values, as strings, sorted in code-unit order. Booleans are categorical
// "true"/"false". Missing: null, undefined, NaN, '' and pandas' NA tokens ("NA", "NaN", "null", ...).

/** Code-unit order, the one order used for levels everywhere (locale-independent). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorts `levels` (distinct strings in first-seen order) and rewrites `codes` (into levels) to match. */
export function sortedCategorical(name: string, codes: Int32Array, levels: readonly string[]): CategoricalColumn {
  const order = levels.map((_, i) => i).sort((a, b) => compareStrings(levels[a] as string, levels[b] as string));
  const remap = new Int32Array(levels.length);
  const sorted: string[] = new Array<string>(levels.length);
  order.forEach((old, pos) => {
    remap[old] = pos;
    sorted[pos] = levels[old] as string;
  });
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i] as number;
    if (c >= 0) codes[i] = remap[c] as number;
  }
  return { kind: 'categorical', name, codes, levels: sorted };
}

function cellNumber(name: string, cell: unknown): number | null | undefined {
  // number = numeric value, null = missing, undefined = not numeric
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'number') return Number.isNaN(cell) ? null : Number.isFinite(cell) ? cell : undefined;
  if (typeof cell === 'string') {
    if (isMissingToken(cell, 0, cell.length)) return null;
    const v = parseDecimal(cell, 0, cell.length);
    return Number.isNaN(v) ? undefined : v;
  }
  if (typeof cell === 'boolean') return undefined;
  throw new EngineInputError(
    'BAD_INLINE',
    `Column "${name}" holds a ${Array.isArray(cell) ? 'list' : typeof cell}; cells must be numbers, strings, booleans or null`,
    name,
  );
}

/** A typed column from raw cells (inline JSON data). */
export function inferColumn(name: string, cells: readonly RawCell[]): Column {
  const n = cells.length;
  const values = new Float64Array(n);
  let numeric = true;
  for (let i = 0; i < n; i++) {
    const v = cellNumber(name, cells[i]);
    if (v === undefined) {
      numeric = false;
      break;
    }
    values[i] = v === null ? NaN : v;
  }
  if (numeric) return { kind: 'numeric', name, values };

  const codes = new Int32Array(n);
  const dict = new Map<string, number>();
  const levels: string[] = [];
  for (let i = 0; i < n; i++) {
    const cell: unknown = cells[i];
    if (cellNumber(name, cell) === null) {
      codes[i] = -1;
      continue;
    }
    const s = typeof cell === 'string' ? cell : String(cell);
    let code = dict.get(s);
    if (code === undefined) {
      code = levels.length;
      dict.set(s, code);
      levels.push(s);
    }
    codes[i] = code;
  }
  return sortedCategorical(name, codes, levels);
}
