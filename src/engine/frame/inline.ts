import type { ColumnRecord } from '../types.js';
import { EngineInputError } from '../errors.js';
import { Frame } from './frame.js';
import { inferColumn } from './infer.js';
import { checkColumnLimit, checkRowLimit, resolveLimits, type FrameLimits } from './limits.js';
import { checkNotAllMissing } from './validate.js';

/**
 * A Frame from column-oriented JSON ({"x1": [...], "target": [...]}). Throws EngineInputError BAD_INLINE
 * (not an object of arrays, bad cell), RAGGED_COLUMNS (field = the first column whose length differs from
 * the first column's), TOO_LARGE, ALL_MISSING_COLUMN.
 */
export function frameFromColumns(record: ColumnRecord, limits?: FrameLimits): Frame {
  const { maxRows, maxColumns } = resolveLimits(limits);
  if (record === null || typeof record !== 'object' || Array.isArray(record))
    throw new EngineInputError('BAD_INLINE', 'Inline data must be an object mapping column names to arrays of values', 'data');
  const names = Object.keys(record);
  if (names.length === 0) throw new EngineInputError('BAD_INLINE', 'Inline data has no columns', 'data');
  checkColumnLimit(names.length, maxColumns);

  let rows = -1;
  let firstName = '';
  for (const name of names) {
    if (name.trim().length === 0) throw new EngineInputError('BAD_INLINE', 'Every column needs a non-empty name', name);
    const cells: unknown = record[name];
    if (!Array.isArray(cells))
      throw new EngineInputError('BAD_INLINE', `Column "${name}" must be an array of values`, name);
    if (rows < 0) {
      rows = cells.length;
      firstName = name;
      checkRowLimit(rows, maxRows);
    } else if (cells.length !== rows)
      throw new EngineInputError(
        'RAGGED_COLUMNS',
        `Column "${name}" has ${cells.length} values but column "${firstName}" has ${rows}: every column needs the same number of rows`,
        name,
      );
  }
  if (rows === 0) throw new EngineInputError('BAD_INLINE', 'Inline data has no rows', 'data');

  const frame = new Frame(names.map((name) => inferColumn(name, record[name] as ColumnRecord[string])));
  checkNotAllMissing(frame);
  return frame;
}
