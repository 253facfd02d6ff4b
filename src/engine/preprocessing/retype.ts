import type { RawCell } from '../types.js';
import { EngineInputError } from '../errors.js';
import type { CategoricalColumn, Column, NumericColumn } from '../frame/frame.js';
import { sortedCategorical } from '../frame/infer.js';
import { parseDecimal } from '../frame/numbers.js';

// A column declared as another type than its storage (categoricalFeatures / dateFeatures on a numeric column,
// numericFeatures on a text column) is converted when the preprocessor reads it. Conversions are cached per
// column object, so the folds of one experiment convert once.

const asCategoricalCache = new WeakMap<Column, CategoricalColumn>();
const asNumericCache = new WeakMap<Column, NumericColumn>();

/** The text form of a number used as a level: JavaScript's shortest round-trip form ("3", "2.5"). */
export function numberLevel(v: number): string {
  return String(v + 0);
}

/** The column as a categorical one; numbers become the levels numberLevel(v). */
export function asCategorical(col: Column): CategoricalColumn {
  if (col.kind === 'categorical') return col;
  const cached = asCategoricalCache.get(col);
  if (cached) return cached;
  const n = col.values.length;
  const codes = new Int32Array(n);
  const dict = new Map<number, number>();
  const levels: string[] = [];
  for (let i = 0; i < n; i++) {
    const v = col.values[i] as number;
    if (Number.isNaN(v)) {
      codes[i] = -1;
      continue;
    }
    let code = dict.get(v + 0);
    if (code === undefined) {
      code = levels.length;
      dict.set(v + 0, code);
      levels.push(numberLevel(v));
    }
    codes[i] = code;
  }
  const out = sortedCategorical(col.name, codes, levels);
  asCategoricalCache.set(col, out);
  return out;
}

/** The column as a numeric one; a level that is not a number is EngineInputError BAD_PARAM (field). */
export function asNumeric(col: Column, field: string): NumericColumn {
  if (col.kind === 'numeric') return col;
  const cached = asNumericCache.get(col);
  if (cached) return cached;
  const byLevel = col.levels.map((l) => parseDecimal(l, 0, l.length));
  const used = new Uint8Array(col.levels.length);
  for (const c of col.codes) if (c >= 0) used[c] = 1;
  const bad = col.levels.findIndex((l, i) => used[i] === 1 && Number.isNaN(byLevel[i] as number));
  if (bad >= 0) throw new EngineInputError('BAD_PARAM', `column "${col.name}" is declared numeric but holds "${col.levels[bad] as string}"`, field);
  const values = new Float64Array(col.codes.length);
  for (let i = 0; i < values.length; i++) {
    const c = col.codes[i] as number;
    values[i] = c < 0 ? NaN : (byLevel[c] as number);
  }
  const out: NumericColumn = { kind: 'numeric', name: col.name, values };
  asNumericCache.set(col, out);
  return out;
}

/**
 * A raw predict-time cell as a level string, or null when missing. fromNumbers: the column's levels came from
 * numbers, so "3.0" and 3 both read as the level "3".
 */
export function cellLevel(c: RawCell, fromNumbers: boolean): string | null {
  if (c === null || c === undefined || c === '' || (typeof c === 'number' && Number.isNaN(c))) return null;
  if (fromNumbers) {
    const v = typeof c === 'number' ? c : typeof c === 'string' ? parseDecimal(c, 0, c.length) : NaN;
    if (!Number.isNaN(v)) return numberLevel(v);
  }
  return String(c);
}
