import { EngineInputError } from '../errors.js';
import { compareStrings } from '../frame/infer.js';
import type { Column, Frame } from '../frame/frame.js';
import { numberLevel } from '../preprocessing/retype.js';

function columnFor(frame: Frame, name: string, field: string): Column {
  const col = frame.column(name);
  if (!col) throw new EngineInputError('BAD_PARAM', `${field.replace('setupParams.', '')} lists "${name}", which is not a column`, field);
  return col;
}

function cellText(c: Column, row: number): string | null {
  if (c.kind === 'numeric') {
    const v = c.values[row] as number;
    return Number.isNaN(v) ? null : numberLevel(v);
  }
  const code = c.codes[row] as number;
  return code < 0 ? null : (c.levels[code] as string);
}

/**
 * Stratification labels from several columns (PyCaret's dataSplitStratify list): scikit-learn joins a row's
 * values with " " and stratifies by the distinct joined strings, coded here in code-unit order. Numbers are
 * written in JavaScript's shortest form ("1", not numpy's "1.0"); a missing cell reads "nan".
 */
export function stratifyLabels(frame: Frame, columns: readonly string[]): Float64Array {
  const cols = columns.map((c) => columnFor(frame, c, 'setupParams.dataSplitStratify'));
  const joined = Array.from({ length: frame.rows }, (_, r) => cols.map((c) => cellText(c, r) ?? 'nan').join(' '));
  const distinct = [...new Set(joined)].sort(compareStrings);
  const code = new Map(distinct.map((s, i) => [s, i]));
  return Float64Array.from(joined, (s) => code.get(s) as number);
}

/**
 * Group ids (0..g-1 in np.unique order of the group values: numeric order for numbers, code-unit order for
 * text) of the positions `rows`; BAD_PARAM (setupParams.foldGroups) for an unknown column or a missing cell.
 */
export function groupIds(frame: Frame, column: string, rows: Int32Array): Int32Array {
  const field = 'setupParams.foldGroups';
  const col = frame.column(column);
  if (!col) throw new EngineInputError('BAD_PARAM', `foldGroups names "${column}", which is not a column`, field);
  const out = new Int32Array(rows.length);
  if (col.kind === 'numeric') {
    const values = Float64Array.from(rows, (r) => col.values[r] as number);
    if (values.some((v) => Number.isNaN(v))) throw new EngineInputError('BAD_PARAM', `foldGroups column "${column}" has missing cells in the train part`, field);
    const distinct = Float64Array.from(new Set(values)).sort();
    const id = new Map<number, number>();
    distinct.forEach((v, i) => id.set(v, i));
    values.forEach((v, i) => (out[i] = id.get(v) as number));
    return out;
  }
  const used = new Int32Array(col.levels.length).fill(-1);
  for (let i = 0; i < rows.length; i++) {
    const c = col.codes[rows[i] as number] as number;
    if (c < 0) throw new EngineInputError('BAD_PARAM', `foldGroups column "${column}" has missing cells in the train part`, field);
    used[c] = 0;
  }
  let next = 0;
  for (let c = 0; c < used.length; c++) if (used[c] === 0) used[c] = next++; // levels are already in code-unit order
  for (let i = 0; i < rows.length; i++) out[i] = used[col.codes[rows[i] as number] as number] as number;
  return out;
}
