// PyCaret's numeric_imputation / categorical_imputation "drop" (its DropImputer): training rows with a missing
// cell in a column of that kind are left out before the rest of the preprocessing is fitted.
import type { FeatureType } from '../frame/feature-types.js';
import { isMissingAt, type Frame } from '../frame/frame.js';

export interface DropMissingOptions {
  numeric: boolean;
  categorical: boolean;
}

/** The feature columns whose missing cells drop a training row under `o`. */
export function dropColumns(frame: Frame, features: readonly string[], types: Readonly<Record<string, FeatureType>> | undefined, o: DropMissingOptions): string[] {
  return features.filter((name) => {
    const t = types?.[name] ?? (frame.require(name).kind === 'numeric' ? 'numeric' : 'categorical');
    return (o.numeric && t === 'numeric') || (o.categorical && (t === 'categorical' || t === 'ordinal'));
  });
}

/** `rows` without those with a missing cell in any of `columns` (order kept). */
export function rowsWithoutMissing(frame: Frame, columns: readonly string[], rows: Int32Array): Int32Array {
  if (columns.length === 0) return rows;
  const cols = columns.map((c) => frame.require(c));
  const keep: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as number;
    if (!cols.some((c) => isMissingAt(c, r))) keep.push(r);
  }
  return keep.length === rows.length ? rows : Int32Array.from(keep);
}
