import type { CategoricalColumn, Column } from './frame.js';
import { parseDate } from './dates.js';

/** What a column is to the preprocessing (richer than the Frame's numeric / categorical storage). */
export type FeatureType = 'numeric' | 'categorical' | 'ordinal' | 'date' | 'text';
/** The types inference can reach on its own (ordinal needs the level order from the user). */
export type InferredType = 'numeric' | 'categorical' | 'date' | 'text';

/** A column is a date only when at least this share of its non-empty cells parse as dates. */
export const DATE_SHARE = 0.95;
/** Free text: the non-empty cells average at least this many characters ... */
export const TEXT_MIN_MEAN_LENGTH = 30;
/** ... at least this share of them are distinct, and at least this share hold a space (words, not codes). */
export const TEXT_MIN_DISTINCT_SHARE = 0.5;
export const TEXT_MIN_SPACED_SHARE = 0.5;

/** Row counts of each level of a categorical column (missing cells not counted). */
export function levelCounts(c: CategoricalColumn): Float64Array {
  const counts = new Float64Array(c.levels.length);
  for (const code of c.codes) if (code >= 0) counts[code]!++;
  return counts;
}

/**
 * The type of a column as setup would treat it without overrides: numeric columns stay numeric; a text
 * column is a date when >= 95 % of its non-empty cells parse (see dates.ts), free text when its cells are
 * long, mostly distinct and made of words, else categorical.
 */
export function inferFeatureType(c: Column): InferredType {
  if (c.kind === 'numeric') return 'numeric';
  return inferFromLevels(c.levels, levelCounts(c));
}

/** inferFeatureType of a categorical column given as its levels and their row counts (the streamed CSV profile). */
export function inferFromLevels(levels: readonly string[], counts: ArrayLike<number>): InferredType {
  let present = 0;
  let dated = 0;
  let chars = 0;
  let spaced = 0;
  let distinct = 0;
  levels.forEach((level, i) => {
    const n = counts[i] as number;
    if (n === 0) return;
    distinct++;
    present += n;
    if (parseDate(level) !== null) dated += n;
    chars += n * level.length;
    if (/\s/.test(level.trim())) spaced += n;
  });
  if (present === 0) return 'categorical';
  if (dated >= DATE_SHARE * present) return 'date';
  if (chars / present >= TEXT_MIN_MEAN_LENGTH && distinct >= TEXT_MIN_DISTINCT_SHARE * present && spaced >= TEXT_MIN_SPACED_SHARE * present)
    return 'text';
  return 'categorical';
}
