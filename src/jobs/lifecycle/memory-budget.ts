// The memory a run will need, estimated at submit from the data's profile, and the refusal of a run that would
// not fit the budget (RUN_MEMORY_LIMIT_MB). The engine keeps its data in typed arrays, which live outside the
// V8 heap that a worker's resourceLimits bound: without this check a run too big for the machine would take the
// whole server process down instead of failing alone.
import type { DatasetProfile, SetupOptions, TaskType } from '../../engine/index.js';
import { RunInputError } from '../errors.js';

/**
 * Live copies of the encoded matrix at the peak of a compare: the raw frame, the train part, one fold's
 * train and validation parts (two folds at once with two engine threads), the tree models' binned copy and
 * the model's own working arrays. On the 1,000,000-row bench file (9 encoded + 5 raw columns) the estimate is
 * 672 MB; measured there (bench/large-inprocess.ts, 10 folds, 2 threads): 673 MB of ArrayBuffers at the peak.
 */
export const MEMORY_FACTOR = 6;
const BYTES_PER_CELL = 8;
/** Columns made of a date: year, month, day, weekday, and hour / minute when times are present. */
const DATE_COLUMNS = 6;
const DEFAULT_MAX_ENCODING_OHE = 25;
const DEFAULT_TEXT_FEATURES = 100;

/** Width of the encoded matrix the setup makes of these columns (an upper estimate: dropped columns are not guessed). */
export function encodedWidth(profile: DatasetProfile, setup: SetupOptions, target: string, task: TaskType): number {
  const ignored = new Set(setup.ignoreFeatures ?? []);
  const numeric = new Set(setup.numericFeatures ?? []);
  const categorical = new Set([...(setup.categoricalFeatures ?? []), ...Object.keys(setup.ordinalFeatures ?? {})]);
  const dates = new Set(setup.dateFeatures ?? []);
  const texts = new Set(setup.textFeatures ?? []);
  const maxOhe = setup.maxEncodingOhe ?? DEFAULT_MAX_ENCODING_OHE;
  const classes = task === 'classification' ? Math.max(2, profile.columns.find((c) => c.name === target)?.distinct ?? 2) : 1;
  let width = 0;
  for (const c of profile.columns) {
    if (c.name === target || ignored.has(c.name)) continue;
    const kind = numeric.has(c.name) ? 'numeric' : categorical.has(c.name) ? 'categorical' : dates.has(c.name) ? 'date' : texts.has(c.name) ? 'text' : (c.inferredType ?? c.type);
    if (kind === 'numeric') width += 1;
    else if (kind === 'date') width += DATE_COLUMNS;
    else if (kind === 'text') width += DEFAULT_TEXT_FEATURES;
    else if (setup.encodingMethod === 'onehot' || c.distinct <= maxOhe) width += Math.max(1, c.distinct);
    else if (setup.encodingMethod === 'ordinal') width += 1;
    else width += classes > 2 ? classes : 1; // target encoding: one column per class for multiclass
  }
  if (setup.polynomialFeatures) {
    const d = setup.polynomialDegree ?? 2;
    // Monomials of degree 1..d in `width` variables: C(width + d, d) - 1.
    let terms = 1;
    for (let k = 1; k <= d; k++) terms = (terms * (width + k)) / k;
    width = Math.round(terms) - 1;
  }
  return Math.max(1, width);
}

/** Live copies of a testData holdout (setupParams.testData): its raw frame and its encoded matrix. */
export const TEST_DATA_FACTOR = 2;

/**
 * testRows: the rows of a separate holdout dataset (setupParams.testData), held beside the training data; the
 * training copies stay counted in full (the train part is then all of the run's rows, not 70 % of them).
 */
export function estimateRunBytes(profile: DatasetProfile, setup: SetupOptions, target: string, task: TaskType, testRows = 0): number {
  const cellsPerRow = encodedWidth(profile, setup, target, task) + profile.columns.length;
  return (profile.rows * MEMORY_FACTOR + testRows * TEST_DATA_FACTOR) * cellsPerRow * BYTES_PER_CELL;
}

/** Throws RunInputError (field "data") when the estimate exceeds limitBytes; a limit of 0 or less is no limit. */
export function checkMemoryBudget(
  profile: DatasetProfile,
  setup: SetupOptions,
  target: string,
  task: TaskType,
  limitBytes: number,
  testRows = 0,
): void {
  if (!(limitBytes > 0)) return;
  const need = estimateRunBytes(profile, setup, target, task, testRows);
  if (need <= limitBytes) return;
  const mb = (n: number): string => `${Math.ceil(n / 2 ** 20).toLocaleString('en')} MB`;
  const width = encodedWidth(profile, setup, target, task);
  const rows = `${profile.rows.toLocaleString('en')} rows${testRows > 0 ? ` + ${testRows.toLocaleString('en')} test rows` : ''}`;
  throw new RunInputError(
    `the run would need about ${mb(need)} of memory (${rows} × ${width} encoded columns), ` +
      `more than the run memory limit of ${mb(limitBytes)} (RUN_MEMORY_LIMIT_MB): use fewer rows or columns ` +
      '(ignoreFeatures, a lower maxEncodingOhe) or raise the limit',
    'data',
  );
}
